"""One-sheet XLSX workbooks, written directly as Office Open XML (ECMA-376).

A matrix needs a small, fixed part of the format: text cells, a bold header row kept in
view, filters, column widths and a fill colour per coverage state. Written here rather than
with openpyxl for two reasons: importing openpyxl cost more than writing the matrices of a
large manual with it (see docs/performance.md); and openpyxl stamps each file with the time
it was made, so every build
changed every workbook of the site (and of each ``mike`` edition) even when no cell did.
The same cells here give the same bytes.

Every cell is an inline string: Excel reads no value as a number, date or formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

#: Characters XML 1.0 cannot hold (or, as CR, does not keep), and text that Excel would read
#: as the escape written for them (``_x000D_``).
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
#: Characters Excel refuses in a sheet name (and control characters, which it cannot show).
_NOT_IN_NAME = re.compile(r"[][:*?/\\\x00-\x1f\x7f\ufffe\uffff]")
#: Zip entries dated as zip's epoch: the file's bytes depend on its cells only.
_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass
class Sheet:
    """A sheet of text: ``header`` in bold and frozen, filters over all rows, and each row
    as many cells as the header.

    ``fills`` colours cells of column ``fill_column`` by their text (RGB hex, e.g.
    ``"C8E6C9"``); ``widths`` are in characters, one per column. ``title`` is a line above
    the header (site, edition, as-of date, summary), so that a printed or forwarded sheet
    says what it is. Every sheet prints landscape, fitted to the page width, with the header
    row repeated on each page.
    """

    name: str
    header: list[str]
    rows: list[list[str]]
    widths: list[int] = field(default_factory=list)
    fill_column: int | None = None
    fills: dict[str, str] = field(default_factory=dict)
    title: str | None = None

    @property
    def header_row(self) -> int:
        """The row number of the header (1, or 2 below a title)."""
        return 2 if self.title else 1


def sheet_name(text: str) -> str:
    """A name Excel accepts: at most 31 characters, none of ``[]:*?/\\`` (nor control
    characters), no apostrophe at either end, not "History" (Excel keeps that one for itself)."""
    name = _NOT_IN_NAME.sub("-", text)[:31].strip("'") or "Sheet"
    return "History-" if name.casefold() == "history" else name


def workbook(sheet: Sheet) -> bytes:
    """The ``.xlsx`` file of one sheet."""
    name = sheet_name(sheet.name)
    letters = [column_letter(i) for i in range(1, len(sheet.header) + 1)]
    colours = list(dict.fromkeys(sheet.fills.values()))
    parts = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _relationships({"rId1": ("officeDocument", "xl/workbook.xml")}),
        "xl/workbook.xml": _workbook(name, letters[-1], sheet),
        "xl/_rels/workbook.xml.rels": _relationships(
            {"rId1": ("worksheet", "worksheets/sheet1.xml"), "rId2": ("styles", "styles.xml")}
        ),
        "xl/styles.xml": _styles(colours),
        "xl/worksheets/sheet1.xml": _worksheet(sheet, letters, colours),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, xml in parts.items():
            entry = zipfile.ZipInfo(path, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, xml.encode("utf-8"))
    return out.getvalue()


def column_letter(number: int) -> str:
    """``1`` -> ``A``, ``27`` -> ``AA``."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    value = _UNWRITABLE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{body}'


def _content_types() -> str:
    return _xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{_TYPE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        "</Types>"
    )


def _relationships(targets: dict[str, tuple[str, str]]) -> str:
    items = "".join(
        f'<Relationship Id="{rid}" Type="{_RELS}/{kind}" Target="{target}"/>'
        for rid, (kind, target) in targets.items()
    )
    return _xml(f'<Relationships xmlns="{_PACKAGE_RELS}">{items}</Relationships>')


def _workbook(name: str, last_column: str, sheet: Sheet) -> str:
    # The filter's range and the print titles are named as Excel names them, or Excel drops
    # the filter on opening.
    quoted = _attribute(name.replace("'", "''"))
    first = sheet.header_row
    last = first + len(sheet.rows)
    return _xml(
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        f'<sheets><sheet name="{_attribute(name)}" sheetId="1" r:id="rId1"/></sheets>'
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
        f"hidden=\"1\">'{quoted}'!$A${first}:${last_column}${last}</definedName>"
        '<definedName name="_xlnm.Print_Titles" localSheetId="0">'
        f"'{quoted}'!${first}:${first}</definedName></definedNames>"
        "</workbook>"
    )


def _styles(colours: list[str]) -> str:
    """Cell formats: 0 plain, 1 bold (the header), 2 onwards one per fill colour."""
    fills = "".join(
        f'<fill><patternFill patternType="solid"><fgColor rgb="FF{c}"/><bgColor rgb="FF{c}"/>'
        "</patternFill></fill>"
        for c in colours
    )
    filled = "".join(
        f'<xf numFmtId="0" fontId="0" fillId="{i + 2}" borderId="0" xfId="0" applyFill="1"/>'
        for i in range(len(colours))
    )
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return _xml(
        f'<styleSheet xmlns="{_MAIN}">'
        f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
        f'<fills count="{len(colours) + 2}"><fill><patternFill patternType="none"/></fill>'
        f'<fill><patternFill patternType="gray125"/></fill>{fills}</fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(colours) + 2}">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        f"{filled}</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _worksheet(sheet: Sheet, letters: list[str], colours: list[str]) -> str:
    first = sheet.header_row
    last = f"{letters[-1]}{first + len(sheet.rows)}"
    style_of = {text: colours.index(c) + 2 for text, c in sheet.fills.items()}

    def row(number: int, values: list[str], styles: dict[int, int]) -> str:
        cells = []
        for i, value in enumerate(values):
            if value:  # an empty cell is left out, as Excel itself does
                style = f' s="{styles[i]}"' if i in styles else ""
                cells.append(
                    f'<c r="{letters[i]}{number}" t="inlineStr"{style}>'
                    f'<is><t xml:space="preserve">{_text(value)}</t></is></c>'
                )
        return f'<row r="{number}">{"".join(cells)}</row>'

    bold = dict.fromkeys(range(len(sheet.header)), 1)
    rows = [row(1, [sheet.title], {0: 1})] if sheet.title else []
    rows.append(row(first, sheet.header, bold))
    column = sheet.fill_column
    for number, values in enumerate(sheet.rows, start=first + 1):
        style = style_of.get(values[column]) if column is not None else None
        rows.append(row(number, values, {column: style} if style else {}))
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
        for i, width in enumerate(sheet.widths, start=1)
    )
    top = f"A{first + 1}"
    return _xml(
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{last}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        f'<pane ySplit="{first}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"{f'<cols>{cols}</cols>' if cols else ''}"
        f"<sheetData>{''.join(rows)}</sheetData>"
        f'<autoFilter ref="A{first}:{last}"/>'
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "</worksheet>"
    )
