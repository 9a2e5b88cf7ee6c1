"""What the tests of the ``clausebook`` commands share: running a command, reading its
output back as Excel would, and the projects several commands are tried on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner, Result

from clausebook.cli.commands import main
from sitekit import FORMULA, Built, document, write_site

AS_OF_ENV = "CLAUSEBOOK_AS_OF"
STANDARDS = ["iso20000-1:2018", "iso9001:2015"]
BOM = b"\xef\xbb\xbf"

#: The columns of register.csv / register.json, as docs/reference/cli.md lists them.
REGISTER_COLUMNS = [
    "id",
    "title",
    "type",
    "revision",
    "status",
    "owner",
    "approver",
    "approved",
    "commit",
    "commit_author",
    "commit_date",
    "commit_missing",
    "effective",
    "reviewed",
    "next_review",
    "classification",
    "clauses",
    "file",
]
#: Document types in the order the register lists them (docs/reference/cli.md, `new`).
TYPE_ORDER = [
    "manual",
    "policy",
    "plan",
    "procedure",
    "work-instruction",
    "form",
    "record",
    "external",
]


def run(*args: object, env: dict[str, str | None] | None = None) -> Result:
    """``clausebook ARGS``; $CLAUSEBOOK_AS_OF is unset unless ``env`` sets it."""
    result = CliRunner().invoke(main, [str(a) for a in args], env={AS_OF_ENV: None, **(env or {})})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"clausebook {args} raised {result.exception!r}") from (
            result.exception
        )
    assert "Traceback" not in result.output
    return result


def csv_rows(data: bytes) -> list[dict[str, str]]:
    """CSV bytes as Excel reads them: BOM and CRLF checked, then parsed."""
    assert data.startswith(BOM), data[:20]
    text = data[len(BOM) :].decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def neutralised(cell: str) -> str:
    """A cell as the CSV exports write it: a leading = + - @ gets an apostrophe."""
    if re.fullmatch(r"-?\d+(\.\d+)?", cell):
        return cell
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def csv_header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line of ``text`` starting with ``start``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def due(reviewed: str) -> dt.date:
    """The next review after ``reviewed`` with the default 12-month interval."""
    day = dt.date.fromisoformat(reviewed)
    return day.replace(year=day.year + 1)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_rows(path: Path) -> tuple[Any, list[list[str]]]:
    workbook = openpyxl.load_workbook(path)
    ws = workbook.active
    rows = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    return ws, rows


def without_stamp(events: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{k: v for k, v in e.items() if k != "DTSTAMP"} for e in events]


# ------------------------------------------------------------------------- projects

CHANGE_BODY = """\
# Change management procedure

Incidents caused by a change are handled by [[PRO-INC-01]].

## Emergency changes

The emergency change advisory board decides.
"""

#: A manual with two standards, Chinese titles, a formula-like title, an overdue review, a
#: review due soon and a draft; built once for the site-agreement and `pages` tests.
SITE_DOCS = {
    "manual/man-01.md": document(
        "MAN-01",
        "Service management manual",
        type="manual",
        clauses={"iso20000-1:2018": ["4.1", "4.2"], "iso9001:2015": ["4.1"]},
    ),
    "manual/pol-01.md": document(
        "POL-01",
        "服务管理方针",
        type="policy",
        clauses={"iso20000-1:2018": ["5.2.1"], "iso9001:2015": ["5.2"]},
    ),
    "procedures/pro-chg-01.md": document(
        "PRO-CHG-01",
        "Change management procedure",
        owner="Change Manager",
        clauses={"iso20000-1:2018": ["8.5.1.1", "8.5.1.2#emergency-changes"]},
        body=CHANGE_BODY,
    ),
    "procedures/pro-inc-01.md": document(
        "PRO-INC-01",
        "事件管理程序",
        owner="Incident Manager",
        effective="2025-06-01",
        reviewed="2025-10-01",  # due 2026-10-01: overdue on AS_OF
        clauses={"iso20000-1:2018": ["8.6.1"], "iso9001:2015": ["8.1"]},
        body="# 事件管理程序\n\nChanges follow [[PRO-CHG-01]].\n",
    ),
    "procedures/pro-svc-01.md": document(
        "PRO-SVC-01",
        FORMULA,
        owner="@Service Desk",
        effective="2025-06-01",
        reviewed="2025-12-10",  # due 2026-12-10: due soon on AS_OF
        clauses={"iso9001:2015": ["8.2.1"]},
    ),
    "procedures/pro-dft-01.md": document("PRO-DFT-01", "Release procedure", status="draft"),
}


def clean_project(root: Path, **kw: Any) -> Path:
    """Two documents without any problem on AS_OF."""
    docs = {
        "manual/pol-01.md": document("POL-01", "Service management policy", type="policy"),
        "procedures/pro-chg-01.md": document(
            "PRO-CHG-01", "Change management procedure", clauses=["8.5.1.1"]
        ),
    }
    return write_site(root, docs, **kw)


def site_folder(site: Built, standard: str) -> str:
    """The reports folder of ``standard`` in the built site, found by its matrix.json."""
    for path in sorted(site.site.glob("reports/*/matrix.json")):
        if json.loads(path.read_text("utf-8"))["standard"] == standard:
            return path.parent.relative_to(site.site).as_posix()
    raise AssertionError(f"no matrix.json for {standard}")
