"""The XLSX writer: files a spreadsheet program reads back cell for cell, byte-stable."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from clausebook.exports.spreadsheet import Sheet, column_letter, sheet_name, workbook

FILLS = {"covered": "C8E6C9", "uncovered": "FFCDD2"}


def sample() -> Sheet:
    return Sheet(
        name="ISO/IEC 20000-1:2018",
        header=["clause", "title", "state"],
        rows=[
            ["8.5.1", "变更管理 & <release>", "covered"],
            ["8.5.2", "", "uncovered"],
            ["8.5.3", "  spaced  ", "at-risk"],
        ],
        widths=[10, 40, 12],
        fill_column=2,
        fills=FILLS,
    )


def parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_a_spreadsheet_program_reads_back_cells_styles_panes_and_filter() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook(sample()))).active
    assert sheet.title == "ISO-IEC 20000-1-2018"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["clause", "title", "state"],
        ["8.5.1", "变更管理 & <release>", "covered"],
        ["8.5.2", None, "uncovered"],
        ["8.5.3", "  spaced  ", "at-risk"],
    ]
    assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row if c.value)
    assert [c.font.b for c in sheet[1]] == [True] * 3 and not sheet["A2"].font.b
    assert sheet["C2"].fill.start_color.rgb == "FFC8E6C9"
    assert sheet["C3"].fill.start_color.rgb == "FFFFCDD2"
    assert sheet["C4"].fill.fill_type is None  # no colour for a state without one
    assert sheet["B2"].fill.fill_type is None
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C4"
    assert [sheet.column_dimensions[x].width for x in "ABC"] == [10, 40, 12]
    # Excel keeps a filter only if its range is also named so.
    assert (
        '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
        "'ISO-IEC 20000-1-2018'!$A$1:$C$4</definedName>"
        in parts(workbook(sample()))["xl/workbook.xml"]
    )


def test_the_same_cells_give_the_same_bytes() -> None:
    assert workbook(sample()) == workbook(sample())
    other = sample()
    other.rows[0][1] = "changed"
    assert workbook(other) != workbook(sample())


def test_text_xml_cannot_hold_is_written_as_excel_escapes_it() -> None:
    sheet = Sheet(name="x", header=["a"], rows=[["bell\x07 cr\r _x0041_ tab\t"]])
    xml = parts(workbook(sheet))["xl/worksheets/sheet1.xml"]
    ET.fromstring(xml)
    assert "bell_x0007_ cr_x000D_ _x005F_x0041_ tab\t" in xml


def test_sheet_names_excel_accepts() -> None:
    assert sheet_name("ISO/IEC 27001:2022 [draft]*?") == "ISO-IEC 27001-2022 -draft---"
    assert sheet_name("'quoted'") == "quoted"
    assert sheet_name("") == sheet_name("''") == "Sheet"
    assert sheet_name("History") == "History-"
    assert len(sheet_name("信息安全管理体系要求" * 5)) == 31


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]


_ESCAPED = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=40),
    cells=st.lists(st.lists(st.text(max_size=30), min_size=2, max_size=2), max_size=5),
)
def test_any_text_makes_a_well_formed_workbook(name: str, cells: list[list[str]]) -> None:
    data = workbook(Sheet(name=name, header=["a", "b"], rows=cells))
    for xml in parts(data).values():
        ET.fromstring(xml)
    read = openpyxl.load_workbook(io.BytesIO(data)).active
    assert read.title == sheet_name(name)
    values = [[c.value for c in row] for row in read.iter_rows(min_row=2, max_col=2)]
    for written, row in zip(cells, values, strict=False):
        for text, value in zip(written, row, strict=True):
            if not _ESCAPED.search(text):  # the rest is Excel's escape, which openpyxl keeps
                assert (value or "") == text
