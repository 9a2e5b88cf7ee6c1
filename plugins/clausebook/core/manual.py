"""The management system as a whole: every document, every catalogue, every problem.

:func:`load` is the single entry point that the MkDocs plugin and every CLI command call, so
the site, the CLI and the exports are computed from the same :class:`Manual`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from clausebook.core import operation as operation_of
from clausebook.core.applicability import (
    Decisions,
    Declaration,
    decide,
    declarations_of,
    option_declarations,
    soas_in_force,
)
from clausebook.core.awareness import reader_problems
from clausebook.core.catalogue import Catalogue
from clausebook.core.catalogue import load as load_catalogue
from clausebook.core.coverage import Coverage, compute
from clausebook.core.document import Document, Mapping, slugify
from clausebook.core.evidence import gather
from clausebook.core.lints import lint
from clausebook.core.loader import ParseCache, find_sources, read_document
from clausebook.core.metadata import DocType, Status
from clausebook.core.natural import natural_key
from clausebook.core.problems import Problem, Severity, sort_problems
from clausebook.core.required import Required, assess, problems_of, unknown_keys
from clausebook.core.schedule import Review, ReviewState, schedule
from clausebook.core.settings import Settings, UnitSettings
from clausebook.core.units import (
    UnitView,
    all_sources,
    config_problems,
    document_problems,
    for_unit,
    unit_of,
    views,
)

Slugify = Callable[[str, str], str]


@dataclass
class Manual:
    """The documents of one edition, the catalogues in scope, and what is wrong.

    ``documents`` holds what the edition shows: documents classified above the audience are
    withheld, and drafts are unpublished unless ``drafts: include``; both are still checked.
    """

    root: Path
    settings: Settings
    as_of: dt.date
    catalogues: dict[str, Catalogue]
    documents: list[Document]
    problems: list[Problem]
    #: Ids of documents classified above the audience: never shown, linked or counted.
    withheld: set[str] = field(default_factory=set)
    #: Ids of drafts and documents in review left out of this edition (``drafts: exclude``).
    unpublished: set[str] = field(default_factory=set)
    #: Coverage by standard, as computed (see :func:`coverage_of`).
    coverage: dict[str, Coverage] = field(default_factory=dict, repr=False)
    #: Coverage by (unit code, standard), as computed (see :func:`unit_coverage_of`).
    #: Certification cycles and records on the as-of date (see :mod:`operation`).
    operation: operation_of.Operation | None = field(default=None, repr=False)
    unit_coverage: dict[tuple[str, str], Coverage] = field(default_factory=dict, repr=False)
    #: Applicability of each standard's clauses, as its rule lets the declarations stand.
    decisions: dict[str, Decisions] = field(default_factory=dict, repr=False)
    #: Every applicability declaration (Statements of Applicability, ``exclusions``).
    declarations: list[Declaration] = field(default_factory=list, repr=False)
    #: Required documented information by standard, as assessed (see :func:`required_of`).
    required: dict[str, Required] = field(default_factory=dict, repr=False)
    #: Drafts and documents in review left out of this edition but not withheld: coverage
    #: names them ("draft in progress") without publishing or linking them.
    pending: list[Document] = field(default_factory=list, repr=False)
    #: Every document read that this edition may name (those with invalid fields too), by
    #: source path: the problems page groups problems by them and their owners.
    nameable: dict[str, Document] = field(default_factory=dict, repr=False)

    @property
    def default_standard(self) -> str | None:
        return next(iter(self.catalogues), None)

    @cached_property
    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    @property
    def language(self) -> str:
        return self.settings.language or "en"

    def by_type(self, documents: list[Document]) -> list[Document]:
        """``documents`` by type (in the order of the navigation), then by id."""
        order = {type_id: index for index, type_id in enumerate(self.settings.doc_types)}
        return sorted(
            documents, key=lambda d: (order.get(d.meta.type, len(order)), natural_key(d.id))
        )

    def reviews(self) -> list[Review]:
        """The review schedule (computed once: documents and as-of date are fixed)."""
        return self._reviews

    @cached_property
    def _reviews(self) -> list[Review]:
        return schedule(self.documents, self.settings, self.as_of)

    def referrers(self) -> dict[str, list[Document]]:
        """For each id, the documents whose text references it (back-links)."""
        found: dict[str, list[Document]] = {}
        for document in self.documents:
            for target in sorted({r.target for r in document.references}):
                if target != document.id:
                    found.setdefault(target, []).append(document)
        return found

    @cached_property
    def units(self) -> dict[str, UnitView]:
        """What is in force for each unit of a group (only the edition's unit in a unit's own
        edition; none for a single organisation)."""
        found = views(self.documents, self.settings)
        code = self.settings.unit
        return {c: v for c, v in found.items() if c == code} if code else found

    @property
    def unit(self) -> UnitSettings | None:
        """The unit this edition is for (``unit:`` option or ``--unit``), if any."""
        code = self.settings.unit
        return next((u for u in self.settings.units if u.code == code), None) if code else None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def load(
    root: Path,
    settings: Settings,
    *,
    as_of: dt.date,
    slug: Slugify = slugify,
    config_file: Path | None = None,
    cache: ParseCache | None = None,
    docs_dir: Path | None = None,
) -> Manual:
    """Read every source document, check everything, and keep what the audience may see.

    ``config_file`` (the mkdocs.yml read) lets problems with the operation's options name
    their line in it; ``cache`` keeps the parsed documents from one load to the next
    (``mkdocs serve``); ``docs_dir`` (the site's own pages) is where a relative link of a
    document may also lead (see :mod:`lints`)."""
    if settings.unit is not None:
        with contextlib.suppress(ValueError):  # an unknown unit is reported (CB590)
            settings = for_unit(settings, settings.unit)  # the code as the unit writes it
    problems: list[Problem] = []
    catalogues = _catalogues(root, settings, problems)
    problems += config_problems(settings)
    paths, found = find_sources(root, all_sources(settings))
    problems += found
    documents: list[Document] = []
    for path in paths:
        parsed, found = read_document(path, root, cache, settings.vocabulary)
        problems += found
        if parsed is not None:  # this load's own copy: the parsed document stays as read
            documents.append(replace(parsed, unit=unit_of(parsed.src_uri, settings)))
    if cache is not None:
        cache.settle()
    documents.sort(key=lambda d: natural_key(d.id))
    problems += _duplicate_ids(documents)
    pages = {d.src_uri: d.id for d in documents}
    for document in documents:
        document.mappings, found = _mappings(document, catalogues, settings, slug)
        problems += found
        problems += lint(document, pages, root, docs_dir)
    withheld = {d.id for d in documents if not settings.shows(d.meta.classification)}
    unpublished = {
        d.id
        for d in documents
        if settings.drafts == "exclude" and d.meta.status.is_draft and d.id not in withheld
    }
    problems += document_problems(documents, settings)
    visible = [d for d in documents if d.valid and d.id not in withheld | unpublished]
    if settings.unit is not None:
        # A unit's own edition shows what is in force for it, never another unit's documents.
        view = views(visible, settings).get(settings.unit)
        visible = view.documents if view is not None else visible
    manual = Manual(root, settings, as_of, catalogues, visible, problems, withheld, unpublished)
    manual.pending = [d for d in documents if d.valid and d.id in unpublished]
    problems += _applicability(manual, documents)
    excluded = {standard: d.excluded for standard, d in manual.decisions.items()}
    problems += _excluded_but_mapped(documents, catalogues, excluded)
    problems += _references(manual, documents)
    problems += reader_problems(documents, settings)
    if settings.approvals == "git":
        evidence, found = gather(root, visible, settings.approval_tolerance_days)
        problems += found
        for document in visible:
            document.evidence = evidence.get(document.id)
    problems += _review_problems(manual)
    problems += unknown_keys(documents, catalogues.values())
    for standard in catalogues:
        level = settings.required_documents.log_level
        problems += problems_of(required_of(manual, standard), level)
    hidden = withheld | unpublished
    manual.nameable = {d.src_uri: d for d in documents if d.id not in hidden}
    manual.operation = operation_of.assess(
        shown=visible,
        checked=[d for d in documents if d.valid],  # invalid fields are reported already
        catalogues=catalogues,
        certifications=settings.certification,
        settings=settings.operation,
        as_of=as_of,
    )
    operation_of.locate(manual.operation, config_file)
    problems += manual.operation.problems
    problems += [finding.problem for finding in manual.operation.findings]
    manual.problems = sort_problems(problems)
    return manual


def _catalogues(root: Path, settings: Settings, problems: list[Problem]) -> dict[str, Catalogue]:
    catalogues: dict[str, Catalogue] = {}
    for reference in settings.standards:
        catalogue, found = load_catalogue(reference, root)
        problems += found
        if catalogue is None:
            continue
        # Reports are named by slug: iso20000-1:2018 and iso20000-1-2018 would share pages.
        clash = next(
            (c for c in catalogues.values() if c.id == catalogue.id or c.slug == catalogue.slug),
            None,
        )
        if clash is not None:
            problems.append(
                Problem.of(
                    "CB502",
                    f"the catalogue '{catalogue.id}' ({reference}) has the same id or file "
                    f"name ('{catalogue.slug}') as '{clash.id}', already in scope",
                    field="standards",
                )
            )
            continue
        catalogues[catalogue.id] = catalogue
    for prefix, exclusions in _option_exclusions(settings):
        for standard in exclusions:
            if standard not in catalogues:
                where = f"{prefix}.exclusions.{standard}"
                problems.append(
                    Problem.of("CB504", f"'{standard}' is not a standard in scope", field=where)
                )
    return catalogues


def _option_exclusions(settings: Settings) -> list[tuple[str, dict[str, dict[str, str]]]]:
    """The ``exclusions`` options of mkdocs.yml, the group's then each unit's, each with
    the option path it is reported under."""
    found = [("plugins.clausebook", settings.exclusions)]
    found += [
        (f"plugins.clausebook.units.{index}", unit.exclusions)
        for index, unit in enumerate(settings.units)
    ]
    return found


def _applicability(manual: Manual, everything: list[Document]) -> list[Problem]:
    """Each standard's applicability decisions, every declaration checked against its rule.

    Declarations come from Statements of Applicability (drafts are checked too, so their
    authors learn early) and from the older ``exclusions`` options; only the effective
    Statement of the edition, and the options, decide. A unit's own exclusions are checked
    here and decide for that unit only (:func:`unit_coverage_of`).
    """
    settings, catalogues = manual.settings, manual.catalogues
    problems: list[Problem] = []
    options = _option_exclusions(settings)
    if settings.exclusions:  # a unit's exclusions have no Statement of their own yet
        problems.append(
            Problem.of(
                "CB530",
                "exclusions are declared in mkdocs.yml; declare them in a Statement of "
                "Applicability instead ('clausebook new soa --title \"Statement of "
                "Applicability\"', field 'applicability'), so that changing one is a revision",
                field="plugins.clausebook.exclusions",
            )
        )
    declarations = option_declarations(settings.exclusions)
    for document in everything:
        if not document.meta.applicability:
            continue
        if document.meta.type is not DocType.SOA:
            problems.append(
                Problem.of(
                    "CB330",
                    f"'applicability' belongs in a Statement of Applicability (type soa), not "
                    f"in a {document.meta.type}",
                    file=document.src_uri,
                    line=document.line_of("applicability"),
                    field="applicability",
                )
            )
            continue
        for standard in document.meta.applicability:
            if standard not in catalogues:
                problems.append(
                    Problem.of(
                        "CB403",
                        f"'{standard}' is not in scope (standards in scope: "
                        f"{', '.join(catalogues) or 'none'})",
                        file=document.src_uri,
                        line=document.line_of(f"applicability.{standard}"),
                        field=f"applicability.{standard}",
                        suggestion=_closest(standard, list(catalogues)),
                    )
                )
        declarations += declarations_of(document)
    manual.declarations = declarations
    known = {d.id for d in everything}
    for catalogue in catalogues.values():
        in_force = soas_in_force(manual.documents, catalogue.id)
        for extra in in_force[1:]:
            problems.append(
                Problem.of(
                    "CB433",
                    f"{extra.id} and {in_force[0].id} are both the effective Statement of "
                    f"Applicability of {catalogue.name}",
                    file=extra.src_uri,
                    line=extra.line_of(f"applicability.{catalogue.id}"),
                    field=f"applicability.{catalogue.id}",
                )
            )
        soa = in_force[0] if in_force else None
        manual.decisions[catalogue.id], found = decide(catalogue, declarations, known, soa)
        problems += found
        for prefix, exclusions in options[1:]:
            _, found = decide(catalogue, option_declarations(exclusions, prefix), known)
            problems += found
    return problems


def _excluded_but_mapped(
    documents: list[Document],
    catalogues: dict[str, Catalogue],
    exclusions: dict[str, dict[str, str]],
) -> list[Problem]:
    """CB410 for each document that addresses a clause the applicability decisions exclude
    (or a clause below an excluded one): either the exclusion or the mapping is a mistake, and the
    coverage report would show the clause excluded while a document claims it."""
    problems = []
    for document in documents:
        if document.meta.type is DocType.SOA:  # it declares applicability, both ways
            continue
        for mapping in document.mappings:
            excluded = exclusions.get(mapping.standard, {})
            catalogue = catalogues[mapping.standard]
            number: str | None = mapping.clause
            while number is not None and number not in excluded:
                clause = catalogue.clauses.get(number)
                number = clause.parent if clause else None
            if number is None:
                continue
            field_path = (
                "clauses"
                if isinstance(document.meta.clauses, list)
                else f"clauses.{mapping.standard}"
            )
            problems.append(
                Problem.of(
                    "CB410",
                    f"{document.id} addresses clause {mapping.clause} of {catalogue.name}, "
                    f"but the site excludes {number} ({excluded[number]})",
                    file=document.src_uri,
                    line=document.line_of(field_path),
                    field=field_path,
                )
            )
    return problems


def _duplicate_ids(documents: list[Document]) -> list[Problem]:
    problems = []
    first: dict[str, Document] = {}
    for document in documents:
        key = document.id.casefold()
        other = first.get(key)
        if other is None:
            first[key] = document
            continue
        same = other.id == document.id
        problems.append(
            Problem.of(
                "CB401" if same else "CB402",
                f"id {document.id} is already used by {other.src_uri}"
                if same
                else f"id {document.id} differs only in case from {other.id} in {other.src_uri}",
                file=document.src_uri,
                line=document.line_of("id"),
                field="id",
            )
        )
    return problems


def _mappings(
    document: Document, catalogues: dict[str, Catalogue], settings: Settings, slug: Slugify
) -> tuple[list[Mapping], list[Problem]]:
    """The document's clause list resolved into mappings, and what does not exist."""
    mappings: list[Mapping] = []
    problems: list[Problem] = []
    raw = document.meta.clauses
    default = next(iter(catalogues), settings.standards[0])
    groups = {default: raw} if isinstance(raw, list) else raw
    anchors: set[str] | None = None
    for standard, numbers in groups.items():
        field_path = "clauses" if isinstance(raw, list) else f"clauses.{standard}"
        catalogue = catalogues.get(standard)
        if catalogue is None:
            in_scope = ", ".join(catalogues) or "none"
            problems.append(
                Problem.of(
                    "CB403",
                    f"'{standard}' is not in scope (standards in scope: {in_scope}); add it "
                    "to 'standards' of the clausebook plugin in mkdocs.yml",
                    file=document.src_uri,
                    line=document.line_of(field_path),
                    field=field_path,
                    suggestion=_closest(standard, list(catalogues)),
                )
            )
            continue
        seen: set[tuple[str, str]] = set()  # (clause, section): one clause, many sections
        for index, entry in enumerate(numbers):
            entry_path = f"{field_path}.{index}"
            number, _, section = entry.partition("#")
            number = number.strip()
            line = document.line_of(entry_path)
            if number not in catalogue.clauses:
                problems.append(
                    Problem.of(
                        "CB404",
                        f"clause {number} is not in {catalogue.name}",
                        file=document.src_uri,
                        line=line,
                        field=field_path,
                        suggestion=catalogue.suggest(number),
                    )
                )
                continue
            if section:
                if anchors is None:
                    anchors = document.anchors(slug)
                if section not in anchors:
                    problems.append(
                        Problem.of(
                            "CB405",
                            f"clause {number} points at section '#{section}', which is not a "
                            "heading of this document",
                            file=document.src_uri,
                            line=line,
                            field=field_path,
                            suggestion=_closest(section, sorted(anchors), 0.5),
                        )
                    )
                    continue
            if (number, section) in seen:
                problems.append(
                    Problem.of(
                        "CB408",
                        f"clause {entry.strip()} is listed more than once",
                        file=document.src_uri,
                        line=line,
                        field=field_path,
                    )
                )
                continue
            seen.add((number, section))
            mappings.append(Mapping(catalogue.id, number, section or None))
    return mappings, problems


def _references(manual: Manual, everything: list[Document]) -> list[Problem]:
    problems = []
    known = {d.id: d for d in everything}
    for document in everything:
        replacement = document.meta.superseded_by
        if replacement and (replacement not in known or replacement == document.id):
            # The obsolete document's banner would name no replacement to follow.
            problems.append(
                Problem.of(
                    "CB409",
                    f"{document.id} names itself as its replacement"
                    if replacement == document.id
                    else f"'{replacement}' names no document",
                    file=document.src_uri,
                    line=document.line_of("superseded_by"),
                    field="superseded_by",
                    suggestion=_closest(replacement, [i for i in known if i != document.id], 0.85),
                )
            )
        for reference in document.references:
            target = known.get(reference.target)
            line = document.body_line + reference.line - 1
            if target is None:
                problems.append(
                    Problem.of(
                        "CB406",
                        f"[[{reference.target}]] names no document",
                        file=document.src_uri,
                        line=line,
                        suggestion=_closest(reference.target, list(known), 0.85),
                    )
                )
            elif target.meta.status is not Status.EFFECTIVE and target.id not in manual.withheld:
                problems.append(
                    Problem.of(
                        "CB407",
                        f"[[{target.id}]] is {target.meta.status}, not in force",
                        file=document.src_uri,
                        line=line,
                        suggestion=target.meta.superseded_by,
                    )
                )
    return problems


def _review_problems(manual: Manual) -> list[Problem]:
    level = manual.settings.review.log_level
    overdue_severity = {
        "info": Severity.INFO,
        "warn": Severity.WARNING,
        "error": Severity.ERROR,
    }[level]
    problems = []
    for review in manual.reviews():
        meta = review.document.meta
        if review.state is ReviewState.OVERDUE:
            problems.append(
                Problem.of(
                    "CB601",
                    f"{meta.id} '{meta.title}' (owner {meta.owner}) is {review.overdue_days} "
                    f"days overdue for review (due {review.next})",
                    file=review.document.src_uri,
                    line=_review_line(review.document),
                    field="reviewed",
                    severity=overdue_severity,
                )
            )
        elif review.state is ReviewState.DUE_SOON:
            problems.append(
                Problem.of(
                    "CB602",
                    f"{meta.id} '{meta.title}' (owner {meta.owner}) is due for review in "
                    f"{review.days} days ({review.next})",
                    file=review.document.src_uri,
                    line=_review_line(review.document),
                    field="reviewed",
                )
            )
    return problems


def _closest(word: str, options: list[str], cutoff: float = 0.8) -> str | None:
    match = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return match[0] if match else None


def coverage_of(manual: Manual, standard: str) -> Coverage:
    """Coverage of one standard in scope, with its exclusions and the review schedule
    (computed once per manual: the site, its exports and the edition record share it)."""
    found = manual.coverage.get(standard)
    if found is None:
        found = manual.coverage[standard] = _coverage(manual, standard)
    return found


def unit_coverage_of(manual: Manual, code: str, standard: str) -> Coverage:
    """Coverage of one standard for one unit: the documents in force for it, the group's
    applicability and the unit's own exclusions."""
    key = (code, standard)
    found = manual.unit_coverage.get(key)
    if found is None:
        view = manual.units[code]
        decisions = unit_decisions(manual, view.unit, standard)
        found = manual.unit_coverage[key] = _compute(manual, standard, view.documents, decisions)
    return found


def unit_decisions(manual: Manual, unit: UnitSettings, standard: str) -> Decisions:
    """The group's applicability decisions with a unit's own exclusions added (each held
    against the standard's rule, as the group's are)."""
    own = option_declarations(unit.exclusions)
    if not own:
        return manual.decisions[standard]
    group = manual.decisions[standard]
    known = {d.id for d in manual.documents}
    decisions, _ = decide(
        manual.catalogues[standard], [*manual.declarations, *own], known, group.soa
    )
    return decisions


def required_of(manual: Manual, standard: str) -> Required:
    """The required documented information of one standard in scope, assessed once."""
    found = manual.required.get(standard)
    if found is None:
        found = manual.required[standard] = assess(
            manual.catalogues[standard],
            _group_documents(manual),
            manual.reviews(),
            manual.decisions[standard],
            manual.pending,
        )
    return found


def _coverage(manual: Manual, standard: str) -> Coverage:
    unit = manual.unit
    if unit is not None:
        return unit_coverage_of(manual, unit.code, standard)
    return _compute(manual, standard, _group_documents(manual), manual.decisions[standard])


def _group_documents(manual: Manual) -> list[Document]:
    """A group's own documents: a unit's local procedure counts for its unit only (the
    units report shows each unit's coverage)."""
    return [d for d in manual.documents if d.unit is None]


def _compute(
    manual: Manual, standard: str, documents: list[Document], decisions: Decisions
) -> Coverage:
    # An exclusion without its justification (CB504, CB331) or one the standard forbids
    # (CB430) is never a silent gap filled: the clause keeps its real state.
    return compute(
        manual.catalogues[standard], documents, manual.reviews(), decisions, manual.pending
    )


def _review_line(document: Document) -> int | None:
    """Where a document's review is written: its last review, else its effective date."""
    return document.line_of("reviewed") or document.line_of("effective")
