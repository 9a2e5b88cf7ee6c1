"""The layers: the core and the command line import nothing of MkDocs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clausebook.core import xrefs


def test_the_core_and_the_command_line_import_nothing_of_mkdocs() -> None:
    """Only the ``clausebook.mkdocs`` adapter may import MkDocs: every other folder must run
    under another generator (or none), as ``clausebook pages`` and the command line do."""
    package = Path(xrefs.__file__).parents[1]
    modules = sorted(
        ".".join(p.relative_to(package).with_suffix("").parts)
        for p in package.glob("*/*.py")
        if p.parent.name != "mkdocs" and p.stem != "__main__"
    )
    assert {"core.manual", "render.pages", "cli.commands", "exports.formats"} <= set(modules)
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module('clausebook.' + name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
