"""What must hold before an edition is published, besides a clean manual.

- Names: an edition or alias becomes a folder at the root of the editions branch, next to
  mike's own ``versions.json`` and ``index.html``; a name such as ``versions.json``,
  ``.git`` or ``.nojekyll`` would overwrite those or be refused by git servers for ever.
  The branch must be a valid branch name and not the checked-out one, which would receive
  the site's files as a commit.
- One publish at a time: the read (editions published), the build and mike's commit are one
  sequence under an exclusive lock in the repository's git folder; a second publish started
  meanwhile stops at once, saying so, instead of losing one of the two editions.
- A clean work tree: an edition records the commit it was built from, so uncommitted or
  untracked source changes are refused unless the publisher allows them explicitly, and
  then the edition records them.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from clausebook.core.problems import Problem

try:  # POSIX; elsewhere publishing runs without the lock (see the hostile-input guide)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: A name that is a plain folder on every host: letters, digits, '.', '-', '_'.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
#: Files mike, MkDocs and static hosts keep at the root of the branch (compared ignoring case).
RESERVED = frozenset(
    {
        "versions.json",
        "index.html",
        "404.html",
        "sitemap.xml",
        "sitemap.xml.gz",
        "robots.txt",
        "favicon.ico",
        "cname",
    }
)
LOCK_NAME = "clausebook-publish.lock"


class Busy(Exception):
    """Another publish of the same repository holds the lock."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def name_problems(root: Path, edition: str, alias: str, branch: str) -> list[Problem]:
    """CB713 for an edition, alias or branch name that would damage the branch or the repo."""
    problems = []
    for what, name in (("edition", edition), ("alias", alias)):
        if not NAME.fullmatch(name) or name.endswith(".lock"):
            problems.append(
                Problem.of(
                    "CB713",
                    f"{what} name {name!r} is not a safe folder name: use 1 to 64 letters, "
                    "digits, '.', '-' and '_', starting with a letter or digit",
                )
            )
        elif name.casefold() in RESERVED:
            problems.append(
                Problem.of(
                    "CB713",
                    f"{what} name {name!r} is reserved: the editions branch keeps a file of "
                    "that name at its root",
                )
            )
    if edition == alias:
        problems.append(
            Problem.of("CB713", f"the alias {alias!r} cannot be the name of the edition itself")
        )
    if _git(root, "check-ref-format", "--branch", branch).returncode != 0 or branch.startswith("-"):
        problems.append(Problem.of("CB713", f"{branch!r} is not a valid git branch name"))
    elif _git(root, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip() == branch:
        problems.append(
            Problem.of(
                "CB713",
                f"branch {branch!r} is the one checked out: the site's files would be "
                "committed over the sources; publish to a branch of its own (gh-pages)",
            )
        )
    return problems


def uncommitted(root: Path, ignore: list[Path]) -> list[str]:
    """Files changed, added or untracked since the last commit (git's ignored files, the
    folders in ``ignore``, such as site/, and mike's temporary ``mike-mkdocs*.yml`` left
    out)."""
    # mike's temporary copies of mkdocs.yml, left behind when a publish was killed.
    excludes = [":(exclude,glob)**/mike-mkdocs*.yml"]
    for folder in ignore:
        with contextlib.suppress(ValueError):
            excludes.append(f":(exclude){folder.resolve().relative_to(root.resolve()).as_posix()}")
    result = _git(root, "status", "--porcelain", "--untracked-files=all", "--", ".", *excludes)
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


@contextlib.contextmanager
def publish_lock(root: Path) -> Iterator[None]:
    """Hold the repository's publish lock for the block; :class:`Busy` when another has it.

    The lock file lives in the git folder (shared by every work tree of the repository) and
    is released by the system when the process ends, however it ends.
    """
    common = _git(root, "rev-parse", "--git-common-dir").stdout.strip()
    if fcntl is None or not common:
        yield
        return
    path = (root / common / LOCK_NAME).resolve()
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            raise Busy(handle.read().strip() or "another process") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
