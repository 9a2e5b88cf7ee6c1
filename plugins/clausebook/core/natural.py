"""Natural order: 8.9 before 8.10, A.5.9 before A.5.10, PRO-2 before PRO-10."""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+)|(\D+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders clause numbers, ids and revisions as people read them."""
    return tuple(
        (0, int(digits)) if digits else (1, other.lower()) for digits, other in _PART.findall(text)
    )
