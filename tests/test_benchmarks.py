"""The benchmark's own tools: a corpus that is the same for a seed, and a runner that runs.

The figures of ``make bench`` are only as good as these: a corpus that changed between runs,
or a baseline that holds other pages than the site, would make every ratio meaningless.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from clausebook.cli.project import load_project
from clausebook.core.manual import load

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import generate as corpus
import run as runner


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_seed_gives_the_same_corpus_and_another_seed_another(tmp_path: Path) -> None:
    corpus.generate(tmp_path / "a", 60)
    corpus.generate(tmp_path / "b", 60)
    corpus.generate(tmp_path / "c", 60, seed=2)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")


def test_the_corpus_has_what_a_manual_has_and_the_baseline_its_pages(tmp_path: Path) -> None:
    written = corpus.generate(tmp_path / "site", 120)
    assert len(written) == 120
    project = load_project(tmp_path / "site" / "mkdocs.yml")
    manual = load(project.root, project.settings, as_of=corpus.AS_OF)
    # Every document parses; some are withheld as drafts, as in a real manual.
    assert not manual.errors
    assert 0 < len(manual.documents) < 120 and manual.unpublished
    assert {d.meta.type for d in manual.documents} >= {"procedure", "form", "policy"}
    assert {m.standard for d in manual.documents for m in d.mappings} == set(manual.catalogues)
    assert any("\u4e00" <= c <= "\u9fff" for d in manual.documents for c in d.body)
    assert any(p.code == "CB601" for p in manual.problems)  # reviews overdue, as in life

    corpus.baseline(tmp_path / "site", tmp_path / "plain", 120)
    pages = {
        p.relative_to(tmp_path / "plain" / "docs").as_posix()
        for p in (tmp_path / "plain" / "docs").rglob("*.md")
    }
    assert pages == {d.src_uri for d in manual.documents} | {"index.md"}
    plain = (tmp_path / "plain" / "docs" / manual.documents[0].src_uri).read_text("utf-8")
    assert not plain.startswith("---") and "[[" not in plain  # the same body, no metadata


@pytest.mark.slow
def test_the_runner_measures_both_builds_and_writes_a_table(tmp_path: Path) -> None:
    result = runner.run_size(40, tmp_path, repeat=2)
    assert result.baseline_s > 0 and result.site_s > 0 and result.check_s > 0
    assert 0 < result.plugin_s <= result.site_s
    assert result.baseline_cpu_s > 0 and result.site_cpu_s > 0
    assert (tmp_path / "clausebook-40" / "site" / "reports").is_dir()
    assert (tmp_path / "material-40" / "site" / "index.html").is_file()
    table = runner.table([result])
    assert table.count("\n") == 2 and "| 40 |" in table
