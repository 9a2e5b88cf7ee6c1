"""Word and single-file HTML copies, read back: with python-docx, and in Chromium without
scripts, as a copy on a file share is opened years later."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clausebook.exports.pdf import PRINT_DATE_ENV
from clikit import run
from printkit import CHANGE, CONFIG, DOCUMENTS, lost, source_units
from sitekit import build_site, write_site

docx = pytest.importorskip("docx", reason="python-docx is not installed: pip install -e '.[test]'")

PRINTED = "2026-12-04"


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test manual built, then copied by ``clausebook docx`` and ``clausebook html``."""
    root = tmp_path_factory.mktemp("copies")
    config = write_site(root, DOCUMENTS, config=CONFIG)
    site = build_site(config).site
    for kind in ("docx", "html"):
        result = run(kind, "-f", config, env={PRINT_DATE_ENV: PRINTED})
        assert result.exit_code == 0, result.output
        assert f"{kind.upper()} file(s) written" in result.output
    return site


def _docx_text(path: Path) -> str:
    """Every paragraph and table cell, as Word shows them."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_word_copy_has_header_table_footer_headings_lists_and_tables(copies: Path) -> None:
    document = docx.Document(str(copies / "docx" / "pro-chg-01.docx"))
    section = document.sections[0]
    header = [cell.text for cell in section.header.tables[0].rows[0].cells]
    assert header == ["PRO-CHG-01 · Change management procedure", "Revision 2.1 · effective"]
    footer = section.footer.paragraphs[0]
    assert "Uncontrolled when printed" in footer.text
    assert f"Printed on {PRINTED}" in footer.text
    assert 'w:instr="NUMPAGES"' in footer._p.xml  # Page X of Y, filled in by Word
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["Purpose", "Steps", "Listing", "Escalation"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0].startswith("Incidents: PRO-CHG-02 变更管理程序 and the public guide")
    control = document.tables[0]
    assert control.rows[0].cells[0].text == "ID"  # the control block, as a table
    steps = max(document.tables, key=lambda t: len(t.rows))
    assert len(steps.rows) == 61 and steps.rows[60].cells[0].text == "60"
    assert document.core_properties.title == "PRO-CHG-01 Change management procedure"


def test_word_copy_loses_no_line_of_the_source(copies: Path) -> None:
    text = _docx_text(copies / "docx" / "pro-chg-01.docx")
    assert lost(source_units(CHANGE), text, []) == []
    assert "所有变更在实施前都要记录、评估和批准。" in _docx_text(
        copies / "docx" / "pro-chg-02.docx"
    )


@pytest.fixture(scope="module")
def offline(copies: Path, browser: Any) -> Any:
    """Chromium with scripts off, every request but the file itself recorded (the session's
    Chromium: Playwright's sync API runs one per process)."""
    context = browser.new_context(java_script_enabled=False)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    yield context, requests
    context.close()


def test_single_file_copy_says_what_it_is_without_scripts(copies: Path, offline: Any) -> None:
    context, requests = offline
    path = copies / "html" / "pro-chg-01.html"
    source = path.read_text("utf-8")
    assert "<script" not in source and "<link" not in source
    page = context.new_page()
    page.goto(path.as_uri())
    notice = page.locator(".cb-copy-notice").inner_text()
    assert "PRO-CHG-01 Change management procedure · Revision 2.1 · effective" in notice
    assert f"Working copy, not a published edition · as of 2026-11-24 · Printed on {PRINTED}" in (
        notice
    )
    assert "Uncontrolled when printed" in notice
    assert page.locator("table.cb-control").is_visible()  # styled from the inline CSS
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert "pro-chg-02.html" in hrefs  # another document: its copy beside this one
    assert "https://sms.example.com/reports/register/" in hrefs
    assert not [h for h in hrefs if h.startswith("file:") or h.startswith("..")]
    assert lost(source_units(CHANGE), page.locator("body").inner_text(), []) == []
    assert requests == [path.as_uri()]  # nothing else was fetched
    page.close()


def test_single_file_edition_holds_every_document(copies: Path, offline: Any) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto((copies / "html" / "manual.html").as_uri())
    text = page.locator("body").inner_text()
    assert "Management system manual" in text and "Uncontrolled when printed" in text
    assert (
        page.locator("section#doc-pro-chg-01 h1")
        .inner_text()
        .startswith("PRO-CHG-01 Change management procedure")
    )
    assert (
        "所有变更在实施前都要记录、评估和批准。"
        in page.locator("section#doc-pro-chg-02").inner_text()
    )
    link = page.locator("section#doc-pro-chg-01 a", has_text="PRO-CHG-02").first
    assert link.get_attribute("href") == "#doc-pro-chg-02"  # inside the same file
    page.close()


def test_copies_are_never_written_among_the_sources(copies: Path) -> None:
    root = copies.parent
    result = run("html", "-f", root / "mkdocs.yml", "-o", root / "procedures" / "out")
    assert result.exit_code == 2 and "inside the source folder" in result.output
    assert not (root / "procedures" / "out").exists()


def test_pdf_format_docx_is_the_docx_command(copies: Path) -> None:
    target = copies / "docx" / "pro-chg-02.docx"
    target.unlink()
    result = run("pdf", "--format", "docx", "-f", copies.parent / "mkdocs.yml", "PRO-CHG-02")
    assert result.exit_code == 0, result.output
    assert docx.Document(str(target)).sections[0].header.tables[0].rows[0].cells[0].text == (
        "PRO-CHG-02 · 变更管理程序"
    )


def test_web_page_loses_no_line_of_the_source(copies: Path, browser: Any) -> None:
    """The page readers meet on the site says all its source says, as the copies do: the
    page's text in Chromium holds every line of the source (a collapsed note included,
    which its reader opens)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto((copies / "procedures" / "pro-chg-01" / "index.html").as_uri())
    assert lost(source_units(CHANGE), page.locator("article").text_content() or "", []) == []
    context.close()
