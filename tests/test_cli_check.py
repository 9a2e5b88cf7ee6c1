"""``clausebook check``: every problem with its file, line, field and code; exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clikit import (
    clean_project,
    due,
    line_of,
    run,
)
from sitekit import AS_OF, Built, document, write_site

pytestmark = pytest.mark.slow


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
    # One line per problem, each followed by its one-line hint.
    lines = text.stdout.splitlines()[::2]
    hints = text.stdout.splitlines()[1::2]
    assert len(lines) == len(problems)
    assert hints == [f"    hint: {p['hint']}" for p in problems]
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
