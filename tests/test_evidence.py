"""Git evidence of approvals (``approvals: git``) on real temporary repositories: the commit
that made each revision effective, disagreement with the recorded approval, a shallow clone
made with ``git clone --depth 1 file://...``, and no repository at all."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from clausebook.core.manual import load
from clausebook.core.settings import Settings
from clausebook.render import reports
from clausebook.render.links import Links
from clausebook.render.pages import Renderer
from sitekit import document

pytestmark = pytest.mark.slow

AS_OF = dt.date(2026, 11, 24)
SETTINGS = Settings(sources=["procedures"], approvals="git", approval_tolerance_days=3)


def git(repo: Path, *args: str, when: str = "2026-01-01") -> str:
    stamp = f"{when}T10:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env
    ).stdout


def write(repo: Path, name: str, text: str) -> None:
    (repo / "procedures" / name).write_text(text, "utf-8")


def commit(repo: Path, author: str, when: str) -> str:
    git(repo, "add", "-A", when=when)
    git(repo, "-c", f"user.name={author}", "commit", "-qm", f"on {when}", when=when)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """PRO-A-01: a draft, made effective on 2026-02-20 (approved 2026-02-18), then a typo
    fixed in place on 2026-03-05; PRO-B-01: effective since its first commit on 2026-02-20
    but recorded as approved on 2026-01-02; PRO-C-01: revised in the work tree, not
    committed."""
    repo = tmp_path / "sms"
    (repo / "procedures").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "dc@example.com")
    write(repo, "a.md", document("PRO-A-01", "A", status="draft", body="Text.\n"))
    write(repo, "c.md", document("PRO-C-01", "C", effective="2026-01-05"))
    commits = {"draft": commit(repo, "Jane Doe", "2026-01-10")}
    write(repo, "a.md", document("PRO-A-01", "A", effective="2026-02-18", body="Text.\n"))
    b = document("PRO-B-01", "B", effective="2026-02-20", approved="2026-01-02")
    write(repo, "b.md", b.replace('"2026-02-20"', '"2026-01-01"'))
    commits["effective"] = commit(repo, "Marcus Oyelaran", "2026-02-20")
    write(repo, "a.md", document("PRO-A-01", "A", effective="2026-02-18", body="Text, fixed.\n"))
    commits["typo"] = commit(repo, "Jane Doe", "2026-03-05")
    write(repo, "c.md", document("PRO-C-01", "C", revision="1.1", effective="2026-06-01"))
    return repo, commits


def test_the_commit_that_made_each_revision_effective(repo: tuple[Path, dict[str, str]]) -> None:
    root, commits = repo
    manual = load(root, SETTINGS, as_of=AS_OF)
    a, b, c = (manual.by_id[i].evidence for i in ("PRO-A-01", "PRO-B-01", "PRO-C-01"))
    assert a is not None and a.commit is not None
    # Not the later typo fix: the commit where the file first read 1.0 as effective.
    assert (a.commit.hash, a.commit.author, a.commit.date) == (
        commits["effective"],
        "Marcus Oyelaran",
        dt.date(2026, 2, 20),
    )
    assert b is not None and b.commit is not None and b.commit.hash == commits["effective"]
    assert c is not None and (c.commit, c.missing) == (None, "uncommitted")
    found = {(p.code, p.file, p.field) for p in manual.problems}
    # PRO-A-01 was approved two days before its commit (tolerance 3); PRO-B-01 49 days.
    assert ("CB860", "procedures/b.md", "approved") in found
    assert not any(p.code == "CB860" and p.file == "procedures/a.md" for p in manual.problems)
    [notice] = [p for p in manual.problems if p.code == "CB861"]
    assert "1 document(s) not committed as they are now: PRO-C-01" in notice.message


def test_register_exports_and_control_block_show_the_commit(
    repo: tuple[Path, dict[str, str]],
) -> None:
    root, commits = repo
    manual = load(root, SETTINGS, as_of=AS_OF)
    renderer = Renderer(manual, Links(markdown=True))
    site = reports.plan(renderer).render()
    csv_text = site.files["reports/register.csv"].decode("utf-8-sig")
    header, *rows = [line.split(",") for line in csv_text.splitlines()]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_id["PRO-A-01"]["commit"] == commits["effective"]
    assert by_id["PRO-A-01"]["commit_author"] == "Marcus Oyelaran"
    assert by_id["PRO-A-01"]["commit_date"] == "2026-02-20"
    assert by_id["PRO-C-01"]["commit_missing"] == "uncommitted"
    page = renderer.plain_document(manual.by_id["PRO-A-01"])
    short = commits["effective"][:10]
    assert f"Made effective by commit <code>{short}</code> of Marcus Oyelaran on 2026-02-20" in page


def test_a_shallow_clone_says_what_it_cannot_see(
    repo: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root, _ = repo
    git(root, "stash", "-q", "-u")  # the clone has what is committed
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)], check=True)
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    assert git(clone, "remote").strip() == "origin"
    git(clone, "remote", "remove", "origin")  # never needs a remote
    manual = load(clone, SETTINGS, as_of=AS_OF)
    for doc_id in ("PRO-A-01", "PRO-B-01", "PRO-C-01"):
        evidence = manual.by_id[doc_id].evidence
        # Effective in the one commit the clone has: never attributed to that commit.
        assert evidence is not None and (evidence.commit, evidence.missing) == (None, "shallow")
    [notice] = [p for p in manual.problems if p.code == "CB861"]
    assert "3 document(s) older than this shallow clone's history" in notice.message
    assert not [p for p in manual.problems if p.code == "CB860"]


def test_without_a_repository_there_is_a_notice_and_no_evidence(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    write(tmp_path, "a.md", document("PRO-A-01", "A"))
    manual = load(tmp_path, SETTINGS, as_of=AS_OF)
    [notice] = manual.problems
    assert notice.code == "CB861" and "not a git repository" in notice.message
    assert manual.by_id["PRO-A-01"].evidence is None


def test_without_the_option_git_is_not_asked(
    repo: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = repo
    monkeypatch.setenv("PATH", "")  # no git to be found
    manual = load(root, Settings(sources=["procedures"]), as_of=AS_OF)
    assert not [p for p in manual.problems if p.code.startswith("CB86")]
    assert manual.by_id["PRO-A-01"].evidence is None
