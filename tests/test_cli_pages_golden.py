"""Golden cases of ``clausebook pages``: documents in, the expected Markdown out.

Each folder of ``tests/golden/pages/`` is a small project (``mkdocs.yml``, its sources and
catalogues) with the Markdown that ``clausebook pages`` must write in ``expected/``. A
change that alters a generated page shows here as a readable diff of that page. When the
change is meant, write the new expected pages with::

    CLAUSEBOOK_GOLDEN=update python -m pytest tests/test_cli_pages_golden.py

and review the diff of ``expected/`` like any other change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from clikit import run

GOLDEN = Path(__file__).parent / "golden" / "pages"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "mkdocs.yml").is_file())


def markdown_in(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.rglob("*.md")}


@pytest.mark.parametrize("case", CASES)
def test_pages_writes_the_golden_markdown(case: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("pages", "-f", GOLDEN / case / "mkdocs.yml", "-o", out)
    assert result.exit_code == 0, result.output
    written = markdown_in(out)
    expected_dir = GOLDEN / case / "expected"
    if os.environ.get("CLAUSEBOOK_GOLDEN") == "update":
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, text in written.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_text(text, "utf-8")
    expected = markdown_in(expected_dir)
    assert sorted(written) == sorted(expected)
    for name, text in expected.items():
        assert written[name] == text, f"{case}/expected/{name} differs"


def test_there_are_golden_cases() -> None:
    assert {"mixed", "chinese"} <= set(CASES)
