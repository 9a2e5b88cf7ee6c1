"""The pure core: catalogues, intervals, review schedule, coverage, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clausebook.core import xrefs
from clausebook.core.catalogue import built_in, built_ins
from clausebook.core.coverage import State, orphans
from clausebook.core.editions import compare, snapshot
from clausebook.core.interval import Interval
from clausebook.core.manual import coverage_of, load
from clausebook.core.natural import natural_key
from clausebook.core.schedule import ReviewState, bucket
from clausebook.core.settings import AS_OF_ENV, ReviewSettings, Settings, resolve_as_of
from clausebook.exports.formats import neutralise, to_csv, to_ics, to_json, to_xlsx
from clausebook.render.control import css_string
from clausebook.render.labels import Labels
from clausebook.render.links import Links
from clausebook.render.navigation import MAX_ENTRIES, Section, area_of, document_nav
from clausebook.render.pages import Renderer

AS_OF = dt.date(2026, 11, 24)


# ------------------------------------------------------------------------------ catalogues


@pytest.mark.parametrize("catalogue_id", list(built_ins()))
def test_catalogue_integrity(catalogue_id: str) -> None:
    catalogue = built_in(catalogue_id)
    numbers = list(catalogue.clauses)
    assert len(numbers) == len(set(numbers))
    for clause in catalogue.clauses.values():
        assert clause.parent is None or clause.parent in catalogue.clauses
        assert clause.assessable == (clause.number not in catalogue.children)
    assert [c.number for c in catalogue.ordered()] == sorted(numbers, key=natural_key)


def test_catalogue_sizes_and_marks() -> None:
    iso20000 = built_in("iso20000-1:2018")
    assert len(iso20000.clauses) == 77
    assert "8.7.4" not in iso20000.clauses
    assert iso20000.clauses["6.2.1"].single_source and not iso20000.clauses["6.2.1"].verified
    assert iso20000.clauses["6.2.2"].single_source
    assert len(built_in("iso9001:2015").clauses) == 91
    annex = [n for n in built_in("iso27001:2022").clauses if n.count(".") == 2 and n[0] == "A"]
    themes = {
        theme: sum(1 for n in annex if n.startswith(theme + "."))
        for theme in ("A.5", "A.6", "A.7", "A.8")
    }
    assert themes == {"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}
    assert built_in("iso9001:2015").clauses["4"].title_zh == "组织环境"


def test_natural_order_and_suggestions() -> None:
    assert sorted(["8.10", "8.9", "A.5.10", "A.5.9", "10.1"], key=natural_key) == [
        "8.9",
        "8.10",
        "10.1",
        "A.5.9",
        "A.5.10",
    ]
    assert built_in("iso20000-1:2018").suggest("8.5.1.4") == "8.5.1.3"
    assert built_in("iso27001:2022").suggest("A.5.38") in {"A.5.3", "A.5.37", "A.5.8"}


# ------------------------------------------------------------------------------- intervals


@pytest.mark.parametrize(
    ("start", "interval", "expected"),
    [
        ("2025-01-31", "1 month", "2025-02-28"),
        ("2024-01-31", "1 month", "2024-02-29"),
        ("2024-02-29", "1 year", "2025-02-28"),
        ("2024-02-29", "4 years", "2028-02-29"),
        ("2025-03-31", "6 months", "2025-09-30"),
        ("2025-12-15", "1 month", "2026-01-15"),
        ("2025-01-01", "90 days", "2025-04-01"),
        ("2025-01-01", "2 weeks", "2025-01-15"),
        ("2025-06-30", "12 months", "2026-06-30"),
    ],
)
def test_interval_arithmetic(start: str, interval: str, expected: str) -> None:
    assert Interval.parse(interval).after(dt.date.fromisoformat(start)) == dt.date.fromisoformat(
        expected
    )


@pytest.mark.parametrize("text", ["", "12", "months", "0 months", "1 fortnight", "-1 month"])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(ValueError, match="not an interval"):
        Interval.parse(text)


# ------------------------------------------------------------------------- review schedule

DOC = """\
---
id: {id}
title: {title}
type: {type}
owner: {owner}
approver: Head of IT
revision: "1.0"
status: {status}
{dates}
clauses: {clauses}
classification: {classification}
history:
  - revision: "1.0"
    date: 2020-01-01
    summary: First issue
---
Body.
"""


def write(
    root: Path,
    doc_id: str,
    *,
    status: str = "effective",
    reviewed: str = "2026-03-01",
    doc_type: str = "procedure",
    clauses: str = "[8.1]",
    owner: str = "Owner",
    interval: str | None = None,
    classification: str = "internal",
) -> None:
    dates = "" if status == "draft" else f"effective: 2020-01-01\nreviewed: {reviewed}"
    if interval:
        dates += f"\nreview_interval: {interval}"
    folder = root / "procedures"
    folder.mkdir(exist_ok=True)
    (folder / f"{doc_id.lower()}.md").write_text(
        DOC.format(
            id=doc_id,
            title=f"Title {doc_id}",
            type=doc_type,
            owner=owner,
            status=status,
            dates=dates,
            clauses=clauses,
            classification=classification,
        ),
        "utf-8",
    )


def settings(**options: object) -> Settings:
    return Settings(sources=["procedures"], **options)


@pytest.mark.parametrize(
    ("reviewed", "state", "days"),
    [
        ("2025-11-24", ReviewState.DUE_SOON, 0),  # due exactly on the as-of date
        ("2025-11-25", ReviewState.DUE_SOON, 1),  # due tomorrow
        ("2025-11-23", ReviewState.OVERDUE, -1),  # due yesterday
        ("2025-12-24", ReviewState.DUE_SOON, 30),  # exactly due_soon_days away
        ("2025-12-25", ReviewState.OK, 31),
        ("2020-06-01", ReviewState.OVERDUE, -(AS_OF - dt.date(2021, 6, 1)).days),
    ],
)
def test_review_state_boundaries(
    tmp_path: Path, reviewed: str, state: ReviewState, days: int
) -> None:
    write(tmp_path, "PRO-1", reviewed=reviewed)
    [review] = load(tmp_path, settings(), as_of=AS_OF).reviews()
    assert (review.state, review.days) == (state, days)
    assert review.overdue_days == max(0, -days)


def test_interval_precedence_and_only_effective_documents(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1", reviewed="2026-01-01", interval="3 months")
    write(tmp_path, "WI-1", reviewed="2026-01-01", doc_type="work-instruction")
    write(tmp_path, "PRO-2", reviewed="2026-01-01")
    write(tmp_path, "PRO-3", status="draft")
    write(tmp_path, "PRO-4", status="obsolete")
    write(tmp_path, "PRO-5", status="approved")
    review = ReviewSettings(intervals={"work-instruction": "24 months"})
    manual = load(tmp_path, settings(review=review, drafts="include"), as_of=AS_OF)
    nexts = {r.document.id: r.next.isoformat() for r in manual.reviews()}
    assert nexts == {"PRO-1": "2026-04-01", "PRO-2": "2027-01-01", "WI-1": "2028-01-01"}
    assert [r.document.id for r in manual.reviews()] == ["PRO-1", "PRO-2", "WI-1"]
    assert [bucket(r) for r in manual.reviews()] == ["overdue", "60", "later"]  # 38 days


def test_as_of_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    configured = Settings(as_of="2026-01-01")
    monkeypatch.delenv(AS_OF_ENV, raising=False)
    today = dt.date(2030, 5, 5)
    assert resolve_as_of(None, Settings(), today) == today
    assert resolve_as_of(None, configured, today) == dt.date(2026, 1, 1)
    monkeypatch.setenv(AS_OF_ENV, "2026-06-06")
    assert resolve_as_of(None, configured, today) == dt.date(2026, 6, 6)
    assert resolve_as_of(dt.date(2026, 7, 7), configured, today) == dt.date(2026, 7, 7)
    assert os.environ[AS_OF_ENV] == "2026-06-06"


def test_overdue_log_level(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1", reviewed="2024-01-01")
    for level, severity in (("info", "info"), ("warn", "warning"), ("error", "error")):
        manual = load(tmp_path, settings(review=ReviewSettings(log_level=level)), as_of=AS_OF)
        [problem] = [p for p in manual.problems if p.code == "CB601"]
        assert problem.severity == severity
        assert "PRO-1 'Title PRO-1' (owner Owner) is" in problem.message
        assert "days overdue" in problem.message


# -------------------------------------------------------------------------------- coverage


def test_coverage_states_and_roll_up(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1", clauses="[8.5.1.1, 8.5.1.2, 8.5.1.3, 6.3]")
    write(tmp_path, "PRO-2", status="draft", clauses="[8.6.1]")
    write(tmp_path, "PRO-3", reviewed="2024-01-01", clauses="[8.6.2]")  # overdue
    write(tmp_path, "PRO-4", status="obsolete", clauses="[8.6.3]")
    write(tmp_path, "PRO-5", status="in-review", clauses="[8.7.1]")
    write(tmp_path, "PRO-6", clauses="[]")
    options = settings(
        drafts="include",
        standards=["iso20000-1:2018", "iso9001:2015"],
        exclusions={"iso20000-1:2018": {"8.4": "No budgeting: cost centre only"}},
    )
    manual = load(tmp_path, options, as_of=AS_OF)
    coverage = coverage_of(manual, "iso20000-1:2018")
    state = {n: c.state for n, c in coverage.by_number.items()}
    assert state["8.5.1.1"] is State.COVERED
    assert state["8.5.1"] is State.COVERED  # all children covered
    assert state["8.6.1"] is State.AT_RISK  # draft only
    assert state["8.6.2"] is State.AT_RISK  # overdue only
    assert state["8.6.3"] is State.UNCOVERED  # obsolete documents do not count
    assert state["8.7.1"] is State.AT_RISK  # in review
    assert state["8.6"] is State.UNCOVERED  # worst child
    assert state["8.4"] is State.EXCLUDED and state["8.4.2"] is State.EXCLUDED
    assert coverage.by_number["8.4.2"].justification == "No budgeting: cost centre only"
    assert state["6.3"] is State.COVERED
    # Keyed by standard and clause: 20000-1 6.3 does not cover ISO 9001 6.3.
    assert coverage_of(manual, "iso9001:2015").by_number["6.3"].state is State.UNCOVERED
    counts = coverage.counts
    applicable = sum(counts.values()) - counts[State.EXCLUDED]
    assert coverage.percent == pytest.approx(100 * counts[State.COVERED] / applicable)
    assert counts[State.EXCLUDED] == 3
    gaps = coverage.gaps()
    assert gaps[0].state is State.UNCOVERED and gaps[-1].state is State.AT_RISK
    assert [d.id for d in orphans(manual.documents)] == ["PRO-6"]


def test_parent_with_all_children_excluded(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    options = settings(exclusions={"iso20000-1:2018": {"8.3.4.1": "a", "8.3.4.2": "b"}})
    coverage = coverage_of(load(tmp_path, options, as_of=AS_OF), "iso20000-1:2018")
    assert coverage.by_number["8.3.4"].state is State.EXCLUDED
    assert coverage.by_number["8.3"].state is State.UNCOVERED


def test_confidential_and_drafts_are_left_out(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1", classification="confidential", clauses="[8.1]")
    write(tmp_path, "PRO-2", status="draft", clauses="[8.1]")
    write(tmp_path, "PRO-3", classification="public", clauses="[8.2.1]")
    manual = load(tmp_path, settings(), as_of=AS_OF)
    assert [d.id for d in manual.documents] == ["PRO-3"]
    assert manual.withheld == {"PRO-1"} and manual.unpublished == {"PRO-2"}
    assert coverage_of(manual, "iso20000-1:2018").by_number["8.1"].state is State.UNCOVERED
    public = load(tmp_path, settings(audience="public"), as_of=AS_OF)
    assert [d.id for d in public.documents] == ["PRO-3"]
    everything = load(tmp_path, settings(audience="confidential", drafts="include"), as_of=AS_OF)
    assert [d.id for d in everything.documents] == ["PRO-1", "PRO-2", "PRO-3"]


# --------------------------------------------------------------------------------- exports

ROWS = [
    {"id": "PRO-1", "title": "变更管理程序", "state": "covered"},
    {"id": "PRO-2", "title": '=HYPERLINK("http://evil")', "state": "uncovered"},
    {"id": "PRO-3", "title": "+1", "state": "at-risk"},
    {"id": "PRO-4", "title": "-cmd", "state": "excluded"},
    {"id": "PRO-5", "title": "@SUM(A1)", "state": "covered"},
]
COLUMNS = ["id", "title", "state"]


def test_csv_for_excel() -> None:
    raw = to_csv(ROWS, COLUMNS)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["title"] == "变更管理程序"
    assert [r["title"][0] for r in rows[1:]] == ["'", "'", "'", "'"]
    assert neutralise("plain") == "plain"
    # Numbers stay numbers; a sign that starts an expression does not.
    assert [neutralise(v) for v in ("-54", "12", "-1.5", "-1+1", "+1", "-x")] == [
        "-54",
        "12",
        "-1.5",
        "'-1+1",
        "'+1",
        "'-x",
    ]


def test_xlsx_has_frozen_header_filters_and_colours(tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    path.write_bytes(to_xlsx(ROWS, COLUMNS, "ISO/IEC 20000-1:2018"))
    sheet = load_workbook(path).active
    assert sheet.title == "ISO-IEC 20000-1-2018"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C6"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == ["PRO-1", "变更管理程序", "covered"]
    assert values[1][1].startswith("'=HYPERLINK")
    assert sheet["C2"].fill.start_color.rgb.endswith("C8E6C9")
    assert sheet["C3"].fill.start_color.rgb.endswith("FFCDD2")
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold
    assert 8 <= sheet.column_dimensions["B"].width <= 60
    with zipfile.ZipFile(path) as archive:
        assert not any(
            "<f>" in archive.read(n).decode("utf-8", "ignore")
            for n in archive.namelist()
            if n.endswith(".xml")
        )


def test_json_keeps_chinese() -> None:
    data = json.loads(to_json({"rows": ROWS}))
    assert data["rows"][0]["title"] == "变更管理程序"
    assert "变更" in to_json(ROWS).decode("utf-8")


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_escapes_and_folds() -> None:
    events = [
        {
            "uid": "review-PRO-1@x",
            "date": dt.date(2027, 1, 31),
            "summary": "Review PRO-1 Change; emergency, standard",
            "description": "Owner: 变更经理\nRevision: 2.1 " + "长文本" * 30,
        },
        {
            "uid": "review-PRO-2@x",
            "date": dt.date(2027, 2, 1),
            "summary": "Review PRO-2",
            "description": "x",
        },
    ]
    raw = to_ics(events, "Reviews", dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC))
    text = raw.decode("utf-8")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert lines.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Review PRO-1 Change\\; emergency\\, standard" in lines
    assert "DTSTART;VALUE=DATE:20270131" in lines and "DTEND;VALUE=DATE:20270201" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:Owner"))
    assert "\\n" in description and "长文本" * 30 in description


# ------------------------------------------------------------------------------ navigation


def _nav_documents(tmp_path: Path, ids: list[str], status: str = "effective") -> list:
    for doc_id in ids:
        write(tmp_path, doc_id, status=status)
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    assert not manual.errors
    return manual.documents


def _titles(entries: tuple) -> list[str]:
    return [e.title if isinstance(e, Section) else e.id for e in entries]


def test_small_sections_list_their_documents(tmp_path: Path) -> None:
    documents = _nav_documents(tmp_path, ["PRO-CHG-10", "PRO-CHG-9", "PRO-INC-1"])
    nav = document_nav(documents, Labels("en"))
    assert [s.title for s in nav.in_force] == ["Procedures"]
    assert _titles(nav.in_force[0].entries) == ["PRO-CHG-9", "PRO-CHG-10", "PRO-INC-1"]
    assert nav.archive is None


def test_large_sections_split_by_area_then_into_runs(tmp_path: Path) -> None:
    ids = [f"PRO-CHG-{i:03d}" for i in range(1, 91)]  # 90: more than two runs of 40
    ids += [f"PRO-INC-{i:02d}" for i in range(1, 6)] + ["PRO-7", "PRO-12"]
    documents = _nav_documents(tmp_path, ids)
    nav = document_nav(documents, Labels("en"), {"INC": "Incident management"})
    (procedures,) = nav.in_force
    # Ids without an area stay at the top, in natural order; then one section per area.
    assert _titles(procedures.entries) == ["PRO-7", "PRO-12", "CHG", "INC Incident management"]
    change = procedures.entries[2]
    assert _titles(change.entries) == [
        "PRO-CHG-001 – PRO-CHG-040",
        "PRO-CHG-041 – PRO-CHG-080",
        "PRO-CHG-081 – PRO-CHG-090",
    ]
    assert [len(run.entries) for run in change.entries] == [40, 40, 10]
    assert _titles(procedures.entries[3].entries) == [f"PRO-INC-{i:02d}" for i in range(1, 6)]

    def widest(entries: tuple) -> int:
        inner = [widest(e.entries) for e in entries if isinstance(e, Section)]
        return max([len(entries), *inner])

    assert widest(procedures.entries) <= MAX_ENTRIES


def test_one_area_only_splits_into_runs(tmp_path: Path) -> None:
    documents = _nav_documents(tmp_path, [f"PRO-CHG-{i:02d}" for i in range(1, 46)])
    (procedures,) = document_nav(documents, Labels("zh")).in_force
    assert procedures.title == "程序"
    assert _titles(procedures.entries) == ["PRO-CHG-01 – PRO-CHG-40", "PRO-CHG-41 – PRO-CHG-45"]


def test_obsolete_documents_go_to_the_archive(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    documents = _nav_documents(tmp_path, ["PRO-OLD-1"], status="obsolete")
    nav = document_nav(documents, Labels("en"))
    assert _titles(nav.in_force[0].entries) == ["PRO-1"]
    assert nav.archive is not None and nav.archive.title == "Archive"
    assert _titles(nav.archive.entries) == ["PRO-OLD-1"]


@pytest.mark.parametrize(
    ("doc_id", "area"),
    [("PRO-CHG-01", "CHG"), ("WI-CFG-01", "CFG"), ("POL-01", None), ("MAN", None)],
)
def test_area_of(doc_id: str, area: str | None) -> None:
    assert area_of(doc_id) == area


# -------------------------------------------------------------------- generated HTML


#: A placeholder the renderer leaves where a block of HTML was set aside.
RAW_PATTERN = re.compile(r"<!--clausebook:raw:(\d+)-->")


def test_generated_html_is_set_aside_for_the_site_and_inline_for_markdown(
    tmp_path: Path,
) -> None:
    write(tmp_path, "PRO-1")
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    (document,) = manual.documents
    plain = Renderer(manual, Links(markdown=True)).document(document)
    assert '<table class="cb-control">' in plain and "clausebook:raw" not in plain
    assert '<div class="cb-print-header"' in plain

    renderer = Renderer(manual, Links(), set_aside_html=True)
    markdown = renderer.document(document)
    # The Markdown of a document page holds its heading and body only: no HTML at all.
    assert "<" not in markdown and "Body." in markdown
    # The blocks are rendered apart, with the reports (the site may do it in another
    # process: a renderer that only adopts them frames and restores alike).
    worker = Renderer(manual, Links(), set_aside_html=True)
    rendered = worker.render_set_aside(worker.plan())
    assert set(rendered.heads) == {document.src_uri}
    assert set(rendered.raw_html) == {document.src_uri} | set(rendered.pages)
    renderer.adopt(rendered)
    # The HTML Markdown makes of it gets the print header after the title, and placeholders
    # where the control block (before the body) and the history (after it) go.
    content = "<h1>PRO-1 Title</h1>\n<p>Body.</p>"
    framed = renderer.frame(document.src_uri, content)
    assert RAW_PATTERN.findall(framed) == ["0", "1"]
    assert framed.index("</h1>") < framed.index("cb-print-header") < framed.index("raw:0")
    # Whatever the theme makes of the rest, the blocks come back where the comments were.
    page = f"<article>{framed}</article>"
    restored = renderer.restore_html(document.src_uri, page)
    assert '<table class="cb-control">' in restored and 'class="cb-history"' in restored
    assert not RAW_PATTERN.search(restored)
    assert restored.index("cb-control") < restored.index("Body.") < restored.index("cb-history")
    # A page of another document, or a number it never had, is left as it is.
    assert renderer.frame("procedures/other.md", content) == content
    assert renderer.restore_html("procedures/other.md", page) == page
    stray = "<!--clausebook:raw:9-->"
    assert renderer.restore_html(document.src_uri, stray) == stray


# ------------------------------------------------------------------- what changed


def test_what_changed_between_two_editions(tmp_path: Path) -> None:
    """Added, revised, made obsolete, removed, coverage changed; a review-only update (a
    new ``reviewed`` date, same revision) is not a change that needs a revision."""
    settings = Settings(sources=["procedures"])
    write(tmp_path, "PRO-KEEP-01", clauses="[8.1]", reviewed="2026-01-01")
    write(tmp_path, "PRO-GONE-01", clauses="[8.2.1]")
    write(tmp_path, "PRO-OLD-01", clauses="[8.3.1]")
    before = load(tmp_path, settings, as_of=AS_OF)
    first = snapshot(before, "2026.1")

    folder = tmp_path / "procedures"
    (folder / "pro-gone-01.md").unlink()
    old = folder / "pro-old-01.md"
    old.write_text(old.read_text("utf-8").replace("status: effective", "status: obsolete"))
    keep = folder / "pro-keep-01.md"
    keep.write_text(keep.read_text("utf-8").replace("reviewed: 2026-01-01", "reviewed: 2026-10-01"))
    write(tmp_path, "PRO-NEW-01", clauses="[8.2.1]", status="approved")
    after = load(tmp_path, settings, as_of=AS_OF)
    changes = compare(first, snapshot(after, "2026.2"), after)

    assert changes.previous == "2026.1"
    assert [d["id"] for d in changes.added] == ["PRO-NEW-01"]
    assert [d["id"] for d in changes.obsoleted] == ["PRO-OLD-01"]
    assert [d["id"] for d in changes.removed] == ["PRO-GONE-01"]
    assert changes.revised == []
    assert changes.problems == []  # the review-only update needs no new revision
    moved = {(std, number): (was, now) for std, number, was, now in changes.coverage}
    # 8.2.1 was covered by an effective document; now only an approved one maps to it.
    assert moved[("iso20000-1:2018", "8.2.1")] == ("covered", "at-risk")
    assert moved[("iso20000-1:2018", "8.3.1")] == ("covered", "uncovered")
    assert ("iso20000-1:2018", "8.1") not in moved


# ------------------------------------------------------------------ cross-references


def test_cross_references_outside_code_with_their_lines() -> None:
    body = "See [[PRO-1]].\n\n`[[NOT-1]]` and [[WI-2]]\n\n```\n[[NOT-2]]\n```\n[[FRM-3]]"
    found = [(r.target, r.line) for r in xrefs.find(body)]
    assert found == [("PRO-1", 1), ("WI-2", 3), ("FRM-3", 8)]
    replaced = xrefs.replace(body, lambda target: f"<{target}>")
    assert replaced == "See <PRO-1>.\n\n`[[NOT-1]]` and <WI-2>\n\n```\n[[NOT-2]]\n```\n<FRM-3>"
    plain = "One [[PRO-1]]\ntwo\nthree [[PRO-2]] [[PRO-1]]"
    assert [(r.target, r.line) for r in xrefs.find(plain)] == [
        ("PRO-1", 1),
        ("PRO-2", 3),
        ("PRO-1", 3),
    ]


def test_cross_references_in_headings_can_be_written_apart() -> None:
    body = "# See [[PRO-1]]\n\nText [[PRO-1]].\nUnder [[PRO-2]]\n---\n\n`[[PRO-3]]` and [[PRO-3]]\n"
    replaced = xrefs.replace(body, lambda t: f"<{t}>", in_heading=lambda t: f"#{t}#")
    assert (
        replaced
        == "# See #PRO-1#\n\nText <PRO-1>.\nUnder #PRO-2#\n---\n\n`[[PRO-3]]` and <PRO-3>\n"
    )
    # A line followed by a table's rule or by a blank line and a rule is no heading.
    table = "| [[PRO-1]] |\n|---|\n\nText [[PRO-2]]\n\n---\n"
    assert xrefs.replace(table, str.lower, in_heading=str.upper) == (
        "| pro-1 |\n|---|\n\nText pro-2\n\n---\n"
    )


@pytest.mark.parametrize(
    "text", ['PRO-1 · Revision 1.0 · "</style><script>alert(1)</script>', "修订 2.0\n\\'x'"]
)
def test_print_header_is_a_css_string_no_text_breaks_out_of(text: str) -> None:
    css = css_string(text)
    inner = css[1:-1]
    assert css[0] == css[-1] == '"' and not re.search(r"[\"'<>\n]", inner)
    assert re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), inner) == text


# ------------------------------------------------------------------- architecture


def test_the_core_and_the_command_line_import_nothing_of_mkdocs() -> None:
    """Only the ``clausebook.mkdocs`` adapter may import MkDocs: every other folder must run
    under another generator (or none), as ``clausebook pages`` and the command line do."""
    package = Path(xrefs.__file__).parents[1]
    modules = sorted(
        ".".join(p.relative_to(package).with_suffix("").parts)
        for p in package.glob("*/*.py")
        if p.parent.name != "mkdocs" and p.stem != "__main__"
    )
    assert {"core.manual", "render.pages", "cli.commands", "exports.formats"} <= set(modules)
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module('clausebook.' + name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
