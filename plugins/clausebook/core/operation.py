"""The management system in operation: certification cycles and records, judged together.

:func:`assess` is what :func:`clausebook.core.manual.load` calls for the whole manual; it
takes the documents, catalogues and settings it judges as arguments, so that it can be
called once per organisational unit as well.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from clausebook.core import certification, records
from clausebook.core.catalogue import Catalogue
from clausebook.core.certification import Cycle
from clausebook.core.config_lines import locate as locate_lines
from clausebook.core.document import Document
from clausebook.core.findings import Finding
from clausebook.core.problems import Problem, Severity
from clausebook.core.records import InputGap, Recency, Record
from clausebook.core.settings import Certification, OperationSettings


@dataclass
class Operation:
    """Where the certification cycles and the records stand on the as-of date."""

    as_of: dt.date
    settings: OperationSettings
    cycles: list[Cycle] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    recency: list[Recency] = field(default_factory=list)
    gaps: list[InputGap] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    #: Mistakes in what was written (certification options, record fields).
    problems: list[Problem] = field(default_factory=list)

    @property
    def failing(self) -> list[Finding]:
        """Findings at level error: ``clausebook status`` exits 1, the site is not built."""
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def last(self, kind: str) -> Record | None:
        return next((r for r in self.records if r.kind == kind), None)


def assess(
    *,
    shown: list[Document],
    checked: Iterable[Document],
    catalogues: dict[str, Catalogue],
    certifications: dict[str, Certification],
    settings: OperationSettings,
    as_of: dt.date,
) -> Operation:
    """Judge the records among ``shown`` (the documents of the edition or unit) and the
    certificates; check the record fields of every document in ``checked``."""
    checked = list(checked)
    operation = Operation(as_of, settings)
    names = {sid: c.name for sid, c in catalogues.items()}
    operation.cycles, problems = certification.cycles(certifications, names, as_of)
    known = {d.id for d in checked}
    problems += records.record_problems(checked, settings, catalogues.values(), known, as_of)
    operation.problems = problems
    # A record dated after the as-of date is a problem (CB352), not evidence yet.
    operation.records = [r for r in records.records_of(shown, settings) if r.date <= as_of]
    operation.recency = records.recency(operation.records, settings, as_of)
    operation.gaps = records.input_gaps(operation.records, catalogues.values())
    for cycle in operation.cycles:
        operation.findings += certification.findings_of(cycle, settings)
    operation.findings += records.findings_of(
        operation.recency,
        operation.gaps,
        operation.records,
        settings,
        as_of,
        expect_records=bool(operation.records or operation.cycles or settings.records),
    )
    return operation


def locate(operation: Operation, config_file: Path | None) -> None:
    """Give the problems and findings of the operation's options their line in mkdocs.yml."""
    if config_file is None:
        return
    operation.problems = locate_lines(operation.problems, config_file)
    findings = operation.findings
    problems = locate_lines([f.problem for f in findings], config_file)
    operation.findings = [
        dataclasses.replace(f, problem=problem)
        for f, problem in zip(findings, problems, strict=True)
    ]
