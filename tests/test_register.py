"""The register's rows and its one table of columns."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from clausebook.core.manual import load
from clausebook.core.register import REGISTER, REGISTER_COLUMNS, clauses_text, register_rows
from clausebook.core.settings import Settings
from clausebook.exports.formats import to_csv
from clausebook.render import reports
from clausebook.render.links import Links
from clausebook.render.pages import Renderer
from sitekit import document

AS_OF = dt.date(2026, 11, 24)


def manual_of(tmp_path: Path, documents: dict[str, str]):  # type: ignore[no-untyped-def]
    folder = tmp_path / "procedures"
    folder.mkdir()
    for name, text in documents.items():
        (folder / name).write_text(text, "utf-8")
    settings = Settings(sources=["procedures"], standards=["iso20000-1:2018", "iso9001:2015"])
    return load(tmp_path, settings, as_of=AS_OF)


def test_rows_hold_every_column_as_text_in_type_then_natural_order(tmp_path: Path) -> None:
    manual = manual_of(
        tmp_path,
        {
            "a.md": document("PRO-X-10", "Ten", clauses=["8.1"]),
            "b.md": document("PRO-X-9", "Nine", reviewed="2026-02-01"),
            "c.md": document("POL-01", "Policy", type="policy", approver=None, status="approved"),
        },
    )
    rows = register_rows(manual)
    assert [r["id"] for r in rows] == ["POL-01", "PRO-X-9", "PRO-X-10"]
    assert all(list(row) == REGISTER_COLUMNS for row in rows)
    nine = rows[1]
    assert nine["reviewed"] == "2026-02-01" and nine["next_review"] == "2027-02-01"
    assert rows[0]["approver"] == "" and rows[0]["next_review"] == ""  # not in force yet
    assert rows[2]["clauses"] == "iso20000-1:2018 8.1"


def test_clauses_text_names_standard_clause_and_section(tmp_path: Path) -> None:
    body = "# T\n\n## Emergency changes\n"
    clauses = {"iso20000-1:2018": ["8.5.1.1", "8.5.1.3#emergency-changes"], "iso9001:2015": ["8.1"]}
    manual = manual_of(tmp_path, {"a.md": document("PRO-A-1", "A", clauses=clauses, body=body)})
    assert clauses_text(manual.documents[0]) == (
        "iso20000-1:2018 8.5.1.1; iso20000-1:2018 8.5.1.3#emergency-changes; iso9001:2015 8.1"
    )


def test_one_column_table_gives_page_exports_and_terminal_table(tmp_path: Path) -> None:
    manual = manual_of(tmp_path, {"a.md": document("PRO-A-1", "A <b>")})
    site = reports.plan(Renderer(manual, Links(markdown=True))).render()
    page = site.pages["reports/register.md"].blocks[0]
    shown = [c.key for c in REGISTER if c.cell]
    head = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert head.count("<th") == len(shown)
    row = page.split("<tbody>\n", 1)[1].split("</tr>", 1)[0]
    assert row.count("<td") == len(shown) and "A &lt;b&gt;" in row
    csv_header = site.files["reports/register.csv"].decode("utf-8-sig").split("\r\n", 1)[0]
    assert csv_header.split(",") == REGISTER_COLUMNS
    (entry,) = json.loads(site.files["reports/register.json"])["documents"]
    assert list(entry) == REGISTER_COLUMNS
    assert to_csv(register_rows(manual), REGISTER_COLUMNS) == site.files["reports/register.csv"]
    assert [c.key for c in REGISTER if c.table] == [
        "id", "title", "revision", "status", "owner", "effective", "next_review"
    ]  # fmt: skip
