"""A group's site built for real: units in the register, pages and navigation; a unit's own
site inheriting the group's mkdocs.yml; nothing of another unit in a unit's edition; the
command line with --unit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from clikit import csv_rows, run
from sitekit import (
    AS_OF,
    Built,
    build_site,
    control_block,
    document,
    files_containing,
    navigation,
    table,
    text_of,
    write_site,
)

pytestmark = pytest.mark.slow

#: Text only the London unit's confidential-free local procedure holds.
CANARY = "LONDON-ONLY-CANARY-7f3a"

UNITS = [
    {"code": "SH", "name": "Lotus Shanghai", "scope": "Hosting in China", "sources": ["units/sh"]},
    {"code": "LDN", "name": "Northwind London", "sources": ["units/ldn"]},
]


def extra(text: str, **fields: object) -> str:
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return text.replace("---\n", "---\n" + lines, 1)


DOCUMENTS = {
    "procedures/chg.md": document(
        "PRO-CHG-01", "Change management", clauses=["8.5.1.1", "8.5.1.3"], body="# Change\n"
    ),
    "procedures/inc.md": extra(
        document("PRO-INC-01", "Incident management", clauses=["8.6.1"]), units="[LDN]"
    ),
    "units/sh/chg-sh.md": extra(
        document(
            "PRO-CHG-01-SH",
            "变更管理程序（上海）",
            clauses=["8.5.1.1"],
            effective="2026-07-01",
            body="# 变更管理\n\n变更须经上海变更咨询委员会批准。\n\n见 [[PRO-CHG-01]]。\n",
        ),
        variant_of="PRO-CHG-01",
    ),
    "units/ldn/bcp.md": document(
        "PRO-BCP-LDN",
        "London continuity",
        clauses=["8.7.2"],
        body=f"# London continuity\n\n{CANARY} The London office fails over to Reading.\n",
    ),
}


def group_site(root: Path) -> Path:
    """A group project whose plugins are a mapping, so that a unit's file can INHERIT it."""
    plugin: dict[str, Any] = {"sources": ["procedures"], "as_of": AS_OF, "units": UNITS}
    config = write_site(
        root,
        DOCUMENTS,
        options={"sources": ["procedures"]},
        config={"plugins": {"search": {}, "clausebook": plugin}},
    )
    unit = {
        "INHERIT": "mkdocs.yml",
        "site_name": "上海",
        "site_dir": "site-sh",
        "theme": {"language": "zh"},
        "plugins": {"clausebook": {"unit": "SH"}},
    }
    (root / "mkdocs-sh.yml").write_text(yaml.safe_dump(unit, allow_unicode=True), "utf-8")
    return config


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return group_site(tmp_path_factory.mktemp("group"))


@pytest.fixture(scope="module")
def group(project: Path) -> Built:
    return build_site(project)


@pytest.fixture(scope="module")
def shanghai(project: Path) -> Built:
    return build_site(project.parent / "mkdocs-sh.yml")


def test_the_register_says_where_each_document_is_in_force(group: Built) -> None:
    rows = {r["id"]: r for r in csv_rows(group.bytes("reports/register.csv"))}
    assert {i: (r["unit"], r["variant_of"]) for i, r in rows.items()} == {
        "PRO-BCP-LDN": ("LDN", ""),
        "PRO-CHG-01": ("group", ""),
        "PRO-CHG-01-SH": ("SH", "PRO-CHG-01"),
        "PRO-INC-01": ("group: LDN", ""),
    }
    assert 'class="cb-sort">Unit</button></th></tr></thead>' in group.page("reports/register")


def test_document_pages_say_which_units_they_apply_to(group: Built) -> None:
    def units(path: str) -> str:
        return text_of(control_block(group.page(path))["Units"])

    assert units("procedures/chg") == "all units; in SH replaced by PRO-CHG-01-SH"
    assert units("units/sh/chg-sh") == "SH Lotus Shanghai · local variant of PRO-CHG-01"
    assert units("procedures/inc") == "LDN"


def test_each_unit_has_a_section_of_its_own_documents(group: Built) -> None:
    nav = navigation(group.page("units/sh/chg-sh"))
    titles = [item.title for item in nav.children]
    assert "SH Lotus Shanghai" in titles and "LDN Northwind London" in titles
    sh = nav.children[titles.index("SH Lotus Shanghai")]
    assert [c.title for c in sh.children] == ["Procedures"]


def test_the_units_report_rolls_coverage_up_for_the_group(group: Built) -> None:
    page = group.page("reports/units")
    summary = [[text_of(cell) for cell in row] for row in table(page, "cb-units")]
    assert summary[0][:4] == ["SH Lotus Shanghai Hosting in China", "1", "1", "PRO-CHG-01-SH"]
    differences = table(page, "cb-units-differences")
    rows = {text_of(r[0]): [text_of(cell) for cell in r] for r in differences}
    assert rows["8.5.1.3 Change management activities"][1:] == [
        "uncovered",
        "covered",
        "uncovered in SH only",
    ]
    assert rows["8.6.1 Incident management"][-1] == "uncovered in SH only"
    assert rows["8.7.2 Service continuity management"][-1] == "uncovered in SH only"


def test_a_units_own_site_inherits_the_groups_and_shows_only_what_is_in_force_there(
    shanghai: Built,
) -> None:
    rows = csv_rows(shanghai.bytes("reports/register.csv"))
    assert [r["编号"] for r in rows] == ["PRO-CHG-01-SH"]  # a Chinese site's heads
    page = shanghai.page("units/sh/chg-sh")
    assert "变更须经上海变更咨询委员会批准。" in text_of(page)
    assert '<html lang="zh' in page
    # The group document the variant replaces is named, never linked: not in force here.
    assert not (shanghai.site / "procedures" / "chg").exists()
    assert not (shanghai.site / "reports" / "units").exists()


def test_nothing_of_another_unit_reaches_a_units_edition(shanghai: Built, group: Built) -> None:
    assert files_containing(group.site, CANARY)  # the canary is real: the group shows it
    assert files_containing(shanghai.site, CANARY) == []
    for name in ("PRO-BCP-LDN", "PRO-INC-01"):
        assert files_containing(shanghai.site, name) == [], name


def test_the_command_line_reads_a_unit_as_its_edition_does(project: Path) -> None:
    result = run("register", "-f", project, "--unit", "ldn", "--format", "json")
    assert result.exit_code == 0, result.output
    ids = [d["id"] for d in json.loads(result.stdout)["documents"]]
    assert ids == ["PRO-BCP-LDN", "PRO-CHG-01", "PRO-INC-01"]
    inherited = run("register", "-f", project.parent / "mkdocs-sh.yml", "--format", "json")
    assert [d["id"] for d in json.loads(inherited.stdout)["documents"]] == ["PRO-CHG-01-SH"]
    unknown = run("check", "-f", project, "--unit", "LON")
    assert unknown.exit_code == 2
    assert "'LON' is not a unit (units: SH, LDN); did you mean LDN?" in unknown.output


def test_a_unit_publishes_its_own_edition_set(tmp_path: Path) -> None:
    """`publish --unit` deploys the unit's edition to a branch of its own, where nothing of
    another unit is, and leaves the group's branch alone."""
    repo = tmp_path / "group"
    group_site(repo)
    for args in (
        ["init", "-q", "-b", "main"],
        ["config", "user.name", "Doc Controller"],
        ["config", "user.email", "dc@example.com"],
        ["add", "-A"],
        ["commit", "-qm", "first"],
    ):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)
    result = subprocess.run(
        [sys.executable, "-m", "clausebook.cli", "publish", "--unit", "sh", "2026.1"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "to gh-pages-sh" in result.stdout

    def show(name: str) -> str:
        return subprocess.run(
            ["git", "-C", str(repo), "show", f"gh-pages-sh:{name}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    assert json.loads(show("versions.json"))[0]["version"] == "2026.1"
    register = json.loads(show("2026.1/reports/register.json"))
    assert [d["id"] for d in register["documents"]] == ["PRO-CHG-01-SH"]
    branches = subprocess.run(
        ["git", "-C", str(repo), "branch", "--list"], capture_output=True, text=True
    ).stdout
    assert "gh-pages-sh" in branches and " gh-pages\n" not in branches + "\n"
