"""Generated pages (as Markdown) and exports (as bytes), from one :class:`Manual`.

The MkDocs plugin serves these as generated files; ``clausebook pages`` writes the same
Markdown to a folder, so the manual keeps its register, matrix and schedule even without
MkDocs. Every value a user wrote is escaped by the templates' autoescape.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from clausebook.core import xrefs
from clausebook.core.applicability import Decisions
from clausebook.core.awareness import MustRead, acknowledge_link, changed, must_read
from clausebook.core.catalogue import Catalogue, RequiredKind
from clausebook.core.coverage import Coverage, State, orphans
from clausebook.core.crosswalk import concepts, sharing
from clausebook.core.document import Document
from clausebook.core.editions import SNAPSHOT_NAME, Changes, Revision
from clausebook.core.manual import Manual, coverage_of, required_of, unit_coverage_of
from clausebook.core.metadata import DocType, Outcome, Status
from clausebook.core.natural import natural_key
from clausebook.core.register import (
    MATRIX_COLUMNS,
    matrix_document,
    matrix_rows,
    register_columns,
    register_rows,
)
from clausebook.core.required import REQUIRED_COLUMNS, ItemState, Required, required_rows
from clausebook.core.schedule import HORIZONS, Review, ReviewState, bucket
from clausebook.core.soa import SOA_COLUMNS, needs_soa, soa_document, soa_rows
from clausebook.core.units import Difference, applies_to, differences
from clausebook.exports.formats import to_csv, to_ics, to_json
from clausebook.exports.pdf import pdf_uri
from clausebook.exports.workbooks import (
    Heading,
    matrix_xlsx,
    register_xlsx,
    required_xlsx,
    soa_xlsx,
)
from clausebook.render.awareness import add_must_read
from clausebook.render.compiled import bytecode_cache
from clausebook.render.control import Banner, Blocks, ClauseLink, ControlBlocks
from clausebook.render.dashboard import Operation
from clausebook.render.labels import Labels
from clausebook.render.links import Links, markdown_link_target
from clausebook.render.listings import Listings, escape
from clausebook.render.redline import redline

STATES = [
    State.COVERED.value,
    State.OTHER_PARTY.value,
    State.AT_RISK.value,
    State.UNCOVERED.value,
    State.EXCLUDED.value,
]
_H1 = re.compile(r"^#[ \t]+\S")
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

#: Where a block of generated HTML was set aside (see :class:`Renderer`); ``n`` counts the
#: blocks of one page, so the Markdown of an unchanged page stays the same from build to build.
RAW_PLACEHOLDER = "<!--clausebook:raw:{n}-->"
#: Where a cross-reference's link goes (see :meth:`Renderer.restore_xrefs`): characters of
#: Unicode's private use area, which Markdown passes through as text and no author types.
XREF_PLACEHOLDER = "\ue000{n}\ue001"
_XREF_PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally: HTML escaped, Markdown punctuation backslashed.

    ``<``, ``>`` and ``&`` become entities (Python-Markdown does not unescape ``\\<``); the
    punctuation that would start emphasis, code, links or table cells gets a backslash.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


@dataclass
class Site:
    """Everything generated for one edition: pages by source path, files by path."""

    pages: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Plan:
    """The generated pages and files of an edition, named but not yet rendered.

    The site needs every name and the navigation before anything is rendered (MkDocs lists
    the files first), and it may render them elsewhere (the plugin's background process);
    naming and rendering come from the same place, so they cannot disagree.
    """

    pages: dict[str, Callable[[], str]] = field(default_factory=dict)
    files: dict[str, Callable[[], bytes]] = field(default_factory=dict)
    #: Navigation of the reports: (title, src_uri or list of children).
    nav: list[tuple[str, Any]] = field(default_factory=list)

    def render(self) -> Site:
        return Site(
            pages={uri: make() for uri, make in self.pages.items()},
            files={uri: make() for uri, make in self.files.items()},
        )


@dataclass
class Rendered:
    """What a site shows beyond the documents' Markdown: the reports, the exports and the
    HTML blocks set aside, rendered in one go by :meth:`Renderer.render_set_aside`."""

    pages: dict[str, str]
    files: dict[str, bytes]
    heads: dict[str, str]
    raw_html: dict[str, list[str]]


class Renderer:
    """Renders a manual's pages in one language with one link style.

    With ``set_aside_html``, the blocks of HTML the templates generate (print header,
    control block, history, report tables) are kept in :attr:`heads` and :attr:`raw_html`;
    a report's Markdown holds a placeholder comment instead of each, a document's nothing
    (:meth:`frame` knows where they go). Python-Markdown then has no HTML to parse (it costs
    ten times the rest of a page), and the site puts the blocks into the rendered page. A
    document's cross-references are placeholders too, outside headings (:meth:`restore_xrefs`).
    Without it (``clausebook pages``) the Markdown holds the HTML itself, and Markdown links.
    """

    def __init__(
        self, manual: Manual, links: Links, *, set_aside_html: bool = False, site_name: str = ""
    ) -> None:
        self.manual = manual
        self.links = links
        #: What the workbooks' title rows say: the site, the edition (set by :meth:`plan`).
        self.heading = Heading(site_name, None, manual.as_of)
        self.t = Labels(manual.language)
        self.reports = manual.settings.reports_dir
        self._standard_uris: dict[str, dict[str, str]] = {}
        #: The blocks set aside, by page source path, in placeholder order.
        self.raw_html: dict[str, list[str]] | None = {} if set_aside_html else None
        #: Print headers of document pages (set aside too, see :meth:`frame`).
        self.heads: dict[str, str] = {}
        #: Each document's cross-reference links as HTML, and their labels (see
        #: :meth:`_xref_placeholder`).
        self.xref_html: dict[str, list[tuple[str, str]]] = {}
        self.listings = Listings(self.t, links)
        self.texts = self.listings.texts
        self.control_blocks = ControlBlocks(self.listings)
        #: The dashboard, problems page, status and audit calendar; records' banners.
        self.operation = Operation(self)
        self.label = self.listings.label
        #: The previous edition's changes, and this edition's name, as :meth:`plan` was told
        #: (None: a first edition, every document new).
        self.changes: Changes | None = None
        self.edition: str | None = None

    # ------------------------------------------------------------------ helpers

    def _render(self, template: str, here: str, **context: Any) -> str:
        if self.raw_html is not None:
            self.raw_html[here] = []
        return _ENV.get_template(template).render(
            t=self.t,
            L=self.texts,
            lang=self.t.language,
            here=here,
            href=self.links.href,
            listing=self.listings,
            states=STATES,
            raw=lambda caller: self._raw(here, caller()),
            **context,
        )

    def _raw(self, here: str, block: str) -> Markup:
        """A ``{% call raw() %}`` block of HTML: kept in the page, or set aside."""
        if self.raw_html is None:
            return Markup(block)
        blocks = self.raw_html[here]
        blocks.append(block.strip("\n"))
        return Markup("\n" + RAW_PLACEHOLDER.format(n=len(blocks) - 1) + "\n")

    def frame(self, uri: str, content: str) -> str:
        """A document page's HTML (as Markdown made it) with its print header after the
        title, and placeholders where its set-aside blocks go: the first before the body,
        the second after it.

        Kept out of the Markdown, these blocks cost Python-Markdown nothing (raw HTML, even
        a comment, costs it more than a paragraph); the header is put in before search
        indexes the page, the blocks (:meth:`restore_html`) after.
        """
        head = self.heads.get(uri)
        if head is None:
            return content
        end = content.find("</h1>")
        cut = end + len("</h1>") if end >= 0 else 0
        first, second = (RAW_PLACEHOLDER.format(n=n) for n in (0, 1))
        return f"{content[:cut]}\n{head}\n{first}\n{content[cut:]}\n{second}"

    def signature(self, uri: str, markdown: str) -> bytes:
        """A digest of everything a page shows: its Markdown and the blocks set aside."""
        parts = [markdown, self.heads.get(uri, ""), *(self.raw_html or {}).get(uri, [])]
        parts += [anchor for anchor, _ in self.xref_html.get(uri, [])]
        return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).digest()

    def restore_xrefs(self, uri: str, html_text: str) -> str:
        """The HTML of a document page with its cross-references' links in place.

        A reference that Markdown put inside a tag (a link title, an image's alt text) gets
        its label as text there: a link cannot go inside an attribute.
        """
        links = self.xref_html.get(uri)
        if not links:
            return html_text

        def link(match: re.Match[str]) -> str:
            n = int(match.group(1))
            if n >= len(links):  # not one of ours (private-use text): left as it is
                return match.group(0)
            start = match.start()
            in_tag = html_text.rfind("<", 0, start) > html_text.rfind(">", 0, start)
            anchor, label = links[n]
            return label if in_tag else anchor

        return _XREF_PLACEHOLDER.sub(link, html_text)

    def restore_html(self, uri: str, html_text: str) -> str:
        """The HTML of ``uri`` (as Markdown and :meth:`frame` made it) with its set-aside
        blocks back in place."""
        blocks = (self.raw_html or {}).get(uri)
        for n, block in enumerate(blocks or ()):
            # Blocks are escaped HTML: none can hold a placeholder of its own.
            html_text = html_text.replace(RAW_PLACEHOLDER.format(n=n), block)
        return html_text

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

    # ------------------------------------------------------------ document pages

    def document(self, document: Document) -> str:
        """The page of one controlled document: control block, banners, body, history.

        With ``set_aside_html`` it holds the heading and body only, and the blocks are
        rendered apart by :meth:`set_aside_blocks` (the site puts them into the HTML).
        """
        meta = document.meta
        if self.raw_html is None:
            body = xrefs.replace(document.body, lambda target: self._xref(document, target))
        else:
            self.xref_html[document.src_uri] = []
            body = xrefs.replace(
                document.body,
                lambda target: self._xref_placeholder(document, target),
                in_heading=lambda target: self._xref(document, target),
            )
        first = body.lstrip("\n").split("\n", 1)
        if first and _H1.match(first[0]):
            heading = first[0]
            body = first[1] if len(first) > 1 else ""
        else:
            heading = f"# {escape_markdown(document.label)}"
        if self.raw_html is None:
            blocks = self._blocks(document)
            head, control, end = Markup(blocks.head), Markup(blocks.control), Markup(blocks.end)
        else:
            head = control = end = Markup("")
        return _ENV.get_template("document.md.j2").render(
            document=document,
            meta=meta,
            heading=_Raw(heading),
            body=_Raw(body),
            head=head,
            control=control,
            end=end,
        )

    def set_aside_blocks(self, document: Document) -> None:
        """Render a document page's print header, control block and closing blocks into
        :attr:`heads` and :attr:`raw_html`, where :meth:`frame` and :meth:`restore_html`
        find them."""
        assert self.raw_html is not None, "without set_aside_html the blocks are inline"
        blocks = self._blocks(document)
        self.heads[document.src_uri] = blocks.head
        self.raw_html[document.src_uri] = [blocks.control, blocks.end]

    def render_set_aside(self, plan: Plan) -> Rendered:
        """Everything the site shows beside the documents' Markdown: each document's blocks,
        then every report and export of ``plan``."""
        for document in self.manual.documents:
            self.set_aside_blocks(document)
        site = plan.render()
        assert self.raw_html is not None
        return Rendered(site.pages, site.files, self.heads, self.raw_html)

    def adopt(self, rendered: Rendered) -> None:
        """Take the blocks that :meth:`render_set_aside` made (perhaps in another process)."""
        self.heads = rendered.heads
        self.raw_html = rendered.raw_html

    def _blocks(self, document: Document) -> Blocks:
        """The print header, control block and closing blocks of a document page."""
        review = self.review_by_id.get(document.id)
        clauses = []
        for catalogue in self.manual.catalogues.values():
            matrix = self.standard_uris(catalogue)["matrix"]
            links = [
                ClauseLink(
                    number=mapping.clause + (f"#{mapping.section}" if mapping.section else ""),
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
        """The documents to read in this edition (see :meth:`plan`)."""
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

    def _xref(self, document: Document, target_id: str) -> str:
        target = self.manual.by_id.get(target_id)
        if target is None:
            # Unknown, withheld or unpublished: plain text, never a link (nor a title).
            return escape_markdown(target_id)
        label = escape_markdown(target.label)
        return f"[{label}]({markdown_link_target(document.src_uri, target.src_uri)})"

    def _xref_placeholder(self, document: Document, target_id: str) -> str:
        """A cross-reference for the site: a placeholder that :meth:`restore_xrefs` turns
        into the link.

        Python-Markdown and MkDocs would parse the Markdown link, find its page and work
        out its URL for each of the thousands of references a large manual holds (a sixth
        of the time Markdown takes over its documents); the renderer knows them all
        already. The link is the one MkDocs makes of ``[ID Title](page.md)``.
        """
        target = self.manual.by_id.get(target_id)
        if target is None:
            return self._xref(document, target_id)  # plain text, as everywhere
        links = self.xref_html[document.src_uri]
        href = escape(self.links.href(document.src_uri, target.src_uri))
        label = escape(target.label)
        links.append((f'<a href="{href}">{label}</a>', label))
        return XREF_PLACEHOLDER.format(n=len(links) - 1)

    def _banners(self, document: Document, review: Review | None) -> list[Banner]:
        meta = document.meta
        banners = []
        if meta.status is Status.OBSOLETE:
            replacement = self.manual.by_id.get(meta.superseded_by or "")
            text = (
                self.t("banner.obsolete_by", target=replacement.label)
                if replacement
                else self.t("banner.obsolete")
            )
            banners.append(Banner("danger", "obsolete", text))
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
            banners.append(Banner("failure", "overdue", text))
        elif review and review.state is ReviewState.DUE_SOON:
            text = self.t("banner.due_soon", date=review.next, owner=meta.owner)
            banners.append(Banner("note", "due-soon", text))
        return banners

    # --------------------------------------------------------------- report pages

    def site(self) -> Site:
        """All report pages and exports of a first edition, rendered (see :meth:`plan`)."""
        return self.plan().render()

    def plan(
        self,
        *,
        edition: str | None = None,
        changes: Changes | None = None,
        snapshot: Callable[[], dict[str, Any]] | None = None,
    ) -> Plan:
        """All report pages and exports of the edition, named, with their navigation.

        ``changes`` compares with the previous published edition (None: the first one);
        ``snapshot`` makes this edition's record, written beside the reports.
        """
        plan = Plan()
        self.changes, self.edition = changes, edition
        for name in ("to_read", "must_read"):  # made for the previous plan, if any
            self.__dict__.pop(name, None)
        self.operation.add(plan, dt.datetime.now(dt.UTC))  # the dashboard: the reports' home
        self.heading = Heading(self.heading.site, edition, self.manual.as_of)
        self._register(plan)
        for catalogue in self.manual.catalogues.values():
            self._standard(plan, catalogue)
        if len(sharing(self.manual.catalogues.values())) > 1:
            self._integrated(plan)
        if len(self.manual.units) > 1:
            self._units(plan)
        self._reviews(plan, dt.datetime.now(dt.UTC))
        self._changes(plan, edition, changes)
        add_must_read(self, plan, edition, changes)
        if snapshot is not None:
            plan.files[self.uri(SNAPSHOT_NAME)] = lambda: to_json(snapshot())
        return plan

    def _changes(self, plan: Plan, edition: str | None, changes: Changes | None) -> None:
        here = self.uri("changes.md")
        redlines = {}
        for revision in changes.revised if changes else []:
            uri = self.uri("changes", f"{slug_of(revision.id)}.md")
            redlines[revision.id] = uri
            plan.pages[uri] = functools.partial(self._redline, uri, revision)
        plan.pages[here] = lambda: self._render(
            "changes.md.j2",
            here,
            edition=edition,
            changes=changes,
            redlines=redlines,
            link=self._linker(here),
            names={c.id: c.name for c in self.manual.catalogues.values()},
        )
        plan.nav.append((self.t("changes"), here))

    def _redline(self, here: str, revision: Revision) -> str:
        return self._render(
            "redline.md.j2",
            here,
            revision=revision,
            diff=_Raw(redline(revision.old_body, revision.new_body)),
            link=self._linker(here),
        )

    def _linker(self, here: str) -> Callable[[str], Markup]:
        """Link to a document by id when it has a page in this edition, else plain text."""

        def link(doc_id: str) -> Markup:
            document = self.manual.by_id.get(doc_id)
            if document is None:
                return Markup.escape(doc_id)
            return Markup('<a href="{}">{}</a>').format(
                self.links.href(here, document.src_uri), doc_id
            )

        return link

    def _register(self, plan: Plan) -> None:
        here = self.uri("register.md")
        files = {
            "csv": self.uri("register.csv"),
            "json": self.uri("register.json"),
            "xlsx": self.uri("register.xlsx"),
        }
        rows = functools.cache(lambda: register_rows(self.manual))
        columns = register_columns(self.manual.settings)
        by_id = self.manual.by_id
        plan.pages[here] = lambda: self._render(
            "register.md.j2",
            here,
            rows=[(row, by_id[row["id"]]) for row in rows()],
            columns=columns,
            files=files,
        )
        plan.files[files["csv"]] = lambda: to_csv(rows(), [c.key for c in columns])
        plan.files[files["json"]] = lambda: to_json({"documents": rows()})
        plan.files[files["xlsx"]] = lambda: register_xlsx(self.manual, self.t, self.heading)
        plan.nav.append((self.t("register"), here))

    def _standard(self, plan: Plan, catalogue: Catalogue) -> None:
        uris = self.standard_uris(catalogue)
        rows = functools.cache(lambda: matrix_rows(self.coverages[catalogue.id]))
        plan.pages[uris["coverage"]] = lambda: self._coverage_page(catalogue)
        plan.pages[uris["matrix"]] = lambda: self._matrix_page(catalogue)
        plan.pages[uris["clauses"]] = lambda: self._render(
            "clauses.md.j2", uris["clauses"], **self._common(catalogue)
        )
        plan.files[uris["csv"]] = lambda: to_csv(rows(), MATRIX_COLUMNS)
        plan.files[uris["xlsx"]] = lambda: matrix_xlsx(
            self.coverages[catalogue.id], self.t, self.heading
        )
        plan.files[uris["json"]] = lambda: to_json(matrix_document(self.coverages[catalogue.id]))
        reports = [
            (self.t("coverage"), uris["coverage"]),
            (self.t("matrix"), uris["matrix"]),
            (self.t("clause_index"), uris["clauses"]),
        ]
        decisions = self.manual.decisions[catalogue.id]
        if needs_soa(self.coverages[catalogue.id], decisions):
            self._soa(plan, catalogue, decisions)
            reports.append((self.t("soa"), uris["soa"]))
        if catalogue.required:
            self._required(plan, catalogue)
            reports.append((self.t("required"), uris["required"]))
        plan.nav.append((catalogue.name, reports))

    def _soa(self, plan: Plan, catalogue: Catalogue, decisions: Decisions) -> None:
        """The Statement of Applicability of one standard: a page and its exports."""
        uris = self.standard_uris(catalogue)
        rows = functools.cache(lambda: soa_rows(self.coverages[catalogue.id], decisions))
        plan.pages[uris["soa"]] = lambda: self._soa_page(catalogue, decisions, rows())
        plan.files[uris["soa_csv"]] = lambda: to_csv(rows(), SOA_COLUMNS)
        plan.files[uris["soa_json"]] = lambda: to_json(
            soa_document(self.coverages[catalogue.id], decisions)
        )
        plan.files[uris["soa_xlsx"]] = lambda: soa_xlsx(
            self.coverages[catalogue.id], decisions, self.t, self.heading
        )

    def _soa_page(
        self, catalogue: Catalogue, decisions: Decisions, rows: list[dict[str, str]]
    ) -> str:
        by_number = self.coverages[catalogue.id].by_number
        applicable = sum(1 for r in rows if r["applicable"] == "yes")
        soa = decisions.soa
        return self._render(
            "soa.md.j2",
            self.standard_uris(catalogue)["soa"],
            rows=[(row, by_number[row["clause"]]) for row in rows],
            soa=soa,
            soa_linked=soa is not None and soa.id in self.manual.by_id,
            applicable=applicable,
            excluded=len(rows) - applicable,
            **self._common(catalogue),
        )

    def _required(self, plan: Plan, catalogue: Catalogue) -> None:
        """The required documented information of one standard: a page and its exports."""
        uris = self.standard_uris(catalogue)
        required = functools.cache(lambda: required_of(self.manual, catalogue.id))
        plan.pages[uris["required"]] = lambda: self._required_page(catalogue, required())
        plan.files[uris["required_csv"]] = lambda: to_csv(
            required_rows(required()), REQUIRED_COLUMNS
        )
        plan.files[uris["required_json"]] = lambda: to_json(
            {"standard": catalogue.id, "items": required_rows(required())}
        )
        plan.files[uris["required_xlsx"]] = lambda: required_xlsx(required(), self.t, self.heading)

    def _required_page(self, catalogue: Catalogue, required: Required) -> str:
        groups = [
            (kind.value, [s for s in required.items if s.item.kind is kind])
            for kind in RequiredKind
        ]
        return self._render(
            "required.md.j2",
            self.standard_uris(catalogue)["required"],
            required=required,
            counts=required.counts,
            item_states=[s.value for s in ItemState],
            groups=[(kind, items) for kind, items in groups if items],
            state_class={
                "met": "covered",
                "at-risk": "at-risk",
                "missing": "uncovered",
                "not-applicable": "excluded",
            },
            **self._common(catalogue),
        )

    def _common(self, catalogue: Catalogue) -> dict[str, Any]:
        return {
            "catalogue": catalogue,
            "coverage": self.coverages[catalogue.id],
            "files": self.standard_uris(catalogue),
        }

    def _coverage_page(self, catalogue: Catalogue) -> str:
        coverage = self.coverages[catalogue.id]
        counts = coverage.counts
        return self._render(
            "coverage.md.j2",
            self.standard_uris(catalogue)["coverage"],
            counts=counts,
            applicable=sum(counts.values()) - counts[State.EXCLUDED],
            gaps=coverage.gaps(),
            groups=coverage.groups(),
            excluded=[c for c in coverage.assessable() if c.state is State.EXCLUDED],
            parts=coverage.parts(),
            refused=sorted(
                self.manual.decisions[catalogue.id].refused.items(),
                key=lambda item: natural_key(item[0]),
            ),
            rule=catalogue.applicability.text(self.t.language),
            orphans=orphans(self.manual.documents),
            **self._common(catalogue),
        )

    def _matrix_page(self, catalogue: Catalogue) -> str:
        by_document: dict[str, list[str]] = {}
        for document in self.manual.documents:
            numbers = [m.clause for m in document.mappings if m.standard == catalogue.id]
            if numbers:
                by_document[document.id] = sorted(set(numbers), key=natural_key)
        documents = self.manual.by_id
        return self._render(
            "matrix.md.j2",
            self.standard_uris(catalogue)["matrix"],
            types=[t.value for t in DocType],
            group_of=_group_of(catalogue),
            by_document=[
                (documents[i], "".join(self.listings.row_link(number) for number in numbers))
                for i, numbers in by_document.items()
            ],
            **self._common(catalogue),
        )

    def _integrated(self, plan: Plan) -> None:
        here = self.uri("integrated.md")
        plan.pages[here] = lambda: self._integrated_page(here)
        plan.nav.append((self.t("cross_standard"), here))

    def _integrated_page(self, here: str) -> str:
        catalogues = sharing(self.manual.catalogues.values())
        rows = []
        for concept in concepts(catalogues):
            cells = []
            for catalogue in catalogues:
                number = concept.clauses.get(catalogue.id)
                row = self.coverages[catalogue.id].by_number.get(number or "")
                if row is None:
                    cells.append(None)
                    continue
                below = [row.clause.number, *catalogue.descendants(row.clause.number)]
                documents = {}
                for n in below:
                    for a in self.coverages[catalogue.id].by_number[n].addresses:
                        documents[a.document.id] = a.document
                cells.append(
                    {
                        "number": row.clause.number,
                        "state": row.state,
                        "documents": sorted(documents.values(), key=lambda d: natural_key(d.id)),
                        "clauses_uri": self.standard_uris(catalogue)["clauses"],
                    }
                )
            states = {c["state"] for c in cells if c}
            title = concept.label(self.t.language)
            imbalance = State.COVERED in states and bool(states & {State.UNCOVERED, State.AT_RISK})
            rows.append({"title": title, "cells": cells, "imbalance": imbalance})
        return self._render("integrated.md.j2", here, catalogues=catalogues, rows=rows)

    def _units(self, plan: Plan) -> None:
        here = self.uri("units.md")
        plan.pages[here] = lambda: self._units_page(here)
        plan.nav.append((self.t("units_report"), here))

    def _units_page(self, here: str) -> str:
        """Each unit's documents and coverage, and the clauses whose state differs between
        units ("8.5.1.3: uncovered in LDN only")."""
        manual, views = self.manual, self.manual.units
        standards = []
        for catalogue in manual.catalogues.values():
            coverages = {
                code: unit_coverage_of(manual, code, catalogue.id)
                for code, view in views.items()
                if view.unit.standards is None or catalogue.id in view.unit.standards
            }
            rows = [
                (difference, self._difference_text(difference, len(coverages)))
                for difference in differences(coverages)
            ]
            standards.append((catalogue, coverages, rows))
        return self._render(
            "units.md.j2",
            here,
            views=list(views.values()),
            standards=standards,
            clauses_uri=lambda catalogue: self.standard_uris(catalogue)["clauses"],
        )

    def _difference_text(self, difference: Difference, units: int) -> str:
        parts = []
        for state, codes in difference.by_state():
            if state is State.COVERED:
                continue
            key = "units_only" if len(codes) < units else "units_in"
            parts.append(self.t(key, state=self.t(f"state.{state.value}"), units=", ".join(codes)))
        return "; ".join(parts)

    def _reviews(self, plan: Plan, now: dt.datetime) -> None:
        here = self.uri("reviews.md")
        files = {"ics": self.uri("reviews.ics")}
        plan.pages[here] = lambda: self._reviews_page(here, files)
        plan.files[files["ics"]] = lambda: to_ics(
            [self._event(r) for r in self.reviews], self.t("reviews"), now
        )
        plan.nav.append((self.t("reviews"), here))

    def _reviews_page(self, here: str, files: dict[str, str]) -> str:
        groups: dict[str, list[Review]] = {"overdue": [], "later": []}
        groups.update({str(h): [] for h in HORIZONS})
        for review in self.reviews:
            groups[bucket(review)].append(review)
        sections = [("overdue", self.t("overdue"), groups["overdue"])]
        sections += [(str(h), self.t(f"due_{h}"), groups[str(h)]) for h in HORIZONS]
        sections.append(("later", self.t("due_later"), groups["later"]))
        owners = sorted({r.document.meta.owner for r in self.reviews}, key=str.casefold)
        outcomes = [r.recorded.outcome for r in self.reviews if r.recorded]
        return self._render(
            "reviews.md.j2",
            here,
            recorded={
                "count": len(outcomes),
                "no_change": outcomes.count(Outcome.NO_CHANGE),
                "change_needed": outcomes.count(Outcome.CHANGE_NEEDED),
            },
            sections=sections,
            owners=owners,
            as_of=self.manual.as_of,
            files=files,
        )

    def _event(self, review: Review) -> dict[str, Any]:
        meta = review.document.meta
        return {
            "uid": f"review-{meta.id}-{review.next.isoformat()}@clausebook",
            "date": review.next,
            "summary": self.t("review_event", id=meta.id, title=meta.title),
            "description": (
                f"{self.t('owner')}: {meta.owner}\n{self.t('revision')}: {meta.revision}\n"
                f"{self.t('reviewed')}: {review.last}"
            ),
        }


class _Raw(str):
    """Markdown passed through the template unescaped: the user's own page, or text that
    :func:`escape_markdown` already made literal."""

    def __html__(self) -> str:
        return str(self)


def slug_of(doc_id: str) -> str:
    """File name for pages named after a document id (ids are already URL-safe)."""
    return doc_id.lower()


def _group_of(catalogue: Catalogue) -> Callable[[str], str]:
    def group(number: str) -> str:
        clause = catalogue.clauses[number]
        while clause.parent:
            clause = catalogue.clauses[clause.parent]
        return clause.number

    return group
