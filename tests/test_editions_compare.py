"""Change control between two editions (core/editions.py: compare)."""

from __future__ import annotations

from pathlib import Path

from clausebook.core.editions import compare, snapshot
from clausebook.core.manual import load
from clausebook.core.settings import Settings
from corekit import AS_OF, write


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
