"""The export formats: CSV for Excel, XLSX, JSON and the review calendar (ICS)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from clausebook.exports.formats import neutralise, to_csv, to_ics, to_json, to_xlsx

ROWS = [
    {"id": "PRO-1", "title": "变更管理程序", "state": "covered"},
    {"id": "PRO-2", "title": '=HYPERLINK("http://evil")', "state": "uncovered"},
    {"id": "PRO-3", "title": "+1", "state": "at-risk"},
    {"id": "PRO-4", "title": "-cmd", "state": "excluded"},
    {"id": "PRO-5", "title": "@SUM(A1)", "state": "covered"},
]
COLUMNS = ["id", "title", "state"]


def test_csv_for_excel() -> None:
    raw = to_csv(ROWS, COLUMNS)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["title"] == "变更管理程序"
    assert [r["title"][0] for r in rows[1:]] == ["'", "'", "'", "'"]
    assert neutralise("plain") == "plain"
    # Numbers stay numbers; a sign that starts an expression does not.
    assert [neutralise(v) for v in ("-54", "12", "-1.5", "-1+1", "+1", "-x")] == [
        "-54",
        "12",
        "-1.5",
        "'-1+1",
        "'+1",
        "'-x",
    ]


def test_xlsx_has_frozen_header_filters_and_colours(tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    path.write_bytes(to_xlsx(ROWS, COLUMNS, "ISO/IEC 20000-1:2018"))
    sheet = load_workbook(path).active
    assert sheet.title == "ISO-IEC 20000-1-2018"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C6"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == ["PRO-1", "变更管理程序", "covered"]
    assert values[1][1].startswith("'=HYPERLINK")
    assert sheet["C2"].fill.start_color.rgb.endswith("C8E6C9")
    assert sheet["C3"].fill.start_color.rgb.endswith("FFCDD2")
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold
    assert 8 <= sheet.column_dimensions["B"].width <= 60
    with zipfile.ZipFile(path) as archive:
        assert not any(
            "<f>" in archive.read(n).decode("utf-8", "ignore")
            for n in archive.namelist()
            if n.endswith(".xml")
        )


def test_json_keeps_chinese() -> None:
    data = json.loads(to_json({"rows": ROWS}))
    assert data["rows"][0]["title"] == "变更管理程序"
    assert "变更" in to_json(ROWS).decode("utf-8")


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_escapes_and_folds() -> None:
    events = [
        {
            "uid": "review-PRO-1@x",
            "date": dt.date(2027, 1, 31),
            "summary": "Review PRO-1 Change; emergency, standard",
            "description": "Owner: 变更经理\nRevision: 2.1 " + "长文本" * 30,
        },
        {
            "uid": "review-PRO-2@x",
            "date": dt.date(2027, 2, 1),
            "summary": "Review PRO-2",
            "description": "x",
        },
    ]
    raw = to_ics(events, "Reviews", dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
    text = raw.decode("utf-8")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert lines.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Review PRO-1 Change\\; emergency\\, standard" in lines
    assert "DTSTART;VALUE=DATE:20270131" in lines and "DTEND;VALUE=DATE:20270201" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:Owner"))
    assert "\\n" in description and "长文本" * 30 in description
