"""Applicability: which requirements of a standard may be left out of a management system,
and how the organisation says so.

Each catalogue carries its standard's rule as data (``applicability:`` in its YAML, with the
public sources it rests on): which clauses can never be excluded, which may be with a
justification, where a "not applicable" deserves a second look, and which processes may be
operated by another party. The organisation's decisions come from its Statement of
Applicability (a controlled document of type ``soa``) or, in the older form, from the
``exclusions`` option in ``mkdocs.yml``. :func:`decide` holds the decisions against the rule:
a forbidden exclusion is refused (and reported), never shown as excluded.

Everything here takes the documents and declarations it is given, not a whole manual, so
the same functions serve one organisational unit as well as the whole system.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from clausebook.core.catalogue import Catalogue
from clausebook.core.document import Document
from clausebook.core.metadata import DocType, ImplementationStatus, Status
from clausebook.core.problems import Problem


class Verdict(StrEnum):
    """What the standard's rule says about excluding one clause."""

    ALLOWED = "allowed"
    WARN = "warn"  # allowed, but worth a second look (ISO 9001 outside clauses 7-8)
    FORBIDDEN = "forbidden"


def within(catalogue: Catalogue, number: str, roots: Iterable[str]) -> bool:
    """Whether ``number`` is one of ``roots`` or lies below one of them."""
    wanted = set(roots)
    current: str | None = number
    while current is not None:
        if current in wanted:
            return True
        clause = catalogue.clauses.get(current)
        current = clause.parent if clause else None
    return False


def verdict(catalogue: Catalogue, number: str) -> Verdict:
    """The rule's answer to "may ``number`` be declared not applicable?"."""
    rule = catalogue.applicability
    if within(catalogue, number, rule.mandatory):
        return Verdict.FORBIDDEN
    if rule.excludable is not None and not within(catalogue, number, rule.excludable):
        return Verdict.FORBIDDEN
    if rule.warn_outside and not within(catalogue, number, rule.warn_outside):
        return Verdict.WARN
    return Verdict.ALLOWED


@dataclass(frozen=True)
class Declaration:
    """One clause's applicability as the organisation declared it, and where it did."""

    standard: str
    clause: str
    applicable: bool = True
    justification: str | None = None
    status: ImplementationStatus | None = None
    owner: str | None = None
    operated_by: str | None = None
    controlled_by: str | None = None
    #: The Statement of Applicability declaring it (None: the ``exclusions`` option).
    document: Document | None = None
    file: str | None = None
    line: int | None = None
    field: str | None = None


@dataclass
class Decisions:
    """The applicability of one standard's clauses, as the rule lets it stand."""

    catalogue: Catalogue
    #: Clauses declared not applicable and allowed to be, with the justification.
    excluded: dict[str, str] = field(default_factory=dict)
    #: Exclusions the standard forbids: the clause keeps its real state.
    refused: dict[str, Declaration] = field(default_factory=dict)
    #: Clauses whose process another party operates (20000-1 8.2.3), by clause.
    other_party: dict[str, Declaration] = field(default_factory=dict)
    #: Every declaration for this standard, by clause (the SoA rows).
    declared: dict[str, Declaration] = field(default_factory=dict)
    #: The Statement of Applicability these decisions come from, if any.
    soa: Document | None = None


def declarations_of(document: Document) -> list[Declaration]:
    """The declarations of a Statement of Applicability, one per clause it lists."""
    found = []
    for standard, entries in document.meta.applicability.items():
        for number, entry in entries.items():
            path = f"applicability.{standard}.{number}"
            found.append(
                Declaration(
                    standard=standard,
                    clause=number,
                    applicable=entry.applicable,
                    justification=entry.justification,
                    status=entry.status,
                    owner=entry.owner,
                    operated_by=entry.operated_by,
                    controlled_by=entry.controlled_by,
                    document=document,
                    file=document.src_uri,
                    line=document.line_of(path),
                    field=path,
                )
            )
    return found


def option_declarations(
    exclusions: dict[str, dict[str, str]], prefix: str = "plugins.clausebook"
) -> list[Declaration]:
    """An ``exclusions`` option of ``mkdocs.yml`` (the group's, or a unit's under
    ``prefix``) as declarations: the older form of a Statement of Applicability."""
    return [
        Declaration(
            standard=standard,
            clause=number,
            applicable=False,
            justification=why,
            field=f"{prefix}.exclusions.{standard}.{number}",
        )
        for standard, clauses in exclusions.items()
        for number, why in clauses.items()
    ]


def soas_in_force(documents: Iterable[Document], standard: str) -> list[Document]:
    """The effective Statements of Applicability of ``standard`` among ``documents`` (one,
    when the manual is in order)."""
    return [
        d
        for d in documents
        if d.meta.type is DocType.SOA
        and d.meta.status is Status.EFFECTIVE
        and standard in d.meta.applicability
    ]


def decide(
    catalogue: Catalogue,
    declarations: Iterable[Declaration],
    known_ids: set[str],
    soa: Document | None = None,
) -> tuple[Decisions, list[Problem]]:
    """Hold each declaration for ``catalogue`` against its rule.

    ``known_ids`` are the documents that may be named as controlling another party's work.
    Problems are returned for every declaration, whether it comes from an effective
    Statement of Applicability or from a draft still being written.
    """
    decisions = Decisions(catalogue, soa=soa)
    problems: list[Problem] = []
    rule = catalogue.applicability
    for d in declarations:
        if d.standard != catalogue.id:
            continue

        problem = functools.partial(_problem, d)
        if d.clause not in catalogue.clauses:
            message = f"clause {d.clause} is not in {catalogue.name}"
            suggestion = catalogue.suggest(d.clause)
            if d.document is None:  # mkdocs.yml: the standard's entry is the place to look
                where = (d.field or "").removesuffix(f".{d.clause}")
                problems.append(Problem.of("CB504", message, field=where, suggestion=suggestion))
            else:
                problems.append(problem("CB404", message, suggestion))
            continue
        counts = d.document is None or d.document is soa
        if counts:
            decisions.declared[d.clause] = d
        if d.operated_by or d.controlled_by:
            problems += _other_party(catalogue, d, known_ids, problem)
            if counts and d.operated_by and d.controlled_by in known_ids:
                decisions.other_party[d.clause] = d
        if d.applicable:
            if d.status is ImplementationStatus.NOT_APPLICABLE:
                problems.append(
                    problem(
                        "CB332",
                        f"clause {d.clause} is applicable but its status is 'not-applicable'",
                    )
                )
            continue
        why = (d.justification or "").strip()
        if not why:
            code = "CB504" if d.document is None else "CB331"
            problems.append(problem(code, f"exclusion of {d.clause} needs a justification"))
            continue
        judged = verdict(catalogue, d.clause)
        if judged is Verdict.FORBIDDEN:
            problems.append(
                problem(
                    "CB430",
                    f"{catalogue.name} {d.clause} cannot be excluded: {rule.rule}",
                )
            )
            if counts:
                decisions.refused[d.clause] = d
            continue
        if judged is Verdict.WARN:
            problems.append(
                problem(
                    "CB431",
                    f"{catalogue.name} {d.clause} is declared not applicable outside "
                    f"clauses {' and '.join(rule.warn_outside)}: {rule.rule}",
                )
            )
        if d.status not in (None, ImplementationStatus.NOT_APPLICABLE):
            problems.append(
                problem(
                    "CB332",
                    f"clause {d.clause} is not applicable but its status is '{d.status}'",
                )
            )
        if counts:
            decisions.excluded[d.clause] = why
            for child in catalogue.descendants(d.clause):
                decisions.excluded.setdefault(child, why)
    return decisions, problems


def _problem(d: Declaration, code: str, message: str, suggestion: str | None = None) -> Problem:
    """A problem located where the declaration was written (SoA line, or mkdocs.yml field)."""
    return Problem.of(code, message, file=d.file, line=d.line, field=d.field, suggestion=suggestion)


def _other_party(
    catalogue: Catalogue,
    d: Declaration,
    known_ids: set[str],
    make: Callable[[str, str], Problem],
) -> list[Problem]:
    """An "operated by another party" entry: allowed by the rule, naming both the party and
    the document through which the organisation controls it (20000-1 8.2.3)."""
    rule = catalogue.applicability
    found = []
    if not within(catalogue, d.clause, rule.other_party):
        where = ", ".join(rule.other_party) or "no clause"
        found.append(
            make(
                "CB432",
                f"{catalogue.name} {d.clause} cannot be operated by another party "
                f"(allowed in: {where})",
            )
        )
    elif not (d.operated_by and d.controlled_by):
        missing = "controlled_by" if d.operated_by else "operated_by"
        found.append(
            make(
                "CB432",
                f"clause {d.clause} operated by another party needs '{missing}' "
                "(the party and the document that controls it)",
            )
        )
    elif d.controlled_by not in known_ids:
        found.append(
            make(
                "CB432",
                f"'{d.controlled_by}' (controlled_by of {d.clause}) names no document",
            )
        )
    if not d.applicable and (d.operated_by or d.controlled_by):
        found.append(
            make(
                "CB432",
                f"clause {d.clause} is operated by another party: it stays applicable "
                "(remove 'applicable: no')",
            )
        )
    return found
