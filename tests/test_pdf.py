"""clausebook's PDFs, printed by the real Chromium and read back as a reader's tools read them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from browserkit import chromium_path
from clausebook.exports.pdf import PRINT_DATE_ENV, print_date
from clikit import run
from printkit import (
    CHANGE,
    CONFIG,
    DOCUMENTS,
    fonts_of,
    lost,
    pages_of,
    source_units,
    text_of,
)
from sitekit import build_site, write_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PRINTED = "2026-12-04"
FOOTER = [
    "Uncontrolled when printed: check the website for the current revision.",
    f"Working copy, not a published edition · as of 2026-11-24 · Printed on {PRINTED}",
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test manual built, then printed by ``clausebook pdf``: the site folder."""
    if chromium_path() is None:
        pytest.skip("chromium not installed: run `make browser` as root")
    root = tmp_path_factory.mktemp("pdf")
    config = write_site(root, DOCUMENTS, config=CONFIG)
    site = build_site(config).site
    sources = sorted(p.name for p in (root / "procedures").iterdir())
    result = run("pdf", "-f", config, env={PRINT_DATE_ENV: PRINTED})
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "procedures").iterdir()) == sources  # nothing added
    return site


def test_a_pdf_per_document_and_the_manual_with_progress(printed: Path) -> None:
    written = sorted(p.name for p in (printed / "pdf").iterdir())
    assert written == ["manual.pdf", "pro-chg-01.pdf", "pro-chg-02.pdf"]


def test_paper_is_a4(printed: Path) -> None:
    for pdf in (printed / "pdf").glob("*.pdf"):
        box = PdfReader(pdf).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842), pdf.name


def test_header_and_footer_bands_hold_no_body_text(printed: Path) -> None:
    pages = pages_of(printed / "pdf" / "pro-chg-01.pdf")
    assert len(pages) >= 4  # the long table and listing run over several pages
    header = [
        "PRO-CHG-01",
        "·",
        "Change",
        "management",
        "procedure",
        "Revision",
        "2.1",
        "·",
        "effective",
    ]
    for number, page in enumerate(pages, start=1):
        top, bottom = page.band()
        assert top == header, f"page {number}"
        footer = " ".join(FOOTER).split() + f"Page {number} of {len(pages)}".split()
        assert sorted(bottom) == sorted(footer), f"page {number}"
        assert page.straddling() == [], f"page {number}"
        assert page.body(), f"page {number} has no body"


def test_page_numbers_and_print_date_on_every_page(printed: Path) -> None:
    for name in ("pro-chg-01.pdf", "pro-chg-02.pdf"):
        pages = pages_of(printed / "pdf" / name)
        for number, page in enumerate(pages, start=1):
            text = " ".join(page.band()[1])
            assert f"Page {number} of {len(pages)}" in text, (name, number)
            assert PRINTED in text
    # In the manual each document keeps its own page numbers, as its single copy has them.
    for page in pages_of(printed / "pdf" / "manual.pdf"):
        assert re.search(r"Page \d+ of \d+", " ".join(page.band()[1]))


def test_no_file_links_anywhere(printed: Path) -> None:
    for pdf in (printed / "pdf").glob("*.pdf"):
        assert b"file:" not in pdf.read_bytes(), pdf.name
    links = _links(printed / "pdf" / "pro-chg-01.pdf")
    assert ("/GoToR", "pro-chg-02.pdf") in links  # another document: its PDF beside this one
    assert ("/URI", "https://www.iso.org/standard/70636.html") in links
    assert ("/URI", "https://sms.example.com/reports/register/") in links  # the site's page
    manual = _links(printed / "pdf" / "manual.pdf")
    assert ("/GoTo", None) in manual and not [k for k, _ in manual if k == "/GoToR"]


def _links(pdf: Path) -> set[tuple[str, str | None]]:
    found = set()
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A")
            if action is not None:
                kind = str(action["/S"])
                target = action.get("/URI") or action.get("/F")
                found.add((kind, str(target) if target is not None else None))
    return found


def test_outlines_and_titles(printed: Path) -> None:
    single = PdfReader(printed / "pdf" / "pro-chg-01.pdf")
    assert single.metadata.title == "PRO-CHG-01 Change management procedure"
    top = [item for item in single.outline if not isinstance(item, list)]
    children = [item.title for item in single.outline[1]]
    assert [item.title for item in top] == ["PRO-CHG-01 Change management procedure"]
    assert children[:5] == ["Purpose", "Steps", "Listing", "Escalation", "References"]

    manual = PdfReader(printed / "pdf" / "manual.pdf")
    assert manual.metadata.title == "Test: Management system manual"
    entries = [item.title for item in manual.outline if not isinstance(item, list)]
    assert entries[-2:] == ["PRO-CHG-01 Change management procedure", "PRO-CHG-02 变更管理程序"]
    chg = manual.outline.index(next(i for i in manual.outline if "PRO-CHG-01" in str(i)))
    assert "Purpose" in [item.title for item in manual.outline[chg + 1]]


def test_manual_has_cover_contents_with_page_numbers_and_register(printed: Path) -> None:
    manual = PdfReader(printed / "pdf" / "manual.pdf")
    cover = manual.pages[0].extract_text()
    assert "Test" in cover and "Management system manual" in cover
    assert "Uncontrolled when printed" in cover and "2026-11-24" in cover
    start = {
        item.title.split()[0]: manual.get_destination_page_number(item) + 1
        for item in manual.outline
        if not isinstance(item, list) and item.title.startswith("PRO-")
    }
    contents = manual.pages[1].extract_text()
    assert "Contents" in contents and "Document register" in text_of(printed / "pdf" / "manual.pdf")
    for doc_id, page in start.items():
        # The contents give the page where each document starts in the manual.
        line = next(line for line in contents.splitlines() if line.startswith(doc_id))
        assert line.split()[-1] == str(page), line
        assert f"{doc_id}" in manual.pages[page - 1].extract_text()


def test_text_is_real_text_with_chinese(printed: Path) -> None:
    for pdf in (printed / "pdf").glob("*.pdf"):
        types = {kind for _, kind in fonts_of(pdf)}
        assert types == {"CID TrueType"}, (pdf.name, types)
    text = text_of(printed / "pdf" / "pro-chg-02.pdf")
    assert "所有变更在实施前都要记录、评估和批准。" in text
    assert "PRO-CHG-02 · 变更管理程序" in text  # the header too


def test_no_line_of_the_source_is_lost(printed: Path) -> None:
    pdf = printed / "pdf" / "pro-chg-01.pdf"
    pages = len(PdfReader(pdf).pages)
    furniture = [
        "PRO-CHG-01 · Change management procedure",
        "Revision 2.1 · effective",
        *FOOTER,
        *(f"Page {n} of {pages}" for n in range(pages, 0, -1)),
    ]
    units = source_units(CHANGE)
    assert len(units) > 150
    assert lost(units, text_of(pdf), furniture) == []


def test_a_document_that_cannot_be_printed_is_named_and_the_rest_kept(
    printed: Path, tmp_path: Path
) -> None:
    root = printed.parent
    # A directory where its PDF should go: writing that one file fails, as a full disk would.
    blocked = printed / "pdf" / "pro-chg-02.pdf"
    blocked.unlink()
    blocked.mkdir()
    try:
        result = run("pdf", "-f", root / "mkdocs.yml", "PRO-CHG-01", "PRO-CHG-02")
    finally:
        blocked.rmdir()
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if " CB620: " in line]
    assert len(errors) == 1
    assert errors[0].startswith(
        "procedures/pro-chg-02.md: warning CB620: PRO-CHG-02: PDF not made: could not write"
    )
    assert (printed / "pdf" / "pro-chg-01.pdf").stat().st_size > 0


def test_without_chromium_one_line_and_a_failing_exit(
    printed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUSEBOOK_CHROMIUM", "/nonexistent/chromium")
    result = run("pdf", "-f", printed.parent / "mkdocs.yml")
    assert result.exit_code == 1
    assert "warning CB621: no Chromium found" in result.output
    assert "Traceback" not in result.output


def test_unknown_id_is_a_usage_error(printed: Path) -> None:
    result = run("pdf", "-f", printed.parent / "mkdocs.yml", "PRO-NOPE-01")
    assert result.exit_code == 2 and "no document PRO-NOPE-01" in result.output


def test_print_date_is_today_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PRINT_DATE_ENV, raising=False)
    assert print_date() == dt.date.today()
    monkeypatch.setenv(PRINT_DATE_ENV, "2027-02-03")
    assert print_date() == dt.date(2027, 2, 3)


def test_report_pages_print_their_title_in_the_header(printed: Path) -> None:
    register = (printed / "reports" / "register" / "index.html").read_text("utf-8")
    assert '@top-left { content: "Document register"; }' in register
    assert '@top-right { content: "Test"; }' in register


@pytest.fixture(scope="module")
def chinese(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Chinese manual (``language: zh``) printed: its one document's PDF."""
    if chromium_path() is None:
        pytest.skip("chromium not installed: run `make browser` as root")
    root = tmp_path_factory.mktemp("zh")
    documents = {"procedures/pro-chg-02.md": DOCUMENTS["procedures/pro-chg-02.md"]}
    config = write_site(root, documents, options={"language": "zh"}, config=CONFIG)
    site = build_site(config).site
    result = run("pdf", "-f", config, "PRO-CHG-02", env={PRINT_DATE_ENV: PRINTED})
    assert result.exit_code == 0, result.output
    return site / "pdf" / "pro-chg-02.pdf"


def test_chinese_furniture_and_glyphs_are_text(chinese: Path) -> None:
    (page,) = pages_of(chinese)
    header, footer = page.band()
    assert " ".join(header) == "PRO-CHG-02 · 变更管理程序 版本 1.0 · 生效"
    footer_text = "".join(footer)
    assert "打印件为非受控文件" in footer_text and "第1页，共1页" in footer_text
    assert f"打印日期{PRINTED}" in footer_text
    assert page.straddling() == []
    assert {kind for _, kind in fonts_of(chinese)} == {"CID TrueType"}
    assert "变更经理负责变更咨询委员会的会议。" in text_of(chinese)
