"""Evidence from git: the commit that made each current revision effective.

The approval record says who approved a revision and when; the repository's history says
when the revision actually became the effective text. With ``approvals: git`` each effective
document gets the commit (hash, author, date) where its file first read this revision with
``status: effective`` (in the run of commits that still read so), and a warning where that
commit and the recorded approval are further apart than ``approval_tolerance_days``.

Only the local repository is read (``git log``, ``git cat-file``): no remote is needed. A
shallow clone (as CI makes) cannot show commits older than its depth: a document whose
revision was already effective in the oldest commit it has is reported as beyond the
clone's history, never attributed to that commit. Without git, or outside a repository,
there is no evidence and one notice says why; the build goes on.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from clausebook.core.approvals import approval_of
from clausebook.core.document import Document
from clausebook.core.frontmatter import split
from clausebook.core.metadata import Status
from clausebook.core.problems import Problem

_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class Commit:
    """A commit as the register shows it."""

    hash: str
    author: str
    date: dt.date

    @property
    def short(self) -> str:
        return self.hash[:10]


@dataclass(frozen=True)
class Evidence:
    """The commit that made a document's current revision effective, or why none is known:
    ``"shallow"`` (older than a shallow clone's history) or ``"uncommitted"`` (the file as
    it is now was never committed)."""

    commit: Commit | None
    missing: str = ""


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    """Run git in ``root``; None when git is missing or fails (no evidence, no traceback)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def gather(
    root: Path, documents: list[Document], tolerance_days: int
) -> tuple[dict[str, Evidence], list[Problem]]:
    """The evidence of every effective document, and the problems it shows."""
    effective = [d for d in documents if d.meta.status is Status.EFFECTIVE]
    top = git(root, "rev-parse", "--show-prefix")
    if top is None:
        return {}, [
            Problem.of(
                "CB861",
                "approvals: git, but git is not installed or this is not a git repository: "
                "no commit evidence",
                field="plugins.clausebook.approvals",
            )
        ]
    prefix = top.decode("utf-8").strip()
    shallow = (git(root, "rev-parse", "--is-shallow-repository") or b"").strip() == b"true"
    history = _history(root, [prefix + d.src_uri for d in effective])
    evidence = _walk(root, effective, prefix, history, shallow)
    problems: list[Problem] = []
    for document in effective:
        found = evidence[document.id]
        approved = approval_of(document.meta).on
        if found.commit is None or approved is None:
            continue
        days = abs((found.commit.date - approved).days)
        if days > tolerance_days:
            problems.append(
                Problem.of(
                    "CB860",
                    f"revision {document.meta.revision} was approved on {approved}, but commit "
                    f"{found.commit.short} by {found.commit.author} made it effective on "
                    f"{found.commit.date} ({days} days apart; tolerance {tolerance_days})",
                    file=document.src_uri,
                    line=document.line_of("approved"),
                    field="approved",
                )
            )
    for reason, text in (
        ("shallow", "older than this shallow clone's history (git fetch --unshallow)"),
        ("uncommitted", "not committed as they are now"),
    ):
        ids = [d.id for d in effective if evidence[d.id].missing == reason]
        if ids:
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            problems.append(
                Problem.of(
                    "CB861",
                    f"no commit evidence for {len(ids)} document(s) {text}: {shown}",
                    field="plugins.clausebook.approvals",
                )
            )
    return evidence, problems


def _history(root: Path, paths: list[str]) -> dict[str, list[Commit]]:
    """The commits of each path (relative to the repository's top), newest first."""
    if not paths:
        return {}
    out = git(
        root,
        "log",
        f"--format={_RECORD}%H{_FIELD}%an{_FIELD}%aI",
        "--name-only",
        "--",
        *(f":(top){p}" for p in paths),
    )
    wanted, history = set(paths), {}
    for record in (out or b"").decode("utf-8", "replace").split(_RECORD)[1:]:
        head, _, names = record.partition("\n")
        commit_hash, author, when = head.split(_FIELD)
        commit = Commit(commit_hash, author, dt.date.fromisoformat(when[:10]))
        for name in names.split("\n"):
            if name in wanted:
                history.setdefault(name, []).append(commit)
    return history


def _walk(
    root: Path,
    documents: list[Document],
    prefix: str,
    history: dict[str, list[Commit]],
    shallow: bool,
) -> dict[str, Evidence]:
    """Walk back each file's commits while it reads the current revision as effective.

    The walks go in rounds, each reading the next older version of every file still
    walking with one ``git cat-file --batch``: a manual of thousands of documents costs a
    few processes, not one per commit.
    """
    found: dict[str, Evidence] = {}
    walking: dict[str, tuple[Document, int]] = {}
    for document in documents:
        if history.get(prefix + document.src_uri):
            walking[document.id] = (document, 0)
        else:
            found[document.id] = Evidence(None, "uncommitted")
    while walking:
        items = list(walking.values())
        requests = [(d, history[prefix + d.src_uri][i], prefix + d.src_uri) for d, i in items]
        blobs = _read(root, [f"{c.hash}:{path}" for _, c, path in requests])
        following: dict[str, tuple[Document, int]] = {}
        for (document, index), blob in zip(items, blobs, strict=True):
            commits = history[prefix + document.src_uri]
            if _same(document, blob):
                if index + 1 < len(commits):
                    following[document.id] = (document, index + 1)
                else:  # effective since the file's first commit, or since the clone's depth
                    found[document.id] = (
                        Evidence(None, "shallow") if shallow else Evidence(commits[index])
                    )
            elif index == 0:
                found[document.id] = Evidence(None, "uncommitted")
            else:
                found[document.id] = Evidence(commits[index - 1])
        walking = following
    return found


def _same(document: Document, blob: bytes | None) -> bool:
    """Whether a committed version of the file is the current revision, effective."""
    if blob is None:
        return False
    matter, _ = split(blob.decode("utf-8", "replace"), document.src_uri)
    data = matter.data if matter is not None else {}
    meta = document.meta
    return data.get("revision") == meta.revision and data.get("status") == Status.EFFECTIVE.value


def _read(root: Path, objects: Iterable[str]) -> list[bytes | None]:
    """The contents of ``commit:path`` objects, in order (None for one that is missing)."""
    names = list(objects)
    out = git(root, "cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode())
    if out is None:
        return [None] * len(names)
    contents: list[bytes | None] = []
    position = 0
    for _ in names:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3:  # "<name> missing"
            contents.append(None)
            continue
        size = int(header[2])
        contents.append(out[position : position + size])
        position += size + 1
    return contents
