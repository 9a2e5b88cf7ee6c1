"""An organisation's own words for its documents: document types and classification levels.

clausebook ships nine document types (manual, policy, plan, Statement of Applicability,
procedure, work instruction, form, record, external document) and three classification
levels (public, internal, confidential). Organisations name theirs differently: a
``guideline`` or an ``sop`` type, a fourth level ``restricted``. The ``types`` and
``classifications`` options extend or rename them; this module holds the built-ins and
merges the user's choices over them, so that every other module asks one place which types
exist, in which order, and how wide a level is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clausebook.core.interval import Interval

#: Built-in types in navigation order, with their id prefixes.
BUILTIN_TYPES: dict[str, str] = {
    "manual": "MAN",
    "policy": "POL",
    "plan": "PLN",
    "soa": "SOA",
    "procedure": "PRO",
    "work-instruction": "WI",
    "form": "FRM",
    "record": "REC",
    "external": "EXT",
}

#: Built-in types without periodic reviews: records are evidence of what happened, kept for
#: their retention period, not revised.
UNREVIEWED_TYPES = ("record",)

#: Types whose documents ``clausebook new`` and ``init`` put in the first source folder.
MANUAL_TYPES = ("manual", "policy", "plan", "soa")

#: Built-in classification levels, from the widest audience to the narrowest.
BUILTIN_LEVELS = ["public", "internal", "confidential"]

#: The level of a document whose front matter names none.
DEFAULT_LEVEL = "internal"


@dataclass(frozen=True)
class Vocabulary:
    """The words a document's front matter may use for its type and classification."""

    types: tuple[str, ...]
    levels: tuple[str, ...]


BUILTIN = Vocabulary(tuple(BUILTIN_TYPES), tuple(BUILTIN_LEVELS))

TYPE_ID = re.compile(r"^[a-z][a-z0-9-]{0,31}$")
PREFIX = re.compile(r"^[A-Za-z0-9]{1,12}$")


class TypeOption(BaseModel):
    """One entry of the ``types`` option: a new type, or a built-in one renamed."""

    model_config = ConfigDict(extra="forbid")

    prefix: str | None = Field(default=None, description="Id prefix, e.g. SOP.")
    title: str | None = Field(default=None, description="Navigation section title (English).")
    title_zh: str | None = Field(default=None, description="Navigation section title (Chinese).")
    review_interval: str | None = Field(default=None, description="Default review interval.")
    reviewed: bool | None = Field(
        default=None, description="Whether periodic reviews apply (default: yes, not records)."
    )

    @field_validator("prefix")
    @classmethod
    def _prefix(cls, value: str | None) -> str | None:
        if value is not None and not PREFIX.match(value):
            raise ValueError(f"'{value}' is not an id prefix: 1 to 12 letters or digits, e.g. SOP")
        return value

    @field_validator("review_interval")
    @classmethod
    def _interval(cls, value: str | None) -> str | None:
        if value is not None:
            Interval.parse(value)
        return value

    @field_validator("title", "title_zh")
    @classmethod
    def _title(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("a title cannot be empty")
        return value


@dataclass(frozen=True)
class DocumentType:
    """A document type as the manual uses it: built-in defaults with the user's choices."""

    id: str
    prefix: str
    #: Navigation titles by language; a built-in type without one uses clausebook's labels.
    titles: dict[str, str]
    review_interval: str | None
    reviewed: bool
    builtin: bool


def document_types(options: dict[str, TypeOption]) -> dict[str, DocumentType]:
    """Built-in types first (in their order), then the new ones in the order written."""
    merged: dict[str, DocumentType] = {}
    for type_id in [*BUILTIN_TYPES, *(t for t in options if t not in BUILTIN_TYPES)]:
        option = options.get(type_id, TypeOption())
        titles = {"en": option.title, "zh": option.title_zh or option.title}
        merged[type_id] = DocumentType(
            id=type_id,
            prefix=option.prefix or BUILTIN_TYPES.get(type_id, ""),
            titles={k: v for k, v in titles.items() if v},
            review_interval=option.review_interval,
            reviewed=type_id not in UNREVIEWED_TYPES
            if option.reviewed is None
            else option.reviewed,
            builtin=type_id in BUILTIN_TYPES,
        )
    return merged


def check_types(options: dict[str, TypeOption]) -> None:
    """A new type needs an id clausebook can use in file names and URLs, a prefix and a
    title; raises ValueError naming what is missing."""
    for type_id, option in options.items():
        if not TYPE_ID.match(type_id):
            raise ValueError(
                f"'{type_id}' is not a type id: lower-case letters, digits and '-', "
                "starting with a letter, such as 'sop' or 'guideline'"
            )
        if type_id in BUILTIN_TYPES:
            continue
        missing = [name for name in ("prefix", "title") if getattr(option, name) is None]
        if missing:
            raise ValueError(f"the new type '{type_id}' needs {' and '.join(missing)}")
    prefixes: dict[str, str] = {}
    for document_type in document_types(options).values():
        other = prefixes.setdefault(document_type.prefix.upper(), document_type.id)
        if other != document_type.id:
            raise ValueError(
                f"types '{other}' and '{document_type.id}' share the id prefix "
                f"{document_type.prefix}: give each its own"
            )


def check_levels(levels: list[str]) -> None:
    """Levels are distinct words, and include ``internal``, the level of a document that
    names none (raises ValueError)."""
    for level in levels:
        if not TYPE_ID.match(level):
            raise ValueError(
                f"'{level}' is not a level name: lower-case letters, digits and '-', "
                "such as 'restricted'"
            )
    if len(set(levels)) != len(levels):
        raise ValueError("each classification level is listed once")
    if DEFAULT_LEVEL not in levels:
        raise ValueError(
            f"the levels must include '{DEFAULT_LEVEL}': a document that names no "
            "classification is internal"
        )
