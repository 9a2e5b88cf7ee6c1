"""The document register (master list) and the matrix as rows: the data behind exports.

Rows are plain dicts of text so that CSV, XLSX, JSON and the generated pages all show the
same values; the exports are read back in the tests and compared with the JSON.
"""

from __future__ import annotations

from typing import Any

from clausebook.core.coverage import Coverage
from clausebook.core.document import Document
from clausebook.core.manual import Manual
from clausebook.core.metadata import DocType
from clausebook.core.natural import natural_key

REGISTER_COLUMNS = [
    "id",
    "title",
    "type",
    "revision",
    "status",
    "owner",
    "approver",
    "effective",
    "reviewed",
    "next_review",
    "classification",
    "clauses",
    "file",
]

MATRIX_COLUMNS = [
    "standard",
    "clause",
    "title",
    "assessable",
    "state",
    "documents",
    "sections",
    "justification",  # of an exclusion: the matrix doubles as a statement of applicability
]

TYPE_ORDER = list(DocType)


def clauses_text(document: Document) -> str:
    """ "iso20000-1:2018 8.5.1.1; iso20000-1:2018 8.5.1.3#emergency-changes"."""
    return "; ".join(
        f"{m.standard} {m.clause}{'#' + m.section if m.section else ''}" for m in document.mappings
    )


def register_rows(manual: Manual) -> list[dict[str, str]]:
    """One row per document in the edition, by type then id."""
    reviews = {r.document.id: r for r in manual.reviews()}
    rows = []
    documents = sorted(
        manual.documents,
        key=lambda d: (TYPE_ORDER.index(d.meta.type), natural_key(d.id)),
    )
    for document in documents:
        meta = document.meta
        review = reviews.get(meta.id)
        rows.append(
            {
                "id": meta.id,
                "title": meta.title,
                "type": meta.type.value,
                "revision": meta.revision,
                "status": meta.status.value,
                "owner": meta.owner,
                "approver": meta.approver or "",
                "effective": _date(meta.effective),
                "reviewed": _date(meta.last_review),
                "next_review": _date(review.next) if review else "",
                "classification": meta.classification.value,
                "clauses": clauses_text(document),
                "file": document.src_uri,
            }
        )
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


def _date(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]
