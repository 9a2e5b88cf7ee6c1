"""A group and its units: what is in force for each unit, local variants, per-unit coverage,
and the problems of unit data (core, no MkDocs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clausebook.core.coverage import State
from clausebook.core.manual import Manual, coverage_of, load, unit_coverage_of
from clausebook.core.settings import Settings
from clausebook.core.units import for_unit
from sitekit import document

AS_OF = dt.date(2026, 11, 24)
UNITS = [
    {"code": "SH", "name": "Lotus Shanghai", "sources": ["units/sh"]},
    {"code": "LDN", "name": "Northwind London", "sources": ["units/ldn"]},
]


def extra(text: str, **fields: object) -> str:
    """A document source with more front matter fields (units, variant_of)."""
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return text.replace("---\n", "---\n" + lines, 1)


def group(root: Path, files: dict[str, str], **options: object) -> Manual:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    for folder in ("procedures", "units/sh", "units/ldn"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    settings = Settings.model_validate({"sources": ["procedures"], "units": UNITS, **options})
    return load(root, settings, as_of=AS_OF)


def codes(manual: Manual, unit: str) -> list[str]:
    return [d.id for d in manual.units[unit].documents]


def problems(manual: Manual, code: str) -> list[str]:
    return [p.render() for p in manual.problems if p.code == code]


BASE = {
    "procedures/chg.md": document("PRO-CHG-01", "Change management", clauses=["8.5.1.1"]),
    "procedures/inc.md": extra(
        document("PRO-INC-01", "Incident management", clauses=["8.6.1"]), units="[LDN]"
    ),
    "units/sh/chg.md": extra(
        document("PRO-CHG-01-SH", "变更管理程序", clauses=["8.5.1.1"], effective="2026-07-01"),
        variant_of="PRO-CHG-01",
    ),
    "units/ldn/bcp.md": document("PRO-BCP-LDN", "London continuity", clauses=["8.7.2"]),
}


def test_group_documents_apply_to_every_unit_unless_they_name_some(tmp_path: Path) -> None:
    manual = group(tmp_path, BASE)
    assert manual.problems == []
    assert codes(manual, "SH") == ["PRO-CHG-01-SH"]
    assert codes(manual, "LDN") == ["PRO-BCP-LDN", "PRO-CHG-01", "PRO-INC-01"]
    assert manual.units["SH"].variants["PRO-CHG-01"].id == "PRO-CHG-01-SH"
    assert {d.id: d.unit for d in manual.documents} == {
        "PRO-BCP-LDN": "LDN",
        "PRO-CHG-01": None,
        "PRO-CHG-01-SH": "SH",
        "PRO-INC-01": None,
    }


def test_coverage_per_unit_counts_the_variant_and_the_unit_documents(tmp_path: Path) -> None:
    manual = group(tmp_path, BASE)
    standard = "iso20000-1:2018"
    sh, ldn = (unit_coverage_of(manual, code, standard).by_number for code in ("SH", "LDN"))
    assert [a.document.id for a in sh["8.5.1.1"].addresses] == ["PRO-CHG-01-SH"]
    assert sh["8.6.1"].state is State.UNCOVERED  # PRO-INC-01 applies to LDN only
    assert ldn["8.6.1"].state is State.COVERED
    assert ldn["8.7.2"].state is State.COVERED
    # The group's own coverage counts the group's documents, not a unit's local procedure.
    assert coverage_of(manual, standard).by_number["8.7.2"].state is State.UNCOVERED


def test_a_units_own_edition_shows_only_what_is_in_force_for_it(tmp_path: Path) -> None:
    manual = group(tmp_path, BASE, unit="sh")
    assert manual.settings.unit == "SH"
    assert [d.id for d in manual.documents] == ["PRO-CHG-01-SH"]
    assert list(manual.units) == ["SH"]
    standard = "iso20000-1:2018"
    assert coverage_of(manual, standard).by_number["8.5.1.1"].state is State.COVERED


def test_unit_exclusions_add_to_the_groups(tmp_path: Path) -> None:
    own = {
        "iso27001:2022": {"A.7.4": "Offices in a managed business park"},
        # Forbidden by ISO/IEC 20000-1 (clauses 4-10): refused for the unit too.
        "iso20000-1:2018": {"8.7.2": "Continuity run by the group"},
    }
    units = [{**UNITS[0], "exclusions": own}, UNITS[1]]
    manual = group(tmp_path, BASE, units=units, standards=["iso20000-1:2018", "iso27001:2022"])
    controls = "iso27001:2022"
    assert unit_coverage_of(manual, "SH", controls).by_number["A.7.4"].state is State.EXCLUDED
    assert unit_coverage_of(manual, "LDN", controls).by_number["A.7.4"].state is State.UNCOVERED
    standard = "iso20000-1:2018"
    assert unit_coverage_of(manual, "SH", standard).by_number["8.7.2"].state is not State.EXCLUDED
    [refused] = [p for p in manual.problems if p.code == "CB430"]
    assert refused.field == "plugins.clausebook.units.0.exclusions.iso20000-1:2018.8.7.2"


def test_a_draft_variant_leaves_the_group_document_in_force(tmp_path: Path) -> None:
    files = dict(BASE)
    files["units/sh/chg.md"] = extra(
        document("PRO-CHG-01-SH", "变更管理程序", status="draft"), variant_of="PRO-CHG-01"
    )
    manual = group(tmp_path, files)
    assert codes(manual, "SH") == ["PRO-CHG-01"]


def test_unknown_units_and_variants_are_problems_with_suggestions(tmp_path: Path) -> None:
    files = {
        "procedures/chg.md": extra(document("PRO-CHG-01", "Change"), units="[SHA, LDN]"),
        "procedures/bad.md": extra(document("PRO-BAD-01", "Bad"), variant_of="PRO-CHG-01"),
        "units/sh/a.md": extra(document("PRO-A-SH", "A"), variant_of="PRO-CHG-1"),
        "units/sh/b.md": extra(document("PRO-B-SH", "B"), variant_of="PRO-CHG-01"),
        "units/sh/c.md": extra(document("PRO-C-SH", "C"), variant_of="PRO-CHG-01"),
        "units/ldn/d.md": extra(document("PRO-D-LDN", "D"), variant_of="PRO-B-SH"),
        "units/ldn/e.md": extra(document("PRO-E-LDN", "E"), units="[LDN]"),
    }
    manual = group(tmp_path, files)
    assert problems(manual, "CB490") == [
        "procedures/chg.md:2: error CB490: units: 'SHA' is not a unit (units: SH, LDN) "
        "(did you mean SH?)"
    ]
    assert problems(manual, "CB491") == [
        "units/sh/a.md:2: error CB491: variant_of: 'PRO-CHG-1' names no group document "
        "(did you mean PRO-CHG-01?)"
    ]
    assert problems(manual, "CB492") == [
        "units/sh/c.md:2: error CB492: variant_of: unit SH already replaces PRO-CHG-01 with "
        "PRO-B-SH (units/sh/b.md)"
    ]
    misplaced = problems(manual, "CB494")
    assert len(misplaced) == 3
    assert any("procedures/bad.md:2" in p and "variant_of" in p for p in misplaced)
    assert any("units/ldn/d.md:2" in p and "unit SH" in p for p in misplaced)
    assert any("units/ldn/e.md:2" in p and "units" in p for p in misplaced)
    # The rest of the manual is intact.
    assert len(manual.documents) == 7


def test_a_variant_behind_its_group_document_is_a_warning_naming_both(tmp_path: Path) -> None:
    files = dict(BASE)
    files["procedures/chg.md"] = document(
        "PRO-CHG-01", "Change management", revision="3.0", effective="2026-09-01"
    )
    manual = group(tmp_path, files)
    assert problems(manual, "CB493") == [
        "units/sh/chg.md:2: warning CB493: variant_of: PRO-CHG-01 is at revision 3.0 "
        "(effective 2026-09-01), newer than this variant's revision 1.0 (approved 2026-07-01) "
        "for unit SH"
    ]


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        (
            [UNITS[0], {**UNITS[1], "code": "sh"}],
            "mkdocs.yml: error CB590: plugins.clausebook.units.1.code: unit code sh is "
            "already used by Lotus Shanghai",
        ),
        (
            [UNITS[0], {**UNITS[1], "sources": ["units/sh"]}],
            "mkdocs.yml: error CB590: plugins.clausebook.units.1.sources: source folder "
            "'units/sh' of unit LDN overlaps 'units/sh' of unit SH: each folder belongs to one "
            "unit (or the group)",
        ),
        (
            [{**UNITS[0], "sources": ["procedures/sh"]}],
            "mkdocs.yml: error CB590: plugins.clausebook.units.0.sources: source folder "
            "'procedures/sh' of unit SH overlaps 'procedures' of the group: each folder belongs "
            "to one unit (or the group)",
        ),
        (
            [{**UNITS[0], "standards": ["iso9001:2015"]}],
            "mkdocs.yml: error CB590: plugins.clausebook.units.0.standards.0: unit SH names "
            "standard 'iso9001:2015', which is not one of the group's 'standards'",
        ),
    ],
)
def test_units_that_cannot_be_told_apart_are_configuration_problems(
    tmp_path: Path, units: list[dict[str, object]], expected: str
) -> None:
    manual = group(tmp_path, {}, units=units)
    assert expected in problems(manual, "CB590")


def test_an_unknown_unit_for_the_edition_is_named_with_the_closest(tmp_path: Path) -> None:
    manual = group(tmp_path, BASE, unit="LON")
    assert problems(manual, "CB590") == [
        "mkdocs.yml: error CB590: plugins.clausebook.unit: this edition is for unit 'LON', "
        "which is not declared under 'units' (did you mean LDN?)"
    ]
    with pytest.raises(ValueError, match="did you mean LDN"):
        for_unit(manual.settings, "LON")


def test_a_units_edition_follows_the_units_own_certificates(tmp_path: Path) -> None:
    group_certificate = {"certificate": "G-1", "body": "Body", "issued": "2024-06-01"}
    unit_certificate = {"certificate": "SH-9", "body": "CQC", "issued": "2025-03-01"}
    units = [{**UNITS[0], "certification": {"iso20000-1:2018": unit_certificate}}, UNITS[1]]
    options = {"units": units, "certification": {"iso20000-1:2018": group_certificate}}
    shanghai = group(tmp_path, BASE, unit="SH", **options)
    assert shanghai.settings.certification["iso20000-1:2018"].certificate == "SH-9"
    london = group(tmp_path, BASE, unit="LDN", **options)
    assert london.settings.certification["iso20000-1:2018"].certificate == "G-1"
