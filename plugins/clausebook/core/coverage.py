"""Clause coverage: which clauses of a standard the documents address, and how well.

Coverage is keyed by standard *and* clause: ISO/IEC 20000-1 6.3 is not ISO 9001 6.3.

- **covered**: at least one effective document, not overdue for review, maps to the clause;
- **at risk**: only drafts, documents in review, approved-not-yet-effective documents, or
  documents overdue for review map to it;
- **uncovered**: no document in force or in preparation maps to it (obsolete ones do not count);
- **excluded**: declared not applicable, with a justification.

A parent clause rolls up its children: excluded when all are, otherwise the worst state of
its applicable children.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from clausebook.core.catalogue import Catalogue, Clause
from clausebook.core.document import Document, Mapping
from clausebook.core.metadata import Status
from clausebook.core.natural import natural_key
from clausebook.core.schedule import Review, ReviewState


class State(StrEnum):
    COVERED = "covered"
    AT_RISK = "at-risk"
    UNCOVERED = "uncovered"
    EXCLUDED = "excluded"

    @property
    def badness(self) -> int:
        return {"excluded": -1, "covered": 0, "at-risk": 1, "uncovered": 2}[self.value]


@dataclass(frozen=True)
class Address:
    """A document addressing a clause (optionally at a section), and whether it counts."""

    document: Document
    mapping: Mapping
    in_force: bool  # effective and not overdue


@dataclass
class ClauseCoverage:
    clause: Clause
    state: State
    addresses: list[Address] = field(default_factory=list)
    justification: str | None = None
    depth: int = 0


@dataclass
class Coverage:
    """Coverage of one standard by the documents of one manual."""

    catalogue: Catalogue
    clauses: list[ClauseCoverage]

    @property
    def by_number(self) -> dict[str, ClauseCoverage]:
        return {c.clause.number: c for c in self.clauses}

    def assessable(self) -> list[ClauseCoverage]:
        return [c for c in self.clauses if c.clause.assessable]

    @property
    def counts(self) -> Counter[State]:
        return Counter(c.state for c in self.assessable())

    @property
    def percent(self) -> float:
        """Covered share of the applicable assessable clauses (excluded ones left out)."""
        counts = self.counts
        applicable = sum(counts.values()) - counts[State.EXCLUDED]
        return 100.0 * counts[State.COVERED] / applicable if applicable else 100.0

    def gaps(self) -> list[ClauseCoverage]:
        """Assessable clauses not covered, worst first, then in clause order."""
        found = [c for c in self.assessable() if c.state in (State.UNCOVERED, State.AT_RISK)]
        return sorted(found, key=lambda c: (-c.state.badness, natural_key(c.clause.number)))

    def groups(self) -> list[tuple[ClauseCoverage, Counter[State]]]:
        """Each top-level clause with the counts of its assessable descendants' states."""
        out = []
        by_number = self.by_number
        for top in self.catalogue.top_level():
            below = [by_number[n] for n in self.catalogue.descendants(top.number)]
            below = [c for c in below if c.clause.assessable] or [by_number[top.number]]
            out.append((by_number[top.number], Counter(c.state for c in below)))
        return out


def compute(
    catalogue: Catalogue,
    documents: list[Document],
    reviews: list[Review],
    exclusions: dict[str, str],
) -> Coverage:
    """Coverage of ``catalogue``; ``reviews`` tell which effective documents are overdue."""
    overdue = {r.document.id for r in reviews if r.state is ReviewState.OVERDUE}
    addresses: dict[str, list[Address]] = {}
    for document in documents:
        status = document.meta.status
        if status is Status.OBSOLETE:
            continue
        in_force = status is Status.EFFECTIVE and document.id not in overdue
        for mapping in document.mappings:
            if mapping.standard == catalogue.id:
                addresses.setdefault(mapping.clause, []).append(
                    Address(document, mapping, in_force)
                )
    excluded = _excluded(catalogue, exclusions)
    states: dict[str, State] = {}

    def state_of(number: str) -> State:
        if number in states:
            return states[number]
        if number in excluded:
            state = State.EXCLUDED
        elif catalogue.children.get(number):
            kids = [state_of(k) for k in catalogue.children[number]]
            applicable = [k for k in kids if k is not State.EXCLUDED]
            state = max(applicable, key=lambda s: s.badness) if applicable else State.EXCLUDED
        else:
            found = addresses.get(number, [])
            if any(a.in_force for a in found):
                state = State.COVERED
            elif found:
                state = State.AT_RISK
            else:
                state = State.UNCOVERED
        states[number] = state
        return state

    rows = []
    for clause in catalogue.ordered():
        rows.append(
            ClauseCoverage(
                clause=clause,
                state=state_of(clause.number),
                addresses=sorted(
                    addresses.get(clause.number, []), key=lambda a: natural_key(a.document.id)
                ),
                justification=excluded.get(clause.number),
                depth=clause.number.count("."),
            )
        )
    return Coverage(catalogue, rows)


def _excluded(catalogue: Catalogue, exclusions: dict[str, str]) -> dict[str, str]:
    """Excluded clauses with their justification; excluding a parent excludes its subtree."""
    out: dict[str, str] = {}
    for number, why in exclusions.items():
        if number in catalogue.clauses:
            out[number] = why
            for child in catalogue.descendants(number):
                out.setdefault(child, why)
    return out


def orphans(documents: list[Document]) -> list[Document]:
    """Documents mapped to no clause of any standard in scope (obsolete ones aside)."""
    return [d for d in documents if not d.mappings and d.meta.status is not Status.OBSOLETE]
