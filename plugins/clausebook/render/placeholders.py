"""Where generated HTML and cross-reference links go: placeholders, and putting them back.

The renderer never hands Markdown a block of HTML or a cross-reference link to parse. A
report's Markdown holds a comment where each table goes (:func:`set_aside`); a document's
Markdown holds its heading and body only, each ``[[ID]]`` a placeholder of two private-use
characters around a number (:func:`xref_placeholder`). Python-Markdown parsing raw HTML
(even a comment) costs it more than the paragraphs around it, and the renderer already
knows every link's target.

Two consumers put them back, with the same functions:

- the MkDocs plugin, into the HTML Markdown made (:func:`restore_xrefs`, :func:`frame`,
  :func:`restore_blocks`): the print header before search indexes the page, the other
  blocks after it;
- ``clausebook pages``, into the Markdown itself (:func:`inline_blocks`,
  :func:`inline_xrefs`), so the plain files hold the HTML and Markdown links.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

#: Where a block of generated HTML was set aside; ``n`` counts the blocks of one page, so
#: the Markdown of an unchanged page stays the same from build to build.
RAW = "<!--clausebook:raw:{n}-->"
#: Where a cross-reference's link goes: characters of Unicode's private use area, which
#: Markdown passes through as text and no author types.
XREF = "\ue000{n}\ue001"
_XREF = re.compile("\ue000([0-9]+)\ue001")
_CLOSE_H1 = "</h1>"


class Xref(NamedTuple):
    """One cross-reference of a document page: the link as HTML, its label as HTML text
    (for a place where no link can go, such as an attribute), and the target's id."""

    anchor: str
    label: str
    target: str


def set_aside(blocks: list[str], block: str) -> str:
    """Keep ``block`` in ``blocks``; the Markdown that stands in its place."""
    blocks.append(block.strip("\n"))
    return "\n" + RAW.format(n=len(blocks) - 1) + "\n"


def xref_placeholder(xrefs: list[Xref], xref: Xref) -> str:
    """Keep ``xref`` in ``xrefs``; the text that stands in its place."""
    xrefs.append(xref)
    return XREF.format(n=len(xrefs) - 1)


# ------------------------------------------------------------------ into the site's HTML


def restore_xrefs(html_text: str, xrefs: list[Xref]) -> str:
    """The HTML of a document page with its cross-references' links in place.

    A reference that Markdown put inside a tag (a link title, an image's alt text) gets
    its label as text there: a link cannot go inside an attribute.
    """
    if not xrefs:
        return html_text

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n >= len(xrefs):  # not one of ours (private-use text): left as it is
            return match.group(0)
        start = match.start()
        in_tag = html_text.rfind("<", 0, start) > html_text.rfind(">", 0, start)
        return xrefs[n].label if in_tag else xrefs[n].anchor

    return _XREF.sub(link, html_text)


def frame(html_text: str, head: str) -> str:
    """A document page's HTML with its print header after the title, and the places of its
    two other blocks: the first before the body, the second after it (see
    :func:`restore_blocks`)."""
    end = html_text.find(_CLOSE_H1)
    cut = end + len(_CLOSE_H1) if end >= 0 else 0
    first, second = RAW.format(n=0), RAW.format(n=1)
    return f"{html_text[:cut]}\n{head}\n{first}\n{html_text[cut:]}\n{second}"


def restore_blocks(html_text: str, blocks: list[str]) -> str:
    """The HTML of a page with its set-aside blocks back in place."""
    for n, block in enumerate(blocks):
        # Blocks are escaped HTML: none can hold a placeholder of its own.
        html_text = html_text.replace(RAW.format(n=n), block)
    return html_text


# ------------------------------------------------------------------- into plain Markdown


def inline_blocks(markdown: str, blocks: list[str]) -> str:
    """Markdown with the blocks :func:`set_aside` kept written where they were."""
    for n, block in enumerate(blocks):
        markdown = markdown.replace("\n" + RAW.format(n=n) + "\n", block + "\n")
    return markdown


def inline_xrefs(markdown: str, xrefs: list[Xref], link: Callable[[Xref], str]) -> str:
    """Markdown with each cross-reference placeholder replaced by ``link(xref)``."""
    if not xrefs:
        return markdown

    def write(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return link(xrefs[n]) if n < len(xrefs) else match.group(0)

    return _XREF.sub(write, markdown)
