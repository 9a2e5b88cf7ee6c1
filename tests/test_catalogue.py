"""Clause catalogues: the built-in standards, natural order and near-miss suggestions."""

from __future__ import annotations

import pytest

from clausebook.core.catalogue import built_in, built_ins
from clausebook.core.natural import natural_key


@pytest.mark.parametrize("catalogue_id", list(built_ins()))
def test_catalogue_integrity(catalogue_id: str) -> None:
    catalogue = built_in(catalogue_id)
    numbers = list(catalogue.clauses)
    assert len(numbers) == len(set(numbers))
    for clause in catalogue.clauses.values():
        assert clause.parent is None or clause.parent in catalogue.clauses
        assert clause.assessable == (clause.number not in catalogue.children)
    assert [c.number for c in catalogue.ordered()] == sorted(numbers, key=natural_key)


def test_catalogue_sizes_and_marks() -> None:
    iso20000 = built_in("iso20000-1:2018")
    assert len(iso20000.clauses) == 77
    assert "8.7.4" not in iso20000.clauses
    assert iso20000.clauses["6.2.1"].single_source and not iso20000.clauses["6.2.1"].verified
    assert iso20000.clauses["6.2.2"].single_source
    assert len(built_in("iso9001:2015").clauses) == 91
    annex = [n for n in built_in("iso27001:2022").clauses if n.count(".") == 2 and n[0] == "A"]
    themes = {
        theme: sum(1 for n in annex if n.startswith(theme + "."))
        for theme in ("A.5", "A.6", "A.7", "A.8")
    }
    assert themes == {"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}
    assert built_in("iso9001:2015").clauses["4"].title_zh == "组织环境"


def test_natural_order_and_suggestions() -> None:
    assert sorted(["8.10", "8.9", "A.5.10", "A.5.9", "10.1"], key=natural_key) == [
        "8.9",
        "8.10",
        "10.1",
        "A.5.9",
        "A.5.10",
    ]
    assert built_in("iso20000-1:2018").suggest("8.5.1.4") == "8.5.1.3"
    assert built_in("iso27001:2022").suggest("A.5.38") in {"A.5.3", "A.5.37", "A.5.8"}
