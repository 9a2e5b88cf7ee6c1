"""Hostile front matter: alias bombs, deep nesting, duplicated keys, hidden line ends,
control characters and intervals past the calendar (issue 18, items 1, 2, 4, 13 and 17)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from clausebook.core.catalogue import parse_catalogue
from clausebook.core.frontmatter import MAX_DEPTH, split
from clausebook.core.interval import Interval
from clausebook.core.loader import read_document
from clausebook.core.manual import load
from clausebook.core.metadata import validate
from clausebook.core.problems import Problem
from clausebook.core.settings import Settings
from sitekit import document

AS_OF = dt.date(2026, 11, 24)


def laughs(levels: int = 9) -> str:
    """The "billion laughs": each level an alias list of nine of the level below."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghijkl"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


# ------------------------------------------------------------------ item 1: aliases, depth


def test_a_billion_laughs_in_front_matter_is_refused_quickly() -> None:
    matter, problems = split(f"---\nid: PRO-1\n{laughs()}\n---\nBody\n", "bomb.md")
    assert matter is None
    assert codes(problems) == ["CB113"]
    assert problems[0].line is not None and problems[0].field is not None


def test_a_billion_laughs_in_a_custom_catalogue_is_refused() -> None:
    text = f"id: bomb\ntitle: Bomb\n{laughs()}\nclauses:\n  - number: '1'\n"
    catalogue, problems = parse_catalogue(text, "bomb.yaml")
    assert catalogue is None
    assert codes(problems) == ["CB502"] and "aliases" in problems[0].message


def test_an_alias_to_the_value_holding_it_is_a_problem_not_a_recursion_error() -> None:
    matter, problems = split("---\nid: X\ntitle: &t [*t]\n---\n", "self.md")
    assert matter is None
    assert codes(problems) == ["CB112"]
    assert problems[0].field == "title" and problems[0].line == 3


@pytest.mark.parametrize("brackets", [("{a: ", "}"), ("[", "]")])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 990])
def test_deeply_nested_values_are_a_problem(brackets: tuple[str, str], depth: int) -> None:
    opening, closing = brackets
    text = f"---\ntitle: {opening * depth}x{closing * depth}\n---\n"
    matter, problems = split(text, "deep.md")
    assert matter is None
    assert codes(problems) == ["CB112"]


def test_nesting_within_the_limit_and_a_plain_alias_still_read() -> None:
    matter, problems = split("---\nowner: &o Jane\napprover: *o\n---\n", "ok.md")
    assert problems == [] and matter is not None
    assert matter.data == {"owner": "Jane", "approver": "Jane"}


def test_a_bomb_among_documents_leaves_the_others_checked(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "bomb.md").write_text(f"---\n{laughs()}\n---\n", "utf-8")
    (tmp_path / "procedures" / "ok.md").write_text(document("PRO-OK-01", "Fine"), "utf-8")
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    assert [d.id for d in manual.documents] == ["PRO-OK-01"]
    assert "CB113" in codes(manual.problems)


# ------------------------------------------------- item 2: duplicated classification


def _doc(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "procedures" / "doc.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("first", "second"), [("confidential", "public"), ("public", "confidential")]
)
def test_a_classification_written_twice_takes_the_most_restrictive(
    tmp_path: Path, first: str, second: str
) -> None:
    text = document("PRO-SEC-01", "Secret", classification=first).replace(
        "---\n", f"---\nclassification: {second}\n", 1
    )
    path = _doc(tmp_path, text)
    found, problems = read_document(path, tmp_path)
    assert "CB106" in codes(problems)
    assert found is not None and not found.valid
    assert found.meta.classification == "confidential"
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    assert manual.documents == []
    assert "PRO-SEC-01" in manual.withheld


def test_a_misspelt_classification_counts_as_confidential(tmp_path: Path) -> None:
    path = _doc(tmp_path, document("PRO-SEC-02", "Secret", classification="confidental"))
    found, problems = read_document(path, tmp_path)
    assert codes(problems) == ["CB205"]
    assert found is not None and found.meta.classification == "confidential"
    manual = load(tmp_path, Settings(sources=["procedures"], audience="public"), as_of=AS_OF)
    assert manual.withheld == {"PRO-SEC-02"} and manual.documents == []


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
def test_hidden_line_ends_in_front_matter_are_refused_on_the_line_editors_show(
    char: str,
) -> None:
    text = f"---\nid: PRO-1\ntitle: Harmless{char}classification: public\nowner: X\n---\n"
    matter, problems = split(text, "hidden.md")
    assert matter is None
    assert codes(problems) == ["CB114"] and problems[0].line == 3
    assert f"U+{ord(char):04X}" in problems[0].message


def test_hidden_line_ends_in_the_body_are_left_alone() -> None:
    matter, problems = split("---\nid: PRO-1\n---\nA\u2028B\n", "body.md")
    assert problems == [] and matter is not None and "\u2028" in matter.body


# ------------------------------------------------------- item 4: intervals past calendars


@pytest.mark.parametrize("text", ["8000 years", "101 years", "1201 months", "9999 weeks"])
def test_intervals_longer_than_a_century_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="longer than a century"):
        Interval.parse(text)


def test_the_longest_interval_from_the_latest_date_stays_in_every_calendar() -> None:
    for unit, amount in (("year", 100), ("month", 1200), ("week", 5218), ("day", 9999)):
        due = Interval.parse(f"{amount} {unit}s").after(dt.date(2100, 12, 31))
        assert due.year <= 2201


def test_a_document_with_an_overlong_interval_is_a_problem_not_a_traceback(
    tmp_path: Path,
) -> None:
    text = document("PRO-LONG-01", "Long", effective="2100-12-31").replace(
        "status:", "review_interval: 7899 years\nstatus:", 1
    )
    _doc(tmp_path, text)
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    assert "CB208" in codes(manual.problems)
    assert manual.reviews() == []


def test_an_overlong_interval_in_the_settings_is_a_configuration_problem() -> None:
    with pytest.raises(ValueError, match="century"):
        Settings(review={"default_interval": "8000 years"})


# ------------------------------------------------- item 13 / 17: one-line fields, ids


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Line one\nerror CB999: forged"),
        ("title", "Bare\rreturn"),
        ("title", "Escape \x1b[31mred"),
        ("title", "Null\x00byte"),
        ("owner", "Tab\there"),
        ("revision", "1.0\x0b"),
    ],
)
def test_control_characters_in_one_line_fields_are_refused(field: str, value: str) -> None:
    matter, problems = split("---\nplaceholder: x\n---\n", "x.md")
    assert matter is not None
    matter.data = {
        "id": "PRO-1",
        "title": "T",
        "type": "procedure",
        "owner": "O",
        "revision": "1",
        "status": "draft",
        field: value,
    }
    meta, problems = validate(matter, "x.md")
    assert meta is None
    assert codes(problems) == ["CB210"] and problems[0].field == field
    assert "U+00" in problems[0].message


def test_a_control_character_in_a_history_summary_is_refused() -> None:
    matter, _ = split("---\nplaceholder: x\n---\n", "x.md")
    assert matter is not None
    matter.data = {
        "id": "PRO-1",
        "title": "T",
        "type": "procedure",
        "owner": "O",
        "revision": "1",
        "status": "draft",
        "history": [{"revision": "1", "date": "2026-01-01", "summary": "a\nb"}],
    }
    meta, problems = validate(matter, "x.md")
    assert meta is None and codes(problems) == ["CB210"]
    assert problems[0].field == "history.0.summary"


def test_an_id_with_a_trailing_newline_is_an_invalid_id() -> None:
    matter, problems = split('---\nid: "PRO-1\\n"\n---\n', "x.md")
    assert matter is not None and problems == []
    _, problems = validate(matter, "x.md")
    assert [p.code for p in problems if p.field == "id"] == ["CB206"]


def test_problem_lines_never_carry_raw_control_characters(tmp_path: Path) -> None:
    forged = "\nprocedures/x.md:1: error CB101: \x1b[2Jfake"
    _doc(tmp_path, document("PRO-1", "Title" + forged, status="effective" + forged))
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    rendered = [p.render() for p in manual.problems]
    assert {p.code for p in manual.problems} == {"CB205", "CB210"}
    assert all("\n" not in line and "\x1b" not in line for line in rendered)
    assert any("effective\\nprocedures/x.md:1: error CB101: \\x1b[2Jfake" in r for r in rendered)
    json.dumps([p.as_dict() for p in manual.problems])
