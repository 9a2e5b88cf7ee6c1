"""``clausebook init``: a starter project that builds."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import pytest

from clausebook.cli.scaffold import install_spec
from clausebook.core.vocabulary import BUILTIN_TYPES
from clikit import (
    AS_OF_ENV,
    REGISTER_COLUMNS,
    csv_header,
    run,
)
from sitekit import build_site

pytestmark = pytest.mark.slow


def test_init_writes_a_starter_project_that_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "starter"
    result = run("init", target)
    assert result.exit_code == 0
    created = [line.removeprefix("created ") for line in result.stdout.splitlines()]
    assert all(Path(p).is_file() for p in created)
    assert {"mkdocs.yml", "Makefile", "docs/index.md", ".gitignore", "clausebook.schema.json"} <= {
        Path(p).relative_to(target).as_posix() for p in created
    }
    schema = json.loads((target / "clausebook.schema.json").read_text("utf-8"))
    assert schema == json.loads(run("schema", "-f", target / "mkdocs.yml").stdout)

    monkeypatch.delenv(AS_OF_ENV, raising=False)
    site = build_site(target / "mkdocs.yml")
    assert (site.site / "index.html").is_file()
    assert csv_header((site.site / "reports/register.csv").read_bytes()) == REGISTER_COLUMNS
    # Its Makefile installs this very clausebook (a checkout's folder or an exact version).
    makefile = (target / "Makefile").read_text("utf-8")
    assert f"CLAUSEBOOK ?= {install_spec()}\n" in makefile and "@CLAUSEBOOK@" not in makefile
    assert install_spec() == f"clausebook>={importlib.metadata.version('clausebook')}"
    # The example drafts are valid drafts: a new manual starts with a clean check.
    checked = run("check", "-f", target / "mkdocs.yml", "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["problems"] == []
    drafts = sorted(p.relative_to(target).as_posix() for p in target.glob("*/*-01-*.md"))
    assert len(drafts) == len(BUILTIN_TYPES)


def test_init_keeps_existing_files(tmp_path: Path) -> None:
    target = tmp_path / "starter"
    (target / "docs").mkdir(parents=True)
    (target / "mkdocs.yml").write_text("site_name: Mine\n", "utf-8")
    (target / "docs/index.md").write_text("# My home\n", "utf-8")
    result = run("init", target)
    assert result.exit_code == 0
    assert (target / "mkdocs.yml").read_text("utf-8") == "site_name: Mine\n"
    assert (target / "docs/index.md").read_text("utf-8") == "# My home\n"
    assert f"kept    {target / 'mkdocs.yml'} (exists)" in result.stdout.splitlines()
    assert f"kept    {target / 'docs/index.md'} (exists)" in result.stdout.splitlines()
    assert f"created {target / 'Makefile'}" in result.stdout.splitlines()

    files = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    again = run("init", target)
    assert again.exit_code == 0
    assert not any(line.startswith("created") for line in again.stdout.splitlines())
    assert len(again.stdout.splitlines()) == len(files)
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == files
