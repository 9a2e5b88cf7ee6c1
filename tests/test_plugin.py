"""The MkDocs adapter's own behaviour, apart from what a build shows (see test_site_build)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(("command", "frozen"), [("build", True), ("serve", False)])
def test_a_one_off_build_ends_without_a_last_collection(command: str, frozen: bool) -> None:
    # An exit handler registered before the plugin's runs after it (last in, first out) and
    # sees whether the build's objects were frozen for the exit.
    script = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
        "from clausebook.mkdocs.plugin import ClausebookPlugin\n"
        f"ClausebookPlugin().on_startup(command={command!r}, dirty=False)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"frozen at exit: {frozen}"
