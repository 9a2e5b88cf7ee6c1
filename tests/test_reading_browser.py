"""The imported corpus (``tests/fixtures/imported``) in a real Chromium, as its readers meet
it: no script errors, search that ranks the document in force first and finds clause
numbers and keywords, titles in the text colour, and every badge readable (WCAG AA)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browserkit import Tab, build_site, open_tab, search, serve, write_site

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).parent / "fixtures" / "imported"
PLUGIN = """\
      sources: [manual]
      standards: [iso20000-1:2018, iso27001:2022]
      as_of: 2026-11-24
"""


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("corpus")
    documents = {f"manual/{p.name}": p.read_text("utf-8") for p in CORPUS.glob("*.md")}
    del documents["manual/SOURCES.md"]
    config = write_site(root, documents, plugin=PLUGIN)
    # A versioned site (mike): Material's outdated-edition script runs on every page.
    config.write_text(
        config.read_text("utf-8") + "extra:\n  version:\n    provider: mike\n", "utf-8"
    )
    with serve(build_site(config)) as base:
        yield base


@pytest.fixture
def tab(browser: Any, corpus_url: str) -> Iterator[Tab]:
    with open_tab(browser, corpus_url) as opened:
        # mike's versions.json does not exist on a site built without mike: answer it.
        versions = [{"version": "2026.1", "title": "2026.1", "aliases": ["latest"]}]
        opened.page.route("**/versions.json", lambda route: route.fulfill(json=versions))
        yield opened
        opened.check()  # no page error: "Failed to construct 'URL'" was one on every page


def test_pages_run_without_console_errors(tab: Tab) -> None:
    messages: list[str] = []
    tab.page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    for path in ("", "manual/pro-inc-01/", "reports/register/", "id/#PRO-INC-01"):
        tab.open(path)
        tab.page.wait_for_load_state("networkidle")
    assert messages == []
    assert tab.page.url.endswith("/manual/pro-inc-01/")  # the stable address led there


SECTION = "process-model-and-interfaces"


@pytest.mark.parametrize(
    ("path", "arrives"),
    [
        ("id/#PRO-INC-01", "manual/pro-inc-01/"),
        (f"id/#pro-inc-01/{SECTION}", f"manual/pro-inc-01/#{SECTION}"),  # any case, a section
        # The old form, a page per id: the server answers with 404.html, which moves on.
        ("id/PRO-INC-01/", "manual/pro-inc-01/"),
        (f"id/PRO-INC-01/#{SECTION}", f"manual/pro-inc-01/#{SECTION}"),
    ],
)
def test_the_stable_address_of_a_document_leads_to_it(tab: Tab, path: str, arrives: str) -> None:
    tab.open(path)
    tab.page.wait_for_url(tab.base + arrives)
    assert tab.page.locator("h1").first.inner_text() == "PRO-INC-01 Incident management procedure"


def test_an_address_edited_on_the_page_is_followed(tab: Tab) -> None:
    page = tab.open("id/#PRO-NONE-99")  # not in this edition: the list stays
    assert page.url == tab.base + "id/#PRO-NONE-99"
    assert "not a document of this edition" in page.locator("body").inner_text()
    page.evaluate("location.hash = 'WI-INC-01'")
    page.wait_for_url(tab.base + "manual/wi-inc-01/")


def test_without_scripts_the_address_points_at_the_documents_entry(
    browser: Any, corpus_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(corpus_url + "id/#PRO-INC-01")
        assert page.url == corpus_url + "id/#PRO-INC-01"
        entry = page.locator("li:target")
        assert entry.inner_text().startswith("PRO-INC-01 Incident management")
        assert entry.locator("a").get_attribute("href") == "../manual/pro-inc-01/"
    finally:
        context.close()


def test_an_obsolete_document_ranks_below_the_one_in_force_and_says_so(tab: Tab) -> None:
    # The obsolete procedure says "release deployment" four times, its replacement once.
    results = search(tab, "release deployment")
    locations = [r["href"].removeprefix(tab.base) for r in results]
    current = locations.index("manual/pro-rel-01/")
    obsolete = [i for i, loc in enumerate(locations) if loc.startswith("manual/pro-rel-02/")]
    assert obsolete and current < min(obsolete)
    labelled = tab.page.locator(".md-search-result__item", has_text="PRO-REL-02").first
    assert "Obsolete: do not use" in labelled.inner_text()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("8.6.1", "manual/pro-inc-01/"),  # a clause number
        ("A.5.24", "manual/pro-inc-01/"),  # an Annex A control
        ("RFC", "manual/pol-chg-01/"),  # a keyword, not in the text
        ("事件管理程序", "manual/pro-inc-01/"),  # the Chinese title of an English document
        ("Document register", "reports/register/"),  # a report's title
    ],
)
def test_search_finds_what_the_text_does_not_say(tab: Tab, query: str, expected: str) -> None:
    locations = [r["href"].removeprefix(tab.base) for r in search(tab, query)]
    assert expected in locations


CONTRAST = """els => els.map(el => {
    const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = c => {
        const [r, g, b] = c.map(v => v / 255).map(
            v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
    return [el.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
})"""


@pytest.mark.parametrize(
    "path",
    ["reports/register/", "reports/iso27001-2022/coverage/", "reports/iso20000-1-2018/matrix/"],
)
def test_every_badge_meets_wcag_aa_contrast(tab: Tab, path: str) -> None:
    page = tab.open(path)
    ratios = page.eval_on_selector_all(".cb-state, .cb-status", CONTRAST)
    assert ratios, "no badges on the page"
    assert {cls for cls, ratio in ratios if ratio < 4.5} == set()


def test_the_page_title_is_in_the_text_colour(tab: Tab) -> None:
    page = tab.open("manual/pro-inc-01/")
    title, text = page.evaluate(
        """() => [getComputedStyle(document.querySelector('.md-typeset h1')).color,
                  getComputedStyle(document.querySelector('article.md-typeset')).color]"""
    )
    assert title == text


def visible_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#cb-register tbody tr",
        "rows => rows.filter(r => r.getClientRects().length).map(r => r.cells[0].innerText)",
    )


def test_the_register_filters_by_owner_from_the_address(tab: Tab) -> None:
    page = tab.open("reports/register/?owner=Change%20Manager")
    assert sorted(visible_ids(page)) == ["POL-CHG-01", "PRO-CHG-02"]
    assert page.locator(".cb-count").inner_text() == "2 of 8 documents"
    # Choosing another filter keeps the address in step, for a bookmark or an e-mail.
    page.select_option("select[name=owner]", "")
    page.select_option("select[name=overdue]", "yes")
    assert visible_ids(page) == ["PRO-INC-01"]
    assert page.url.endswith("/reports/register/?overdue=yes")
    assert page.locator(".cb-count").inner_text() == "1 of 8 documents"
    overdue = page.locator("#cb-register .cb-overdue")
    assert overdue.inner_text() == "313 days overdue"
    assert overdue.evaluate("el => getComputedStyle(el).color") == "rgb(198, 40, 40)"


def test_the_register_sorts_by_a_column(tab: Tab) -> None:
    page = tab.open("reports/register/")
    page.click("#cb-register th:nth-child(1) .cb-sort")
    ids = visible_ids(page)
    assert ids == sorted(ids)
    page.click("#cb-register th:nth-child(1) .cb-sort")
    assert visible_ids(page) == sorted(ids, reverse=True)
    assert page.get_attribute("#cb-register th:nth-child(1)", "aria-sort") == "descending"


def test_report_heads_stay_in_view_and_use_the_full_width(tab: Tab) -> None:
    page = tab.open("reports/iso27001-2022/matrix/")
    assert page.locator(".md-sidebar--secondary").is_hidden()  # no empty contents column
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(300)
    head = page.locator("table.cb-matrix thead th").first.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert head is not None and header is not None
    assert abs(head["y"] - (header["y"] + header["height"])) < 2  # right under the header
    # A clause number or id never wraps.
    heights = page.eval_on_selector_all(
        "table.cb-matrix tbody td:first-child",
        "cells => cells.map(c => c.getBoundingClientRect().height)",
    )
    assert max(heights) < 2 * min(heights)
