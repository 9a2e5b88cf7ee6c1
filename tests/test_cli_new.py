"""``clausebook new``: a draft with the next free id, never over an existing file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clikit import (
    run,
)
from sitekit import document, write_site

pytestmark = pytest.mark.slow


def new_project(root: Path) -> Path:
    docs = {
        "procedures/pro-acc-01.md": document("PRO-ACC-01", "Access control"),
        # A draft: left out of the edition, but its id is taken all the same.
        "procedures/pro-acc-02.md": document("PRO-ACC-02", "Access review", status="draft"),
        "manual/pol-01.md": document("POL-01", "Policy", type="policy"),
    }
    return write_site(root, docs)


def ids_in(config: Path) -> list[str]:
    """Every document id the project's sources hold (drafts included)."""
    root = config.parent
    found = []
    for path in sorted(root.glob("*/*.md")):
        match = re.search(r'^id: "?([^"\n]+)"?$', path.read_text("utf-8"), re.M)
        if match and path.parent.name in ("manual", "procedures"):
            found.append(match.group(1))
    return found


def next_free(config: Path, stem: str) -> str:
    """The id after the highest number in use with ``stem`` (drafts included)."""
    taken = [int(i.rsplit("-", 1)[1]) for i in ids_in(config) if i.startswith(stem + "-")]
    return f"{stem}-{max(taken, default=0) + 1:02d}"


def test_new_creates_the_next_free_id(tmp_path: Path) -> None:
    config = new_project(tmp_path)
    expected = next_free(config, "PRO-ACC")
    assert expected not in ids_in(config)
    result = run("new", "procedure", "--title", "Access management", "--area", "ACC", "-f", config)
    assert result.exit_code == 0, result.output
    relative = f"procedures/{expected.lower()}-access-management.md"
    assert result.stdout.strip() == f"created {relative} ({expected})"
    text = (tmp_path / relative).read_text("utf-8")
    assert f"id: {expected}\n" in text and 'title: "Access management"' in text
    assert "type: procedure\n" in text and "status: draft\n" in text
    assert 'owner: "Document Controller"' in text

    # A valid draft at once; the approver is a comment to fill in before approval.
    assert "# approver: " in text
    checked = run("check", "-f", config, "--strict")
    assert checked.exit_code == 0, checked.output
    problems = json.loads(run("check", "-f", config, "--format", "json").stdout)["problems"]
    assert problems == []


def test_new_twice_gives_two_ids_and_overwrites_nothing(tmp_path: Path) -> None:
    config = new_project(tmp_path)
    first = run("new", "procedure", "--title", "Access management", "--area", "ACC", "-f", config)
    created = tmp_path / first.stdout.split()[1]
    before = created.read_bytes()
    second = run("new", "procedure", "--title", "Access management", "--area", "ACC", "-f", config)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout != second.stdout
    assert created.read_bytes() == before
    ids = ids_in(config)
    assert len(ids) == len(set(ids)), ids  # no duplicate id (CB401)
    problems = json.loads(run("check", "-f", config, "--format", "json").stdout)["problems"]
    assert problems == []


@pytest.mark.parametrize("area", ["../../x", "A B", "CHG/1", ""])
def test_new_refuses_an_area_that_is_not_a_code(tmp_path: Path, area: str) -> None:
    config = new_project(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.md"))
    result = run("new", "procedure", "--title", "Access", "--area", area, "-f", config)
    assert result.exit_code == 2 and "is not an area code" in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.md")) == before


def test_new_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    config = new_project(tmp_path)
    # The file of the next id, already there (not a document, so its id is unknown).
    target = (
        tmp_path / "procedures" / f"{next_free(config, 'PRO-ACC').lower()}-access-management.md"
    )
    target.write_text("my notes\n", "utf-8")
    listing = sorted(p.name for p in (tmp_path / "procedures").iterdir())
    result = run("new", "procedure", "--title", "Access management", "--area", "ACC", "-f", config)
    assert result.exit_code == 2
    assert f"{target} already exists; nothing written" in result.stderr
    assert target.read_text("utf-8") == "my notes\n"
    assert sorted(p.name for p in (tmp_path / "procedures").iterdir()) == listing


def test_new_folder_by_type_and_unknown_folder(tmp_path: Path) -> None:
    config = new_project(tmp_path)
    result = run("new", "policy", "--title", "Information security policy", "-f", config)
    assert result.exit_code == 0
    assert result.stdout.startswith("created manual/pol-02-information-security-policy.md")
    result = run("new", "form", "--title", "Request", "--folder", "forms", "-f", config)
    assert result.exit_code == 2
    assert "'forms' is not a source folder (manual, procedures)" in result.stderr
    assert not (tmp_path / "forms").exists()
    result = run("new", "leaflet", "--title", "X", "-f", config)
    assert result.exit_code == 2 and "leaflet" in result.stderr
