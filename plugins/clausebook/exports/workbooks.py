"""Workbooks an auditor can file: the register, the matrix, the Statement of Applicability.

Each has a title row (site name, edition, as-of date and a summary), human column labels in
the reader's language (``language: zh``), document titles and revisions beside their ids,
and prints landscape, fitted to the page width, with the header row repeated. Every cell is
text: revision "1.10" stays "1.10" (a CSV opened in a spreadsheet turns it into 1.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from clausebook.core.applicability import Decisions
from clausebook.core.coverage import Coverage, State
from clausebook.core.document import Document
from clausebook.core.manual import Manual
from clausebook.core.register import register_columns
from clausebook.core.required import Required, required_rows
from clausebook.core.soa import soa_rows
from clausebook.exports.formats import STATE_FILLS, neutralise
from clausebook.exports.spreadsheet import Sheet, workbook
from clausebook.render.labels import Labels


@dataclass(frozen=True)
class Heading:
    """What a workbook's title row says besides its own name and summary."""

    site: str
    edition: str | None
    as_of: dt.date

    def line(self, t: Labels, name: str, summary: str) -> str:
        edition = t("edition_named", edition=self.edition) if self.edition else t("working_copy")
        parts = [self.site, name, edition, t("as_of_date", date=self.as_of.isoformat()), summary]
        return " · ".join(p for p in parts if p)


def document_text(document: Document) -> str:
    """An id with its title and revision: what an auditor reads without the site."""
    return f"{document.id} {document.title} ({document.meta.revision})"


def register_xlsx(manual: Manual, t: Labels, heading: Heading, rows: list[dict[str, str]]) -> bytes:
    """The register as a workbook, from the ``rows`` that
    :func:`~clausebook.core.register.register_rows` made for the page, CSV and JSON."""
    columns = register_columns(manual.settings)
    show: dict[str, Callable[[str], str]] = {
        "type": lambda v: t(f"type.{v}"),
        "status": lambda v: t(f"status.{v}"),
        "classification": lambda v: t(f"classification.{v}"),
    }
    cells = [[show.get(c.key, _same)(row[c.key]) for c in columns] for row in rows]
    summary = t("register_summary", count=len(rows))
    return _workbook(
        t("register"),
        [t.cell(c.key) for c in columns],
        cells,
        heading.line(t, t("register"), summary),
    )


def matrix_xlsx(coverage: Coverage, t: Labels, heading: Heading) -> bytes:
    name = coverage.catalogue.name
    cells = []
    for row in coverage.clauses:
        cells.append(
            [
                row.clause.number,
                row.clause.label(t.language),
                t(f"state.{row.state.value}"),
                "\n".join(document_text(a.document) for a in row.addresses),
                row.justification or "",
                t.why(row),
            ]
        )
    keys = ["clause", "title", "state", "documents", "justification", "why"]
    summary = coverage_summary(coverage, t)
    return _workbook(
        name,
        [t.cell(k) for k in keys],
        cells,
        heading.line(t, t("matrix_of", name=name), summary),
        fill_column=2,
        fills={t(f"state.{s}"): colour for s, colour in STATE_FILLS.items()},
    )


def soa_xlsx(coverage: Coverage, decisions: Decisions, t: Labels, heading: Heading) -> bytes:
    name = coverage.catalogue.name
    by_id = {a.document.id: a.document for r in coverage.clauses for a in r.addresses}
    rows = soa_rows(coverage, decisions)
    cells = [
        [
            row["clause"],
            row["title"],
            t(f"yes_no.{row['applicable']}"),
            row["justification"],
            t(f"implementation.{row['status']}") if row["status"] else "",
            "\n".join(document_text(by_id[i]) for i in row["documents"].split()),
            row["owner"],
            row["operated_by"],
            row["controlled_by"],
        ]
        for row in rows
    ]
    keys = [
        "clause",
        "title",
        "applicable",
        "justification",
        "implementation",
        "documents",
        "owner",
        "operated_by",
        "controlled_by",
    ]
    applicable = sum(1 for r in rows if r["applicable"] == "yes")
    summary = t("soa_summary", applicable=applicable, excluded=len(rows) - applicable)
    soa = decisions.soa
    if soa is not None:
        summary += f" · {soa.id} {soa.title} ({soa.meta.revision})"
    return _workbook(
        name, [t.cell(k) for k in keys], cells, heading.line(t, t("soa_of", name=name), summary)
    )


def required_xlsx(required: Required, t: Labels, heading: Heading) -> bytes:
    name = required.catalogue.name
    by_key = {s.item.key: s for s in required.items}
    cells = [
        [
            row["clause"],
            t(f"kind.{row['kind']}"),
            by_key[row["key"]].item.label(t.language),
            t(f"item.{row['state']}"),
            "\n".join(document_text(d) for d, _ in by_key[row["key"]].documents),
            t.reasons(by_key[row["key"]].reasons),
            row["sources"],
        ]
        for row in required_rows(required)
    ]
    keys = ["clause", "kind", "title", "state", "documents", "why", "sources"]
    summary = t("required_summary", percent=required.percent, total=len(required.items))
    return _workbook(
        name,
        [t.cell(k) for k in keys],
        cells,
        heading.line(t, t("required_of", name=name), summary),
    )


def _same(value: str) -> str:
    return value


def coverage_summary(coverage: Coverage, t: Labels) -> str:
    """The coverage headline: one figure, or for a standard with controls listed one by one
    (27001 Annex A) one per part, never mixed."""
    parts = coverage.parts()
    if not parts:
        counts = coverage.counts
        applicable = sum(counts.values()) - counts[State.EXCLUDED]
        return t("percent_covered", percent=coverage.percent, applicable=applicable)
    return "; ".join(
        t(
            "percent_part",
            name=t(f"part.{p.key}", first=p.first, last=p.last),
            percent=p.percent,
            applicable=len(p.rows),
        )
        for p in parts
    )


def _workbook(
    name: str,
    header: list[str],
    cells: list[list[str]],
    title: str,
    *,
    fill_column: int | None = None,
    fills: dict[str, str] | None = None,
) -> bytes:
    rows = [[neutralise(value) for value in row] for row in cells]
    widths = [
        min(60, max(8, max([len(h), *(max(map(len, r[i].split("\n"))) for r in rows[:500])]) + 2))
        for i, h in enumerate(header)
    ]
    return workbook(
        Sheet(
            name=name,
            header=header,
            rows=rows,
            widths=widths,
            fill_column=fill_column,
            fills=fills or {},
            title=neutralise(title),
        )
    )
