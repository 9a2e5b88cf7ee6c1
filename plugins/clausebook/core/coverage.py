"""Clause coverage: which clauses of a standard the documents address, and how well.

Coverage is keyed by standard *and* clause: ISO/IEC 20000-1 6.3 is not ISO 9001 6.3.

- **covered**: at least one effective document, not overdue for review, maps to the clause
  (or to a parent clause below the top level: 7.5.3 covers 7.5.3.1 and 7.5.3.2, "via 7.5.3");
- **operated by another party**: the Statement of Applicability names the party and the
  document controlling it (ISO/IEC 20000-1 8.2.3), and that document is in force;
- **at risk**: only drafts, documents in review, approved-not-yet-effective documents, or
  documents overdue for review map to it; each such row says why (:class:`Reason`). A draft
  left out of the edition is named ("draft in progress (PRO-004)"), never shown or linked;
- **uncovered**: no document in force or in preparation maps to it (obsolete ones do not count);
- **excluded**: declared not applicable, with a justification the standard's rule allows.

A parent clause rolls up its children: excluded when all are, otherwise the worst state of
its applicable children.

:func:`compute` takes the documents and the applicability decisions it is given, so it serves
one organisational unit as well as the whole management system.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from clausebook.core.applicability import Decisions, Declaration, within
from clausebook.core.catalogue import Catalogue, Clause
from clausebook.core.document import Document, Mapping
from clausebook.core.metadata import Status
from clausebook.core.natural import natural_key
from clausebook.core.schedule import Review, ReviewState


class State(StrEnum):
    COVERED = "covered"
    OTHER_PARTY = "other-party"
    AT_RISK = "at-risk"
    UNCOVERED = "uncovered"
    EXCLUDED = "excluded"

    @property
    def badness(self) -> int:
        return _BADNESS[self.value]

    @property
    def met(self) -> bool:
        """Counts as covered in the percentage (operated by another party, controlled)."""
        return self in (State.COVERED, State.OTHER_PARTY)


_BADNESS = {"excluded": -1, "covered": 0, "other-party": 1, "at-risk": 2, "uncovered": 3}


#: How each reason reads (English; the pages use the labels of their language).
REASON_TEXT = {
    "draft": "draft in progress ({id})",
    "in-review": "in review ({id})",
    "approved": "approved, effective from {date} ({id})",
    "overdue": "review overdue since {date} ({id})",
    "control": "controlling document not in force ({id})",
    "control-absent": "no controlling document in this edition",
}


@dataclass(frozen=True)
class Reason:
    """Why a clause is at risk: ``kind`` is draft, in-review, approved (effective on
    ``date``), overdue (since ``date``) or control (the controlling document of another
    party is not in force); ``document`` is the id concerned."""

    kind: str
    document: str
    date: dt.date | None = None

    def text(self, template: str | None = None) -> str:
        """The reason in words, in ``template``'s language (default: English)."""
        return (template or REASON_TEXT[self.kind]).format(id=self.document, date=self.date)


def why(row: ClauseCoverage) -> str:
    """Everything a row says beside its state, in English: "via 7.5.3", the other party,
    the reasons it is at risk (the CSV and JSON exports carry this text)."""
    parts = [f"via {row.via}"] if row.via else []
    if row.other_party is not None:
        party = row.other_party
        parts.append(f"operated by {party.operated_by}, controlled through {party.controlled_by}")
    parts += [reason.text() for reason in row.reasons]
    return "; ".join(parts)


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
    #: The parent clause whose mappings cover this one ("via 7.5.3"), if any.
    via: str | None = None
    #: Why the clause is at risk, one reason per document concerned.
    reasons: list[Reason] = field(default_factory=list)
    #: The other party operating it, as the Statement of Applicability declares.
    other_party: Declaration | None = None


@dataclass
class Part:
    """A share of a standard reported on its own: ISO/IEC 27001's clauses 4-10 (all
    mandatory) apart from its Annex A controls (the applicable ones only)."""

    key: str  # "clauses" or "controls"
    first: str
    last: str
    rows: list[ClauseCoverage]

    @property
    def counts(self) -> Counter[State]:
        return Counter(c.state for c in self.rows)

    @property
    def percent(self) -> float:
        return _percent(self.counts)


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
        return _percent(self.counts)

    def parts(self) -> list[Part]:
        """The clauses and the Statement-of-Applicability controls as two parts (none when
        the catalogue has no such controls): a headline never mixes mandatory clauses with
        controls chosen by risk."""
        roots = self.catalogue.applicability.soa
        if not roots:
            return []
        controls, clauses = [], []
        for row in self.assessable():
            if within(self.catalogue, row.clause.number, roots):
                if row.state is not State.EXCLUDED:
                    controls.append(row)
            else:
                clauses.append(row)
        tops = [c.number for c in self.catalogue.top_level()]
        mandatory = [n for n in tops if not within(self.catalogue, n, roots)]
        soa = [n for n in tops if within(self.catalogue, n, roots)]
        return [
            Part("clauses", mandatory[0], mandatory[-1], clauses),
            Part("controls", soa[0], soa[-1], controls),
        ]

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
    documents: Iterable[Document],
    reviews: Iterable[Review],
    decisions: Decisions | None = None,
    pending: Iterable[Document] = (),
) -> Coverage:
    """Coverage of ``catalogue`` by ``documents`` (those the edition shows).

    ``reviews`` tell which effective documents are overdue; ``decisions`` which clauses are
    excluded or operated by another party; ``pending`` are drafts left out of the edition,
    which put a clause at risk by name only.
    """
    decisions = decisions or Decisions(catalogue)
    due = {r.document.id: r for r in reviews if r.state is ReviewState.OVERDUE}
    # In id order once, so that each clause's addresses are in id order as they are found.
    documents = sorted(documents, key=lambda d: natural_key(d.id))
    addresses: dict[str, list[Address]] = {}
    for document in documents:
        status = document.meta.status
        if status is Status.OBSOLETE:
            continue
        in_force = status is Status.EFFECTIVE and document.id not in due
        for mapping in document.mappings:
            if mapping.standard == catalogue.id:
                addresses.setdefault(mapping.clause, []).append(
                    Address(document, mapping, in_force)
                )
    drafts: dict[str, list[Reason]] = {}
    for document in pending:
        for mapping in document.mappings:
            if mapping.standard == catalogue.id:
                drafts.setdefault(mapping.clause, []).append(
                    Reason(document.meta.status.value, document.id)
                )
    shown_ids = {d.id for d in documents}
    in_force_ids = {
        d.id for d in documents if d.meta.status is Status.EFFECTIVE and d.id not in due
    }
    excluded = decisions.excluded
    other_party = _spread(catalogue, decisions.other_party)
    rows: dict[str, ClauseCoverage] = {}

    def row_of(number: str) -> ClauseCoverage:
        if number in rows:
            return rows[number]
        clause = catalogue.clauses[number]
        row = ClauseCoverage(clause=clause, state=State.UNCOVERED, depth=number.count("."))
        own = addresses.get(number, [])
        row.addresses = own
        if number in excluded:
            row.state, row.justification = State.EXCLUDED, excluded[number]
        elif catalogue.children.get(number):
            kids = [row_of(k).state for k in catalogue.children[number]]
            applicable = [k for k in kids if k is not State.EXCLUDED]
            row.state = max(applicable, key=lambda s: s.badness) if applicable else State.EXCLUDED
        else:
            found, named = own, drafts.get(number, [])
            if not found and not named:
                row.via, found, named = _inherited(catalogue, number, addresses, drafts)
            party = other_party.get(number)
            if any(a.in_force for a in found):
                row.state = State.COVERED
            elif party is not None and party.controlled_by in in_force_ids:
                row.state, row.other_party = State.OTHER_PARTY, party
            elif found or named or party is not None:
                row.state = State.AT_RISK
                row.reasons = [reason_of(a.document, due) for a in found if not a.in_force]
                row.reasons += named
                if party is not None:
                    row.other_party = party
                    # A controlling document the edition does not show (withheld) is not named.
                    shown = party.controlled_by in shown_ids
                    kind = "control" if shown else "control-absent"
                    row.reasons.append(Reason(kind, party.controlled_by if shown else ""))
            if row.via and not own:
                row.addresses = found
        rows[number] = row
        return row

    return Coverage(catalogue, [row_of(c.number) for c in catalogue.ordered()])


def _percent(counts: Counter[State]) -> float:
    applicable = sum(counts.values()) - counts[State.EXCLUDED]
    met = sum(n for state, n in counts.items() if state.met)
    return 100.0 * met / applicable if applicable else 100.0


def _inherited(
    catalogue: Catalogue,
    number: str,
    addresses: dict[str, list[Address]],
    drafts: dict[str, list[Reason]],
) -> tuple[str | None, list[Address], list[Reason]]:
    """The mappings of the nearest parent below the top level that has any: a document
    mapped to 7.5.3 addresses 7.5.3.1 and 7.5.3.2. A top-level clause (8, A.5) is a
    chapter, too broad to cover what lies under it."""
    parent = catalogue.clauses[number].parent
    while parent is not None and catalogue.clauses[parent].parent is not None:
        if parent in addresses or parent in drafts:
            found = sorted(addresses.get(parent, []), key=lambda a: natural_key(a.document.id))
            return parent, found, drafts.get(parent, [])
        parent = catalogue.clauses[parent].parent
    return None, [], []


def reason_of(document: Document, due: dict[str, Review]) -> Reason:
    """Why ``document`` does not yet (or no longer) count: ``due`` holds the overdue reviews."""
    meta = document.meta
    review = due.get(meta.id)
    if meta.status is Status.EFFECTIVE and review is not None:
        return Reason("overdue", meta.id, review.next)
    if meta.status is Status.APPROVED:
        return Reason("approved", meta.id, meta.effective)
    return Reason(meta.status.value, meta.id)


def _spread(catalogue: Catalogue, declared: dict[str, Declaration]) -> dict[str, Declaration]:
    """Declarations on a clause hold for the clauses below it too."""
    out: dict[str, Declaration] = {}
    for number, declaration in declared.items():
        out[number] = declaration
        for child in catalogue.descendants(number):
            out.setdefault(child, declaration)
    return out


def orphans(documents: list[Document]) -> list[Document]:
    """Documents mapped to no clause of any standard in scope (obsolete ones aside)."""
    return [d for d in documents if not d.mappings and d.meta.status is not Status.OBSOLETE]
