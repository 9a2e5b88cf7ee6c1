"""The document control blocks of a document page, as HTML.

Around the author's text, every document page shows a print header (its id, revision and
status at the top of each printed sheet), the control block (banners, the "uncontrolled when
printed" footer and the table of id, revision, status, classification, owner, approver,
dates and clauses), and at the end the documents that refer to it and its revision history.

These are written in Python rather than as a template, as the report rows are (see
:mod:`listings`): they are made once per document, and as a template Jinja2 passed some 60
values a page through a Python call to escape them (docs/performance.md has the figures).
The labels are escaped once per language, each value of the document once, and each clause
link once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from clausebook.core.approvals import Approval, approval_of, entry_approval
from clausebook.core.document import Document
from clausebook.core.evidence import Evidence
from clausebook.core.metadata import HistoryEntry, Metadata, ReviewEntry
from clausebook.core.schedule import Review
from clausebook.render.listings import Listings, escape
from clausebook.render.printing import running_header


@dataclass(frozen=True)
class Banner:
    """A notice at the top of the page (obsolete, draft, overdue...): an admonition."""

    kind: str  # the admonition's type, which gives its colour and icon
    name: str
    text: str
    #: A document the text names, linked there: (its label as in ``text``, href).
    link: tuple[str, str] | None = None

    def html(self) -> str:
        """The banner's text as HTML, the document it names as a link."""
        text = escape(self.text)
        if self.link:
            label, href = (escape(part) for part in self.link)
            text = text.replace(label, f'<a href="{href}">{label}</a>', 1)
        return text


class ClauseLink(NamedTuple):
    """One clause the document addresses, linking to its row of the matrix (a tuple: each
    link is made once per document, and its HTML kept for the next document with it)."""

    number: str
    #: The title of the document's section the clause is mapped to ("" for the whole).
    section: str
    title: str
    href: str


@dataclass(frozen=True)
class Blocks:
    """The blocks of one document page, each escaped HTML."""

    head: str
    control: str
    end: str


def _or_dash(value: object) -> str:
    return escape(value) if value else "–"


class ControlBlocks:
    """Writes the blocks of document pages in one language.

    The labels, chips and badges are the ``listings``' (so a document is linked alike on
    every page).
    """

    def __init__(self, listings: Listings) -> None:
        self.texts = listings.texts
        self.label = label = listings.label
        self.chip = listings.chip
        self.status_badge = listings.status_badge
        self._clause_links: dict[ClauseLink, str] = {}
        self._history_head = (
            f'<div class="cb-history">\n<h2 id="cb-history">{label["history"]}</h2>\n<table>\n'
            f"<thead><tr><th>{label['revision']}</th><th>{label['date']}</th>"
            f"<th>{label['author']}</th><th>{label['summary']}</th>"
            f"<th>{label['approval']}</th></tr></thead>\n<tbody>\n"
        )

    def blocks(
        self,
        document: Document,
        *,
        banners: list[Banner],
        review: Review | None,
        clauses: list[tuple[str, list[ClauseLink]]],
        referrers: list[Document],
        pdf: str | None,
        units: str = "",
        readers: str = "",
    ) -> Blocks:
        """The blocks of ``document``'s page; ``clauses`` lists, by standard name, the
        clauses it addresses, ``referrers`` the documents that refer to it, ``units``
        (HTML, in a group) where it is in force, and ``readers`` (HTML) who must read it."""
        meta, text = document.meta, self.texts
        # The line that says what a sheet is: once under the title, as one element of text
        # (search indexes it with the page and shows it in the hit, and its parser pays per
        # tag, on every document page); printed, it is the header in the page margins.
        status = text[f"status.{meta.status.value}"]
        revision = f"{text['revision']} {meta.revision} · {status}"
        line = f"{document.id} · {revision}"
        return Blocks(
            # One per line: search joins the text of adjacent elements as it stands.
            head="\n".join(
                part
                for part in (
                    f'<div class="cb-print-header" aria-hidden="true">{escape(line)}</div>',
                    _subtitle(document),
                    _search_terms(document, clauses),
                )
                if part
            ),
            control=self._control(
                document,
                running_header(f"{document.id} · {document.title}", revision),
                banners,
                review,
                clauses,
                pdf,
                units,
                readers,
            ),
            end=self._end(document, referrers),
        )

    def _control(
        self,
        document: Document,
        running: str,
        banners: list[Banner],
        review: Review | None,
        clauses: list[tuple[str, list[ClauseLink]]],
        pdf: str | None,
        units: str,
        readers: str,
    ) -> str:
        label, meta = self.label, document.meta
        parts = [running]
        parts += [
            f'<div class="admonition {escape(b.kind)} cb-banner cb-banner--{escape(b.name)}">'
            f'<p class="admonition-title">{b.html()}</p></div>'
            for b in banners
        ]
        link = f' · <a class="cb-pdf" href="{escape(pdf)}">PDF</a>' if pdf else ""
        next_review = (
            f"{label['lparen']}{label['next_review']} {review.next}{label['rparen']}"
            if review
            else ""
        )
        rows = [
            _row(
                label["id"],
                f"{escape(document.id)}{link}",
                label["revision"],
                escape(meta.revision),
            ),
            _row(
                label["status"],
                self.status_badge(meta.status.value),
                label["classification"],
                label[f"classification.{meta.classification}"],
            ),
            _row(
                label["owner"],
                escape(meta.owner),
                *self._approval(approval_of(meta), document.evidence),
            ),
            _row(
                label["effective"],
                _or_dash(meta.effective),
                label["reviewed"],
                f"{_or_dash(meta.last_review)}{next_review}",
            ),
        ]
        if clauses:
            standards = "<br>".join(
                f'<span class="cb-standard">{escape(name)}</span>'
                + "".join(self._clause_link(link) for link in links)
                for name, links in clauses
            )
            rows.append(
                f'<tr><th scope="row">{label["clauses"]}</th><td colspan="3">{standards}</td></tr>'
            )
        if units:
            rows.append(
                f'<tr><th scope="row">{label["units"]}</th><td colspan="3">{units}</td></tr>'
            )
        if readers:
            rows.append(
                f'<tr><th scope="row">{label["readers"]}</th><td colspan="3">{readers}</td></tr>'
            )
        table = "\n".join(rows)
        parts.append(
            f'<table class="cb-control">\n<caption>{label["document_control"]}</caption>\n'
            f"<tbody>\n{table}\n</tbody>\n</table>"
        )
        return "\n".join(parts)

    def _clause_link(self, link: ClauseLink) -> str:
        html = self._clause_links.get(link)
        if html is None:
            html = self._clause_links[link] = (
                f' <a class="cb-clause" href="{escape(link.href)}" title="{escape(link.title)}">'
                f"{escape(link.number)}</a>"
            )
            if link.section:  # "4.4 (Process model and interfaces)": the section, not its id
                html += f' <span class="cb-section">{escape(link.section)}</span>'
                self._clause_links[link] = html
        return html

    def _end(self, document: Document, referrers: list[Document]) -> str:
        label, parts = self.label, []
        if referrers:
            items = "".join(
                f"<li>{self.chip(other, document.src_uri)} {escape(other.title)}</li>\n"
                for other in referrers
            )
            parts.append(
                f'<div class="cb-referrers">\n<h2 id="cb-referenced-by">'
                f"{label['referenced_by']}</h2>\n<ul>\n{items}</ul>\n</div>"
            )
        meta = document.meta
        if meta.history:
            rows = "".join(self._history_row(meta, entry) for entry in meta.history)
            parts.append(f"{self._history_head}{rows}</tbody>\n</table>\n</div>")
        return "\n".join(parts)

    def _approval(self, approval: Approval, evidence: Evidence | None) -> tuple[str, str]:
        """The control block's approval cell: "Approved by X on D" once the approval has a
        date, else the approver (who is to approve a draft); then the commit that made the
        revision effective, with ``approvals: git``."""
        label = self.label
        if approval.on is None:
            head, text = label["approver"], _or_dash(approval.by)
        elif approval.by:
            by = escape(approval.by)
            head, text = label["approval"], label["approved_by_on"].format(by=by, date=approval.on)
        else:
            head, text = label["approval"], label["approved_on"].format(date=approval.on)
        if evidence is None:
            return head, text
        commit = evidence.commit
        if commit is None:
            note = label[f"commit_missing.{evidence.missing}"]
        else:
            note = label["committed"].format(
                hash=f"<code>{escape(commit.short)}</code>",
                author=escape(commit.author),
                date=commit.date,
            )
        return head, f'{text}<br><span class="cb-commit">{note}</span>'

    def _history_row(self, meta: Metadata, entry: HistoryEntry | ReviewEntry) -> str:
        """A revision with its approval, or a review with its reviewer and outcome."""
        if isinstance(entry, ReviewEntry):
            outcome = self.label[f"outcome.{entry.outcome.value}"]
            found = f"{outcome}: {escape(entry.summary)}" if entry.summary else outcome
            return (
                f'<tr class="cb-history--review"><td>{self.label["review_entry"]}</td>'
                f"<td>{entry.date}</td><td>{escape(entry.reviewer)}</td><td>{found}</td>"
                "<td></td></tr>\n"
            )
        approval = entry_approval(meta, entry)
        approved = ", ".join(escape(v) for v in (approval.by, approval.on) if v)
        return (
            f"<tr><td>{escape(entry.revision)}</td><td>{entry.date}</td>"
            f"<td>{escape(entry.author or '')}</td><td>{escape(entry.summary)}</td>"
            f"<td>{approved}</td></tr>\n"
        )


def _subtitle(document: Document) -> str:
    """The title in the other language, under the page title."""
    meta = document.meta
    shown = [(lang, t) for lang, t in (("zh", meta.title_zh), ("en", meta.title_en)) if t]
    return "".join(
        f'<p class="cb-subtitle" lang="{lang}">{escape(title)}</p>' for lang, title in shown
    )


def _search_terms(document: Document, clauses: list[tuple[str, list[ClauseLink]]]) -> str:
    """What search should find the page by beyond its text: the clause numbers it addresses
    (8.6.1, A.5.23) and its keywords. Search indexes it with the page's first section; the
    reader sees them in the control block and the register instead."""
    terms = [link.number for _, links in clauses for link in links]
    terms += document.meta.keywords
    if not terms:
        return ""
    words = " ".join(dict.fromkeys(terms))
    return f'<div class="cb-search-terms" hidden>{escape(words)}</div>'


def _row(th1: str, td1: str, th2: str, td2: str) -> str:
    return (
        f'<tr><th scope="row">{th1}</th><td>{td1}</td><th scope="row">{th2}</th><td>{td2}</td></tr>'
    )
