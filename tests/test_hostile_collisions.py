"""Generated paths that collide are found before MkDocs empties site/ (issue 18, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausebook.exports.pdfpaths import MANUAL_PDF, PDF_DIR, pdf_uri
from clikit import run
from sitekit import build_fails, document, write_site

pytestmark = pytest.mark.slow


def kept_site(config: Path) -> Path:
    """A previous build's file in site/, which a stopped build must leave in place."""
    marker = config.parent / "site" / "previous.html"
    marker.parent.mkdir()
    marker.write_text("the previous site", "utf-8")
    return marker


def assert_stopped_before_cleaning(config: Path, wanted: str) -> None:
    marker = kept_site(config)
    _, messages = build_fails(config)
    assert any("CB610" in m and wanted in m for m in messages), messages
    assert not any("Cleaning site directory" in m for m in messages)
    assert marker.is_file()
    result = run("check", "--config", config)
    assert result.exit_code == 1 and "CB610" in result.output and wanted in result.output


def test_a_source_folder_named_like_the_reports(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "sms",
        {"reports/register.md": document("PRO-REG-01", "Register procedure")},
        options={"sources": ["reports"], "parallel": False},
    )
    assert_stopped_before_cleaning(config, "reports/register.md")


def test_a_docs_page_at_a_documents_path(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "sms",
        {"procedures/pro-chg-01.md": document("PRO-CHG-01", "Change management")},
        options={"parallel": False},
        files={"docs/procedures/pro-chg-01.md": "# My own page\n"},
    )
    assert_stopped_before_cleaning(config, "PRO-CHG-01")


def test_a_docs_page_inside_the_reports_folder(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "sms",
        {"procedures/pro-chg-01.md": document("PRO-CHG-01", "Change management")},
        options={"parallel": False},
        files={"docs/reports/register.md": "# Mine\n"},
    )
    assert_stopped_before_cleaning(config, "docs/reports/register.md")


@pytest.mark.parametrize("page", ["docs/id/index.md", "docs/id/PRO-CHG-01/index.md"])
def test_a_docs_page_under_the_id_addresses(tmp_path: Path, page: str) -> None:
    # id/ holds the documents' stable addresses: all of it is clausebook's.
    config = write_site(
        tmp_path / "sms",
        {"procedures/pro-chg-01.md": document("PRO-CHG-01", "Change management")},
        options={"parallel": False},
        files={page: "# Mine\n"},
    )
    assert_stopped_before_cleaning(config, page)


def test_a_source_folder_named_id(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "sms",
        {"id/pro-chg-01.md": document("PRO-CHG-01", "Change management")},
        options={"sources": ["id"], "parallel": False},
    )
    assert_stopped_before_cleaning(config, "id/pro-chg-01.md")


def test_reports_inside_the_id_addresses(tmp_path: Path) -> None:
    config = write_site(
        tmp_path / "sms",
        {"procedures/pro-chg-01.md": document("PRO-CHG-01", "Change management")},
        options={"reports_dir": "id", "parallel": False},
    )
    assert_stopped_before_cleaning(config, "reports_dir 'id' is inside 'id'")


@pytest.mark.parametrize("doc_id", ["manual", "MANUAL", "Manual"])
def test_a_document_with_id_manual_keeps_its_own_pdf(doc_id: str) -> None:
    assert pdf_uri(doc_id) != f"{PDF_DIR}/{MANUAL_PDF}"
    assert pdf_uri(doc_id) == f"{PDF_DIR}/_manual.pdf"
    assert pdf_uri("manual-2") == f"{PDF_DIR}/manual-2.pdf"
