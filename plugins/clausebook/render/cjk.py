"""A Markdown extension: a line break inside Chinese (or Japanese) text joins without a space.

Authors wrap paragraphs at a fixed width, and word processors export them so. Markdown turns
each soft line break into a space, which Western text needs and Chinese does not: "被及时
受理" shows as "被及时 受理", on the page, in print and in search excerpts. This extension
joins a line break between two CJK characters (punctuation included) with nothing, in the
HTML only: the author's source is left as written, and code keeps its line breaks.

The MkDocs plugin adds it to every site; another Markdown renderer can load it as
``clausebook.render.cjk``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

#: CJK ideographs, kana, CJK and full-width punctuation.
_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t]*\\n[ \\t]*(?=[{_CJK}])")
_KEEP = frozenset({"pre", "code", "script", "style", "kbd", "samp"})


def join_cjk_lines(text: str) -> str:
    """``text`` with each line break between two CJK characters removed."""
    return _BREAK.sub("", text) if "\n" in text else text


_IS_CJK = re.compile(f"[{_CJK}]")
_LEADING = re.compile(f"^[ \\t]*\\n[ \\t]*(?=[{_CJK}])")
_TRAILING = re.compile(f"(?<=[{_CJK}])[ \\t]*\\n[ \\t]*$")


class _Join(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        for child in element:
            if child.tag not in _KEEP:
                if child.text:
                    child.text = join_cjk_lines(child.text)
                self._walk(child)
            if child.tail:
                child.tail = join_cjk_lines(child.tail)
                # "<strong>及时</strong>\n受理": the break between an element and the text.
                if _LEADING.match(child.tail) and _IS_CJK.fullmatch(_last_char(child)):
                    child.tail = _LEADING.sub("", child.tail)
        # "被及时\n<strong>受理</strong>": the break between the text and an element.
        text = element.text
        if len(element) and text and _TRAILING.search(text) and _starts_cjk(element[0]):
            element.text = _TRAILING.sub("", text)


def _last_char(element: etree.Element) -> str:
    text = "".join(element.itertext())
    return text[-1:] or " "


def _starts_cjk(element: etree.Element) -> bool:
    return bool(_IS_CJK.fullmatch((element.text or " ")[:1]))


class CjkLineBreakExtension(Extension):
    """Join soft line breaks between CJK characters without a space."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (priority 20), before the table of contents (5) reads
        # the headings' text.
        md.treeprocessors.register(_Join(md), "clausebook_cjk", 6)


def makeExtension(**kwargs: object) -> CjkLineBreakExtension:
    return CjkLineBreakExtension(**kwargs)
