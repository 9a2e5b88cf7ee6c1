"""Links clausebook writes to files named with '#', '?', '%' or spaces (issue 18, item 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausebook.render.links import Links
from sitekit import broken_links, build_site, document, write_site

pytestmark = pytest.mark.slow

NAMES = {
    "PRO-HASH-01": "procedures/pro-hash-01 #1.md",
    "PRO-PCT-01": "procedures/pro-pct-01 50%.md",
    "PRO-QST-01": "procedures/pro-qst-01?.md",
}


def test_hrefs_are_percent_encoded_where_a_url_needs_it() -> None:
    links = Links()
    assert links.href("reports/register.md", NAMES["PRO-HASH-01"]) == (
        "../../procedures/pro-hash-01%20%231/"
    )
    assert Links(directory_urls=False).href("index.md", NAMES["PRO-PCT-01"]) == (
        "procedures/pro-pct-01%2050%25.html"
    )
    assert Links(markdown=True).href("reports/register.md", NAMES["PRO-QST-01"]) == (
        "../procedures/pro-qst-01%3F.md"
    )
    assert links.href("index.md", "procedures/变更.md") == "procedures/变更/"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_generated_link_to_such_files_resolves(tmp_path: Path, directory_urls: bool) -> None:
    documents = {
        path: document(doc_id, f"Title {doc_id}", clauses=["8.1"], body=f"See [[{other}]].")
        for (doc_id, path), other in zip(
            NAMES.items(), ["PRO-PCT-01", "PRO-QST-01", "PRO-HASH-01"], strict=True
        )
    }
    config = write_site(
        tmp_path / "sms",
        documents,
        options={"parallel": False},
        config={"use_directory_urls": directory_urls},
    )
    built = build_site(config)
    assert broken_links(built.site, ["reports", "procedures"]) == []
    register = (
        built.site / ("reports/register/index.html" if directory_urls else "reports/register.html")
    ).read_text("utf-8")
    assert "pro-hash-01%20%231" in register and "pro-pct-01%2050%25" in register
