"""Special files and folders among the sources, and the guard between the sources and
docs_dir (issue 18, items 10-12)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from clausebook.cli.project import ProjectError, load_project
from clausebook.core import loader
from clausebook.core.loader import misplaced_sources
from clausebook.core.manual import load
from clausebook.core.settings import Settings
from clikit import run
from sitekit import build_fails, document, write_site

AS_OF = dt.date(2026, 11, 24)


def manual_of(root: Path) -> list[str]:
    """Codes of the problems found loading ``root``'s procedures folder."""
    return [p.code for p in load(root, Settings(sources=["procedures"]), as_of=AS_OF).problems]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "pro-ok-01.md").write_text(document("PRO-OK-01", "Fine"), "utf-8")
    return tmp_path


def test_a_fifo_named_md_is_a_problem_not_a_hang(root: Path) -> None:
    os.mkfifo(root / "procedures" / "pipe.md")
    manual = load(root, Settings(sources=["procedures"]), as_of=AS_OF)
    (problem,) = manual.problems
    assert problem.code == "CB111" and problem.file == "procedures/pipe.md"
    assert "not a regular file" in problem.message
    assert [d.id for d in manual.documents] == ["PRO-OK-01"]


def test_a_folder_that_cannot_be_listed_is_named(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = root / "procedures" / "locked"
    locked.mkdir()
    (locked / "pro-x-01.md").write_text(document("PRO-X-01", "Hidden"), "utf-8")
    scandir = os.scandir

    def refuse(path: object) -> object:  # the tests run as root, whom chmod 000 stops not
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied")
        return scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(loader.os, "scandir", refuse)
    manual = load(root, Settings(sources=["procedures"]), as_of=AS_OF)
    (problem,) = manual.problems
    assert problem.code == "CB111" and problem.file == "procedures/locked"
    assert "Permission denied" in problem.message


def test_a_linked_folder_out_of_the_repository_is_cb110(root: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "pro-out-01.md").write_text(document("PRO-OUT-01", "Outside"), "utf-8")
    (root / "procedures" / "shared").symlink_to(outside, target_is_directory=True)
    assert manual_of(root) == ["CB110"]


def test_a_linked_folder_inside_the_repository_is_read_once(root: Path) -> None:
    (root / "extra").mkdir()
    (root / "extra" / "pro-in-01.md").write_text(document("PRO-IN-01", "Inside"), "utf-8")
    (root / "procedures" / "extra").symlink_to(root / "extra", target_is_directory=True)
    (root / "procedures" / "again").symlink_to(root / "extra", target_is_directory=True)
    manual = load(root, Settings(sources=["procedures"]), as_of=AS_OF)
    assert [d.id for d in manual.documents] == ["PRO-IN-01", "PRO-OK-01"]
    assert manual.problems == []


# ------------------------------------------------------------------- sources and docs_dir


def reasons(root: Path, sources: list[str]) -> list[str]:
    return [p.message for p in misplaced_sources(root, sources, root / "docs")]


def test_a_link_in_docs_dir_to_a_source_folder_is_refused(root: Path) -> None:
    (root / "docs").mkdir()
    (root / "docs" / "procedures").symlink_to(root / "procedures", target_is_directory=True)
    (found,) = reasons(root, ["procedures"])
    assert "docs/procedures in docs_dir is a link" in found


def test_a_linked_file_in_docs_dir_from_a_source_folder_is_refused(root: Path) -> None:
    (root / "docs").mkdir()
    (root / "docs" / "copy.md").symlink_to(root / "procedures" / "pro-ok-01.md")
    assert len(reasons(root, ["procedures"])) == 1


def test_the_repository_itself_as_a_source_is_refused(root: Path) -> None:
    (root / "docs").mkdir()
    (found,) = reasons(root, ["."])
    assert "holds docs_dir" in found


def test_a_folder_listed_twice_or_inside_another_is_refused(root: Path) -> None:
    (root / "docs").mkdir()
    (root / "procedures" / "sub").mkdir()
    assert len(reasons(root, ["procedures", "procedures/"])) == 1
    assert len(reasons(root, ["procedures", "procedures/sub"])) == 1
    assert reasons(root, ["procedures"]) == []


def test_the_build_and_the_cli_refuse_a_linked_source_alike(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "sms",
        {
            "procedures/pro-chg-01.md": document(
                "PRO-CHG-01", "Change", classification="confidential"
            )
        },
        options={"parallel": False},
    )
    docs = config.parent / "docs"
    (docs / "procedures").symlink_to(config.parent / "procedures", target_is_directory=True)
    with pytest.raises(ProjectError):
        load_project(config)
    _, messages = build_fails(config)
    assert any("is a link" in m and "CB505" in m for m in messages)


# ---------------------------------------------------------------------------- new


def test_new_never_writes_outside_its_folder(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "sms",
        {"procedures/pro-chg-01.md": document("PRO-CHG-01", "Change")},
        options={"id_prefixes": {"procedure": "../../x"}},
    )
    result = run("new", "procedure", "--config", config, "--title", "Escape")
    assert result.exit_code == 2 and "id_prefixes" in result.output
    assert not list(tmp_path.rglob("*escape*"))
