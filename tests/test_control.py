"""The control blocks of a document page."""

from __future__ import annotations

import re

import pytest

from clausebook.render.printing import css_string


@pytest.mark.parametrize(
    "text", ['PRO-1 · Revision 1.0 · "</style><script>alert(1)</script>', "修订 2.0\n\\'x'"]
)
def test_print_header_is_a_css_string_no_text_breaks_out_of(text: str) -> None:
    css = css_string(text)
    inner = css[1:-1]
    assert css[0] == css[-1] == '"' and not re.search(r"[\"'<>\n]", inner)
    assert re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), inner) == text
