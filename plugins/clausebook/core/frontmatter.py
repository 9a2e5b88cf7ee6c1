"""Reading YAML front matter exactly as the author wrote it.

YAML 1.1 turns ``revision: 1.10`` into the float 1.1, ``id: 0012`` into 12 and ``title: No``
into ``False``. A controlled document must keep what its author typed, so plain scalars here
are only ever text or null: types are decided later by the metadata model, which can say
precisely what it expected. Every key remembers its line, and a key written twice is an error
instead of the second silently winning (its values are kept in ``duplicates`` so that the
metadata can take the most restrictive of two classifications).

Hostile YAML is bounded: nesting deeper than :data:`MAX_DEPTH` (which an alias to itself
reaches at once) and more than :data:`MAX_NODES` values after aliases are expanded (a
"billion laughs") are problems, found in time proportional to the limit, never a hang or a
``RecursionError``. U+2028, U+2029 and U+0085 are line ends to YAML but not to editors: a
value could hide a second key behind them, so front matter holding one is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from clausebook.core.problems import Problem

try:  # The C parser is several times faster; compose() gives the same nodes either way.
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Composes without resolving tags: nothing here is typed by tag (a plain scalar stays
    text), and the resolver, called back for every node, was a large part of the parse."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        return _TAG

    def descend_resolver(self, current_node: yaml.Node | None, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


_TAG = "tag:yaml.org,2002:str"

_NULLS = {"", "~", "null", "Null", "NULL"}
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_TAB_INDENT = re.compile(r"^[ \t]*\t", re.MULTILINE)
#: Characters YAML reads as line ends that editors show inside one line.
_HIDDEN_BREAKS = re.compile("[\u0085\u2028\u2029]")
_BREAK_NAMES = {
    "\u0085": "NEXT LINE (U+0085)",
    "\u2028": "LINE SEPARATOR (U+2028)",
    "\u2029": "PARAGRAPH SEPARATOR (U+2029)",
}

#: Deepest nesting of lists and mappings read (front matter needs 3, catalogues 4).
MAX_DEPTH = 32
#: Most values read from one YAML text once aliases are expanded (the largest built-in
#: catalogue has under 2,000; a history of 1,000 revisions about 5,000).
MAX_NODES = 100_000


class _TooComplex(Exception):
    """Raised inside the converter to stop at a limit; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class FrontMatter:
    """The parsed metadata block of one file.

    ``data`` holds text, None, lists and dicts only; ``lines`` maps a dotted field path
    (``history.0.revision``) to its line in the file, 1-based.
    """

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    #: The later values of keys written more than once, by dotted path (first value in data).
    duplicates: dict[str, list[Any]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line_of(self, path: str) -> int | None:
        """The line of a field, or of its nearest written parent, or of the front matter."""
        found = line_of(self.lines, path)
        return found if found is not None else self.lines.get("")


def line_of(lines: dict[str, int], path: str) -> int | None:
    """The line of a field (a dotted path such as ``history.0.revision``) in ``lines``, or
    of its nearest written parent."""
    while path:
        if path in lines:
            return lines[path]
        path = path.rpartition(".")[0]
    return None


def split(text: str, file: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Separate front matter from the Markdown body and parse it.

    Returns the front matter (None when there is none or it cannot be read) and the problems
    met. CRLF line ends and a UTF-8 byte-order mark are accepted as editors write them.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return None, [Problem.of("CB108", "the file is empty", file=file, line=1)]
    lines = text.split("\n")
    if not _FENCE.match(lines[0]):
        return None, [
            Problem.of(
                "CB102",
                "the file does not start with a '---' line, so it has no front matter",
                file=file,
                line=1,
            )
        ]
    end = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if end is None:
        return None, [
            Problem.of(
                "CB103",
                "the front matter opened on line 1 is never closed by a '---' line",
                file=file,
                line=1,
            )
        ]
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    matter, problems = parse_yaml(yaml_text, file, first_line=2)
    if matter is None:
        return None, problems
    matter.body = body
    matter.body_line = end + 2
    return matter, problems


def parse_yaml(
    yaml_text: str, file: str, *, first_line: int = 1
) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse a YAML mapping keeping scalars as written; used for front matter and catalogues."""
    hidden = _hidden_breaks(yaml_text, file, first_line)
    if hidden:
        return None, hidden
    if _TAB_INDENT.search(yaml_text):
        return None, [
            Problem.of(
                "CB107",
                "the line is indented with a tab; YAML needs spaces",
                file=file,
                line=number,
            )
            for number, line in enumerate(yaml_text.split("\n"), start=first_line)
            if _TAB_INDENT.match(line)
        ]
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        reason = error.problem or error.context or "cannot be read"
        return None, [Problem.of("CB104", f"YAML {reason}", file=file, line=line)]
    except yaml.YAMLError as error:  # pragma: no cover - compose raises marked errors
        return None, [Problem.of("CB104", f"YAML: {error}", file=file, line=first_line)]
    matter = FrontMatter()
    matter.lines[""] = first_line  # where "a field is missing" points, even with no fields
    if node is None:
        return matter, []
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        return None, [
            Problem.of(
                "CB105",
                f"the front matter is {kind}, not 'key: value' lines",
                file=file,
                line=node.start_mark.line + first_line,
            )
        ]
    converter = _Converter(file, first_line, matter.lines, matter.duplicates)
    try:
        matter.data = converter.mapping(node, "")
    except _TooComplex as stop:
        return None, [stop.problem]
    matter.lines.setdefault("", first_line)
    return matter, converter.problems


def _hidden_breaks(yaml_text: str, file: str, first_line: int) -> list[Problem]:
    """CB114 for each line (as an editor counts lines) holding a line end only YAML sees."""
    if not _HIDDEN_BREAKS.search(yaml_text):
        return []
    problems = []
    for number, line in enumerate(yaml_text.split("\n"), start=first_line):
        found = _HIDDEN_BREAKS.search(line)
        if found:
            problems.append(
                Problem.of(
                    "CB114",
                    f"the line holds a {_BREAK_NAMES[found.group()]}, which YAML reads as a "
                    "line end although editors show one line",
                    file=file,
                    line=number,
                )
            )
    return problems


class _Converter:
    """Turns composed YAML nodes into plain data, recording lines and duplicate keys."""

    def __init__(
        self,
        file: str,
        first_line: int,
        lines: dict[str, int],
        duplicates: dict[str, list[Any]],
    ) -> None:
        self.file = file
        self.first_line = first_line
        self.lines = lines
        self.duplicates = duplicates
        self.problems: list[Problem] = []
        self.depth = 0
        #: Values still allowed (see MAX_NODES): counted per list or mapping, not per scalar.
        self.budget = MAX_NODES

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def value(self, node: yaml.Node, path: str) -> Any:
        # Exact classes, scalars first: the composer makes only these three, and this runs
        # for every node of every document.
        if node.__class__ is yaml.ScalarNode:
            text = node.value
            if not node.style and text in _NULLS:  # plain style is None (Python) or "" (C)
                return None
            return text
        if node.__class__ is yaml.MappingNode:
            return self.mapping(node, path)
        self.enter(node, path)
        items = []
        lines, first = self.lines, self.first_line
        for index, item in enumerate(node.value):
            child = f"{path}.{index}"
            lines[child] = item.start_mark.line + first
            items.append(self.value(item, child))
        self.depth -= 1
        return items

    def enter(self, node: yaml.Node, path: str) -> None:
        """Count a list or mapping against the limits before reading into it."""
        self.depth += 1
        self.budget -= len(node.value) + 1
        if self.depth > MAX_DEPTH:
            raise _TooComplex(
                Problem.of(
                    "CB112",
                    f"lists and mappings are nested more than {MAX_DEPTH} deep (or an alias "
                    "refers to the value that holds it)",
                    file=self.file,
                    line=self.line(node),
                    field=path.partition(".")[0] or None,
                )
            )
        if self.budget < 0:
            raise _TooComplex(
                Problem.of(
                    "CB113",
                    f"the aliases (*name) expand to more than {MAX_NODES:,} values",
                    file=self.file,
                    line=self.line(node),
                    field=path.partition(".")[0] or None,
                )
            )

    def mapping(self, node: yaml.MappingNode, path: str) -> dict[str, Any]:
        self.enter(node, path)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node, path)
            if not isinstance(key, str):
                key = str(key)
            child = f"{path}.{key}" if path else key
            if key in result:
                self.problems.append(
                    Problem.of(
                        "CB106",
                        f"'{key}' is written twice (first on line {self.lines[child]}); "
                        "YAML would silently keep the second",
                        file=self.file,
                        line=self.line(key_node),
                        field=child,
                    )
                )
                self.duplicates.setdefault(child, []).append(self.value(value_node, child))
                continue
            self.lines[child] = key_node.start_mark.line + self.first_line
            result[key] = self.value(value_node, child)
        self.depth -= 1
        return result
