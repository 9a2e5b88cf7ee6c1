"""A group and its units: which documents are in force for each unit, and local variants.

A group keeps one integrated management system for its subsidiaries, sites or business
lines (*units*). Group documents (in the group's ``sources``) apply to every unit unless they
name some (``units: [SH, LDN]``); a unit's own documents live in its own source folders. A
unit may replace a group document with a local variant (``variant_of: PRO-CHG-01``): for that
unit the variant is the document in force, and coverage counts it instead of the group one.

Everything here is computed from the documents and the settings alone, so the site, the
command line (``--unit``) and a unit's own edition (``unit:`` option) agree.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from clausebook.core.coverage import Coverage, State
from clausebook.core.document import Document
from clausebook.core.problems import Problem, Severity
from clausebook.core.settings import Settings, UnitSettings

_WHERE = "plugins.clausebook.units"


@dataclass
class UnitView:
    """What is in force for one unit: the group documents that apply to it, less those its
    local variants replace, plus its own documents."""

    unit: UnitSettings
    documents: list[Document]
    #: Group document id -> the unit's local variant that replaces it.
    variants: dict[str, Document] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def ids(self) -> set[str]:
        return {d.id for d in self.documents}


def unit_of(src_uri: str, settings: Settings) -> str | None:
    """The code of the unit whose source folder holds the file; None for a group document."""
    for unit in settings.units:
        for folder in unit.sources:
            if src_uri.startswith(folder.strip("/") + "/"):
                return unit.code
    return None


def all_sources(settings: Settings) -> list[str]:
    """The group's source folders, then each unit's (each folder once)."""
    folders = list(settings.sources)
    for unit in settings.units:
        folders += [f for f in unit.sources if f not in folders]
    return folders


def for_unit(settings: Settings, code: str) -> Settings:
    """The settings of one unit's edition (its code written in any case, its certificates
    in place of the group's when it has its own); ValueError, with the closest code, when no
    unit has it."""
    for unit in settings.units:
        if unit.code.casefold() == code.casefold():
            update: dict[str, object] = {"unit": unit.code}
            if unit.certification:
                update["certification"] = unit.certification
            return settings.model_copy(update=update)
    codes = [u.code for u in settings.units]
    near = _closest(code, codes)
    raise ValueError(
        f"'{code}' is not a unit (units: {', '.join(codes) or 'none declared'})"
        + (f"; did you mean {near}?" if near else "")
    )


def applies_to(document: Document, code: str) -> bool:
    """Whether a group document applies to the unit (all units unless it names some)."""
    return document.meta.units is None or code in document.meta.units


def views(documents: Iterable[Document], settings: Settings) -> dict[str, UnitView]:
    """The documents in force for each unit, by unit code, in the order given."""
    documents = list(documents)
    group = [d for d in documents if d.unit is None]
    local: dict[str, list[Document]] = {unit.code: [] for unit in settings.units}
    for document in documents:
        if document.unit in local:
            local[document.unit].append(document)
    place = {id(d): i for i, d in enumerate(documents)}
    out: dict[str, UnitView] = {}
    for unit in settings.units:
        code = unit.code
        variants: dict[str, Document] = {}
        for document in local[code]:
            target = document.meta.variant_of
            if target and target not in variants:
                variants[target] = document
        in_force = [d for d in group if applies_to(d, code) and d.meta.id not in variants]
        in_force = sorted(in_force + local[code], key=lambda d: place[id(d)])
        out[code] = UnitView(unit, in_force, variants)
    return out


@dataclass(frozen=True)
class Difference:
    """A clause whose coverage state is not the same in every unit."""

    number: str
    title: str
    #: The state in each unit, by unit code, in the units' order.
    states: dict[str, State]

    def by_state(self) -> list[tuple[State, list[str]]]:
        """Units grouped by their state, worst first: "uncovered in LDN only"."""
        groups: dict[State, list[str]] = {}
        for code, state in self.states.items():
            groups.setdefault(state, []).append(code)
        return sorted(groups.items(), key=lambda item: -item[0].badness)


def differences(coverages: dict[str, Coverage]) -> list[Difference]:
    """The assessable clauses whose state differs between units, in clause order, from each
    unit's coverage of one standard."""
    if len(coverages) < 2:
        return []
    first = next(iter(coverages.values()))
    tables = {code: coverage.by_number for code, coverage in coverages.items()}
    found = []
    for row in first.assessable():
        number = row.clause.number
        states = {code: table[number].state for code, table in tables.items()}
        if len(set(states.values())) > 1:
            found.append(Difference(number, row.clause.title or "", states))
    return found


def config_problems(settings: Settings) -> list[Problem]:
    """Units that cannot be told apart: codes used twice, folders shared, unknown names."""
    problems: list[Problem] = []
    codes: dict[str, UnitSettings] = {}
    owners: dict[str, str] = {folder.strip("/"): "the group" for folder in settings.sources}
    for index, unit in enumerate(settings.units):
        where = f"{_WHERE}.{index}"
        key = unit.code.casefold()
        if key in codes:
            problems.append(
                Problem.of(
                    "CB590",
                    f"unit code {unit.code} is already used by {codes[key].name}",
                    field=f"{where}.code",
                )
            )
        codes.setdefault(key, unit)
        if not unit.sources:
            problems.append(
                Problem.of(
                    "CB590",
                    f"unit {unit.code} has no source folder for its local documents",
                    field=f"{where}.sources",
                    severity=Severity.INFO,
                )
            )
        for folder in unit.sources:
            clean = folder.strip("/")
            for other, owner in owners.items():
                if clean == other or clean.startswith(other + "/") or other.startswith(clean + "/"):
                    problems.append(
                        Problem.of(
                            "CB590",
                            f"source folder '{folder}' of unit {unit.code} overlaps '{other}' "
                            f"of {owner}: each folder belongs to one unit (or the group)",
                            field=f"{where}.sources",
                        )
                    )
            owners.setdefault(clean, f"unit {unit.code}")
        for number, standard in enumerate(unit.standards or []):
            if standard not in settings.standards:
                problems.append(
                    Problem.of(
                        "CB590",
                        f"unit {unit.code} names standard '{standard}', which is not one of "
                        "the group's 'standards'",
                        field=f"{where}.standards.{number}",
                        suggestion=_closest(standard, settings.standards, 0.8),
                    )
                )
    if settings.unit is not None and settings.unit.casefold() not in codes:
        problems.append(
            Problem.of(
                "CB590",
                f"this edition is for unit '{settings.unit}', which is not declared under 'units'",
                field="plugins.clausebook.unit",
                suggestion=_closest(settings.unit, [u.code for u in settings.units]),
            )
        )
    return problems


def document_problems(documents: list[Document], settings: Settings) -> list[Problem]:
    """Unit fields that name nothing, variants that collide or fell behind their group
    document."""
    problems: list[Problem] = []
    codes = [u.code for u in settings.units]
    by_id = {d.id: d for d in documents}
    seen: dict[tuple[str, str], Document] = {}
    for document in documents:
        meta = document.meta
        if meta.units is not None:
            if document.unit is not None:
                problems.append(
                    _misplaced(document, "units", "a unit's own document applies to its unit only")
                )
            for index, code in enumerate(meta.units):
                if code not in codes:
                    problems.append(
                        Problem.of(
                            "CB490",
                            f"'{code}' is not a unit (units: {', '.join(codes) or 'none'})",
                            file=document.src_uri,
                            line=document.line_of(f"units.{index}"),
                            field="units",
                            suggestion=_closest(code, codes),
                        )
                    )
        target_id = meta.variant_of
        if not target_id:
            continue
        if document.unit is None:
            problems.append(
                _misplaced(
                    document, "variant_of", "only a document in a unit's folder is a local variant"
                )
            )
            continue
        target = by_id.get(target_id)
        if target is None or target.id == document.id:
            problems.append(
                Problem.of(
                    "CB491",
                    f"'{target_id}' names no group document",
                    file=document.src_uri,
                    line=document.line_of("variant_of"),
                    field="variant_of",
                    suggestion=_closest(target_id, [i for i in by_id if i != document.id]),
                )
            )
            continue
        if target.unit is not None:
            problems.append(
                _misplaced(
                    document,
                    "variant_of",
                    f"{target.id} is unit {target.unit}'s own document: a local variant replaces "
                    "a group document",
                )
            )
            continue
        first = seen.setdefault((document.unit, target.id), document)
        if first is not document:
            problems.append(
                Problem.of(
                    "CB492",
                    f"unit {document.unit} already replaces {target.id} with {first.id} "
                    f"({first.src_uri})",
                    file=document.src_uri,
                    line=document.line_of("variant_of"),
                    field="variant_of",
                )
            )
        problems += _drift(document, target)
    return problems


def _drift(variant: Document, group: Document) -> list[Problem]:
    """A variant approved before its group document's current revision took effect."""
    approved = variant.meta.approved or variant.meta.effective
    changed = group.meta.effective
    if approved is None or changed is None or changed <= approved:
        return []
    return [
        Problem.of(
            "CB493",
            f"{group.id} is at revision {group.meta.revision} (effective {changed}), newer "
            f"than this variant's revision {variant.meta.revision} (approved {approved}) for "
            f"unit {variant.unit}",
            file=variant.src_uri,
            line=variant.line_of("variant_of"),
            field="variant_of",
        )
    ]


def _misplaced(document: Document, name: str, why: str) -> Problem:
    return Problem.of(
        "CB494",
        f"ignored: {why}",
        file=document.src_uri,
        line=document.line_of(name),
        field=name,
    )


def _closest(word: str, options: list[str], cutoff: float = 0.5) -> str | None:
    match = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return match[0] if match else None
