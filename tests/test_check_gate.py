"""`clausebook check` as the one CI gate: change control against the latest published edition,
what counts as a change, exit codes, hints; and what `publish` says before and after."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausebook.cli.commands import main
from clausebook.core.document import Document
from clausebook.core.fingerprint import fingerprint, text_read
from clausebook.core.frontmatter import split
from clausebook.core.metadata import validate
from sitekit import document, write_site
from test_editions import DOC, commit_all, git, history, run_cli, write_doc
from test_editions import repo as repo  # the fixture: a committed manual in a git repository

BODY = """\
# Change management procedure

Every change is recorded, assessed for risk and approved before it is deployed to the
live services. See [the policy](https://sms.example/policy) for the scope.

| change type | approved by |
|---|---|
| standard | Change Manager |
| emergency | ECAB |

- record the change
- assess the risk

```sh
deploy --check   --all
```
"""

FRONT = {
    "title": "Change management procedure",
    "owner": "Change Manager",
    "reviewed": "2026-06-01",
}


def _fingerprint(body: str, **fields: str) -> str:
    values = {**FRONT, **fields}
    text = document(
        "PRO-CHG-01",
        values["title"],
        owner=values["owner"],
        reviewed=values["reviewed"],
        body=body,
    )
    matter, _ = split(text, "x.md")
    assert matter is not None
    meta, problems = validate(matter, "x.md")
    assert meta is not None, problems
    return fingerprint(Document("x.md", Path("x.md"), meta, matter.body))


ORIGINAL = _fingerprint(BODY)


@pytest.mark.parametrize(
    "body",
    [
        BODY.replace("\n", "\r\n"),  # line endings
        BODY.replace("recorded,", "recorded,   ").replace("ECAB |", "ECAB |  "),  # trailing
        BODY.replace("for risk and approved before", "for risk\nand approved before"),  # wrap
        BODY.replace(
            "Every change is recorded, assessed for risk and approved before it is deployed to "
            "the\nlive services.",
            "Every change is recorded,\nassessed for risk and approved before it is deployed\n"
            "to the live services.",
        ),
        BODY + "\n\n",
    ],
    ids=["crlf", "trailing-spaces", "rewrapped", "rewrapped-paragraph", "blank-lines"],
)
def test_what_a_reader_does_not_see_is_not_a_change(body: str) -> None:
    assert body != BODY
    assert _fingerprint(body) == ORIGINAL


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (BODY.replace("recorded", "logged"), {}),  # a word
        (BODY.replace("| ECAB |", "| CAB |"), {}),  # a table cell
        (BODY.replace("https://sms.example/policy", "https://sms.example/other"), {}),  # link
        (BODY.replace("- record the change\n- assess", "- record the change - assess"), {}),
        (BODY.replace("--check   --all", "--check --all"), {}),  # spaces inside code
        (BODY, {"owner": "Release Manager"}),  # front matter other than review fields
        (BODY, {"title": "Change procedure"}),
    ],
    ids=["word", "cell", "link", "list-merged", "code", "owner", "title"],
)
def test_every_change_a_reader_sees_is_a_change(body: str, fields: dict[str, str]) -> None:
    assert _fingerprint(body, **fields) != ORIGINAL


def test_a_review_is_not_a_change() -> None:
    assert _fingerprint(BODY, reviewed="2026-11-01") == ORIGINAL


def test_text_read_keeps_blocks_apart_and_joins_the_lines_of_a_paragraph() -> None:
    assert text_read("a\nb  \n\n\n- c\n  d\n| x |\n") == "a b\n- c d\n| x |"


# ------------------------------------------------------------------- exit codes, hints


def test_configuration_problems_exit_2_and_every_problem_shows_its_hint(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {"procedures/pro-a-01.md": document("PRO-A-01", "A")},
        options={"sources": ["manual", "procedures", "forms"], "standards": ["ours.yaml"]},
    )
    (tmp_path / "forms").rmdir()
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code == 2, result.output
    lines = result.stdout.splitlines()
    codes = [re.search(r" (CB\d{3}):", line) for line in lines]
    found = [m.group(1) for m in codes if m]
    assert {"CB501", "CB503"} <= set(found) or {"CB501", "CB502"} <= set(found), lines
    # Each problem line is followed by its one-line hint.
    for index, line in enumerate(lines):
        if re.search(r" CB\d{3}:", line):
            assert lines[index + 1].startswith("    hint: "), lines
    assert "    hint: Create the folder or fix 'sources' in mkdocs.yml." in lines


def test_document_errors_exit_1_not_2(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"procedures/pro-a-01.md": document("PRO-A-01", "A")})
    (tmp_path / "procedures/pro-b-01.md").write_text(
        document("PRO-B-01", "B", status="efective"), "utf-8"
    )
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code == 1
    assert "    hint: Use one of the values listed." in result.stdout.splitlines()


# ----------------------------------------------------- change control, real editions


@pytest.mark.slow
def test_check_compares_with_the_latest_published_edition_by_default(repo: Path) -> None:
    published = run_cli(repo, "publish", "2026.1")
    assert published.returncode == 0, published.stderr
    # Nothing changed yet: clean, and it says what it compared with.
    clean = run_cli(repo, "check", "--format", "json")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert json.loads(clean.stdout)["compared_with"] == "2026.1"
    # Trailing spaces, CRLF and a re-wrapped sentence: still no change.
    text = (repo / "procedures/pro-chg-01.md").read_text("utf-8")
    reflowed = text.replace("approved by the ECAB.", "approved by\nthe ECAB.   ")
    (repo / "procedures/pro-chg-01.md").write_bytes(reflowed.replace("\n", "\r\n").encode())
    assert run_cli(repo, "check").returncode == 0
    # An edit committed but not published: the build would log CB701, and so does check.
    write_doc(
        repo,
        "2.1",
        [("2.1", "2026-03-01", "Added the emergency change path")],
        "Emergency changes are approved by the Change Manager.",
    )
    commit_all(repo, "edit without a new revision")
    gate = run_cli(repo, "check")
    assert gate.returncode == 1
    assert "CB701" in gate.stdout and "compared with edition 2026.1" in gate.stderr
    assert run_cli(repo, "check", "--since", "2026.1").returncode == 1
    off = run_cli(repo, "check", "--since", "none")
    assert off.returncode == 0 and "CB701" not in off.stdout
    assert (
        json.loads(run_cli(repo, "check", "--since", "none", "--format", "json").stdout)[
            "compared_with"
        ]
        is None
    )
    build = run_cli(repo, "check", "--format", "json")
    assert "CB701" in [p["code"] for p in json.loads(build.stdout)["problems"]]


@pytest.mark.slow
def test_publish_names_the_warnings_it_published_with(repo: Path) -> None:
    overdue = (
        DOC.format(
            revision="1.0",
            history=history(("1.0", "2024-01-01", "Issued")),
            body="Old text.",
        )
        .replace("id: PRO-CHG-01", "id: PRO-OLD-01")
        .replace("2026-03-01", "2024-01-01")
    )
    (repo / "procedures/pro-old-01.md").write_text(overdue, "utf-8")
    commit_all(repo, "an overdue document")
    result = run_cli(repo, "publish", "2026.1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    (start,) = [i for i, line in enumerate(lines) if line.startswith("published with ")]
    count = int(lines[start].split()[2])
    assert lines[start] == f"published with {count} warning(s):"
    listed = lines[start + 1 : start + 1 + count]
    assert all(line.startswith("  ") and " warning CB" in line for line in listed), listed
    assert any("warning CB601" in line and "PRO-OLD-01" in line for line in listed), listed


@pytest.mark.slow
def test_publishing_before_the_first_commit_is_a_clear_error(tmp_path: Path) -> None:
    repo = tmp_path / "fresh"
    (repo / "procedures").mkdir(parents=True)
    (repo / "docs").mkdir()
    (repo / "docs/index.md").write_text("# Home\n", "utf-8")
    (repo / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - clausebook:\n      sources: [procedures]\n", "utf-8"
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Doc Controller")
    git(repo, "config", "user.email", "dc@example.com")
    result = run_cli(repo, "publish", "2026.1")
    assert result.returncode == 1
    assert "has no commit yet" in result.stderr and "git commit" in result.stderr
    assert "fatal" not in result.stderr
    assert git(repo, "branch", "--list").strip() == ""
