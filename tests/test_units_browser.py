"""A group's register in a real Chromium: the unit filter, kept in the address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browserkit import Tab, build_site, open_tab, serve
from test_units_site import group_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def group_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_site(group_site(tmp_path_factory.mktemp("group")))) as base:
        yield base


@pytest.fixture
def tab(browser: Any, group_url: str) -> Iterator[Tab]:
    with open_tab(browser, group_url) as opened:
        yield opened
        opened.check()


def visible_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#cb-register tbody tr",
        "rows => rows.filter(r => r.getClientRects().length).map(r => r.cells[0].innerText)",
    )


def test_the_register_filters_by_unit_from_the_address(tab: Tab) -> None:
    page = tab.open("reports/register/?unit=SH")
    assert visible_ids(page) == ["PRO-CHG-01-SH"]
    options = page.eval_on_selector_all("select[name=unit] option", "os => os.map(o => o.value)")
    assert options == ["", "group", "group: LDN", "LDN", "SH"]
    page.select_option("select[name=unit]", "group")
    assert visible_ids(page) == ["PRO-CHG-01"]
    assert page.url.endswith("/reports/register/?unit=group")
