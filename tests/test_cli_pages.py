"""``clausebook pages``: every generated page as plain Markdown, with the exports."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from clikit import (
    STANDARDS,
    clean_project,
    run,
    sheet_rows,
    site_folder,
    without_stamp,
)
from sitekit import Built, ics_events

pytestmark = pytest.mark.slow


LINK = re.compile(r'href="([^"]*)"|\]\(([^)\s]+)\)')


def test_pages_writes_markdown_with_inline_tables(
    built: tuple[Path, Built], tmp_path: Path
) -> None:
    config, site = built
    out = tmp_path / "pages"
    result = run("pages", "-f", config, "-o", out)
    assert result.exit_code == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert result.stdout.strip() == f"wrote {len(written)} files to {out}"

    documents = json.loads(run("check", "-f", config, "--format", "json").stdout)["documents"]
    for d in documents:
        page = (out / d["file"]).read_text("utf-8")
        assert '<table class="cb-control">' in page, d["file"]
        assert f"<td>{d['id']}</td>" in page and f"<td>{d['revision']}</td>" in page
    for name in written:
        if name.endswith(".md"):
            assert "<!--clausebook:raw" not in (out / name).read_text("utf-8"), name
    assert not (out / "procedures/pro-dft-01.md").exists()  # not in this edition

    # Every generated page of the site is there as Markdown, and nothing else.
    markdown = {n for n in written if n.endswith(".md")}
    # reports/index.md (the dashboard) is the folder's own page: reports/index.html.
    site_pages = {
        "reports/index.md"
        if p.parent == site.site / "reports"
        else p.parent.relative_to(site.site).as_posix() + ".md"
        for folder in ("manual", "procedures", "reports")
        for p in (site.site / folder).rglob("index.html")
    }
    assert markdown == site_pages
    assert {d["file"] for d in documents} <= markdown

    # The exports, as on the site.
    for name in ("reports/register.csv", "reports/register.json"):
        assert (out / name).read_bytes() == site.bytes(name)
    for standard in STANDARDS:
        folder = site_folder(site, standard)
        for name in ("matrix.csv", "matrix.json"):
            assert (out / folder / name).read_bytes() == site.bytes(f"{folder}/{name}")
        assert (
            sheet_rows(out / folder / "matrix.xlsx")[1]
            == sheet_rows(site.site / folder / "matrix.xlsx")[1]
        )
    assert without_stamp(ics_events((out / "reports/reviews.ics").read_bytes().decode())) == (
        without_stamp(ics_events(site.bytes("reports/reviews.ics").decode()))
    )


def test_pages_links_are_relative_markdown_links(built: tuple[Path, Built], tmp_path: Path) -> None:
    config, _ = built
    out = tmp_path / "pages"
    assert run("pages", "-f", config, "-o", out).exit_code == 0
    checked = 0
    for path in sorted(out.rglob("*.md")):
        here = path.parent.relative_to(out).as_posix()
        for match in LINK.finditer(path.read_text("utf-8")):
            link = match.group(1) or match.group(2)
            if re.match(r"^[a-z]+:", link) or link.startswith("#"):
                continue
            target, _, anchor = link.partition("#")
            assert not target.startswith("/"), (path, link)
            assert not target.endswith((".html", "/")), (path, link)
            resolved = posixpath.normpath(posixpath.join(here, target))
            assert (out / resolved).is_file(), (path, link)
            if anchor.startswith("m-"):  # a clause row of a matrix
                assert f'id="{anchor}"' in (out / resolved).read_text("utf-8"), (path, link)
            checked += 1
    assert checked > 20
    # [[ID]] cross-references and back-links point at the other document's .md file.
    incident = (out / "procedures/pro-inc-01.md").read_text("utf-8")
    assert re.search(r"\]\(pro-chg-01\.md\)", incident)
    change = (out / "procedures/pro-chg-01.md").read_text("utf-8")
    assert re.search(r'(href="|\]\()pro-inc-01\.md', change)
    register = (out / "reports/register.md").read_text("utf-8")
    assert 'href="../procedures/pro-chg-01.md"' in register
    assert 'href="register.csv"' in register


def test_pages_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    config = clean_project(tmp_path / "project")
    out = tmp_path / "pages"
    out.mkdir()
    (out / "keep.txt").write_text("mine", "utf-8")
    result = run("pages", "-f", config, "-o", out)
    assert result.exit_code == 2 and "is not empty; nothing written" in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
