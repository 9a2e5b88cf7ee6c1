"""Hostile or damaged records on the editions branch (issue 18, item 3): a versions.json or
edition.json that is not what clausebook wrote is a warning naming it, never a crash after
MkDocs emptied site/."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausebook.cli.commands import main
from clausebook.cli.project import load_project
from clausebook.cli.publishing import PublishError, check_for_publish
from clausebook.core import editions
from sitekit import build_site, document, write_site

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def with_branch(root: Path, files: dict[str, str]) -> None:
    """Make ``root`` a repository with one commit on main and ``files`` on gh-pages."""
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Doc Controller")
    git(root, "config", "user.email", "dc@example.com")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "sources")
    git(root, "checkout", "-q", "--orphan", "gh-pages")
    git(root, "rm", "-rqf", ".")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "editions")
    git(root, "checkout", "-q", "main")


VERSIONS = json.dumps([{"version": "2026.1", "title": "2026.1", "aliases": ["latest"]}])
FUTURE = json.dumps({"clausebook_snapshot": 99, "documents": {}})
BROKEN_RECORD = json.dumps({"clausebook_snapshot": 1, "documents": {"PRO-1": {"title": 3}}})

CASES = {
    "versions.json not JSON": {"versions.json": "{not json"},
    "versions.json not a list": {"versions.json": '{"version": "x"}'},
    "versions.json entries without a version": {"versions.json": '[{"title": "x"}, 3]'},
    "edition.json not JSON": {"versions.json": VERSIONS, "2026.1/reports/edition.json": "[1,"},
    "edition.json of a newer format": {
        "versions.json": VERSIONS,
        "2026.1/reports/edition.json": FUTURE,
    },
    "edition.json with a broken record": {
        "versions.json": VERSIONS,
        "2026.1/reports/edition.json": BROKEN_RECORD,
    },
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(
        tmp_path / "sms",
        {"procedures/pro-chg-01.md": document("PRO-CHG-01", "Change management")},
        options={"parallel": False},
    )


@pytest.mark.parametrize("files", CASES.values(), ids=list(CASES))
def test_a_damaged_record_is_one_warning_that_check_reports(
    site: Path, files: dict[str, str]
) -> None:
    with_branch(site.parent, files)
    record, problems = editions.previous_snapshot(site.parent, "reports", None)
    assert record is None
    assert [p.code for p in problems] == ["CB710"]
    assert problems[0].file is not None and problems[0].file.startswith("gh-pages:")
    result = CliRunner().invoke(main, ["check", "--config", str(site)])
    assert result.exit_code == 0, result.output
    assert "CB710" in result.output


@pytest.mark.parametrize("case", ["versions.json not JSON", "edition.json of a newer format"])
def test_the_build_warns_before_cleaning_and_goes_on(site: Path, case: str) -> None:
    with_branch(site.parent, CASES[case])
    built = build_site(site)
    assert (built.site / "procedures" / "pro-chg-01" / "index.html").is_file()
    messages = built.messages()
    warned = [i for i, m in enumerate(messages) if "CB710" in m]
    cleaned = [i for i, m in enumerate(messages) if "Cleaning site directory" in m]
    assert len(warned) == 1 and warned[0] < cleaned[0]


def test_a_damaged_record_stops_a_publish_before_anything_is_built(site: Path) -> None:
    with_branch(site.parent, CASES["edition.json of a newer format"])
    before = git(site.parent, "rev-parse", "gh-pages")
    with pytest.raises(PublishError) as caught:
        check_for_publish(load_project(site), "2026.2", replace=False)
    assert [p.code for p in caught.value.problems] == ["CB710"]
    assert caught.value.problems[0].severity == "error"
    assert "newer clausebook" in caught.value.problems[0].message
    assert git(site.parent, "rev-parse", "gh-pages") == before


def test_a_readable_branch_gives_no_warning(site: Path) -> None:
    with_branch(site.parent, {"versions.json": VERSIONS})
    versions, problems = editions.read_editions(site.parent)
    assert problems == [] and [v["version"] for v in versions] == ["2026.1"]
