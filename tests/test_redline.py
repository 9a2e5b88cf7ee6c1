"""The comparison of two revisions as a reader sees them (render/redline.py): rendered
text, word-level changes, unchanged blocks folded, links between changes."""

from __future__ import annotations

import re

from clausebook.core.editions import fields_changed
from clausebook.render.labels import Labels
from clausebook.render.redline import blocks, redline

EN = Labels("en").texts()


def changed(html_text: str) -> list[tuple[str, str]]:
    """(class, inner HTML) of each changed, added or removed block."""
    return re.findall(r'<div class="cb-block cb-block--\w+ (cb-block--\w+)">(.*?)</div>', html_text)


def test_markup_and_wrapping_are_no_changes() -> None:
    old = "## Scope\n\nThe CAB decides\nweekly.\n\n* one\n* two\n"
    new = "Scope\n-----\n\nThe CAB decides weekly.\n\n- one\n- two\n"
    result = redline(old, new, EN)
    assert changed(result) == []
    assert "The text did not change." in result


def test_a_one_word_edit_strikes_that_word_only() -> None:
    (block,) = changed(redline("The CAB decides weekly.", "The CAB decides daily.", EN))
    assert block == ("cb-block--changed", "The CAB decides <del>weekly</del><ins>daily</ins>.")


def test_blocks_are_read_from_the_rendered_text() -> None:
    text = "# Title\n\nA *b* `c`.\n\n| Step | Who |\n|---|---|\n| 1 | CAB |\n\n- item\n"
    assert blocks(text) == [
        ("h1", "Title"),
        ("p", "A b c."),
        ("tr", "Step | Who"),
        ("tr", "1 | CAB"),
        ("li", "item"),
    ]


def test_unchanged_blocks_are_folded_but_for_the_context_of_each_change() -> None:
    paragraphs = [f"Paragraph {n}." for n in range(10)]
    new = paragraphs.copy()
    new[5] = "Paragraph five."
    result = redline("\n\n".join(paragraphs), "\n\n".join(new), EN)
    assert "<summary>4 unchanged paragraphs</summary>" in result  # 0-3 before
    assert result.count("<details") == 2  # 7-9 after (one shown as context)
    shown = re.sub(r"<details.*?</details>", "", result, flags=re.S)
    assert "Paragraph 4." in shown and "Paragraph 6." in shown  # the context
    assert "Paragraph 0." not in shown


def test_each_change_links_to_the_previous_and_the_next() -> None:
    old = "\n\n".join(["One.", "Two.", "Three.", "Four.", "Five."])
    new = "\n\n".join(["One!", "Two.", "Three!", "Four.", "Five!"])
    result = redline(old, new, EN)
    assert '<p class="cb-redline__summary">3 changes.' in result
    assert '<div class="cb-change" id="cb-change-2">' in result
    second = result[result.index('id="cb-change-2"') :]
    assert '<a href="#cb-change-1">previous</a>' in second.split("</p>")[0]
    assert '<a href="#cb-change-3">next</a>' in second.split("</p>")[0]


def test_blocks_added_and_removed_are_whole() -> None:
    result = changed(redline("Keep.\n\nGone.", "Keep.\n\nNew one.\n\nAnd another.", EN))
    assert result == [
        ("cb-block--removed", "<del>Gone.</del>"),
        ("cb-block--added", "<ins>New one.</ins>"),
        ("cb-block--added", "<ins>And another.</ins>"),
    ]


def test_chinese_is_compared_character_by_character() -> None:
    (block,) = changed(redline("变更由委员会\n批准", "变更由经理批准", Labels("zh").texts()))
    assert block[1] == "变更由<del>委员会</del><ins>经理</ins>批准"


def test_markup_in_either_revision_is_escaped() -> None:
    result = redline("`<b>old</b>`\n\nsame", 'x\n\n`<script>alert("x")</script>`', EN)
    assert "<script>" not in result and "<b>" not in result
    assert "&lt;script&gt;" in result and "&lt;b&gt;old&lt;/b&gt;" in result
    assert result.startswith('<div class="cb-redline">\n') and result.endswith("\n</div>")


def test_the_document_control_fields_that_changed_are_listed() -> None:
    old = {"title": "Change", "revision": "1.0", "owner": "CM", "clauses": ["iso 8.5.1"]}
    new = {**old, "revision": "1.1", "owner": "Head of IT", "clauses": ["iso 8.5.1", "iso 8.5.2"]}
    new["approver"] = "CEO"  # an older snapshot did not record it: not shown as a change
    assert fields_changed(old, new) == [
        ("revision", "1.0", "1.1"),
        ("owner", "CM", "Head of IT"),
        ("clauses", "iso 8.5.1", "iso 8.5.1, iso 8.5.2"),
    ]
