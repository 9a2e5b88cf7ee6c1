"""The approval record and reviews recorded in the history: rules at their boundaries, what
the control block, history, register and schedule show, and change control left alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausebook.cli.commands import main
from clausebook.core.editions import compare, snapshot
from clausebook.core.manual import load
from clausebook.core.settings import AS_OF_ENV, Settings
from clausebook.render import reports
from clausebook.render.links import Links
from clausebook.render.pages import Renderer
from sitekit import build_site, control_block, table, text_of, write_site

AS_OF = dt.date(2026, 11, 24)

DOC = """\
---
id: PRO-CHG-01
title: Change management procedure
type: procedure
owner: Change Manager
approver: Head of IT Services
revision: "2.1"
status: {status}
{approved}effective: 2026-03-01
clauses: [8.5.1.1]
history:
{reviews}  - revision: "2.1"
    date: 2026-02-16
    author: Jane Doe
    summary: Added the emergency change path
{entry}  - revision: "2.0"
    date: 2025-02-10
    summary: Risk scoring
    approved_by: CIO
    approved: 2025-02-20
---
# Change management procedure

Changes are approved by the CAB.
"""

REVIEW = """\
  - kind: review
    date: {date}
    reviewer: Marcus Oyelaran
    outcome: {outcome}
    summary: Checked against the new CAB calendar
"""


def source(
    approved: str | None = "2026-02-20",
    *,
    status: str = "effective",
    entry: str = "",
    reviews: str = "",
) -> str:
    return DOC.format(
        status=status,
        approved=f"approved: {approved}\n" if approved else "",
        entry=entry,
        reviews=reviews,
    )


def write(root: Path, text: str) -> Path:
    folder = root / "procedures"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pro-chg-01.md"
    path.write_text(text, "utf-8")
    return path


def problems(root: Path, text: str, **options: object) -> list[tuple[str, str | None]]:
    write(root, text)
    manual = load(root, Settings(sources=["procedures"], **options), as_of=AS_OF)
    return [(p.code, p.field) for p in manual.problems]


# ----------------------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("approved", "expected"),
    [
        ("2026-02-16", []),  # on the day the revision was written
        ("2026-02-15", [("CB361", "approved")]),  # the day before
        ("2026-03-01", []),  # on the effective date
        ("2026-03-02", [("CB360", "approved")]),  # the day after
        (None, [("CB362", "approved")]),  # effective without an approval date
    ],
)
def test_approval_date_boundaries(
    tmp_path: Path, approved: str | None, expected: list[tuple[str, str]]
) -> None:
    assert problems(tmp_path, source(approved)) == expected


def test_the_approval_can_be_recorded_in_the_history_entry(tmp_path: Path) -> None:
    entry = "    approved_by: Head of IT Services\n    approved: 2026-02-20\n"
    text = source(None).replace("path\n  - revision", f"path\n{entry}  - revision")
    assert problems(tmp_path, text) == []
    late = text.replace("approved: 2026-02-20", "approved: 2026-03-05")
    assert problems(tmp_path, late) == [("CB360", "history.0.approved")]


def test_two_records_of_the_approval_must_agree(tmp_path: Path) -> None:
    entry = "    approved: 2026-02-21\n    approved_by: CEO\n"
    text = source("2026-02-20").replace("path\n  - revision", f"path\n{entry}  - revision")
    assert sorted(problems(tmp_path, text)) == [
        ("CB363", "history.0.approved"),
        ("CB363", "history.0.approved_by"),
    ]


def test_an_earlier_revision_approved_before_it_was_written(tmp_path: Path) -> None:
    text = source().replace("approved: 2025-02-20", "approved: 2025-02-09")
    assert problems(tmp_path, text) == [("CB361", "history.1.approved")]


def test_drafts_and_obsolete_documents_need_no_approval_date(tmp_path: Path) -> None:
    assert problems(tmp_path, source(None, status="obsolete")) == []
    draft = source(None, status="draft").replace("effective: 2026-03-01\n", "")
    assert problems(tmp_path, draft, drafts="include") == []
    assert problems(tmp_path, source(None, status="approved")) == [("CB362", "approved")]


def test_check_exits_1_naming_the_field_approved(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"procedures/pro-chg-01.md": source("2026-03-10")})
    result = CliRunner().invoke(
        main, ["check", "-f", str(config), "--format", "json"], env={AS_OF_ENV: None}
    )
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert (problem["code"], problem["field"]) == ("CB360", "approved")
    assert problem["line"] == 9
    assert "approved on 2026-03-10, after it took effect on 2026-03-01" in problem["message"]


# ----------------------------------------------------------------------------- reviews


def test_a_review_moves_the_review_date_without_a_revision(tmp_path: Path) -> None:
    reviews = REVIEW.format(date="2026-10-05", outcome="no change")
    write(tmp_path, source(reviews=reviews))
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    assert manual.problems == []
    [review] = manual.reviews()
    assert (review.last, review.next) == (dt.date(2026, 10, 5), dt.date(2027, 10, 5))
    assert review.recorded is not None and review.recorded.reviewer == "Marcus Oyelaran"


def test_a_review_older_than_the_revision_does_not_move_it_back(tmp_path: Path) -> None:
    old = REVIEW.format(date="2025-09-01", outcome="no change")
    text = source().replace('  - revision: "2.0"', old + '  - revision: "2.0"')
    write(tmp_path, text)
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    assert manual.problems == []
    [review] = manual.reviews()
    assert review.last == dt.date(2026, 3, 1) and review.recorded is None


def test_a_review_that_found_a_change_needed_is_a_notice(tmp_path: Path) -> None:
    reviews = REVIEW.format(date="2026-10-05", outcome="change needed")
    assert problems(tmp_path, source(reviews=reviews)) == [("CB364", "history.0.outcome")]


def test_a_review_is_no_change_for_change_control(tmp_path: Path) -> None:
    settings = Settings(sources=["procedures"])
    write(tmp_path, source())
    first = snapshot(load(tmp_path, settings, as_of=AS_OF), "2026.1")
    write(tmp_path, source(reviews=REVIEW.format(date="2026-10-05", outcome="no change")))
    after = load(tmp_path, settings, as_of=AS_OF)
    changes = compare(first, snapshot(after, "2026.2"), after)
    assert changes.problems == [] and changes.revised == [] and changes.empty
    # ...whereas a change of the text without a new revision is caught as before.
    text = source(reviews=REVIEW.format(date="2026-10-05", outcome="no change"))
    write(tmp_path, text.replace("approved by the CAB", "approved by the ECAB"))
    after = load(tmp_path, settings, as_of=AS_OF)
    assert [p.code for p in compare(first, snapshot(after, "2026.2"), after).problems] == ["CB701"]


# ----------------------------------------------------------------------- what is shown


def test_control_block_history_register_and_schedule(tmp_path: Path) -> None:
    reviews = REVIEW.format(date="2026-10-05", outcome="no change")
    config = write_site(tmp_path, {"procedures/pro-chg-01.md": source(reviews=reviews)})
    site = build_site(config)
    page = site.page("procedures/pro-chg-01")
    control = {k: text_of(v) for k, v in control_block(page).items()}
    assert control["Approval"] == "Approved by Head of IT Services on 2026-02-20"
    assert control["Last review"] == "2026-10-05 (Next review 2027-10-05)"
    history = [[text_of(cell) for cell in row] for row in table(page, "cb-history")]
    assert history == [
        [
            "Review",
            "2026-10-05",
            "Marcus Oyelaran",
            "No change: Checked against the new CAB calendar",
            "",
        ],
        [
            "2.1",
            "2026-02-16",
            "Jane Doe",
            "Added the emergency change path",
            "Head of IT Services, 2026-02-20",
        ],
        ["2.0", "2025-02-10", "", "Risk scoring", "CIO, 2025-02-20"],
    ]
    [row] = site.json("reports/register.json")["documents"]
    assert (row["approver"], row["approved"]) == ("Head of IT Services", "2026-02-20")
    assert "2026-02-20" in site.bytes("reports/register.csv").decode("utf-8-sig")
    schedule = site.page("reports/reviews")
    assert "Last reviews recorded in the revision history: 1 (1 with no change" in schedule
    [row] = table(schedule, "cb-reviews--later")
    assert text_of(row[3]) == "2026-10-05 No change · Marcus Oyelaran"


def test_chinese_labels_of_approval_and_review(tmp_path: Path) -> None:
    reviews = REVIEW.format(date="2026-10-05", outcome="change needed")
    write(tmp_path, source(reviews=reviews))
    manual = load(tmp_path, Settings(sources=["procedures"], language="zh"), as_of=AS_OF)
    page = Renderer(manual, Links(markdown=True)).plain_document(manual.by_id["PRO-CHG-01"])
    assert "由 Head of IT Services 于 2026-02-20 批准" in page
    assert "<td>评审</td>" in page and "需要修改: Checked against the new CAB calendar" in page


def test_a_draft_shows_its_approver_to_be(tmp_path: Path) -> None:
    text = source(None, status="draft").replace("effective: 2026-03-01\n", "")
    write(tmp_path, text)
    manual = load(tmp_path, Settings(sources=["procedures"], drafts="include"), as_of=AS_OF)
    page = Renderer(manual, Links(markdown=True)).plain_document(manual.by_id["PRO-CHG-01"])
    assert '<th scope="row">Approver</th><td>Head of IT Services</td>' in page


def test_approver_and_reviewer_are_escaped(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>"
    text = source(reviews=REVIEW.format(date="2026-10-05", outcome="no change"))
    text = text.replace("Head of IT Services", json.dumps(hostile))
    text = text.replace("Marcus Oyelaran", json.dumps(hostile))
    write(tmp_path, text)
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    renderer = Renderer(manual, Links(markdown=True))
    plain = renderer.plain(reports.plan(renderer))
    page, schedule = plain[manual.by_id["PRO-CHG-01"].src_uri], plain["reports/reviews.md"]
    for text in (page, schedule):
        assert isinstance(text, str)
        assert hostile not in text and "&lt;script&gt;" in text
