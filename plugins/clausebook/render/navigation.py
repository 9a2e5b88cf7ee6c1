"""The navigation of the controlled documents: sections that stay short at any size.

Readers scan one section of the sidebar at a time, and Material renders the open section
into every page inside it. A section of 900 procedures is unreadable and makes every build
quadratic, so a type with many documents is split by process area (the code inside the id:
PRO-CHG-01 is in area CHG), and a list that is still too long into runs of consecutive ids.
Every page then renders a navigation of bounded size, whatever the size of the manual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from clausebook.core.document import Document
from clausebook.core.metadata import Status
from clausebook.core.natural import natural_key
from clausebook.core.vocabulary import BUILTIN_TYPES
from clausebook.render.labels import Labels

#: Most entries one section lists before it is split.
MAX_ENTRIES = 40


@dataclass(frozen=True)
class Section:
    """A titled group of the navigation: documents and sub-sections."""

    title: str
    entries: tuple[Section | Document, ...]


@dataclass(frozen=True)
class DocumentNav:
    """The documents in force by type (manual first), and the archive of obsolete ones."""

    in_force: list[Section]
    archive: Section | None


def document_nav(
    documents: Iterable[Document],
    labels: Labels,
    areas: dict[str, str] | None = None,
    units: dict[str, str] | None = None,
    *,
    types: Iterable[str] = BUILTIN_TYPES,
) -> DocumentNav:
    """``areas`` names the area codes ("CHG": "Change management"); an unnamed area shows
    its code. ``units`` (code: name) gives a group's units each a section of their own
    documents, after the group's. ``types`` are the document types in navigation order."""
    documents = sorted(documents, key=lambda d: natural_key(d.id))
    in_force = [d for d in documents if d.meta.status is not Status.OBSOLETE]
    local = {code: [d for d in in_force if d.unit == code] for code in units or {}}
    sections = _by_type([d for d in in_force if d.unit not in local], labels, areas, types)
    for code, name in (units or {}).items():
        if local[code]:
            own = _by_type(local[code], labels, areas, types)
            sections.append(Section(f"{code} {name}", tuple(own)))
    obsolete = [d for d in documents if d.meta.status is Status.OBSOLETE]
    archive = Section(labels("archive"), _split(obsolete, areas)) if obsolete else None
    return DocumentNav(sections, archive)


def _by_type(
    documents: list[Document],
    labels: Labels,
    areas: dict[str, str] | None,
    types: Iterable[str],
) -> list[Section]:
    sections = []
    for doc_type in types:
        of_type = [d for d in documents if d.meta.type == doc_type]
        if of_type:
            sections.append(Section(labels(f"type.{doc_type}"), _split(of_type, areas)))
    return sections


def area_of(doc_id: str) -> str | None:
    """The area code of an id of three or more parts (PRO-CHG-01: CHG); None otherwise."""
    parts = doc_id.split("-")
    return parts[1] if len(parts) >= 3 and parts[1] else None


def _split(
    documents: Sequence[Document], areas: dict[str, str] | None
) -> tuple[Section | Document, ...]:
    if len(documents) <= MAX_ENTRIES:
        return tuple(documents)
    groups: dict[str | None, list[Document]] = {}
    for document in documents:
        groups.setdefault(area_of(document.id), []).append(document)
    if len(groups) == 1:
        return _runs(documents)
    entries: list[Section | Document] = list(_runs(groups.pop(None, [])))
    names = areas or {}
    for code in sorted(groups, key=natural_key):
        title = f"{code} {names[code]}" if code in names else code
        entries.append(Section(title, _runs(groups[code])))
    return tuple(entries)


def _runs(documents: Sequence[Document]) -> tuple[Section | Document, ...]:
    """At most ``MAX_ENTRIES`` documents, or sections of consecutive ids of that size."""
    if len(documents) <= MAX_ENTRIES:
        return tuple(documents)
    chunks = [documents[i : i + MAX_ENTRIES] for i in range(0, len(documents), MAX_ENTRIES)]
    return tuple(Section(f"{c[0].id} – {c[-1].id}", tuple(c)) for c in chunks)
