"""The dashboard's numbers: is the management system alive?

One object, :class:`Status`, holds what the dashboard page draws and what
``clausebook status`` prints, so that the terminal and the site cannot disagree. It is made
by :func:`status_of` from the documents, coverage, reviews and operation it is given: a
unit's dashboard is the same call with the unit's documents and settings.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from clausebook.core.coverage import Coverage, State
from clausebook.core.document import Document
from clausebook.core.manual import Manual, coverage_of, required_of
from clausebook.core.natural import natural_key
from clausebook.core.operation import Operation
from clausebook.core.problems import Problem, Severity
from clausebook.core.records import Record
from clausebook.core.required import ItemState
from clausebook.core.schedule import Review, ReviewState

#: How many recently revised documents the dashboard lists.
RECENT = 8


@dataclass(frozen=True)
class RequiredSummary:
    """Required documented information met for one standard (see :mod:`required`)."""

    standard: str
    name: str
    met: int
    applicable: int
    percent: float


@dataclass
class Status:
    """Everything the dashboard shows, on one as-of date."""

    as_of: dt.date
    operation: Operation
    coverage: list[Coverage]
    reviews: list[Review]
    recent: list[Document]
    problems: list[Problem]
    #: Required documented information met per standard (None: not assessed, as for a
    #: set of documents judged without a manual's applicability decisions).
    required: list[RequiredSummary] | None = None
    documents: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def overdue(self) -> list[Review]:
        return [r for r in self.reviews if r.state is ReviewState.OVERDUE]

    @property
    def due_soon(self) -> list[Review]:
        return [r for r in self.reviews if r.state is ReviewState.DUE_SOON]

    @property
    def open_actions(self) -> list[Record]:
        """Corrective actions not yet closed: the open findings of audits and reviews."""
        return [
            r for r in self.operation.records if r.kind == "corrective-action" and r.closed is None
        ]

    @property
    def failing(self) -> bool:
        """A rule at level error fails (``clausebook status`` exits 1)."""
        return bool(self.operation.failing) or any(
            p.code == "CB601" and p.severity is Severity.ERROR for p in self.problems
        )

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``clausebook status`` (and ``status.json`` in the site)."""
        operation = self.operation
        counts = Counter(p.severity.value for p in self.problems)
        last = {k: operation.last(k) for k in ("internal-audit", "management-review")}
        return {
            "as_of": self.as_of.isoformat(),
            "failing": self.failing,
            "documents": self.documents,
            "certification": [c.as_dict(operation.settings) for c in operation.cycles],
            "coverage": [
                {
                    "standard": c.catalogue.id,
                    "name": c.catalogue.name,
                    "percent": round(c.percent, 1),
                    **{s.value: c.counts[s] for s in State},
                }
                for c in self.coverage
            ],
            "required": None
            if self.required is None
            else [
                {
                    "standard": r.standard,
                    "name": r.name,
                    "met": r.met,
                    "applicable": r.applicable,
                    "percent": round(r.percent, 1),
                }
                for r in self.required
            ],
            "reviews": {
                "overdue": len(self.overdue),
                "due_soon": len(self.due_soon),
                "in_good_standing": len(self.reviews) - len(self.overdue) - len(self.due_soon),
                "attention": [
                    {
                        "id": r.document.id,
                        "title": r.document.title,
                        "owner": r.document.meta.owner,
                        "next": r.next.isoformat(),
                        "days": r.days,
                        "state": r.state.value,
                    }
                    for r in self.reviews
                    if r.state is not ReviewState.OK
                ],
            },
            "records": [r.as_dict() for r in operation.recency],
            "last_internal_audit": _record(last["internal-audit"]),
            "last_management_review": _record(last["management-review"]),
            "open_actions": [_record(r) for r in self.open_actions],
            "findings": [f.as_dict() for f in operation.findings],
            "problems": {s.value: counts.get(s.value, 0) for s in Severity},
            "recent_changes": [
                {
                    "id": d.id,
                    "title": d.title,
                    "revision": d.meta.revision,
                    "date": d.meta.revisions[0].date.isoformat(),
                    "summary": d.meta.revisions[0].summary,
                }
                for d in self.recent
            ],
        }


def _record(record: Record | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "id": record.document.id,
        "title": record.document.title,
        "kind": record.kind,
        "date": record.date.isoformat(),
        "closed": record.closed.isoformat() if record.closed else None,
        "dispose_after": record.dispose_after.isoformat() if record.dispose_after else None,
    }


def recent_changes(documents: Iterable[Document], limit: int = RECENT) -> list[Document]:
    """The documents most recently revised (by their newest history entry)."""
    dated = [d for d in documents if d.meta.revisions]
    dated.sort(key=lambda d: natural_key(d.id))
    dated.sort(key=lambda d: d.meta.revisions[0].date, reverse=True)
    return dated[:limit]


def status_of(
    *,
    as_of: dt.date,
    documents: list[Document],
    coverage: list[Coverage],
    reviews: list[Review],
    operation: Operation,
    problems: list[Problem],
    required: list[RequiredSummary] | None = None,
) -> Status:
    """The dashboard of these documents (an edition's, or one unit's)."""
    return Status(
        as_of=as_of,
        operation=operation,
        coverage=coverage,
        reviews=reviews,
        recent=recent_changes(documents),
        problems=problems,
        required=required,
        documents=len(documents),
    )


def required_summary(manual: Manual) -> list[RequiredSummary]:
    """Required documented information met, per standard in scope (see :mod:`required`)."""
    found = []
    for standard, catalogue in manual.catalogues.items():
        result = required_of(manual, standard)
        counts = result.counts
        applicable = len(result.items) - counts[ItemState.NOT_APPLICABLE]
        found.append(
            RequiredSummary(
                standard, catalogue.name, counts[ItemState.MET], applicable, result.percent
            )
        )
    return found


def of_manual(manual: Manual) -> Status:
    """The dashboard of a whole edition."""
    assert manual.operation is not None, "load() assesses the operation"
    return status_of(
        as_of=manual.as_of,
        documents=manual.documents,
        coverage=[coverage_of(manual, sid) for sid in manual.catalogues],
        reviews=manual.reviews(),
        operation=manual.operation,
        problems=manual.problems,
        required=required_summary(manual),
    )
