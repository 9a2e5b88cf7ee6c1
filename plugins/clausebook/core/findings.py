"""Findings: what the management system's operation says is late, missing or coming.

A finding is a :class:`Problem` (it is logged, counted by ``clausebook check`` and fails
``--strict`` like any other) with a ``kind`` that names the rule it comes from, so that the
dashboard and ``clausebook status`` can group and count them without parsing messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from clausebook.core.problems import Problem, Severity

Level = Literal["info", "warn", "error"]

_SEVERITY = {"info": Severity.INFO, "warn": Severity.WARNING, "error": Severity.ERROR}


def severity_of(level: Level) -> Severity:
    """The severity of a finding logged at ``level`` (the options' spelling of it)."""
    return _SEVERITY[level]


@dataclass(frozen=True)
class Finding:
    """One rule of the operation that fails, or one date worth knowing, with its kind."""

    kind: str
    problem: Problem
    #: The standard (certification findings) or record kind (record findings) concerned.
    subject: str

    @property
    def severity(self) -> Severity:
        return self.problem.severity

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "subject": self.subject, **self.problem.as_dict()}
