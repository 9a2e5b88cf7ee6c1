"""Property-based tests of hostile input (issue 18): alias bombs, deep nesting, control
characters, hidden line ends and far-future dates never raise, hang or leak raw into a
problem line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausebook.core.document import Document
from clausebook.core.frontmatter import split
from clausebook.core.interval import Interval
from clausebook.core.metadata import Metadata, validate
from clausebook.core.problems import CODES
from clausebook.core.schedule import review_of
from clausebook.core.settings import Settings
from clausebook.exports.formats import to_csv, to_ics

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTROLS = "\x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x7f\x85\x9b\u2028\u2029"


def _raw(text: str) -> bool:
    """Whether ``text`` holds a character a terminal or a calendar line acts on."""
    return any(ch in CONTROLS for ch in text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 12), st.integers(1, 12), st.booleans())
def test_alias_chains_of_any_shape_are_read_or_refused(
    levels: int, width: int, mappings: bool
) -> None:
    lines = ['a0: &a0 ["lol", "lol"]']
    for level in range(1, levels):
        items = [f"*a{level - 1}"] * width
        value = (
            "{" + ", ".join(f"k{i}: {item}" for i, item in enumerate(items)) + "}"
            if mappings
            else "[" + ", ".join(items) + "]"
        )
        lines.append(f"a{level}: &a{level} {value}")
    matter, problems = split("---\n" + "\n".join(lines) + "\n---\n", "bomb.md")
    assert all(p.code in CODES for p in problems)
    if matter is None:
        assert [p.code for p in problems] in (["CB112"], ["CB113"])
    else:
        assert problems == []


@FAST
@given(st.lists(st.sampled_from(["[", "{a: ", "- ", "&x ", "*x"]), max_size=1200))
def test_deep_or_self_referencing_nesting_never_raises(openers: list[str]) -> None:
    text = "title: " + "".join(openers) + "x" + "]" * openers.count("[")
    matter, problems = split(f"---\n{text}\n---\n", "deep.md")
    if matter is None:
        assert problems and {p.code for p in problems} <= {"CB104", "CB105", "CB112", "CB113"}
    else:
        assert all(p.code in CODES for p in problems)


@FAST
@given(
    st.sampled_from(["title", "owner", "approver", "revision", "superseded_by"]),
    st.text(alphabet=st.sampled_from(list(CONTROLS) + list("aZ9 -:")), min_size=1, max_size=30),
)
def test_control_characters_in_one_line_fields_never_pass_nor_print_raw(
    field: str, value: str
) -> None:
    matter, _ = split("---\nplaceholder: x\n---\n", "x.md")
    assert matter is not None
    data = {
        "id": "PRO-1",
        "title": "T",
        "type": "procedure",
        "owner": "O",
        "revision": "1",
        "status": "draft",
    }
    matter.data = {**data, field: value}
    meta, problems = validate(matter, "x.md")
    if _raw(value):
        assert meta is None and field in {p.field for p in problems}
    for problem in problems:
        assert not _raw(problem.render())


@FAST
@given(
    st.text(max_size=40),
    st.sampled_from(["\u2028", "\u2029", "\x85"]),
    st.text(max_size=40),
)
def test_hidden_line_ends_anywhere_in_front_matter_are_refused(
    before: str, brk: str, after: str
) -> None:
    text = f"---\nid: X\ntitle: {json.dumps(before)[1:-1]}{brk}{after}\n---\nBody\n"
    matter, problems = split(text, "x.md")
    assert matter is None and "CB114" in {p.code for p in problems}


@FAST
@given(
    st.dates(dt.date(1980, 1, 1), dt.date(2100, 12, 31)),
    st.integers(1, 9999),
    st.sampled_from(["day", "week", "month", "year"]),
)
def test_any_accepted_interval_from_any_plausible_date_fits_every_calendar(
    last: dt.date, amount: int, unit: str
) -> None:
    try:
        interval = Interval.parse(f"{amount} {unit}s")
    except ValueError:
        return
    meta = Metadata.model_validate(
        {
            "id": "PRO-1",
            "title": "T",
            "type": "procedure",
            "owner": "O",
            "approver": "A",
            "revision": "1",
            "status": "effective",
            "effective": last.isoformat(),
            "review_interval": str(interval),
        }
    )
    document = Document("procedures/pro-1.md", Path("pro-1.md"), meta, "")
    review = review_of(document, Settings(), dt.date(2026, 11, 24))
    assert review is not None and review.next.year <= 2201
    event = {"uid": "u", "date": review.next, "summary": "s", "description": "d"}
    assert to_ics([event], "Reviews", dt.datetime(2026, 1, 1)).endswith(b"END:VCALENDAR\r\n")


@FAST
@given(st.text(max_size=60))
def test_exports_never_carry_nul_or_break_a_calendar_line(text: str) -> None:
    event = {"uid": "u", "date": dt.date(2027, 1, 1), "summary": text, "description": text}
    calendar = to_ics([event], text, dt.datetime(2026, 1, 1)).decode("utf-8")
    assert calendar.count("END:VEVENT") == 1 + text.count("END:VEVENT")
    for line in calendar.split("\r\n"):
        assert not any(ch in line for ch in "\r\n\x00")
    assert b"\x00" not in to_csv([{"title": text}], ["title"])
