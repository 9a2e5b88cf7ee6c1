"""Outputs under hostile input: control characters in exports, long redlined lines
(issue 18, items 5 and 13)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from clausebook.exports.formats import ics_escape, to_csv, to_ics, to_json
from clausebook.render import redline as redline_module
from clausebook.render.labels import Labels
from clausebook.render.redline import redline

EN = Labels("en").texts()


def event(summary: str, description: str = "Owner: X") -> dict[str, object]:
    return {
        "uid": "u@x",
        "date": dt.date(2027, 1, 5),
        "summary": summary,
        "description": description,
    }


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\x0b"])
def test_no_line_break_ends_a_calendar_line(brk: str) -> None:
    text = to_ics(
        [event(f"Review{brk}END:VEVENT{brk}BEGIN:VEVENT")], "Reviews", dt.datetime(2026, 1, 1)
    )
    lines = text.decode("utf-8").split("\r\n")
    assert sum(line == "END:VEVENT" for line in lines) == 1
    assert b"\r" not in text.replace(b"\r\n", b"")
    assert "SUMMARY:Review\\nEND:VEVENT\\nBEGIN:VEVENT" in text.decode("utf-8")


def test_other_control_characters_are_dropped_from_calendar_text() -> None:
    assert ics_escape("a\x00b\x1b[31mc\x7fd") == "ab[31mcd"
    assert ics_escape("tab\there;semi,comma\\") == "tab\there\\;semi\\,comma\\\\"


def test_csv_cells_hold_no_nul_or_escape_but_keep_their_text() -> None:
    data = to_csv([{"id": "A", "title": "Nul\x00 and \x1b[2J escape"}], ["id", "title"])
    assert b"\x00" not in data and b"\x1b" not in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[1] == ["A", "Nul and [2J escape"]


def test_json_escapes_control_characters() -> None:
    data = to_json({"title": "a\x00b\nc"})
    assert b"\x00" not in data and b"\\u0000" in data
    assert json.loads(data) == {"title": "a\x00b\nc"}


# ------------------------------------------------------------------------------ redline


def cells(html_text: str) -> list[str]:
    return re.findall(r'<div class="cb-block[^"]*">(.*?)</div>', html_text)


def prose(count: int) -> list[str]:
    vocabulary = ["the", "change", "record", "is", "reviewed", "by", "owner", "and", "cab"]
    return [vocabulary[(i * 7) % len(vocabulary)] for i in range(count)]


def test_a_one_word_edit_in_a_five_thousand_word_line_is_still_one_word() -> None:
    words = prose(5000)
    edited = list(words)
    edited[2500] = "approved"
    (line,) = cells(redline(" ".join(words), " ".join(edited), EN))
    assert line.count("<del>") == 1 and line.count("<ins>") == 1
    assert f"<del>{words[2500]}</del><ins>approved</ins>" in line


def test_scattered_edits_beyond_the_bound_show_the_changed_middle_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(redline_module, "MAX_PAIRS", 50)
    words = prose(400)
    edited = list(words)
    for index in range(10, 390, 37):
        edited[index] = "approved"
    old, new = " ".join(words), " ".join(edited)
    (line,) = cells(redline(old, new, EN))
    assert line.count("<del>") == 1 and line.count("<ins>") == 1
    removed = re.search("<del>(.*?)</del>", line)
    added = re.search("<ins>(.*?)</ins>", line)
    assert removed and added
    # Nothing lost: the common start, the whole old middle and the common end rebuild old.
    plain = re.sub("<ins>.*?</ins>", "", line).replace("<del>", "").replace("</del>", "")
    assert plain == old
    assert re.sub("<del>.*?</del>", "", line).replace("<ins>", "").replace("</ins>", "") == new


def test_within_the_bound_scattered_edits_stay_word_by_word() -> None:
    words = prose(60)
    edited = list(words)
    edited[5] = edited[40] = "approved"
    (line,) = cells(redline(" ".join(words), " ".join(edited), EN))
    assert line.count("<ins>approved</ins>") == 2
