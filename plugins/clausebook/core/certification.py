"""The certification cycle: a certificate's three years, its audits, its renewal window.

A certificate is valid for three years from its issue; the certification body audits the
system twice in between (surveillance, usually 12 and 24 months after issue) and the
organisation applies for recertification in a window before expiry (usually 6 to 3 months
before). :func:`cycle_of` works out, for one certificate and one as-of date (the date reviews
are judged on), where the cycle stands; :func:`findings_of` turns that into findings logged
like overdue reviews. Everything takes its inputs as arguments, so that one organisational
unit's certificate can be judged as well as the whole system's.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from clausebook.core.findings import Finding, severity_of
from clausebook.core.interval import Interval
from clausebook.core.problems import Problem, Severity
from clausebook.core.settings import AuditHeld, Certification, OperationSettings, RenewalWindow

#: A certificate is valid for three years (ISO/IEC 17021-1 9.6.3).
VALIDITY = Interval(3, "year")
#: Surveillance audits, by default, so long after the issue.
SURVEILLANCE_AFTER = (Interval(12, "month"), Interval(24, "month"))
FIELD = "plugins.clausebook.certification"


class SurveillanceState(StrEnum):
    SCHEDULED = "scheduled"
    DUE_SOON = "due-soon"
    OVERDUE = "overdue"
    COMPLETE = "complete"


class RenewalState(StrEnum):
    NOT_YET_OPEN = "not-yet-open"
    OPEN = "open"
    CLOSING = "closing"
    MISSED = "missed"
    APPLIED = "applied"


class CertificateState(StrEnum):
    NOT_YET_VALID = "not-yet-valid"
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"


@dataclass(frozen=True)
class PlannedAudit:
    """A surveillance audit of the cycle: its planned (or agreed) date and the audit held."""

    number: int
    date: dt.date
    held: AuditHeld | None = None


@dataclass(frozen=True)
class Cycle:
    """Where one certificate's cycle stands on the as-of date."""

    standard: str
    name: str
    certification: Certification
    as_of: dt.date
    issued: dt.date
    expires: dt.date
    surveillance: tuple[PlannedAudit, ...]
    #: Audits held (in date order), those dated after the as-of date left out.
    audits: tuple[AuditHeld, ...]
    renewal_opens: dt.date
    renewal_closes: dt.date

    @property
    def next_surveillance(self) -> PlannedAudit | None:
        return next((p for p in self.surveillance if p.held is None), None)

    @property
    def surveillance_days(self) -> int | None:
        planned = self.next_surveillance
        return None if planned is None else (planned.date - self.as_of).days

    def surveillance_state(self, due_soon_days: int) -> SurveillanceState:
        days = self.surveillance_days
        if days is None:
            return SurveillanceState.COMPLETE
        if days < 0:
            return SurveillanceState.OVERDUE
        return SurveillanceState.DUE_SOON if days <= due_soon_days else SurveillanceState.SCHEDULED

    @property
    def applied(self) -> dt.date | None:
        """When recertification was applied for: the date written, or a recertification
        audit already held in this cycle."""
        if self.certification.applied is not None:
            return self.certification.applied
        held = [a.date for a in self.audits if a.type == "recertification" and a.date > self.issued]
        return min(held) if held else None

    def renewal_state(self, closing_days: int) -> RenewalState:
        """The window is open from ``renewal_opens`` to ``renewal_closes``, both days
        included, and *closing* in its last ``closing_days`` days."""
        if self.applied is not None:
            return RenewalState.APPLIED
        if self.as_of < self.renewal_opens:
            return RenewalState.NOT_YET_OPEN
        left = (self.renewal_closes - self.as_of).days
        if left < 0:
            return RenewalState.MISSED
        return RenewalState.CLOSING if left <= closing_days else RenewalState.OPEN

    @property
    def days_to_expiry(self) -> int:
        return (self.expires - self.as_of).days

    @property
    def certificate_state(self) -> CertificateState:
        """Valid through its expiry date; *expiring* once the renewal window has opened."""
        if self.as_of < self.issued:
            return CertificateState.NOT_YET_VALID
        if self.as_of > self.expires:
            return CertificateState.EXPIRED
        if self.as_of >= self.renewal_opens:
            return CertificateState.EXPIRING
        return CertificateState.VALID

    @property
    def last_audit(self) -> AuditHeld | None:
        return self.audits[-1] if self.audits else None

    def as_dict(self, settings: OperationSettings) -> dict[str, Any]:
        """The cycle as ``clausebook status --format json`` and the dashboard show it."""
        planned = self.next_surveillance
        cert = self.certification
        return {
            "standard": self.standard,
            "name": self.name,
            "certificate": cert.certificate,
            "body": cert.body,
            "scope": cert.scope,
            "issued": self.issued.isoformat(),
            "expires": self.expires.isoformat(),
            "days_to_expiry": self.days_to_expiry,
            "state": self.certificate_state.value,
            "next_surveillance": planned.date.isoformat() if planned else None,
            "next_surveillance_number": planned.number if planned else None,
            "surveillance_state": self.surveillance_state(settings.due_soon_days).value,
            "surveillance": [
                {
                    "number": p.number,
                    "planned": p.date.isoformat(),
                    "held": p.held.date.isoformat() if p.held else None,
                }
                for p in self.surveillance
            ],
            "renewal_opens": self.renewal_opens.isoformat(),
            "renewal_closes": self.renewal_closes.isoformat(),
            "renewal_state": self.renewal_state(settings.closing_days).value,
            "applied": self.applied.isoformat() if self.applied else None,
            "audits": [
                {
                    "date": a.date.isoformat(),
                    "type": a.type,
                    "result": a.result,
                    "report": a.report,
                    "scope": a.scope,
                }
                for a in self.audits
            ],
        }


def cycles(
    certifications: dict[str, Certification],
    names: dict[str, str],
    as_of: dt.date,
) -> tuple[list[Cycle], list[Problem]]:
    """The cycle of each certificate of a standard in scope (``names``: id -> name), and
    what is wrong with what was written. A mistake in one field is reported and that field
    replaced by its default: the rest of the certificate is still judged."""
    found: list[Cycle] = []
    problems: list[Problem] = []
    for standard, certification in certifications.items():
        where = f"{FIELD}.{standard}"
        if standard not in names:
            match = difflib.get_close_matches(standard, list(names), n=1, cutoff=0.6)
            problems.append(
                Problem.of(
                    "CB550",
                    f"'{standard}' is not a standard in scope "
                    f"(in scope: {', '.join(names) or 'none'})",
                    field=where,
                    suggestion=match[0] if match else None,
                )
            )
            continue
        cycle, wrong = cycle_of(standard, names[standard], certification, as_of)
        found.append(cycle)
        problems += wrong
    return found, problems


def cycle_of(
    standard: str, name: str, certification: Certification, as_of: dt.date
) -> tuple[Cycle, list[Problem]]:
    """One certificate's cycle and the problems of what was written for it."""
    where = f"{FIELD}.{standard}"
    problems: list[Problem] = []
    issued = certification.issued
    expires = certification.expires or VALIDITY.after(issued)
    if expires <= issued:
        problems.append(
            Problem.of(
                "CB551",
                f"expires {expires} is not after issued {issued}; the usual three years "
                f"({VALIDITY.after(issued)}) are used until it is corrected",
                field=f"{where}.expires",
                suggestion=VALIDITY.after(issued).isoformat(),
            )
        )
        expires = VALIDITY.after(issued)
    audits = []
    for index, audit in enumerate(certification.audits):
        if audit.date > as_of:
            problems.append(
                Problem.of(
                    "CB552",
                    f"the {audit.type} audit of {audit.date} is after the as-of date {as_of}: "
                    "an audit is listed once it has been held",
                    field=f"{where}.audits.{index}.date",
                )
            )
        else:
            audits.append(audit)
    audits.sort(key=lambda a: a.date)
    planned_dates = _planned(certification, issued, expires, where, problems)
    held = [a for a in audits if a.type == "surveillance" and a.date >= issued]
    surveillance = tuple(
        PlannedAudit(n + 1, day, held[n] if n < len(held) else None)
        for n, day in enumerate(planned_dates)
    )
    opens, closes = _window(certification.renewal, expires, where, problems)
    cycle = Cycle(
        standard=standard,
        name=name,
        certification=certification,
        as_of=as_of,
        issued=issued,
        expires=expires,
        surveillance=surveillance,
        audits=tuple(audits),
        renewal_opens=opens,
        renewal_closes=closes,
    )
    return cycle, problems


def _planned(
    certification: Certification,
    issued: dt.date,
    expires: dt.date,
    where: str,
    problems: list[Problem],
) -> list[dt.date]:
    default = [interval.after(issued) for interval in SURVEILLANCE_AFTER]
    agreed = certification.surveillance
    if agreed is None:
        return default
    for index, day in enumerate(agreed):
        earlier = agreed[index - 1] if index else None
        if not issued < day < expires or (earlier is not None and day <= earlier):
            problems.append(
                Problem.of(
                    "CB553",
                    f"surveillance date {day} is not between issued {issued} and expires "
                    f"{expires}, after the one before it; the usual dates "
                    f"({', '.join(d.isoformat() for d in default)}) are used until it is "
                    "corrected",
                    field=f"{where}.surveillance.{index}",
                )
            )
            return default
    return list(agreed)


def _window(
    window: RenewalWindow, expires: dt.date, where: str, problems: list[Problem]
) -> tuple[dt.date, dt.date]:
    opens = Interval.parse(window.opens).before(expires)
    closes = Interval.parse(window.closes).before(expires)
    if opens >= closes:
        default = RenewalWindow()
        problems.append(
            Problem.of(
                "CB554",
                f"the renewal window would open on {opens} and close on {closes}; the usual "
                f"window ({default.opens} to {default.closes} before expiry) is used until "
                "it is corrected",
                field=f"{where}.renewal",
            )
        )
        return _window(default, expires, where, problems)
    return opens, closes


def findings_of(cycle: Cycle, settings: OperationSettings) -> list[Finding]:
    """What the cycle's state says, at the operation's log level (notices for what is
    merely coming)."""
    level = severity_of(settings.log_level)
    out: list[Finding] = []
    where = f"{FIELD}.{cycle.standard}"

    def add(kind: str, code: str, message: str, field: str, severity: Severity | None) -> None:
        problem = Problem.of(code, f"{cycle.name}: {message}", field=field, severity=severity)
        out.append(Finding(kind, problem, cycle.standard))

    state = cycle.certificate_state
    if state is CertificateState.EXPIRED:
        add(
            "certificate-expired",
            "CB856",
            f"certificate {cycle.certification.certificate} expired on {cycle.expires}",
            f"{where}.expires",
            level,
        )
        return out  # an expired certificate has no audits or window left to judge
    if state is CertificateState.EXPIRING:
        add(
            "certificate-expiring",
            "CB855",
            f"certificate {cycle.certification.certificate} expires on {cycle.expires} "
            f"(in {cycle.days_to_expiry} days)",
            f"{where}.expires",
            None,
        )
    planned = cycle.next_surveillance
    surveillance = cycle.surveillance_state(settings.due_soon_days)
    if planned is not None and surveillance is SurveillanceState.OVERDUE:
        add(
            "surveillance-overdue",
            "CB850",
            f"surveillance audit {planned.number} was due on {planned.date} "
            f"({-(cycle.surveillance_days or 0)} days ago) and none is recorded",
            f"{where}.audits",
            level,
        )
    elif planned is not None and surveillance is SurveillanceState.DUE_SOON:
        add(
            "surveillance-due",
            "CB851",
            f"surveillance audit {planned.number} is due on {planned.date} "
            f"(in {cycle.surveillance_days} days)",
            f"{where}.surveillance",
            None,
        )
    renewal = cycle.renewal_state(settings.closing_days)
    window = f"{cycle.renewal_opens} to {cycle.renewal_closes}"
    if renewal is RenewalState.OPEN:
        add("renewal-open", "CB852", f"the renewal window is open ({window})", where, None)
    elif renewal is RenewalState.CLOSING:
        add(
            "renewal-closing",
            "CB853",
            f"the renewal window closes on {cycle.renewal_closes} "
            f"(in {(cycle.renewal_closes - cycle.as_of).days} days) and no application is "
            "recorded",
            f"{where}.applied",
            level,
        )
    elif renewal is RenewalState.MISSED:
        add(
            "renewal-missed",
            "CB854",
            f"the renewal window ({window}) closed with no application recorded",
            f"{where}.applied",
            level,
        )
    return out


def events(cycle: Cycle) -> Iterable[tuple[str, dt.date, str]]:
    """The dates of the cycle for a calendar: (kind, date, detail)."""
    for planned in cycle.surveillance:
        if planned.held is None:
            yield "surveillance", planned.date, str(planned.number)
    for audit in cycle.audits:
        yield f"audit-{audit.type}", audit.date, audit.result
    yield "renewal-opens", cycle.renewal_opens, ""
    yield "renewal-closes", cycle.renewal_closes, ""
    yield "expires", cycle.expires, cycle.certification.certificate
