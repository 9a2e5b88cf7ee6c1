"""clausebook's options, as the core sees them.

This model is the one schema of the options: the MkDocs plugin's config schema
(``clausebook.mkdocs.config``) is derived from its fields, and the plugin and the CLI both
turn the user's ``plugins: - clausebook:`` block into it with :func:`configure`, so they
cannot disagree about names, defaults or validation.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from clausebook.core.interval import Interval
from clausebook.core.loader import misplaced_sources
from clausebook.core.metadata import parse_date
from clausebook.core.problems import Problem
from clausebook.core.vocabulary import (
    BUILTIN_LEVELS,
    DocumentType,
    TypeOption,
    Vocabulary,
    check_levels,
    check_types,
    document_types,
)

AS_OF_ENV = "CLAUSEBOOK_AS_OF"
#: Overrides ``drafts`` for one run: ``make serve`` previews the drafts a site leaves out.
DRAFTS_ENV = "CLAUSEBOOK_DRAFTS"


class ReviewSettings(BaseModel):
    """When documents are due for periodic review and how loudly the build says so."""

    model_config = ConfigDict(extra="forbid")

    default_interval: str = "12 months"
    #: Interval by document type (checked against the types in :class:`Settings`).
    intervals: dict[str, str] = Field(default_factory=dict)
    #: Strict: `due_soon_days: true` is a mistake, not the number 1.
    due_soon_days: int = Field(default=30, ge=0, le=3660, strict=True)
    #: Days before a review that the calendar's reminder (VALARM) goes off; None: none.
    reminder_days: int | None = Field(default=14, ge=0, le=365)
    log_level: Literal["info", "warn", "error"] = "warn"

    @field_validator("default_interval")
    @classmethod
    def _check_default(cls, value: str) -> str:
        Interval.parse(value)
        return value

    @field_validator("intervals")
    @classmethod
    def _check_intervals(cls, value: dict[str, str]) -> dict[str, str]:
        for text in value.values():
            Interval.parse(text)
        return value


class RequiredSettings(BaseModel):
    """How loudly a missing piece of required documented information is reported (CB434)."""

    model_config = ConfigDict(extra="forbid")

    log_level: Literal["off", "info", "warn", "error"] = "off"


#: CSS lengths a margin may be written in, in millimetres per unit.
_MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}
_LENGTH = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt|px)$")
#: The header and footer live in the top and bottom margins: they need this much room.
MIN_BAND_MM = 12.0


class PdfSettings(BaseModel):
    """Printed and PDF copies: the paper and margins of every printed page (the browser's own
    print and the PDFs alike), and whether each build also writes the PDFs.

    Written ``pdf: true`` or ``pdf: false`` (the option's form before it was a group), it
    means ``pdf: {build: true}``: manuals written for the old form keep working.
    """

    model_config = ConfigDict(extra="forbid")

    build: bool = False
    paper: Literal["A4", "Letter"] = "A4"
    #: CSS shorthand: top, right, bottom, left as in CSS (one to four lengths).
    margins: str = "20mm 16mm"
    #: Pages printed at the same time by the one browser of a run.
    workers: int = Field(default=2, ge=1, le=8)

    @field_validator("margins")
    @classmethod
    def _margins(cls, value: str) -> str:
        margins_mm(value)
        return value

    def margin_mm(self) -> tuple[float, float, float, float]:
        """Top, right, bottom, left in millimetres."""
        return margins_mm(self.margins)


def margins_mm(text: str) -> tuple[float, float, float, float]:
    """``20mm 16mm`` as (top, right, bottom, left) in millimetres, as CSS reads a shorthand.

    The header and footer bands are printed inside the top and bottom margins, so these must
    leave them room (:data:`MIN_BAND_MM`).
    """
    parts = str(text).split()
    lengths = []
    for part in parts:
        match = _LENGTH.match(part)
        if match is None:
            raise ValueError(
                f"'{part}' is not a length: write one to four lengths in mm, cm, in, pt or px, "
                "such as '20mm 16mm'"
            )
        lengths.append(float(match.group(1)) * _MM_PER_UNIT[match.group(2)])
    if not 1 <= len(lengths) <= 4:
        raise ValueError(
            f"'{text}' has {len(lengths)} lengths: write one to four (top right bottom left), "
            "such as '20mm 16mm'"
        )
    top, right, bottom, left = {
        1: lambda m: (m[0], m[0], m[0], m[0]),
        2: lambda m: (m[0], m[1], m[0], m[1]),
        3: lambda m: (m[0], m[1], m[2], m[1]),
        4: lambda m: (m[0], m[1], m[2], m[3]),
    }[len(lengths)](lengths)
    if min(top, bottom) < MIN_BAND_MM:
        raise ValueError(
            f"top and bottom margins must be at least {MIN_BAND_MM:.0f}mm: the header and the "
            "footer are printed in them"
        )
    return top, right, bottom, left


def _date_or_text(value: Any) -> Any:
    """Dates in mkdocs.yml: YAML gives date objects; quoted or CLI-read text is parsed."""
    return parse_date(value) if isinstance(value, str) else value


def _interval_text(value: str | None) -> str | None:
    if value is not None:
        Interval.parse(value)
    return value


class AuditHeld(BaseModel):
    """An audit by the certification body that took place, as its report records it."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    type: Literal["certification", "surveillance", "recertification", "special", "transfer"]
    result: str = Field(min_length=1)
    report: str | None = None
    scope: str | None = None

    _date = field_validator("date", mode="before")(_date_or_text)


class RenewalWindow(BaseModel):
    """When to apply for recertification: from ``opens`` to ``closes`` before expiry."""

    model_config = ConfigDict(extra="forbid")

    opens: str = "6 months"
    closes: str = "3 months"

    _intervals = field_validator("opens", "closes")(_interval_text)


class Certification(BaseModel):
    """One certificate of the management system against one standard in scope.

    Only the certificate, the body and the issue date are needed: the expiry, the
    surveillance audits and the renewal window follow the usual three-year cycle unless the
    dates agreed with the certification body are written.
    """

    model_config = ConfigDict(extra="forbid")

    certificate: str = Field(min_length=1)
    body: str = Field(min_length=1)
    issued: dt.date
    expires: dt.date | None = None
    scope: str | None = None
    surveillance: list[dt.date] | None = None
    renewal: RenewalWindow = Field(default_factory=RenewalWindow)
    #: The day the application for recertification went to the body.
    applied: dt.date | None = None
    audits: list[AuditHeld] = Field(default_factory=list)

    @field_validator("issued", "expires", "applied", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return _date_or_text(value)

    @field_validator("surveillance", mode="before")
    @classmethod
    def _surveillance(cls, value: Any) -> Any:
        return [_date_or_text(v) for v in value] if isinstance(value, list) else value


class RecordKind(BaseModel):
    """A kind of record and its recency rule: a record of it at least every ``within``."""

    model_config = ConfigDict(extra="forbid")

    within: str | None = None
    level: Literal["info", "warn", "error"] | None = None
    retain: str | None = None
    title: str | None = None
    title_zh: str | None = None

    _intervals = field_validator("within", "retain")(_interval_text)


#: The kinds of record every manual knows; ``operation.records`` adds or overrides.
BUILT_IN_RECORD_KINDS: dict[str, RecordKind] = {
    "internal-audit": RecordKind(within="12 months", title="Internal audit", title_zh="内部审核"),
    "management-review": RecordKind(
        within="12 months", title="Management review", title_zh="管理评审"
    ),
    "corrective-action": RecordKind(title="Corrective action", title_zh="纠正措施"),
    "training": RecordKind(title="Training", title_zh="培训"),
}


class OperationSettings(BaseModel):
    """The management system in operation: its records' rules and how loudly findings
    of the certification cycle and of the records are logged."""

    model_config = ConfigDict(extra="forbid")

    log_level: Literal["info", "warn", "error"] = "warn"
    due_soon_days: int = Field(default=60, ge=0, le=3660)
    closing_days: int = Field(default=30, ge=0, le=3660)
    retain: str | None = None
    records: dict[str, RecordKind] = Field(default_factory=dict)
    dashboard_home: bool = False

    _retain = field_validator("retain")(_interval_text)

    @field_validator("records")
    @classmethod
    def _kind_names(cls, value: dict[str, RecordKind]) -> dict[str, RecordKind]:
        for name in value:
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", name):
                raise ValueError(
                    f"'{name}' is not a record kind: use lower-case letters, digits and '-', "
                    "such as supplier-evaluation"
                )
        return value

    def kinds(self) -> dict[str, RecordKind]:
        """Built-in kinds, with what the manual wrote merged over them."""
        merged = dict(BUILT_IN_RECORD_KINDS)
        for name, kind in self.records.items():
            base = merged.get(name)
            written = kind.model_dump(exclude_unset=True)
            merged[name] = base.model_copy(update=written) if base else kind
        return merged


class Role(BaseModel):
    """A role that documents name in ``readers``, with its name in English and Chinese."""

    model_config = ConfigDict(extra="forbid")

    en: str = Field(min_length=1)
    zh: str | None = Field(default=None, min_length=1)

    def name(self, language: str) -> str:
        return (self.zh if language == "zh" else None) or self.en


ROLE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
#: The fields an ``acknowledge_url`` may fill in.
ACKNOWLEDGE_FIELDS = ("id", "revision", "title", "edition")


class UnitSettings(BaseModel):
    """A unit of a group (subsidiary, site, business line) that shares the group's documents
    and keeps its own scope, applicability and local documents."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,15}$")
    name: str = Field(min_length=1)
    #: The unit's scope statement, as its certificate states it.
    scope: str | None = None
    #: Standards in scope for the unit (a subset of the group's); default: all of the group's.
    standards: list[str] | None = None
    #: The unit's own exclusions, added to the group's: its applicability.
    exclusions: dict[str, dict[str, str]] = Field(default_factory=dict)
    #: The unit's own certificates (its certification cycle), by standard; in the unit's
    #: edition they are the certificates its dashboard and status follow.
    certification: dict[str, Certification] = Field(default_factory=dict)
    #: Folders of the unit's local documents, relative to mkdocs.yml.
    sources: list[str] = Field(default_factory=list)

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: list[str]) -> list[str]:
        return _inside_repository(value)


class Settings(BaseModel):
    """Every clausebook option with its default."""

    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(default_factory=lambda: ["manual", "procedures"])
    drafts: Literal["exclude", "include"] = "exclude"
    #: Classification levels, from the widest audience to the narrowest (before
    #: ``audience``, which is checked against them).
    classifications: list[str] = Field(default_factory=lambda: list(BUILTIN_LEVELS))
    #: The highest classification level this edition shows.
    audience: str = "internal"
    standards: list[str] = Field(default_factory=lambda: ["iso20000-1:2018"], min_length=1)
    exclusions: dict[str, dict[str, str]] = Field(default_factory=dict)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    certification: dict[str, Certification] = Field(default_factory=dict)
    operation: OperationSettings = Field(default_factory=OperationSettings)
    required_documents: RequiredSettings = Field(default_factory=RequiredSettings)
    as_of: dt.date | None = None
    language: Literal["en", "zh"] | None = None
    reports_dir: str = "reports"
    id_prefixes: dict[str, str] = Field(default_factory=dict)
    areas: dict[str, str] = Field(default_factory=dict)
    #: New document types, or built-in ones renamed (see :mod:`clausebook.core.vocabulary`).
    types: dict[str, TypeOption] = Field(default_factory=dict)
    #: The units of a group; group documents apply to every unit unless they say otherwise.
    units: list[UnitSettings] = Field(default_factory=list)
    #: The code of the unit this edition is for (a unit's own site); None: the group's view.
    unit: str | None = None
    pdf: PdfSettings = Field(default_factory=PdfSettings)
    #: Roles that documents name in ``readers``: id -> name (English) or {en, zh}.
    roles: dict[str, Role] = Field(default_factory=dict)
    #: A form of the organisation's own that each changed document links to.
    acknowledge_url: str | None = None
    #: The evidence of approvals: the record in the front matter, or that and git's log.
    approvals: Literal["record", "git"] = "record"
    #: Days a recorded approval and the commit that made the revision effective may differ.
    approval_tolerance_days: int = Field(default=14, ge=0, le=3660)
    #: No effect: accepted so that a configuration written for clausebook 0.1, which could
    #: render the reports in a second process, still builds (docs/performance.md says why
    #: that process is gone).
    parallel: bool = True

    @field_validator("exclusions", "areas", "id_prefixes", "review", mode="before")
    @classmethod
    def _empty(cls, value: Any) -> Any:
        """``exclusions:`` written without a value means none, as the default does."""
        return {} if value is None else value

    @field_validator("id_prefixes")
    @classmethod
    def _prefixes(cls, value: dict[str, str]) -> dict[str, str]:
        # A prefix becomes part of every new id and of the new file's name (the keys are
        # checked against the document types, the manual's own included, in _known_types).
        for doc_type, prefix in value.items():
            if not re.fullmatch(r"[A-Za-z0-9]{1,12}", prefix):
                raise ValueError(
                    f"prefix {prefix!r} of {doc_type}: use 1 to 12 letters or digits, such as PRO"
                )
        return value

    @field_validator("exclusions", mode="before")
    @classmethod
    def _exclusion_keys(cls, value: Any) -> Any:
        # mkdocs.yml is read by MkDocs' YAML loader, which turns 8.10 into the float 8.1.
        if isinstance(value, dict):
            for clauses in value.values():
                for key in clauses if isinstance(clauses, dict) else ():
                    if not isinstance(key, str):
                        raise ValueError(
                            f"clause {key!r} must be quoted in mkdocs.yml (YAML reads 8.10 as "
                            "the number 8.1): write '8.10': justification"
                        )
        return value

    @field_validator("pdf", mode="before")
    @classmethod
    def _pdf_switch(cls, value: Any) -> Any:
        # `pdf: true` was the whole option before it became a group: it still means "build".
        return {"build": value} if isinstance(value, bool) else value

    @field_validator("roles", mode="before")
    @classmethod
    def _roles(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        for key in value:
            if not isinstance(key, str) or not ROLE_ID.match(key):
                raise ValueError(
                    f"{key!r} is not a role id: letters, digits, '-' and '_' only, such as "
                    "service-desk"
                )
        # Each role has a page named after its id: ids differing only in case would share it.
        seen: dict[str, str] = {}
        for key in value:
            other = seen.setdefault(key.lower(), key)
            if other != key:
                raise ValueError(f"roles {other!r} and {key!r} differ only in case")
        # A role's name alone is its English name.
        return {k: {"en": v} if isinstance(v, str) else v for k, v in value.items()}

    @field_validator("acknowledge_url")
    @classmethod
    def _acknowledge_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("https://", "http://", "mailto:")):
            raise ValueError("must start with https://, http:// or mailto:")
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError as error:
            raise ValueError(
                f"is not a template: {error} (write a brace as {{{{ or }}}})"
            ) from None
        unknown = [name for name in fields if name not in ACKNOWLEDGE_FIELDS]
        if unknown:
            allowed = ", ".join(f"{{{name}}}" for name in ACKNOWLEDGE_FIELDS)
            raise ValueError(f"{{{unknown[0]}}} is not a field; the fields are {allowed}")
        return value

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: Any) -> Any:
        # Unquoted, YAML gives a date: the plausible range is checked for it too.
        return parse_date(value) if isinstance(value, str | dt.date) else value

    @field_validator("sources")
    @classmethod
    def _sources(cls, value: list[str]) -> list[str]:
        return _inside_repository(value)

    @field_validator("reports_dir")
    @classmethod
    def _reports_dir(cls, value: str) -> str:
        cleaned = value.strip("/")
        if not cleaned or ".." in cleaned.split("/"):
            raise ValueError("must be a folder name inside the site, such as 'reports'")
        return cleaned

    @field_validator("types")
    @classmethod
    def _types(cls, value: dict[str, TypeOption]) -> dict[str, TypeOption]:
        check_types(value)
        return value

    @field_validator("classifications")
    @classmethod
    def _levels(cls, value: list[str]) -> list[str]:
        check_levels(value)
        return value

    @field_validator("audience")
    @classmethod
    def _audience(cls, value: str, info: ValidationInfo) -> str:
        levels = info.data.get("classifications") or BUILTIN_LEVELS
        if value not in levels:
            raise ValueError(
                f"'{value}' is not a classification level: use one of {', '.join(levels)}"
            )
        return value

    @model_validator(mode="after")
    def _known_types(self) -> Settings:
        # Options that name document types must name ones that exist.
        named = {"review.intervals": self.review.intervals, "id_prefixes": self.id_prefixes}
        for option, names in named.items():
            unknown = [name for name in names if name not in self.doc_types]
            if unknown:
                raise ValueError(
                    f"{option}: {', '.join(unknown)} is not a document type "
                    f"({', '.join(self.doc_types)}); add new types under 'types'"
                )
        return self

    @cached_property
    def doc_types(self) -> dict[str, DocumentType]:
        """Every document type in navigation order: the built-in ones, then the new ones."""
        return document_types(self.types)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The types and levels documents may name (checked as their front matter is)."""
        return Vocabulary(tuple(self.doc_types), tuple(self.classifications))

    def prefix_for(self, doc_type: str) -> str:
        return self.id_prefixes.get(doc_type) or self.doc_types[doc_type].prefix

    def interval_for(self, doc_type: str) -> Interval:
        """The review interval of a type: ``review.intervals``, then the type's own, then
        ``review.default_interval``."""
        known = self.doc_types.get(doc_type)
        text = self.review.intervals.get(doc_type) or (known and known.review_interval)
        return Interval.parse(text or self.review.default_interval)

    def is_reviewed(self, doc_type: str) -> bool:
        """Whether documents of a type get periodic reviews (a ``record`` type may not)."""
        known = self.doc_types.get(doc_type)
        return known.reviewed if known else True

    def rank(self, level: str) -> int | None:
        """How narrow a classification level is (0: the widest); None for an unknown one."""
        return self.classifications.index(level) if level in self.classifications else None

    def shows(self, level: str) -> bool:
        """Whether this edition's audience may read a document of ``level`` (an unknown
        level is never shown: it could be the narrowest)."""
        rank = self.rank(level)
        return rank is not None and rank <= self.classifications.index(self.audience)


def _inside_repository(folders: list[str]) -> list[str]:
    """Controlled documents are the repository's: a folder outside it is never read."""
    for folder in folders:
        parts = folder.replace("\\", "/").split("/")
        if not folder.strip() or folder.startswith(("/", "~")) or ".." in parts:
            raise ValueError(
                f"'{folder}' is not a folder inside the repository: write a path relative "
                "to mkdocs.yml, such as 'procedures'"
            )
    return folders


def resolve_as_of(cli: dt.date | None, settings: Settings, today: dt.date | None = None) -> dt.date:
    """The date reviews are judged against: CLI, then environment, then config, then today."""
    if cli is not None:
        return cli
    env = os.environ.get(AS_OF_ENV, "").strip()
    if env:
        try:
            parsed = parse_date(env)
        except ValueError as error:
            raise ValueError(
                f"{AS_OF_ENV}={env!r} is not a date ({error}): write it as YYYY-MM-DD, "
                "such as 2026-11-24"
            ) from None
        if parsed is not None:
            return parsed
    if settings.as_of is not None:
        return settings.as_of
    return today or dt.date.today()


def language_of(option: str | None, theme_language: str | None) -> str:
    """``language`` option first, then the theme's language (zh, zh-Hant, zh-TW...)."""
    for candidate in (option, theme_language):
        if candidate:
            return "zh" if candidate.lower().startswith("zh") else "en"
    return "en"


def configure(
    options: Mapping[str, Any],
    *,
    root: Path,
    docs_dir: Path,
    theme_language: str | None,
    publishing: bool = False,
    unit: str | None = None,
) -> tuple[Settings | None, list[Problem]]:
    """The plugin block of ``mkdocs.yml`` as :class:`Settings`: the one set-up that the MkDocs
    plugin and the command line share, so the site and the CLI read every option alike.

    ``options`` are the values the user wrote (keys left out take their defaults); the
    language falls back to the theme's; an edition being published never shows drafts,
    otherwise ``$CLAUSEBOOK_DRAFTS`` may override ``drafts``; ``unit`` (``publish --unit``)
    makes the edition that unit's.
    """
    options = dict(options)
    if unit:
        options["unit"] = unit
    written = options.get("language")
    # The theme's language falls back to English; the option itself must be one we speak.
    options["language"] = (
        language_of(None, theme_language) if written is None else _language_option(written)
    )
    drafts = os.environ.get(DRAFTS_ENV, "").strip()
    if publishing:
        options["drafts"] = "exclude"
    elif drafts:
        if drafts not in ("include", "exclude"):
            message = f"{DRAFTS_ENV}={drafts!r} is not 'include' or 'exclude'"
            return None, [Problem.of("CB505", message)]
        options["drafts"] = drafts
    settings, problems = parse_settings(options)
    if settings is None:
        return None, problems
    misplaced = misplaced_sources(root, settings.sources, docs_dir)
    return (None, misplaced) if misplaced else (settings, [])


def _language_option(value: Any) -> Any:
    """``zh-Hant`` and ``en-GB`` are the languages clausebook has; anything else is left for
    validation to refuse (``language: fr`` is an error, not English)."""
    if isinstance(value, str):
        base = value.lower().replace("_", "-").split("-")[0]
        if base in ("en", "zh"):
            return base
    return value


def listed_twice() -> Problem:
    """The plugin entered twice in ``plugins``: which options are meant is not known."""
    return Problem.of(
        "CB505",
        "the clausebook plugin is listed twice under 'plugins': keep one entry with all its "
        "options",
        field="plugins",
    )


def parse_settings(options: dict[str, Any]) -> tuple[Settings | None, list[Problem]]:
    """Validate the plugin block of mkdocs.yml into :class:`Settings`."""
    try:
        return Settings.model_validate(options), []
    except ValidationError as error:
        problems = []
        for e in error.errors():
            path = ".".join(str(p) for p in e["loc"])
            message = e["msg"].removeprefix("Value error, ")
            problems.append(Problem.of("CB505", message, field=f"plugins.clausebook.{path}"))
        return None, problems
