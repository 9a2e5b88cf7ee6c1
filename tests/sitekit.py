"""Helpers for the integration tests: write a small manual, build it for real, read it back.

The builds run in-process through MkDocs' own API (``load_config`` + ``build``), exactly what
``mkdocs build`` does, so the tests see the HTML, exports and log lines a user would see.
Every log record of the ``mkdocs`` logger (clausebook's lines included) is kept, so a test
can assert on what the build said as well as on what it wrote.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import json
import logging
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from clausebook.mkdocs.plugin import log as plugin_log

AS_OF = "2026-11-24"

#: Hostile text that must never reach a page as markup nor a spreadsheet as a formula.
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://x")'


def document(
    doc_id: str,
    title: str,
    *,
    type: str = "procedure",
    status: str = "effective",
    owner: str = "Service Manager",
    approver: str | None = "Head of IT Services",
    revision: str = "1.0",
    effective: str | None = "2026-06-01",
    approved: str | None = "",
    reviewed: str | None = None,
    clauses: list[str] | dict[str, list[str]] | None = None,
    classification: str | None = None,
    superseded_by: str | None = None,
    history: list[dict[str, str]] | None = None,
    body: str = "",
) -> str:
    """A controlled document's source: front matter that passes every rule, then ``body``.

    Defaults describe an effective procedure approved and reviewed on 2026-06-01, so that
    with a 12-month interval it is neither overdue nor due soon on :data:`AS_OF`; ``approved``
    defaults to the effective date of a document that is approved (None: no approval date).
    Strings are written as JSON (a subset of YAML), so hostile text arrives in the front
    matter exactly as given.
    """
    if approved == "":
        approved = effective if status in ("approved", "effective", "obsolete") else None
    fields: dict[str, Any] = {
        "id": doc_id,
        "title": title,
        "type": type,
        "owner": owner,
        "approver": approver,
        "revision": revision,
        "status": status,
        "approved": approved,
        "effective": None if status in ("draft", "in-review") else effective,
        "reviewed": reviewed,
        "clauses": clauses,
        "classification": classification,
        "superseded_by": superseded_by,
    }
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if key in ("approved", "effective", "reviewed"):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    if history is None and status not in ("draft",):
        history = [{"revision": revision, "date": effective or "2026-01-01", "summary": "Issued"}]
    if history:
        lines.append("history:")
        for entry in history:
            lines.append(f"  - revision: {json.dumps(entry['revision'])}")
            lines.append(f"    date: {entry['date']}")
            for key in ("author", "summary"):
                if key in entry:
                    lines.append(f"    {key}: {json.dumps(entry[key], ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def write_site(
    root: Path,
    documents: dict[str, str],
    *,
    options: dict[str, Any] | None = None,
    config: dict[str, Any] | None = None,
    files: dict[str, str] | None = None,
    search: dict[str, Any] | None = None,
) -> Path:
    """A project folder (mkdocs.yml, docs/index.md, the documents); returns mkdocs.yml.

    ``options`` are the clausebook plugin's options (``as_of`` defaults to :data:`AS_OF`),
    ``config`` adds or replaces top-level mkdocs.yml keys, ``files`` writes further files
    (relative to the project, such as ``docs/guide.md`` or a catalogue), ``search`` gives
    the search plugin options.
    """
    root.mkdir(parents=True, exist_ok=True)
    pages = {"docs/index.md": "# Home\n\nThe management system.\n", **(files or {})}
    for name, text in {**pages, **documents}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    plugin = {"sources": ["manual", "procedures"], "as_of": AS_OF, **(options or {})}
    for folder in plugin["sources"]:  # a missing source folder is an error (CB501)
        (root / folder).mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = {
        "site_name": "Test",
        "theme": {"name": "material", "font": False, "features": ["navigation.prune"]},
        "plugins": [{"search": search} if search else "search", {"clausebook": plugin}],
        **(config or {}),
    }
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), "utf-8")
    return config_file


class _Keep(logging.Handler):
    def __init__(self, records: list[logging.LogRecord], level: int) -> None:
        super().__init__(level)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


#: clausebook's own logger, whatever the generator names it: ``mkdocs.plugins.clausebook``
#: under MkDocs, ``properdocs.plugins.clausebook`` under ProperDocs. Tests listen to it, not
#: to a channel named after one generator.
CLAUSEBOOK_LOGGER = plugin_log.logger.name


class _Others(logging.Filter):
    """The generator's own lines: clausebook's are kept from its own logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.name.startswith(CLAUSEBOOK_LOGGER)


@contextlib.contextmanager
def capture_logs(
    records: list[logging.LogRecord], name: str | None = None, level: int = logging.INFO
) -> Iterator[list[logging.LogRecord]]:
    """Keep every record at ``level`` and above while the block runs: of logger ``name``, or
    by default of clausebook's own logger and, beside it, the generator's other lines (its
    own messages, such as a build stopped by a plugin).

    The loggers' own levels are lowered for the block: left at their default (WARNING, from
    the root logger) they would drop clausebook's INFO lines before any handler saw them.
    """
    watched: list[tuple[logging.Logger, logging.Handler]] = []
    own = _Keep(records, level)
    watched.append((logging.getLogger(name or CLAUSEBOOK_LOGGER), own))
    if name is None:
        others = _Keep(records, level)
        others.addFilter(_Others())
        watched.append((logging.getLogger(CLAUSEBOOK_LOGGER.split(".")[0]), others))
    previous = [logger.level for logger, _ in watched]
    for logger, handler in watched:
        logger.setLevel(level)
        logger.addHandler(handler)
    try:
        yield records
    finally:
        for (logger, handler), was in zip(watched, previous, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(was)


def build_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    """A site's configuration with its plugins started as ``mkdocs build`` starts them.

    MkDocs keeps a plugin that has ``on_startup`` for the whole process, so a build after a
    ``serve`` test must say it is a plain build again.
    """
    config = load_config(str(config_file), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    return config


@dataclass
class Built:
    """A built site and what the build logged."""

    site: Path
    records: list[logging.LogRecord] = field(default_factory=list)

    def messages(self, level: int = logging.DEBUG) -> list[str]:
        """Messages logged at ``level`` or above."""
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def at(self, level: int) -> list[str]:
        """Messages logged at exactly ``level``."""
        return [r.getMessage() for r in self.records if r.levelno == level]

    def page(self, path: str) -> str:
        """The HTML of a page by its URL path (``procedures/pro-chg-01``, ``""`` for home)."""
        folder = self.site / path
        target = folder / "index.html" if not path.endswith(".html") else folder
        return target.read_text("utf-8")

    def bytes(self, path: str) -> bytes:
        return (self.site / path).read_bytes()

    def json(self, path: str) -> Any:
        return json.loads((self.site / path).read_text("utf-8"))


def build_site(
    config_file: Path,
    *,
    records: list[logging.LogRecord] | None = None,
    **overrides: Any,
) -> Built:
    """Build like ``mkdocs build -f config_file`` (``overrides`` as MkDocs config keys).

    Pass ``records`` to keep the log of a build that is expected to fail.
    """
    kept = records if records is not None else []
    with capture_logs(kept):
        config = build_config(config_file, **overrides)
        build(config)
    return Built(Path(config.site_dir), kept)


def build_fails(config_file: Path, **overrides: Any) -> tuple[BaseException, list[str]]:
    """Build a site that must fail: the exception and every message the build logged.

    MkDocs logs a plugin's ``PluginError`` and raises ``Abort`` in its place (the original
    stays in ``__context__``), as ``mkdocs build`` does before exiting 1.
    """
    records: list[logging.LogRecord] = []
    try:
        build_site(config_file, records=records, **overrides)
    except Exception as error:  # the caller asserts on the type
        return error, [r.getMessage() for r in records]
    raise AssertionError("the build succeeded but was expected to fail")


# ---------------------------------------------------------------------- reading a site


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (name == "href" and tag in ("a", "link")) or (
                name == "src" and tag in ("script", "img")
            ):
                self.links.append(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def broken_links(site: Path, folders: list[str]) -> list[str]:
    """Relative links in the HTML under ``folders`` whose target (or #anchor) does not exist.

    A link is resolved the way a browser does from the page's URL: ``x/index.html`` is
    served as ``x/`` with directory URLs, so both forms share a base folder. Links to
    another site (scheme or ``//``) are not followed; anchors are checked in HTML targets.
    """
    broken = []
    parsed: dict[Path, _Links] = {}

    def links_of(path: Path) -> _Links:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    pages = [p for folder in folders for p in sorted((site / folder).rglob("*.html"))]
    for page in pages:
        base = page.parent.relative_to(site).as_posix()
        for link in links_of(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//") or not link:
                continue
            if parts.path.startswith("/"):
                broken.append(f"{page.relative_to(site)}: absolute link {link}")
                continue
            target_path = unquote(parts.path)
            if target_path:
                joined = posixpath.normpath(posixpath.join(base, target_path))
                if joined.startswith(".."):
                    broken.append(f"{page.relative_to(site)}: {link} leaves the site")
                    continue
                target = site / joined
                if target_path.endswith("/") or target.is_dir():
                    target = target / "index.html"
            else:
                target = page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link} -> missing {target}")
                continue
            anchor = unquote(parts.fragment)
            if anchor and target.suffix == ".html" and anchor not in links_of(target).ids:
                broken.append(f"{page.relative_to(site)}: {link} -> no id '{anchor}'")
    return broken


def readable_text(path: Path) -> str:
    """A file's text as a reader of it could get it: gzip and XLSX (zip) unpacked."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = b"\n".join(archive.read(name) for name in archive.namelist())
    return data.decode("utf-8", errors="replace")


def files_containing(site: Path, needle: str) -> list[str]:
    """Every file under ``site`` whose name or content holds ``needle`` (ignoring case)."""
    wanted = needle.casefold()
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        if wanted in relative.casefold() or wanted in readable_text(path).casefold():
            found.append(relative)
    return found


@dataclass
class NavItem:
    """One entry of Material's primary navigation: its text and its children (if shown)."""

    title: str
    children: list[NavItem] = field(default_factory=list)

    def titles(self) -> list[str]:
        return [child.title for child in self.children]

    def find(self, title: str) -> NavItem:
        for child in self.children:
            if child.title == title:
                return child
        raise KeyError(f"no navigation entry {title!r} among {self.titles()}")


_VOID = {"input", "img", "br", "meta", "link", "hr", "source", "wbr"}


class _Nav(HTMLParser):
    """Reads the primary navigation's tree, skipping the table of contents nested in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = NavItem("")
        self.open: list[tuple[str, str]] = []  # (tag, role) of every open element
        self.items: list[NavItem] = [self.root]
        self.title: list[str] | None = None

    def _role(self, tag: str, classes: list[str]) -> str:
        inside = [role for _, role in self.open]
        if tag == "nav" and "md-nav--primary" in classes and "primary" not in inside:
            return "primary"
        if "primary" not in inside or "secondary" in inside:
            return ""
        if tag == "nav" and "md-nav--secondary" in classes:
            return "secondary"
        if tag == "li" and "md-nav__item" in classes:
            return "item"
        if tag == "span" and "md-ellipsis" in classes and not self.items[-1].title:
            return "title"
        return ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        role = self._role(tag, classes)
        self.open.append((tag, role))
        if role == "item":
            item = NavItem("")
            self.items[-1].children.append(item)
            self.items.append(item)
        elif role == "title":
            self.title = []

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            name, role = self.open.pop()
            if role == "item":
                self.items.pop()
            elif role == "title" and self.title is not None:
                self.items[-1].title = " ".join("".join(self.title).split())
                self.title = None
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.title is not None:
            self.title.append(data)


def navigation(page_html: str) -> NavItem:
    """The primary navigation of a page as a tree (its root has no title).

    With ``navigation.prune`` a section other than the page's own shows its title only.
    """
    parser = _Nav()
    parser.feed(page_html)
    return parser.root


_TAGS = re.compile(r"<[^>]+>")


def text_of(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities decoded, spaces joined."""
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def table(page_html: str, class_name: str) -> list[list[str]]:
    """The cells (as HTML) of each body row of the first table with ``class_name`` (or the
    first table inside the first element with that class)."""
    owner = re.search(rf'class="(?:[^"]*\s)?{re.escape(class_name)}(?:\s[^"]*)?"', page_html)
    if owner is None:
        raise AssertionError(f"nothing of class {class_name}")
    start = page_html.rfind("<", 0, owner.start())
    start = page_html.index("<table", start)
    match = re.compile(r"<table[^>]*>(.*?)</table>", re.S).match(page_html, start)
    assert match is not None
    body = match.group(1).split("<tbody>", 1)[-1]
    return [
        re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def control_block(page_html: str) -> dict[str, str]:
    """The document control table as {label: cell HTML}."""
    cells: dict[str, str] = {}
    for row in table(page_html, "cb-control"):
        for label, value in zip(row[::2], row[1::2], strict=True):
            cells[text_of(label)] = value
    return cells


def ics_events(text: str) -> list[dict[str, str]]:
    """The VEVENTs of a calendar, lines unfolded (RFC 5545), as {property: value}; the
    properties of a reminder inside an event as ``VALARM.TRIGGER`` and so on."""
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    prefix = ""
    for line in unfolded.split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events.append(current)
            current = None
        elif line == "BEGIN:VALARM":
            prefix = "VALARM."
        elif line == "END:VALARM":
            prefix = ""
        elif current is not None and ":" in line:
            name, value = line.split(":", 1)
            current[prefix + name] = value
    return events
