"""The MkDocs adapter: turns the core's manual into files, navigation and log lines.

All decisions (what is valid, what is covered, what is due) are the core's; this module only
translates them into MkDocs terms using the documented plugin API of MkDocs 1.6
(``File.generated``, ``get_plugin_logger``, ``config.watch``), so that the manual can move to
a drop-in successor such as ProperDocs without rewriting the logic.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import html
import json
import logging
import os
import re
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from clausebook.core import editions
from clausebook.core import manual as core
from clausebook.core.collisions import ASSET_DIR, collisions, docs_files
from clausebook.core.document import slugify
from clausebook.core.editions import BRANCH_ENV, PUBLISH_ENV, UNCOMMITTED_ENV, UNIT_ENV
from clausebook.core.loader import ParseCache
from clausebook.core.metadata import Status
from clausebook.core.natural import natural_key
from clausebook.core.problems import Problem, Severity, sort_problems
from clausebook.core.settings import Settings, configure, listed_twice, resolve_as_of
from clausebook.mkdocs.config import ClausebookConfig, options_written
from clausebook.render import placeholders, reports
from clausebook.render.control import Blocks
from clausebook.render.labels import Labels
from clausebook.render.links import Links
from clausebook.render.listings import escape
from clausebook.render.navigation import Section, document_nav
from clausebook.render.pages import DocumentPage, Renderer
from clausebook.render.printing import print_stylesheet, running_header

log = get_plugin_logger("clausebook")

#: mike sets this to the version it is deploying: the edition being built.
EDITION_ENV = "MIKE_DOCS_VERSION"

ASSETS = ("clausebook.css", "clausebook.js")
CJK_EXTENSION = "clausebook.render.cjk"
#: The print stylesheet, made from the ``pdf`` options, the language and the edition.
PRINT_CSS = f"{ASSET_DIR}/print.css"
CACHE_DIR = ".cache/clausebook/pages"
_LEVELS = {
    Severity.ERROR: logging.ERROR,
    Severity.WARNING: logging.WARNING,
    Severity.INFO: logging.INFO,
}


class ClausebookPlugin(BasePlugin[ClausebookConfig]):
    """Builds controlled documents, reports and exports into a Material site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.settings: Settings | None = None
        #: Parsed documents kept from one build to the next (``mkdocs serve``).
        self.parse_cache = ParseCache()
        self.manual: core.Manual | None = None
        self.root = Path.cwd()
        self.dirty = False
        #: The toc extension's slugify: the anchors the core checks '#section' mappings against.
        self.slug: Callable[[str, str], str] = slugify
        #: Source paths of the pages clausebook generated (documents and reports).
        self.generated: set[str] = set()
        #: The document pages, by source path (their cross-references' links)...
        self.documents: dict[str, DocumentPage] = {}
        #: ...their blocks, and the report pages' blocks.
        self.blocks: dict[str, Blocks] = {}
        self.report_blocks: dict[str, list[str]] = {}
        #: The navigation of the previous build of this ``mkdocs serve`` session.
        self.nav_signature: str | None = None
        #: Signatures of the document pages of the previous build (``--dirty``).
        self.signatures: dict[str, bytes] = {}
        #: Whether the site has a search plugin (whose segmenter learns our Chinese terms).
        self.search = False
        #: The MkDocs command (``build``, ``serve``...); None when MkDocs is driven directly.
        self.command: str | None = None
        #: The record of the last published edition, read before MkDocs empties site_dir.
        self.previous: dict[str, Any] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve --dirty` rebuilds only pages whose source changed: see _page_file.
        self.dirty = dirty
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        # MkDocs only warns of a plugin listed twice, then runs both ("clausebook #2"); the
        # command line reads one entry: refuse it, as the command line does.
        if sum(name.split(" #")[0] == "clausebook" for name in config.plugins) > 1:
            raise PluginError(listed_twice().render())
        settings, problems = configure(
            options_written(self.config),
            root=self.root,
            docs_dir=Path(config.docs_dir),
            theme_language=config.theme.get("language") if config.theme else None,
            publishing=bool(os.environ.get(PUBLISH_ENV)),
            unit=os.environ.get(UNIT_ENV) or None,
        )
        if settings is None:
            raise PluginError("\n".join(p.render() for p in problems))
        self.settings = settings
        # Serve: rebuild when a controlled document changes, not only docs/.
        for folder in settings.sources:
            path = self.root / folder
            if path.is_dir() and str(path) not in config.watch:
                config.watch.append(str(path))
        # Heading ids keep Chinese text (unless the user chose another slugify).
        toc = config.mdx_configs.setdefault("toc", {})
        toc.setdefault("slugify", slugify)
        if "toc" not in config.markdown_extensions:
            config.markdown_extensions.append("toc")
        self.slug = toc["slugify"]
        # A line break inside Chinese text joins without a space (see render/cjk.py).
        if CJK_EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(CJK_EXTENSION)
        # Material shows page.meta.status in the navigation: describe ours.
        statuses = config.extra.setdefault("status", {})
        labels = Labels(settings.language or "en")
        for status in Status:
            statuses.setdefault(status.value, labels(f"nav_status.{status.value}"))
        self.search = any(name.split("/")[-1] == "search" for name in config.plugins)
        # Material's outdated-edition banner needs a `main.html` block: provide one, after
        # the user's own custom_dir so that a project can still override it.
        overrides = str(resources.files("clausebook.mkdocs").joinpath("overrides"))
        if config.theme.name == "material" and overrides not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, overrides)
        for name in ASSETS:
            target = f"{ASSET_DIR}/{name}"
            bucket = config.extra_css if name.endswith(".css") else config.extra_javascript
            if target not in [str(item) for item in bucket]:
                bucket.append(target)
        if PRINT_CSS not in [str(item) for item in config.extra_css]:
            config.extra_css.append(PRINT_CSS)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load and check the manual before MkDocs empties ``site_dir``.

        A build that clausebook stops (errors when publishing, an overdue review at level
        ``error``) then leaves the previous site exactly as it was.
        """
        if self.settings is None:
            return
        settings = self.settings
        try:
            as_of = resolve_as_of(None, settings)
        except ValueError as error:
            raise PluginError(str(error)) from None
        with _collector_paused():
            manual = core.load(
                self.root,
                settings,
                as_of=as_of,
                slug=self.slug,
                config_file=Path(config.config_file_path) if config.config_file_path else None,
                cache=self.parse_cache,
                docs_dir=Path(config.docs_dir),
            )
        self.manual = manual
        # The editions branch is read here, before MkDocs empties site_dir: a record that
        # cannot be read is a warning, and the previous site stays if that stops the build.
        branch = os.environ.get(BRANCH_ENV) or editions.default_branch(settings.unit)
        edition = os.environ.get(EDITION_ENV) or None
        self.previous, unreadable = editions.previous_snapshot(
            self.root, settings.reports_dir, edition, branch
        )
        docs_dir = Path(config.docs_dir)
        clashes = collisions(manual, docs_files(docs_dir), docs_dir.name)
        for problem in sort_problems([*manual.problems, *unreadable, *clashes]):
            _log(problem)
        if clashes:
            raise PluginError(
                "\n".join(p.render() for p in clashes) + "\nthe previous site is unchanged"
            )
        if manual.unpublished:
            count = len(manual.unpublished)
            log.info(Labels("en")("drafts_unpublished", count=count, serve="`make serve`"))
        if os.environ.get(PUBLISH_ENV) and manual.errors:
            raise PluginError(
                f"{len(manual.errors)} error(s): an edition is not published with errors"
            )
        fatal = [p for p in manual.problems if p.code == "CB601" and p.severity is Severity.ERROR]
        if fatal:
            raise PluginError(
                f"{len(fatal)} document(s) overdue for review and review.log_level is 'error'"
            )
        failing = manual.operation.failing if manual.operation else []
        if failing:
            raise PluginError(
                f"{len(failing)} finding(s) of the certification cycle or the records at level "
                "'error' (operation.log_level): " + "; ".join(f.problem.message for f in failing)
            )
        if self.dirty and self.command == "build":
            _refuse_stale_pages(Path(config.site_dir), manual)

    @event_priority(-50)  # after other plugins have added their files, before navigation
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.settings is None or self.manual is None:
            return None
        with _collector_paused():
            files = self._add_files(files, config, self.settings, self.manual)
        # What clausebook made lives until the build ends: kept out of the collector's
        # full scans, which the page loop would otherwise repeat over it.
        gc.freeze()
        return files

    def _add_files(
        self, files: Files, config: MkDocsConfig, settings: Settings, manual: core.Manual
    ) -> Files:
        """Document pages, reports, exports and assets as generated files; the navigation."""
        links = Links(directory_urls=config.use_directory_urls, site_url=config.site_url)
        renderer = Renderer(manual, links, site_name=config.site_name or "")
        self.generated = set()
        edition = os.environ.get(EDITION_ENV) or None
        # Made once: compared with the previous edition (if any) and written beside the reports.
        uncommitted = json.loads(os.environ.get(UNCOMMITTED_ENV) or "null")
        record = functools.cache(lambda: editions.snapshot(manual, edition, uncommitted))
        previous = self.previous
        changes = editions.compare(previous, record(), manual) if previous else None
        for problem in changes.problems if changes else []:
            _log(problem)
        plan = reports.plan(renderer, edition=edition, compared=changes, snapshot=record)
        self.documents = {d.src_uri: renderer.document(d) for d in manual.documents}
        rendered = renderer.render_all(plan)
        self.blocks = rendered.blocks
        self.report_blocks = {uri: page.blocks for uri, page in rendered.site.pages.items()}
        tabs = "navigation.tabs" in (config.theme.get("features") or [])
        nav = _navigation(config.nav, files, manual, plan.nav, tabs)
        # A dirty rebuild renders only changed pages; when the sidebar changed (a document
        # added, removed, retitled, made obsolete) every document page must show the new one.
        signature = repr(nav)
        stale = self.nav_signature is not None and signature != self.nav_signature
        self.nav_signature = signature
        for uri, page in self.documents.items():
            _add(files, self._page_file(config, page, force=stale))
            self.generated.add(uri)
        for uri, report in rendered.site.pages.items():
            _add(files, File.generated(config, uri, content=report.markdown))
            self.generated.add(uri)
        for uri, data in rendered.site.files.items():
            _add(files, File.generated(config, uri, content=data))
        for name in ASSETS:
            content = resources.files("clausebook.mkdocs.assets").joinpath(name).read_bytes()
            _add(files, File.generated(config, f"{ASSET_DIR}/{name}", content=content))
        print_css = print_stylesheet(
            settings.pdf, Labels(manual.language), edition=edition, as_of=manual.as_of
        )
        _add(files, File.generated(config, PRINT_CSS, content=print_css))
        config.nav = nav
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Give generated pages their title safely: Material prints titles as HTML.

        The generated Markdown keeps the title as plain text (``clausebook pages`` writes the
        same files for other generators); making it safe is the HTML adapter's job. A title
        with markup characters stays in ``page.meta`` escaped: without it MkDocs would take
        the title from the page's heading as text, unescaped, and Material would print it as
        HTML in the header and ``<title>``. Any other document title is dropped from the
        meta, and the page carries its navigation title ("PRO-CHG-01 Change management
        procedure", markup-free as ids are). Reports keep their full title ("Matrix: ISO
        9001:2015"): their navigation titles are shorter.
        """
        uri = page.file.src_uri
        if uri in ("index.md", "README.md"):  # the home page of a site of drafts only
            return self._drafts_notice() + markdown
        if uri not in self.generated or "title" not in page.meta:
            return None
        text = str(page.meta["title"])
        if escape(text) == text and uri in self.documents:
            del page.meta["title"]
        else:
            page.meta["title"] = escape(text)
        return None

    def _drafts_notice(self) -> str:
        """On the home page of a site that shows no document because all are drafts (a new
        manual's first build), why it is empty and how to see them; otherwise nothing."""
        manual = self.manual
        if manual is None or manual.documents or not manual.unpublished:
            return ""
        count = len(manual.unpublished)
        text = Labels(manual.language)("drafts_unpublished", count=count, serve="{serve}")
        shown = html.escape(text).replace("{serve}", "<code>make serve</code>")
        return f'<div class="admonition note cb-drafts"><p>{shown}</p></div>\n\n'

    @event_priority(100)  # first: other plugins see the cross-references as links
    def on_page_content(
        self, content: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put a document's cross-reference links in place (see
        :func:`~clausebook.render.placeholders.restore_xrefs`); teach search's Chinese
        segmenter our terms on the first page with Chinese text, as Material starts it there
        too (a manual without Chinese never pays for the dictionary).
        """
        document = self.documents.get(page.file.src_uri)
        if document is not None:
            content = placeholders.restore_xrefs(content, document.xrefs)
        if self.search and not _TERMS_LOADED and _HAN.search(content):
            _load_search_terms()
        return content

    @event_priority(50)  # before search indexes the page
    def _frame(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        """Give a document page its print header and the places of its set-aside blocks.

        The header goes in before Material's search indexes the page (a search for an id, a
        revision or a status finds the document).
        """
        if page.file.src_uri in self.documents and page.content is not None:
            page.content = placeholders.frame(page.content, self.blocks[page.file.src_uri].head)
            # The outdated-edition banner links to the same document in the current edition.
            context["clausebook_id"] = self.documents[page.file.src_uri].document.id

    @event_priority(-100)  # after search has indexed the page, before the theme renders it
    def _restore(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        """Put the HTML blocks the renderer set aside back into the page's content.

        After search, not before: the index then holds the document's own text, not its
        control block, history and back-links (whose text would match every query for an
        owner or a date, and fill every excerpt), and search spends no time on them. Into
        the content, not the finished page: a tenth of the text to scan for placeholders.
        """
        uri = page.file.src_uri
        if page.content is None:
            return
        if uri in self.documents:
            blocks = self.blocks[uri]
            page.content = placeholders.restore_blocks(page.content, [blocks.control, blocks.end])
            return
        if uri in self.report_blocks:
            page.content = placeholders.restore_blocks(page.content, self.report_blocks[uri])
        # Any other page's printed header (a document's own is in its control block).
        title = html.unescape(str(page.title or ""))
        page.content = running_header(title, config.site_name) + page.content

    on_page_context = CombinedEvent(_frame, _restore)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves nothing frozen (see :meth:`on_files`)."""
        gc.unfreeze()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """PDFs last, from the finished pages; a failure is a warning, never a failed build."""
        gc.unfreeze()  # the build's objects may be collected again (serve builds anew)
        if self.manual is None or not self.manual.settings.pdf.build:
            return
        # Imported only to make PDFs: pypdf and the browser driver are not every build's.
        from clausebook.exports.pdf import PDF_DIR, Edition, make_pdfs, print_date

        links = Links(directory_urls=config.use_directory_urls, site_url=config.site_url)
        edition = Edition(os.environ.get(EDITION_ENV) or None, self.manual.as_of, print_date())
        report = make_pdfs(
            self.manual,
            Path(config.site_dir),
            links,
            site_name=config.site_name,
            site_url=config.site_url,
            edition=edition,
        )
        for failure in report.failures:
            # Info, not a warning: `mkdocs build --strict` must not fail for want of a PDF.
            log.info(failure.render())
        log.info(report.summary(Path(config.site_dir) / PDF_DIR))

    def _page_file(self, config: MkDocsConfig, page: DocumentPage, *, force: bool) -> File:
        """A document page: in memory, or (``--dirty``) a cache file touched only on change.

        MkDocs treats in-memory files as always modified, so a dirty rebuild would still
        render every document. Backed by a file whose modification time moves only when the
        page changes (its text, a title it cites, its control block, banners, back-links or
        history, which the Markdown does not hold), a one-document edit re-renders that
        document and whatever its change touches; ``force`` re-renders every document (the
        navigation changed).
        """
        uri, content = page.document.src_uri, page.markdown()
        if not self.dirty:
            return File.generated(config, uri, content=content)
        cache = self.root / CACHE_DIR / uri
        signature = page.signature(content, self.blocks[uri])
        if force or self.signatures.get(uri) != signature or not cache.is_file():
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(content, "utf-8")
        self.signatures[uri] = signature
        return File.generated(config, uri, abs_src_path=str(cache))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while clausebook builds its manual and pages.

    Loading a large manual allocates hundreds of thousands of objects that all survive the
    build; each collection meanwhile scans them and finds nothing (docs/performance.md has
    the figures). Reference counting still frees everything else.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_search_terms() -> None:
    """Teach jieba (used by Material's search to segment Chinese) management-system terms.

    Without them 服务管理体系 is indexed as 服务 / 管理 / 体系 and a search for the whole term
    ranks poorly. jieba keeps one global dictionary, so loading once per process is enough.
    """
    global _TERMS_LOADED
    if _TERMS_LOADED:
        return
    try:
        import jieba
    except ImportError:  # search then indexes Chinese without segmentation, as Material does
        return
    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" lines are noise in a build
    with resources.as_file(resources.files("clausebook.mkdocs").joinpath("terms-zh.txt")) as path:
        jieba.load_userdict(str(path))
    _TERMS_LOADED = True


_TERMS_LOADED = False
#: Han characters, which Material's search segments with jieba.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _refuse_stale_pages(site_dir: Path, manual: core.Manual) -> None:
    """``mkdocs build --dirty`` leaves the pages it does not rebuild in ``site_dir``: a
    document that the previous build showed and this one withholds (reclassified, audience
    narrowed, made a draft again, removed) would stay published. The previous build's
    record (its ``edition.json``) says what it showed; such a build is refused."""
    path = site_dir / manual.settings.reports_dir / editions.SNAPSHOT_NAME
    try:
        record = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return  # no previous build, or not one of ours: nothing it showed is known
    stale = editions.no_longer_shown(record, manual)
    if stale:
        raise PluginError(
            f"mkdocs build --dirty would leave the pages of {', '.join(stale)} in "
            f"{site_dir.name}/, which this build no longer shows (withheld, unpublished or "
            "removed): build without --dirty (make site)"
        )


def _add(files: Files, file: File) -> None:
    if file.src_uri in files.src_uris:  # src_uri is POSIX already: no path parsing
        raise PluginError(
            f"clausebook generates '{file.src_uri}', but docs_dir already has a file there: "
            "rename one of them (or change reports_dir)"
        )
    files.append(file)


def _log(problem: Problem) -> None:
    log.log(_LEVELS[problem.severity], problem.render())


def _navigation(
    user_nav: list[Any] | None,
    files: Files,
    manual: core.Manual,
    reports: list[tuple[str, Any]],
    tabs: bool = False,
) -> list[Any]:
    """Home, documents by type, reports, archive, then the other docs_dir pages (guides).

    A user's explicit ``nav`` is kept as written, and the generated sections follow it. With
    Material's ``navigation.tabs``, the top level is three tabs after the home page:
    Documents (by type, then the archive), Reports and Guides, so the reports are one click
    from every page instead of a tab per document type.
    """
    t = Labels.of(manual.settings)
    if user_nav:
        nav: list[Any] = list(user_nav)
        rest: list[Any] = []
    else:
        pages = _docs_nav(files)
        home = [p for p in pages[:1] if p in ("index.md", "README.md")]
        nav, rest = home, pages[len(home) :]
    settings = manual.settings
    units = {u.code: u.name for u in settings.units} if settings.unit is None else None
    documents = document_nav(manual.documents, t, settings.areas, units, types=settings.doc_types)
    sections = [_section(s) for s in documents.in_force]
    if documents.archive:
        sections.append(_section(documents.archive))
    report_section = {t("reports"): [_report(title, target) for title, target in reports]}
    if tabs and not user_nav:
        guides = [{t("guides"): rest}] if rest else []
        return [*nav, {t("documents"): sections}, report_section, *guides]
    if documents.archive:  # the archive after the reports
        sections.insert(len(sections) - 1, report_section)
    else:
        sections.append(report_section)
    return nav + sections + rest


def _section(section: Section) -> dict[str, Any]:
    return {
        escape(section.title): [
            _section(e) if isinstance(e, Section) else _entry(e.label, e.src_uri)
            for e in section.entries
        ]
    }


def _entry(title: str, uri: str) -> dict[str, str]:
    # Material does not escape navigation titles: a title is user text, so escape it here.
    return {escape(title): uri}


def _report(title: str, target: Any) -> dict[str, Any]:
    if isinstance(target, list):
        return {escape(title): [_report(t, u) for t, u in target]}
    return _entry(title, target)


def _docs_nav(files: Files) -> list[Any]:
    """docs_dir's own pages as MkDocs would list them: index first, folders as sections."""
    tree: dict[str, Any] = {}
    for file in files.documentation_pages():
        uri = file.src_uri
        if file.generated_by:  # documents and reports have their own sections
            continue
        node = tree
        *folders, name = uri.split("/")
        for folder in folders:
            node = node.setdefault(folder + "/", {})
        node[name] = uri
    return _tree_to_nav(tree)


def _tree_to_nav(tree: dict[str, Any]) -> list[Any]:
    def order(key: str) -> tuple[int, tuple[Any, ...]]:
        is_index = key in ("index.md", "README.md")
        return (0 if is_index else 1 if not key.endswith("/") else 2, natural_key(key))

    nav: list[Any] = []
    for key in sorted(tree, key=order):
        value = tree[key]
        if isinstance(value, dict):
            title = key.rstrip("/").replace("-", " ").replace("_", " ").capitalize()
            nav.append({title: _tree_to_nav(value)})
        else:
            nav.append(value)
    return nav
