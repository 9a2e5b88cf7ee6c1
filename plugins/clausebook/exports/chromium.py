"""One headless Chromium for a whole PDF run, driven by Playwright.

Debian's Chromium is the engine (never a browser that Playwright downloads): it prints what
the print stylesheet shows, with the header and footer in the page margins, and writes real
text, an outline of the headings and a tagged PDF. Started once, printing several pages at
a time, it spares a browser start per document: the example's 44 documents took 2 min 46 s
with one browser process each, and 13 s of printing in one browser, two at a time, in a trial
on the same (shared) machine.

Pages are printed with scripts off (the print layout is CSS only; the site's scripts would
cost a second a page) and offline: a printed page needs nothing but the built files.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM_ENV = "CLAUSEBOOK_CHROMIUM"
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--font-render-hinting=none",
)
#: A page that takes longer than this to open or print has failed.
TIMEOUT_MS = 120_000
#: Adds a ``<style>`` to the page; Playwright's own helper waits for a script-run load event,
#: which never comes with scripts off.
_ADD_STYLE = (
    "css => { const s = document.createElement('style'); s.textContent = css; "
    "document.head.appendChild(s); }"
)


class PrintError(Exception):
    """A page, or the whole run, could not be printed: the message is one line for the user."""


class NoBrowser(PrintError):
    """Nothing can be printed at all: no Chromium, or no Playwright to drive it."""


@dataclass(frozen=True)
class Sheet:
    """What to print: a built page (``url``, a ``file:`` URL) or HTML made for print."""

    key: str
    url: str | None = None
    html: str | None = None
    #: CSS added before printing (the print date).
    style: str = ""


def find_browser() -> str | None:
    """``CLAUSEBOOK_CHROMIUM`` (a path or a command), else the first Chromium on the PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    return next((found for name in _CANDIDATES if (found := shutil.which(name))), None)


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


class Browser:
    """A running Chromium: :meth:`print` one sheet at a time or many concurrently."""

    def __init__(self, context: Any) -> None:
        self._context = context

    async def print(self, sheet: Sheet) -> bytes:
        page = await self._context.new_page()
        try:
            if sheet.html is not None:
                await page.set_content(sheet.html, wait_until="load", timeout=TIMEOUT_MS)
            else:
                await page.goto(sheet.url, wait_until="load", timeout=TIMEOUT_MS)
            if sheet.style:
                await page.evaluate(_ADD_STYLE, sheet.style)
            return await page.pdf(
                prefer_css_page_size=True,
                print_background=True,
                outline=True,
                tagged=True,
            )
        except Exception as error:  # Playwright's errors carry a call log: keep the cause
            raise PrintError(f"Chromium could not print it: {_first_line(error)}") from None
        finally:
            await page.close()


@asynccontextmanager
async def browser(executable: str | None = None) -> AsyncIterator[Browser]:
    """Start Chromium (``executable`` or :func:`find_browser`); :class:`PrintError` if none."""
    path = executable or find_browser()
    if path is None:
        raise NoBrowser(
            "no Chromium found (install Debian's 'chromium', or set CLAUSEBOOK_CHROMIUM to "
            "the browser): no PDF was made"
        )
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        raise NoBrowser(
            "PDFs need the Python package playwright: pip install 'clausebook[pdf]' "
            "(it drives the installed Chromium; no browser is downloaded)"
        ) from None
    async with async_playwright() as playwright:
        try:
            chromium = await playwright.chromium.launch(executable_path=path, args=list(ARGS))
        except Exception as error:
            raise NoBrowser(f"Chromium ({path}) did not start: {_first_line(error)}") from None
        try:
            context = await chromium.new_context(java_script_enabled=False, offline=True)
            yield Browser(context)
        finally:
            await chromium.close()


async def bounded(limit: int, jobs: list[Any]) -> list[Any]:
    """Run the awaitables in ``jobs`` with at most ``limit`` at the same time, in order."""
    gate = asyncio.Semaphore(limit)

    async def one(job: Any) -> Any:
        async with gate:
            return await job

    return await asyncio.gather(*(one(job) for job in jobs))
