"""The word-level comparison of two revisions (render/redline.py)."""

from __future__ import annotations

import re

from clausebook.render.redline import redline


def lines(html_text: str) -> list[tuple[str, str]]:
    """(class, inner HTML) of each line of a redline."""
    return re.findall(r'<div class="(cb-line[^"]*)">(.*?)</div>', html_text)


def test_unchanged_lines_are_plain_and_an_empty_one_keeps_its_height() -> None:
    assert lines(redline("One.\n\nTwo.", "One.\n\nTwo.")) == [
        ("cb-line", "One."),
        ("cb-line", "&nbsp;"),
        ("cb-line", "Two."),
    ]


def test_a_one_word_edit_strikes_that_word_only() -> None:
    (line,) = lines(redline("The CAB decides weekly.", "The CAB decides daily."))
    assert line == (
        "cb-line cb-line--changed",
        "The CAB decides <del>weekly</del><ins>daily</ins>.",
    )


def test_lines_added_and_removed_are_whole() -> None:
    result = lines(redline("Keep.\nGone.", "Keep.\nNew one.\nAnd another."))
    assert result == [
        ("cb-line", "Keep."),
        ("cb-line cb-line--removed", "<del>Gone.</del>"),
        ("cb-line cb-line--added", "<ins>New one.</ins>"),
        ("cb-line cb-line--added", "<ins>And another.</ins>"),
    ]


def test_chinese_is_compared_character_by_character() -> None:
    (line,) = lines(redline("变更由委员会批准", "变更由经理批准"))
    assert line[1] == "变更由<del>委员会</del><ins>经理</ins>批准"


def test_markup_in_either_revision_is_escaped() -> None:
    result = redline("<b>old</b>\nsame", 'x\ny\n<script>alert("x")</script>')
    assert "<script>" not in result and "<b>" not in result
    assert "<del>&lt;b&gt;old&lt;/b&gt;</del>" in result
    assert "<ins>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</ins>" in result
    assert result.startswith('<div class="cb-redline">\n') and result.endswith("\n</div>")
