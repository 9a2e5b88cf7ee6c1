"""``clausebook matrix``: clause coverage of one standard, as the site shows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clikit import (
    STANDARDS,
    csv_header,
    csv_rows,
    run,
    sheet_rows,
    site_folder,
)
from sitekit import Built, document, write_site

pytestmark = pytest.mark.slow


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
        "why",
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
    # A title row, then the people's columns: the same clauses and states as the CSV.
    assert rows[1][:3] == ["Clause", "Title", "State"]
    assert [(r[0], r[2]) for r in rows[2:]] == [
        (e["clause"], e["state"].replace("-", " ")) for e in expected
    ]
    name = json.loads(
        run("matrix", "-f", config, "--standard", standard, "--format", "json").stdout
    )["name"]
    assert f"Matrix: {name}" in rows[0][0]
    assert ws.title.startswith(name.split(":")[0]) and ":" not in ws.title
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref

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
