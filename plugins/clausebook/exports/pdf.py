"""PDF copies of controlled documents, printed by headless Chromium from the built site.

Chromium is maintained, prints exactly what the print stylesheet shows (id, revision, status
on every page; "uncontrolled when printed" footer) and needs no network: pages are opened
from disk. Chinese renders with whatever CJK fonts fontconfig has (Debian: fonts-noto-cjk,
installed by ``make browser``). The whole manual is the document PDFs merged, one bookmark
per document.

Nothing here raises: a failed PDF is reported, and the website is never affected.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from clausebook.core.manual import Manual
from clausebook.core.metadata import Status
from clausebook.core.natural import natural_key
from clausebook.core.register import TYPE_ORDER
from clausebook.render.links import Links

CHROMIUM_ENV = "CLAUSEBOOK_CHROMIUM"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)


@dataclass(frozen=True)
class PrintJob:
    id: str
    title: str
    html: Path  # the built page (index.html)
    pdf: Path


@dataclass
class PdfReport:
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


PDF_DIR = "pdf"


def pdf_uri(document_id: str) -> str:
    """Where a document's PDF lives in the site."""
    return f"{PDF_DIR}/{document_id.lower()}.pdf"


def jobs_for(manual: Manual, site_dir: Path, links: Links) -> list[PrintJob]:
    """A print job per document page, in register order (type, then id)."""
    jobs = []
    documents = sorted(
        manual.documents, key=lambda d: (TYPE_ORDER.index(d.meta.type), natural_key(d.id))
    )
    for document in documents:
        url = links.url(document.src_uri)
        html = site_dir / url / "index.html" if url.endswith("/") else site_dir / url
        jobs.append(PrintJob(document.id, document.title, html, site_dir / pdf_uri(document.id)))
    return jobs


def in_force(manual: Manual) -> set[str]:
    """Ids that belong in the manual PDF: effective and approved documents only."""
    return {d.id for d in manual.documents if d.meta.status in (Status.EFFECTIVE, Status.APPROVED)}


def make_pdfs(manual: Manual, site_dir: Path, links: Links) -> PdfReport:
    """Every document's PDF and the manual PDF, from a built site."""
    jobs = jobs_for(manual, site_dir, links)
    missing = [job for job in jobs if not job.html.is_file()]
    report = print_all(
        [job for job in jobs if job.html.is_file()],
        site_dir / PDF_DIR / "manual.pdf",
        merged=in_force(manual),
    )
    report.failures += [f"{job.id}: {job.html} was not built" for job in missing]
    return report


def find_browser() -> str | None:
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return configured if Path(configured).exists() or shutil.which(configured) else None
    return next((found for name in _CANDIDATES if (found := shutil.which(name))), None)


def _print(browser: str, job: PrintJob, timeout: float) -> str | None:
    job.pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="clausebook-chromium-") as profile:
        command = [
            browser,
            *_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={job.pdf}",
            job.html.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{job.id}: {browser} failed: {error}"
    if result.returncode != 0 or not job.pdf.is_file() or job.pdf.stat().st_size == 0:
        tail = (result.stderr or "").strip().splitlines()[-1:] or ["no output"]
        return f"{job.id}: {browser} exited {result.returncode}: {tail[0]}"
    return None


def print_all(
    jobs: list[PrintJob],
    manual_pdf: Path | None,
    *,
    merged: set[str] | None = None,
    workers: int = 2,
    timeout: float = 120,
) -> PdfReport:
    """Print every job (two at a time) and merge those in ``merged`` into ``manual_pdf``."""
    report = PdfReport()
    browser = find_browser()
    if browser is None:
        report.failures.append(
            "no Chromium found (install Debian's 'chromium', or set CLAUSEBOOK_CHROMIUM): "
            "no PDF was made"
        )
        return report
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda job: _print(browser, job, timeout), jobs))
    done = []
    for job, error in zip(jobs, results, strict=True):
        if error:
            report.failures.append(error)
        else:
            report.written.append(job.pdf)
            if merged is None or job.id in merged:
                done.append(job)
    if manual_pdf is not None and done:
        error = merge(done, manual_pdf)
        if error:
            report.failures.append(error)
        else:
            report.written.append(manual_pdf)
    return report


def merge(jobs: list[PrintJob], target: Path) -> str | None:
    """One PDF with a bookmark per document, in the given order."""
    try:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for job in jobs:
            start = len(writer.pages)
            for page in PdfReader(job.pdf).pages:
                writer.add_page(page)
            writer.add_outline_item(title=f"{job.id} {job.title}", page_number=start)
        with target.open("wb") as handle:
            writer.write(handle)
    except Exception as error:  # a broken PDF step must never break the site build
        return f"merging {target.name} failed: {error}"
    return None
