"""Review intervals: "12 months", "2 years", "90 days", "8 weeks"."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_PATTERN = re.compile(r"^\s*([0-9]{1,4})\s*(day|week|month|year)s?\s*$", re.IGNORECASE)

#: The longest interval of each unit: a century. Dates are plausible up to 2100, so a next
#: review is never later than 2200 and every calendar (ICS, spreadsheets, Python's own
#: dates, which end in 9999) can hold it.
LONGEST = {"day": 9_999, "week": 5_218, "month": 1_200, "year": 100}


@dataclass(frozen=True, order=True)
class Interval:
    """A calendar interval. Months and years are calendar arithmetic, not day counts."""

    amount: int
    unit: str  # day | week | month | year

    @classmethod
    def parse(cls, text: str) -> Interval:
        """Read "12 months"; raise ValueError with a message fit for a user otherwise."""
        match = _PATTERN.match(text)
        if not match or int(match.group(1)) == 0:
            raise ValueError(
                f"'{text}' is not an interval: write a number and a unit, "
                "for example '12 months', '2 years', '90 days' or '8 weeks'"
            )
        amount, unit = int(match.group(1)), match.group(2).lower()
        if amount > LONGEST[unit]:
            raise ValueError(
                f"'{text.strip()}' is longer than a century: write at most "
                f"{LONGEST[unit]:,} {unit}s (a review interval is usually 6 to 36 months)"
            )
        return cls(amount, unit)

    def after(self, start: date) -> date:
        """The date one interval after ``start``; month ends clamp (Jan 31 + 1 month = Feb 28)."""
        return self._shift(start, 1)

    def before(self, end: date) -> date:
        """The date one interval before ``end``, clamped alike (May 31 - 3 months = Feb 28):
        a renewal window opens so long before a certificate's expiry."""
        return self._shift(end, -1)

    def _shift(self, start: date, sign: int) -> date:
        if self.unit == "day":
            return start + timedelta(days=sign * self.amount)
        if self.unit == "week":
            return start + timedelta(weeks=sign * self.amount)
        months = sign * self.amount * (12 if self.unit == "year" else 1)
        index = start.month - 1 + months
        year, month = start.year + index // 12, index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return date(year, month, day)

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"
