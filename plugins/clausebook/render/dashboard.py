"""The dashboard, the problems page, ``status.json`` and the audit calendar of an edition.

They are reports like the register and the matrix (the renderer's :class:`Plan` names them
and renders them on demand), drawn from one :class:`clausebook.core.dashboard.Status`, the
object ``clausebook status`` prints, so that the page and the terminal show the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from clausebook.core import certification
from clausebook.core.certification import Cycle
from clausebook.core.coverage import State
from clausebook.core.dashboard import Status, of_manual
from clausebook.core.document import Document
from clausebook.core.interval import Interval
from clausebook.core.problems import Problem, Severity
from clausebook.core.records import Record
from clausebook.core.schedule import ReviewState
from clausebook.exports.formats import to_ics, to_json
from clausebook.render import charts
from clausebook.render.control import Banner

if TYPE_CHECKING:
    from clausebook.render.pages import Plan, Renderer, ReportPage

_ZH_UNITS = {"day": "天", "week": "周", "month": "个月", "year": "年"}
_STATE_ORDER = {ReviewState.OVERDUE: 0, ReviewState.DUE_SOON: 1, ReviewState.OK: 2}


@dataclass
class Group:
    """The problems of one document (or of mkdocs.yml, or of an unreadable file)."""

    title: str
    document: Document | None
    problems: list[Problem]

    @property
    def worst(self) -> Severity:
        return min((p.severity for p in self.problems), key=list(Severity).index)


class Operation:
    """Adds the operation's pages and files to a renderer's plan."""

    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer
        self.manual = renderer.manual
        self.t = renderer.t
        settings = self.manual.settings
        home = settings.operation.dashboard_home
        self.uris = {
            "dashboard": "index.md" if home else renderer.uri("index.md"),
            "problems": renderer.uri("problems.md"),
            "json": renderer.uri("status.json"),
            "ics": renderer.uri("audits.ics"),
            "reviews": renderer.uri("reviews.md"),
        }

    @cached_property
    def records(self) -> dict[str, Record]:
        operation = self.manual.operation
        return {r.document.id: r for r in operation.records} if operation else {}

    @cached_property
    def status(self) -> Status:
        return of_manual(self.manual)

    def add(self, plan: Plan, now: dt.datetime) -> None:
        uris = self.uris
        plan.pages[uris["dashboard"]] = self.dashboard
        plan.pages[uris["problems"]] = self.problems
        plan.files[uris["json"]] = lambda: to_json(self.status.as_dict())
        plan.files[uris["ics"]] = lambda: to_ics(self.events(), self.t("op.calendar"), now)
        plan.nav.append((self.t("op.dashboard"), uris["dashboard"]))
        plan.nav.append((self.t("op.problems"), uris["problems"]))

    # ----------------------------------------------------------------- dashboard

    def dashboard(self) -> ReportPage:
        here = self.uris["dashboard"]
        status = self.status
        t = self.t
        ok = len(status.reviews) - len(status.overdue) - len(status.due_soon)
        return self.renderer.render(
            "dashboard.md.j2",
            here,
            status=status,
            data=status.as_dict(),
            files=self.uris,
            settings=self.manual.settings.operation,
            timelines=[Markup(self.timeline(c)) for c in status.operation.cycles],
            coverage_chart=Markup(self.coverage_chart()),
            review_strip=Markup(self.review_strip(here)),
            review_counts=t(
                "op.review_counts",
                overdue=len(status.overdue),
                due_soon=len(status.due_soon),
                ok=ok,
            ),
            link=self._link(here),
            kind_title=self.kind_title,
            interval=self.interval,
        )

    def interval(self, text: str) -> str:
        """An interval in the reader's language: "12 months", "12 个月"."""
        interval = Interval.parse(text)
        if self.t.language == "zh":
            return f"{interval.amount} {_ZH_UNITS[interval.unit]}"
        return str(interval)

    def kind_title(self, kind: str) -> str:
        rule = self.manual.settings.operation.kinds().get(kind)
        if rule is None:
            return kind
        titled = rule.title_zh if self.t.language == "zh" and rule.title_zh else rule.title
        return titled or kind

    def _link(self, here: str) -> Any:
        links = self.renderer.links

        def link(document: Document) -> Markup:
            return Markup('<a href="{}">{}</a>').format(
                links.href(here, document.src_uri), document.label
            )

        return link

    def coverage_chart(self) -> str:
        rows = [
            charts.Bar(
                c.catalogue.name,
                c.percent,
                {s.value: c.counts[s] for s in State},
            )
            for c in self.status.coverage
        ]
        names = {s.value: self.t(f"state.{s.value}") for s in State}
        states = [s.value for s in State]
        return charts.bars(rows, states, names, self.t("op.coverage_chart"))

    def review_strip(self, here: str) -> str:
        reviews = sorted(self.status.reviews, key=lambda r: (_STATE_ORDER[r.state], r.next))
        cells = [
            charts.Cell(
                f"{r.document.label}: {self.t('next_review')} {r.next} ({r.state.value})",
                r.state.value,
                self.renderer.links.href(here, r.document.src_uri),
            )
            for r in reviews
        ]
        return charts.strip(cells, self.t("op.review_strip"))

    def timeline(self, cycle: Cycle) -> str:
        t = self.t
        marks = []
        for planned in cycle.surveillance:
            if planned.held is None:
                label = t("op.mark.surveillance", n=planned.number)
                marks.append(charts.Mark(planned.date, label, "planned"))
        for audit in cycle.audits:
            if cycle.issued <= audit.date <= cycle.expires:
                kind = t(f"op.audit.{audit.type}")
                marks.append(charts.Mark(audit.date, t("op.mark.held", type=kind), "held"))
        marks.append(charts.Mark(cycle.expires, t("op.mark.expiry"), "expiry"))
        return charts.timeline(
            cycle.issued,
            cycle.expires,
            cycle.as_of,
            marks,
            (cycle.renewal_opens, cycle.renewal_closes),
            t("op.today"),
            t("op.timeline", name=cycle.name, start=cycle.issued, end=cycle.expires),
        )

    # -------------------------------------------------------------- problems page

    def problems(self) -> ReportPage:
        here = self.uris["problems"]
        groups, owners = self.groups()
        counts = {s.value: 0 for s in Severity}
        for group in groups:
            for problem in group.problems:
                counts[problem.severity.value] += 1
        in_preparation = [d for d in self.manual.documents if d.meta.status.is_draft]
        return self.renderer.render(
            "problems.md.j2",
            here,
            groups=groups,
            owners=owners,
            counts=counts,
            as_of=self.manual.as_of,
            in_preparation=in_preparation,
            link=self._link(here),
        )

    def groups(self) -> tuple[list[Group], list[tuple[str, list[Group]]]]:
        """Problems by document, worst first, and the documents' groups by owner.

        Only what this edition may name: problems of a document withheld from its audience
        or left out as a draft are not listed (their titles would leak), and files that could
        not be read as documents only in the controller's edition (``drafts: include``).
        """
        manual = self.manual
        controller = manual.settings.drafts == "include"
        by_file: dict[str | None, list[Problem]] = defaultdict(list)
        for problem in manual.problems:
            file = problem.file
            if file is None or file in manual.nameable or controller:
                by_file[file].append(problem)
        groups = []
        for file, found in by_file.items():
            document = manual.nameable.get(file) if file else None
            if file is None:
                title = self.t("op.configuration")
            elif document is not None:
                title = document.label
            else:
                title = file
            groups.append(Group(title, document, found))
        groups.sort(key=lambda g: (list(Severity).index(g.worst), g.title))
        owners: dict[str, list[Group]] = defaultdict(list)
        for group in groups:
            if group.document is not None:
                owners[group.document.meta.owner].append(group)
        return groups, sorted(owners.items(), key=lambda item: item[0].casefold())

    # ----------------------------------------------------------------- calendar

    def events(self) -> list[dict[str, Any]]:
        """The audit calendar: the cycle's dates still to come, audits held, and when each
        kind of record is next due."""
        t = self.t
        events = []
        for cycle in self.status.operation.cycles:
            for kind, day, detail in certification.events(cycle):
                if kind.startswith("audit-"):
                    summary = t(
                        "op.event.audit",
                        type=t(f"op.audit.{kind.removeprefix('audit-')}"),
                        name=cycle.name,
                        detail=detail,
                    )
                else:
                    summary = t(f"op.event.{kind}", n=detail, name=cycle.name, detail=detail)
                events.append(
                    {
                        "uid": f"{kind}-{cycle.standard}-{day.isoformat()}@clausebook",
                        "date": day,
                        "summary": summary,
                        "description": (
                            f"{t('op.certificate')}: {cycle.certification.certificate}\n"
                            f"{t('op.body')}: {cycle.certification.body}"
                        ),
                        "categories": "AUDIT,CERTIFICATION",
                    }
                )
        for item in self.status.operation.recency:
            if item.due is not None:
                events.append(
                    {
                        "uid": f"record-{item.kind}-{item.due.isoformat()}@clausebook",
                        "date": item.due,
                        "summary": t("op.event.record", kind=self.kind_title(item.kind)),
                        "description": f"{t('op.last_record')}: "
                        + (f"{item.last.document.id} ({item.last.date})" if item.last else "-"),
                        "categories": "AUDIT,RECORD",
                    }
                )
        return sorted(events, key=lambda e: (e["date"], e["uid"]))

    # ------------------------------------------------------------ record banners

    def banner(self, document: Document) -> Banner | None:
        """A record's page says what it records and until when it is kept."""
        record = self.records.get(document.id)
        if record is None:
            return None
        t = self.t
        text = t("op.record_banner", kind=self.kind_title(record.kind), date=record.date)
        after = record.dispose_after
        if after is None:
            text += " " + t("op.record_no_retention")
        elif record.disposable(self.manual.as_of):
            text += " " + t("op.record_disposable", date=after)
        else:
            text += " " + t("op.record_retain", date=after)
        return Banner("info", "record", text)
