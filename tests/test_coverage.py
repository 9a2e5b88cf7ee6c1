"""Coverage states, their roll-up to parent clauses, exclusions and the edition's audience."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausebook.core.coverage import State, orphans
from clausebook.core.manual import coverage_of, load
from corekit import AS_OF, settings, write


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
        exclusions={"iso9001:2015": {"8.3": "No design: customers design what we run"}},
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
    assert state["6.3"] is State.COVERED
    quality = coverage_of(manual, "iso9001:2015")
    # Keyed by standard and clause: 20000-1 6.3 does not cover ISO 9001 6.3.
    assert quality.by_number["6.3"].state is State.UNCOVERED
    assert quality.by_number["8.3"].state is State.EXCLUDED
    assert quality.by_number["8.3.2"].state is State.EXCLUDED
    assert quality.by_number["8.3.2"].justification == "No design: customers design what we run"
    counts = quality.counts
    applicable = sum(counts.values()) - counts[State.EXCLUDED]
    assert quality.percent == pytest.approx(100 * counts[State.COVERED] / applicable)
    below = [quality.by_number[n] for n in quality.catalogue.descendants("8.3")]
    assert counts[State.EXCLUDED] == sum(1 for c in below if c.clause.assessable) > 0
    gaps = coverage.gaps()
    assert gaps[0].state is State.UNCOVERED and gaps[-1].state is State.AT_RISK
    assert [d.id for d in orphans(manual.documents)] == ["PRO-6"]


def test_parent_with_all_children_excluded(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    options = settings(
        standards=["iso9001:2015"], exclusions={"iso9001:2015": {"7.1.5.1": "a", "7.1.5.2": "b"}}
    )
    coverage = coverage_of(load(tmp_path, options, as_of=AS_OF), "iso9001:2015")
    assert coverage.by_number["7.1.5"].state is State.EXCLUDED
    assert coverage.by_number["7.1"].state is State.UNCOVERED


def test_confidential_and_drafts_are_left_out(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1", classification="confidential", clauses="[8.1]")
    write(tmp_path, "PRO-2", status="draft", clauses="[8.1]")
    write(tmp_path, "PRO-3", classification="public", clauses="[8.2.1]")
    manual = load(tmp_path, settings(), as_of=AS_OF)
    assert [d.id for d in manual.documents] == ["PRO-3"]
    assert manual.withheld == {"PRO-1"} and manual.unpublished == {"PRO-2"}
    # The draft puts 8.1 at risk by name; the confidential document is never named.
    row = coverage_of(manual, "iso20000-1:2018").by_number["8.1"]
    assert row.state is State.AT_RISK and row.addresses == []
    assert [(r.kind, r.document) for r in row.reasons] == [("draft", "PRO-2")]
    public = load(tmp_path, settings(audience="public"), as_of=AS_OF)
    assert [d.id for d in public.documents] == ["PRO-3"]
    everything = load(tmp_path, settings(audience="confidential", drafts="include"), as_of=AS_OF)
    assert [d.id for d in everything.documents] == ["PRO-1", "PRO-2", "PRO-3"]
