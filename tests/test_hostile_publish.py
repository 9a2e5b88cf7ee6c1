"""Publishing under hostile names, dirty work trees and concurrent runs (issue 18, items 7-9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clausebook.cli.guards import name_problems, publish_lock, uncommitted
from clausebook.cli.project import load_project
from clausebook.cli.publishing import PublishError, publish
from sitekit import document, write_site

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed manual of one effective procedure; returns its mkdocs.yml."""
    config = write_site(
        tmp_path / "sms",
        {"procedures/pro-chg-01.md": document("PRO-CHG-01", "Change management")},
        options={"parallel": False},
        config={"extra": {"version": {"provider": "mike"}}},
    )
    root = config.parent
    (root / ".gitignore").write_text("site/\n", "utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Doc Controller")
    git(root, "config", "user.email", "dc@example.com")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "sources")
    return config


def versions(root: Path) -> list[str]:
    return [v["version"] for v in json.loads(git(root, "show", "gh-pages:versions.json"))]


@pytest.mark.parametrize(
    ("edition", "alias", "branch", "wanted"),
    [
        ("versions.json", "latest", "gh-pages", "reserved"),
        ("index.html", "latest", "gh-pages", "reserved"),
        ("2026.1", ".git", "gh-pages", "not a safe folder name"),
        ("2026.1", ".nojekyll", "gh-pages", "not a safe folder name"),
        ("../up", "latest", "gh-pages", "not a safe folder name"),
        ("a/b", "latest", "gh-pages", "not a safe folder name"),
        ("2026.1", "2026.1", "gh-pages", "cannot be the name of the edition"),
        ("2026.1", "latest", "main", "is the one checked out"),
        ("2026.1", "latest", "bad..name", "not a valid git branch name"),
        ("2026.1", "latest", "-f", "not a valid git branch name"),
    ],
)
def test_unsafe_names_are_refused(
    repo: Path, edition: str, alias: str, branch: str, wanted: str
) -> None:
    problems = name_problems(repo.parent, edition, alias, branch)
    assert [p.code for p in problems] == ["CB713"]
    assert wanted in problems[0].message


def test_safe_names_pass(repo: Path) -> None:
    assert name_problems(repo.parent, "2026.1", "latest", "gh-pages") == []
    assert name_problems(repo.parent, "v2_rc-1", "stable", "gh-pages-chg") == []


def test_a_reserved_edition_name_publishes_nothing(repo: Path) -> None:
    with pytest.raises(PublishError) as caught:
        publish(load_project(repo), "versions.json")
    assert [p.code for p in caught.value.problems] == ["CB713"]
    assert git(repo.parent, "branch", "--list", "gh-pages") == ""


def test_uncommitted_and_untracked_changes_are_refused(repo: Path) -> None:
    root = repo.parent
    (root / "procedures" / "pro-chg-01.md").write_text(
        document("PRO-CHG-01", "Change management", body="Uncommitted text."), "utf-8"
    )
    (root / "procedures" / "pro-new-01.md").write_text(document("PRO-NEW-01", "New"), "utf-8")
    (root / "site").mkdir()
    (root / "site" / "stale.html").write_text("old build", "utf-8")
    (root / "mike-mkdocs_x1y2.yml").write_text("left by a killed publish", "utf-8")
    assert sorted(uncommitted(root, [root / "site"])) == [
        "procedures/pro-chg-01.md",
        "procedures/pro-new-01.md",
    ]
    with pytest.raises(PublishError) as caught:
        publish(load_project(repo), "2026.1")
    (problem,) = caught.value.problems
    assert problem.code == "CB712" and "pro-new-01.md" in problem.message
    assert "--allow-dirty" in problem.message
    assert git(root, "branch", "--list", "gh-pages") == ""


def test_allow_dirty_publishes_and_records_the_uncommitted_files(repo: Path) -> None:
    root = repo.parent
    (root / "procedures" / "pro-new-01.md").write_text(document("PRO-NEW-01", "New"), "utf-8")
    published = publish(load_project(repo), "2026.1", allow_dirty=True)
    assert published.notes and "uncommitted" in published.notes[0]
    record = json.loads(git(root, "show", "gh-pages:2026.1/reports/edition.json"))
    assert record["uncommitted"] == ["procedures/pro-new-01.md"]
    assert "uncommitted" in git(root, "log", "-2", "--format=%s", "gh-pages")


def test_a_publish_while_another_holds_the_lock_stops_clearly(repo: Path) -> None:
    root = repo.parent
    with publish_lock(root), pytest.raises(PublishError) as caught:
        publish(load_project(repo), "2026.1")
    assert [p.code for p in caught.value.problems] == ["CB711"]
    assert f"process {os.getpid()}" in caught.value.problems[0].message
    assert git(root, "branch", "--list", "gh-pages") == ""


def test_two_simultaneous_publishes_never_lose_an_edition(repo: Path) -> None:
    root = repo.parent
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "clausebook.cli", "publish", "--config", str(repo)]
    runs = [
        subprocess.Popen(
            [*command, name], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for name in ("2026.1", "2026.2")
    ]
    results = [(run.wait(timeout=300), run.communicate()[1].decode()) for run in runs]
    names = ("2026.1", "2026.2")
    succeeded = [name for name, (code, _) in zip(names, results, strict=True) if code == 0]
    assert succeeded, results
    assert sorted(versions(root)) == sorted(succeeded)
    for code, stderr in results:
        assert code == 0 or "CB711" in stderr, stderr
