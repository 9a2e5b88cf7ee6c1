"""Cross-references in the text, skipping code."""

from __future__ import annotations

from clausebook.core import xrefs


def test_cross_references_outside_code_with_their_lines() -> None:
    body = "See [[PRO-1]].\n\n`[[NOT-1]]` and [[WI-2]]\n\n```\n[[NOT-2]]\n```\n[[FRM-3]]"
    found = [(r.target, r.line) for r in xrefs.find(body)]
    assert found == [("PRO-1", 1), ("WI-2", 3), ("FRM-3", 8)]
    replaced = xrefs.replace(body, lambda target: f"<{target}>")
    assert replaced == "See <PRO-1>.\n\n`[[NOT-1]]` and <WI-2>\n\n```\n[[NOT-2]]\n```\n<FRM-3>"
    plain = "One [[PRO-1]]\ntwo\nthree [[PRO-2]] [[PRO-1]]"
    assert [(r.target, r.line) for r in xrefs.find(plain)] == [
        ("PRO-1", 1),
        ("PRO-2", 3),
        ("PRO-1", 3),
    ]


def test_cross_references_in_headings_can_be_written_apart() -> None:
    body = "# See [[PRO-1]]\n\nText [[PRO-1]].\nUnder [[PRO-2]]\n---\n\n`[[PRO-3]]` and [[PRO-3]]\n"
    replaced = xrefs.replace(body, lambda t: f"<{t}>", in_heading=lambda t: f"#{t}#")
    assert (
        replaced
        == "# See #PRO-1#\n\nText <PRO-1>.\nUnder #PRO-2#\n---\n\n`[[PRO-3]]` and <PRO-3>\n"
    )
    # A line followed by a table's rule or by a blank line and a rule is no heading.
    table = "| [[PRO-1]] |\n|---|\n\nText [[PRO-2]]\n\n---\n"
    assert xrefs.replace(table, str.lower, in_heading=str.upper) == (
        "| pro-1 |\n|---|\n\nText pro-2\n\n---\n"
    )
