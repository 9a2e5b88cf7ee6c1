"""Generated pages as Markdown, from one :class:`Manual`: the renderer and what it returns.

The MkDocs plugin serves these as generated files; ``clausebook pages`` writes the same
Markdown to a folder, so the manual keeps its register, matrix and schedule even without
MkDocs. The renderer has one way of working: it always sets the generated HTML aside (see
:mod:`clausebook.render.placeholders`). A document page comes back as a
:class:`DocumentPage`, its blocks as :class:`~clausebook.render.control.Blocks`, a report as
a :class:`ReportPage`; the site puts the HTML into the pages MkDocs made, ``clausebook
pages`` into the Markdown (:meth:`Renderer.plain`). The reports themselves are listed in
:mod:`clausebook.render.reports`. Every value a user wrote is escaped.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from clausebook.core import outline, xrefs
from clausebook.core.awareness import MustRead, acknowledge_link, changed, must_read
from clausebook.core.catalogue import Catalogue
from clausebook.core.coverage import Coverage, State
from clausebook.core.document import Document
from clausebook.core.editions import Changes
from clausebook.core.manual import Manual, coverage_of
from clausebook.core.metadata import DocType, Status
from clausebook.core.schedule import Review, ReviewState
from clausebook.core.units import applies_to
from clausebook.exports.pdfpaths import pdf_uri
from clausebook.exports.workbooks import Heading
from clausebook.render import placeholders
from clausebook.render.compiled import bytecode_cache
from clausebook.render.control import Banner, Blocks, ClauseLink, ControlBlocks
from clausebook.render.dashboard import Operation
from clausebook.render.exported import Exported
from clausebook.render.labels import Labels
from clausebook.render.links import Links, markdown_link_target
from clausebook.render.listings import Listings, escape
from clausebook.render.placeholders import Xref

STATES = [
    State.COVERED.value,
    State.OTHER_PARTY.value,
    State.AT_RISK.value,
    State.UNCOVERED.value,
    State.EXCLUDED.value,
]
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def _environment() -> Environment:
    options: dict[str, Any] = {
        "autoescape": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "auto_reload": False,  # the templates ship with the package: no stat() per page
    }
    env = Environment(
        loader=PackageLoader("clausebook.render", "templates"),
        undefined=StrictUndefined,
        bytecode_cache=bytecode_cache(options),
        **options,
    )
    env.filters["md"] = lambda text: Markup(escape_markdown(str(text)))
    return env


_ENV = _environment()


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally: HTML escaped, Markdown punctuation backslashed.

    ``<``, ``>`` and ``&`` become entities (Python-Markdown does not unescape ``\\<``); the
    punctuation that would start emphasis, code, links or table cells gets a backslash.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


@dataclass(frozen=True)
class DocumentPage:
    """A document page as the renderer made it: its heading and body, each cross-reference
    outside a heading a placeholder (see :mod:`~clausebook.render.placeholders`)."""

    document: Document
    heading: str
    body: str
    xrefs: list[Xref]
    #: The label an obsolete document carries in search results.
    obsolete_tag: str = ""

    def markdown(self, blocks: Blocks | None = None) -> str:
        """The page's Markdown: for the site without its blocks (the plugin puts them into
        the HTML), for ``clausebook pages`` with them.

        Joined in Python rather than by a template: it is made once per document, and the
        front matter is four lines (docs/performance.md).
        """
        head, control, end = (blocks.head, blocks.control, blocks.end) if blocks else ("", "", "")
        status = self.document.meta.status
        matter = [f"title: {htmlsafe_json_dumps(self.document.title)}"]
        if status is not Status.EFFECTIVE:
            matter.append(f"status: {status.value}")
        if status is Status.OBSOLETE:
            # Search ranks the replacement first and labels this one (Material shows tags).
            tag = htmlsafe_json_dumps(self.obsolete_tag)
            matter.append(f"search:\n  boost: 0.05\ntags:\n  - {tag}")
        front = "\n".join(matter)
        parts = (f"---\n{front}\n---", self.heading, head, control, self.body, end)
        return "\n\n".join(parts) + "\n"

    def signature(self, markdown: str, blocks: Blocks) -> bytes:
        """A digest of everything the page shows: its Markdown, blocks and links."""
        parts = [markdown, blocks.head, blocks.control, blocks.end]
        parts += [xref.anchor for xref in self.xrefs]
        return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).digest()


@dataclass(frozen=True)
class ReportPage:
    """A report page's Markdown, a placeholder where each of its ``blocks`` of HTML goes."""

    markdown: str
    blocks: list[str]


@dataclass
class Site:
    """Everything generated for one edition: report pages by source path, files by path."""

    pages: dict[str, ReportPage] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Plan:
    """The generated pages and files of an edition, named but not yet rendered.

    Naming and rendering come from the same place, so they cannot disagree; a caller that
    needs only some pages (the auditor pack) renders only those.
    """

    pages: dict[str, Callable[[], ReportPage]] = field(default_factory=dict)
    files: dict[str, Callable[[], bytes]] = field(default_factory=dict)
    #: Navigation of the reports: (title, src_uri or list of children).
    nav: list[tuple[str, Any]] = field(default_factory=list)
    #: The edition being built (None: not a published edition)...
    edition: str | None = None
    #: ...and what changed since the previous published one (None: the first one).
    changes: Changes | None = None

    def render(self) -> Site:
        return Site(
            pages={uri: make() for uri, make in self.pages.items()},
            files={uri: make() for uri, make in self.files.items()},
        )


@dataclass
class Rendered:
    """What a site shows beyond the documents' Markdown: the reports and exports of a plan
    and every document's blocks, rendered in one go by :meth:`Renderer.render`."""

    site: Site
    blocks: dict[str, Blocks]


class Renderer:
    """Renders a manual's pages in one language with one link style.

    It holds what every page draws on (labels, links, the listings' pieces, the schedule,
    coverage and back-links, each computed once) and renders document pages, their blocks
    and any template; :mod:`clausebook.render.reports` lists the reports.
    """

    def __init__(self, manual: Manual, links: Links, *, site_name: str = "") -> None:
        self.manual = manual
        self.links = links
        #: What the workbooks' title rows say: the site, the edition (set by reports.plan).
        self.heading = Heading(site_name, None, manual.as_of)
        self.t = Labels.of(manual.settings)
        self.reports = manual.settings.reports_dir
        self._standard_uris: dict[str, dict[str, str]] = {}
        self.listings = Listings(self.t, links)
        self.texts = self.listings.texts
        self.control_blocks = ControlBlocks(self.listings)
        #: The dashboard, problems page, status and audit calendar; records' banners.
        self.operation = Operation(self)
        self.label = self.listings.label
        #: The previous edition's changes, and this edition's name, as the report plan was
        #: told (None: a first edition, every document new; see reports.plan).
        self.changes: Changes | None = None
        self.edition: str | None = None
        self.exported = Exported(self.t)

    # ------------------------------------------------------------------ helpers

    def render(self, template: str, here: str, **context: Any) -> ReportPage:
        """A page laid out by ``template``; each ``{% call raw() %}`` block set aside."""
        blocks: list[str] = []
        markdown = _ENV.get_template(template).render(
            t=self.t,
            L=self.texts,
            lang=self.t.language,
            here=here,
            href=self.links.href,
            listing=self.listings,
            states=STATES,
            raw=lambda caller: Markup(placeholders.set_aside(blocks, caller())),
            **context,
        )
        return ReportPage(markdown, blocks)

    @cached_property
    def reviews(self) -> list[Review]:
        return self.manual.reviews()

    @cached_property
    def review_by_id(self) -> dict[str, Review]:
        return {r.document.id: r for r in self.reviews}

    @cached_property
    def coverages(self) -> dict[str, Coverage]:
        return {sid: coverage_of(self.manual, sid) for sid in self.manual.catalogues}

    @cached_property
    def referrers(self) -> dict[str, list[Document]]:
        return self.manual.referrers()

    def uri(self, *parts: str) -> str:
        return "/".join((self.reports, *parts))

    def standard_uris(self, catalogue: Catalogue) -> dict[str, str]:
        uris = self._standard_uris.get(catalogue.id)
        if uris is None:
            uris = self._standard_uris[catalogue.id] = self._uris_of(catalogue)
        return uris

    def _uris_of(self, catalogue: Catalogue) -> dict[str, str]:
        return {
            "coverage": self.uri(catalogue.slug, "coverage.md"),
            "matrix": self.uri(catalogue.slug, "matrix.md"),
            "clauses": self.uri(catalogue.slug, "clauses.md"),
            "csv": self.uri(catalogue.slug, "matrix.csv"),
            "xlsx": self.uri(catalogue.slug, "matrix.xlsx"),
            "json": self.uri(catalogue.slug, "matrix.json"),
            "soa": self.uri(catalogue.slug, "soa.md"),
            "soa_xlsx": self.uri(catalogue.slug, "soa.xlsx"),
            "soa_csv": self.uri(catalogue.slug, "soa.csv"),
            "soa_json": self.uri(catalogue.slug, "soa.json"),
            "required": self.uri(catalogue.slug, "required.md"),
            "required_xlsx": self.uri(catalogue.slug, "required.xlsx"),
            "required_csv": self.uri(catalogue.slug, "required.csv"),
            "required_json": self.uri(catalogue.slug, "required.json"),
        }

    # ----------------------------------------------------------- what a site holds

    def render_all(self, plan: Plan) -> Rendered:
        """Everything a site shows beside the documents' Markdown: each document's blocks,
        then every report and export of ``plan``."""
        blocks = {d.src_uri: self.blocks(d) for d in self.manual.documents}
        return Rendered(plan.render(), blocks)

    def plain(self, plan: Plan) -> dict[str, str | bytes]:
        """Every generated page as plain Markdown, with its HTML and Markdown links in it
        (``clausebook pages``), and every export: by path."""
        rendered = self.render_all(plan)
        out: dict[str, str | bytes] = {
            d.src_uri: self.plain_document(d, rendered.blocks[d.src_uri])
            for d in self.manual.documents
        }
        for uri, report in rendered.site.pages.items():
            out[uri] = placeholders.inline_blocks(report.markdown, report.blocks)
        out.update(rendered.site.files)
        return out

    def plain_document(self, document: Document, blocks: Blocks | None = None) -> str:
        """A document's page as plain Markdown: its blocks and Markdown links in it."""
        page = self.document(document)
        markdown = page.markdown(blocks or self.blocks(document))
        link = functools.partial(self._plain_link, document)
        return placeholders.inline_xrefs(markdown, page.xrefs, link)

    # ------------------------------------------------------------ document pages

    def document(self, document: Document) -> DocumentPage:
        """The page of one controlled document: its heading and body (the blocks around them
        are :meth:`blocks`).

        A cross-reference becomes a placeholder for its link, which the site writes itself:
        Python-Markdown and MkDocs would otherwise parse each Markdown link, find its page
        and work out its URL, for the thousands of references of a large manual, where the
        renderer knows them all already. In a heading it stays a Markdown link (a heading's
        text is also its anchor and its entry in the table of contents).
        """
        # The page's title is the document's id and title, whatever the body starts with.
        body = outline.fit(document.meta, document.body).body
        body = xrefs.absorb_titles(body, self._title_of)
        found: list[Xref] = []
        body = xrefs.replace(
            body,
            lambda target: self._xref_placeholder(document, target, found),
            in_heading=lambda target: self._xref(document, target),
        )
        heading = f"# {escape_markdown(document.label)}"
        return DocumentPage(document, heading, body, found, self.texts["nav_status.obsolete"])

    def blocks(self, document: Document) -> Blocks:
        """The print header, control block and closing blocks of a document page."""
        review = self.review_by_id.get(document.id)
        clauses = []
        for catalogue in self.manual.catalogues.values():
            matrix = self.standard_uris(catalogue)["matrix"]
            links = [
                ClauseLink(
                    number=mapping.clause,
                    section=document.section_title(mapping.section) if mapping.section else "",
                    title=catalogue.clauses[mapping.clause].label(self.t.language),
                    href=self.links.href(document.src_uri, matrix, f"m-{mapping.clause}"),
                )
                for mapping in document.mappings
                if mapping.standard == catalogue.id
            ]
            if links:
                clauses.append((catalogue.name, links))
        return self.control_blocks.blocks(
            document,
            banners=self._banners(document, review),
            review=review,
            clauses=clauses,
            referrers=self.referrers.get(document.id, []),  # never the document itself
            pdf=self.links.href(document.src_uri, pdf_uri(document.id))
            if self.manual.settings.pdf.build
            else None,
            units=self._units_line(document),
            readers=self._readers_line(document),
        )

    def _readers_line(self, document: Document) -> str:
        """The roles that must read the document (HTML), with the link to the organisation's
        acknowledgement form when the document is new or revised in this edition."""
        meta, roles = document.meta, self.manual.settings.roles
        names = ", ".join(
            escape(roles[r].name(self.t.language) if r in roles else r) for r in meta.readers
        )
        url = self.manual.settings.acknowledge_url
        if not names or not url or document.id not in self.to_read:
            return names
        href = escape(acknowledge_link(url, document, self.edition))
        text = self.label["acknowledge"].format(revision=escape(meta.revision))
        return f'{names} · <a class="cb-acknowledge" href="{href}">{text}</a>'

    @cached_property
    def to_read(self) -> dict[str, MustRead]:
        """The documents to read in this edition (see reports.plan)."""
        return changed(self.manual.documents, self.changes)

    @cached_property
    def must_read(self) -> dict[str, list[MustRead]]:
        """What each declared role must read in this edition."""
        return must_read(self.manual.documents, self.manual.settings, self.changes)

    def _units_line(self, document: Document) -> str:
        """Where a group's document is in force: its unit, or the units it applies to and
        the local variants that replace it (HTML; empty for a single organisation)."""
        views = self.manual.units
        if not views:
            return ""
        here, t = document.src_uri, self.t
        if document.unit is not None:
            line = escape(f"{document.unit} {views[document.unit].unit.name}")
            target = self.manual.by_id.get(document.meta.variant_of or "")
            if target is not None:
                line += escape(t("units_variant_of")) + self.listings.chip(target, here)
            return line
        applies = [v for v in views.values() if applies_to(document, v.code)]
        line = escape(
            t("units_all") if len(applies) == len(views) else ", ".join(v.code for v in applies)
        )
        replaced = [(v.code, v.variants[document.id]) for v in applies if document.id in v.variants]
        for code, variant in replaced:
            line += escape(t("units_replaced_in", unit=code)) + self.listings.chip(variant, here)
        return line

    def _title_of(self, doc_id: str) -> str | None:
        target = self.manual.by_id.get(doc_id)
        return target.title if target else None

    def _xref(self, document: Document, target_id: str) -> str:
        """A cross-reference as Markdown: a link to the target's page, or (unknown,
        withheld or unpublished) its id as plain text, never a link nor a title."""
        target = self.manual.by_id.get(target_id)
        if target is None:
            return escape_markdown(target_id)
        return self._markdown_link(document, target)

    def _plain_link(self, document: Document, xref: Xref) -> str:
        return self._markdown_link(document, self.manual.by_id[xref.target])

    def _markdown_link(self, document: Document, target: Document) -> str:
        label = escape_markdown(target.label)
        return f"[{label}]({markdown_link_target(document.src_uri, target.src_uri)})"

    def _xref_placeholder(self, document: Document, target_id: str, found: list[Xref]) -> str:
        """The placeholder of a cross-reference, its link kept in ``found``; the link is
        the one MkDocs makes of ``[ID Title](page.md)``."""
        target = self.manual.by_id.get(target_id)
        if target is None:
            return self._xref(document, target_id)  # plain text, as everywhere
        href = escape(self.links.href(document.src_uri, target.src_uri))
        label = escape(target.label)
        xref = Xref(f'<a href="{href}">{label}</a>', label, target.id)
        return placeholders.xref_placeholder(found, xref)

    def _banners(self, document: Document, review: Review | None) -> list[Banner]:
        meta = document.meta
        banners = []
        if meta.status is Status.OBSOLETE:
            replacement = self.manual.by_id.get(meta.superseded_by or "")
            if replacement:
                text = self.t("banner.obsolete_by", target=replacement.label)
                href = self.links.href(document.src_uri, replacement.src_uri)
                banners.append(Banner("danger", "obsolete", text, (replacement.label, href)))
            else:
                banners.append(Banner("danger", "obsolete", self.t("banner.obsolete")))
        elif meta.status.is_draft:
            key = f"banner.{meta.status.value}"
            banners.append(Banner("warning", "draft", self.t(key)))
        elif meta.status is Status.APPROVED and meta.effective:
            text = self.t("banner.approved", date=meta.effective)
            banners.append(Banner("info", "approved", text))
        if meta.type == DocType.RECORD and (record := self.operation.banner(document)):
            banners.append(record)
        if review and review.state is ReviewState.OVERDUE:
            text = self.t("banner.overdue", date=review.next, owner=meta.owner)
            # Amber, not the red of "obsolete": an overdue document is still the one to use.
            banners.append(Banner("warning", "overdue", text))
        elif review and review.state is ReviewState.DUE_SOON:
            text = self.t("banner.due_soon", date=review.next, owner=meta.owner)
            banners.append(Banner("note", "due-soon", text))
        return banners


class Raw(str):
    """Markdown or HTML passed through a template unescaped: the user's own page, text that
    :func:`escape_markdown` already made literal, or HTML made of escaped values."""

    def __html__(self) -> str:
        return str(self)
