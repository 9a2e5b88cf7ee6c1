"""Where an option is written in mkdocs.yml, so that a problem with it can name its line.

A problem with an option is located by its option path (``plugins.clausebook.
certification.iso20000-1:2018.expires``). For the options that hold dates a person copies
from a certificate, the line in ``mkdocs.yml`` is worth more than the path: :func:`locate`
finds it, whether the plugins are written as a list or as a mapping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from clausebook.core.frontmatter import FrontMatter, parse_yaml
from clausebook.core.problems import Problem

PLUGIN = "plugins.clausebook."
#: The options whose problems are given a line: the operation's.
LOCATED = (PLUGIN + "certification", PLUGIN + "operation")


def lines_of(config_file: Path) -> FrontMatter | None:
    """The parsed mkdocs.yml with the line of every key, or None when it cannot be read
    (its problems are reported where it is loaded)."""
    try:
        text = config_file.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    matter, problems = parse_yaml(text, config_file.name)
    return None if problems else matter


def locate(problems: Iterable[Problem], config_file: Path | None) -> list[Problem]:
    """``problems`` with the file and line of the operation options they name."""
    problems = list(problems)
    wanted = [p for p in problems if p.file is None and (p.field or "").startswith(LOCATED)]
    matter = lines_of(config_file) if wanted and config_file is not None else None
    if matter is None or config_file is None:
        return problems
    plugins = matter.data.get("plugins")
    # plugins as a list (``- clausebook: ...``) or as a mapping (``clausebook: ...``).
    prefix = PLUGIN
    if isinstance(plugins, list):
        for index, entry in enumerate(plugins):
            if isinstance(entry, dict) and "clausebook" in entry:
                prefix = f"plugins.{index}.clausebook."
    located = []
    for problem in problems:
        if problem in wanted:
            path = prefix + (problem.field or "").removeprefix(PLUGIN)
            line = _line(matter, path)
            if line is not None:
                problem = dataclasses.replace(problem, file=config_file.name, line=line)
        located.append(problem)
    return located


def _line(matter: FrontMatter, path: str) -> int | None:
    """The line of ``path`` or of its nearest written parent below the plugin's block."""
    while path.count(".") > 2:
        if path in matter.lines:
            return matter.lines[path]
        path = path.rpartition(".")[0]
    return matter.lines.get(path)
