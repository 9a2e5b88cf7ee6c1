"""Reading documents (core/loader.py): the parse cache a caller keeps, documents never
changed once parsed."""

from __future__ import annotations

from pathlib import Path

from clausebook.core.loader import ParseCache, read_document
from clausebook.core.manual import load
from corekit import AS_OF, settings, write


def test_a_cache_parses_an_unchanged_file_once(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1")
    path = tmp_path / "procedures" / "pro-1.md"
    cache = ParseCache()
    first, _ = read_document(path, tmp_path, cache)
    cache.settle()
    again, _ = read_document(path, tmp_path, cache)
    assert again is first  # the same parsed document: not parsed again
    path.write_text(path.read_text("utf-8").replace("Body.", "Changed."), "utf-8")
    changed, _ = read_document(path, tmp_path, cache)
    assert changed is not first and changed is not None and "Changed." in changed.body
    assert read_document(path, tmp_path)[0] is not changed  # without a cache: parsed afresh


def test_loads_sharing_a_cache_never_change_what_it_holds(tmp_path: Path) -> None:
    write(tmp_path, "PRO-1", clauses="[8.1, 8.2.1]")
    cache = ParseCache()
    manuals = [load(tmp_path, settings(), as_of=AS_OF, cache=cache) for _ in range(3)]
    for manual in manuals:
        (document,) = manual.documents
        assert [m.clause for m in document.mappings] == ["8.1", "8.2.1"]  # never doubled
    parsed, _ = read_document(tmp_path / "procedures" / "pro-1.md", tmp_path, cache)
    assert parsed is not None and parsed.mappings == [] and parsed.unit is None
    assert manuals[0].documents[0] is not manuals[1].documents[0]  # each load its own copy
