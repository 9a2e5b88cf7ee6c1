"""Bad input never breaks a build: each case is a message with file, line and field.

Every case writes one broken document beside a good one and loads the whole manual: the
load must not raise, must report the expected code (at the expected line, where it has one)
and must still load the good document.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clausebook.core.coverage import State
from clausebook.core.loader import misplaced_sources
from clausebook.core.manual import Manual, coverage_of, load
from clausebook.core.settings import Settings, parse_settings

AS_OF = dt.date(2026, 11, 24)

GOOD = """\
---
id: PRO-GOOD-01
title: Good procedure
type: procedure
owner: Service Manager
approver: Head of IT Services
revision: "1.0"
status: effective
approved: 2026-03-01
effective: 2026-03-01
clauses: [8.1]
history:
  - revision: "1.0"
    date: 2026-03-01
    summary: First issue
---
# Good procedure
"""

FIELDS = {
    "id": "PRO-CHG-01",
    "title": "Change management procedure",
    "type": "procedure",
    "owner": "Change Manager",
    "approver": "Head of IT Services",
    "revision": '"2.1"',
    "status": "effective",
    "effective": "2026-03-01",
    "clauses": "[8.5.1.1]",
    "history": '\n  - revision: "2.1"\n    date: 2026-03-01\n    summary: First issue',
}


def front(**changes: str | None) -> str:
    """Valid front matter with some fields changed (None removes a field)."""
    fields = {**FIELDS, **changes}
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return (
        "---\n"
        + "\n".join(lines)
        + "\n---\n# Change management procedure\n\n## Emergency changes\n"
    )


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def load_with(tmp_path: Path, content: str | bytes, **settings: object) -> Manual:
    folder = tmp_path / "procedures"
    folder.mkdir(exist_ok=True)
    (folder / "good.md").write_text(GOOD, "utf-8")
    target = folder / "case.md"
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, "utf-8")
    return load(tmp_path, Settings(sources=["procedures"], **settings), as_of=AS_OF)


REVIEW = (
    "\n  - kind: review\n    date: 2026-09-01\n    reviewer: Q\n    outcome: no change"
    + (FIELDS["history"])
)
TITLE_LIST = front(title="[a, b]")
OWNER_MAP = front(owner="{name: x}")
HISTORY_TEXT = front(history="yes")
CLASS_LIST = front(classification="[internal]")
STATUS_LIST = front(status="[effective]")
CLAUSES_TEXT = front(clauses="8.5.1")
REVIEWED_LIST = front(reviewed="[2026-01-01]")

# (case id, content, expected code, expected line or None, expected field or None)
CASES: list[tuple[str, str | bytes, str, int | None, str | None]] = [
    ("empty file", "", "CB108", 1, None),
    ("only whitespace", "  \n\n", "CB108", 1, None),
    ("no front matter", "# Just a heading\n", "CB102", 1, None),
    ("not closed", "---\nid: PRO-1\ntitle: x\n# body\n", "CB103", 1, None),
    ("yaml syntax error", "---\nid: PRO-1\ntitle: [unclosed\n---\n", "CB104", 4, None),
    ("yaml bad indentation", "---\nid: PRO-1\n  title: x\n---\n", "CB104", 3, None),
    ("front matter is a list", "---\n- a\n- b\n---\n", "CB105", 2, None),
    ("front matter is a scalar", "---\njust text\n---\n", "CB105", 2, None),
    ("tab indentation", front().replace("  - revision", "\t- revision"), "CB107", 12, None),
    (
        "duplicate key",
        front().replace("owner: Change Manager", "owner: Change Manager\nowner: Other"),
        "CB106",
        6,
        "owner",
    ),
    ("missing title", front(title=None), "CB201", None, "title"),
    ("missing owner", front(owner=None), "CB201", None, "owner"),
    ("missing status", front(status=None), "CB201", None, "status"),
    ("unknown field", front(reviewd="2026-03-01"), "CB202", None, "reviewd"),
    ("title is a list", TITLE_LIST, "CB203", line_of(TITLE_LIST, "title:"), "title"),
    ("owner is a mapping", OWNER_MAP, "CB203", line_of(OWNER_MAP, "owner:"), "owner"),
    ("history is text", HISTORY_TEXT, "CB203", line_of(HISTORY_TEXT, "history:"), "history"),
    ("classification is a list", CLASS_LIST, "CB205", None, "classification"),
    ("status is a list", STATUS_LIST, "CB205", None, "status"),
    ("clauses is text", CLAUSES_TEXT, "CB203", line_of(CLAUSES_TEXT, "clauses:"), "clauses"),
    ("reviewed is a list", REVIEWED_LIST, "CB203", None, "reviewed"),
    ("owner null", front(owner="null"), "CB209", 5, "owner"),
    ("owner empty", front(owner='""'), "CB209", 5, "owner"),
    ("impossible date", front(effective="2026-02-30"), "CB204", 9, "effective"),
    ("date in another format", front(effective="01/03/2026"), "CB204", 9, "effective"),
    ("date with slashes", front(effective="2026/03/01"), "CB204", 9, "effective"),
    ("date as words", front(effective="March 1, 2026"), "CB204", 9, "effective"),
    ("date far in the past", front(effective="1850-01-01"), "CB207", 9, "effective"),
    ("date far in the future", front(effective="2999-01-01"), "CB207", 9, "effective"),
    ("approved after effective", front(approved="2026-04-01"), "CB360", None, "approved"),
    ("approved before written", front(approved="2026-02-28"), "CB361", None, "approved"),
    (
        "review entry kind misspelt",
        front(history=REVIEW.replace("review", "reveiw")),
        "CB205",
        None,
        "history.0.kind",
    ),
    (
        "review outcome not allowed",
        front(history=REVIEW.replace("no change", "fine")),
        "CB205",
        None,
        "history.0.outcome",
    ),
    (
        "review without reviewer",
        front(history=REVIEW.replace("    reviewer: Q\n", "")),
        "CB201",
        None,
        "history.0.reviewer",
    ),
    ("reviewed before effective", front(reviewed="2026-01-01"), "CB306", None, "reviewed"),
    ("unknown status", front(status="effectve"), "CB205", 8, "status"),
    ("unknown type", front(type="procedur"), "CB205", 4, "type"),
    ("unknown classification", front(classification="secret"), "CB205", None, "classification"),
    ("id with a space", front(id="PRO CHG 01"), "CB206", 2, "id"),
    ("id with a slash", front(id="PRO/CHG/01"), "CB206", 2, "id"),
    ("bad review interval", front(review_interval="yearly"), "CB208", None, "review_interval"),
    ("approver missing", front(approver=None), "CB301", None, "approver"),
    ("effective date missing", front(effective=None), "CB302", None, "effective"),
    ("revision missing from history", front(revision='"2.2"'), "CB303", None, "history"),
    (
        "history out of order",
        front(
            history='\n  - revision: "2.1"\n    date: 2025-01-01\n'
            '    summary: a\n  - revision: "2.0"\n    date: 2026-01-01\n'
            "    summary: b"
        ),
        "CB304",
        None,
        "history.1.date",
    ),
    (
        "duplicate revisions in history",
        front(
            history='\n  - revision: "2.1"\n'
            "    date: 2026-03-01\n    summary: a\n"
            '  - revision: "2.1"\n    date: 2025-01-01\n'
            "    summary: b"
        ),
        "CB305",
        None,
        "history.1.revision",
    ),
    (
        "history entry field unknown",
        front(history='\n  - revision: "2.1"\n    date: 2026-03-01\n    summary: a\n    autor: x'),
        "CB202",
        None,
        "history.0.autor",
    ),
    ("unknown clause", front(clauses="[8.5.1.4]"), "CB404", 10, "clauses"),
    ("clause 8.10 does not exist", front(clauses="[8.10]"), "CB404", 10, "clauses"),
    (
        "standard not configured",
        front(clauses="\n  iso9001:2015: [7.5.1]"),
        "CB403",
        11,
        "clauses.iso9001:2015",
    ),
    ("section does not exist", front(clauses='["8.5.1.3#emergency"]'), "CB405", 10, "clauses"),
    ("unknown cross-reference", front() + "See [[PRO-NOPE-01]].\n", "CB406", 19, None),
    ("clause listed twice", front(clauses="[8.5.1.1, 8.5.1.1]"), "CB408", 10, "clauses"),
    (
        "clause and section listed twice",
        front(clauses='["8.5.1.3#emergency-changes", 8.5.1.1, "8.5.1.3#emergency-changes"]'),
        "CB408",
        10,
        "clauses",
    ),
    ("latin-1 file", front(title="Gestión de cambios").encode("latin-1"), "CB101", 3, None),
    ("utf-16 file", front().encode("utf-16"), "CB101", 1, None),
    ("utf-16 big endian", front().encode("utf-16-be").join([b"\xfe\xff", b""]), "CB101", 1, None),
]


@pytest.mark.parametrize(
    ("content", "code", "line", "field"),
    [pytest.param(c, code, line, field, id=name) for name, c, code, line, field in CASES],
)
def test_bad_input_is_a_precise_problem(
    tmp_path: Path, content: str | bytes, code: str, line: int | None, field: str | None
) -> None:
    manual = load_with(tmp_path, content)
    found = [p for p in manual.problems if p.code == code]
    assert found, [p.render() for p in manual.problems]
    problem = found[0]
    assert problem.file == "procedures/case.md"
    if line is not None:
        assert problem.line == line, problem.render()
    if field is not None:
        assert problem.field == field, problem.render()
    assert "PRO-GOOD-01" in manual.by_id
    assert all(p.file != "procedures/good.md" for p in manual.problems)


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40
    assert len({code for _, _, code, _, _ in CASES}) >= 25


@pytest.mark.parametrize(
    ("changes", "kept"),
    [
        (
            {
                "revision": "1.10",
                "history": "\n  - revision: 1.10\n    date: 2026-03-01\n    summary: a",
            },
            ("revision", "1.10"),
        ),
        ({"id": "0012"}, ("id", "0012")),
        ({"title": "No"}, ("title", "No")),
        ({"title": "yes"}, ("title", "yes")),
        ({"title": "1e3"}, ("title", "1e3")),
        ({"owner": "~ Team"}, ("owner", "~ Team")),
    ],
)
def test_yaml_keeps_what_the_author_wrote(
    tmp_path: Path, changes: dict[str, str], kept: tuple[str, str]
) -> None:
    manual = load_with(tmp_path, front(**changes))
    field, value = kept
    document = manual.by_id.get(changes.get("id", "PRO-CHG-01"))
    assert document is not None, [p.render() for p in manual.problems]
    assert getattr(document.meta, field) == value


def test_review_interval_unit_in_any_case(tmp_path: Path) -> None:
    manual = load_with(tmp_path, front(review_interval="6 Months"))
    document = manual.by_id["PRO-CHG-01"]
    assert str(document.meta.interval) == "6 months"


def test_clause_numbers_stay_text(tmp_path: Path) -> None:
    manual = load_with(tmp_path, front(clauses="[8.5.1.1, 8.6.1]"))
    document = manual.by_id["PRO-CHG-01"]
    assert document.meta.clauses == ["8.5.1.1", "8.6.1"]
    manual = load_with(tmp_path, front(clauses="[8.10]"))
    problem = next(p for p in manual.problems if p.code == "CB404")
    assert "clause 8.10 is not in" in problem.message  # not 8.1


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    content = ("\ufeff" + front(approved="2026-03-01")).replace("\n", "\r\n").encode("utf-8")
    manual = load_with(tmp_path, content)
    assert [p for p in manual.problems if p.file == "procedures/case.md"] == []
    assert manual.by_id["PRO-CHG-01"].meta.revision == "2.1"


def test_a_five_megabyte_document_loads(tmp_path: Path) -> None:
    body = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 90_000)[:5_000_000]
    manual = load_with(tmp_path, front() + body)
    assert "PRO-CHG-01" in manual.by_id


def test_an_oversized_document_is_refused(tmp_path: Path) -> None:
    manual = load_with(tmp_path, front() + "x" * (11 * 1024 * 1024))
    assert [p.code for p in manual.problems if p.file == "procedures/case.md"] == ["CB109"]


def test_a_link_outside_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text(front(), "utf-8")
    repo = tmp_path / "repo"
    (repo / "procedures").mkdir(parents=True)
    (repo / "procedures" / "linked.md").symlink_to(outside)
    manual = load(repo, Settings(sources=["procedures"]), as_of=AS_OF)
    assert [p.code for p in manual.problems] == ["CB110"]
    assert manual.documents == []


def test_duplicate_ids_name_both_files(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "a.md").write_text(front(), "utf-8")
    (tmp_path / "procedures" / "b.md").write_text(front(), "utf-8")
    (tmp_path / "procedures" / "c.md").write_text(front(id="pro-chg-01"), "utf-8")
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    codes = {(p.code, p.file) for p in manual.problems}
    assert ("CB401", "procedures/b.md") in codes
    assert ("CB402", "procedures/c.md") in codes
    message = next(p.message for p in manual.problems if p.code == "CB401")
    assert "procedures/a.md" in message


def test_missing_source_folder(tmp_path: Path) -> None:
    manual = load(tmp_path, Settings(sources=["nowhere"]), as_of=AS_OF)
    assert [p.code for p in manual.problems] == ["CB501"]
    assert "nowhere" in manual.problems[0].message


@pytest.mark.parametrize("folder", ["../outside", "/etc", "manual/../../x", "~/docs"])
def test_source_folder_outside_the_repository_is_refused(folder: str) -> None:
    settings, problems = parse_settings({"sources": [folder]})
    assert settings is None
    assert [p.code for p in problems] == ["CB505"]
    assert problems[0].field == "plugins.clausebook.sources"
    assert "not a folder inside the repository" in problems[0].message


@pytest.mark.parametrize(
    ("catalogue", "fragment"),
    [
        ("id: x\nclauses:\n  - number: '1'\n", "title"),
        ("id: x\ntitle: X\nclauses:\n  - number: '1'\n  - number: '1'\n", "listed twice"),
        ("id: x\ntitle: X\nclauses:\n  - number: '1.1'\n    parent: '1'\n", "parent '1'"),
        ("id: x\ntitle: X\nclauses: [unclosed\n", "YAML"),
        ("- just\n- a list\n", "not 'key: value'"),
    ],
)
def test_broken_custom_catalogue(tmp_path: Path, catalogue: str, fragment: str) -> None:
    (tmp_path / "cat.yaml").write_text(catalogue, "utf-8")
    (tmp_path / "procedures").mkdir()
    manual = load(tmp_path, Settings(sources=["procedures"], standards=["cat.yaml"]), as_of=AS_OF)
    problems = [p for p in manual.problems if p.code == "CB502"]
    assert problems and fragment in problems[0].message, [p.render() for p in manual.problems]


@pytest.mark.parametrize(
    ("parent", "suggestion"),
    [("8.2", "8"), ("8", None)],  # a typo next to the real parent; or the parent is missing
)
def test_missing_parent_suggests_the_number_above(
    tmp_path: Path, parent: str, suggestion: str | None
) -> None:
    clauses = "" if parent == "8" else "  - number: '8'\n    title: Operation\n"
    text = f"id: x\ntitle: X\nclauses:\n{clauses}  - number: '8.1'\n    title: T\n"
    (tmp_path / "cat.yaml").write_text(text + f"    parent: '{parent}'\n", "utf-8")
    (tmp_path / "procedures").mkdir()
    manual = load(tmp_path, Settings(sources=["procedures"], standards=["cat.yaml"]), as_of=AS_OF)
    (problem,) = [p for p in manual.problems if p.code == "CB502"]
    assert f"parent '{parent}'" in problem.message
    assert problem.suggestion == suggestion


def test_unknown_standard(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    manual = load(tmp_path, Settings(sources=["procedures"], standards=["iso27001"]), as_of=AS_OF)
    problem = next(p for p in manual.problems if p.code == "CB503")
    assert problem.suggestion == "iso27001:2022"


def test_bad_exclusions(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    settings = Settings(
        sources=["procedures"],
        exclusions={"iso20000-1:2018": {"8.99": "n/a", "8.2.5": " "}, "iso9001:2015": {}},
    )
    manual = load(tmp_path, settings, as_of=AS_OF)
    messages = [p.message for p in manual.problems if p.code == "CB504"]
    assert any("8.99" in m for m in messages)
    assert any("needs a justification" in m for m in messages)
    assert any("'iso9001:2015' is not a standard in scope" in m for m in messages)
    # Without its justification the exclusion is not applied: 8.2.5 keeps its real state.
    assert coverage_of(manual, "iso20000-1:2018").by_number["8.2.5"].state is State.UNCOVERED


def test_cross_reference_to_obsolete_document_is_a_warning(tmp_path: Path) -> None:
    old = front(id="PRO-OLD-01", status="obsolete", superseded_by="PRO-GOOD-01")
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "old.md").write_text(old, "utf-8")
    manual = load_with(tmp_path, front() + "Follow [[PRO-OLD-01]].\n")
    problem = next(p for p in manual.problems if p.code == "CB407")
    assert problem.severity == "warning"
    assert problem.suggestion == "PRO-GOOD-01"


@pytest.mark.parametrize(
    ("replacement", "message", "suggestion"),
    [
        ("PRO-GOOD-1", "'PRO-GOOD-1' names no document", "PRO-GOOD-01"),
        ("PRO-CHG-01", "PRO-CHG-01 names itself as its replacement", None),
    ],
)
def test_a_replacement_that_is_no_other_document_is_a_warning(
    tmp_path: Path, replacement: str, message: str, suggestion: str | None
) -> None:
    text = front(status="obsolete", superseded_by=replacement)
    manual = load_with(tmp_path, text)
    (problem,) = [p for p in manual.problems if p.code == "CB409"]
    assert problem.severity == "warning" and problem.field == "superseded_by"
    assert problem.message == message and problem.suggestion == suggestion
    assert problem.file == "procedures/case.md"
    assert problem.line == line_of(text, "superseded_by:")
    # The document is still published, with the banner that names no replacement.
    assert "PRO-CHG-01" in manual.by_id


def test_a_replacement_that_exists_is_not_reported(tmp_path: Path) -> None:
    manual = load_with(tmp_path, front(status="obsolete", superseded_by="PRO-GOOD-01"))
    assert not [p for p in manual.problems if p.code == "CB409"]


def test_source_folders_inside_docs_dir_or_linked_outside_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "docs" / "ctl").mkdir(parents=True)
    (root / "procedures").mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "ext").symlink_to(outside, target_is_directory=True)
    problems = misplaced_sources(root, ["procedures", "docs/ctl", "ext", "docs"], root / "docs")
    assert [p.code for p in problems] == ["CB505", "CB505", "CB505"]
    messages = [p.message for p in problems]
    assert "'docs/ctl' is inside docs_dir 'docs'" in messages[0]
    assert f"'ext' leads to {outside.resolve()}, outside the repository" in messages[1]
    assert "'docs' is inside docs_dir" in messages[2]


def test_every_problem_of_a_document_at_once(tmp_path: Path) -> None:
    """A field error does not hide the lifecycle, clause and cross-reference checks."""
    text = front(approver=None, reviewed="2026-02-30", clauses="[8.5.1.1, 8.99]")
    manual = load_with(tmp_path, text + "\nSee [[PRO-NOPE-01]].\n")
    found = {(p.code, p.field) for p in manual.problems if p.file == "procedures/case.md"}
    assert {
        ("CB204", "reviewed"),  # no 30 February
        ("CB301", "approver"),  # effective without an approver
        ("CB404", "clauses"),  # 8.99 does not exist
    } <= found
    assert any(p.code == "CB406" and p.file == "procedures/case.md" for p in manual.problems)
    assert "PRO-CHG-01" not in manual.by_id  # checked, never published
    assert [d.id for d in manual.documents] == ["PRO-GOOD-01"]


def test_no_check_runs_on_a_document_without_a_valid_id_or_status(tmp_path: Path) -> None:
    manual = load_with(tmp_path, front(status="valid", clauses="[8.99]"))
    codes = [p.code for p in manual.problems if p.file == "procedures/case.md"]
    assert codes == ["CB205"]  # the unknown status only: nothing else can be judged
