"""The repository's own example manual (``mkdocs.yml``, ``manual/``, ``procedures/``, ``docs/``)
builds cleanly and shows what the guides say it shows."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sitekit import Built, build_site, table, text_of

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(ROOT / "mkdocs.yml", site_dir=str(tmp_path_factory.mktemp("example")))


def test_builds_without_errors(example: Built) -> None:
    assert example.at(logging.ERROR) == []
    # Only overdue reviews warn, and the late management review: the example keeps them on
    # purpose (see mkdocs.yml as_of and certification).
    warnings = example.at(logging.WARNING)
    assert warnings and all("CB601" in w or "CB857" in w for w in warnings), warnings
    assert sum("CB857" in w for w in warnings) == 1
    assert (example.site / "index.html").is_file()


def test_full_coverage_of_iso20000_with_a_justified_exclusion_in_27001(example: Built) -> None:
    matrix = example.json("reports/iso20000-1-2018/matrix.json")
    assert matrix["percent_covered"] == 100.0
    controls = example.json("reports/iso27001-2022/matrix.json")
    excluded = [c for c in controls["clauses"] if c["state"] == "excluded"]
    assert [c["clause"] for c in excluded] == ["A.7.5"]
    assert "colocation provider" in excluded[0]["justification"]


def test_every_review_state_is_shown(example: Built) -> None:
    reviews = text_of(example.page("reports/reviews"))
    for heading in ("Overdue", "Due within 30 days"):
        assert heading in reviews
    ics = example.bytes("reports/reviews.ics").decode("utf-8")
    assert ics.count("BEGIN:VEVENT") >= 40


def test_the_chinese_procedure_and_its_search_terms(example: Built) -> None:
    page = example.page("procedures/pro-sdk-01-service-desk-operating-procedure")
    assert "服务台操作规程" in page
    index = example.json("search/search_index.json")["docs"]
    text = " ".join(d["text"] for d in index if d["location"].startswith("procedures/pro-sdk-01"))
    assert "服务台" in text and "\u200b" in text  # jieba segmented the Chinese words


def test_intranet_ready_no_request_leaves_the_site(example: Built) -> None:
    page = example.page("procedures/pro-chg-01-change-management-procedure")
    assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page


def test_approval_review_and_must_read_are_shown(example: Built) -> None:
    page = example.page("procedures/pro-chg-01-change-management-procedure")
    assert "Approved by Head of IT Services on 2026-02-20" in page
    assert "Change managers, Service desk" in page and 'class="cb-acknowledge"' in page
    assert 'class="cb-history--review"' in page and "Checked against the new CAB calendar" in page
    rows = table(example.page("reports/must-read/service-desk"), "cb-must-read")
    ids = [text_of(row[0]) for row in rows]
    assert "PRO-CHG-01" in ids and "PRO-SDK-01" in ids and "PRO-AVL-01" not in ids
    assert example.bytes("reports/must-read.xlsx")[:2] == b"PK"
    assert "service-desk" in example.bytes("reports/must-read.csv").decode("utf-8-sig")
