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


@dataclass(frozen=True)
class Reference:
    target: str
    line: int  # 1-based within the body


def _segments(body: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, text, is_code) for each line; code fences pass through untouched."""
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
    for number, line, code in _segments(body):
        if code or "[[" not in line:
            continue
        for match in _XREF.finditer(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)):
            found.append(Reference(match.group(1), number))
    return found


def replace(body: str, render: Callable[[str], str]) -> str:
    """Replace each reference outside code by ``render(id)``."""
    if "[[" not in body:
        return body
    if not _has_code(body):
        return _XREF.sub(lambda match: render(match.group(1)), body)
    out = []
    for _, line, code in _segments(body):
        if code or "[[" not in line:
            out.append(line)
            continue
        spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(line)]

        def swap(match: re.Match[str], spans: list[tuple[int, int]] = spans) -> str:
            if any(start <= match.start() < end for start, end in spans):
                return match.group(0)
            return render(match.group(1))

        out.append(_XREF.sub(swap, line))
    return "\n".join(out)
