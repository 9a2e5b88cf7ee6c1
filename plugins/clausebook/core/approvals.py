"""The approval record: who approved each revision and when, and the rules it must keep.

An auditor asks of every controlled document who approved the revision in force and on
which day. The current revision's approval is the front matter's ``approver`` and
``approved``; a history entry may carry ``approved_by`` and ``approved`` too, which is where
the approvals of earlier revisions stay once the front matter moves on. An approval comes
after the revision was written and before it takes effect: anything else is a record that
cannot be true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from clausebook.core.metadata import HistoryEntry, Metadata, Status
from clausebook.core.problems import Problem

#: Statuses whose current revision has been approved, and so should say when.
_APPROVED = (Status.APPROVED, Status.EFFECTIVE)


@dataclass(frozen=True)
class Approval:
    """Who approved a revision and when, as far as the record says."""

    by: str | None
    on: dt.date | None

    def __bool__(self) -> bool:
        return bool(self.by or self.on)


def approval_of(meta: Metadata) -> Approval:
    """The current revision's approval: the front matter's, else its history entry's."""
    entry = meta.current_entry
    return Approval(
        by=meta.approver or (entry.approved_by if entry else None),
        on=meta.approved or (entry.approved if entry else None),
    )


def entry_approval(meta: Metadata, entry: HistoryEntry) -> Approval:
    """The approval of one revision of the history (the current one's from the front matter
    where its entry says nothing)."""
    if entry.revision == meta.revision:
        current = approval_of(meta)
        return Approval(by=entry.approved_by or current.by, on=entry.approved or current.on)
    return Approval(by=entry.approved_by, on=entry.approved)


def approval_problems(
    meta: Metadata, line_of: Callable[[str], int | None], file: str
) -> list[Problem]:
    """An approval after the effective date or before the revision was written (errors),
    front matter and history entry disagreeing (error), and an approved or effective
    document whose approval has no date (warning)."""
    problems: list[Problem] = []

    def add(code: str, message: str, field: str, line: int | None = None) -> None:
        line = line or line_of(field)
        problems.append(Problem.of(code, message, file=file, line=line, field=field))

    index, entry = next(
        ((i, e) for i, e in enumerate(meta.history) if e is meta.current_entry), (None, None)
    )
    approval = approval_of(meta)
    field = "approved" if meta.approved or index is None else f"history.{index}.approved"
    if entry is not None:
        for name, own, recorded in (
            ("approved_by", meta.approver, entry.approved_by),
            ("approved", meta.approved, entry.approved),
        ):
            if own and recorded and own != recorded:
                add(
                    "CB363",
                    f"the history entry of revision {meta.revision} says {recorded}, the front "
                    f"matter says {own}",
                    f"history.{index}.{name}",
                )
    if approval.on and meta.effective and approval.on > meta.effective:
        add(
            "CB360",
            f"revision {meta.revision} was approved on {approval.on}, after it took effect "
            f"on {meta.effective}",
            field,
        )
    for i, revision in enumerate(meta.history):
        if not isinstance(revision, HistoryEntry):
            continue
        on = revision.approved or (meta.approved if revision is entry else None)
        if on and on < revision.date:
            where = f"history.{i}.approved" if revision.approved else "approved"
            add(
                "CB361",
                f"revision {revision.revision} was approved on {on}, before it was written "
                f"on {revision.date}",
                where,
            )
    if meta.status in _APPROVED and approval.on is None:
        add(
            "CB362",
            f"a document that is {meta.status} does not say when revision {meta.revision} "
            "was approved",
            "approved",
            # Not written: the line of the status that asks for it.
            line=line_of("approved") if meta.approved else line_of("status"),
        )
    return problems
