"""Word copies of controlled documents, for people who work in Word (python-docx).

The copy holds what the site shows of the document, read from its built page
(:mod:`article`): the control block as a table, headings, paragraphs with bold, italic, code
and link text, bulleted and numbered lists (nested), tables, code blocks, collapsed blocks
opened, back-links and history. Every page of it has the header (id, title, revision,
status) and the footer (uncontrolled when printed, edition, as-of and print date, page X of
Y) of the printed site, on the paper and margins of the ``pdf`` options.

python-docx is an optional extra (``pip install 'clausebook[docx]'``).
"""

from __future__ import annotations

import io
import re
from typing import Any

from clausebook.core.document import Document
from clausebook.core.settings import PdfSettings
from clausebook.exports.article import Node
from clausebook.render.labels import Labels

_SKIP = {"style", "script", "button", "input", "svg", "label"}
_SKIP_CLASSES = {"cb-print-header", "headerlink", "md-content__button", "tabbed-labels"}
_BLOCKS = {"p", "ul", "ol", "table", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "div",
           "details", "blockquote", "dl", "section", "hr"}  # fmt: skip
_MONO = "Liberation Mono"
#: Blocks that can sit inside a list item, written after the item's own paragraph.
_NESTED = {"ul", "ol", "table", "pre", "div", "details", "blockquote"}
_SPACE = re.compile(r"\s+")


class DocxMissing(Exception):
    """python-docx is not installed: the message says how to get it."""


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise DocxMissing(
            "Word copies need the Python package python-docx: pip install 'clausebook[docx]'"
        ) from None
    return docx


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``paragraph``: Word fills in the number."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:fldSimple")
    element.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    element.append(run)
    paragraph._p.append(element)


class _Writer:
    """Walks the page's tree into a python-docx Document."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def blocks(self, node: Node, depth: int = 0) -> None:
        for child in node.children:
            if not child.tag:
                if child.text.strip():
                    self.inline_paragraph([child])
                continue
            if child.tag in _SKIP or child.classes & _SKIP_CLASSES:
                continue
            self.block(child, depth)

    def block(self, node: Node, depth: int) -> None:
        tag = node.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            heading = self.doc.add_heading(level=min(int(tag[1]) - 1, 9) or 0)
            self.runs(heading, node)
        elif tag == "p":
            self.runs(self.doc.add_paragraph(), node)
        elif tag in ("ul", "ol"):
            self.list(node, tag, depth)
        elif tag == "table":
            self.table(node)
        elif tag == "pre":
            paragraph = self.doc.add_paragraph()
            run = paragraph.add_run(node.plain().rstrip("\n"))
            run.font.name = _MONO
        elif tag == "summary" or "admonition-title" in node.classes:
            paragraph = self.doc.add_paragraph()
            self.runs(paragraph, node)
            for run in paragraph.runs:
                run.bold = True
        elif tag == "hr":
            self.doc.add_paragraph("―" * 10)
        else:  # div, details, blockquote, section, dl...: their blocks, in order
            if any(child.tag in _BLOCKS or child.tag == "summary" for child in node.children):
                self.blocks(node, depth)
            elif node.plain().strip():
                self.runs(self.doc.add_paragraph(), node)

    def inline_paragraph(self, nodes: list[Node]) -> None:
        paragraph = self.doc.add_paragraph()
        for node in nodes:
            self.inline(paragraph, node, {})

    def runs(self, paragraph: Any, node: Node) -> None:
        for child in node.children:
            self.inline(paragraph, child, {})

    def inline(self, paragraph: Any, node: Node, style: dict[str, bool]) -> None:
        if not node.tag:
            # HTML's white space: the line breaks of the source are spaces.
            text = _SPACE.sub(" ", node.text)
            if not paragraph.runs:
                text = text.lstrip()
            if text:
                run = paragraph.add_run(text)
                run.bold = style.get("bold") or None
                run.italic = style.get("italic") or None
                if style.get("code"):
                    run.font.name = _MONO
            return
        if node.tag in _SKIP or node.classes & _SKIP_CLASSES:
            return
        if node.tag == "br":
            paragraph.add_run().add_break()
            return
        inner = dict(style)
        if node.tag in ("strong", "b", "th"):
            inner["bold"] = True
        elif node.tag in ("em", "i"):
            inner["italic"] = True
        elif node.tag in ("code", "kbd"):
            inner["code"] = True
        for child in node.children:
            if child.tag in _NESTED:
                continue  # a nested list or table follows its item as blocks of its own
            self.inline(paragraph, child, inner)

    def list(self, node: Node, tag: str, depth: int) -> None:
        style = "List Number" if tag == "ol" else "List Bullet"
        if depth:
            style += f" {min(depth + 1, 3)}"
        for item in node.children:
            if item.tag != "li":
                continue
            blocks = [c for c in item.children if c.tag == "p"]
            paragraph = self.doc.add_paragraph(style=style)
            if blocks:  # a loose list: each paragraph of the item
                self.runs(paragraph, blocks[0])
                for extra in blocks[1:]:
                    self.runs(self.doc.add_paragraph(), extra)
            else:
                self.runs(paragraph, item)
            for nested in item.children:
                if nested.tag in ("ul", "ol"):
                    self.list(nested, nested.tag, depth + 1)
                elif nested.tag in _NESTED:
                    self.block(nested, depth + 1)

    def table(self, node: Node) -> None:
        rows = [row for row in _descendants(node, "tr")]
        if not rows:
            return
        width = max(len([c for c in row.children if c.tag in ("td", "th")]) for row in rows)
        table = self.doc.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        caption = next((c for c in node.children if c.tag == "caption"), None)
        if caption is not None:
            paragraph = self.doc.add_paragraph()
            paragraph.add_run(caption.plain().strip()).bold = True
            table._tbl.addprevious(paragraph._p)
        for row in rows:
            cells = table.add_row().cells
            for index, cell in enumerate(c for c in row.children if c.tag in ("td", "th")):
                target = cells[index].paragraphs[0]
                self.inline(target, cell, {"bold": cell.tag == "th"})


def _descendants(node: Node, tag: str) -> list[Node]:
    found = []
    for child in node.children:
        if child.tag == tag:
            found.append(child)
        elif child.tag and child.tag != "table":
            found += _descendants(child, tag)
    return found


def document_docx(
    document: Document,
    article: Node,
    *,
    labels: Labels,
    pdf: PdfSettings,
    footer: list[str],
) -> bytes:
    """The Word file of ``document`` from its page's ``article`` tree; ``footer``: the lines
    of the printed footer (notice, then edition, as-of and print date)."""
    docx = _docx()
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = docx.Document()
    doc.core_properties.title = f"{document.id} {document.title}"
    doc.core_properties.subject = footer[-1]
    doc.core_properties.language = labels.language
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(210), Mm(297)) if pdf.paper == "A4" else (Mm(215.9), Mm(279.4))
    )
    top, right, bottom, left = pdf.margin_mm()
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance = section.footer_distance = Mm(min(top, bottom) / 2)
    status = labels(f"status.{document.meta.status.value}")
    header = section.header.add_table(rows=1, cols=2, width=section.page_width - Mm(left + right))
    header.rows[0].cells[0].text = f"{document.id} · {document.title}"
    header.rows[0].cells[1].text = f"{labels('revision')} {document.meta.revision} · {status}"
    foot = section.footer.paragraphs[0]
    foot.text = "\n".join(footer) + "\n"
    page = labels("print.page", page="\0", pages="\1")
    before, _, rest = page.partition("\0")
    middle, _, after = rest.partition("\1")
    foot.add_run(before)
    _field(foot, "PAGE")
    foot.add_run(middle)
    _field(foot, "NUMPAGES")
    foot.add_run(after)
    for run in foot.runs:
        run.font.size = Pt(8)
    _Writer(doc).blocks(article)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
