"""Records: their fields, recency rules per kind, review inputs, retention."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clausebook.core import manual as core
from clausebook.core.records import RecencyState
from clausebook.core.schedule import review_of
from clausebook.core.settings import Settings
from corekit import AS_OF, settings, write

RECORD = """\
---
id: {id}
title: Record {id}
type: record
owner: Quality Manager
approver: Head of IT
revision: "1.0"
status: effective
approved: {date}
effective: {date}
{extra}
history:
  - revision: "1.0"
    date: {date}
    summary: Recorded
---
Minutes.
"""


def record(root: Path, doc_id: str, kind: str | None, date: str, extra: str = "") -> None:
    lines = ([f"record_of: {kind}"] if kind else []) + [f"date: {date}"]
    folder = root / "procedures"
    folder.mkdir(exist_ok=True)
    text = RECORD.format(id=doc_id, date=date, extra="\n".join([*lines, extra]).strip())
    (folder / f"{doc_id.lower()}.md").write_text(text, "utf-8")


def load(root: Path, **options: object) -> core.Manual:
    return core.load(root, settings(**options), as_of=AS_OF)


def codes(manual: core.Manual) -> list[tuple[str, str | None, str | None]]:
    return [(p.code, p.file, p.field) for p in manual.problems]


def test_recency_rules_per_kind_with_overrides_and_a_kind_of_the_users(tmp_path: Path) -> None:
    write(tmp_path, "PRO-AUD-01")
    record(tmp_path, "REC-IA-01", "internal-audit", "2026-04-01")  # 8 months before AS_OF
    record(tmp_path, "REC-IA-00", "internal-audit", "2025-10-01")
    record(tmp_path, "REC-MR-01", "management-review", "2025-11-20")  # 12 months + 4 days
    manual = load(
        tmp_path,
        operation={
            "records": {
                "internal-audit": {"within": "6 months"},
                "supplier-evaluation": {"within": "12 months", "level": "error"},
            }
        },
    )
    assert manual.operation is not None
    by_kind = {r.kind: r for r in manual.operation.recency}
    audit = by_kind["internal-audit"]
    assert (audit.state, audit.count, audit.due) == (
        RecencyState.OVERDUE,
        2,
        dt.date(2026, 10, 1),
    )
    assert audit.last is not None and audit.last.document.id == "REC-IA-01"
    assert by_kind["management-review"].state is RecencyState.OVERDUE
    assert by_kind["supplier-evaluation"].state is RecencyState.MISSING
    assert by_kind["corrective-action"].state is RecencyState.NO_RULE
    findings = {(f.kind, f.subject, str(f.severity)) for f in manual.operation.findings}
    assert ("record-overdue", "internal-audit", "warning") in findings
    assert ("record-missing", "supplier-evaluation", "error") in findings
    assert manual.operation.failing[0].subject == "supplier-evaluation"


def test_recency_states_at_their_boundaries(tmp_path: Path) -> None:
    record(tmp_path, "REC-IA-01", "internal-audit", "2025-11-24")
    for day, state in [
        (dt.date(2026, 9, 24), RecencyState.OK),  # 61 days before due
        (dt.date(2026, 9, 25), RecencyState.DUE_SOON),  # 60 days: due_soon_days
        (dt.date(2026, 11, 24), RecencyState.DUE_SOON),  # due today
        (dt.date(2026, 11, 25), RecencyState.OVERDUE),
    ]:
        manual = core.load(tmp_path, settings(), as_of=day)
        assert manual.operation is not None
        audit = next(r for r in manual.operation.recency if r.kind == "internal-audit")
        assert audit.state is state, day


def test_a_manual_without_records_or_certificate_is_not_told_to_keep_them(
    tmp_path: Path,
) -> None:
    write(tmp_path, "PRO-CHG-01")
    manual = load(tmp_path)
    assert manual.operation is not None
    assert manual.operation.findings == []
    states = {r.kind: r.state for r in manual.operation.recency}
    assert states["internal-audit"] is RecencyState.MISSING  # still shown on the dashboard


def test_records_are_not_reviewed_and_their_bad_fields_are_problems(tmp_path: Path) -> None:
    write(tmp_path, "PRO-AUD-01")
    record(tmp_path, "REC-1", "internal-audt", "2026-01-10", "reviewed: 2026-02-01")
    record(tmp_path, "REC-2", None, "2027-01-01", "closed: 2026-12-31\nprocedure: PRO-AUD-1")
    record(tmp_path, "REC-3", "management-review", "2026-06-01", "inputs: [adequacy-of-resource]")
    manual = load(tmp_path)
    found = codes(manual)
    assert ("CB350", "procedures/rec-1.md", "reviewed") in found
    assert ("CB353", "procedures/rec-1.md", "record_of") in found
    assert ("CB351", "procedures/rec-2.md", "record_of") in found
    assert ("CB352", "procedures/rec-2.md", "date") in found
    assert ("CB355", "procedures/rec-2.md", "closed") in found
    assert ("CB450", "procedures/rec-2.md", "procedure") in found
    assert ("CB354", "procedures/rec-3.md", "inputs.0") in found
    by_code = {p.code: p for p in manual.problems}
    assert by_code["CB353"].suggestion == "internal-audit"
    assert by_code["CB450"].suggestion == "PRO-AUD-01"
    assert by_code["CB354"].suggestion == "adequacy-of-resources"
    assert by_code["CB350"].line == 13  # the line of "reviewed" in the file
    # Nothing else is lost: every record is still in the edition, none is reviewed.
    assert {"REC-1", "REC-2", "REC-3"} <= set(manual.by_id)
    assert all(review_of(manual.by_id[i], Settings(), AS_OF) is None for i in ("REC-1",))
    # A record dated after the as-of date is no evidence yet.
    assert manual.operation is not None
    assert "REC-2" not in {r.document.id for r in manual.operation.records}


def test_record_fields_on_a_procedure_are_a_problem(tmp_path: Path) -> None:
    write(tmp_path, "PRO-AUD-01")
    path = tmp_path / "procedures" / "pro-aud-01.md"
    path.write_text(path.read_text("utf-8").replace("clauses:", "retain: 6 years\nclauses:"))
    assert ("CB250", "procedures/pro-aud-01.md", "retain") in codes(load(tmp_path))


def test_a_management_review_covers_the_inputs_of_each_standard_it_evidences(
    tmp_path: Path,
) -> None:
    inputs = (
        "[actions-from-previous-reviews, changes-in-issues, performance-and-effectiveness, "
        "adequacy-of-resources, risk-actions-effectiveness, improvement-opportunities]"
    )
    record(
        tmp_path,
        "REC-MR-01",
        "management-review",
        "2026-06-01",
        f"inputs: {inputs}\nclauses: {{iso9001:2015: ['9.3'], iso27001:2022: ['9.3']}}",
    )
    manual = load(tmp_path, standards=["iso9001:2015", "iso27001:2022", "iso20000-1:2018"])
    assert manual.operation is not None
    gaps = {g.catalogue.id: [i.id for i in g.missing] for g in manual.operation.gaps}
    # ISO 9001 is covered in full; 27001 lacks three; 20000-1 is not evidenced by the record.
    assert gaps == {
        "iso27001:2022": [
            "changes-in-interested-parties",
            "interested-party-feedback",
            "risk-assessment-results",
        ]
    }
    finding = next(f for f in manual.operation.findings if f.kind == "review-inputs-missing")
    assert finding.problem.code == "CB858"
    assert "ISO/IEC 27001:2022 9.3.2" in finding.problem.message


def test_retention_counts_from_closing_and_says_when_a_record_may_go(tmp_path: Path) -> None:
    record(tmp_path, "REC-CA-01", "corrective-action", "2019-01-10", "closed: 2020-03-31")
    record(tmp_path, "REC-TR-01", "training", "2018-02-01", "retain: 3 years")
    manual = load(tmp_path, operation={"retain": "6 years"})
    assert manual.operation is not None
    by_id = {r.document.id: r for r in manual.operation.records}
    assert by_id["REC-CA-01"].dispose_after == dt.date(2026, 3, 31)
    assert by_id["REC-TR-01"].dispose_after == dt.date(2021, 2, 1)
    disposable = [f.problem.message for f in manual.operation.findings]
    assert any("REC-CA-01 was to be kept until 2026-03-31" in m for m in disposable)
