"""The navigation of the documents: sections by type, divided by area and into runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausebook.core.manual import load
from clausebook.core.settings import Settings
from clausebook.render.labels import Labels
from clausebook.render.navigation import MAX_ENTRIES, Section, area_of, document_nav
from corekit import AS_OF, write


def _nav_documents(tmp_path: Path, ids: list[str], status: str = "effective") -> list:
    for doc_id in ids:
        write(tmp_path, doc_id, status=status)
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    assert not manual.errors
    return manual.documents


def _titles(entries: tuple) -> list[str]:
    return [e.title if isinstance(e, Section) else e.id for e in entries]


def test_small_sections_list_their_documents(tmp_path: Path) -> None:
    documents = _nav_documents(tmp_path, ["PRO-CHG-10", "PRO-CHG-9", "PRO-INC-1"])
    nav = document_nav(documents, Labels("en"))
    assert [s.title for s in nav.in_force] == ["Procedures"]
    assert _titles(nav.in_force[0].entries) == ["PRO-CHG-9", "PRO-CHG-10", "PRO-INC-1"]
    assert nav.archive is None


def test_large_sections_split_by_area_then_into_runs(tmp_path: Path) -> None:
    ids = [f"PRO-CHG-{i:03d}" for i in range(1, 91)]  # 90: more than two runs of 40
    ids += [f"PRO-INC-{i:02d}" for i in range(1, 6)] + ["PRO-7", "PRO-12"]
    documents = _nav_documents(tmp_path, ids)
    nav = document_nav(documents, Labels("en"), {"INC": "Incident management"})
    (procedures,) = nav.in_force
    # Ids without an area stay at the top, in natural order; then one section per area.
    assert _titles(procedures.entries) == ["PRO-7", "PRO-12", "CHG", "INC Incident management"]
    change = procedures.entries[2]
    assert _titles(change.entries) == [
        "PRO-CHG-001 – PRO-CHG-040",
        "PRO-CHG-041 – PRO-CHG-080",
        "PRO-CHG-081 – PRO-CHG-090",
    ]
    assert [len(run.entries) for run in change.entries] == [40, 40, 10]
    assert _titles(procedures.entries[3].entries) == [f"PRO-INC-{i:02d}" for i in range(1, 6)]

    def widest(entries: tuple) -> int:
        inner = [widest(e.entries) for e in entries if isinstance(e, Section)]
        return max([len(entries), *inner])

    assert widest(procedures.entries) <= MAX_ENTRIES


def test_one_area_only_splits_into_runs(tmp_path: Path) -> None:
    documents = _nav_documents(tmp_path, [f"PRO-CHG-{i:02d}" for i in range(1, 46)])
    (procedures,) = document_nav(documents, Labels("zh")).in_force
    assert procedures.title == "程序"
    assert _titles(procedures.entries) == ["PRO-CHG-01 – PRO-CHG-40", "PRO-CHG-41 – PRO-CHG-45"]


def test_obsolete_documents_go_to_the_archive(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    documents = _nav_documents(tmp_path, ["PRO-OLD-1"], status="obsolete")
    nav = document_nav(documents, Labels("en"))
    assert _titles(nav.in_force[0].entries) == ["PRO-1"]
    assert nav.archive is not None and nav.archive.title == "Archive"
    assert _titles(nav.archive.entries) == ["PRO-OLD-1"]


@pytest.mark.parametrize(
    ("doc_id", "area"),
    [("PRO-CHG-01", "CHG"), ("WI-CFG-01", "CFG"), ("POL-01", None), ("MAN", None)],
)
def test_area_of(doc_id: str, area: str | None) -> None:
    assert area_of(doc_id) == area
