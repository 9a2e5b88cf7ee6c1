"""The report catalogue: every generated page and export beside the documents' own pages.

Each report is one function that names its pages and files in a :class:`Plan`, with how to
render each (a template of ``templates/``) and its place in the navigation; :data:`REPORTS`
lists them in the order the navigation shows them. To add a report page, write its
template, a function here that adds it to the plan, and its entry in :data:`REPORTS` (see
docs/reference/architecture.md, "Add a report page").
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from clausebook.core.applicability import Decisions
from clausebook.core.catalogue import Catalogue, RequiredKind
from clausebook.core.coverage import State, orphans
from clausebook.core.crosswalk import concepts, sharing
from clausebook.core.document import Document
from clausebook.core.editions import SNAPSHOT_NAME, Changes, Revision
from clausebook.core.manual import Manual, required_of, unit_coverage_of
from clausebook.core.metadata import Outcome, Status
from clausebook.core.natural import natural_key
from clausebook.core.register import (
    MATRIX_COLUMNS,
    Column,
    matrix_document,
    matrix_rows,
    register_columns,
    register_rows,
)
from clausebook.core.required import REQUIRED_COLUMNS, ItemState, Required, required_rows
from clausebook.core.schedule import HORIZONS, Review, ReviewState, bucket
from clausebook.core.soa import SOA_COLUMNS, needs_soa, soa_document, soa_rows
from clausebook.core.units import Difference, differences
from clausebook.exports.formats import to_csv, to_ics, to_json
from clausebook.exports.workbooks import (
    Heading,
    matrix_xlsx,
    register_xlsx,
    required_xlsx,
    soa_xlsx,
)
from clausebook.render.addresses import ADDRESSES, addresses_page
from clausebook.render.awareness import add_must_read
from clausebook.render.labels import Labels
from clausebook.render.links import Links
from clausebook.render.listings import escape
from clausebook.render.pages import Plan, Raw, Renderer, ReportPage
from clausebook.render.redline import redline

Report = Callable[[Renderer, Plan], None]


def register(r: Renderer, plan: Plan) -> None:
    """The document register (master list), as a page, CSV and JSON."""
    here = r.uri("register.md")
    files = {
        "csv": r.uri("register.csv"),
        "json": r.uri("register.json"),
        "xlsx": r.uri("register.xlsx"),
    }
    rows = functools.cache(lambda: register_rows(r.manual))
    columns = register_columns(r.manual.settings)
    plan.pages[here] = lambda: _register_page(r, here, files, rows(), columns)
    keys = [c.key for c in columns]
    plan.files[files["csv"]] = lambda: to_csv(
        r.exported.rows(rows(), keys), keys, r.exported.heads(keys)
    )
    plan.files[files["json"]] = lambda: to_json({"documents": rows()})
    plan.files[files["xlsx"]] = lambda: register_xlsx(r.manual, r.t, r.heading, rows())
    plan.nav.append((r.t("register"), here))


def _register_page(
    r: Renderer,
    here: str,
    files: dict[str, str],
    rows: list[dict[str, str]],
    columns: tuple[Column, ...],
) -> ReportPage:
    """The register with its filters (type, status, owner, overdue) and sortable heads."""
    documents = [r.manual.by_id[row["id"]] for row in rows]
    overdue = {v.document.id: v.overdue_days for v in r.reviews if v.overdue_days}
    return r.render(
        "register.md.j2",
        here,
        rows=list(zip(rows, documents, strict=True)),
        columns=columns,
        files=files,
        overdue=overdue,
        types=[
            (t, r.texts.__dict__.get(f"kind.{t}") or r.t(f"type.{t}"))
            for t in dict.fromkeys(str(d.meta.type) for d in documents)
        ],
        statuses=[s.value for s in Status if any(d.meta.status is s for d in documents)],
        owners=sorted({d.meta.owner for d in documents}, key=str.casefold),
        units=sorted({row["unit"] for row in rows if "unit" in row}, key=natural_key),
    )


def standards(r: Renderer, plan: Plan) -> None:
    """For each standard in scope: coverage, matrix and clause index, the matrix as CSV,
    XLSX and JSON."""
    for catalogue in r.manual.catalogues.values():
        _standard(r, plan, catalogue)


def _standard(r: Renderer, plan: Plan, catalogue: Catalogue) -> None:
    uris = r.standard_uris(catalogue)
    rows = functools.cache(lambda: matrix_rows(r.coverages[catalogue.id]))
    plan.pages[uris["coverage"]] = lambda: _coverage_page(r, catalogue)
    plan.pages[uris["matrix"]] = lambda: _matrix_page(r, catalogue)
    plan.pages[uris["clauses"]] = lambda: r.render(
        "clauses.md.j2", uris["clauses"], **_common(r, catalogue)
    )
    plan.files[uris["csv"]] = lambda: to_csv(
        r.exported.rows(rows(), MATRIX_COLUMNS), MATRIX_COLUMNS, r.exported.heads(MATRIX_COLUMNS)
    )
    plan.files[uris["xlsx"]] = lambda: matrix_xlsx(r.coverages[catalogue.id], r.t, r.heading)
    plan.files[uris["json"]] = lambda: to_json(matrix_document(r.coverages[catalogue.id]))
    pages = [
        (r.t("coverage"), uris["coverage"]),
        (r.t("matrix"), uris["matrix"]),
        (r.t("clause_index"), uris["clauses"]),
    ]
    decisions = r.manual.decisions[catalogue.id]
    if needs_soa(r.coverages[catalogue.id], decisions):
        _soa(r, plan, catalogue, decisions)
        pages.append((r.t("soa"), uris["soa"]))
    if catalogue.required:
        _required(r, plan, catalogue)
        pages.append((r.t("required"), uris["required"]))
    plan.nav.append((catalogue.name, pages))


def _soa(r: Renderer, plan: Plan, catalogue: Catalogue, decisions: Decisions) -> None:
    """The Statement of Applicability of one standard: a page and its exports."""
    uris = r.standard_uris(catalogue)
    rows = functools.cache(lambda: soa_rows(r.coverages[catalogue.id], decisions))
    plan.pages[uris["soa"]] = lambda: _soa_page(r, catalogue, decisions, rows())
    plan.files[uris["soa_csv"]] = lambda: to_csv(rows(), SOA_COLUMNS)
    plan.files[uris["soa_json"]] = lambda: to_json(
        soa_document(r.coverages[catalogue.id], decisions)
    )
    plan.files[uris["soa_xlsx"]] = lambda: soa_xlsx(
        r.coverages[catalogue.id], decisions, r.t, r.heading
    )


def _soa_page(
    r: Renderer, catalogue: Catalogue, decisions: Decisions, rows: list[dict[str, str]]
) -> ReportPage:
    by_number = r.coverages[catalogue.id].by_number
    applicable = sum(1 for row in rows if row["applicable"] == "yes")
    soa = decisions.soa
    return r.render(
        "soa.md.j2",
        r.standard_uris(catalogue)["soa"],
        rows=[(row, by_number[row["clause"]]) for row in rows],
        soa=soa,
        soa_linked=soa is not None and soa.id in r.manual.by_id,
        applicable=applicable,
        excluded=len(rows) - applicable,
        **_common(r, catalogue),
    )


def _required(r: Renderer, plan: Plan, catalogue: Catalogue) -> None:
    """The required documented information of one standard: a page and its exports."""
    uris = r.standard_uris(catalogue)
    required = functools.cache(lambda: required_of(r.manual, catalogue.id))
    plan.pages[uris["required"]] = lambda: _required_page(r, catalogue, required())
    plan.files[uris["required_csv"]] = lambda: to_csv(required_rows(required()), REQUIRED_COLUMNS)
    plan.files[uris["required_json"]] = lambda: to_json(
        {"standard": catalogue.id, "items": required_rows(required())}
    )
    plan.files[uris["required_xlsx"]] = lambda: required_xlsx(required(), r.t, r.heading)


def _required_page(r: Renderer, catalogue: Catalogue, required: Required) -> ReportPage:
    groups = [
        (kind.value, [s for s in required.items if s.item.kind is kind]) for kind in RequiredKind
    ]
    return r.render(
        "required.md.j2",
        r.standard_uris(catalogue)["required"],
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
        **_common(r, catalogue),
    )


def _common(r: Renderer, catalogue: Catalogue) -> dict[str, Any]:
    return {
        "catalogue": catalogue,
        "coverage": r.coverages[catalogue.id],
        "files": r.standard_uris(catalogue),
    }


def _coverage_page(r: Renderer, catalogue: Catalogue) -> ReportPage:
    coverage = r.coverages[catalogue.id]
    counts = coverage.counts
    return r.render(
        "coverage.md.j2",
        r.standard_uris(catalogue)["coverage"],
        counts=counts,
        applicable=sum(counts.values()) - counts[State.EXCLUDED],
        gaps=coverage.gaps(),
        groups=coverage.groups(),
        excluded=[c for c in coverage.assessable() if c.state is State.EXCLUDED],
        parts=coverage.parts(),
        refused=sorted(
            r.manual.decisions[catalogue.id].refused.items(),
            key=lambda item: natural_key(item[0]),
        ),
        rule=catalogue.applicability.text(r.t.language),
        orphans=orphans(r.manual.documents),
        **_common(r, catalogue),
    )


def _matrix_page(r: Renderer, catalogue: Catalogue) -> ReportPage:
    by_document: dict[str, list[str]] = {}
    for document in r.manual.documents:
        numbers = [m.clause for m in document.mappings if m.standard == catalogue.id]
        if numbers:
            by_document[document.id] = sorted(set(numbers), key=natural_key)
    documents = r.manual.by_id
    return r.render(
        "matrix.md.j2",
        r.standard_uris(catalogue)["matrix"],
        types=list(r.manual.settings.doc_types),
        group_of=_group_of(catalogue),
        by_document=[
            (documents[i], "".join(r.listings.row_link(number) for number in numbers))
            for i, numbers in by_document.items()
        ],
        **_common(r, catalogue),
    )


def _group_of(catalogue: Catalogue) -> Callable[[str], str]:
    def group(number: str) -> str:
        clause = catalogue.clauses[number]
        while clause.parent:
            clause = catalogue.clauses[clause.parent]
        return clause.number

    return group


def integrated(r: Renderer, plan: Plan) -> None:
    """The concepts the standards in scope share, side by side (when two or more share)."""
    if len(sharing(r.manual.catalogues.values())) < 2:
        return
    here = r.uri("integrated.md")
    plan.pages[here] = lambda: _integrated_page(r, here)
    plan.nav.append((r.t("cross_standard"), here))


def _integrated_page(r: Renderer, here: str) -> ReportPage:
    catalogues = sharing(r.manual.catalogues.values())
    rows = []
    for concept in concepts(catalogues):
        cells = []
        for catalogue in catalogues:
            number = concept.clauses.get(catalogue.id)
            row = r.coverages[catalogue.id].by_number.get(number or "")
            if row is None:
                cells.append(None)
                continue
            below = [row.clause.number, *catalogue.descendants(row.clause.number)]
            documents = {}
            for n in below:
                for a in r.coverages[catalogue.id].by_number[n].addresses:
                    documents[a.document.id] = a.document
            cells.append(
                {
                    "number": row.clause.number,
                    "state": row.state,
                    "documents": sorted(documents.values(), key=lambda d: natural_key(d.id)),
                    "clauses_uri": r.standard_uris(catalogue)["clauses"],
                }
            )
        states = {c["state"] for c in cells if c}
        imbalance = State.COVERED in states and bool(states & {State.UNCOVERED, State.AT_RISK})
        rows.append({"title": concept.label(r.t.language), "cells": cells, "imbalance": imbalance})
    return r.render("integrated.md.j2", here, catalogues=catalogues, rows=rows)


def units(r: Renderer, plan: Plan) -> None:
    """A group's units side by side: documents, coverage, and the clauses whose state
    differs between units (when the manual has more than one unit)."""
    if len(r.manual.units) < 2:
        return
    here = r.uri("units.md")
    plan.pages[here] = lambda: _units_page(r, here)
    plan.nav.append((r.t("units_report"), here))


def _units_page(r: Renderer, here: str) -> ReportPage:
    """Each unit's documents and coverage, and the clauses whose state differs between
    units ("8.5.1.3: uncovered in LDN only")."""
    manual, views = r.manual, r.manual.units
    standards = []
    for catalogue in manual.catalogues.values():
        coverages = {
            code: unit_coverage_of(manual, code, catalogue.id)
            for code, view in views.items()
            if view.unit.standards is None or catalogue.id in view.unit.standards
        }
        rows = [
            (difference, _difference_text(r, difference, len(coverages)))
            for difference in differences(coverages)
        ]
        standards.append((catalogue, coverages, rows))
    return r.render(
        "units.md.j2",
        here,
        views=list(views.values()),
        standards=standards,
        clauses_uri=lambda catalogue: r.standard_uris(catalogue)["clauses"],
    )


def _difference_text(r: Renderer, difference: Difference, units: int) -> str:
    parts = []
    for state, codes in difference.by_state():
        if state is State.COVERED:
            continue
        key = "units_only" if len(codes) < units else "units_in"
        parts.append(r.t(key, state=r.t(f"state.{state.value}"), units=", ".join(codes)))
    return "; ".join(parts)


def reviews(r: Renderer, plan: Plan) -> None:
    """The review schedule, as a page and a calendar (ICS)."""
    here = r.uri("reviews.md")
    files = {"ics": r.uri("reviews.ics")}
    plan.pages[here] = lambda: _reviews_page(r, here, files)
    plan.files[files["ics"]] = lambda: review_calendar(r.manual, r.reviews, r.t, r.links)
    plan.nav.append((r.t("reviews"), here))


def _reviews_page(r: Renderer, here: str, files: dict[str, str]) -> ReportPage:
    groups: dict[str, list[Review]] = {"overdue": [], "later": []}
    groups.update({str(h): [] for h in HORIZONS})
    for review in r.reviews:
        groups[bucket(review)].append(review)
    sections = [("overdue", r.t("overdue"), groups["overdue"])]
    sections += [(str(h), r.t(f"due_{h}"), groups[str(h)]) for h in HORIZONS]
    sections.append(("later", r.t("due_later"), groups["later"]))
    owners = sorted({review.document.meta.owner for review in r.reviews}, key=str.casefold)
    outcomes = [review.recorded.outcome for review in r.reviews if review.recorded]
    return r.render(
        "reviews.md.j2",
        here,
        recorded={
            "count": len(outcomes),
            "no_change": outcomes.count(Outcome.NO_CHANGE),
            "change_needed": outcomes.count(Outcome.CHANGE_NEEDED),
        },
        sections=sections,
        owners=owners,
        as_of=r.manual.as_of,
        files=files,
    )


def review_calendar(manual: Manual, reviews: list[Review], t: Labels, links: Links) -> bytes:
    """``reviews`` as a calendar (``reviews.ics``), the site's and ``clausebook review
    --format ics`` alike: an all-day event on each due date, an overdue one marked, linked to
    its document (with a ``site_url``), with a reminder ``review.reminder_days`` before;
    stamped with the as-of date, so the same manual on the same date gives the same bytes."""
    stamp = dt.datetime.combine(manual.as_of, dt.time(), dt.UTC)
    reminder = manual.settings.review.reminder_days
    return to_ics(review_events(reviews, t, links, reminder), t("reviews"), stamp)


def review_events(
    reviews: list[Review], t: Labels, links: Links | None = None, reminder: int | None = None
) -> list[dict[str, Any]]:
    """The calendar's events: one all-day event per next review."""
    events = []
    for review in reviews:
        meta = review.document.meta
        overdue = review.state is ReviewState.OVERDUE
        events.append(
            {
                "uid": f"review-{meta.id}-{review.next.isoformat()}@clausebook",
                "date": review.next,
                "summary": t(
                    "review_event_overdue" if overdue else "review_event",
                    id=meta.id,
                    title=meta.title,
                ),
                "description": (
                    f"{t('owner')}: {meta.owner}\n{t('revision')}: {meta.revision}\n"
                    f"{t('reviewed')}: {review.last}"
                ),
                "url": links.absolute(review.document.src_uri) if links else None,
                "alarm_days": reminder,
            }
        )
    return events


def changes(r: Renderer, plan: Plan) -> None:
    """What changed since the previous published edition, with a redline per revised
    document."""
    here = r.uri("changes.md")
    redlines = {}
    for revision in plan.changes.revised if plan.changes else []:
        uri = r.uri("changes", f"{slug_of(revision.id)}.md")
        redlines[revision.id] = uri
        plan.pages[uri] = functools.partial(_redline_page, r, uri, revision)
    edition, compared = plan.edition, plan.changes
    plan.pages[here] = lambda: r.render(
        "changes.md.j2",
        here,
        edition=edition,
        changes=compared,
        histories=_histories(r) if compared is None else [],
        redlines=redlines,
        link=_linker(r, here),
        names={c.id: c.name for c in r.manual.catalogues.values()},
    )
    plan.nav.append((r.t("changes"), here))


def _redline_page(r: Renderer, here: str, revision: Revision) -> ReportPage:
    return r.render(
        "redline.md.j2",
        here,
        revision=revision,
        diff=Raw(redline(revision.old_body, revision.new_body, r.texts)),
        link=_linker(r, here),
    )


def _histories(r: Renderer) -> list[tuple[Document, Any]]:
    """Every revision the documents' histories record, newest first: what a first edition
    has to say about what changed."""
    entries = [(d, h) for d in r.manual.documents for h in d.meta.history]
    return sorted(entries, key=lambda e: (e[1].date, natural_key(e[0].id)), reverse=True)


def addresses(r: Renderer, plan: Plan) -> None:
    """The documents' stable addresses, ``id/#<ID>``, on one page (see :mod:`addresses`):
    the documents of this edition only; plain Markdown has no pages to send a browser to."""
    if r.links.markdown:
        return
    href = functools.partial(r.links.href, ADDRESSES)
    plan.files[ADDRESSES] = functools.partial(addresses_page, r.manual.documents, href, r.t)


def _linker(r: Renderer, here: str) -> Callable[[str], Markup]:
    """Link to a document by id when it has a page in this edition, else plain text."""

    def link(doc_id: str) -> Markup:
        document = r.manual.by_id.get(doc_id)
        if document is None:
            return Markup(escape(doc_id))
        return Markup('<a href="{}">{}</a>').format(r.links.href(here, document.src_uri), doc_id)

    return link


def slug_of(doc_id: str) -> str:
    """File name for pages named after a document id (ids are already URL-safe)."""
    return doc_id.lower()


def dashboard(r: Renderer, plan: Plan) -> None:
    """The dashboard (the reports' home), the problems page, the status and audit calendar."""
    r.operation.add(plan, dt.datetime.now(dt.UTC))


def must_read(r: Renderer, plan: Plan) -> None:
    """What each role must read in this edition."""
    add_must_read(r, plan, plan.edition, plan.changes)


#: Every report, in the order of the navigation.
REPORTS: list[Report] = [
    dashboard,
    register,
    standards,
    integrated,
    units,
    reviews,
    changes,
    must_read,
    addresses,
]


def plan(
    renderer: Renderer,
    *,
    edition: str | None = None,
    compared: Changes | None = None,
    snapshot: Callable[[], dict[str, Any]] | None = None,
) -> Plan:
    """All report pages and exports of the edition, named, with their navigation.

    ``compared`` is the comparison with the previous published edition (None: the first
    one); ``snapshot`` makes this edition's record, written beside the reports.
    """
    made = Plan(edition=edition, changes=compared)
    renderer.changes, renderer.edition = compared, edition
    renderer.heading = Heading(renderer.heading.site, edition, renderer.manual.as_of)
    for name in ("to_read", "must_read"):  # made for the previous plan, if any
        renderer.__dict__.pop(name, None)
    for report in REPORTS:
        report(renderer, made)
    if snapshot is not None:
        made.files[renderer.uri(SNAPSHOT_NAME)] = lambda: to_json(snapshot())
    return made
