"""Review intervals and calendar arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from clausebook.core.interval import Interval


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
