"""The ``clausebook`` command line, run through click's CliRunner on small projects.

Every invocation goes through :func:`run`, which also asserts that the command never ended
in a Python exception (a traceback is never what a user should see). The projects are
written with sitekit; a few are built with MkDocs to check that the CLI and the site agree
byte for byte.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from clausebook.cli.commands import main
from clausebook.cli.scaffold import install_spec
from sitekit import AS_OF, FORMULA, Built, build_site, document, ics_events, write_site

pytestmark = pytest.mark.slow

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


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    """SITE_DOCS written and built with MkDocs: (mkdocs.yml, the built site)."""
    config = write_site(
        tmp_path_factory.mktemp("manual"), SITE_DOCS, options={"standards": STANDARDS}
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(AS_OF_ENV, raising=False)
        site = build_site(config)
    return config, site


def clean_project(root: Path, **kw: Any) -> Path:
    """Two documents without any problem on AS_OF."""
    docs = {
        "manual/pol-01.md": document("POL-01", "Service management policy", type="policy"),
        "procedures/pro-chg-01.md": document(
            "PRO-CHG-01", "Change management procedure", clauses=["8.5.1.1"]
        ),
    }
    return write_site(root, docs, **kw)


# ------------------------------------------------------------------------- check


def problem_project(root: Path) -> tuple[Path, dict[str, str]]:
    broken = document("PRO-B-01", "Broken").replace(
        'owner: "Service Manager"', "owner: Service: Manager"
    )
    misspelt = document("PRO-C-01", "Misspelt").replace(
        'title: "Misspelt"', 'title: "Misspelt"\nreviewd: 2026-06-01'
    )
    overdue = document("PRO-D-01", "Overdue", effective="2025-06-01", reviewed="2025-10-01")
    docs = {
        "procedures/pro-a-01.md": document("PRO-A-01", "Fine"),
        "procedures/pro-b-01.md": broken,
        "procedures/pro-c-01.md": misspelt,
        "procedures/pro-d-01.md": overdue,
    }
    return write_site(root, docs), docs


def test_check_json_names_file_line_field_and_code(tmp_path: Path) -> None:
    config, docs = problem_project(tmp_path)
    result = run("check", "-f", config, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["as_of"] == AS_OF
    by_code = {p["code"]: p for p in payload["problems"]}
    assert set(by_code) == {"CB104", "CB202", "CB601"}

    yaml_error = by_code["CB104"]
    assert yaml_error["severity"] == "error"
    assert yaml_error["file"] == "procedures/pro-b-01.md"
    assert yaml_error["line"] == line_of(docs["procedures/pro-b-01.md"], "owner:")

    unknown = by_code["CB202"]
    assert (unknown["file"], unknown["field"], unknown["severity"]) == (
        "procedures/pro-c-01.md",
        "reviewd",
        "error",
    )
    assert unknown["line"] == line_of(docs["procedures/pro-c-01.md"], "reviewd:")
    assert unknown["suggestion"] == "reviewed"

    overdue = by_code["CB601"]
    assert (overdue["file"], overdue["field"], overdue["severity"]) == (
        "procedures/pro-d-01.md",
        "reviewed",
        "warning",
    )
    assert overdue["line"] == line_of(docs["procedures/pro-d-01.md"], "reviewed:")
    assert "PRO-D-01" in overdue["message"] and str(due("2025-10-01")) in overdue["message"]
    for problem in payload["problems"]:
        assert problem["hint"] and problem["message"]

    # Files with errors in their front matter are no documents; the others are listed.
    listed = {d["id"]: d for d in payload["documents"]}
    assert set(listed) == {"PRO-A-01", "PRO-D-01"}
    assert listed["PRO-A-01"] == {
        "id": "PRO-A-01",
        "file": "procedures/pro-a-01.md",
        "revision": "1.0",
        "status": "effective",
    }


def test_check_text_lines_match_the_json(tmp_path: Path) -> None:
    config, _ = problem_project(tmp_path)
    text = run("check", "-f", config)
    problems = json.loads(run("check", "-f", config, "--format", "json").stdout)["problems"]
    assert text.exit_code == 1
    lines = text.stdout.splitlines()
    assert len(lines) == len(problems)
    for line, p in zip(lines, problems, strict=True):
        where = f"{p['file']}:{p['line']}: {p['severity']} {p['code']}: "
        assert line.startswith(where), (line, where)
        what = f"{p['field']}: {p['message']}" if p["field"] else p["message"]
        assert what in line
    # The summary goes to standard error, so that stdout holds only the problems.
    counts = {s: sum(p["severity"] == s for p in problems) for s in ("error", "warning", "info")}
    assert text.stderr.strip() == (
        f"2 documents checked: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} notices"
    )
    assert "did you mean reviewed?" in next(line for line in lines if "CB202" in line)


def test_check_clean_project_exits_0(tmp_path: Path) -> None:
    config = clean_project(tmp_path)
    for fmt in ("text", "json"):
        result = run("check", "-f", config, "--format", fmt, "--strict")
        assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["problems"] == []
    text = run("check", "-f", config)
    assert text.exit_code == 0 and text.stdout == ""
    assert "2 documents checked: 0 errors, 0 warnings, 0 notices" in text.stderr


def test_check_strict_fails_on_warnings_not_on_notices(tmp_path: Path) -> None:
    overdue = write_site(
        tmp_path / "overdue",
        {
            "procedures/a.md": document(
                "PRO-A-01", "A", effective="2025-06-01", reviewed="2025-10-01"
            )
        },
    )
    result = run("check", "-f", overdue, "--format", "json")
    assert [(p["code"], p["severity"]) for p in json.loads(result.stdout)["problems"]] == [
        ("CB601", "warning")
    ]
    assert result.exit_code == 0  # a warning alone does not fail
    assert run("check", "-f", overdue, "--strict").exit_code == 1
    # Judged before the review fell due, there is no warning, and --strict passes.
    assert run("check", "-f", overdue, "--strict", "--as-of", "2026-06-01").exit_code == 0

    soon = write_site(
        tmp_path / "soon",
        {
            "procedures/a.md": document(
                "PRO-A-01", "A", effective="2025-06-01", reviewed="2025-12-10"
            )
        },
    )
    result = run("check", "-f", soon, "--format", "json", "--strict")
    assert [(p["code"], p["severity"]) for p in json.loads(result.stdout)["problems"]] == [
        ("CB602", "info")
    ]
    assert result.exit_code == 0  # a notice never fails, not even with --strict


def test_check_errors_fail_with_or_without_strict(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"procedures/a.md": document("PRO-A-01", "A", status="effectiv")})
    for extra in ([], ["--strict"]):
        result = run("check", "-f", config, *extra)
        assert result.exit_code == 1
        assert "procedures/a.md:" in result.stdout and "error CB205: status:" in result.stdout


def test_check_reads_mkdocs_yml_of_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 1 and "procedures/pro-b-01.md" in result.stdout


# ------------------------------------------------------------------------- register

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


# ------------------------------------------------------------------------- matrix


def matrix_project(root: Path) -> Path:
    docs = {
        "manual/man-01.md": document(
            "MAN-01",
            "Manual",
            type="manual",
            clauses={"iso20000-1:2018": ["4.1", "4.2"], "iso9001:2015": ["4.1", "4.2"]},
        ),
        "procedures/pro-chg-01.md": document(
            "PRO-CHG-01",
            "Change",
            clauses={"iso20000-1:2018": ["8.5.1.1"], "iso9001:2015": ["8.5.6", "4.2"]},
        ),
    }
    return write_site(root, docs, options={"standards": STANDARDS})


def test_matrix_csv_and_json_of_a_chosen_standard(tmp_path: Path) -> None:
    config = matrix_project(tmp_path)
    standard = "iso9001:2015"
    result = run("matrix", "-f", config, "--standard", standard, "--format", "json")
    assert result.exit_code == 0
    matrix = json.loads(result.stdout)
    assert matrix["standard"] == standard and "9001" in matrix["name"]
    clauses = {c["clause"]: c for c in matrix["clauses"]}
    assert clauses["4.2"]["documents"].split() == ["MAN-01", "PRO-CHG-01"]
    assert clauses["4.2"]["state"] == "covered"
    assert clauses["8.5.6"]["documents"] == "PRO-CHG-01"
    assert "8.5.1.1" not in clauses  # a clause of the other standard
    assert sum(matrix["counts"].values()) > 0
    applicable = sum(n for s, n in matrix["counts"].items() if s != "excluded")
    assert matrix["percent_covered"] == round(100 * matrix["counts"]["covered"] / applicable, 1)

    data = run("matrix", "-f", config, "--standard", standard, "--format", "csv").stdout_bytes
    assert csv_header(data) == [
        "standard",
        "clause",
        "title",
        "assessable",
        "state",
        "documents",
        "sections",
        "justification",
    ]
    assert csv_rows(data) == matrix["clauses"]  # same values as the JSON

    # Without --standard: the first standard in scope.
    default = json.loads(run("matrix", "-f", config, "--format", "json").stdout)
    assert default["standard"] == STANDARDS[0]
    assert "8.5.1.1" in {c["clause"] for c in default["clauses"]}


def test_matrix_xlsx(tmp_path: Path) -> None:
    config = matrix_project(tmp_path / "project")
    target = tmp_path / "matrix.xlsx"
    standard = "iso9001:2015"
    result = run("matrix", "-f", config, "--standard", standard, "--format", "xlsx", "-o", target)
    assert result.exit_code == 0 and f"wrote {target}" in result.stderr
    ws, rows = sheet_rows(target)
    data = run("matrix", "-f", config, "--standard", standard, "--format", "csv").stdout_bytes
    expected = csv_rows(data)
    assert rows[0] == csv_header(data)
    assert [dict(zip(rows[0], r, strict=True)) for r in rows[1:]] == expected
    name = json.loads(
        run("matrix", "-f", config, "--standard", standard, "--format", "json").stdout
    )["name"]
    assert ws.title.startswith(name.split(":")[0]) and ":" not in ws.title
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref

    json_file = tmp_path / "matrix.json"
    assert run("matrix", "-f", config, "--format", "json", "-o", json_file).exit_code == 0
    assert json_file.read_bytes() == run("matrix", "-f", config, "--format", "json").stdout_bytes

    refused = run("matrix", "-f", config, "--format", "xlsx")
    assert refused.exit_code == 2 and "--format xlsx needs -o FILE" in refused.stderr


def test_matrix_table_summary_matches_json(tmp_path: Path) -> None:
    config = matrix_project(tmp_path)
    matrix = json.loads(run("matrix", "-f", config, "--format", "json").stdout)
    result = run("matrix", "-f", config)
    assert result.exit_code == 0
    lines = result.stdout.rstrip("\n").splitlines()
    assert lines[0].split() == ["clause", "title", "state", "documents"]
    summary = ", ".join(f"{state} {n}" for state, n in matrix["counts"].items())
    assert lines[-1] == f"{matrix['name']}: {matrix['percent_covered']:.1f}% covered ({summary})"
    listed = [line.split()[0] for line in lines[2:] if line.strip()][:-1]
    assert listed == [c["clause"] for c in matrix["clauses"]]


def test_matrix_fail_under(tmp_path: Path) -> None:
    config = matrix_project(tmp_path)
    percent = json.loads(run("matrix", "-f", config, "--format", "json").stdout)["percent_covered"]
    assert 0 < percent < 100
    passing = run("matrix", "-f", config, "--format", "json", "--fail-under", percent - 0.1)
    assert passing.exit_code == 0 and json.loads(passing.stdout)["percent_covered"] == percent
    failing = run("matrix", "-f", config, "--format", "csv", "--fail-under", percent + 0.1)
    assert failing.exit_code == 1
    assert f"coverage {percent:.1f}% is below --fail-under" in failing.stderr
    assert csv_rows(failing.stdout_bytes)  # the report is still written
    assert run("matrix", "-f", config, "--fail-under", 100).exit_code == 1
    assert run("matrix", "-f", config, "--fail-under", 0).exit_code == 0
    out_of_range = run("matrix", "-f", config, "--fail-under", 101)
    assert out_of_range.exit_code == 2 and "--fail-under" in out_of_range.stderr


def test_matrix_unknown_standard_is_a_usage_error(tmp_path: Path) -> None:
    config = matrix_project(tmp_path)
    result = run("matrix", "-f", config, "--standard", "iso27001:2022")
    assert result.exit_code == 2
    assert "'iso27001:2022' is not in scope" in result.stderr
    assert all(s in result.stderr for s in STANDARDS)


# ------------------------------------------------------------------------- review

REVIEWED = {"PRO-OLD-01": "2025-10-01", "PRO-SOON-01": "2025-12-10", "PRO-OK-01": "2026-06-01"}
OWNERS = {"PRO-OLD-01": "Incident Manager", "PRO-SOON-01": "Service Desk", "PRO-OK-01": "变更经理"}


def review_project(root: Path, **options: Any) -> Path:
    docs = {
        f"procedures/{doc_id.lower()}.md": document(
            doc_id,
            f"Procedure {doc_id}",
            owner=OWNERS[doc_id],
            effective="2025-06-01",
            reviewed=reviewed,
        )
        for doc_id, reviewed in REVIEWED.items()
    }
    docs["procedures/pro-dft-01.md"] = document("PRO-DFT-01", "Draft", status="draft")
    return write_site(root, docs, options=options or None)


def expected_reviews(as_of: str) -> list[dict[str, str]]:
    """The schedule the documents above give on ``as_of``, computed from their dates."""
    day = dt.date.fromisoformat(as_of)
    rows = []
    for doc_id, reviewed in REVIEWED.items():
        days = (due(reviewed) - day).days
        state = "overdue" if days < 0 else "due-soon" if days <= 30 else "ok"
        rows.append(
            {
                "id": doc_id,
                "title": f"Procedure {doc_id}",
                "owner": OWNERS[doc_id],
                "last_review": reviewed,
                "next_review": due(reviewed).isoformat(),
                "days": str(days),
                "state": state,
            }
        )
    return sorted(rows, key=lambda r: r["next_review"])


def reviews_of(config: Path, *args: object, env: dict[str, str | None] | None = None) -> Any:
    result = run("review", "-f", config, "--format", "json", *args, env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_review_json_schedule(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    schedule = reviews_of(config)
    assert schedule["as_of"] == AS_OF
    assert schedule["reviews"] == expected_reviews(AS_OF)
    assert {r["state"] for r in schedule["reviews"]} == {"overdue", "due-soon", "ok"}
    assert "PRO-DFT-01" not in {r["id"] for r in schedule["reviews"]}  # drafts are not reviewed


def test_review_within_and_owner_filters(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    everything = expected_reviews(AS_OF)
    within = reviews_of(config, "--within", 30)["reviews"]
    assert within == [r for r in everything if int(r["days"]) <= 30]
    assert {r["state"] for r in within} == {"overdue", "due-soon"}  # overdue always included
    assert reviews_of(config, "--within", 0)["reviews"] == [
        r for r in everything if r["state"] == "overdue"
    ]
    owner = reviews_of(config, "--owner", "service DESK")["reviews"]
    assert owner == [r for r in everything if r["owner"] == "Service Desk"]
    assert reviews_of(config, "--owner", "变更经理", "--within", 30)["reviews"] == []
    assert reviews_of(config, "--owner", "Nobody")["reviews"] == []


def test_review_csv_table_and_ics(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    everything = expected_reviews(AS_OF)
    data = run("review", "-f", config, "--format", "csv").stdout_bytes
    # A negative number of days stays a number that Excel can sort and sum.
    assert csv_rows(data) == [{k: neutralised(v) for k, v in r.items()} for r in everything]
    assert any(r["days"].startswith("-") for r in csv_rows(data))
    assert csv_header(data) == list(everything[0])

    table = run("review", "-f", config).stdout.splitlines()
    assert table[0].split() == list(everything[0])
    assert [line.split()[0] for line in table[2:]] == [r["id"] for r in everything]
    assert all(
        line.split()[-1] == r["state"] for line, r in zip(table[2:], everything, strict=True)
    )

    result = run("review", "-f", config, "--format", "ics", "--within", 30)
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    events = ics_events(text)
    wanted = [r for r in everything if int(r["days"]) <= 30]
    assert [e["DTSTART;VALUE=DATE"] for e in events] == [
        r["next_review"].replace("-", "") for r in wanted
    ]
    assert [e["SUMMARY"] for e in events] == [f"Review {r['id']} {r['title']}" for r in wanted]
    assert len({e["UID"] for e in events}) == len(events)


def test_review_fail_on_overdue(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    overdue = [r["id"] for r in expected_reviews(AS_OF) if r["state"] == "overdue"]
    assert overdue
    result = run("review", "-f", config, "--fail-on-overdue")
    assert result.exit_code == 1
    assert f"{len(overdue)} review(s) overdue" in result.stderr
    assert run("review", "-f", config).exit_code == 0  # without the flag: a report only
    # Nothing overdue among the documents shown, or on an earlier date: exit 0.
    assert (
        run("review", "-f", config, "--fail-on-overdue", "--owner", "Service Desk").exit_code == 0
    )
    earlier = "2026-06-01"
    assert all(r["state"] != "overdue" for r in expected_reviews(earlier))
    assert run("review", "-f", config, "--fail-on-overdue", "--as-of", earlier).exit_code == 0
    assert run("review", "-f", config, "--fail-on-overdue", env={AS_OF_ENV: earlier}).exit_code == 0


def test_as_of_precedence(tmp_path: Path) -> None:
    config = review_project(tmp_path)  # the as_of option is AS_OF
    env, cli = "2026-01-15", "2027-01-01"
    assert len({AS_OF, env, cli}) == 3
    assert reviews_of(config)["as_of"] == AS_OF
    assert reviews_of(config, env={AS_OF_ENV: env}) == {
        "as_of": env,
        "reviews": expected_reviews(env),
    }
    assert reviews_of(config, "--as-of", cli, env={AS_OF_ENV: env}) == {
        "as_of": cli,
        "reviews": expected_reviews(cli),
    }
    assert reviews_of(config, "--as-of", cli)["as_of"] == cli
    # check judges by the same date.
    checked = run("check", "-f", config, "--format", "json", env={AS_OF_ENV: env})
    assert json.loads(checked.stdout)["as_of"] == env

    # Without the option nor the variable: today.
    unset = review_project(tmp_path / "no-option", as_of=None)
    before = dt.date.today().isoformat()
    today = reviews_of(unset)["as_of"]
    assert today in {before, dt.date.today().isoformat()}


def test_bad_dates_are_usage_errors(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    result = run("review", "-f", config, "--as-of", "2026-13-01")
    assert result.exit_code == 2 and "'2026-13-01' is not a date" in result.stderr
    result = run("review", "-f", config, env={AS_OF_ENV: "next week"})
    assert result.exit_code == 2
    assert "CLAUSEBOOK_AS_OF='next week' is not a date" in result.stderr
    result = run("review", "-f", config, "--within", -1)
    assert result.exit_code == 2 and "--within" in result.stderr


# -------------------------------------------------------- the CLI and the site agree


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


def site_folder(site: Built, standard: str) -> str:
    """The reports folder of ``standard`` in the built site, found by its matrix.json."""
    for path in sorted(site.site.glob("reports/*/matrix.json")):
        if json.loads(path.read_text("utf-8"))["standard"] == standard:
            return path.parent.relative_to(site.site).as_posix()
    raise AssertionError(f"no matrix.json for {standard}")


@pytest.mark.parametrize("standard", STANDARDS)
def test_matrix_exports_equal_the_site(
    built: tuple[Path, Built], standard: str, tmp_path: Path
) -> None:
    config, site = built
    folder = site_folder(site, standard)
    for fmt in ("csv", "json"):
        data = run("matrix", "-f", config, "--standard", standard, "--format", fmt).stdout_bytes
        assert data == site.bytes(f"{folder}/matrix.{fmt}"), fmt
    # XLSX carries its creation time: compare the cells.
    target = tmp_path / "matrix.xlsx"
    run("matrix", "-f", config, "--standard", standard, "--format", "xlsx", "-o", target)
    ws, rows = sheet_rows(target)
    site_ws, site_rows = sheet_rows(site.site / folder / "matrix.xlsx")
    assert rows == site_rows and ws.title == site_ws.title
    assert len(rows) > 1


def test_review_calendar_equals_the_site(built: tuple[Path, Built]) -> None:
    config, site = built
    cli = ics_events(run("review", "-f", config, "--format", "ics").stdout_bytes.decode())
    published = ics_events(site.bytes("reports/reviews.ics").decode())
    assert without_stamp(cli) == without_stamp(published)
    assert {e["SUMMARY"].split()[1] for e in cli} == {
        "MAN-01",
        "POL-01",
        "PRO-CHG-01",
        "PRO-INC-01",
        "PRO-SVC-01",
    }


def test_check_lists_the_documents_of_the_site(built: tuple[Path, Built]) -> None:
    config, site = built
    payload = json.loads(run("check", "-f", config, "--format", "json").stdout)
    assert {p["code"] for p in payload["problems"]} == {"CB601", "CB602"}
    for d in payload["documents"]:
        page = site.page(d["file"].removesuffix(".md"))
        assert d["id"] in page
    assert "PRO-DFT-01" not in {d["id"] for d in payload["documents"]}
    # The build logged the same problems the CLI reports.
    logged = "\n".join(site.messages())
    for problem in payload["problems"]:
        assert f"{problem['code']}: " in logged and problem["message"] in logged


# ------------------------------------------------------------------------- pages

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
    site_pages = {
        p.parent.relative_to(site.site).as_posix() + ".md"
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


# ------------------------------------------------------------------------- schema


def test_schema_is_json_schema_of_the_front_matter(tmp_path: Path) -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    properties = schema["properties"]
    assert {"id", "revision", "title", "status", "clauses", "history"} <= set(properties)
    assert properties["revision"]["type"] == "string"  # "2.1" stays text
    assert {"id", "revision"} <= set(schema["required"]) <= set(properties)
    assert schema["additionalProperties"] is False  # unknown fields are errors (CB202)
    # Every $ref points at a definition inside the schema.
    refs = re.findall(r'"\$ref": "#/\$defs/([^"]+)"', result.stdout)
    assert refs and set(refs) <= set(schema["$defs"])
    # A document that passes check uses only fields the schema knows.
    front = document("PRO-1", "X", reviewed="2026-07-01", clauses=["8.5.1.1"])
    keys = {line.split(":")[0] for line in front.splitlines() if re.match(r"^\w+:", line)}
    assert keys <= set(properties)

    target = tmp_path / "schema.json"
    assert run("schema", "-o", target).exit_code == 0
    assert target.read_bytes() == result.stdout_bytes


# ------------------------------------------------------------------------- new


def new_project(root: Path) -> Path:
    docs = {
        "procedures/pro-acc-01.md": document("PRO-ACC-01", "Access control"),
        # A draft: left out of the edition, but its id is taken all the same.
        "procedures/pro-acc-02.md": document("PRO-ACC-02", "Access review", status="draft"),
        "manual/pol-01.md": document("POL-01", "Policy", type="policy"),
    }
    return write_site(root, docs)


def ids_in(config: Path) -> list[str]:
    """Every document id the project's sources hold (drafts included)."""
    root = config.parent
    found = []
    for path in sorted(root.glob("*/*.md")):
        match = re.search(r'^id: "?([^"\n]+)"?$', path.read_text("utf-8"), re.M)
        if match and path.parent.name in ("manual", "procedures"):
            found.append(match.group(1))
    return found


def next_free(config: Path, stem: str) -> str:
    """The id after the highest number in use with ``stem`` (drafts included)."""
    taken = [int(i.rsplit("-", 1)[1]) for i in ids_in(config) if i.startswith(stem + "-")]
    return f"{stem}-{max(taken, default=0) + 1:02d}"


def test_new_creates_the_next_free_id(tmp_path: Path) -> None:
    config = new_project(tmp_path)
    expected = next_free(config, "PRO-ACC")
    assert expected not in ids_in(config)
    result = run("new", "procedure", "--title", "Access management", "--area", "ACC", "-f", config)
    assert result.exit_code == 0, result.output
    relative = f"procedures/{expected.lower()}-access-management.md"
    assert result.stdout.strip() == f"created {relative} ({expected})"
    text = (tmp_path / relative).read_text("utf-8")
    assert f"id: {expected}\n" in text and 'title: "Access management"' in text
    assert "type: procedure\n" in text and "status: draft\n" in text
    assert 'owner: "Document Controller"' in text

    # A valid draft at once; the approver is a comment to fill in before approval.
    assert "# approver: " in text
    checked = run("check", "-f", config, "--strict")
    assert checked.exit_code == 0, checked.output
    problems = json.loads(run("check", "-f", config, "--format", "json").stdout)["problems"]
    assert problems == []


def test_new_twice_gives_two_ids_and_overwrites_nothing(tmp_path: Path) -> None:
    config = new_project(tmp_path)
    first = run("new", "procedure", "--title", "Access management", "--area", "ACC", "-f", config)
    created = tmp_path / first.stdout.split()[1]
    before = created.read_bytes()
    second = run("new", "procedure", "--title", "Access management", "--area", "ACC", "-f", config)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout != second.stdout
    assert created.read_bytes() == before
    ids = ids_in(config)
    assert len(ids) == len(set(ids)), ids  # no duplicate id (CB401)
    problems = json.loads(run("check", "-f", config, "--format", "json").stdout)["problems"]
    assert problems == []


@pytest.mark.parametrize("area", ["../../x", "A B", "CHG/1", ""])
def test_new_refuses_an_area_that_is_not_a_code(tmp_path: Path, area: str) -> None:
    config = new_project(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.md"))
    result = run("new", "procedure", "--title", "Access", "--area", area, "-f", config)
    assert result.exit_code == 2 and "is not an area code" in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.md")) == before


def test_new_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    config = new_project(tmp_path)
    # The file of the next id, already there (not a document, so its id is unknown).
    target = (
        tmp_path / "procedures" / f"{next_free(config, 'PRO-ACC').lower()}-access-management.md"
    )
    target.write_text("my notes\n", "utf-8")
    listing = sorted(p.name for p in (tmp_path / "procedures").iterdir())
    result = run("new", "procedure", "--title", "Access management", "--area", "ACC", "-f", config)
    assert result.exit_code == 2
    assert f"{target} already exists; nothing written" in result.stderr
    assert target.read_text("utf-8") == "my notes\n"
    assert sorted(p.name for p in (tmp_path / "procedures").iterdir()) == listing


def test_new_folder_by_type_and_unknown_folder(tmp_path: Path) -> None:
    config = new_project(tmp_path)
    result = run("new", "policy", "--title", "Information security policy", "-f", config)
    assert result.exit_code == 0
    assert result.stdout.startswith("created manual/pol-02-information-security-policy.md")
    result = run("new", "form", "--title", "Request", "--folder", "forms", "-f", config)
    assert result.exit_code == 2
    assert "'forms' is not a source folder (manual, procedures)" in result.stderr
    assert not (tmp_path / "forms").exists()
    result = run("new", "leaflet", "--title", "X", "-f", config)
    assert result.exit_code == 2 and "leaflet" in result.stderr


# ------------------------------------------------------------------------- init


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
    assert schema == json.loads(run("schema").stdout)

    monkeypatch.delenv(AS_OF_ENV, raising=False)
    site = build_site(target / "mkdocs.yml")
    assert (site.site / "index.html").is_file()
    assert csv_header((site.site / "reports/register.csv").read_bytes()) == REGISTER_COLUMNS
    # Its Makefile installs this very clausebook (a checkout's folder or an exact version).
    makefile = (target / "Makefile").read_text("utf-8")
    assert f"CLAUSEBOOK ?= {install_spec()}\n" in makefile and "@CLAUSEBOOK@" not in makefile
    assert install_spec() == str(Path(__file__).resolve().parents[1])  # editable install here
    # The example drafts are valid drafts: a new manual starts with a clean check.
    checked = run("check", "-f", target / "mkdocs.yml", "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["problems"] == []
    drafts = sorted(p.relative_to(target).as_posix() for p in target.glob("*/*-01-*.md"))
    assert len(drafts) == len(TYPE_ORDER)


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


# ------------------------------------------------------------------------- bad input

CONFIG_COMMANDS = [
    ["check"],
    ["register"],
    ["matrix"],
    ["review"],
    ["new", "procedure", "--title", "X"],
    ["pages", "-o", "out"],
]


@pytest.mark.parametrize("command", CONFIG_COMMANDS, ids=lambda c: c[0])
def test_missing_mkdocs_yml(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 2
    assert "CB505" in result.stderr
    assert f"{tmp_path / 'mkdocs.yml'} does not exist (use --config FILE)" in result.stderr
    other = run(*command, "-f", tmp_path / "elsewhere.yml")
    assert other.exit_code == 2 and "elsewhere.yml does not exist" in other.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("site_name: [x\n", "cannot read"),
        ("- a list\n", "is not a YAML mapping"),
        ("site_name: x\nplugins: [search]\n", "does not enable the clausebook plugin"),
        (
            "site_name: x\nplugins:\n  - clausebook:\n      standards: iso9001\n",
            "plugins.clausebook.standards",
        ),
    ],
)
def test_unusable_mkdocs_yml(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, "utf-8")
    for command in CONFIG_COMMANDS:
        result = run(*command, "-f", config)
        assert result.exit_code == 2, command
        assert "CB505" in result.stderr and message in result.stderr, result.stderr


def test_broken_front_matter(tmp_path: Path) -> None:
    broken = "---\nid: PRO-B-01\ntitle: [unclosed\nowner: x\n---\n# Text\n"
    config = write_site(
        tmp_path,
        {"procedures/pro-a-01.md": document("PRO-A-01", "A"), "procedures/bad.md": broken},
    )
    result = run("check", "-f", config)
    assert result.exit_code == 1
    assert re.search(r"^procedures/bad\.md:\d+: error CB104: YAML ", result.stdout, re.M)
    # The other commands leave the broken file out, as the site does, and do not crash.
    rows = csv_rows(run("register", "-f", config, "--format", "csv").stdout_bytes)
    assert [r["id"] for r in rows] == ["PRO-A-01"]
    for command in (["matrix"], ["review"], ["pages", "-o", tmp_path / "out"]):
        assert run(*command, "-f", config).exit_code == 0, command


def test_missing_source_folder(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {"procedures/pro-a-01.md": document("PRO-A-01", "A")},
        options={"sources": ["manual", "procedures", "forms"]},
    )
    (tmp_path / "forms").rmdir()
    result = run("check", "-f", config)
    assert result.exit_code == 1
    assert "error CB501: plugins.clausebook.sources: source folder 'forms' does not exist" in (
        result.stdout
    )
    for command in (["register"], ["matrix"], ["review"], ["pages", "-o", tmp_path / "out"]):
        assert run(*command, "-f", config).exit_code == 0, command


def test_missing_catalogue_is_a_configuration_error(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {"procedures/pro-a-01.md": document("PRO-A-01", "A")},
        options={"standards": ["catalogues/ours.yaml"]},
    )
    check = run("check", "-f", config)
    assert check.exit_code == 1 and "CB502" in check.stdout
    for command in (["matrix"], ["new", "procedure", "--title", "X"]):
        result = run(*command, "-f", config)
        assert result.exit_code == 2, command
        assert "CB502" in result.stderr and "ours.yaml" in result.stderr
    assert sorted(p.name for p in (tmp_path / "procedures").iterdir()) == ["pro-a-01.md"]


def test_since_an_edition_that_is_not_published(tmp_path: Path) -> None:
    config = clean_project(tmp_path)  # not even a git repository
    result = run("check", "-f", config, "--since", "2026.1")
    assert result.exit_code == 2
    assert "no published edition '2026.1' (published: none)" in result.stderr


def test_unknown_command_and_option(tmp_path: Path) -> None:
    config = clean_project(tmp_path)
    assert run("frobnicate").exit_code == 2
    result = run("register", "-f", config, "--format", "xml")
    assert result.exit_code == 2 and "'xml' is not one of" in result.stderr
    assert run("--version").exit_code == 0
