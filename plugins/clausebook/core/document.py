"""A controlled document: its file, its validated metadata and its Markdown body."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from clausebook.core import frontmatter, xrefs
from clausebook.core.metadata import Metadata

if TYPE_CHECKING:  # evidence reads documents
    from clausebook.core.evidence import Evidence
from clausebook.core.xrefs import Reference

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_TAGS = re.compile(r"<[^>]+>")


def slugify(text: str, separator: str = "-") -> str:
    """Heading ids as the site makes them: Unicode kept (Chinese headings get real ids).

    The MkDocs plugin installs this function as the ``toc`` extension's slugify unless the
    user chose another, so the anchors the core checks are the anchors the site has.
    """
    text = _TAGS.sub("", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return re.sub(r"[\s-]+", separator, text).strip(separator)


@dataclass(frozen=True)
class Mapping:
    """A document addressing a clause of a standard, optionally at one of its sections."""

    standard: str
    clause: str
    section: str | None = None


@dataclass
class Document:
    """One controlled document, valid metadata guaranteed."""

    src_uri: str
    path: Path
    meta: Metadata
    body: str
    body_line: int = 1
    lines: dict[str, int] = field(default_factory=dict)
    mappings: list[Mapping] = field(default_factory=list)
    #: False when some fields have errors: the document is checked, never published.
    valid: bool = True
    #: The commit that made the current revision effective (``approvals: git``).
    evidence: Evidence | None = None
    #: Code of the unit whose source folder holds the document; None for a group document.
    unit: str | None = None

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def label(self) -> str:
        """How navigation and links show a document: "PRO-CHG-01 Change management"."""
        return f"{self.meta.id} {self.meta.title}"

    def line_of(self, path: str) -> int | None:
        """The line of a field of the front matter, or of its nearest written parent."""
        return frontmatter.line_of(self.lines, path)

    @cached_property
    def references(self) -> list[Reference]:
        """The ``[[ID]]`` cross-references of the body (checked on load, shown as back-links
        on the pages they name)."""
        return xrefs.find(self.body)

    @cached_property
    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of the body's ATX headings, code blocks skipped."""
        found: list[tuple[int, str]] = []
        for _, line, code in xrefs.lines(self.body):
            if not code and (match := _HEADING.match(line)):
                found.append((len(match.group(1)), match.group(2)))
        return found

    def anchors(self, slug: Callable[[str, str], str] = slugify) -> set[str]:
        """Ids the rendered page will have for its headings."""
        return set(self.sections(slug))

    def sections(self, slug: Callable[[str, str], str] = slugify) -> dict[str, str]:
        """The headings' ids and their text, as a reader sees them."""
        found: dict[str, str] = {}
        for _, text in self.headings:
            explicit = _ATTR_ID.search(text)
            bare = _ATTR_ID.sub("", text).strip()
            found.setdefault(explicit.group(1) if explicit else slug(bare, "-"), bare)
        return found

    def section_title(self, anchor: str) -> str:
        """The title of the section ``#anchor`` (a clause mapped to a section shows it),
        or the anchor in words when no heading has it."""
        return self.sections().get(anchor) or anchor.replace("-", " ")
