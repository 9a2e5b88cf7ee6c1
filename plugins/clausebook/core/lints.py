"""Checks of imported text: Markdown that would lose or change what the author wrote.

Documents imported from a word processor or another wiki read well in their editor and
badly on the site: ``<insert email address here>`` is taken for an HTML tag and vanishes,
pandoc's grid tables and ``a.``/``i.`` lists come out as plain paragraphs, links point at
files that were not imported or at a document's file (which breaks when it is renamed),
and ISO/IEC 27001:2013 control numbers linger after the move to the 2022 edition. Each is
reported with the line and what to write instead; none changes the author's text.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

from clausebook.core.catalogue import old_controls
from clausebook.core.document import Document
from clausebook.core.outline import fit
from clausebook.core.problems import Problem

_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INDENTED = re.compile(r"^(?: {4}|\t)")
#: ``<word ...>``: what Markdown passes through as an HTML tag.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)/?>")
_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_LETTER_ITEM = re.compile(r"^\s{0,3}([a-z]|[ivx]{1,4})[.)][ \t]+\S", re.IGNORECASE)
_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: An ISO/IEC 27001:2013 Annex A control: three numbers after A.5 to A.18 (2022 has two).
_OLD_CONTROL = re.compile(r"(?<![\w.])A\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})(?![\w.]*\d)")

#: The elements of HTML (and the few SVG/MathML ones written inline): any other ``<word>``
#: in a body is text the reader was meant to see.
HTML_TAGS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
    caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em
    embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr
    html i iframe img input ins kbd label legend li link main map mark math menu meta meter
    nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby
    s samp script search section select slot small source span strong style sub summary sup
    svg table tbody td template textarea tfoot th thead time title tr track u ul var video
    wbr center font big tt strike nobr path g circle rect line polyline polygon text use
    defs""".split()  # noqa: SIM905
)


def _lines(body: str) -> Iterator[tuple[int, str]]:
    """(1-based line, text) of the body outside code blocks, code spans blanked."""
    fenced = False
    for number, line in enumerate(body.split("\n"), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or (_INDENTED.match(line) and not line.lstrip().startswith(("-", "*", "+"))):
            continue
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        yield number, line


def lint(
    document: Document, pages: dict[str, str], root: Path, docs_dir: Path | None
) -> list[Problem]:
    """Every problem of the document's imported text; ``pages`` maps the source path of
    every document to its id (the pages a relative link may name)."""
    problems: list[Problem] = []
    file, offset = document.src_uri, document.body_line - 1

    def add(code: str, line: int, message: str, suggestion: str | None = None) -> None:
        problems.append(
            Problem.of(code, message, file=file, line=line + offset, suggestion=suggestion)
        )

    demoted = fit(document.meta, document.body).demoted
    if demoted:
        lines = ", ".join(str(n + offset) for n in demoted)
        add(
            "CB141",
            demoted[0],
            f"the body has level-1 headings (lines {lines}): the page shows its sections one "
            "level lower, under the document's id and title",
        )
    previous_item: tuple[int, str] | None = None
    in_grid = False
    for number, line in _lines(document.body):
        # Each check first looks for its one character: most lines need no regex at all.
        for match in _TAG.finditer(line) if "<" in line else ():
            if match.group(2).lower() not in HTML_TAGS:
                add(
                    "CB140",
                    number,
                    f"'{match.group(0)}' reads as an HTML tag and does not appear on the page",
                    f"[{match.group(2)}{match.group(3)}]",
                )
        # A grid table: rules and rows of '+' and '|'; reported once, at its first rule.
        rule = "+-" in line and bool(_GRID_RULE.match(line))
        if rule and not in_grid:
            add("CB142", number, "a grid table is shown as text, not as a table")
        in_grid = (in_grid or rule) and line.lstrip().startswith(("+", "|"))
        item = _LETTER_ITEM.match(line) if ("." in line or ")" in line) else None
        if item:
            marker = item.group(1).lower()
            if previous_item and _follows(previous_item[1], marker):
                add(
                    "CB143",
                    previous_item[0],
                    f"a list numbered '{previous_item[1]}.', '{marker}.' reads as one paragraph",
                )
                previous_item = None
            else:
                previous_item = (number, marker)
        elif line.strip():
            previous_item = None
        for match in _LINK.finditer(line) if "](" in line else ():
            problems += _link(document, match.group(1), number + offset, pages, root, docs_dir)
        for match in _OLD_CONTROL.finditer(line) if "A." in line else ():
            old = match.group(0)
            new = old_controls().get(old)
            if new:
                add(
                    "CB442",
                    number,
                    f"{old} is an ISO/IEC 27001:2013 control; ISO/IEC 27001:2022 numbers it "
                    + " and ".join(new),
                    new[0],
                )
    return problems


def _follows(previous: str, marker: str) -> bool:
    """Whether ``marker`` is the item after ``previous`` (b after a, ii after i)."""
    romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
    if previous in romans[:-1] and marker == romans[romans.index(previous) + 1]:
        return True
    return len(previous) == 1 and len(marker) == 1 and ord(marker) == ord(previous) + 1


def _link(
    document: Document,
    target: str,
    line: int,
    pages: dict[str, str],
    root: Path,
    docs_dir: Path | None,
) -> list[Problem]:
    """A relative link that names no file, or names a document's file."""
    if _SCHEME.match(target) or target.startswith(("#", "/")):
        return []
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return []
    here = posixpath.dirname(document.src_uri)
    site_path = posixpath.normpath(posixpath.join(here, path))
    other = pages.get(site_path)
    if other:
        return [
            Problem.of(
                "CB441",
                f"'{target}' links to a document's file, which breaks when it is renamed",
                file=document.src_uri,
                line=line,
                suggestion=f"[[{other}]]",
            )
        ]
    if site_path.startswith("..") or (root / site_path).exists():
        return []
    if docs_dir is not None and (docs_dir / site_path).exists():
        return []
    return [
        Problem.of(
            "CB440",
            f"'{target}' names no file of the manual or the site",
            file=document.src_uri,
            line=line,
        )
    ]
