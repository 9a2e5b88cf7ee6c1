"""Applicability rules per standard: forbidden exclusions, the Statement of Applicability
as a controlled document, "operated by another party", and custom catalogues' own rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from clausebook.cli.commands import main
from clausebook.core.catalogue import built_in
from clausebook.core.coverage import State
from clausebook.core.manual import coverage_of, load
from clausebook.core.metadata import parse_date
from clausebook.core.settings import AS_OF_ENV, Settings
from sitekit import AS_OF, document, write_site

WHEN = parse_date(AS_OF)


def with_fields(text: str, extra: str) -> str:
    """A document's source with more front-matter lines (``extra``, YAML) before its end."""
    return text.replace("\n---\n", "\n" + extra.strip("\n") + "\n---\n", 1)


def check(config: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        main, ["check", "-f", str(config), "--format", "json"], env={AS_OF_ENV: None}
    )
    return result.exit_code, json.loads(result.output)


def codes(payload: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [p for p in payload["problems"] if p["code"] == code]


FORBIDDEN = [
    ("iso20000-1:2018", "8.4.1", "Exclusion of any of the requirements in Clauses 4 to 10"),
    ("iso27001:2022", "6.1.3", "No requirement of clauses 4 to 10 may be excluded"),
    ("iso20000-1:2018", "4.1", "operated by another party"),
    ("iso27001:2022", "A.5", None),  # a theme is excludable: checked as allowed below
]


@pytest.mark.parametrize(
    ("standard", "clause"),
    [("iso20000-1:2018", "8.4.1"), ("iso27001:2022", "6.1.3"), ("iso20000-1:2018", "4.1")],
)
def test_a_forbidden_exclusion_fails_check_naming_the_clause_and_quoting_the_rule(
    tmp_path: Path, standard: str, clause: str
) -> None:
    config = write_site(
        tmp_path,
        {"procedures/pro-01.md": document("PRO-01", "Procedure", clauses={standard: [clause]})},
        options={"standards": [standard], "exclusions": {standard: {clause: "We do not"}}},
    )
    status, payload = check(config)
    assert status == 1
    [problem] = codes(payload, "CB430")
    assert problem["severity"] == "error" and clause in problem["message"]
    rule = built_in(standard).applicability.rule
    assert rule in problem["message"]  # the rule, quoted
    assert "operated_by" in problem["hint"]
    assert problem["field"] == f"plugins.clausebook.exclusions.{standard}.{clause}"
    # The old form still works, with a warning pointing at the Statement of Applicability.
    [moved] = codes(payload, "CB530")
    assert "Statement of Applicability" in moved["message"]


def test_a_forbidden_exclusion_is_never_shown_as_excluded_nor_as_full_coverage(
    tmp_path: Path,
) -> None:
    catalogue = built_in("iso20000-1:2018")
    everything = [c.number for c in catalogue.assessable() if c.number != "8.4.1"]
    write_site(
        tmp_path,
        {"procedures/pro-01.md": document("PRO-01", "All but one", clauses=everything)},
        options={"exclusions": {"iso20000-1:2018": {"8.4.1": "Not our business"}}},
    )
    manual = load(
        tmp_path,
        Settings(
            sources=["manual", "procedures"],
            exclusions={"iso20000-1:2018": {"8.4.1": "Not our business"}},
        ),
        as_of=WHEN,
    )
    coverage = coverage_of(manual, "iso20000-1:2018")
    row = coverage.by_number["8.4.1"]
    assert row.state is State.UNCOVERED and row.justification is None
    assert coverage.percent < 100
    assert "8.4.1" in manual.decisions["iso20000-1:2018"].refused


def test_iso9001_not_applicable_outside_clauses_7_and_8_is_a_warning(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {"procedures/pro-01.md": document("PRO-01", "Procedure", clauses=["8.1"])},
        options={
            "standards": ["iso9001:2015"],
            "exclusions": {
                "iso9001:2015": {"4.1": "We have no context", "8.3": "No design and development"}
            },
        },
    )
    status, payload = check(config)
    [warning] = codes(payload, "CB431")
    assert warning["severity"] == "warning" and "4.1" in warning["message"]
    assert not codes(payload, "CB430") and status == 0  # warnings alone do not fail check
    manual = load(
        tmp_path,
        Settings(
            sources=["manual", "procedures"],
            standards=["iso9001:2015"],
            exclusions={"iso9001:2015": {"4.1": "x", "8.3": "No design"}},
        ),
        as_of=WHEN,
    )
    coverage = coverage_of(manual, "iso9001:2015")
    assert coverage.by_number["8.3"].state is State.EXCLUDED
    assert coverage.by_number["4.1"].state is State.EXCLUDED  # allowed, with the warning


def soa_document(entries: str, *, status: str = "effective", doc_id: str = "SOA-01") -> str:
    return with_fields(
        document(doc_id, "Statement of Applicability", type="soa", status=status), entries
    )


def test_the_statement_of_applicability_declares_exclusions_as_a_controlled_document(
    tmp_path: Path,
) -> None:
    soa = soa_document(
        """
applicability:
  iso27001:2022:
    A.7.4:
      applicable: no
      justification: No premises of our own; the landlord monitors the building
    A.5.1:
      justification: Required by the risk treatment plan
      status: implemented
      owner: CISO
    6.1.3:
      applicable: no
      justification: We would rather not
"""
    )
    config = write_site(
        tmp_path,
        {
            "manual/soa-01.md": soa,
            "procedures/pro-01.md": document("PRO-01", "Policy", clauses=["A.5.1"]),
        },
        options={"standards": ["iso27001:2022"]},
    )
    status, payload = check(config)
    assert status == 1
    [forbidden] = codes(payload, "CB430")
    assert forbidden["file"] == "manual/soa-01.md" and "6.1.3" in forbidden["message"]
    assert forbidden["line"] is not None
    assert not codes(payload, "CB530")  # no exclusions in mkdocs.yml, no warning
    manual = load(
        tmp_path,
        Settings(sources=["manual", "procedures"], standards=["iso27001:2022"]),
        as_of=WHEN,
    )
    decisions = manual.decisions["iso27001:2022"]
    assert decisions.soa is not None and decisions.soa.id == "SOA-01"
    assert decisions.excluded == {
        "A.7.4": "No premises of our own; the landlord monitors the building"
    }
    coverage = coverage_of(manual, "iso27001:2022")
    assert coverage.by_number["A.7.4"].state is State.EXCLUDED
    assert coverage.by_number["6.1.3"].state is State.UNCOVERED


def test_a_draft_statement_is_checked_but_decides_nothing(tmp_path: Path) -> None:
    soa = soa_document(
        "applicability:\n  iso27001:2022:\n    A.7.4:\n      applicable: no\n", status="draft"
    )
    write_site(tmp_path, {"manual/soa-01.md": soa}, options={"standards": ["iso27001:2022"]})
    manual = load(
        tmp_path,
        Settings(sources=["manual", "procedures"], standards=["iso27001:2022"]),
        as_of=WHEN,
    )
    [problem] = [p for p in manual.problems if p.code == "CB331"]
    assert "A.7.4" in problem.message and problem.file == "manual/soa-01.md"
    assert manual.decisions["iso27001:2022"].excluded == {}


def test_applicability_belongs_in_a_statement_and_one_statement_per_standard(
    tmp_path: Path,
) -> None:
    entries = "applicability:\n  iso27001:2022:\n    A.7.4:\n      justification: Needed\n"
    write_site(
        tmp_path,
        {
            "manual/soa-01.md": soa_document(entries),
            "manual/soa-02.md": soa_document(entries, doc_id="SOA-02"),
            "procedures/pro-01.md": with_fields(document("PRO-01", "Procedure"), entries),
        },
        options={"standards": ["iso27001:2022"]},
    )
    manual = load(
        tmp_path,
        Settings(sources=["manual", "procedures"], standards=["iso27001:2022"]),
        as_of=WHEN,
    )
    found = {p.code: p for p in manual.problems}
    assert found["CB330"].file == "procedures/pro-01.md"
    assert found["CB433"].file == "manual/soa-02.md" and "SOA-01" in found["CB433"].message


def test_operated_by_another_party_is_a_state_of_its_own(tmp_path: Path) -> None:
    soa = soa_document(
        """
applicability:
  iso20000-1:2018:
    8.6.1:
      operated_by: Acme Service Desk Ltd
      controlled_by: CON-ACME-01
    5.2:
      operated_by: Acme Consulting
      controlled_by: CON-ACME-01
    8.6.2:
      operated_by: Acme Service Desk Ltd
"""
    )
    contract = document("CON-ACME-01", "Contract with Acme", type="external", clauses=["8.3.4.1"])
    write_site(tmp_path, {"manual/soa-01.md": soa, "manual/con-acme-01.md": contract})
    manual = load(tmp_path, Settings(sources=["manual", "procedures"]), as_of=WHEN)
    messages = [p.message for p in manual.problems if p.code == "CB432"]
    assert any("5.2 cannot be operated by another party" in m for m in messages)
    assert any("8.6.2" in m and "controlled_by" in m for m in messages)
    coverage = coverage_of(manual, "iso20000-1:2018")
    row = coverage.by_number["8.6.1"]
    assert row.state is State.OTHER_PARTY
    assert row.other_party is not None and row.other_party.operated_by == "Acme Service Desk Ltd"
    assert coverage.by_number["8.6.2"].state is State.UNCOVERED


def test_a_custom_catalogue_declares_its_own_rule(tmp_path: Path) -> None:
    catalogue = """
id: acme-controls
title: ACME control framework
applicability:
  rule: Core controls C1 are never excluded; others may be, with a reason.
  mandatory: [C1]
  sources: [internal framework charter, section 3]
clauses:
  - {number: C1, title: Core}
  - {number: C1.1, title: Core one, parent: C1}
  - {number: C2, title: Optional}
"""
    config = write_site(
        tmp_path,
        {
            "procedures/pro-01.md": document(
                "PRO-01", "Procedure", clauses={"acme-controls": ["C2"]}
            )
        },
        options={
            "standards": ["catalogues/acme.yaml"],
            "exclusions": {"acme-controls": {"C1.1": "No", "C2": "Not used"}},
        },
        files={"catalogues/acme.yaml": catalogue},
    )
    status, payload = check(config)
    assert status == 1
    [problem] = codes(payload, "CB430")
    assert (
        "C1.1" in problem["message"] and "Core controls C1 are never excluded" in problem["message"]
    )
    bad = catalogue.replace("mandatory: [C1]", "mandatory: [C9]")
    (tmp_path / "catalogues" / "acme.yaml").write_text(bad, "utf-8")
    status, payload = check(config)
    assert any("C9" in p["message"] for p in codes(payload, "CB502"))


def test_built_in_rules_name_their_public_sources() -> None:
    for standard in ("iso20000-1:2018", "iso9001:2015", "iso27001:2022"):
        rule = built_in(standard).applicability
        assert len(rule.sources) >= 2, standard
        assert all("http" in source for source in rule.sources)
        assert rule.rule_zh
    assert built_in("iso27001:2022").applicability.soa == ("A.5", "A.6", "A.7", "A.8")


def test_a_withheld_controlling_document_is_not_named(tmp_path: Path) -> None:
    soa = soa_document(
        "applicability:\n  iso20000-1:2018:\n    8.6.1:\n      operated_by: Acme\n"
        "      controlled_by: CON-ACME-01\n"
    )
    contract = document(
        "CON-ACME-01", "Secret contract", type="external", classification="confidential"
    )
    write_site(tmp_path, {"manual/soa-01.md": soa, "manual/con-acme-01.md": contract})
    manual = load(tmp_path, Settings(sources=["manual", "procedures"]), as_of=WHEN)
    row = coverage_of(manual, "iso20000-1:2018").by_number["8.6.1"]
    assert row.state is State.AT_RISK
    assert [(r.kind, r.document) for r in row.reasons] == [("control-absent", "")]
