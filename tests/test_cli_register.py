"""``clausebook register``: the register as a table, CSV and JSON, as the site has it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clikit import (
    REGISTER_COLUMNS,
    TYPE_ORDER,
    csv_header,
    csv_rows,
    run,
    width,
)
from sitekit import FORMULA, Built, document, write_site

pytestmark = pytest.mark.slow


HOSTILE = {"=SUM(A1:A9)", "+1 call", "-2 days", "@admin"}


def register_project(root: Path) -> Path:
    docs = {
        "procedures/pro-10.md": document("PRO-10", "变更管理程序", owner="变更经理"),
        "procedures/pro-2.md": document("PRO-2", "Change = control", owner="@owner"),
        "manual/pol-01.md": document("POL-01", "Policy", type="policy"),
        "manual/man-01.md": document("MAN-01", "Manual", type="manual"),
        "procedures/wi-01.md": document("WI-01", "=SUM(A1:A9)", type="work-instruction"),
        "procedures/frm-01.md": document("FRM-01", "+1 call", type="form"),
        "procedures/rec-01.md": document("REC-01", "-2 days", type="record"),
        "procedures/ext-01.md": document("EXT-01", "@admin", type="external"),
    }
    return write_site(root, docs)


def test_register_csv_bom_chinese_and_formulas(tmp_path: Path) -> None:
    config = register_project(tmp_path)
    result = run("register", "-f", config, "--format", "csv")
    assert result.exit_code == 0
    data = result.stdout_bytes
    assert csv_header(data) == REGISTER_COLUMNS
    rows = csv_rows(data)
    by_id = {r["id"]: r for r in rows}
    assert by_id["PRO-10"]["title"] == "变更管理程序"
    assert by_id["PRO-10"]["owner"] == "变更经理"
    assert "变更管理程序".encode() in data
    shown = {r["title"] for r in rows}
    for text in HOSTILE:
        assert "'" + text in shown and text not in shown
    assert by_id["PRO-2"]["title"] == "Change = control"  # only a leading sign is neutralised
    assert by_id["PRO-2"]["owner"] == "'@owner"

    # JSON is for programs: the same rows, with the text exactly as written.
    documents = json.loads(run("register", "-f", config, "--format", "json").stdout)["documents"]
    assert [d["id"] for d in documents] == [r["id"] for r in rows]
    assert {d["title"] for d in documents} >= HOSTILE | {"变更管理程序"}
    for d in documents:
        assert list(d) == REGISTER_COLUMNS
        row = by_id[d["id"]]
        assert all(row[c] in (d[c], "'" + d[c]) for c in REGISTER_COLUMNS)


def test_register_order_is_type_then_natural_id(tmp_path: Path) -> None:
    config = register_project(tmp_path)
    documents = json.loads(run("register", "-f", config, "--format", "json").stdout)["documents"]
    order = [(d["type"], d["id"]) for d in documents]

    def key(item: tuple[str, str]) -> tuple[int, list[object]]:
        parts = re.split(r"(\d+)", item[1])
        return TYPE_ORDER.index(item[0]), [int(p) if p.isdigit() else p for p in parts]

    assert order == sorted(order, key=key)
    assert order.index(("procedure", "PRO-2")) < order.index(("procedure", "PRO-10"))


def test_register_table_aligns_chinese_by_display_width(tmp_path: Path) -> None:
    config = register_project(tmp_path)
    result = run("register", "-f", config)
    assert result.exit_code == 0
    header, rule, *body = result.stdout.splitlines()
    assert header.split() == [
        "id",
        "title",
        "revision",
        "status",
        "owner",
        "effective",
        "next_review",
    ]
    assert set(rule) == {"-", " "}
    documents = json.loads(run("register", "-f", config, "--format", "json").stdout)["documents"]
    assert [line.split()[0] for line in body] == [d["id"] for d in documents]
    # Each column starts at the same display column in every line, Chinese counting double.
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    for line, d in zip(body, documents, strict=True):
        position = 0
        for start, column in zip(starts, ["id", "title", "revision", "status"], strict=False):
            position = line.index(d[column], position)
            assert width(line[:position]) == start, (line, column)
            position += len(d[column])


def test_register_output_file(tmp_path: Path) -> None:
    config = register_project(tmp_path / "project")
    target = tmp_path / "register.csv"
    result = run("register", "-f", config, "--format", "csv", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.strip() == f"wrote {target}"
    assert target.read_bytes() == run("register", "-f", config, "--format", "csv").stdout_bytes


def test_output_never_replaces_a_markdown_file(tmp_path: Path) -> None:
    config = register_project(tmp_path)
    source = tmp_path / "procedures" / "pro-2.md"
    before = source.read_bytes()
    result = run("register", "-f", config, "--format", "csv", "-o", source)
    assert result.exit_code == 2
    assert "inside the source folder 'procedures'" in result.stderr
    assert source.read_bytes() == before
    # Nor a new file among the documents, nor the Markdown pages of docs/.
    fresh = tmp_path / "procedures" / "register.csv"
    result = run("register", "-f", config, "--format", "csv", "-o", fresh)
    assert result.exit_code == 2 and not fresh.exists()
    home = tmp_path / "docs" / "index.md"
    kept = home.read_bytes()
    result = run("register", "-f", config, "--format", "csv", "-o", home)
    assert result.exit_code == 2 and "exists and is Markdown" in result.stderr
    assert home.read_bytes() == kept
    result = run("pages", "-f", config, "-o", tmp_path / "procedures" / "generated")
    assert result.exit_code == 2 and not (tmp_path / "procedures" / "generated").exists()


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    config = register_project(tmp_path)
    target = tmp_path / "no" / "such" / "register.csv"
    for command in (
        ["register", "-f", config, "--format", "csv"],
        ["matrix", "-f", config, "--format", "xlsx"],
        ["review", "-f", config, "--format", "ics"],
        ["schema"],
    ):
        result = run(*command, "-o", target)
        assert result.exit_code == 2, command
        assert f"cannot write {target}" in result.stderr
    assert not (tmp_path / "no").exists()


def test_register_exports_equal_the_site(built: tuple[Path, Built]) -> None:
    config, site = built
    data = run("register", "-f", config, "--format", "csv").stdout_bytes
    # Not on a terminal, the CLI writes the very bytes of the site's file (BOM, CRLF).
    assert data == site.bytes("reports/register.csv")
    rows = csv_rows(data)
    assert {r["id"] for r in rows} == {"MAN-01", "POL-01", "PRO-CHG-01", "PRO-INC-01", "PRO-SVC-01"}
    assert {r["title"] for r in rows} >= {"服务管理方针", "事件管理程序", "'" + FORMULA}
    json_out = run("register", "-f", config, "--format", "json").stdout_bytes
    assert json_out == site.bytes("reports/register.json")
