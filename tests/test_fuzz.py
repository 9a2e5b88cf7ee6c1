"""Property-based tests: whatever the bytes or front matter, no exception escapes."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausebook.core import xrefs
from clausebook.core.frontmatter import split
from clausebook.core.loader import decode
from clausebook.core.manual import load
from clausebook.core.metadata import FIELDS, validate
from clausebook.core.problems import CODES
from clausebook.core.settings import Settings

AS_OF = dt.date(2026, 11, 24)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.sampled_from(
        [
            "1.10",
            "8.10",
            "No",
            "yes",
            "null",
            "~",
            "2026-02-30",
            "2026-03-01",
            "effective",
            "procedure",
            "[",
            "{",
            ":",
            "- x",
            "'",
            '"',
            "\t",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
front_matter = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=10)), values, max_size=12
)


@FAST
@given(st.binary(max_size=400))
def test_decode_never_raises(raw: bytes) -> None:
    text, problem = decode(raw, "x.md")
    assert (text is None) == (problem is not None)


@FAST
@given(st.text(max_size=400))
def test_split_never_raises(text: str) -> None:
    matter, problems = split(text, "x.md")
    assert all(p.code in CODES for p in problems)
    if matter is None:
        assert problems


@FAST
@given(front_matter)
def test_validate_returns_metadata_or_known_problems(data: dict[str, object]) -> None:
    matter, problems = split("---\nplaceholder: x\n---\n", "x.md")
    assert matter is not None and problems == []
    matter.data = data
    meta, problems = validate(matter, "x.md")
    if meta is None:
        assert problems and all(p.code in CODES for p in problems)
        assert all(p.file == "x.md" for p in problems)
    else:
        assert problems == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.binary(max_size=300), st.text(max_size=300)), min_size=1, max_size=4))
def test_whole_check_never_raises(contents: list[bytes | str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "procedures").mkdir()
        for index, content in enumerate(contents):
            path = root / "procedures" / f"doc-{index}.md"
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text("---\n" + content, "utf-8", errors="surrogatepass")
        manual = load(root, Settings(sources=["procedures"]), as_of=AS_OF)
        assert all(p.code in CODES for p in manual.problems)
        assert len(manual.documents) <= len(contents)


# ------------------------------------------------------------------ cross-references

_body_parts = st.lists(
    st.sampled_from(
        ["[[PRO-1]]", "[[WI-2.a]]", "[[", "]]", "text ", "\n", "[[x y]]", "-", "[]", "# ", "="]
    ),
    max_size=30,
).map("".join)


@FAST
@given(_body_parts)
def test_references_found_in_one_pass_equal_those_found_line_by_line(body: str) -> None:
    """A body without code is searched as a whole; one with code line by line. Adding a line
    of code (which forces the second way) changes nothing for the other lines."""
    with_code = body + "\n`[[CODE-1]]`"
    assert xrefs.find(body) == xrefs.find(with_code)
    assert xrefs.replace(body, str.lower) + "\n`[[CODE-1]]`" == xrefs.replace(with_code, str.lower)
    # Writing headings' references apart changes nothing when both ways write the same.
    assert xrefs.replace(body, str.lower, in_heading=str.lower) == xrefs.replace(body, str.lower)
