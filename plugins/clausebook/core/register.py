"""The document register (master list) and the matrix as rows: the data behind exports.

Rows are plain dicts of text so that CSV, XLSX, JSON and the generated pages all show the
same values; the exports are read back in the tests and compared with the JSON. The
register's columns are one table, :data:`REGISTER`: a column added there appears in the
page, the CSV, the JSON, the XLSX and (if wanted) the terminal table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from clausebook.core.approvals import approval_of
from clausebook.core.coverage import Coverage, why
from clausebook.core.document import Document
from clausebook.core.manual import Manual
from clausebook.core.schedule import Review
from clausebook.core.settings import Settings

Cell = Literal["chip", "text", "type", "status"]


@dataclass(frozen=True)
class Column:
    """One column of the register: the one place that says what the register holds.

    ``key`` names the field in the CSV, JSON and XLSX, and the label of the column's head on
    the page and in the terminal; ``value`` reads it from a document and its review.
    ``cell`` says how the register page shows it (None: exports only): the document's chip,
    the text, the label of its type, or a status badge. ``table`` puts it in the terminal
    table of ``clausebook register``, which has no room for every column.
    """

    key: str
    value: Callable[[Document, Review | None], str]
    cell: Cell | None = "text"
    table: bool = False


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def _commit(document: Document, name: str) -> str:
    commit = document.evidence.commit if document.evidence else None
    return str(getattr(commit, name)) if commit else ""


REGISTER: tuple[Column, ...] = (
    Column("id", lambda d, r: d.id, cell="chip", table=True),
    Column("title", lambda d, r: d.meta.title, table=True),
    Column("type", lambda d, r: d.meta.type, cell="type"),
    Column("revision", lambda d, r: d.meta.revision, table=True),
    Column("status", lambda d, r: d.meta.status.value, cell="status", table=True),
    Column("owner", lambda d, r: d.meta.owner, table=True),
    Column("approver", lambda d, r: approval_of(d.meta).by or "", cell=None),
    Column("approved", lambda d, r: _date(approval_of(d.meta).on)),
    # The commit that made the revision effective (``approvals: git``): exports only.
    Column("commit", lambda d, r: _commit(d, "hash"), cell=None),
    Column("commit_author", lambda d, r: _commit(d, "author"), cell=None),
    Column("commit_date", lambda d, r: _commit(d, "date"), cell=None),
    Column("commit_missing", lambda d, r: d.evidence.missing if d.evidence else "", cell=None),
    Column("effective", lambda d, r: _date(d.meta.effective), table=True),
    Column("reviewed", lambda d, r: _date(d.meta.last_review)),
    Column("next_review", lambda d, r: _date(r.next) if r else "", table=True),
    Column("classification", lambda d, r: d.meta.classification, cell=None),
    Column("clauses", lambda d, r: clauses_text(d), cell=None),
    Column("file", lambda d, r: d.src_uri, cell=None),
)
#: The register's fields, in the order of the CSV, JSON and XLSX.
REGISTER_COLUMNS = [column.key for column in REGISTER]
#: A group's register says where each document is in force and what a local variant replaces.
UNIT_COLUMNS: tuple[Column, ...] = (
    Column("unit", lambda d, r: unit_text(d), table=True),
    Column("variant_of", lambda d, r: d.meta.variant_of or "", cell=None),
)


def register_columns(settings: Settings) -> tuple[Column, ...]:
    """The register's columns for a manual: a group's (with ``units``) adds its units."""
    return REGISTER + UNIT_COLUMNS if settings.units else REGISTER


def unit_text(document: Document) -> str:
    """Whose document it is: a unit's code, "group", or the group's for some units only."""
    if document.unit:
        return document.unit
    return "group: " + ", ".join(document.meta.units) if document.meta.units else "group"


MATRIX_COLUMNS = [
    "standard",
    "clause",
    "title",
    "assessable",
    "state",
    "documents",
    "sections",
    "justification",  # of an exclusion: the matrix doubles as a statement of applicability
    "why",  # via a parent clause, operated by another party, why at risk
]


def clauses_text(document: Document) -> str:
    """ "iso20000-1:2018 8.5.1.1; iso20000-1:2018 8.5.1.3#emergency-changes"."""
    return "; ".join(
        f"{m.standard} {m.clause}{'#' + m.section if m.section else ''}" for m in document.mappings
    )


def register_rows(manual: Manual) -> list[dict[str, str]]:
    """One row per document in the edition, by type then id."""
    reviews = {r.document.id: r for r in manual.reviews()}
    columns = register_columns(manual.settings)
    rows = []
    for document in manual.by_type(manual.documents):
        review = reviews.get(document.id)
        rows.append({column.key: column.value(document, review) for column in columns})
    return rows


def matrix_rows(coverage: Coverage) -> list[dict[str, str]]:
    """One row per clause: its state and the documents (ids) addressing it."""
    rows = []
    for row in coverage.clauses:
        rows.append(
            {
                "standard": coverage.catalogue.id,
                "clause": row.clause.number,
                "title": row.clause.title or "",
                "assessable": "yes" if row.clause.assessable else "no",
                "state": row.state.value,
                "documents": " ".join(a.document.id for a in row.addresses),
                "sections": " ".join(
                    f"{a.document.id}#{a.mapping.section}"
                    for a in row.addresses
                    if a.mapping.section
                ),
                "justification": row.justification or "",
                "why": why(row),
            }
        )
    return rows


def matrix_document(coverage: Coverage) -> dict[str, Any]:
    """The matrix as JSON: summary figures and the rows (same values as the CSV)."""
    counts = coverage.counts
    return {
        "standard": coverage.catalogue.id,
        "name": coverage.catalogue.name,
        "percent_covered": round(coverage.percent, 1),
        "counts": {state.value: counts[state] for state in sorted(counts, key=str)},
        "clauses": matrix_rows(coverage),
    }
