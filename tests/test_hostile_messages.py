"""Messages that pointed at the wrong thing, or at nothing (issue 18, item 17)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clausebook.core.frontmatter import split
from clausebook.core.manual import load
from clausebook.core.metadata import validate
from clausebook.core.settings import Settings
from sitekit import document

AS_OF = dt.date(2026, 11, 24)

CATALOGUE = """\
id: {id}
title: A framework
clauses:
  - number: "1"
    title: Scope
  - number: "8.1"
    title: Operation
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "pro-chg-01.md").write_text(
        document("PRO-CHG-01", "Change", clauses=["8.5.1.1", "8.5.1.2"]), "utf-8"
    )
    return tmp_path


def problems_of(root: Path, **options: object) -> list[tuple[str, str]]:
    manual = load(root, Settings(sources=["procedures"], **options), as_of=AS_OF)
    return [(p.code, p.message) for p in manual.problems]


def test_empty_front_matter_problems_have_a_line() -> None:
    matter, problems = split("---\n---\nBody\n", "empty.md")
    assert matter is not None and problems == []
    _, problems = validate(matter, "empty.md")
    assert problems and all(p.line == 2 for p in problems)


def test_a_custom_catalogue_reusing_a_built_in_id_is_one_error(root: Path) -> None:
    (root / "mine.yaml").write_text(CATALOGUE.format(id="iso20000-1:2018"), "utf-8")
    found = problems_of(root, standards=["iso20000-1:2018", "mine.yaml"])
    assert [code for code, _ in found] == ["CB502"]
    assert "id of a built-in catalogue" in found[0][1]


def test_catalogues_whose_file_names_collide_are_refused(root: Path) -> None:
    (root / "mine.yaml").write_text(CATALOGUE.format(id="iso20000-1-2018"), "utf-8")
    found = problems_of(root, standards=["iso20000-1:2018", "mine.yaml"])
    assert [code for code, _ in found] == ["CB502"]
    assert "same id or file name" in found[0][1]


@pytest.mark.parametrize("reference", ["/etc/passwd", "../outside.yaml"])
def test_a_catalogue_outside_the_repository_is_not_read(root: Path, reference: str) -> None:
    found = problems_of(root, standards=["iso20000-1:2018", reference])
    assert [code for code, _ in found] == ["CB503"]
    assert "outside the repository" in found[0][1]


def test_excluding_a_clause_a_document_addresses_is_a_warning(root: Path) -> None:
    (root / "procedures" / "pro-phy-01.md").write_text(
        document("PRO-PHY-01", "Physical security", clauses={"iso27001:2022": ["A.7.5"]}),
        "utf-8",
    )
    exclusions = {"iso27001:2022": {"A.7": "No premises of our own"}}
    found = problems_of(root, standards=["iso20000-1:2018", "iso27001:2022"], exclusions=exclusions)
    flagged = [message for code, message in found if code == "CB410"]
    assert len(flagged) == 1
    assert "PRO-PHY-01 addresses clause A.7.5" in flagged[0] and "excludes A.7" in flagged[0]


def test_a_full_standard_output_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: X\nplugins:\n  - clausebook:\n      sources: [p]\n", "utf-8")
    (tmp_path / "p").mkdir()
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "clausebook.cli", "register", "--config", str(config)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            check=False,
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot write to standard output" in result.stderr
