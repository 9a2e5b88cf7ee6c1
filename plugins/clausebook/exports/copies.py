"""Word and single-file HTML copies of the documents of a built site, written to a folder.

The same run as the PDFs (:mod:`pdf`), without a browser: the documents in navigation order
(or those asked for), a progress line each, one line naming the document for each failure,
and what was written kept whatever fails later.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Literal

from clausebook.core.manual import Manual
from clausebook.core.problems import Problem
from clausebook.exports.article import article_html, page_path, parse
from clausebook.exports.docx import DocxMissing, document_docx
from clausebook.exports.pdf import (
    Edition,
    PdfReport,
    Progress,
    in_manual,
    in_navigation_order,
    not_made,
    write_atomically,
)
from clausebook.exports.pdffile import LinkMap
from clausebook.exports.standalone import Copy, document_copy, edition_copy
from clausebook.render.labels import Labels
from clausebook.render.links import Links
from clausebook.render.printing import footer_lines

Kind = Literal["docx", "html"]
MANUAL_HTML = "manual.html"


def write_copies(
    manual: Manual,
    site_dir: Path,
    links: Links,
    *,
    kind: Kind,
    out_dir: Path,
    site_name: str,
    site_url: str | None,
    edition: Edition,
    ids: list[str] | None = None,
    progress: Progress | None = None,
) -> PdfReport:
    """A ``kind`` file per document (``<id>.docx`` or ``<id>.html``) in ``out_dir``; for
    HTML without ``ids``, also ``manual.html``: every document in force in one file."""
    started = time.perf_counter()
    report = PdfReport()
    tell = progress or (lambda done, total, line: None)
    ordered = in_navigation_order(manual)
    urls = {d.id: links.url(d.src_uri) for d in ordered}
    link_map = LinkMap(
        site_dir,
        documents={url: doc_id for doc_id, url in urls.items()},
        files={d.id: f"{d.id.lower()}.{kind}" for d in ordered},
        site_url=site_url,
    )
    labels = Labels(manual.language)
    footer = footer_lines(labels, edition=edition.name, as_of=edition.as_of)
    footer[-1] += f" · {labels('print.printed_on', date=edition.printed)}"
    copy = Copy(site_name, labels, edition.name, edition.as_of, edition.printed)
    wanted = [d for d in ordered if ids is None or d.id in ids]
    names = {d.id: f"{d.id.lower()}.html" for d in ordered}
    done: list = []
    for number, document in enumerate(wanted, start=1):
        page = page_path(site_dir, urls[document.id])
        target = out_dir / f"{document.id.lower()}.{kind}"
        try:
            if kind == "docx":
                data = document_docx(
                    document,
                    parse(article_html(page)),
                    labels=labels,
                    pdf=manual.settings.pdf,
                    footer=footer,
                )
            else:
                data = document_copy(copy, document, page, link_map, names).encode("utf-8")
            write_atomically(target, data)
        except DocxMissing as error:
            report.failures.append(Problem.of("CB621", str(error)))
            break
        except (OSError, ValueError) as error:
            report.failures.append(not_made(document, kind.upper(), f"{target.name}: {error}"))
            tell(number, len(wanted), f"failed: {document.id}")
            continue
        report.written.append(target)
        done.append((document, page))
        tell(number, len(wanted), f"{document.id}: {target.name}")
    if kind == "html" and ids is None:
        whole = [(d, p) for d, p in done if in_manual(d)]
        target = out_dir / MANUAL_HTML
        try:
            write_atomically(target, edition_copy(copy, whole, link_map).encode("utf-8"))
            report.written.append(target)
            tell(len(wanted), len(wanted), f"manual: {len(whole)} documents, {target.name}")
        except OSError as error:
            report.failures.append(Problem.of("CB620", f"{MANUAL_HTML} not made: {error}"))
    report.seconds = time.perf_counter() - started
    return report
