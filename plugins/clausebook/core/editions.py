"""Editions: what a published site contained, and what changed between two of them.

Every build writes a snapshot of its register (ids, revisions, statuses, clause mappings,
coverage states and a content hash of each document) into the site. A published edition is
a record: comparing the next build with the snapshot of the last published edition catches a
document whose text changed while its revision did not, a revision that went backwards, and
a new revision without a history entry — before anything is deployed.

Published editions live on the ``gh-pages`` branch, as ``mike`` deploys them; they are read
with plain ``git show``, so no work tree is touched.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from clausebook.core.fingerprint import VERSION as FINGERPRINT_VERSION
from clausebook.core.fingerprint import fingerprint, first_fingerprint
from clausebook.core.manual import Manual, coverage_of
from clausebook.core.metadata import Status
from clausebook.core.natural import natural_key
from clausebook.core.problems import Problem

SNAPSHOT_VERSION = 1
#: Set for the build that ``clausebook publish`` runs through mike: drafts are left out and
#: any error aborts the build.
PUBLISH_ENV = "CLAUSEBOOK_PUBLISH"
#: The branch that holds the published editions, for that build.
BRANCH_ENV = "CLAUSEBOOK_EDITIONS_BRANCH"
#: The unit whose edition that build makes (``publish --unit``).
UNIT_ENV = "CLAUSEBOOK_UNIT"
#: The files published uncommitted (``publish --allow-dirty``), as JSON, for its record.
UNCOMMITTED_ENV = "CLAUSEBOOK_UNCOMMITTED"
SNAPSHOT_NAME = "edition.json"


def default_branch(unit: str | None) -> str:
    """The branch of a site's editions: each unit's own edition set has a branch of its own."""
    return f"gh-pages-{unit.lower()}" if unit else "gh-pages"


def snapshot(
    manual: Manual, edition: str | None, uncommitted: list[str] | None = None
) -> dict[str, Any]:
    """The machine-readable record of an edition (written into the site); ``uncommitted``
    names the files an edition published with ``--allow-dirty`` held uncommitted."""
    documents = {}
    for document in manual.documents:
        meta = document.meta
        documents[document.id] = {
            "title": meta.title,
            "type": meta.type,
            "revision": meta.revision,
            "status": meta.status.value,
            "classification": meta.classification,
            "owner": meta.owner,
            "approver": meta.approver or "",
            "effective": meta.effective.isoformat() if meta.effective else "",
            "reviewed": meta.last_review.isoformat() if meta.last_review else "",
            "file": document.src_uri,
            "hash": fingerprint(document),
            "clauses": [
                f"{m.standard} {m.clause}" + (f"#{m.section}" if m.section else "")
                for m in document.mappings
            ],
            # Revisions only: a review recorded in the history changes nothing that change
            # control compares.
            "history": [
                {"revision": h.revision, "date": h.date.isoformat(), "summary": h.summary}
                for h in meta.revisions
            ],
            "body": document.body,
        }
    coverage = {
        sid: {row.clause.number: row.state.value for row in coverage_of(manual, sid).clauses}
        for sid in manual.catalogues
    }
    return {
        "clausebook_snapshot": SNAPSHOT_VERSION,
        "fingerprint": FINGERPRINT_VERSION,
        "edition": edition,
        "as_of": manual.as_of.isoformat(),
        "audience": manual.settings.audience,
        "documents": documents,
        "coverage": coverage,
        **({"uncommitted": uncommitted} if uncommitted else {}),
    }


def no_longer_shown(record: Any, manual: Manual) -> list[str]:
    """Ids of the documents a site built from ``record`` showed that ``manual`` does not
    show: withheld for its audience, unpublished drafts, or removed."""
    documents = record.get("documents") if isinstance(record, dict) else None
    if not isinstance(documents, dict):
        return []
    return sorted(set(documents) - set(manual.by_id), key=natural_key)


@dataclass
class Revision:
    id: str
    title: str
    old: str
    new: str
    summaries: list[str]
    old_body: str
    new_body: str
    #: The document control fields that changed: (field, before, after).
    fields: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Changes:
    """Differences between a previous edition's snapshot and the current manual."""

    previous: str | None
    added: list[dict[str, Any]] = field(default_factory=list)
    revised: list[Revision] = field(default_factory=list)
    obsoleted: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    coverage: list[tuple[str, str, str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.revised or self.obsoleted or self.removed or self.coverage)


def compare(previous: dict[str, Any], current: dict[str, Any], manual: Manual) -> Changes:
    """What changed since ``previous``, and the change-control problems it reveals."""
    name = previous.get("edition") or "the previous edition"
    changes = Changes(previous=previous.get("edition"))
    old_docs = _readable(previous, manual)
    new_docs: dict[str, Any] = current["documents"]
    by_id = {d.id: d for d in manual.documents}
    # An edition published before the current fingerprint is compared with the one it used.
    current_fingerprint = previous.get("fingerprint") == FINGERPRINT_VERSION
    for doc_id in sorted(new_docs, key=natural_key):
        new = new_docs[doc_id]
        old = old_docs.get(doc_id)
        if old is None:
            changes.added.append({"id": doc_id, **new})
            continue
        document = by_id[doc_id]
        where = {
            "file": document.src_uri,
            "line": document.line_of("revision"),
            "field": "revision",
        }
        if new["revision"] == old["revision"]:
            now = new["hash"] if current_fingerprint else first_fingerprint(document)
            if now != old["hash"]:
                changes.problems.append(
                    Problem.of(
                        "CB701",
                        f"{doc_id} changed since edition {name} but is still revision "
                        f"{new['revision']}: raise the revision and add a history entry",
                        **where,
                    )
                )
        elif natural_key(new["revision"]) < natural_key(old["revision"]):
            changes.problems.append(
                Problem.of(
                    "CB702",
                    f"{doc_id} is revision {new['revision']}, but edition {name} already "
                    f"published revision {old['revision']}",
                    **where,
                )
            )
        else:
            known = {h["revision"] for h in new["history"]}
            if new["revision"] not in known:
                changes.problems.append(
                    Problem.of(
                        "CB703",
                        f"{doc_id} moved from revision {old['revision']} to {new['revision']} "
                        "without a history entry for it",
                        file=document.src_uri,
                        line=document.line_of("history"),
                        field="history",
                    )
                )
            old_revisions = {h["revision"] for h in old["history"]}
            summaries = [
                f"{h['revision']}: {h['summary']}"
                for h in new["history"]
                if h["revision"] not in old_revisions
            ]
            changes.revised.append(
                Revision(
                    doc_id,
                    new["title"],
                    old["revision"],
                    new["revision"],
                    summaries,
                    old.get("body", ""),
                    new["body"],
                    fields_changed(old, new),
                )
            )
        if new["status"] == Status.OBSOLETE.value and old["status"] != Status.OBSOLETE.value:
            changes.obsoleted.append({"id": doc_id, **new})
    for doc_id in sorted(set(old_docs) - set(new_docs), key=natural_key):
        changes.removed.append({"id": doc_id, **old_docs[doc_id]})
    for standard, states in current["coverage"].items():
        before = previous.get("coverage", {}).get(standard, {})
        for number in sorted(states, key=natural_key):
            if number in before and before[number] != states[number]:
                changes.coverage.append((standard, number, before[number], states[number]))
    return changes


# ----------------------------------------------------------------------------- published


def git_output(root: Path, *args: str) -> str | None:
    """What ``git -C root ARGS`` prints, or None when git fails (or is not there)."""
    return _git(root, *args)


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def _readable(previous: dict[str, Any], manual: Manual) -> dict[str, Any]:
    """The previous edition's documents that this edition's audience may see.

    An internal edition followed by a public one must not name its internal documents as
    "removed": a document above the audience (by its recorded classification, or, in a
    snapshot without one, because that edition was built for a wider audience) is left out.
    """
    settings = manual.settings
    audience = settings.classifications.index(settings.audience)
    built_for = settings.rank(previous.get("audience"))
    wider = built_for is None or built_for > audience
    readable = {}
    for doc_id, record in previous.get("documents", {}).items():
        rank = settings.rank(record.get("classification"))
        if doc_id in manual.withheld or (wider if rank is None else rank > audience):
            continue
        readable[doc_id] = record
    return readable


class _Entry(BaseModel):
    """One edition in mike's ``versions.json``."""

    model_config = ConfigDict(extra="allow")

    version: str = Field(min_length=1)
    title: str | None = None
    aliases: list[str] = Field(default_factory=list)


class _HistoryRecord(BaseModel):
    model_config = ConfigDict(extra="allow")

    revision: str
    summary: str = ""


class _DocumentRecord(BaseModel):
    """What :func:`compare` reads of a document in a published snapshot."""

    model_config = ConfigDict(extra="allow")

    title: str
    revision: str
    status: str
    hash: str
    classification: str | None = None
    history: list[_HistoryRecord] = Field(default_factory=list)
    body: str = ""


class _Snapshot(BaseModel):
    model_config = ConfigDict(extra="allow")

    clausebook_snapshot: int
    edition: str | None = None
    audience: str | None = None
    documents: dict[str, _DocumentRecord]
    coverage: dict[str, dict[str, str]] = Field(default_factory=dict)


def _unreadable(what: str, branch: str, why: str) -> Problem:
    return Problem.of(
        "CB710",
        f"{what} on branch {branch} cannot be read ({why}); it is left out of the comparison",
        file=f"{branch}:{what}",
    )


def _reason(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "the top level"
    return f"{where}: {first['msg']}"


def read_editions(
    root: Path, branch: str = "gh-pages"
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """mike's versions.json on the branch, newest first (empty without a branch), and a
    warning (CB710) when it exists but is not the list of editions mike writes."""
    text = _git(root, "show", f"{branch}:versions.json")
    if not text:
        return [], []
    try:
        entries = _ENTRIES.validate_json(text)
    except ValidationError as error:
        return [], [_unreadable("versions.json", branch, _reason(error))]
    return [entry.model_dump() for entry in entries], []


_ENTRIES = TypeAdapter(list[_Entry])


def read_snapshot(
    root: Path, edition: str, reports_dir: str, branch: str = "gh-pages"
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The record of a published edition (None when it has none) and a warning (CB710)
    when it cannot be read: not JSON, not a record, or written by a newer clausebook."""
    where = f"{edition}/{reports_dir}/{SNAPSHOT_NAME}"
    text = _git(root, "show", f"{branch}:{where}")
    if not text:
        return None, []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [_unreadable(where, branch, f"not JSON: {error.msg} at line {error.lineno}")]
    version = data.get("clausebook_snapshot") if isinstance(data, dict) else None
    if isinstance(version, int) and version > SNAPSHOT_VERSION:
        why = f"format {version}, written by a newer clausebook; this one reads {SNAPSHOT_VERSION}"
        return None, [_unreadable(where, branch, why)]
    try:
        record = _Snapshot.model_validate(data)
    except ValidationError as error:
        return None, [_unreadable(where, branch, _reason(error))]
    return record.model_dump(), []


def previous_snapshot(
    root: Path, reports_dir: str, current: str | None, branch: str = "gh-pages"
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The snapshot of the newest published edition other than ``current``, and the
    warnings met reading the branch."""
    versions, problems = read_editions(root, branch)
    for version in versions:
        name = version["version"]
        if name != current:
            record, found = read_snapshot(root, name, reports_dir, branch)
            return record, problems + found
    return None, problems


#: The document control fields a redline lists when they changed, in the control block's order.
REDLINE_FIELDS = (
    "title",
    "revision",
    "status",
    "classification",
    "owner",
    "approver",
    "effective",
    "reviewed",
    "clauses",
)


def fields_changed(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field, before, after) of each field that changed between two snapshot records; a
    field an older snapshot did not record is left out rather than shown as added."""
    changed = []
    for name in REDLINE_FIELDS:
        if name not in old or name not in new:
            continue
        before, after = old[name], new[name]
        if isinstance(before, list):
            before, after = ", ".join(before), ", ".join(after)
        if before != after:
            changed.append((name, str(before), str(after)))
    return changed
