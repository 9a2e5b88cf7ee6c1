"""A document's printed content, read back from its built page.

The Word and single-file copies carry exactly what the site shows (the control block,
banners, the text with its cross-references resolved, back-links, history), so they are made
from the built page rather than from the Markdown again: ``<article>`` is cut out of the page
and parsed into a small tree. Python's own HTML parser is enough for HTML that MkDocs wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from clausebook.exports.pdffile import LinkMap

_VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr", "source"}
_START = '<article class="md-content__inner md-typeset">'


@dataclass
class Node:
    """An element (``tag`` set) or a piece of text (``text`` set)."""

    tag: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: str = ""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def plain(self) -> str:
        """The text inside, as a reader sees it (no markup)."""
        if not self.tag:
            return self.text
        if self.tag == "br":
            return "\n"
        return "".join(child.plain() for child in self.children)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node(tag="root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag=tag, attrs={k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Node(text=data))


def article_html(page: Path) -> str:
    """The inner HTML of a built page's ``<article>`` (the page's own content)."""
    text = page.read_text("utf-8")
    start = text.find(_START)
    if start < 0:
        raise ValueError(f"{page} has no article: is it a page of a Material site?")
    start += len(_START)
    end = text.rfind("</article>")
    return text[start:end]


def parse(html_text: str) -> Node:
    builder = _Builder()
    builder.feed(html_text)
    builder.close()
    return builder.root


def link_target(links: LinkMap, page: Path, href: str) -> tuple[str | None, str | None]:
    """Where a link of ``page`` leads once the copy leaves the site: the document it names
    (id) and its address on the web (see :meth:`LinkMap.resolve`)."""
    if href.startswith("#"):
        return None, None
    absolute = urljoin(page.resolve().as_uri(), href)
    return links.resolve(absolute)


def page_path(site_dir: Path, url: str) -> Path:
    """The built file of a page URL (``procedures/pro-chg-01/`` or ``...01.html``)."""
    return site_dir / url / "index.html" if url.endswith("/") or not url else site_dir / url
