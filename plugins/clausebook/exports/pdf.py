"""PDF copies of the controlled documents and of the whole manual, from a built site.

One Chromium prints every document page of the built site (several at a time), each as it
is printed: with the header and footer of the print stylesheet in the page margins, the
print date added, an outline of its headings. Each PDF then gets links that work away from
the build machine and its title (:mod:`pdffile`), and is written as soon as it is done, so a
failure later in the run keeps what was written. ``manual.pdf`` is a cover, contents with
page numbers and the register (:mod:`clausebook.render.printed`), then the documents in force
in navigation order, each from a new page, with a bookmark per document and its headings.

Nothing here raises for a page that fails: each failure is one line naming the document,
and the website is never affected.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, Fit, NameObject

from clausebook.core.document import Document
from clausebook.core.editions import SNAPSHOT_NAME
from clausebook.core.manual import Manual
from clausebook.core.metadata import Status
from clausebook.core.problems import Problem
from clausebook.core.register import register_rows
from clausebook.exports.article import page_path
from clausebook.exports.chromium import (
    Browser,
    NoBrowser,
    PrintError,
    Sheet,
    bounded,
    browser,
)
from clausebook.exports.pdffile import (
    Heading,
    LinkMap,
    finish_document,
    headings,
    relink,
    remote,
    set_info,
)
from clausebook.exports.pdfpaths import MANUAL_PDF, PDF_DIR, pdf_name, pdf_uri
from clausebook.render.labels import Labels
from clausebook.render.links import Links
from clausebook.render.navigation import Section, document_nav
from clausebook.render.printed import Entry, front_matter
from clausebook.render.printing import footer_lines, print_date_rule

#: Told of each document done: how many are done, of how many, and a line about it.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Edition:
    """What the footer of every printed page says besides the notice."""

    name: str | None
    as_of: dt.date
    printed: dt.date


@dataclass
class PdfReport:
    written: list[Path] = field(default_factory=list)
    #: CB620 for a copy not made (naming its document), CB621 when nothing can be printed.
    failures: list[Problem] = field(default_factory=list)
    pages: int = 0
    seconds: float = 0.0

    def summary(self, folder: Path, kind: str = "PDF") -> str:
        failed = f", {len(self.failures)} failed" if self.failures else ""
        pages = f", {self.pages} pages" if self.pages else ""
        return (
            f"{len(self.written)} {kind} file(s){pages} written to {folder} "
            f"in {self.seconds:.1f} s{failed}"
        )


PRINT_DATE_ENV = "CLAUSEBOOK_PRINT_DATE"


def print_date() -> dt.date:
    """The date printed in the footers: today, or ``CLAUSEBOOK_PRINT_DATE`` for copies that
    must be reproducible (a test, a re-issue of a lost copy)."""
    text = os.environ.get(PRINT_DATE_ENV, "").strip()
    try:
        return dt.date.fromisoformat(text) if text else dt.date.today()
    except ValueError:
        return dt.date.today()


def read_edition(site_dir: Path, reports_dir: str, default: Edition) -> Edition:
    """The edition and as-of date a built site says it is (its ``edition.json``)."""
    try:
        record = json.loads((site_dir / reports_dir / SNAPSHOT_NAME).read_text("utf-8"))
        return Edition(
            record.get("edition"), dt.date.fromisoformat(record["as_of"]), default.printed
        )
    except (OSError, ValueError, KeyError, TypeError):
        return default


def not_made(document: Document, kind: str, why: str) -> Problem:
    """CB620: ``document``'s copy of ``kind`` was not made, and why."""
    return Problem.of("CB620", f"{document.id}: {kind} not made: {why}", file=document.src_uri)


def in_navigation_order(manual: Manual) -> list[Document]:
    """The documents as the site's navigation lists them: in force by type, then the archive."""
    nav = document_nav(
        manual.documents,
        Labels.of(manual.settings),
        manual.settings.areas,
        types=manual.settings.doc_types,
    )
    ordered: list[Document] = []

    def walk(section: Section) -> None:
        for entry in section.entries:
            if isinstance(entry, Section):
                walk(entry)
            else:
                ordered.append(entry)

    for section in [*nav.in_force, *([nav.archive] if nav.archive else [])]:
        walk(section)
    return ordered


def in_manual(document: Document) -> bool:
    """The manual PDF holds the documents in force: effective, or approved to become so."""
    return document.meta.status in (Status.EFFECTIVE, Status.APPROVED)


@dataclass(frozen=True)
class _Job:
    document: Document
    html: Path
    pdf: Path


def make_pdfs(
    manual: Manual,
    site_dir: Path,
    links: Links,
    *,
    site_name: str,
    site_url: str | None,
    edition: Edition,
    ids: list[str] | None = None,
    progress: Progress | None = None,
) -> PdfReport:
    """Every document's PDF (or those of ``ids``) and, for the whole set, the manual PDF."""
    started = time.perf_counter()
    report = PdfReport()
    site_dir = site_dir.resolve()
    ordered = in_navigation_order(manual)
    pages = {links.url(d.src_uri): d.id for d in ordered}
    link_map = LinkMap(
        site_dir,
        documents=pages,
        files={d.id: pdf_name(d.id) for d in ordered},
        site_url=site_url,
    )
    wanted = [d for d in ordered if ids is None or d.id in ids]
    jobs = []
    for document in wanted:
        url = links.url(document.src_uri)
        html = page_path(site_dir, url)
        if html.is_file():
            jobs.append(_Job(document, html, site_dir / pdf_uri(document.id)))
        else:
            report.failures.append(not_made(document, "PDF", f"its page {html} was not built"))
    run = _Run(manual, link_map, edition, site_name, report, progress, len(jobs))
    try:
        # In a thread of its own: the caller may be running an event loop (a notebook, a
        # test driving a browser), in which a second one cannot run.
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(asyncio.run, run.all(jobs, whole=ids is None)).result()
    except NoBrowser as error:
        report.failures.append(Problem.of("CB621", str(error)))
    report.seconds = time.perf_counter() - started
    return report


class _Run:
    """One PDF run: the browser, what is printed, what is reported."""

    def __init__(
        self,
        manual: Manual,
        links: LinkMap,
        edition: Edition,
        site_name: str,
        report: PdfReport,
        progress: Progress | None,
        total: int,
    ) -> None:
        self.manual = manual
        self.links = links
        self.edition = edition
        self.site_name = site_name
        self.report = report
        self.progress = progress or (lambda done, total, line: None)
        self.total = total
        self.done = 0
        self.labels = labels = Labels(manual.language)
        lines = footer_lines(labels, edition=edition.name, as_of=edition.as_of)
        self.style = print_date_rule(lines, labels("print.printed_on", date=edition.printed))
        #: Chromium's PDF of each document of the manual, by id, for the manual.
        self.printed: dict[str, bytes] = {}

    async def all(self, jobs: list[_Job], *, whole: bool) -> None:
        async with browser() as chromium:
            await bounded(
                self.manual.settings.pdf.workers, [self.one(chromium, job) for job in jobs]
            )
            if whole and self.printed:
                await self.whole(chromium, [job.document for job in jobs])

    async def one(self, chromium: Browser, job: _Job) -> None:
        document = job.document
        sheet = Sheet(document.id, url=job.html.as_uri(), style=self.style)
        try:
            raw = await chromium.print(sheet)
            status = self.labels(f"status.{document.meta.status.value}")
            data, count = finish_document(
                raw,
                self.links,
                title=f"{document.id} {document.title}",
                subject=f"{self.labels('revision')} {document.meta.revision} · {status}",
                language=self.manual.language,
            )
            write_atomically(job.pdf, data)
        except PrintError as error:
            return self._failed(not_made(document, "PDF", str(error)))
        except OSError as error:
            return self._failed(not_made(document, "PDF", f"could not write {job.pdf}: {error}"))
        if in_manual(document):
            self.printed[document.id] = raw
        self.done += 1
        self.report.written.append(job.pdf)
        self.report.pages += count
        self.progress(self.done, self.total, f"{document.id}: {count} page(s), {job.pdf.name}")

    def _failed(self, problem: Problem) -> None:
        self.done += 1
        self.report.failures.append(problem)
        self.progress(self.done, self.total, f"failed: {problem.message}")

    async def whole(self, chromium: Browser, documents: list[Document]) -> None:
        """``manual.pdf``: the front pages, then each document in force from a new page."""
        target = self.links.site_dir / PDF_DIR / MANUAL_PDF
        included = [d for d in documents if d.id in self.printed]
        readers = {d.id: PdfReader(io.BytesIO(self.printed[d.id])) for d in included}
        try:
            front = await self._front_pages(chromium, included, readers)
            data, pages = self._assemble(front, included, readers)
            write_atomically(target, data)
        except PrintError as error:
            return self._failed(Problem.of("CB620", f"{MANUAL_PDF} not made: {error}"))
        except OSError as error:
            return self._failed(
                Problem.of("CB620", f"{MANUAL_PDF} not made: could not write {target}: {error}")
            )
        self.report.written.append(target)
        self.report.pages += pages
        self.progress(
            self.done,
            self.total,
            f"manual: {len(included)} documents, {pages} page(s), {target.name}",
        )

    async def _front_pages(
        self, chromium: Browser, included: list[Document], readers: dict[str, PdfReader]
    ) -> bytes:
        """Cover, contents and register, printed until the page numbers they give hold: the
        contents' length depends on the numbers it prints (twice is the rule, three the most)."""
        front_pages, front = 1, b""
        for _ in range(3):
            starts, page = {}, front_pages + 1
            for document in included:
                starts[document.id] = page
                page += len(readers[document.id].pages)
            html = self._front(included, starts)
            front = await chromium.print(Sheet(MANUAL_PDF, html=html, style=self.style))
            count = len(PdfReader(io.BytesIO(front)).pages)
            if count == front_pages:
                break
            front_pages = count
        return front

    def _front(self, documents: list[Document], starts: dict[str, int]) -> str:
        pages = {id_: page for page, id_ in self.links.documents.items()}
        root = self.links.site_dir.as_uri()
        return front_matter(
            site_name=self.site_name,
            labels=self.labels,
            pdf=self.manual.settings.pdf,
            edition=self.edition.name,
            as_of=self.edition.as_of,
            printed=self.edition.printed,
            contents=[
                Entry(
                    d.id,
                    d.title,
                    d.meta.revision,
                    self.labels(f"status.{d.meta.status.value}"),
                    starts[d.id],
                    f"{root}/{pages[d.id]}",
                )
                for d in documents
            ],
            register=register_rows(self.manual),
        )

    def _assemble(
        self, front: bytes, documents: list[Document], readers: dict[str, PdfReader]
    ) -> tuple[bytes, int]:
        """The manual's PDF, and its number of pages."""
        writer = PdfWriter()
        front_reader = PdfReader(io.BytesIO(front))
        writer.append(front_reader, import_outline=False)
        _outline(writer, headings(front_reader), 0, None)
        first_pages: dict[str, int] = {}
        for document in documents:
            start = len(writer.pages)
            first_pages[document.id] = start
            reader = readers[document.id]
            writer.append(reader, import_outline=False)
            parent = writer.add_outline_item(
                title=f"{document.id} {document.title}", page_number=start
            )
            tree = headings(reader)
            # The page's outline starts with its title (h1): the document's entry is that.
            if len(tree) == 1 and tree[0].page == 0:
                tree = tree[0].children
            _outline(writer, tree, start, parent)

        def inside(document_id: str) -> DictionaryObject | None:
            page = first_pages.get(document_id)
            if page is None:
                return remote(self.links.files)(document_id)
            return DictionaryObject(
                {
                    NameObject("/S"): NameObject("/GoTo"),
                    NameObject("/D"): ArrayObject(
                        [writer.pages[page].indirect_reference, NameObject("/Fit")]
                    ),
                }
            )

        relink(writer, self.links, inside)
        issue = (
            self.labels("print.edition", edition=self.edition.name)
            if self.edition.name
            else self.labels("print.working_copy")
        )
        set_info(
            writer,
            title=f"{self.site_name}: {self.labels('print.manual')}",
            subject=f"{issue} · {self.labels('print.as_of', date=self.edition.as_of)}",
            language=self.manual.language,
        )
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue(), len(writer.pages)


def _outline(writer: PdfWriter, tree: list[Heading], offset: int, parent: object) -> None:
    for heading in tree:
        fit = Fit.xyz(top=heading.top) if heading.top is not None else Fit.fit()
        item = writer.add_outline_item(
            title=heading.title, page_number=offset + heading.page, parent=parent, fit=fit
        )
        _outline(writer, heading.children, offset, item)


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename: a full disk never leaves half a PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    try:
        part.write_bytes(data)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
