"""Lifecycle rules within one document (core/rules.py)."""

from __future__ import annotations

import pytest

from clausebook.core.frontmatter import split
from clausebook.core.metadata import validate
from clausebook.core.rules import lifecycle_problems

BASE = {
    "id": "PRO-A-01",
    "title": "A",
    "type": "procedure",
    "owner": "Owner",
    "approver": "Approver",
    "revision": '"2"',
    "status": "effective",
    "approved": "2026-03-01",
    "effective": "2026-03-01",
}
HISTORY = """history:
  - revision: "2"
    date: 2026-03-01
    summary: Second
  - revision: "1"
    date: 2025-03-01
    summary: First
"""


def problems_of(history: str = HISTORY, **fields: str | None) -> list[tuple[str, str | None]]:
    """(code, field) of the lifecycle problems of a document with ``fields`` changed."""
    values = {**BASE, **fields}
    text = "".join(f"{k}: {v}\n" for k, v in values.items() if v is not None)
    matter, found = split(f"---\n{text}{history}---\nBody.\n", "a.md")
    assert matter is not None and not found
    meta, found = validate(matter, "a.md")
    assert meta is not None, [p.render() for p in found]
    return [(p.code, p.field) for p in lifecycle_problems(meta, matter.line_of, "a.md")]


def test_a_document_in_good_order_has_no_problem() -> None:
    assert problems_of() == []


@pytest.mark.parametrize("status", ["approved", "effective"])
def test_approval_needs_an_approver(status: str) -> None:
    assert ("CB301", "approver") in problems_of(status=status, approver=None)


@pytest.mark.parametrize("status", ["approved", "effective", "obsolete"])
def test_an_approved_document_needs_an_effective_date(status: str) -> None:
    assert ("CB302", "effective") in problems_of(status=status, effective=None)


def test_dates_in_order() -> None:
    assert problems_of(approved="2026-04-01") == [("CB360", "approved")]
    assert problems_of(reviewed="2026-02-01") == [("CB306", "reviewed")]


def test_the_revision_needs_its_history_entry_first() -> None:
    assert problems_of(revision='"3"') == [("CB303", "history")]
    assert problems_of(revision='"1"') == [("CB304", "history.0.revision")]
    assert problems_of(history="") == [("CB303", "revision")]
    assert problems_of(status="draft", effective=None, revision='"3"') == []  # drafts may


def test_history_entries_once_and_newest_first() -> None:
    twice = HISTORY.replace('revision: "1"', 'revision: "2"')
    assert ("CB305", "history.1.revision") in problems_of(history=twice)
    unordered = HISTORY.replace("date: 2025-03-01", "date: 2026-06-01")
    assert problems_of(history=unordered) == [("CB304", "history.1.date")]


def test_problems_name_the_line_of_the_field() -> None:
    matter, _ = split("---\n" + "".join(f"{k}: {v}\n" for k, v in BASE.items()) + "---\n", "a.md")
    assert matter is not None
    meta, _ = validate(matter, "a.md")
    assert meta is not None
    (problem,) = lifecycle_problems(meta, matter.line_of, "a.md")
    assert (problem.code, problem.line) == ("CB303", 7)  # revision: line 7
