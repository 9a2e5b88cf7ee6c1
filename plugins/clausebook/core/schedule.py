"""The periodic review schedule: when each effective document is next due, and how late."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from clausebook.core.document import Document
from clausebook.core.metadata import ReviewEntry, Status
from clausebook.core.natural import natural_key
from clausebook.core.settings import Settings


class ReviewState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"
    OK = "ok"


@dataclass(frozen=True)
class Review:
    """The review position of one effective document on the as-of date."""

    document: Document
    last: dt.date
    next: dt.date
    days: int  # days until the next review; negative when overdue
    state: ReviewState
    #: The review recorded in the history on the last review's date, if that is how it was
    #: recorded (rather than by ``reviewed`` or a new revision).
    recorded: ReviewEntry | None = None

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days)


def review_of(document: Document, settings: Settings, as_of: dt.date) -> Review | None:
    """Only effective documents are reviewed; drafts, approved and obsolete ones are not,
    nor documents of a type that is not reviewed at all (``reviewed: false``; by default
    records: they are evidence of what happened, kept for their retention period)."""
    meta = document.meta
    last = meta.last_review
    if meta.status is not Status.EFFECTIVE or last is None or not settings.is_reviewed(meta.type):
        return None
    interval = meta.interval or settings.interval_for(meta.type)
    due = interval.after(last)
    days = (due - as_of).days
    if days < 0:
        state = ReviewState.OVERDUE
    elif days <= settings.review.due_soon_days:
        state = ReviewState.DUE_SOON
    else:
        state = ReviewState.OK
    recorded = next((e for e in meta.reviews if e.date == last), None)
    return Review(document, last, due, days, state, recorded)


def schedule(documents: list[Document], settings: Settings, as_of: dt.date) -> list[Review]:
    """Every review, soonest (most overdue) first, then by id."""
    reviews = [r for d in documents if (r := review_of(d, settings, as_of)) is not None]
    return sorted(reviews, key=lambda r: (r.next, natural_key(r.document.id)))


#: Buckets of the schedule page, by days until the review.
HORIZONS = (30, 60, 90)


def bucket(review: Review) -> str:
    """ "overdue", "30", "60", "90" or "later": the schedule page's sections."""
    if review.state is ReviewState.OVERDUE:
        return "overdue"
    for horizon in HORIZONS:
        if review.days <= horizon:
            return str(horizon)
    return "later"
