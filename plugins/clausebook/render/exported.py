"""Exports in the reader's language: column heads and coded values of CSV and XLSX files.

A site in Chinese gives its register and matrix to people who open them in Excel: the heads
and the states (类型, 状态, 已覆盖) are in Chinese like the pages. A site in English keeps the
field names and values of the JSON (``next_review``, ``at-risk``), which scripts read. JSON
is always in those terms, for programs.
"""

from __future__ import annotations

from clausebook.core.metadata import DocType
from clausebook.render.labels import EN, Labels

#: Columns whose values are codes, and the labels that say them.
_CODED = {
    "type": "kind.",
    "status": "status.",
    "state": "state.",
    "classification": "classification.",
    "assessable": "answer.",
}

#: The built-in document types, which have a singular name (``kind.``) of their own.
_BUILT_IN = frozenset(t.value for t in DocType)

#: Columns whose head is not the label of the same name.
_HEADS = {
    c: f"column.{c}"
    for c in ("file", "standard", "assessable", "sections", "justification", "variant_of", "why")
}


class Exported:
    """The heads and values of exported tables in one language."""

    def __init__(self, labels: Labels) -> None:
        self.t = labels
        self.localised = labels.language != "en"

    def heads(self, columns: list[str]) -> list[str]:
        """The column heads: field names in English, labels otherwise."""
        if not self.localised:
            return columns
        labels = [_HEADS.get(c, c) for c in columns]
        return [
            self.t(label) if label in EN else column
            for label, column in zip(labels, columns, strict=True)
        ]

    def value(self, column: str, value: str) -> str:
        prefix = _CODED.get(column)
        if not self.localised or prefix is None or not value:
            return value
        if prefix == "kind." and (prefix + value) not in self.t.table and value not in _BUILT_IN:
            return self.t(f"type.{value}")  # a type of the manual's own: its title
        return self.t(prefix + value)

    def rows(self, rows: list[dict[str, str]], columns: list[str]) -> list[dict[str, str]]:
        """``rows`` with their coded values in the language (as they are in English)."""
        if not self.localised:
            return rows
        coded = [c for c in columns if c in _CODED]
        return [{**row, **{c: self.value(c, row.get(c, "")) for c in coded}} for row in rows]
