"""The pieces of HTML that grow with the manual: document chips, badges and report rows.

The templates lay out each generated page (title, filters, table heads); what is repeated
once per document or per clause mapping is written here in Python: a large manual has tens
of thousands of such rows and chips, and Jinja2 passes every value of a template through a
Python call to escape it, and a macro call costs more still (docs/performance.md has the
figures). Every value a user wrote is escaped by :func:`escape`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from clausebook.core.catalogue import Clause
from clausebook.core.coverage import Address, ClauseCoverage
from clausebook.core.document import Document
from clausebook.core.metadata import HistoryEntry, ReviewEntry
from clausebook.core.problems import Problem
from clausebook.core.register import Column
from clausebook.core.schedule import Review
from clausebook.render.labels import Labels
from clausebook.render.links import Links


def escape(value: object) -> str:
    """``value`` as HTML text or attribute, escaped as markupsafe (and so the templates)
    escape it; a plain string, since these pieces are joined as strings. The one HTML
    escape of clausebook's Python code (Markdown text has :func:`~clausebook.render.pages.
    escape_markdown`)."""
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


class Listings:
    """Chips, badges and report rows in one language, with one link style.

    Each piece is kept once made: a document appears on a report once per clause it maps,
    and a clause title or badge on every row of its kind.
    """

    def __init__(self, labels: Labels, links: Links) -> None:
        self.t = labels
        self.links = links
        #: Every label of the language, as text and escaped once.
        self.texts = labels.texts()
        self.label = {key: escape(value) for key, value in vars(self.texts).items()}
        self._chips: dict[tuple[str, str, str | None], Markup] = {}
        self._chip_parts: dict[str, tuple[str, str]] = {}
        self._badges: dict[str, Markup] = {}
        self._clause_titles: dict[Clause, Markup] = {}
        self._row_links: dict[str, str] = {}

    # ------------------------------------------------------------------ pieces

    def chip(self, document: Document, here: str, anchor: str | None = None) -> Markup:
        """A document's id as a link from page ``here``, with its title as tooltip.

        Kept per page and anchor; all but the link are made once per document.
        """
        key = (document.id, here, anchor)
        chip = self._chips.get(key)
        if chip is None:
            start, end = self._chip_parts.get(document.id) or self._parts_of_chip(document)
            href = escape(self.links.href(here, document.src_uri, anchor))
            chip = self._chips[key] = Markup(f"{start}{href}{end}")
        return chip

    def _parts_of_chip(self, document: Document) -> tuple[str, str]:
        meta = document.meta
        text = self.texts
        title = escape(
            f"{meta.title}{text['lparen']}{text['revision']} {meta.revision}{text['comma']}"
            f"{text['status.' + meta.status.value]}{text['rparen']}"
        )
        parts = self._chip_parts[document.id] = (
            f'<a class="cb-doc cb-doc--{meta.status.value}" data-type="{meta.type}" href="',
            f'" title="{title}">{escape(document.id)}</a>',
        )
        return parts

    def chips(self, documents: Iterable[Document], here: str) -> Markup:
        """Chips of several documents, each followed by a space."""
        return Markup("".join(f"{self.chip(d, here)} " for d in documents))

    def address_chips(self, addresses: list[Address], here: str) -> Markup:
        """The chips of the documents addressing a clause, each linking to its section."""
        return Markup(
            "".join(f"{self.chip(a.document, here, a.mapping.section)} " for a in addresses)
        )

    def why(self, row: ClauseCoverage) -> Markup:
        """What a coverage row says beside its state (see :meth:`Labels.why`). A draft is
        named, never linked: it is not part of the edition."""
        text = self.t.why(row)
        return Markup(f'<span class="cb-why">{escape(text)}</span>') if text else Markup("")

    def state_badge(self, value: str) -> Markup:
        """A coverage state as a coloured label."""
        return self._badge("state", value)

    def status_badge(self, value: str) -> Markup:
        """A document status as a coloured label."""
        return self._badge("status", value)

    def _badge(self, kind: str, value: str) -> Markup:
        key = f"{kind}.{value}"
        badge = self._badges.get(key)
        if badge is None:
            badge = self._badges[key] = Markup(
                f'<span class="cb-{kind} cb-{kind}--{escape(value)}">{self.label[key]}</span>'
            )
        return badge

    def clause_title(self, clause: Clause) -> Markup:
        """A clause's title in the reader's language, with its single-source or unverified
        mark (the reference material's caveats travel with the title)."""
        title = self._clause_titles.get(clause)
        if title is None:
            language = self.t.language
            text = escape(clause.label(language))
            if not clause.has_title_in(language):  # English in a Chinese table: say so
                text = f'<span lang="en">{text}</span>'
            for mark, symbol, shown in (
                ("english_title", "英", not clause.has_title_in(language)),
                ("single_source", "†", clause.single_source),
                ("unverified", "?", not clause.verified),
            ):
                if shown:
                    why = self.label[mark]
                    text += f' <abbr class="cb-mark" title="{why}">{symbol}</abbr>'
            title = self._clause_titles[clause] = Markup(text)
        return title

    def row_link(self, number: str) -> str:
        """A link to a clause's row of the matrix, from the matrix page itself."""
        link = self._row_links.get(number)
        if link is None:
            text = escape(number)
            link = self._row_links[number] = f'<a href="#m-{text}">{text}</a> '
        return link

    # -------------------------------------------------------------------- rows

    def register_rows(
        self,
        rows: list[tuple[dict[str, Any], Document]],
        columns: tuple[Column, ...],
        here: str,
        overdue: dict[str, int] | None = None,
    ) -> Markup:
        """The register's table rows: one per document (``rows`` as the CSV has them), a
        cell for each of the ``columns`` the page shows; ``overdue`` gives the days by which
        a document's review is late, said in words beside its next review."""
        label, chip, badge = self.label, self.chip, self.status_badge
        late = overdue or {}
        cells: dict[str, Callable[[dict[str, Any], Document, str], str]] = {
            "chip": lambda row, document, key: chip(document, here),
            "text": lambda row, document, key: escape(row[key]),
            # A type of the manual's own has its section title only.
            "type": lambda row, document, key: (
                label.get("kind." + row[key]) or label["type." + row[key]]
            ),
            "status": lambda row, document, key: badge(row[key]),
        }
        shown = [(cells[c.cell], c.key) for c in columns if c.cell is not None]

        def cell(row: dict[str, Any], document: Document, make: Any, key: str) -> str:
            text = make(row, document, key)
            if key == "next_review" and document.id in late:
                text += f" {self.overdue_note(late[document.id])}"
            return f'<td class="cb-col-{key}">{text}</td>'

        return Markup(
            "".join(
                f'<tr data-type="{escape(row["type"])}" data-status="{escape(row["status"])}"'
                f' data-owner="{escape(row["owner"])}"'
                f' data-overdue="{"yes" if document.id in late else "no"}"'
                + (f' data-unit="{escape(row["unit"])}">' if "unit" in row else ">")
                + "".join(cell(row, document, make, key) for make, key in shown)
                + "</tr>\n"
                for row, document in rows
            )
        )

    def overdue_note(self, days: int) -> str:
        """ "318 days overdue", in words and in the overdue colour."""
        text = self.t("one_day_overdue") if days == 1 else self.t("days_overdue", days=days)
        return f'<span class="cb-overdue">{escape(text)}</span>'

    def document_rows(self, documents: list[tuple[Document, str]], here: str) -> Markup:
        """The matrix's second table: each document with the clauses it addresses
        (``documents`` pairs a document with its clause links, already HTML)."""
        return Markup(
            "".join(
                f'<tr data-type="{document.meta.type}"><td>{self.chip(document, here)}</td>'
                f"<td>{escape(document.title)}</td>"
                f"<td>{self.status_badge(document.meta.status.value)}</td><td>{links}</td></tr>\n"
                for document, links in documents
            )
        )

    def address_list(self, addresses: list[Address], here: str) -> Markup:
        """The clause index's list of the documents addressing a clause, with revision and
        section."""
        if not addresses:
            return Markup("")
        label = self.label
        items = []
        for address in addresses:
            document, section = address.document, address.mapping.section
            where = (
                f"{label['comma']}{label['section']} {escape(document.section_title(section))}"
                if section
                else ""
            )
            items.append(
                f"<li>{self.chip(document, here, section)} {escape(document.title)}"
                f"{label['lparen']}{label['revision']} {escape(document.meta.revision)}"
                f"{label['rparen']}{where}</li>"
            )
        return Markup(f"<ul>{''.join(items)}</ul>")

    def _outcome(self, entry: ReviewEntry | None) -> str:
        """What a review recorded in the history found, and who reviewed: shown under the
        date of the last review."""
        if entry is None:
            return ""
        outcome = self.label[f"outcome.{entry.outcome.value}"]
        return (
            f'<br><span class="cb-review-outcome cb-review-outcome--'
            f'{entry.outcome.name.lower()}">{outcome} · {escape(entry.reviewer)}</span>'
        )

    def review_rows(self, reviews: list[Review], here: str) -> Markup:
        """The review schedule's rows of one section: one per document."""
        rows = []
        for review in reviews:
            document = review.document
            owner = escape(document.meta.owner)
            last = f"{review.last}{self._outcome(review.recorded)}"
            rows.append(
                f'<tr data-owner="{owner}"><td>{self.chip(document, here)}</td>'
                f"<td>{escape(document.title)}</td><td>{owner}</td><td>{last}</td>"
                f"<td>{review.next}</td><td>{review.days}</td></tr>\n"
            )
        return Markup("".join(rows))

    def history_rows(self, histories: list[tuple[Document, HistoryEntry]], here: str) -> Markup:
        """A first edition's What changed: one row per revision the histories record."""
        link = self.links.href
        return Markup(
            "".join(
                f"<tr><td>{entry.date}</td>"
                f'<td><a href="{escape(link(here, document.src_uri))}">{escape(document.id)}</a>'
                f"</td><td>{escape(document.title)}</td><td>{escape(entry.revision)}</td>"
                f"<td>{escape(entry.summary)}</td></tr>\n"
                for document, entry in histories
            )
        )

    def problem_rows(self, problems: list[Problem]) -> Markup:
        """The problems page's rows of one document: line, severity, code, message, fix."""
        rows = []
        for p in problems:
            severity = escape(p.severity)
            field = f"<code>{escape(p.field)}</code>: " if p.field else ""
            suggestion = f" ({escape(p.suggestion)}?)" if p.suggestion else ""
            rows.append(
                f'<tr data-code="{escape(p.code)}"><td>{p.line or ""}</td>'
                f'<td><span class="cb-severity cb-severity--{severity}">{severity}</span></td>'
                f"<td>{escape(p.code)}</td><td>{field}{escape(p.message)}{suggestion}</td>"
                f"<td>{escape(p.hint)}</td></tr>\n"
            )
        return Markup("".join(rows))
