"""The integrated view's shared concepts, as the catalogues declare them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clausebook.core.catalogue import built_in, built_ins, parse_catalogue
from clausebook.core.crosswalk import concepts, sharing
from clausebook.core.manual import load
from clausebook.core.settings import Settings
from clausebook.render import reports
from clausebook.render.links import Links
from clausebook.render.pages import Renderer

AS_OF = dt.date(2026, 11, 24)
ISO = ["iso20000-1:2018", "iso9001:2015", "iso27001:2022"]

#: A contract's requirements that realise two of the shared concepts, one of them new.
ACME = """\
id: acme:2026
name: ACME schedule
title: Security requirements of the ACME contract
concepts:
  - id: internal-audit
    clause: "4"
  - id: supplier-review
    clause: "5"
    title: Supplier review
clauses:
  - number: "4"
    title: Yearly audit of the service
  - number: "5"
    title: Quarterly service review
"""


def test_the_built_in_standards_are_found_by_their_id() -> None:
    assert list(built_ins()) == sorted(ISO)  # file order: one more file, one more standard
    for standard in ISO:
        assert built_in(standard).id == standard


def test_the_three_standards_share_twenty_concepts_in_order() -> None:
    shared = concepts(built_in(s) for s in ISO)
    assert len(shared) == 20
    assert [c.clauses for c in shared[-2:]] == [
        {"iso20000-1:2018": "10.1", "iso9001:2015": "10.2", "iso27001:2022": "10.2"},
        {"iso20000-1:2018": "10.2", "iso9001:2015": "10.3", "iso27001:2022": "10.1"},
    ]
    audit = next(c for c in shared if c.id == "internal-audit")
    assert audit.clauses == dict.fromkeys(ISO, "9.2")
    assert (audit.label(), audit.label("zh")) == ("Internal audit", "内部审核")


def test_a_custom_standard_joins_the_integrated_view_without_code(tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text(ACME, "utf-8")
    (tmp_path / "procedures").mkdir()
    settings = Settings(sources=["procedures"], standards=["iso9001:2015", "acme.yaml"])
    manual = load(tmp_path, settings, as_of=AS_OF)
    assert not manual.problems
    shared = concepts(manual.catalogues.values())
    audit = next(c for c in shared if c.id == "internal-audit")
    assert audit.clauses == {"iso9001:2015": "9.2", "acme:2026": "4"}
    assert audit.title == "Internal audit"  # the first title given
    supplier = shared[-1]
    assert (supplier.title, supplier.clauses) == ("Supplier review", {"acme:2026": "5"})
    site = reports.plan(Renderer(manual, Links(markdown=True))).render()
    page = site.pages["reports/integrated.md"].blocks[0]
    assert "<th>ACME schedule</th>" in page and "Supplier review" in page
    assert 'href="acme-2026/clauses.md#c-4">4</a>' in page


def test_a_concept_without_a_title_takes_its_clause_title() -> None:
    text = "id: x\ntitle: X\nconcepts:\n  - {id: review, clause: '1'}\nclauses:\n"
    catalogue, problems = parse_catalogue(text + "  - {number: '1', title: Review}\n", "x.yaml")
    assert catalogue is not None and not problems
    assert [c.title for c in concepts([catalogue])] == ["Review"]


def test_a_standard_that_shares_nothing_has_no_column(tmp_path: Path) -> None:
    (tmp_path / "plain.yaml").write_text("id: p\ntitle: P\nclauses:\n  - number: '1'\n", "utf-8")
    (tmp_path / "procedures").mkdir()
    settings = Settings(sources=["procedures"], standards=["iso9001:2015", "plain.yaml"])
    manual = load(tmp_path, settings, as_of=AS_OF)
    assert [c.id for c in sharing(manual.catalogues.values())] == ["iso9001:2015"]
    site = reports.plan(Renderer(manual, Links(markdown=True))).render()
    assert "reports/integrated.md" not in site.pages  # one standard shares: nothing to line up


@pytest.mark.parametrize(
    ("concepts_yaml", "fragment", "field", "suggestion"),
    [
        ("  - {id: audit, clause: '9.3'}\n", "names clause 9.3", "concepts.0.clause", "9.2"),
        (
            "  - {id: audit, clause: '9.2'}\n  - {id: audit, clause: '9.2'}\n",
            "listed twice",
            "concepts.1.id",
            None,
        ),
        ("  - {id: Audit Trail, clause: '9.2'}\n", "id", "concepts.0.id", None),
    ],
)
def test_a_concept_must_name_a_clause_once(
    concepts_yaml: str, fragment: str, field: str, suggestion: str | None
) -> None:
    text = f"id: x\ntitle: X\nconcepts:\n{concepts_yaml}clauses:\n  - number: '9.2'\n"
    catalogue, problems = parse_catalogue(text, "x.yaml")
    assert catalogue is None
    (problem,) = problems
    assert problem.code == "CB502" and fragment in problem.message
    assert (problem.field, problem.suggestion) == (field, suggestion)
    assert problem.line is not None and problem.line >= 4
