"""Awareness: who must read which new or revised document in an edition.

ISO 9001, ISO/IEC 20000-1 and ISO/IEC 27001 (7.3 in each) ask that the people doing the
work are aware of the documents that concern them; auditors then ask how the people who must
follow a changed procedure were told. A document names its readers by role (``readers:``,
roles declared in ``mkdocs.yml``); each edition lists, per role, the documents added or
revised since the previous edition (what change control found), with what changed, and a
sign-off sheet to fill in or import into an HR or learning system.

A static site cannot record who read what: the optional ``acknowledge_url`` is a form of the
organisation's own, which each changed document links to with its id and revision filled in.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from clausebook.core.document import Document
from clausebook.core.metadata import Status
from clausebook.core.natural import natural_key
from clausebook.core.problems import Problem
from clausebook.core.settings import Settings

if TYPE_CHECKING:  # editions reads the manual, which checks the readers here
    from clausebook.core.editions import Changes

#: The columns of the sign-off sheet (``must-read.csv``, ``must-read.xlsx``): ``person`` and
#: ``date`` are left empty, for the reader's name and the day they read it.
SHEET_COLUMNS = [
    "role",
    "role_name",
    "person",
    "document",
    "title",
    "revision",
    "effective",
    "date",
]

#: Documents a reader is asked to read: in force, or approved and about to be.
_TO_READ = (Status.EFFECTIVE, Status.APPROVED)


@dataclass(frozen=True)
class MustRead:
    """A document a role must read in this edition, and why."""

    document: Document
    change: Literal["added", "revised"]
    #: The revision the previous edition had (None: new in this edition).
    previous: str | None
    #: What changed, from the history: "2.2: Standard changes pre-approved".
    summaries: tuple[str, ...]


def reader_problems(documents: list[Document], settings: Settings) -> list[Problem]:
    """Every role named in ``readers`` that ``mkdocs.yml`` does not declare (CB460)."""
    problems = []
    declared = list(settings.roles)
    for document in documents:
        for index, role in enumerate(document.meta.readers):
            if role in settings.roles:
                continue
            known = ", ".join(declared) if declared else "none: add a 'roles' option"
            match = difflib.get_close_matches(role, declared, n=1, cutoff=0.6)
            field = f"readers.{index}"
            problems.append(
                Problem.of(
                    "CB460",
                    f"'{role}' is not a role declared in mkdocs.yml (declared: {known})",
                    file=document.src_uri,
                    line=document.line_of(field),
                    field=field,
                    suggestion=match[0] if match else None,
                )
            )
    return problems


def changed(documents: list[Document], changes: Changes | None) -> dict[str, MustRead]:
    """The documents to read in this edition, by id: those added or revised since the
    previous edition (every document of a first edition), in force or about to be."""
    revised = {r.id: r for r in changes.revised} if changes else {}
    added = {d["id"] for d in changes.added} if changes else None
    found: dict[str, MustRead] = {}
    for document in documents:
        meta = document.meta
        if meta.status not in _TO_READ:
            continue
        revision = revised.get(document.id)
        if revision is not None:
            found[document.id] = MustRead(
                document, "revised", revision.old, tuple(revision.summaries)
            )
        elif added is None or document.id in added:
            entry = meta.current_entry
            summary = (f"{entry.revision}: {entry.summary}",) if entry else ()
            found[document.id] = MustRead(document, "added", None, summary)
    return found


def must_read(
    documents: list[Document], settings: Settings, changes: Changes | None
) -> dict[str, list[MustRead]]:
    """For each declared role (in the order of ``mkdocs.yml``), what it must read."""
    to_read = changed(documents, changes)
    by_role: dict[str, list[MustRead]] = {role: [] for role in settings.roles}
    for doc_id in sorted(to_read, key=natural_key):
        item = to_read[doc_id]
        for role in dict.fromkeys(item.document.meta.readers):
            if role in by_role:
                by_role[role].append(item)
    return by_role


def sheet_rows(
    by_role: dict[str, list[MustRead]], settings: Settings, language: str
) -> list[dict[str, str]]:
    """The sign-off sheet: one line per role and document, person and date to fill in."""
    rows = []
    for role, items in by_role.items():
        name = settings.roles[role].name(language)
        for item in items:
            meta = item.document.meta
            rows.append(
                {
                    "role": role,
                    "role_name": name,
                    "person": "",
                    "document": meta.id,
                    "title": meta.title,
                    "revision": meta.revision,
                    "effective": meta.effective.isoformat() if meta.effective else "",
                    "date": "",
                }
            )
    return rows


def acknowledge_link(template: str, document: Document, edition: str | None) -> str:
    """The organisation's form for ``document``, its fields filled in (each URL-encoded)."""
    meta = document.meta
    values = {"id": meta.id, "revision": meta.revision, "title": meta.title, "edition": edition}
    return template.format(**{k: quote(v or "", safe="") for k, v in values.items()})
