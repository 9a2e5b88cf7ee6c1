"""Files people download: CSV for Excel, XLSX, JSON and the review calendar (ICS).

- CSV is UTF-8 with a byte-order mark (Excel otherwise shows Chinese as mojibake) and CRLF
  line ends; a cell starting with ``=``, ``+``, ``-``, ``@``, tab or CR is prefixed with an
  apostrophe so that a title can never run as a formula (OWASP CSV injection).
- XLSX (see :mod:`spreadsheet`): header frozen, filters on, coverage states coloured; every
  cell is text.
- ICS: one all-day event per next review (RFC 5545 escaping and line folding).

Front matter refuses control characters in one-line fields (CB210); these writers still
never pass one through, whatever reaches them: a NUL or an escape is dropped from a CSV or
XLSX cell, and in a calendar every line break becomes an escaped ``\\n`` (a bare CR could
otherwise end the line for a lenient reader and inject ``END:VEVENT``). JSON escapes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

from clausebook.exports.spreadsheet import Sheet, workbook

_FORMULA = ("=", "+", "-", "@", "\t", "\r")
#: Control characters no cell holds (tab and line breaks are a cell's own; XML 1.0, which
#: XLSX is, refuses the others outright).
_CELL_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Control characters a calendar's TEXT value may not hold (RFC 5545 3.3.11 allows tab).
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f\u2028\u2029\x85]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")

STATE_FILLS = {
    "covered": "C8E6C9",
    "other-party": "DCEDC8",
    "at-risk": "FFE0B2",
    "uncovered": "FFCDD2",
    "excluded": "E0E0E0",
}


def neutralise(value: str) -> str:
    """Make a cell inert in spreadsheet programs: a leading =, +, -, @ (or tab, CR) gets an
    apostrophe. A plain number such as -54 (days overdue) is no formula and stays a number.
    Control characters other than tab and line breaks are dropped."""
    value = _CELL_CONTROLS.sub("", value)
    if not value.startswith(_FORMULA) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


def to_csv(rows: list[dict[str, str]], columns: list[str], heads: list[str] | None = None) -> bytes:
    """``rows`` as CSV for Excel; ``heads`` name the columns (by default their keys)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(heads or columns)
    for row in rows:
        writer.writerow([neutralise(str(row.get(c, ""))) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(data: Any) -> bytes:
    # No indent: json's C encoder only runs without one, and it is far faster on the matrix
    # of a large manual. Readers open the CSV or XLSX; JSON is for programs.
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def to_xlsx(rows: list[dict[str, str]], columns: list[str], sheet: str) -> bytes:
    """A workbook of ``rows``: header bold and frozen, filters on, coverage states coloured.

    Cells are text, and neutralised as in the CSV: a title copied from the sheet into a
    formula bar or another program stays inert."""
    return workbook(
        Sheet(
            name=sheet,
            header=columns,
            rows=[[neutralise(str(row.get(c, ""))) for c in columns] for row in rows],
            widths=_widths(rows, columns),
            fill_column=columns.index("state") if "state" in columns else None,
            fills=STATE_FILLS,
        )
    )


def _widths(rows: list[dict[str, str]], columns: list[str]) -> list[int]:
    widths = []
    for column in columns:
        longest = max([len(column), *(len(str(r.get(column, ""))) for r in rows[:500])])
        widths.append(min(60, max(8, longest + 2)))
    return widths


def ics_escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, ';' and ',' escaped, every line break
    (LF, CR, CRLF, U+2028...) written as ``\\n``, other control characters dropped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n")
    return _TEXT_CONTROLS.sub(lambda m: "\\n" if m.group() in _LINE_ENDS else "", text)


_LINE_ENDS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, limit = [], 75
    while len(raw) > limit:
        cut = limit
        while raw[cut] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(raw[:cut].decode("utf-8"))
        raw, limit = raw[cut:], 74  # continuation lines start with a space
    parts.append(raw.decode("utf-8"))
    return "\r\n ".join(parts)


def to_ics(events: list[dict[str, Any]], name: str, stamp: dt.datetime) -> bytes:
    """``events``: uid, date, summary, description, and optionally url, categories and
    alarm_days (a reminder that many days before).

    ``stamp`` (DTSTAMP) is the as-of date for the review calendar, not the clock: the same
    manual on the same date gives the same bytes, so a published calendar changes only when
    a review does.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//clausebook//review schedule//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ics_escape(name)}",
    ]
    for event in events:
        day: dt.date = event["date"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{ics_escape(event['summary'])}",
            f"DESCRIPTION:{ics_escape(event['description'])}",
        ]
        if event.get("url"):
            lines.append(f"URL:{event['url']}")
        if event.get("categories"):  # the audit calendar's AUDIT,CERTIFICATION...
            lines.append(f"CATEGORIES:{event['categories']}")
        if event.get("alarm_days") is not None:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{ics_escape(event['summary'])}",
                f"TRIGGER:-P{event['alarm_days']}D",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")
