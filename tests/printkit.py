"""Helpers for the tests of printed copies: a manual that is hard to print, and PDFs read back.

The PDFs are read as a reader's tools read them: words with their positions on the page
(poppler's ``pdftotext -bbox``), the text in the order it is drawn, the fonts (``pdffonts``),
the outline and the links (pypdf).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from sitekit import document

MM = 72 / 25.4
#: The default margins (20mm top and bottom): the header and footer bands.
BAND = 20 * MM

LONG_LINE = "x = '" + "verylongtoken" * 30 + "'  # the end of a long line"
TABLE = "\n".join(
    ["| Step | Who | What is done, in more words than a narrow column holds |", "|---|---|---|"]
    + [
        f"| {n} | Role number {n} | Row {n} says what happens at step {n} in a sentence "
        f"long enough to wrap over several lines of its cell, row{n}end. |"
        for n in range(1, 61)
    ]
)
CODE = "\n".join(["```text", LONG_LINE, *(f"line {n} of the listing" for n in range(1, 90)), "```"])

CHANGE = document(
    "PRO-CHG-01",
    "Change management procedure",
    revision="2.1",
    body=(
        "# Change management procedure\n\n"
        "## Purpose\n\nEvery change is recorded, assessed and approved before it is made.\n\n"
        "## Steps\n\n" + TABLE + "\n\n"
        "## Listing\n\n" + CODE + "\n\n"
        "## Escalation\n\n"
        '??? note "When the CAB cannot meet"\n\n'
        "    The Change Manager approves alone and reports at the next CAB.\n\n"
        "## References\n\n"
        "- Incidents: [[PRO-CHG-02]] and the [public guide](https://www.iso.org/standard/70636.html).\n"
        "- The [register](../reports/register.md).\n"
    ),
)
CHINESE = document(
    "PRO-CHG-02",
    "变更管理程序",
    owner="服务经理",
    body=(
        "# 变更管理程序\n\n## 目的\n\n所有变更在实施前都要记录、评估和批准。\n\n"
        "## 职责\n\n变更经理负责变更咨询委员会的会议。参见 [[PRO-CHG-01]]。\n"
    ),
)
DOCUMENTS = {
    "procedures/pro-chg-01.md": CHANGE,
    "procedures/pro-chg-02.md": CHINESE,
}
CONFIG = {
    "site_url": "https://sms.example.com/",
    "markdown_extensions": ["admonition", "pymdownx.details", "tables", "pymdownx.superfences"],
}


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} not installed: run `make browser` as root (poppler-utils)")
    return found


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]

    def band(self, top: float = BAND, bottom: float = BAND) -> tuple[list[str], list[str]]:
        """The words inside the header band and inside the footer band."""
        header = [w.text for w in self.words if w.y1 <= top]
        footer = [w.text for w in self.words if w.y0 >= self.height - bottom]
        return header, footer

    def straddling(self, top: float = BAND, bottom: float = BAND) -> list[str]:
        """Words that reach into a band without being inside it: body text under furniture."""
        low = self.height - bottom
        return [w.text for w in self.words if (w.y0 < top < w.y1) or (w.y0 < low < w.y1)]

    def body(self, top: float = BAND, bottom: float = BAND) -> list[str]:
        return [w.text for w in self.words if w.y0 >= top and w.y1 <= self.height - bottom]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def pages_of(pdf: Path) -> list[Page]:
    """Every page's words with their boxes (points, from the top left), as poppler finds them."""
    out = subprocess.run(
        [poppler("pdftotext"), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        Page(
            float(width),
            float(height),
            [
                Word(html.unescape(t), float(a), float(b), float(c), float(d))
                for a, b, c, d, t in _WORD.findall(body)
            ],
        )
        for width, height, body in _PAGE.findall(out)
    ]


def fonts_of(pdf: Path) -> list[tuple[str, str]]:
    """(name, type) of every font ``pdffonts`` lists."""
    out = subprocess.run(
        [poppler("pdffonts"), str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]
    return [(row.split()[0], " ".join(row.split()[1:3])) for row in rows if row.strip()]


def text_of(pdf: Path) -> str:
    """The text in the order it is drawn (a table cell's lines stay together)."""
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


_MARKUP = [
    (re.compile(r"^```.*$"), ""),
    (re.compile(r"^#+\s*"), ""),
    (re.compile(r"^\?\?\?\s*\w+\s*"), ""),
    (re.compile(r"^\s*[-*]\s+|^\s*\d+\.\s+"), ""),
    # A cross-reference prints as the id and the title: the text around it is apart.
    (re.compile(r"\[\[([A-Z0-9-]+)\]\]"), "\n\\1\n"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"[*_`\"]"), ""),
]


def source_units(markdown: str) -> list[str]:
    """What a document's source says, as pieces of text each printed in one run: its lines
    without Markdown markup, a table row cell by cell."""
    body = markdown.split("\n---\n", 1)[1]
    units = []
    for line in body.splitlines():
        if re.fullmatch(r"\|?[-| :]+\|?", line.strip()):
            continue  # a table's rule
        cells = line.strip().strip("|").split("|") if line.lstrip().startswith("|") else [line]
        for cell in cells:
            for pattern, replacement in _MARKUP:
                cell = pattern.sub(replacement, cell)
            units += [piece.strip() for piece in cell.split("\n") if piece.strip()]
    return units


def lost(units: list[str], printed: str, furniture: list[str]) -> list[str]:
    """The units of source text not found in ``printed`` (the header and footer lines,
    which a page break puts inside a paragraph or a listing, taken out first)."""
    text = squeeze(printed)
    for line in furniture:
        text = text.replace(squeeze(line), "")
    return [unit for unit in units if squeeze(unit) not in text]
