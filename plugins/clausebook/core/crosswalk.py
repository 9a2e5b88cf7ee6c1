"""The concepts that standards share, lined up for an integrated management system.

ISO 9001, ISO/IEC 27001 and ISO/IEC 20000-1 follow the harmonized structure: clauses 4.1-4.4,
5.1-5.3, 6.1-6.2, 7.1-7.5, 8.1 and 9.1-9.3 are the same concept under the same number. Clause
10 is not: the same two concepts carry different numbers in each standard (see
ISO/IEC TR 20000-7:2019 for the full correlation). So the catalogues declare, under
``concepts``, which of their clauses realises which concept, and the integrated view joins
them by the concept's id: a custom standard joins it with a few lines of YAML, no code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from clausebook.core.catalogue import Catalogue


@dataclass
class Concept:
    """A concept shared by standards, and the clause that realises it in each."""

    id: str
    title: str
    title_zh: str | None = None
    clauses: dict[str, str] = field(default_factory=dict)  # standard id -> clause number

    def label(self, language: str = "en") -> str:
        return self.title_zh if language == "zh" and self.title_zh else self.title


def sharing(catalogues: Iterable[Catalogue]) -> list[Catalogue]:
    """The catalogues that declare shared concepts: the columns of the integrated view."""
    return [c for c in catalogues if c.concepts]


def concepts(catalogues: Iterable[Catalogue]) -> list[Concept]:
    """The concepts of ``catalogues``, in the order they are first declared (catalogues in
    scope order). A concept's title is the first one a catalogue gives it; a concept no
    catalogue titles takes the title of the first clause that realises it."""
    found: dict[str, Concept] = {}
    titled: set[str] = set()
    for catalogue in catalogues:
        for shared in catalogue.concepts:
            clause = catalogue.clauses[shared.clause]
            concept = found.setdefault(shared.concept, Concept(shared.concept, clause.label()))
            if shared.title and shared.concept not in titled:
                concept.title = shared.title
                titled.add(shared.concept)
            concept.title_zh = concept.title_zh or shared.title_zh
            concept.clauses[catalogue.id] = shared.clause
    return list(found.values())
