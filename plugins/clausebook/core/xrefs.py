"""Cross-references between controlled documents, written ``[[PRO-INC-01]]``.

The double-bracket form is what wiki and Obsidian users already type; it is rare in ordinary
Markdown, and it is skipped inside code so that examples can show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_XREF = re.compile(r"\[\[([A-Za-z0-9][A-Za-z0-9._-]*)\]\]")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")


@dataclass(frozen=True)
class Reference:
    target: str
    line: int  # 1-based within the body


def lines(body: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, text, is_code) for each line of a Markdown body: a fence line and the
    lines between two fences are code (also used to find a document's headings)."""
    fenced = False
    for number, line in enumerate(body.split("\n"), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            yield number, line, True
            continue
        yield number, line, fenced


def _has_code(body: str) -> bool:
    """Whether the body may hold code (a span or a fence); most bodies hold none, and are
    then searched as a whole rather than line by line."""
    return "`" in body or "~~~" in body


def find(body: str) -> list[Reference]:
    """Every ``[[ID]]`` outside code."""
    if "[[" not in body:
        return []
    if not _has_code(body):
        return [
            Reference(m.group(1), body.count("\n", 0, m.start()) + 1) for m in _XREF.finditer(body)
        ]
    found = []
    for number, line, code in lines(body):
        if code or "[[" not in line:
            continue
        for match in _XREF.finditer(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)):
            found.append(Reference(match.group(1), number))
    return found


def replace(
    body: str, render: Callable[[str], str], *, in_heading: Callable[[str], str] | None = None
) -> str:
    """Replace each reference outside code by ``render(id)``; with ``in_heading``, those
    inside headings by ``in_heading(id)`` (a heading's text is also its anchor and its entry
    in the table of contents)."""
    if "[[" not in body:
        return body
    if in_heading is None and not _has_code(body):
        return _XREF.sub(lambda match: render(match.group(1)), body)
    segments = list(lines(body))
    out = []
    for index, (_, line, code) in enumerate(segments):
        if code or "[[" not in line:
            out.append(line)
            continue
        below = segments[index + 1][1] if index + 1 < len(segments) else ""
        write = in_heading if in_heading and _is_heading(line, below) else render
        out.append(_replace_in_line(line, write))
    return "\n".join(out)


def _replace_in_line(line: str, write: Callable[[str], str]) -> str:
    if "`" not in line:
        return _XREF.sub(lambda match: write(match.group(1)), line)
    spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(line)]

    def swap(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in spans):
            return match.group(0)
        return write(match.group(1))

    return _XREF.sub(swap, line)


def _is_heading(line: str, below: str) -> bool:
    """Whether ``line`` is a heading: ``# ATX`` or text underlined by ``===`` or ``---``."""
    return bool(_ATX.match(line)) or (bool(line.strip()) and bool(_SETEXT.match(below)))


def absorb_titles(body: str, title_of: Callable[[str], str | None]) -> str:
    """The body without the titles written right after a reference to their document.

    Imported text names a document as "[[WI-INC-01]] Major incident bridge call"; the
    reference shows the id and the title already, so the title written after it would read
    twice. Only the exact title (any case) after blanks is left out; code is left alone.
    """
    if "[[" not in body:
        return body
    out = []
    for _, line, code in lines(body):
        if not code and "[[" in line:
            spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(line)]
            line = _absorb(line, title_of, spans)
        out.append(line)
    return "\n".join(out)


def _absorb(line: str, title_of: Callable[[str], str | None], spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for match in _XREF.finditer(line):
        if any(start <= match.start() < end for start, end in spans):
            continue
        title = title_of(match.group(1))
        rest = line[match.end() :]
        gap = len(rest) - len(rest.lstrip(" \t"))
        if not title or not gap or not rest[gap:].casefold().startswith(title.casefold()):
            continue
        after = match.end() + gap + len(title)
        if after < len(line) and (line[after].isalnum() or line[after] == "_"):
            continue  # the title is only the start of a longer word
        out.append(line[last : match.end()])
        last = after
    out.append(line[last:])
    return "".join(out)
