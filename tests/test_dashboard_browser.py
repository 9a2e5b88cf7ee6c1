"""The dashboard in a real Chromium: the pictures are drawn, on screen and in print, and
nothing leaves the machine."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browserkit import build_site, open_tab, serve, write_site
from sitekit import document

pytestmark = pytest.mark.slow

RECORD = document("REC-IA-01", "Internal audit <b>1</b>", type="record").replace(
    'type: "record"', 'type: "record"\nrecord_of: internal-audit\ndate: 2026-05-20'
)
DOCS = {
    "procedures/pro-aud-01.md": document("PRO-AUD-01", "Internal audit procedure"),
    "procedures/pro-old-01.md": document("PRO-OLD-01", "Overdue", effective="2025-01-10"),
    "procedures/rec-ia-01.md": RECORD,
}
PLUGIN = """
      standards: [iso20000-1:2018, iso9001:2015]
      as_of: 2026-11-24
      certification:
        iso20000-1:2018:
          certificate: CN-20000-0042
          body: Example Certification Ltd
          issued: 2024-06-01
          audits:
            - {date: 2025-06-10, type: surveillance, result: No findings}
"""


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("dashboard")
    site = build_site(write_site(root, DOCS, plugin=PLUGIN))
    with serve(site) as base:
        yield base


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_dashboard_draws_its_pictures_offline_and_in_print(
    browser: Any, dashboard_url: str, tmp_path: Path
) -> None:
    """``browser``: the session's one Chromium (conftest.py)."""
    with open_tab(browser, dashboard_url) as tab:
        page = tab.open("reports/")
        charts = page.locator("svg.cb-chart")
        assert charts.count() == 3
        for n in range(3):
            box = charts.nth(n).bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 10
        # The timeline marks today; the strip's first square is the overdue review.
        assert page.locator("svg.cb-chart--timeline .cb-today").count() == 1
        first = page.locator("svg.cb-chart--strip rect").first
        assert first.get_attribute("fill") == "#c62828"
        assert "CN-20000-0042" in page.inner_text("article")
        shot = page.screenshot(full_page=True)
        (tmp_path / "dashboard.png").write_bytes(shot)
        width, height = png_size(shot)
        assert width >= 1000 and height > 1000
        # In print the pictures stay (no script draws them).
        page.emulate_media(media="print")
        box = page.locator("svg.cb-chart--bars").bounding_box()
        assert box is not None and box["width"] > 300
        tab.check()
