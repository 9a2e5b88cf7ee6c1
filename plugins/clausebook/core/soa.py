"""The Statement of Applicability as rows: every control (or clause) of a standard, whether
it applies and why, how far it is implemented, the documents addressing it and its owner.

The rows join what the organisation declared (:class:`~clausebook.core.applicability.
Decisions`, from its Statement of Applicability) with what the documents show (coverage):
the documents come from the mappings, so the Statement and the matrix never disagree. Both
are passed in, so a unit's Statement is made the same way as the group's.
"""

from __future__ import annotations

from typing import Any

from clausebook.core.applicability import Decisions, within
from clausebook.core.coverage import ClauseCoverage, Coverage, State

SOA_COLUMNS = [
    "standard",
    "clause",
    "title",
    "applicable",
    "justification",
    "status",
    "documents",
    "owner",
    "operated_by",
    "controlled_by",
    "state",
]


def listed(coverage: Coverage) -> list[ClauseCoverage]:
    """The rows a Statement lists: the catalogue's controls (27001 Annex A) or, for a
    standard without such controls, every assessable clause."""
    roots = coverage.catalogue.applicability.soa
    rows = coverage.assessable()
    return (
        [r for r in rows if within(coverage.catalogue, r.clause.number, roots)] if roots else rows
    )


def needs_soa(coverage: Coverage, decisions: Decisions) -> bool:
    """Whether the standard gets a Statement of Applicability page: its catalogue lists
    controls one by one, or the organisation declared something for it."""
    return bool(coverage.catalogue.applicability.soa or decisions.declared or decisions.soa)


def soa_rows(coverage: Coverage, decisions: Decisions) -> list[dict[str, str]]:
    """One row per listed control, as text (the CSV, XLSX and JSON show the same values)."""
    out = []
    for row in listed(coverage):
        number = row.clause.number
        declared = decisions.declared.get(number)
        excluded = row.state is State.EXCLUDED
        status = declared.status.value if declared and declared.status else ""
        out.append(
            {
                "standard": coverage.catalogue.id,
                "clause": number,
                "title": row.clause.title or "",
                "applicable": "no" if excluded else "yes",
                "justification": (declared.justification if declared else None)
                or (row.justification or ""),
                "status": status or ("not-applicable" if excluded else ""),
                "documents": " ".join(a.document.id for a in row.addresses),
                "owner": (declared.owner if declared else None) or "",
                "operated_by": (declared.operated_by if declared else None) or "",
                "controlled_by": (declared.controlled_by if declared else None) or "",
                "state": row.state.value,
            }
        )
    return out


def soa_document(coverage: Coverage, decisions: Decisions) -> dict[str, Any]:
    """The Statement as JSON: which controlled document it is, and the rows."""
    soa = decisions.soa
    rows = soa_rows(coverage, decisions)
    return {
        "standard": coverage.catalogue.id,
        "name": coverage.catalogue.name,
        "document": {
            "id": soa.id,
            "title": soa.title,
            "revision": soa.meta.revision,
            "approver": soa.meta.approver,
            "effective": soa.meta.effective.isoformat() if soa.meta.effective else None,
        }
        if soa
        else None,
        "applicable": sum(1 for r in rows if r["applicable"] == "yes"),
        "excluded": sum(1 for r in rows if r["applicable"] == "no"),
        "controls": rows,
    }
