"""Required documented information: met, at risk, missing or not applicable, per standard."""

from __future__ import annotations

from pathlib import Path

from clausebook.core.catalogue import RequiredKind, built_in
from clausebook.core.manual import load, required_of
from clausebook.core.metadata import parse_date
from clausebook.core.required import ItemState
from clausebook.core.settings import RequiredSettings, Settings
from sitekit import AS_OF, document, write_site


def with_fields(text: str, extra: str) -> str:
    return text.replace("\n---\n", "\n" + extra.strip("\n") + "\n---\n", 1)


def manual_of(root: Path, documents: dict[str, str], **options: object):
    write_site(root, documents)
    settings = Settings(sources=["manual", "procedures"], standards=["iso27001:2022"], **options)
    return load(root, settings, as_of=parse_date(AS_OF))


def test_each_item_is_met_at_risk_missing_or_not_applicable(tmp_path: Path) -> None:
    policy = with_fields(document("POL-01", "Security policy", type="policy"), "provides: [policy]")
    scope = document("MAN-01", "Scope", type="manual", clauses={"iso27001:2022": ["4.3"]})
    objectives = with_fields(
        document("PLN-01", "Objectives", type="plan", status="draft"), "provides: [objectives]"
    )
    overdue = document(
        "PRO-AUD-01",
        "Internal audit",
        effective="2025-01-10",
        reviewed="2025-09-12",
        clauses={"iso27001:2022": ["9.2.2"]},
    )
    manual = manual_of(
        tmp_path,
        {
            "manual/pol-01.md": policy,
            "manual/man-01.md": scope,
            "manual/pln-01.md": objectives,
            "procedures/pro-aud-01.md": overdue,
        },
        required_documents=RequiredSettings(log_level="warn"),
    )
    required = required_of(manual, "iso27001:2022")
    by_key = {s.item.key: s for s in required.items}
    assert by_key["policy"].state is ItemState.MET
    assert [(d.id, how) for d, how in by_key["policy"].documents] == [("POL-01", "provides")]
    assert by_key["scope"].state is ItemState.MET
    assert by_key["scope"].documents[0][1] == "mapping"
    # A draft left out of the edition: at risk, named, never among the documents shown.
    assert by_key["objectives"].state is ItemState.AT_RISK
    assert by_key["objectives"].documents == []
    assert [(r.kind, r.document) for r in by_key["objectives"].reasons] == [("draft", "PLN-01")]
    audit = by_key["audit-programme"]
    assert audit.state is ItemState.AT_RISK
    [reason] = audit.reasons
    assert reason.kind == "overdue" and reason.date == parse_date("2026-09-12")
    assert by_key["competence"].state is ItemState.MISSING
    # Missing items are reported at the level the user chose.
    missing = [p for p in manual.problems if p.code == "CB434"]
    assert missing and all(p.severity == "warning" for p in missing)
    assert any("Evidence of competence" in p.message for p in missing)
    assert len(missing) == required.counts[ItemState.MISSING]
    assert 0 < required.percent < 100


def test_an_excluded_clause_makes_its_item_not_applicable_and_typos_are_reported(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {"procedures/pro-01.md": with_fields(document("PRO-01", "P"), "provides: [polcy]")},
    )
    settings = Settings(
        sources=["manual", "procedures"],
        standards=["iso9001:2015"],
        exclusions={"iso9001:2015": {"7.1.5.2": "We calibrate nothing"}},
    )
    manual = load(tmp_path, settings, as_of=parse_date(AS_OF))
    required = required_of(manual, "iso9001:2015")
    by_key = {s.item.key: s for s in required.items}
    assert by_key["calibration-basis"].state is ItemState.NOT_APPLICABLE
    assert not [p for p in manual.problems if p.code == "CB434"]  # off by default
    [typo] = [p for p in manual.problems if p.code == "CB435"]
    assert typo.suggestion == "policy" and typo.file == "procedures/pro-01.md"


def test_required_lists_are_sourced_with_single_source_marks() -> None:
    for standard in ("iso20000-1:2018", "iso9001:2015", "iso27001:2022"):
        catalogue = built_in(standard)
        assert catalogue.required_provenance and "http" in catalogue.required_provenance
        kinds = {item.kind for item in catalogue.required}
        assert kinds == {RequiredKind.MAINTAIN, RequiredKind.RETAIN}
        for item in catalogue.required:
            assert item.clause in catalogue.clauses
            assert item.single_source == (len(item.sources) == 1), item.key
    assert any(not item.sources for item in built_in("iso20000-1:2018").required)
