"""The outline of a document page: one title, from the front matter, over the author's text.

Imported documents bring their own top heading: the title again ("# Change Management
Policy"), or the first section ("# Purpose and Scope"), or every section at level 1
("# 1.0 Purpose", "# 2.0 Scope"). A page built from the body's first heading then shows
neither the document's id nor its title, and neither do its search results and PDFs. So the
page's title is always the front matter's id and title; a first heading that repeats the
title is dropped (it would show twice); any other level-1 heading is moved one level down,
with the rest of the body, so the sections keep their order under the one title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clausebook.core.metadata import Metadata

_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_ATX = re.compile(r"^( {0,3})(#{1,6})([ \t]+|$)")
_ANY_H1 = re.compile(r"^ {0,3}#(?:[ \t]|$)", re.MULTILINE)
_H1 = re.compile(r"^ {0,3}#[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
#: A line that can be a setext heading's text: not a list item, quote, table row or rule.
_PLAIN = re.compile(r"^ {0,3}(?![-*+>|]|\d+[.)]\s|=)\S")
_ATTRS = re.compile(r"\s*\{[^}]*\}\s*$")
_LOOSE = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Outline:
    """A body fitted under the page title: ``body`` as the page shows it; ``dropped`` when a
    first heading repeating the title was left out; ``demoted`` lists the 1-based lines of
    the level-1 headings moved one level down (for ``check``'s notice)."""

    body: str
    dropped: bool = False
    demoted: tuple[int, ...] = ()


def _loose(text: str) -> str:
    """Text compared loosely: case, punctuation and spacing do not count."""
    return _LOOSE.sub(" ", _ATTRS.sub("", text)).strip().casefold()


def titles_of(meta: Metadata) -> set[str]:
    """Every way the body's first heading may repeat the document's title."""
    names = {meta.id, meta.title, f"{meta.id} {meta.title}"}
    for other in (meta.title_zh, meta.title_en):
        if other:
            names |= {other, f"{meta.id} {other}"}
    return {_loose(name) for name in names}


def fit(meta: Metadata, body: str) -> Outline:
    """The body under the page title: its repeated title dropped, its level-1 headings
    (outside code) moved one level down."""
    if not _ANY_H1.search(body) and "==" not in body:
        return Outline(body)  # most bodies: no level-1 heading at all, nothing to fit
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    dropped, length = False, 0
    if first is not None:
        setext = first + 1 < len(lines) and lines[first + 1].strip().startswith("=")
        if setext and _SETEXT.match(lines[first + 1]):
            text, length = lines[first], 2
        elif match := _H1.match(lines[first]):
            text, length = match.group(1), 1
        else:
            text, length = "", 0
        if length and _loose(text) in titles_of(meta):
            lines = lines[:first] + lines[first + length :]
            dropped = True
    rest = "\n".join(lines)
    if not _ANY_H1.search(rest) and "==" not in rest:
        return Outline(rest, dropped)  # the repeated title was the only level-1 heading
    headings = _headings(lines)
    if not any(level == 1 for _, level, _ in headings):
        return Outline("\n".join(lines), dropped)
    offset = length if dropped else 0  # lines after a dropped title sit lower in the file
    demoted = []
    for index, level, setext in reversed(headings):  # from the end: setext lines go away
        if level == 1:
            demoted.append(index + 1 + (offset if index >= (first or 0) else 0))
        if setext:  # "Text" over "===" or "---": written as ATX one level down
            lines[index : index + 2] = [f"{'#' * (level + 1)} {lines[index].strip()}"]
        elif level < 6:
            lines[index] = _ATX.sub(
                lambda m: f"{m.group(1)}#{m.group(2)}{m.group(3)}", lines[index]
            )
    return Outline("\n".join(lines), dropped, tuple(reversed(demoted)))


def _headings(lines: list[str]) -> list[tuple[int, int, bool]]:
    """(index, level, is setext) of the headings outside code: ``# ATX`` ones, and text
    underlined by ``===`` or ``---`` after a blank line (not a table, list or quote)."""
    found = []
    fenced = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        elif fenced:
            continue
        elif match := _ATX.match(line):
            found.append((index, len(match.group(2)), False))
        elif (
            index + 1 < len(lines)
            and (under := _SETEXT.match(lines[index + 1]))
            and _PLAIN.match(line)
            and (index == 0 or not lines[index - 1].strip())
        ):
            found.append((index, 1 if under.group(1).startswith("=") else 2, True))
    return found
