"""Required documented information: what each standard says must be documented, and what
in the manual meets it.

A catalogue lists the documented information its standard requires (``required:``, with
sources): documents to *maintain* and records to *retain*, each at its clause. An item is

- **met** when a document in force names it in ``provides`` or maps to its clause (or a
  clause below it);
- **at risk** when only drafts, documents in review or approval, or documents overdue for
  review do (each with its reason, as in coverage);
- **missing** when nothing does;
- **not applicable** when its clause is excluded.

:func:`assess` takes the documents and decisions it is given, so it serves one
organisational unit as well as the whole management system.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from clausebook.core.applicability import Decisions
from clausebook.core.catalogue import Catalogue, RequiredItem
from clausebook.core.coverage import Reason, reason_of
from clausebook.core.document import Document
from clausebook.core.metadata import Status
from clausebook.core.natural import natural_key
from clausebook.core.problems import Problem, Severity
from clausebook.core.schedule import Review, ReviewState


class ItemState(StrEnum):
    MET = "met"
    AT_RISK = "at-risk"
    MISSING = "missing"
    NOT_APPLICABLE = "not-applicable"


@dataclass
class ItemStatus:
    """One required item and what meets it."""

    item: RequiredItem
    state: ItemState
    #: Documents of the edition meeting it, each with how: "provides" or "mapping".
    documents: list[tuple[Document, str]] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class Required:
    """The required documented information of one standard, assessed."""

    catalogue: Catalogue
    items: list[ItemStatus]

    @property
    def counts(self) -> Counter[ItemState]:
        return Counter(i.state for i in self.items)

    @property
    def percent(self) -> float:
        """Met share of the applicable items."""
        counts = self.counts
        applicable = len(self.items) - counts[ItemState.NOT_APPLICABLE]
        return 100.0 * counts[ItemState.MET] / applicable if applicable else 100.0


def assess(
    catalogue: Catalogue,
    documents: Iterable[Document],
    reviews: Iterable[Review],
    decisions: Decisions | None = None,
    pending: Iterable[Document] = (),
) -> Required:
    """Each required item of ``catalogue`` against ``documents`` (the edition's) and
    ``pending`` (drafts left out of it, which count as at risk, by name only)."""
    due = {r.document.id: r for r in reviews if r.state is ReviewState.OVERDUE}
    excluded = decisions.excluded if decisions else {}
    documents = [d for d in documents if d.meta.status is not Status.OBSOLETE]
    meets, drafts = _Index(catalogue, documents), _Index(catalogue, list(pending))
    items = []
    for item in catalogue.required:
        if item.clause in excluded:
            items.append(ItemStatus(item, ItemState.NOT_APPLICABLE))
            continue
        meeting = meets.meeting(item)
        meeting.sort(key=lambda pair: natural_key(pair[0].id))
        in_force = [
            pair
            for pair in meeting
            if pair[0].meta.status is Status.EFFECTIVE and pair[0].id not in due
        ]
        if in_force:
            items.append(ItemStatus(item, ItemState.MET, in_force))
            continue
        reasons = [reason_of(d, due) for d, _ in meeting]
        reasons += [Reason(d.meta.status.value, d.id) for d, _ in drafts.meeting(item)]
        state = ItemState.AT_RISK if reasons else ItemState.MISSING
        items.append(ItemStatus(item, state, meeting, reasons))
    return Required(catalogue, items)


class _Index:
    """Which documents meet which item: by the item's key in their ``provides``, or by a
    mapping to the item's clause or below it. Indexed once per assessment, so that each item
    looks up its documents instead of testing every document (a manual of 2,000 documents
    against some 60 items)."""

    def __init__(self, catalogue: Catalogue, documents: list[Document]) -> None:
        self.documents = documents
        self.provided: dict[str, set[int]] = {}
        self.mapped: dict[str, set[int]] = {}
        for index, document in enumerate(documents):
            for key in document.meta.provides:
                self.provided.setdefault(key, set()).add(index)
            for mapping in document.mappings:
                if mapping.standard != catalogue.id:
                    continue
                current: str | None = mapping.clause
                while current is not None:  # the clause and every clause above it
                    self.mapped.setdefault(current, set()).add(index)
                    clause = catalogue.clauses.get(current)
                    current = clause.parent if clause else None

    def meeting(self, item: RequiredItem) -> list[tuple[Document, str]]:
        """The documents meeting ``item``, in their order, each with how it meets it."""
        provides = self.provided.get(item.key, set())
        found = sorted(provides | self.mapped.get(item.clause, set()))
        return [(self.documents[i], "provides" if i in provides else "mapping") for i in found]


def problems_of(required: Required, level: str) -> list[Problem]:
    """A problem per missing item, at the level the user chose (``off``: none)."""
    if level == "off":
        return []
    severity = {"info": Severity.INFO, "warn": Severity.WARNING, "error": Severity.ERROR}[level]
    name = required.catalogue.name
    return [
        Problem.of(
            "CB434",
            f"{name} requires '{s.item.title}' ({s.item.kind}, {s.item.clause}): "
            "no document provides it",
            severity=severity,
        )
        for s in required.items
        if s.state is ItemState.MISSING
    ]


def unknown_keys(documents: Iterable[Document], catalogues: Iterable[Catalogue]) -> list[Problem]:
    """``provides`` keys that no catalogue in scope lists (a typo would meet nothing)."""
    keys = sorted({i.key for c in catalogues for i in c.required})
    problems = []
    for document in documents:
        for index, key in enumerate(document.meta.provides):
            if key not in keys:
                close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
                problems.append(
                    Problem.of(
                        "CB435",
                        f"'{key}' is not an item of a required list of a standard in scope",
                        file=document.src_uri,
                        line=document.line_of(f"provides.{index}"),
                        field="provides",
                        suggestion=close[0] if close else None,
                    )
                )
    return problems


REQUIRED_COLUMNS = [
    "standard",
    "kind",
    "key",
    "clause",
    "title",
    "state",
    "documents",
    "why",
    "sources",
    "single_source",
]


def required_rows(required: Required) -> list[dict[str, str]]:
    """One row per required item, as text (the CSV and JSON show the same values)."""
    return [
        {
            "standard": required.catalogue.id,
            "kind": s.item.kind.value,
            "key": s.item.key,
            "clause": s.item.clause,
            "title": s.item.title,
            "state": s.state.value,
            "documents": " ".join(d.id for d, _ in s.documents),
            "why": "; ".join(r.text() for r in s.reasons),
            "sources": " ".join(s.item.sources),
            "single_source": "yes" if s.item.single_source else "no",
        }
        for s in required.items
    ]
