"""Clause catalogues: the numbered requirements of a standard, built in or supplied by users.

A catalogue knows its clauses in natural order (8.9 before 8.10, A.5.9 before A.5.10), their
parents and children, which are assessable, and which of their titles rest on a single
source, and which of them realise a concept that other standards share (the integrated
view). Users add their own (an internal framework, SOC 2, a contract) as YAML files of the
same shape as the built-in ones in ``clausebook/core/catalogues/``, which are found there by
their ``id``: a new built-in standard is one more file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from clausebook.core.frontmatter import parse_yaml
from clausebook.core.natural import natural_key
from clausebook.core.problems import Problem

LineOf = Callable[[str], int | None]

#: Where the built-in catalogues are, inside the package.
BUILT_IN_PACKAGE = "clausebook.core.catalogues"


@cache
def old_controls() -> dict[str, list[str]]:
    """ISO/IEC 27001:2013 Annex A control -> the ISO/IEC 27001:2022 controls it became
    (ISO/IEC 27002:2022 Annex B; the data file names its public sources)."""
    text = resources.files("clausebook.core").joinpath("mappings", OLD_CONTROLS).read_text("utf-8")
    data = yaml.safe_load(text)
    return {str(old): [str(n) for n in new] for old, new in data["controls"].items()}


OLD_CONTROLS = "iso27001-2013-to-2022.yaml"

#: Clause titles that need their parent's to be understood in a list or a tooltip.
GENERIC_TITLES = frozenset({"general", "overview", "introduction", "generalities"})


@dataclass(frozen=True)
class Clause:
    """One numbered clause or control of a standard."""

    number: str
    title: str | None
    title_zh: str | None = None
    parent: str | None = None
    assessable: bool = True
    single_source: bool = False
    verified: bool = True
    note: str | None = None
    #: The parent's titles, for a title that says nothing alone ("General", "总则").
    context: str | None = None
    context_zh: str | None = None

    def label(self, language: str = "en") -> str:
        """The title in the reader's language, falling back to English, then the number;
        a generic title with its parent's ("Documented information: General")."""
        if language == "zh" and self.title_zh:
            return f"{self.context_zh}：{self.title_zh}" if self.context_zh else self.title_zh
        if not self.title:
            return f"(untitled paragraph {self.number})"
        return f"{self.context}: {self.title}" if self.context else self.title

    def has_title_in(self, language: str) -> bool:
        """Whether the title is given in ``language`` (else English is shown)."""
        return language != "zh" or bool(self.title_zh) or not self.title


@dataclass(frozen=True)
class SharedClause:
    """A clause that realises a concept several standards share (the harmonized structure:
    "Internal audit" is 9.2 in each of the three ISO standards, "Continual improvement" is
    10.2, 10.3 or 10.1). Catalogues that name the same ``concept`` are lined up by it."""

    concept: str
    clause: str
    #: The concept's title for the integrated view (None: another catalogue's, or the clause's).
    title: str | None = None
    title_zh: str | None = None


#: The rule of a catalogue that declares none: any clause may be declared not applicable,
#: with a justification (what clausebook did before catalogues carried their rules).
PERMISSIVE_RULE = (
    "This catalogue declares no applicability rule: any clause may be declared not "
    "applicable, with a justification."
)


@dataclass(frozen=True)
class Applicability:
    """A standard's rule on leaving requirements out, as data (see :mod:`applicability`).

    Each list names clauses whose whole subtree the rule concerns: ``mandatory`` can never
    be excluded; outside ``excludable`` (when given) nothing can be; an exclusion outside
    ``warn_outside`` is allowed but reported; ``other_party`` may be operated by another
    party; ``soa`` is what the Statement of Applicability lists control by control, and is
    counted apart from the rest in coverage.
    """

    rule: str = PERMISSIVE_RULE
    rule_zh: str | None = None
    mandatory: tuple[str, ...] = ()
    excludable: tuple[str, ...] | None = None
    warn_outside: tuple[str, ...] = ()
    other_party: tuple[str, ...] = ()
    soa: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    single_source: bool = False

    def text(self, language: str = "en") -> str:
        return self.rule_zh if language == "zh" and self.rule_zh else self.rule


class RequiredKind(StrEnum):
    """Documented information a standard requires: documents to maintain, records to retain."""

    MAINTAIN = "maintain"
    RETAIN = "retain"


class _Bilingual:
    """Catalogue data titled in English, and in Chinese where a source gave the title."""

    title: str
    title_zh: str | None

    def label(self, language: str = "en") -> str:
        return self.title_zh if language == "zh" and self.title_zh else self.title


@dataclass(frozen=True)
class RequiredItem(_Bilingual):
    """One piece of documented information the standard requires, at its clause."""

    key: str
    kind: RequiredKind
    clause: str
    title: str
    title_zh: str | None = None
    sources: tuple[str, ...] = ()
    single_source: bool = False


@dataclass(frozen=True)
class ReviewInput(_Bilingual):
    """One input a management review must consider, as the standard lists it (ISO 9001
    9.3.2 a) to f)). Inputs several standards share have the same ``id`` in each catalogue,
    so that one review's minutes can cover them all."""

    id: str
    clause: str
    item: str
    title: str
    title_zh: str | None = None
    sources: tuple[str, ...] = ()
    single_source: bool = False


@dataclass
class Catalogue:
    """A standard's clauses, addressable by number."""

    id: str
    name: str
    title: str
    title_zh: str | None = None
    provenance: str | None = None
    clauses: dict[str, Clause] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    #: The shared concepts this standard realises, in the catalogue's order.
    concepts: list[SharedClause] = field(default_factory=list)
    #: What a management review of this standard must consider (see :mod:`records`).
    review_inputs: list[ReviewInput] = field(default_factory=list)
    applicability: Applicability = field(default_factory=Applicability)
    required: list[RequiredItem] = field(default_factory=list)
    required_provenance: str | None = None

    @cached_property
    def slug(self) -> str:
        """A file-name-safe form of the id: iso20000-1:2018 -> iso20000-1-2018."""
        return re.sub(r"[^A-Za-z0-9._-]+", "-", self.id).strip("-").lower()

    def ordered(self) -> list[Clause]:
        return sorted(self.clauses.values(), key=lambda c: natural_key(c.number))

    def top_level(self) -> list[Clause]:
        return [c for c in self.ordered() if c.parent is None]

    def descendants(self, number: str) -> list[str]:
        """Every clause below ``number``, depth first, in natural order."""
        out: list[str] = []
        for child in self.children.get(number, []):
            out.append(child)
            out.extend(self.descendants(child))
        return out

    def assessable(self) -> list[Clause]:
        return [c for c in self.ordered() if c.assessable]

    def suggest(self, number: str) -> str | None:
        """The nearest valid clause to a mistyped number ("8.5.1.4" -> "8.5.1.3"); for an
        ISO/IEC 27001:2013 control in the 2022 catalogue, the control it became (A.9.4.3 ->
        A.5.17, by the published correspondence, not the nearest number)."""
        if self.id == "iso27001:2022":
            became = old_controls().get(number if number.startswith("A.") else f"A.{number}")
            if became:
                return " or ".join(became)
        numbers = list(self.clauses)
        close = difflib.get_close_matches(number, numbers, n=1, cutoff=0.6)
        if close:
            return close[0]
        parent = number.rpartition(".")[0]
        return parent if parent in self.clauses else None


def _yes_no(value: object) -> object:
    # The catalogue reader keeps every scalar as text; booleans are spelled out here.
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in ("true", "yes"):
            return True
        if lowered in ("false", "no"):
            return False
    return value


class _ClauseModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: str | None = None
    title_zh: str | None = None
    parent: str | None = None
    assessable: bool | None = None
    single_source: bool = False
    verified: bool = True
    note: str | None = None

    _boolean = field_validator("assessable", "single_source", "verified", mode="before")(_yes_no)


class _Sourced(BaseModel):
    """Catalogue data that names its public sources, and says when only one was found."""

    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(default_factory=list)
    single_source: bool = False

    _boolean = field_validator("single_source", mode="before")(_yes_no)


class _ApplicabilityModel(_Sourced):
    rule: str = Field(min_length=1)
    rule_zh: str | None = None
    mandatory: list[str] = Field(default_factory=list)
    excludable: list[str] | None = None
    warn_outside: list[str] = Field(default_factory=list)
    other_party: list[str] = Field(default_factory=list)
    soa: list[str] = Field(default_factory=list)


class _RequiredModel(_Sourced):
    key: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: RequiredKind
    clause: str = Field(min_length=1)
    title: str = Field(min_length=1)
    title_zh: str | None = None


class _ConceptModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    clause: str = Field(min_length=1)
    title: str | None = None
    title_zh: str | None = None


class _ReviewInputModel(_Sourced):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    clause: str = Field(min_length=1)
    item: str = Field(min_length=1)
    title: str = Field(min_length=1)
    title_zh: str | None = None


class _CatalogueModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    name: str | None = None
    title: str = Field(min_length=1)
    title_zh: str | None = None
    edition: str | None = None
    provenance: str | None = None
    clauses: list[_ClauseModel] = Field(min_length=1)
    concepts: list[_ConceptModel] = Field(default_factory=list)
    review_inputs: list[_ReviewInputModel] = Field(default_factory=list)
    applicability: _ApplicabilityModel | None = None
    required: list[_RequiredModel] = Field(default_factory=list)
    required_provenance: str | None = None


def parse_catalogue(text: str, source: str) -> tuple[Catalogue | None, list[Problem]]:
    """Read and check a catalogue: fields, unique numbers, parents that exist."""
    matter, problems = parse_yaml(text, source)
    if matter is None:
        return None, [_as_catalogue_problem(p) for p in problems]
    if problems:
        return None, [_as_catalogue_problem(p) for p in problems]
    try:
        model = _CatalogueModel.model_validate(matter.data)
    except ValidationError as error:
        found = []
        for e in error.errors():
            path = ".".join(str(p) for p in e["loc"])
            name = str(e["loc"][-1]) if e["loc"] else "catalogue"
            message = {
                "missing": f"'{name}' is required",
                "extra_forbidden": f"'{name}' is not a field of a catalogue",
            }.get(e["type"], f"{name}: {e['msg']}")
            found.append(
                Problem.of(
                    "CB502",
                    message,
                    file=source,
                    line=matter.line_of(path),
                    field=path,
                )
            )
        return None, found
    found = []
    seen: dict[str, int] = {}
    for index, clause in enumerate(model.clauses):
        path = f"clauses.{index}"
        if clause.number in seen:
            found.append(
                Problem.of(
                    "CB502",
                    f"clause {clause.number} is listed twice "
                    f"(first as entry {seen[clause.number]})",
                    file=source,
                    line=matter.line_of(path),
                    field=f"{path}.number",
                )
            )
        seen.setdefault(clause.number, index)
    for index, clause in enumerate(model.clauses):
        if clause.parent is not None and clause.parent not in seen:
            found.append(
                Problem.of(
                    "CB502",
                    f"parent '{clause.parent}' of clause {clause.number} is not in the catalogue",
                    file=source,
                    line=matter.line_of(f"clauses.{index}.parent"),
                    field=f"clauses.{index}.parent",
                    suggestion=_parent_suggestion(clause.number, clause.parent, seen),
                )
            )
    for index, entry in enumerate(model.review_inputs):
        if entry.clause not in seen:
            found.append(
                Problem.of(
                    "CB502",
                    f"review input '{entry.id}' names clause {entry.clause}, which is not in "
                    "the catalogue",
                    file=source,
                    line=matter.line_of(f"review_inputs.{index}.clause"),
                    field=f"review_inputs.{index}.clause",
                )
            )
    found += _concept_problems(model, seen, matter.line_of, source)
    found += _rule_problems(model, seen, source, matter.line_of)
    if found:
        return None, found
    parents = {c.parent for c in model.clauses if c.parent}
    catalogue = Catalogue(
        id=model.id,
        name=model.name or model.id,
        review_inputs=[
            ReviewInput(
                i.id, i.clause, i.item, i.title, i.title_zh, tuple(i.sources), i.single_source
            )
            for i in model.review_inputs
        ],
        title=model.title,
        title_zh=model.title_zh,
        provenance=model.provenance,
        concepts=[SharedClause(c.id, c.clause, c.title, c.title_zh) for c in model.concepts],
        required=[
            RequiredItem(
                key=r.key,
                kind=r.kind,
                clause=r.clause,
                title=r.title,
                title_zh=r.title_zh,
                sources=tuple(r.sources),
                single_source=r.single_source,
            )
            for r in model.required
        ],
        required_provenance=model.required_provenance,
    )
    if model.applicability is not None:
        a = model.applicability
        catalogue.applicability = Applicability(
            rule=a.rule,
            rule_zh=a.rule_zh,
            mandatory=tuple(a.mandatory),
            excludable=tuple(a.excludable) if a.excludable is not None else None,
            warn_outside=tuple(a.warn_outside),
            other_party=tuple(a.other_party),
            soa=tuple(a.soa),
            sources=tuple(a.sources),
            single_source=a.single_source,
        )
    by_number = {c.number: c for c in model.clauses}
    for c in model.clauses:
        parent = by_number.get(c.parent or "")
        generic = parent is not None and (c.title or "").casefold() in GENERIC_TITLES
        catalogue.clauses[c.number] = Clause(
            number=c.number,
            title=c.title,
            title_zh=c.title_zh,
            parent=c.parent,
            assessable=c.assessable if c.assessable is not None else c.number not in parents,
            single_source=c.single_source,
            verified=c.verified,
            note=c.note,
            context=parent.title if parent and generic else None,
            context_zh=parent.title_zh if parent and generic and c.title_zh else None,
        )
        if c.parent:
            catalogue.children.setdefault(c.parent, []).append(c.number)
    for kids in catalogue.children.values():
        kids.sort(key=natural_key)
    return catalogue, []


def _rule_problems(
    model: _CatalogueModel,
    numbers: dict[str, int],
    source: str,
    line_of: Callable[[str], int | None],
) -> list[Problem]:
    """Clauses named by the applicability rule and the required documents must exist, and a
    required item's key is unique: a typo would silently widen or narrow the rule."""
    found = []
    named: list[tuple[str, str]] = []
    if model.applicability is not None:
        for name in ("mandatory", "excludable", "warn_outside", "other_party", "soa"):
            for index, number in enumerate(getattr(model.applicability, name) or []):
                named.append((f"applicability.{name}.{index}", number))
    keys: set[str] = set()
    for index, item in enumerate(model.required):
        named.append((f"required.{index}.clause", item.clause))
        if item.key in keys:
            found.append(
                Problem.of(
                    "CB502",
                    f"required item '{item.key}' is listed twice",
                    file=source,
                    line=line_of(f"required.{index}"),
                    field=f"required.{index}.key",
                )
            )
        keys.add(item.key)
    for path, number in named:
        if number not in numbers:
            found.append(
                Problem.of(
                    "CB502",
                    f"clause {number} is not in the catalogue",
                    file=source,
                    line=line_of(path),
                    field=path,
                    suggestion=next(
                        iter(difflib.get_close_matches(number, list(numbers), n=1, cutoff=0.6)),
                        None,
                    ),
                )
            )
    return found


def _as_catalogue_problem(problem: Problem) -> Problem:
    return Problem.of(
        "CB502", problem.message, file=problem.file, line=problem.line, field=problem.field
    )


def _concept_problems(
    model: _CatalogueModel, numbers: dict[str, int], line_of: LineOf, source: str
) -> list[Problem]:
    """A shared concept must name a clause of the catalogue, and each concept once."""
    found = []
    first: dict[str, int] = {}
    for index, concept in enumerate(model.concepts):
        path = f"concepts.{index}"
        if concept.id in first:
            found.append(
                Problem.of(
                    "CB502",
                    f"concept '{concept.id}' is listed twice (first as entry {first[concept.id]})",
                    file=source,
                    line=line_of(f"{path}.id"),
                    field=f"{path}.id",
                )
            )
        first.setdefault(concept.id, index)
        if concept.clause not in numbers:
            found.append(
                Problem.of(
                    "CB502",
                    f"concept '{concept.id}' names clause {concept.clause}, which is not in "
                    "the catalogue",
                    file=source,
                    line=line_of(f"{path}.clause"),
                    field=f"{path}.clause",
                    suggestion=_closest(concept.clause, list(numbers)),
                )
            )
    return found


def discover(folder: Traversable) -> dict[str, Catalogue]:
    """The catalogues of a folder's ``*.yaml`` files, by their ``id`` (file-name order)."""
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        text = entry.read_text("utf-8")
        catalogue, problems = parse_catalogue(text, f"clausebook/core/catalogues/{entry.name}")
        if catalogue is None:  # pragma: no cover - guarded by the catalogue integrity tests
            raise RuntimeError("; ".join(p.render() for p in problems))
        found[catalogue.id] = catalogue
    return found


@cache
def built_ins() -> dict[str, Catalogue]:
    """The catalogues shipped with clausebook, by id: every ``*.yaml`` of the package's
    ``catalogues`` folder (parsed once per process). A new built-in standard is one file."""
    return discover(resources.files(BUILT_IN_PACKAGE))


def built_in(catalogue_id: str) -> Catalogue:
    """A catalogue shipped with clausebook, by its id."""
    return built_ins()[catalogue_id]


def load(reference: str, base: Path) -> tuple[Catalogue | None, list[Problem]]:
    """A catalogue by built-in id or by the path of a YAML file (relative to ``base``)."""
    if reference in built_ins():
        return built_in(reference), []
    looks_like_path = reference.endswith((".yml", ".yaml")) or "/" in reference
    if not looks_like_path:
        close = difflib.get_close_matches(reference, list(built_ins()), n=1, cutoff=0.5)
        return None, [
            Problem.of(
                "CB503",
                f"'{reference}' is neither a built-in standard nor a catalogue file",
                field="standards",
                suggestion=close[0] if close else None,
            )
        ]
    path = (base / reference).resolve()
    if not path.is_relative_to(base.resolve()):
        return None, [
            Problem.of(
                "CB503",
                f"catalogue file '{reference}' is outside the repository; copy it into the "
                "repository and name it relative to mkdocs.yml",
                field="standards",
            )
        ]
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        return None, [
            Problem.of("CB502", f"catalogue file '{reference}' does not exist", field="standards")
        ]
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem.of("CB502", f"cannot read '{reference}': {error}", field="standards")]
    catalogue, problems = parse_catalogue(text, reference)
    if catalogue is not None and catalogue.id in built_ins():
        return None, [
            Problem.of(
                "CB502",
                f"'{catalogue.id}' is the id of a built-in catalogue; give the catalogue in "
                f"'{reference}' an id of its own",
                file=reference,
                field="id",
            )
        ]
    return catalogue, problems


def _closest(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def _parent_suggestion(number: str, parent: str, numbers: dict[str, int]) -> str | None:
    """The number above ``number`` (8.5 for 8.5.1) when it exists and is not the mistake."""
    above = number.rpartition(".")[0]
    return above if above and above != parent and above in numbers else None
