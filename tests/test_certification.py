"""The certification cycle: every state around its boundaries, month ends and leap days."""

from __future__ import annotations

import datetime as dt

import pytest

from clausebook.core.certification import (
    CertificateState,
    RenewalState,
    SurveillanceState,
    cycle_of,
    cycles,
    findings_of,
)
from clausebook.core.interval import Interval
from clausebook.core.problems import Severity
from clausebook.core.settings import Certification, OperationSettings, Settings

D = dt.date
NAME = "ISO/IEC 20000-1:2018"


def cert(**fields: object) -> Certification:
    data: dict[str, object] = {
        "certificate": "CN-20000-0042",
        "body": "Example Certification Ltd",
        "issued": "2024-06-01",
    }
    data.update(fields)
    return Certification.model_validate(data)


def at(day: dt.date, **fields: object):
    cycle, problems = cycle_of("iso20000-1:2018", NAME, cert(**fields), day)
    assert problems == []
    return cycle


def test_the_pinned_interface_defaults_to_the_usual_three_year_cycle() -> None:
    settings = Settings.model_validate(
        {
            "certification": {
                "iso20000-1:2018": {
                    "certificate": "CN-20000-0042",
                    "body": "Example Certification Ltd",
                    "issued": dt.date(2024, 6, 1),  # as MkDocs' YAML loader gives it
                }
            }
        }
    )
    cycle = at(D(2025, 1, 1), **settings.certification["iso20000-1:2018"].model_dump())
    assert cycle.expires == D(2027, 6, 1)
    assert [p.date for p in cycle.surveillance] == [D(2025, 6, 1), D(2026, 6, 1)]
    assert (cycle.renewal_opens, cycle.renewal_closes) == (D(2026, 12, 1), D(2027, 3, 1))


def test_months_clamp_to_the_month_end_and_leap_days_to_february_28() -> None:
    leap = at(D(2024, 3, 1), issued="2024-02-29")
    assert leap.expires == D(2027, 2, 28)
    assert [p.date for p in leap.surveillance] == [D(2025, 2, 28), D(2026, 2, 28)]
    month_end = at(D(2024, 9, 1), issued="2024-08-31", expires="2027-08-31")
    assert month_end.renewal_opens == D(2027, 2, 28)  # 6 months before Aug 31
    assert month_end.renewal_closes == D(2027, 5, 31)
    assert Interval(3, "month").before(D(2028, 5, 31)) == D(2028, 2, 29)


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (D(2024, 5, 31), CertificateState.NOT_YET_VALID),
        (D(2024, 6, 1), CertificateState.VALID),
        (D(2026, 11, 30), CertificateState.VALID),
        (D(2026, 12, 1), CertificateState.EXPIRING),  # the renewal window opens
        (D(2027, 6, 1), CertificateState.EXPIRING),  # valid through its expiry day
        (D(2027, 6, 2), CertificateState.EXPIRED),
    ],
)
def test_certificate_states_change_on_the_day(day: dt.date, state: CertificateState) -> None:
    assert at(day).certificate_state is state


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (D(2026, 11, 30), RenewalState.NOT_YET_OPEN),
        (D(2026, 12, 1), RenewalState.OPEN),
        (D(2027, 1, 29), RenewalState.OPEN),  # 31 days before closing
        (D(2027, 1, 30), RenewalState.CLOSING),  # 30 days before: closing_days
        (D(2027, 3, 1), RenewalState.CLOSING),  # the last day of the window
        (D(2027, 3, 2), RenewalState.MISSED),
    ],
)
def test_renewal_window_states(day: dt.date, state: RenewalState) -> None:
    assert at(day).renewal_state(30) is state


def test_an_application_or_a_recertification_audit_ends_the_window() -> None:
    assert at(D(2027, 4, 1), applied="2027-01-10").renewal_state(30) is RenewalState.APPLIED
    audit = {"date": "2027-02-20", "type": "recertification", "result": "recommended"}
    assert at(D(2027, 4, 1), audits=[audit]).renewal_state(30) is RenewalState.APPLIED


@pytest.mark.parametrize(
    ("day", "state", "days"),
    [
        (D(2025, 4, 1), SurveillanceState.SCHEDULED, 61),
        (D(2025, 4, 2), SurveillanceState.DUE_SOON, 60),
        (D(2025, 6, 1), SurveillanceState.DUE_SOON, 0),
        (D(2025, 6, 2), SurveillanceState.OVERDUE, -1),
    ],
)
def test_surveillance_states(day: dt.date, state: SurveillanceState, days: int) -> None:
    cycle = at(day)
    assert cycle.surveillance_state(60) is state
    assert cycle.surveillance_days == days


def test_held_audits_move_the_next_surveillance_on_and_agreed_dates_replace_the_default() -> None:
    first = {"date": "2025-06-20", "type": "surveillance", "result": "no nonconformities"}
    cycle = at(D(2025, 7, 1), audits=[first], surveillance=["2025-06-15", "2026-05-20"])
    assert cycle.next_surveillance is not None
    assert (cycle.next_surveillance.number, cycle.next_surveillance.date) == (2, D(2026, 5, 20))
    second = {"date": "2026-05-21", "type": "surveillance", "result": "1 minor"}
    done = at(D(2026, 7, 1), audits=[first, second])
    assert done.surveillance_state(60) is SurveillanceState.COMPLETE


def test_findings_follow_the_log_level_and_stop_at_an_expired_certificate() -> None:
    overdue = findings_of(at(D(2025, 7, 1)), OperationSettings(log_level="error"))
    assert [(f.kind, f.problem.code, f.severity) for f in overdue] == [
        ("surveillance-overdue", "CB850", Severity.ERROR)
    ]
    missed = findings_of(at(D(2027, 3, 5)), OperationSettings())
    assert {f.kind for f in missed} == {
        "certificate-expiring",
        "surveillance-overdue",
        "renewal-missed",
    }
    assert next(f for f in missed if f.kind == "certificate-expiring").severity is Severity.INFO
    expired = findings_of(at(D(2027, 6, 2)), OperationSettings())
    assert [f.kind for f in expired] == ["certificate-expired"]
    assert "CN-20000-0042 expired on 2027-06-01" in expired[0].problem.message


def test_bad_input_is_reported_by_field_and_the_rest_still_judged() -> None:
    certification = cert(
        expires="2024-01-01",
        audits=[
            {"date": "2025-06-10", "type": "surveillance", "result": "ok"},
            {"date": "2030-01-01", "type": "surveillance", "result": "ok"},
        ],
        surveillance=["2025-06-01", "2025-05-01"],
        renewal={"opens": "3 months", "closes": "6 months"},
    )
    cycle, problems = cycle_of("iso20000-1:2018", NAME, certification, D(2025, 7, 1))
    where = "plugins.clausebook.certification.iso20000-1:2018"
    assert [(p.code, p.field) for p in problems] == [
        ("CB551", f"{where}.expires"),
        ("CB552", f"{where}.audits.1.date"),
        ("CB553", f"{where}.surveillance.1"),
        ("CB554", f"{where}.renewal"),
    ]
    assert problems[0].suggestion == "2027-06-01"
    # Defaults stand in for what is wrong; the audit held still counts.
    assert cycle.expires == D(2027, 6, 1)
    assert [a.date for a in cycle.audits] == [D(2025, 6, 10)]
    assert cycle.next_surveillance is not None and cycle.next_surveillance.number == 2
    assert cycle.renewal_opens == D(2026, 12, 1)


def test_a_certificate_of_a_standard_not_in_scope_is_named_with_a_suggestion() -> None:
    found, problems = cycles({"iso20000-1:2108": cert()}, {"iso20000-1:2018": NAME}, D(2025, 1, 1))
    assert found == []
    assert problems[0].code == "CB550"
    assert problems[0].suggestion == "iso20000-1:2018"


def test_as_dict_gives_iso_dates() -> None:
    shown = at(D(2025, 1, 1)).as_dict(OperationSettings())
    assert shown["expires"] == "2027-06-01"
    assert shown["state"] == "valid"
    assert shown["next_surveillance"] == "2025-06-01"
    assert shown["renewal_state"] == "not-yet-open"
