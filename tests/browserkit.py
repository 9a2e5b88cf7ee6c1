"""Helpers for the browser tests: a real site, served on loopback, in a real Chromium.

The tests build small manuals with MkDocs in-process, serve the built folder with
``http.server`` on 127.0.0.1 and drive Debian's Chromium through Playwright. Every request
that leaves 127.0.0.1 is blocked *and recorded*, and :meth:`Tab.check` fails a test when
one was attempted: a site that needs a CDN or Google Fonts is not fit for an intranet.

Chromium is a system package (``make browser``), never Playwright's download: without it
the tests skip and say how to get it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import shutil
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

import sitekit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING = "chromium not installed: run `make browser` as root"

#: Material's recommended search separator when jieba segments Chinese with U+200B.
SEARCH = {"separator": r"""[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])"""}

#: Wide enough for Material to show the primary sidebar instead of the drawer.
VIEWPORT = {"width": 1400, "height": 1000}


def chromium_path() -> str | None:
    """Debian's Chromium, or any `chromium` on the PATH."""
    if Path(CHROMIUM).is_file():
        return CHROMIUM
    return shutil.which("chromium")


def write_site(
    root: Path,
    documents: dict[str, str],
    *,
    plugin: str,
    files: dict[str, str] | None = None,
) -> Path:
    """sitekit's project, with search segmenting Chinese as Material recommends.

    ``plugin`` is the YAML body of the clausebook plugin block, indented by six spaces.
    """
    options = yaml.safe_load(textwrap.dedent(plugin)) or {}
    return sitekit.write_site(root, documents, options=options, files=files, search=SEARCH)


def build_site(config_file: Path) -> Path:
    """Build in-process (as `mkdocs build` does) and return the site folder.

    A logged error fails the build here: clausebook leaves an invalid document out, and a
    test site missing a page would test less than it claims.
    """
    built = sitekit.build_site(config_file)
    errors = built.at(logging.ERROR)
    assert not errors, f"the test site has errors: {errors}"
    return built.site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output free of one access-log line per asset."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing path with the site's ``404.html``, as GitHub Pages, ``mkdocs
        serve`` and nginx's ``error_page`` do: the page that old-form id addresses
        (``id/PRO-INC-01/``) arrive at."""
        page = Path(str(self.directory)) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (any free port) in a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def is_loopback(url: str) -> bool:
    """Requests the site may make: to the test server, or inline data."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws") and parts.hostname == "127.0.0.1"


@dataclass
class Tab:
    """A page plus what it tried to do that a controlled, intranet site must not do."""

    page: Any
    base: str
    #: Every request the guard let through (proof that it sees the traffic at all).
    local: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        self.page.goto(self.base + path, wait_until="load")
        return self.page

    def check(self) -> None:
        """Nothing left the machine, no dialog opened, no script failed."""
        assert not self.offsite, f"requests outside 127.0.0.1 were attempted: {self.offsite}"
        assert not self.dialogs, f"dialogs were opened: {self.dialogs}"
        assert not self.errors, f"scripts failed: {self.errors}"


def search(tab: Tab, query: str) -> list[dict[str, str]]:
    """Type ``query`` into Material's search box; the results (maybe none) as dictionaries.

    Material searches on ``keyup``; Playwright types CJK text as an IME commit (no key
    events), so a final End key stands in for the key a Chinese IME user presses to commit.
    """
    page = tab.open("")
    box = page.locator(".md-search__input")
    box.click()
    box.type(query)
    box.press("End")
    page.wait_for_function(
        "() => /matching document/.test("
        "document.querySelector('.md-search-result__meta').textContent)",
        timeout=10_000,
    )
    return page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link",
        """links => links.map(a => ({
            href: a.href,
            title: a.querySelector('h1, h2') ? a.querySelector('h1, h2').textContent : '',
            text: a.textContent,
        }))""",
    )


def rows(page: Any, selector: str, *attributes: str) -> list[dict[str, Any]]:
    """Table rows with their id, the given data-* attributes and whether they are shown."""
    return page.eval_on_selector_all(
        selector,
        """(rows, names) => rows.map(row => {
            const out = {id: row.id, visible: row.getClientRects().length > 0};
            for (const name of names) { out[name] = row.getAttribute('data-' + name); }
            return out;
        })""",
        list(attributes),
    )


@contextlib.contextmanager
def open_tab(browser: Any, base: str) -> Iterator[Tab]:
    """A fresh context whose every off-loopback request is aborted and recorded."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    tab = Tab(page=page, base=base)

    def guard(route: Any) -> None:
        url = route.request.url
        if is_loopback(url):
            tab.local.append(url)
            route.continue_()
        else:
            tab.offsite.append(url)
            route.abort()

    context.route("**/*", guard)

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()


@contextlib.contextmanager
def launch_chromium() -> Iterator[Any]:
    """One headless Chromium (for a session-scoped fixture); skip, never fail, without it."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as error:  # a broken or sandboxed install: not the site's fault
            why = (str(error).strip() or type(error).__name__).splitlines()[0]
            pytest.skip(f"{MISSING} (launching {executable} failed: {why})")
        try:
            yield chromium
        finally:
            chromium.close()
