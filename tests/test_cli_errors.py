"""Bad input to every command: a missing or unusable mkdocs.yml, broken documents,
unknown commands and options. Never a traceback; exit code 2 for usage errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clikit import (
    clean_project,
    csv_rows,
    run,
)
from sitekit import document, write_site

pytestmark = pytest.mark.slow


CONFIG_COMMANDS = [
    ["check"],
    ["register"],
    ["matrix"],
    ["review"],
    ["new", "procedure", "--title", "X"],
    ["pages", "-o", "out"],
]


@pytest.mark.parametrize("command", CONFIG_COMMANDS, ids=lambda c: c[0])
def test_missing_mkdocs_yml(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 2
    assert "CB505" in result.stderr
    assert f"{tmp_path / 'mkdocs.yml'} does not exist (use --config FILE)" in result.stderr
    other = run(*command, "-f", tmp_path / "elsewhere.yml")
    assert other.exit_code == 2 and "elsewhere.yml does not exist" in other.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("site_name: [x\n", "cannot read"),
        ("- a list\n", "is not a YAML mapping"),
        ("site_name: x\nplugins: [search]\n", "does not enable the clausebook plugin"),
        (
            "site_name: x\nplugins:\n  - clausebook:\n      standards: iso9001\n",
            "plugins.clausebook.standards",
        ),
    ],
)
def test_unusable_mkdocs_yml(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, "utf-8")
    for command in CONFIG_COMMANDS:
        result = run(*command, "-f", config)
        assert result.exit_code == 2, command
        assert "CB505" in result.stderr and message in result.stderr, result.stderr


def test_broken_front_matter(tmp_path: Path) -> None:
    broken = "---\nid: PRO-B-01\ntitle: [unclosed\nowner: x\n---\n# Text\n"
    config = write_site(
        tmp_path,
        {"procedures/pro-a-01.md": document("PRO-A-01", "A"), "procedures/bad.md": broken},
    )
    result = run("check", "-f", config)
    assert result.exit_code == 1
    assert re.search(r"^procedures/bad\.md:\d+: error CB104: YAML ", result.stdout, re.M)
    # The other commands leave the broken file out, as the site does, and do not crash.
    rows = csv_rows(run("register", "-f", config, "--format", "csv").stdout_bytes)
    assert [r["id"] for r in rows] == ["PRO-A-01"]
    for command in (["matrix"], ["review"], ["pages", "-o", tmp_path / "out"]):
        assert run(*command, "-f", config).exit_code == 0, command


def test_missing_source_folder(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {"procedures/pro-a-01.md": document("PRO-A-01", "A")},
        options={"sources": ["manual", "procedures", "forms"]},
    )
    (tmp_path / "forms").rmdir()
    result = run("check", "-f", config)
    assert result.exit_code == 2  # a configuration error
    assert "error CB501: plugins.clausebook.sources: source folder 'forms' does not exist" in (
        result.stdout
    )
    for command in (["register"], ["matrix"], ["review"], ["pages", "-o", tmp_path / "out"]):
        assert run(*command, "-f", config).exit_code == 0, command


def test_missing_catalogue_is_a_configuration_error(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {"procedures/pro-a-01.md": document("PRO-A-01", "A")},
        options={"standards": ["catalogues/ours.yaml"]},
    )
    check = run("check", "-f", config)
    assert check.exit_code == 2 and "CB502" in check.stdout
    for command in (["matrix"], ["new", "procedure", "--title", "X"]):
        result = run(*command, "-f", config)
        assert result.exit_code == 2, command
        assert "CB502" in result.stderr and "ours.yaml" in result.stderr
    assert sorted(p.name for p in (tmp_path / "procedures").iterdir()) == ["pro-a-01.md"]


def test_since_an_edition_that_is_not_published(tmp_path: Path) -> None:
    config = clean_project(tmp_path)  # not even a git repository
    result = run("check", "-f", config, "--since", "2026.1")
    assert result.exit_code == 2
    assert "no published edition '2026.1' (published: none)" in result.stderr


def test_unknown_command_and_option(tmp_path: Path) -> None:
    config = clean_project(tmp_path)
    assert run("frobnicate").exit_code == 2
    result = run("register", "-f", config, "--format", "xml")
    assert result.exit_code == 2 and "'xml' is not one of" in result.stderr
    assert run("--version").exit_code == 0
