"""Records: the evidence that the management system runs.

A document of type ``record`` is an internal audit report, management review minutes, a
corrective action, a training record... It says what it is evidence of (``record_of``), when
it was held (``date``), which procedure controls it (``procedure``) and how long it is kept
(``retain``). Records are not reviewed periodically; instead each kind has a recency rule
(an internal audit at least every 12 months...), and a management review must cover the
inputs its standards list (the catalogues' ``review_inputs``).

Every function takes the documents and settings it judges, so that one organisational
unit's records can be judged as well as the whole system's.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from clausebook.core.catalogue import Catalogue, ReviewInput
from clausebook.core.document import Document
from clausebook.core.findings import Finding, severity_of
from clausebook.core.interval import Interval
from clausebook.core.metadata import DocType
from clausebook.core.natural import natural_key
from clausebook.core.problems import Problem
from clausebook.core.settings import OperationSettings, RecordKind

#: Front-matter fields only a record may carry, and fields a record may not.
RECORD_FIELDS = ("record_of", "date", "closed", "retain", "procedure", "inputs")
REVIEW_FIELDS = ("reviewed", "review_interval")
MANAGEMENT_REVIEW = "management-review"


def is_record(document: Document) -> bool:
    return document.meta.type == DocType.RECORD


@dataclass(frozen=True)
class Record:
    """A record with its kind and date (records without them are problems, not records)."""

    document: Document
    kind: str
    date: dt.date
    retain: Interval | None

    @property
    def closed(self) -> dt.date | None:
        return self.document.meta.closed

    @property
    def dispose_after(self) -> dt.date | None:
        """The last day it must be kept: its retention counted from its closing (an action
        is kept for so long after it was closed), else from its date."""
        if self.retain is None:
            return None
        return self.retain.after(self.closed or self.date)

    def disposable(self, as_of: dt.date) -> bool:
        after = self.dispose_after
        return after is not None and as_of > after


def records_of(documents: Iterable[Document], settings: OperationSettings) -> list[Record]:
    """The records among ``documents``, newest first (then by id)."""
    kinds = settings.kinds()
    default = settings.retain
    found = []
    for document in documents:
        meta = document.meta
        if not is_record(document) or not meta.record_of or meta.date is None:
            continue
        kind = kinds.get(meta.record_of)
        retain = meta.retain or (kind.retain if kind else None) or default
        found.append(
            Record(document, meta.record_of, meta.date, Interval.parse(retain) if retain else None)
        )
    found.sort(key=lambda r: natural_key(r.document.id))
    found.sort(key=lambda r: r.date, reverse=True)
    return found


def record_problems(
    documents: Iterable[Document],
    settings: OperationSettings,
    catalogues: Iterable[Catalogue],
    known_ids: set[str],
    as_of: dt.date,
) -> list[Problem]:
    """What is wrong in the record fields of ``documents`` (of any type)."""
    kinds = settings.kinds()
    inputs = {i.id for c in catalogues for i in c.review_inputs}
    problems: list[Problem] = []
    for document in documents:
        problems += _problems_of(document, kinds, inputs, known_ids, as_of)
    return problems


def _problems_of(
    document: Document,
    kinds: dict[str, RecordKind],
    inputs: set[str],
    known_ids: set[str],
    as_of: dt.date,
) -> list[Problem]:
    meta = document.meta
    problems: list[Problem] = []

    def add(code: str, message: str, field: str, suggestion: str | None = None) -> None:
        problems.append(
            Problem.of(
                code,
                message,
                file=document.src_uri,
                # A field left out is located at the document's type: it is a record.
                line=document.line_of(field) or document.line_of("type"),
                field=field,
                suggestion=suggestion,
            )
        )

    written = meta.model_fields_set
    if not is_record(document):
        for name in RECORD_FIELDS:
            if name in written:
                add("CB250", f"'{name}' is a field of records; this is a {meta.type}", name)
        return problems
    for name in REVIEW_FIELDS:
        if name in written:
            add(
                "CB350",
                f"a record is not reviewed periodically: '{name}' has no meaning here "
                "(its retention is 'retain')",
                name,
            )
    for index, entry in enumerate(meta.history):
        if entry not in meta.revisions:  # a periodic review recorded in the history
            add(
                "CB350",
                "a record is not reviewed periodically: its history lists revisions only",
                f"history.{index}",
            )
    if not meta.record_of:
        add("CB351", "a record says what it is evidence of in 'record_of'", "record_of")
    elif meta.record_of not in kinds:
        add(
            "CB353",
            f"'{meta.record_of}' is not a kind of record (known: {', '.join(kinds)}); "
            "declare it under operation.records in mkdocs.yml",
            "record_of",
            _closest(meta.record_of, list(kinds)),
        )
    if meta.date is None:
        add("CB351", "a record says in 'date' the day it was held", "date")
    elif meta.date > as_of and not meta.status.is_draft:  # a draft may be prepared ahead
        add("CB352", f"date {meta.date} is after the as-of date {as_of}", "date")
    if meta.closed and meta.date and meta.closed < meta.date:
        add("CB355", f"closed {meta.closed} is before the record's date {meta.date}", "closed")
    if meta.procedure and meta.procedure not in known_ids:
        add(
            "CB450",
            f"'{meta.procedure}' names no document",
            "procedure",
            _closest(meta.procedure, sorted(known_ids)),
        )
    for index, name in enumerate(meta.inputs):
        if name not in inputs:
            add(
                "CB354",
                f"'{name}' is not a review input of the standards in scope",
                f"inputs.{index}",
                _closest(name, sorted(inputs)),
            )
    return problems


class RecencyState(StrEnum):
    OK = "ok"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    MISSING = "missing"
    NO_RULE = "no-rule"


@dataclass(frozen=True)
class Recency:
    """One kind of record against its rule on the as-of date."""

    kind: str
    rule: RecordKind
    last: Record | None
    count: int
    due: dt.date | None
    days: int | None
    state: RecencyState

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "within": self.rule.within,
            "count": self.count,
            "last": self.last.date.isoformat() if self.last else None,
            "last_id": self.last.document.id if self.last else None,
            "due": self.due.isoformat() if self.due else None,
            "days": self.days,
            "state": self.state.value,
        }


def recency(records: list[Record], settings: OperationSettings, as_of: dt.date) -> list[Recency]:
    """Each known kind of record: its latest record and whether the rule holds."""
    out = []
    for kind, rule in settings.kinds().items():
        of_kind = [r for r in records if r.kind == kind]
        last = of_kind[0] if of_kind else None  # records_of sorts newest first
        if rule.within is None:
            out.append(Recency(kind, rule, last, len(of_kind), None, None, RecencyState.NO_RULE))
            continue
        if last is None:
            out.append(Recency(kind, rule, None, 0, None, None, RecencyState.MISSING))
            continue
        due = Interval.parse(rule.within).after(last.date)
        days = (due - as_of).days
        if days < 0:
            state = RecencyState.OVERDUE
        elif days <= settings.due_soon_days:
            state = RecencyState.DUE_SOON
        else:
            state = RecencyState.OK
        out.append(Recency(kind, rule, last, len(of_kind), due, days, state))
    return out


@dataclass(frozen=True)
class InputGap:
    """Review inputs of one standard that a management review did not cover."""

    record: Record
    catalogue: Catalogue
    missing: tuple[ReviewInput, ...]


def input_gaps(records: list[Record], catalogues: Iterable[Catalogue]) -> list[InputGap]:
    """What the latest management review left out, per standard it evidences (all standards
    in scope when its clauses name none)."""
    reviews = [r for r in records if r.kind == MANAGEMENT_REVIEW]
    if not reviews:
        return []
    latest = reviews[0]
    covered = set(latest.document.meta.inputs)
    evidenced = {m.standard for m in latest.document.mappings}
    gaps = []
    for catalogue in catalogues:
        if evidenced and catalogue.id not in evidenced:
            continue
        missing = tuple(i for i in catalogue.review_inputs if i.id not in covered)
        if missing:
            gaps.append(InputGap(latest, catalogue, missing))
    return gaps


def findings_of(
    recencies: list[Recency],
    gaps: list[InputGap],
    records: list[Record],
    settings: OperationSettings,
    as_of: dt.date,
    *,
    expect_records: bool = True,
) -> list[Finding]:
    """Kinds without a recent record, reviews that missed inputs, records past retention.

    Without ``expect_records`` a kind with no record at all is no finding: a manual that
    keeps no records (nor certificate, nor record rules of its own) has not adopted them,
    and is not told on every build that it should.
    """
    out = []
    for item in recencies:
        severity = severity_of(item.rule.level or settings.log_level)
        title = item.rule.title or item.kind
        if item.state is RecencyState.MISSING and expect_records:
            message = f"no {title.lower()} record: one is required every {item.rule.within}"
            kind = "record-missing"
        elif item.state is RecencyState.OVERDUE and item.last is not None:
            message = (
                f"the latest {title.lower()} record, {item.last.document.id} of "
                f"{item.last.date}, is older than {item.rule.within} (next was due {item.due})"
            )
            kind = "record-overdue"
        else:
            continue
        problem = Problem.of(
            "CB857",
            message,
            file=item.last.document.src_uri if item.last else None,
            line=item.last.document.line_of("date") if item.last else None,
            field="date" if item.last else f"plugins.clausebook.operation.records.{item.kind}",
            severity=severity,
        )
        out.append(Finding(kind, problem, item.kind))
    review_rule = settings.kinds().get(MANAGEMENT_REVIEW)
    level = (review_rule.level if review_rule else None) or settings.log_level
    for gap in gaps:
        document = gap.record.document
        names = ", ".join(f"{i.item}) {i.title}" for i in gap.missing)
        problem = Problem.of(
            "CB858",
            f"{document.id} does not cover {len(gap.missing)} input(s) of "
            f"{gap.catalogue.name} {gap.missing[0].clause}: {names}",
            file=document.src_uri,
            line=document.line_of("inputs"),
            field="inputs",
            severity=severity_of(level),
        )
        out.append(Finding("review-inputs-missing", problem, gap.catalogue.id))
    for record in records:
        if record.disposable(as_of):
            document = record.document
            problem = Problem.of(
                "CB859",
                f"{document.id} was to be kept until {record.dispose_after}: it may be disposed of",
                file=document.src_uri,
                line=document.line_of("retain") or document.line_of("date"),
                field="retain",
            )
            out.append(Finding("record-disposable", problem, record.kind))
    return out


def _closest(word: str, options: list[str]) -> str | None:
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return match[0] if match else None
