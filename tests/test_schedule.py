"""The periodic review schedule: states, intervals, the as-of date, the log level."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from clausebook.core.manual import load
from clausebook.core.schedule import ReviewState, bucket
from clausebook.core.settings import AS_OF_ENV, ReviewSettings, Settings, resolve_as_of
from corekit import AS_OF, settings, write


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
