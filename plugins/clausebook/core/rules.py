"""Lifecycle rules within one document: what its status requires and what its history says."""

from __future__ import annotations

from collections.abc import Callable

from clausebook.core.approvals import approval_problems
from clausebook.core.metadata import HistoryEntry, Metadata, Outcome, ReviewEntry, Status
from clausebook.core.problems import Problem

_NEEDS_APPROVAL = (Status.APPROVED, Status.EFFECTIVE)
_NEEDS_EFFECTIVE = (Status.APPROVED, Status.EFFECTIVE, Status.OBSOLETE)


def lifecycle_problems(
    meta: Metadata, line_of: Callable[[str], int | None], file: str
) -> list[Problem]:
    """Problems of a document whose fields are individually valid."""
    problems: list[Problem] = []

    def add(code: str, message: str, field: str, suggestion: str | None = None) -> None:
        problems.append(
            Problem.of(
                code, message, file=file, line=line_of(field), field=field, suggestion=suggestion
            )
        )

    if meta.status in _NEEDS_APPROVAL and not meta.approver:
        add("CB301", f"a document that is {meta.status} needs an approver", "approver")
    if meta.status in _NEEDS_EFFECTIVE and not meta.effective:
        add("CB302", f"a document that is {meta.status} needs an effective date", "effective")
    if meta.reviewed and meta.effective and meta.reviewed < meta.effective:
        add(
            "CB306",
            f"last review {meta.reviewed} is before the effective date {meta.effective}",
            "reviewed",
        )

    # Reviews recorded in the history are no revisions: they take no part in these rules.
    indexed = [(i, e) for i, e in enumerate(meta.history) if isinstance(e, HistoryEntry)]
    revisions = [entry.revision for _, entry in indexed]
    if meta.status not in (Status.DRAFT,) and meta.revision not in revisions:
        add(
            "CB303",
            f"revision {meta.revision} has no entry in history "
            "(history lists revisions newest first)",
            "history" if meta.history else "revision",
        )
    elif indexed and revisions[0] != meta.revision and meta.revision in revisions:
        add(
            "CB304",
            f"the newest history entry is {revisions[0]} but the document is revision "
            f"{meta.revision}; list the current revision first",
            f"history.{indexed[0][0]}.revision",
        )
    seen: set[str] = set()
    for index, entry in indexed:
        if entry.revision in seen:
            add(
                "CB305",
                f"revision {entry.revision} appears more than once in history",
                f"history.{index}.revision",
            )
        seen.add(entry.revision)
    for index in range(1, len(meta.history)):
        newer, older = meta.history[index - 1], meta.history[index]
        if older.date > newer.date:
            add(
                "CB304",
                f"entry {_name(older)} ({older.date}) is newer than the entry above it, "
                f"{_name(newer)} ({newer.date}); list history newest first",
                f"history.{index}.date",
            )
    latest = meta.history[0] if meta.history else None
    if isinstance(latest, ReviewEntry) and latest.outcome is Outcome.CHANGE_NEEDED:
        # Reported until a newer revision (the change asked for) tops the history.
        add(
            "CB364",
            f"the review of {latest.date} by {latest.reviewer} found a change needed; "
            f"{meta.id} is still revision {meta.revision}",
            "history.0.outcome",
        )
    problems += approval_problems(meta, line_of, file)
    return problems


def _name(entry: HistoryEntry | ReviewEntry) -> str:
    """How a message names a history entry: its revision, or "review"."""
    return entry.revision if isinstance(entry, HistoryEntry) else "review"
