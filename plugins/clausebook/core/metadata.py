"""The controlled-document front matter: the user's contract, as a pydantic model.

The model validates what :mod:`clausebook.frontmatter` read (text, None, lists, dicts) and
also yields the JSON Schema that editors use (``clausebook schema``). Pydantic's own error
types are translated into clausebook problems in :func:`validate`, so a user never sees a
pydantic message, only one that names the field, what was expected and a suggestion.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from clausebook.core.frontmatter import FrontMatter
from clausebook.core.interval import Interval
from clausebook.core.problems import Problem
from clausebook.core.vocabulary import BUILTIN, DEFAULT_LEVEL, Vocabulary


class DocType(StrEnum):
    """The built-in kinds of controlled document, in the order the navigation lists them.

    A document of a built-in type carries its member (``meta.type is DocType.SOA``); one of
    a type the manual adds (the ``types`` option) carries the type's id as text."""

    MANUAL = "manual"
    POLICY = "policy"
    PLAN = "plan"
    #: Statement of Applicability: which requirements apply, why, and how far implemented.
    SOA = "soa"
    PROCEDURE = "procedure"
    WORK_INSTRUCTION = "work-instruction"
    FORM = "form"
    RECORD = "record"
    EXTERNAL = "external"


class Status(StrEnum):
    """The lifecycle: draft -> in-review -> approved -> effective -> obsolete."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    APPROVED = "approved"
    EFFECTIVE = "effective"
    OBSOLETE = "obsolete"

    @property
    def is_draft(self) -> bool:
        """Not yet approved: left out of a normal build (``drafts: exclude``)."""
        return self in (Status.DRAFT, Status.IN_REVIEW)


class ImplementationStatus(StrEnum):
    """How far a control of a Statement of Applicability is implemented."""

    IMPLEMENTED = "implemented"
    PARTIALLY = "partially"
    PLANNED = "planned"
    NOT_APPLICABLE = "not-applicable"


ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# ASCII digits only: \d would take full-width ２０２６ too.
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_OTHER_DATE = re.compile(r"^([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})$")
EARLIEST_YEAR, LATEST_YEAR = 1980, 2100


def parse_date(value: Any) -> dt.date | None:
    """Strict ISO dates; other spellings are refused with the ISO form as a suggestion."""
    if value is None:
        return None
    if isinstance(value, dt.date):  # a date YAML typed (mkdocs.yml): its range still counts
        day = value.date() if isinstance(value, dt.datetime) else value
        return _plausible(day, day.isoformat())
    if not isinstance(value, str):
        raise PydanticCustomError("cb_type", "expected a date YYYY-MM-DD, not a list or mapping")
    text = value.strip()
    if not _DATE.match(text):
        ascii_form = unicodedata.normalize("NFKC", text)
        other = _OTHER_DATE.match(ascii_form)
        if ascii_form != text and _DATE.match(ascii_form):
            raise PydanticCustomError(
                "cb_date",
                "'{text}' is written with full-width or other non-ASCII digits",
                {"text": text, "suggestion": ascii_form},
            )
        if other:
            y, m, d = (int(g) for g in other.groups())
            raise PydanticCustomError(
                "cb_date",
                "'{text}' is not written as YYYY-MM-DD",
                {"text": text, "suggestion": f"{y:04d}-{m:02d}-{d:02d}"},
            )
        raise PydanticCustomError(
            "cb_date", "'{text}' is not a date written as YYYY-MM-DD", {"text": text}
        )
    try:
        parsed = dt.date.fromisoformat(text)
    except ValueError as error:
        raise PydanticCustomError(
            "cb_date", "'{text}' does not exist ({reason})", {"text": text, "reason": str(error)}
        ) from None
    return _plausible(parsed, text)


def _plausible(day: dt.date, text: str) -> dt.date:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise PydanticCustomError(
            "cb_implausible",
            "'{text}' is outside {lo}-{hi}",
            {"text": text, "lo": EARLIEST_YEAR, "hi": LATEST_YEAR},
        )
    return day


#: Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def control_name(char: str) -> str:
    """How a message names an invisible character: U+000A, never the character itself."""
    return f"U+{ord(char):04X}"


def one_line(value: str) -> str:
    """A title, owner or revision is printed on one line everywhere (navigation, register,
    terminal, calendar): a line break or an escape sequence in it could forge another line."""
    found = _CONTROL.search(value)
    if found:
        raise PydanticCustomError(
            "cb_control",
            "the value holds the control character {char} at position {position}; "
            "one-line fields hold no tabs, line breaks or other control characters",
            {"char": control_name(found.group()), "position": found.start() + 1},
        )
    return value


#: One line of text, not empty: every text field of the front matter.
Text = Annotated[str, Field(min_length=1), AfterValidator(one_line)]
DateField = Annotated[dt.date | None, Field(default=None, json_schema_extra={"format": "date"})]


class Outcome(StrEnum):
    """What a periodic review concluded."""

    NO_CHANGE = "no change"
    CHANGE_NEEDED = "change needed"


class HistoryEntry(BaseModel):
    """One revision in the history table (newest first), with its approval when recorded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["revision"] = Field(
        default="revision", description="'revision' (the default) or 'review'."
    )
    revision: Text = Field(description="The revision this entry describes, e.g. '2.1'.")
    date: dt.date = Field(description="Date of the revision, YYYY-MM-DD.")
    author: Text | None = Field(default=None, description="Who wrote the revision.")
    summary: Text = Field(description="What changed, in one sentence.")
    approved_by: Text | None = Field(default=None, description="Who approved this revision.")
    approved: DateField = Field(default=None, description="When this revision was approved.")

    @field_validator("date", "approved", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return parse_date(value)


class ReviewEntry(BaseModel):
    """A periodic review recorded in the history: it moves the review date and leaves the
    revision (and so change control) alone."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["review"] = Field(description="'review': a periodic review, not a revision.")
    date: dt.date = Field(description="Date of the review, YYYY-MM-DD.")
    reviewer: Text = Field(description="Who reviewed the document.")
    outcome: Outcome = Field(description="'no change' or 'change needed'.")
    revision: Text | None = Field(default=None, description="The revision reviewed.")
    summary: Text | None = Field(default=None, description="What the review found.")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return parse_date(value)


class ControlEntry(BaseModel):
    """One requirement or control in a Statement of Applicability."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    applicable: bool = Field(default=True, description="Whether the requirement applies.")
    justification: Text | None = Field(
        default=None,
        description="Why it is included or excluded (required when not applicable).",
    )
    status: ImplementationStatus | None = Field(
        default=None, description="implemented, partially, planned or not-applicable."
    )
    owner: Text | None = Field(default=None, description="Who is responsible for it.")
    operated_by: Text | None = Field(
        default=None, description="The other party operating this process (ISO/IEC 20000-1)."
    )
    controlled_by: Text | None = Field(
        default=None, description="Id of the document through which that party is controlled."
    )


ENTRY_KINDS = ("revision", "review")


def _entry_kind(value: Any) -> str | None:
    """Which model an entry of ``history`` is: ``kind: review``, or a revision by default."""
    if isinstance(value, dict):
        kind = value.get("kind", "revision")
        return kind if kind in ENTRY_KINDS else None
    return getattr(value, "kind", None)


History = Annotated[
    Annotated[HistoryEntry, Tag("revision")] | Annotated[ReviewEntry, Tag("review")],
    Discriminator(
        _entry_kind,
        custom_error_type="cb_kind",
        custom_error_message="a history entry's kind is 'revision' or 'review'",
    ),
]


class Metadata(BaseModel):
    """Front matter of a controlled document."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="clausebook controlled document",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    id: str = Field(description="Unique document id, e.g. PRO-CHG-01.", pattern=ID_PATTERN.pattern)
    title: Text = Field(description="Document title.")
    title_zh: Text | None = Field(
        default=None, description="The title in Chinese, for a document written in English."
    )
    title_en: Text | None = Field(
        default=None, description="The title in English, for a document written in Chinese."
    )
    keywords: list[Text] = Field(
        default_factory=list,
        description="Words search finds the document by, beyond its text (e.g. CAB, RFC).",
    )
    type: DocType | str = Field(
        description="Kind of document: manual, policy, plan, soa, procedure, "
        "work-instruction, form, record, external, or a type of the 'types' option.",
        union_mode="left_to_right",
    )
    owner: Text = Field(description="Role or person responsible for the document.")
    approver: Text | None = Field(default=None, description="Who approves it.")
    revision: Text = Field(description='Revision exactly as written; quote it: "2.1".')
    status: Status = Field(description="Lifecycle status.")
    approved: DateField = Field(default=None, description="Date the current revision was approved.")
    effective: DateField = Field(default=None, description="Date the revision takes effect.")
    reviewed: DateField = Field(
        default=None, description="Last periodic review (defaults to the effective date)."
    )
    review_interval: str | None = Field(
        default=None,
        description="Overrides the review interval: '6 months', '2 years', '90 days'.",
        pattern=r"^\s*[0-9]{1,4}\s*(day|week|month|year)s?\s*$",
    )
    clauses: dict[str, list[str]] | list[str] = Field(
        default_factory=list,
        description="Clauses addressed: standard id -> clause numbers (a plain list means the "
        "default standard). 'N#section' points at a heading of this document.",
    )
    classification: str = Field(
        default=DEFAULT_LEVEL,
        description="Who may read it: public, internal, confidential, or a level of the "
        "'classifications' option.",
    )
    superseded_by: Text | None = Field(
        default=None, description="Id of the document that replaces this one (obsolete only)."
    )
    readers: list[Text] = Field(
        default_factory=list,
        description="Roles that must read each new revision (declared in mkdocs.yml, 'roles').",
    )
    history: list[History] = Field(
        default_factory=list,
        description="Revisions and recorded reviews, newest first.",
    )
    units: list[Text] | None = Field(
        default=None,
        description="Group documents only: the codes of the units it applies to (default: all).",
    )
    variant_of: str | None = Field(
        default=None,
        description="Unit documents only: id of the group document this local variant replaces "
        "for its unit.",
    )
    provides: list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]] = Field(
        default_factory=list,
        description="Required documented information this document is (keys of the "
        "catalogues' required lists, such as policy, objectives, scope).",
    )
    applicability: dict[str, dict[str, ControlEntry]] = Field(
        default_factory=dict,
        description="Statement of Applicability (type soa only): standard id -> clause or "
        "control -> applicable, justification, status, owner, operated_by, controlled_by.",
    )
    record_of: str | None = Field(
        default=None,
        description="Records only: what the record is evidence of (internal-audit, "
        "management-review, corrective-action, training, or a kind of operation.records).",
    )
    date: DateField = Field(default=None, description="Records only: the day it was held.")
    closed: DateField = Field(
        default=None, description="Records only: the day the action or finding was closed."
    )
    retain: str | None = Field(
        default=None,
        description="Records only: how long it is kept after its date, such as '6 years'.",
        pattern=r"^\s*\d{1,4}\s*(day|week|month|year)s?\s*$",
    )
    procedure: str | None = Field(
        default=None,
        description="Records only: id of the procedure that controls it, e.g. PRO-AUD-01.",
    )
    inputs: list[str] = Field(
        default_factory=list,
        description="Management review records: the review inputs it covered (ids of the "
        "catalogue's review_inputs, such as actions-from-previous-reviews).",
    )

    @field_validator("type", "classification", mode="before")
    @classmethod
    def _known(cls, value: Any, info: ValidationInfo) -> Any:
        # The manual's own types and levels (``types``, ``classifications``) arrive as the
        # validation context; without one, the built-in ones.
        vocabulary: Vocabulary = (info.context or {}).get("vocabulary") or BUILTIN
        known = vocabulary.types if info.field_name == "type" else vocabulary.levels
        if not isinstance(value, str) or value not in known:
            option = "types" if info.field_name == "type" else "classifications"
            match = difflib.get_close_matches(str(value).lower(), known, n=1, cutoff=0.5)
            raise PydanticCustomError(
                "cb_choice",
                "'{text}' is not allowed; expected one of {known} (new ones are added under "
                "'{option}' of the clausebook plugin in mkdocs.yml)",
                {
                    "text": value,
                    "known": ", ".join(known),
                    "option": option,
                    "suggestion": match[0] if match else None,
                },
            )
        if info.field_name == "type" and value in DocType.__members__.values():
            return DocType(value)
        return value

    @field_validator("approved", "effective", "reviewed", "date", "closed", mode="before")
    @classmethod
    def _dates(cls, value: Any) -> Any:
        return parse_date(value)

    @field_validator("review_interval", "retain", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                Interval.parse(value)
            except ValueError as error:
                raise PydanticCustomError("cb_interval", str(error)) from None
            return value.lower()  # "12 Months" reads as mkdocs.yml's intervals do
        return value

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> Any:
        if isinstance(value, str) and not ID_PATTERN.fullmatch(value):
            raise PydanticCustomError(
                "cb_id",
                "'{text}' is not a valid id: letters, digits, '.', '-' and '_' only, "
                "no spaces or slashes, at most 64 characters",
                {"text": value, "suggestion": _id_suggestion(value)},
            )
        return value

    @property
    def interval(self) -> Interval | None:
        return Interval.parse(self.review_interval) if self.review_interval else None

    @property
    def revisions(self) -> list[HistoryEntry]:
        """The revision entries of the history, newest first (reviews left out)."""
        return [e for e in self.history if isinstance(e, HistoryEntry)]

    @property
    def reviews(self) -> list[ReviewEntry]:
        """The reviews recorded in the history, newest first."""
        return [e for e in self.history if isinstance(e, ReviewEntry)]

    @property
    def current_entry(self) -> HistoryEntry | None:
        """The history entry of the current revision."""
        return next((e for e in self.revisions if e.revision == self.revision), None)

    @property
    def retention(self) -> Interval | None:
        return Interval.parse(self.retain) if self.retain else None

    @property
    def last_review(self) -> dt.date | None:
        """``reviewed`` (else the effective date), or a later review recorded in the
        history; none for an approved document that is not yet in force (it has not been
        reviewed since its approval, and its effective date may lie ahead)."""
        if self.status is Status.APPROVED and not self.reviewed:
            return None
        base = self.reviewed or self.effective
        dates = [e.date for e in self.reviews if base is None or e.date > base]
        return max(dates, default=base)


def _id_suggestion(value: str) -> str | None:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", value.strip()).strip("-._")
    return cleaned[:64] or None


FIELDS = list(Metadata.model_fields)
_TYPE_NAME = re.compile(r"^(?:(?:dict|list)\[.*\]|str)$")
_EXPECTED = {
    "applicability": "a mapping of standard id to clauses, each with applicable, "
    "justification, status, owner",
    "clauses": "a mapping of standard id to a list of clause numbers, or a list of numbers",
    "history": "a list of entries with revision, date, author and summary, or reviews",
}
#: The fields of each kind of history entry, for near-miss suggestions.
_ENTRY_FIELDS = {
    "revision": list(HistoryEntry.model_fields),
    "review": list(ReviewEntry.model_fields),
}


def validate(
    matter: FrontMatter, file: str, vocabulary: Vocabulary = BUILTIN
) -> tuple[Metadata | None, list[Problem]]:
    """Validate front matter; every problem at once, each with line, field and suggestion.

    ``vocabulary``: the document types and classification levels the manual defines."""
    try:
        return Metadata.model_validate(matter.data, context={"vocabulary": vocabulary}), []
    except ValidationError as error:
        problems: list[Problem] = []
        for e in error.errors():
            problem = _problem(e, matter, file)
            # A value that fits no member of a union (clauses) fails once per member.
            if not any(p.field == problem.field and p.code == problem.code for p in problems):
                problems.append(problem)
        return None, problems


#: Stand-ins for required fields that failed, so the other checks can still run.
_STAND_INS = {"title": "(title with errors)", "owner": "(owner with errors)", "revision": "0"}


def salvage(
    matter: FrontMatter, problems: list[Problem], vocabulary: Vocabulary = BUILTIN
) -> Metadata | None:
    """The document without its failing fields, for the checks that do not need them.

    An author fixing one field should not discover the next problem only on the next build:
    lifecycle, clause and cross-reference checks still run on what is valid. Without a
    valid id, type and status nothing sensible can be said, and None is returned.
    """
    failed = {(p.field or "").split(".")[0] for p in problems}
    if failed & {"id", "type", "status", ""}:
        return None
    data = {k: v for k, v in matter.data.items() if k not in failed and k in FIELDS}
    for name, value in _STAND_INS.items():
        data.setdefault(name, value)
    data["classification"] = most_restrictive(
        [matter.data.get("classification"), *matter.duplicates.get("classification", [])],
        vocabulary,
    )
    try:
        return Metadata.model_validate(data, context={"vocabulary": vocabulary})
    except ValidationError:
        return None


def most_restrictive(written: list[Any], vocabulary: Vocabulary = BUILTIN) -> str:
    """The narrowest audience among the classifications written for one document.

    A document whose classification was written twice, or misspelt, is never published for
    a wider audience than its author may have meant: a value that is not a level of the
    manual counts as its narrowest level; no value at all is the default, internal.
    """
    levels = vocabulary.levels
    ranks = []
    for value in written:
        if value is None and len(written) == 1:
            return DEFAULT_LEVEL
        ranks.append(levels.index(value) if value in levels else len(levels) - 1)
    return levels[max(ranks)]


def _problem(error: Any, matter: FrontMatter, file: str) -> Problem:
    loc = [str(p) for p in error["loc"]]
    if loc[:1] == ["clauses"]:
        # Members of the clauses union appear in the location as type names
        # ("dict[str,list[str]]"): they mean nothing to the author.
        loc = ["clauses", *(p for p in loc[1:] if not _TYPE_NAME.match(p))]
    entry_kind = "revision"
    if loc[:1] == ["history"] and len(loc) > 2 and loc[2] in ENTRY_KINDS:
        # Likewise the kind of a history entry ("history.0.review.outcome").
        entry_kind = loc.pop(2)
    path = ".".join(loc)
    kind = error["type"]
    ctx = error.get("ctx") or {}
    line = matter.line_of(path)
    name = loc[-1] if loc else ""
    if kind == "missing":
        return Problem.of("CB201", f"'{name}' is required", file=file, line=line, field=path)
    if kind == "extra_forbidden":
        known = _ENTRY_FIELDS[entry_kind] if loc[:1] == ["history"] else FIELDS
        match = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        return Problem.of(
            "CB202",
            f"'{name}' is not a field of a controlled document",
            file=file,
            line=line,
            field=path,
            suggestion=match[0] if match else None,
        )
    if kind == "cb_kind":
        return _kind_problem(error.get("input"), matter, file, path)
    if kind.startswith("cb_"):
        code = {
            "cb_date": "CB204",
            "cb_implausible": "CB207",
            "cb_interval": "CB208",
            "cb_id": "CB206",
            "cb_type": "CB203",
            "cb_control": "CB210",
            "cb_choice": "CB205",
        }[kind]
        return Problem.of(
            code, error["msg"], file=file, line=line, field=path, suggestion=ctx.get("suggestion")
        )
    value = error.get("input")
    if kind == "enum":
        allowed = ctx.get("expected", "")
        options = [o.strip(" '") for o in allowed.replace(" or ", ",").split(",") if o.strip()]
        match = difflib.get_close_matches(str(value).lower(), options, n=1, cutoff=0.5)
        return Problem.of(
            "CB205",
            f"'{value}' is not allowed; expected {allowed}",
            file=file,
            line=line,
            field=path,
            suggestion=match[0] if match else None,
        )
    if value is None:
        return Problem.of("CB209", f"'{name}' is empty", file=file, line=line, field=path)
    if kind == "string_too_short":
        return Problem.of("CB209", f"'{name}' is empty", file=file, line=line, field=path)
    if kind == "string_pattern_mismatch" and name in ("review_interval", "retain"):
        return Problem.of(
            "CB208",
            f"'{value}' is not an interval such as '12 months'",
            file=file,
            line=line,
            field=path,
        )
    top = loc[0] if loc else ""
    expected = _EXPECTED.get(top) or _describe(kind)
    shown = type(value).__name__ if isinstance(value, dict | list) else repr(value)
    what = {"dict": "a mapping", "list": "a list"}.get(shown, shown)
    return Problem.of(
        "CB203", f"expected {expected}, found {what}", file=file, line=line, field=path
    )


def _kind_problem(entry: Any, matter: FrontMatter, file: str, path: str) -> Problem:
    """A history entry that is no mapping, or whose ``kind`` is neither of the two."""
    if not isinstance(entry, dict):
        what = "a list" if isinstance(entry, list) else repr(entry)
        return Problem.of(
            "CB203",
            f"expected an entry with revision, date and summary (or kind: review), found {what}",
            file=file,
            line=matter.line_of(path),
            field=path,
        )
    value = entry.get("kind")
    match = difflib.get_close_matches(str(value).lower(), ENTRY_KINDS, n=1, cutoff=0.5)
    return Problem.of(
        "CB205",
        f"'{value}' is not allowed; expected 'revision' or 'review'",
        file=file,
        line=matter.line_of(f"{path}.kind"),
        field=f"{path}.kind",
        suggestion=match[0] if match else None,
    )


def _describe(kind: str) -> str:
    return {
        "string_type": "text",
        "list_type": "a list",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
        "date_type": "a date YYYY-MM-DD",
    }.get(kind, "a different value")


def json_schema(types: list[str] | None = None, levels: list[str] | None = None) -> dict[str, Any]:
    """The JSON Schema of the front matter, for editors (VS Code YAML, JetBrains).

    ``types`` and ``levels`` are a manual's own document types and classification levels
    (default: the built-in ones), offered to the editor as the allowed values.
    """
    schema = Metadata.model_json_schema()
    properties = schema["properties"]
    described = {k: v for k, v in properties["type"].items() if k in ("title", "description")}
    properties["type"] = {**described, "type": "string", "enum": list(types or BUILTIN.types)}
    schema.get("$defs", {}).pop("DocType", None)
    properties["classification"]["enum"] = list(levels or BUILTIN.levels)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://clausebook.invalid/schema/front-matter.json"
    return schema
