"""What every printed page carries: paper, margins, and the header and footer in the margins.

A printed copy leaves the site's control: it must say on every sheet what it is (id, title,
revision, status, page X of Y) and that it is uncontrolled (with its edition and the day it
was printed). These lines live in CSS ``@page`` margin boxes, which Chromium honours both in
its print dialog and when it prints a PDF: a margin box is outside the page area, so the body
can never run under the header or the footer, whatever its length (a ``position: fixed``
footer hid lines of text).

The same rules serve the reader's own print (the site's ``print.css``), clausebook's PDFs and
the single-file copies: one place decides what a printed page says.
"""

from __future__ import annotations

import datetime as dt
import re

from clausebook.core.settings import PdfSettings
from clausebook.render.labels import Labels

#: Anything but letters, digits and `` ·.-_``: written as a CSS escape.
_CSS_UNSAFE = re.compile(r"[^\w ·.-]")

#: Fonts whose glyphs Chromium embeds as CID TrueType (real, selectable text): Liberation and
#: DejaVu for Latin, WenQuanYi Micro Hei (Debian: fonts-wqy-microhei) for Chinese. Noto Sans
#: CJK is OpenType CFF, which Chromium's PDF writer can only embed as Type 3 glyph pictures:
#: it comes last, for machines without the others.
TEXT_FONTS = (
    '"Liberation Sans", "Noto Sans", Arial, "DejaVu Sans", "WenQuanYi Micro Hei", '
    '"Droid Sans Fallback", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif'
)
CODE_FONTS = (
    '"Liberation Mono", "DejaVu Sans Mono", Consolas, "WenQuanYi Micro Hei Mono", '
    '"Noto Sans Mono CJK SC", monospace'
)
_BOX = f"font-family: {TEXT_FONTS}; font-size: 7.5pt; color: #000;"


def css_string(text: str) -> str:
    """A CSS string literal that no user text can break out of (quotes, ``</style>``)."""
    escaped = _CSS_UNSAFE.sub(lambda m: f"\\{ord(m.group(0)):x} ", text)
    return f'"{escaped}"'


def footer_lines(labels: Labels, *, edition: str | None, as_of: dt.date) -> list[str]:
    """The footer of every printed page, without the print date: the notice, then the
    edition (or "working copy" for a build that is not a published edition) and as-of date."""
    issue = labels("print.edition", edition=edition) if edition else labels("print.working_copy")
    return [labels("print.uncontrolled"), f"{issue} · {labels('print.as_of', date=as_of)}"]


def footer_content(lines: list[str], printed: str | None = None) -> str:
    """The CSS ``content`` of the footer box: its lines, and the print date when known."""
    if printed:
        lines = [*lines[:-1], f"{lines[-1]} · {printed}"]
    return r' "\A" '.join(css_string(line) for line in lines)


def print_stylesheet(
    pdf: PdfSettings, labels: Labels, *, edition: str | None, as_of: dt.date
) -> str:
    """The site's ``print.css``: paper and margins from the ``pdf`` options, fonts that print
    as text, and the footer and page numbers of every page.

    The print date is the reader's: the site's script adds it when the browser prints (the
    footer's text waits in ``--cb-print-footer``, the label in ``--cb-printed-on``), and
    clausebook adds it to the PDFs it prints (:func:`print_date_rule`).
    """
    top, right, bottom, left = pdf.margin_mm()
    lines = footer_lines(labels, edition=edition, as_of=as_of)
    page = labels("print.page", page="\0", pages="\1")
    before, _, rest = page.partition("\0")
    middle, _, after = rest.partition("\1")
    counter = " ".join(
        part
        for part in (
            css_string(before) if before else "",
            "counter(page)",
            css_string(middle) if middle else "",
            "counter(pages)",
            css_string(after) if after else "",
        )
        if part
    )
    printed_on = css_string(labels("print.printed_on", date="").strip())
    return f"""/* clausebook: paper, margins, header and footer of printed pages (generated). */
:root {{
  --cb-print-footer: {footer_content(lines)};
  --cb-printed-on: {printed_on};
}}
@page {{
  size: {pdf.paper};
  margin: {top:.1f}mm {right:.1f}mm {bottom:.1f}mm {left:.1f}mm;
  @top-left {{ {_BOX} vertical-align: bottom; padding-bottom: 2mm; }}
  @top-right {{ {_BOX} vertical-align: bottom; padding-bottom: 2mm; text-align: right; }}
  @bottom-left {{
    {_BOX} content: {footer_content(lines)};
    white-space: pre-wrap; vertical-align: top; padding-top: 2mm; width: 80%;
  }}
  @bottom-right {{
    {_BOX} content: {counter};
    vertical-align: top; padding-top: 2mm; text-align: right; white-space: nowrap;
  }}
}}
@media print {{
  :root {{
    --md-text-font-family: {TEXT_FONTS};
    --md-code-font-family: {CODE_FONTS};
  }}
  /* A synthetic bold of a font without one prints as pictures of glyphs (Type 3). */
  body {{ font-synthesis: none; }}
}}
"""


def running_header(left: str, right: str) -> str:
    """The ``<style>`` giving one page its header: ``left`` (what it is), ``right`` (its
    revision and status, or its edition)."""
    return (
        f"<style>@page {{ @top-left {{ content: {css_string(left)}; }} "
        f"@top-right {{ content: {css_string(right)}; }} }}</style>"
    )


def print_date_rule(lines: list[str], printed: str) -> str:
    """The rule that adds the print date to the footer (``printed``: its label and date)."""
    return f"@page {{ @bottom-left {{ content: {footer_content(lines, printed)}; }} }}"
