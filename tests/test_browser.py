"""The built site in a real headless Chromium: navigation, search, filters, print, XSS.

Two small manuals are built with MkDocs in-process and served on 127.0.0.1. Every request
that would leave the machine is blocked and fails the test (see ``browserkit``): the site
must work on an intranet with no CDN and no Google Fonts. Without Chromium the tests skip.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from pypdf import PdfReader

from browserkit import (
    MISSING,
    Tab,
    build_site,
    chromium_path,
    open_tab,
    rows,
    search,
    serve,
    write_site,
)
from sitekit import build_config, capture_logs

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/clausebook-shots")

HISTORY = """\
history:
  - revision: "{revision}"
    date: {date}
    summary: {summary}
"""

MANUAL = {
    "procedures/pro-chg-01.md": """\
---
id: PRO-CHG-01
title: Change management procedure
type: procedure
owner: Change Manager
approver: Head of IT Services
revision: "2.1"
status: effective
approved: 2026-03-01
effective: 2026-03-01
reviewed: 2026-03-01
clauses:
  iso20000-1:2018: [8.5.1.1, 8.5.1.2]
  iso9001:2015: [8.5.6]
  iso27001:2022: [A.8.32]
history:
  - revision: "2.1"
    date: 2026-03-01
    author: Jane Doe
    summary: Added the emergency change path
---
# Change management procedure

Every change is assessed by the change advisory board. Failed changes become incidents and
are handled by [[PRO-INC-01]].
""",
    "procedures/pro-inc-01.md": """\
---
id: PRO-INC-01
title: Incident management procedure
type: procedure
owner: Incident Manager
approver: Head of IT Services
revision: "1.4"
status: effective
approved: 2025-01-10
effective: 2025-01-10
clauses:
  iso20000-1:2018: [8.6.1]
"""
    + HISTORY.format(revision="1.4", date="2025-01-10", summary="Major incidents")
    + """\
---
Service is restored within the agreed targets.
""",
    "procedures/pro-chg-02.md": """\
---
id: PRO-CHG-02
title: 变更管理程序
type: procedure
owner: 服务经理
approver: Head of IT Services
revision: "1.0"
status: effective
approved: 2026-06-01
effective: 2026-06-01
clauses:
  iso20000-1:2018: [8.3.3]
"""
    + HISTORY.format(revision="1.0", date="2026-06-01", summary="首次发布")
    + """\
---
本程序规定了服务级别协议的评审。紧急变更须经变更咨询委员会批准。
""",
    "procedures/wi-chg-01.md": """\
---
id: WI-CHG-01
title: Standard change catalogue upkeep
type: work-instruction
owner: Change Manager
approver: Head of IT Services
revision: "1.0"
status: effective
approved: 2026-02-01
effective: 2026-02-01
clauses:
  iso20000-1:2018: [8.5.1.2]
"""
    + HISTORY.format(revision="1.0", date="2026-02-01", summary="First issue")
    + """\
---
Keep the catalogue of standard changes current.
""",
    "manual/pol-01.md": """\
---
id: POL-01
title: Service management policy
type: policy
owner: Service Manager
approver: CEO
revision: "3"
status: effective
approved: 2026-01-05
effective: 2026-01-05
clauses:
  iso20000-1:2018: [5.2.1, 5.2.2]
  iso9001:2015: [5.2.1]
"""
    + HISTORY.format(revision="3", date="2026-01-05", summary="Annual update")
    + """\
---
Our commitment to the customers.
""",
}
MANUAL_PLUGIN = """\
      sources: [manual, procedures]
      standards: [iso20000-1:2018, iso9001:2015, iso27001:2022]
      as_of: 2026-11-24
"""

# Markup in every field a user writes; `__xss` is set (and a dialog opened) if any runs.
PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)"> <script>window.__xss=1;alert(1)</script>'
TITLE = "Evil </title>" + PAYLOAD  # </title> would also break out of the <title> element
HOSTILE = {
    "procedures/pro-xss-01.md": f"""\
---
id: PRO-XSS-01
title: '{TITLE}'
type: procedure
owner: '{PAYLOAD}'
approver: Head of IT Services
revision: "1.0"
status: effective
approved: 2026-06-01
effective: 2026-06-01
clauses:
  iso20000-1:2018: [8.5.1.1]
  acme:1: ["1.1"]
  evil:1: ["1"]
history:
  - revision: "1.0"
    date: 2026-06-01
    author: '{PAYLOAD}'
    summary: '{PAYLOAD}'
---
A procedure whose metadata tries to run script.
""",
    # Cites the hostile one: a cross-reference label and an obsolete banner carry its title.
    "procedures/pro-ref-01.md": """\
---
id: PRO-REF-01
title: Referring procedure
type: procedure
owner: Change Manager
approver: Head of IT Services
revision: "1.0"
status: obsolete
effective: 2026-06-01
superseded_by: PRO-XSS-01
clauses:
  iso20000-1:2018: [8.5.1.2]
"""
    + HISTORY.format(revision="1.0", date="2026-06-01", summary="First issue")
    + """\
---
See [[PRO-XSS-01]] for the details.
""",
}
CATALOGUES = {
    # Hostile clause titles under a harmless catalogue name...
    "acme.yaml": f"""\
id: acme:1
name: ACME controls
title: '{PAYLOAD}'
concepts:  # it joins the integrated view, as a row of the built-in standards...
- id: internal-audit
  clause: '1.1'
clauses:
- number: '1'
  title: '{PAYLOAD}'
- number: '1.1'
  title: '{PAYLOAD}'
  parent: '1'
""",
    # ...and a hostile catalogue name, which becomes the title of its report pages.
    "evil.yaml": f"""\
id: evil:1
name: 'Evil {PAYLOAD}'
title: Evil controls
concepts:  # ...and with a row of its own, titled by hostile text
- id: evil
  clause: '1'
  title: '{PAYLOAD}'
clauses:
- number: '1'
  title: Control one
""",
}
HOSTILE_PLUGIN = """\
      sources: [procedures]
      standards: [iso20000-1:2018, acme.yaml, evil.yaml]
      as_of: 2026-11-24
"""


@pytest.fixture(scope="module")
def manual_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("manual")
    site = build_site(write_site(root, MANUAL, plugin=MANUAL_PLUGIN))
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile")
    site = build_site(write_site(root, HOSTILE, plugin=HOSTILE_PLUGIN, files=CATALOGUES))
    with serve(site) as base:
        yield base


@pytest.fixture
def tab(browser: Any, manual_url: str) -> Iterator[Tab]:
    with open_tab(browser, manual_url) as opened:
        yield opened
        opened.check()


# ------------------------------------------------------------------------- intranet


def test_guard_sees_and_blocks_offsite_requests(browser: Any, manual_url: str) -> None:
    """The no-network assertion of every other test is only as good as this guard."""
    with open_tab(browser, manual_url) as probe:
        page = probe.open("")
        page.evaluate(
            """() => new Promise(done => {
                const img = new Image();
                img.onload = img.onerror = done;
                img.src = 'https://fonts.googleapis.com/css?family=Roboto';
            })"""
        )
        assert probe.offsite == ["https://fonts.googleapis.com/css?family=Roboto"]
        assert any(url.endswith("/assets/clausebook/clausebook.js") for url in probe.local)


def test_pages_load_only_from_the_site(tab: Tab) -> None:
    for path in ("", "procedures/pro-chg-01/", "reports/iso20000-1-2018/matrix/"):
        tab.open(path)
    search(tab, "incidents")  # the search worker and its index
    assert any(url.endswith("/search/search_index.json") for url in tab.local)
    assert tab.offsite == []


# ----------------------------------------------------------------------- navigation


def test_navigation_to_a_document(tab: Tab) -> None:
    page = tab.open("")
    sidebar = page.locator(".md-sidebar--primary")
    sidebar.locator(".md-nav__link", has_text="Procedures").click()
    page.wait_for_url("**/procedures/pro-chg-01/")
    sidebar.get_by_role("link", name="PRO-INC-01 Incident management procedure").click()
    page.wait_for_url("**/procedures/pro-inc-01/")
    control = page.locator("table.cb-control")
    assert control.is_visible()
    for text in ("PRO-INC-01", "1.4", "Incident Manager", "Head of IT Services", "2025-01-10"):
        assert text in control.inner_text()
    # Effective is the norm: only the exceptions carry a status icon in the navigation.
    assert sidebar.locator(".md-nav__link--active .md-status").count() == 0


def test_navigation_marks_an_obsolete_document(browser: Any, hostile_url: str) -> None:
    with open_tab(browser, hostile_url) as tab:
        page = tab.open("procedures/pro-ref-01/")
        sidebar = page.locator(".md-sidebar--primary")
        icon = sidebar.locator(".md-nav__link--active .md-status--obsolete")
        assert icon.is_visible()
        assert icon.get_attribute("title") == "Obsolete: do not use"
        mask = icon.evaluate(
            "e => getComputedStyle(e, '::after').maskImage || "
            "getComputedStyle(e, '::after').webkitMaskImage"
        )
        assert "M12 2c5.5 0 10 4.5 10 10" in mask  # clausebook's icon, not Material's
        assert tab.offsite == []


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("变更管理", id="term"),
        pytest.param("服务级别协议", id="word-inside-a-sentence"),
    ],
)
def test_chinese_search_finds_the_chinese_document(tab: Tab, query: str) -> None:
    results = search(tab, query)
    assert results[0]["href"].endswith("/procedures/pro-chg-02/")
    assert "PRO-CHG-02" in results[0]["title"]
    assert all("pro-chg-02" in r["href"] for r in results)


def test_english_search(tab: Tab) -> None:
    results = search(tab, "restored")
    assert [r["href"].removeprefix(tab.base) for r in results] == ["procedures/pro-inc-01/"]


def test_search_ignores_the_print_furniture(tab: Tab) -> None:
    assert search(tab, "uncontrolled") == []


# ----------------------------------------------------------------------- the matrix


def test_matrix_filters(tab: Tab) -> None:
    page = tab.open("reports/iso20000-1-2018/matrix/")
    form = page.locator("form.cb-filter")
    table = "#cb-matrix tbody tr"
    every = rows(page, table, "state", "group", "assessable")
    assert all(r["visible"] for r in every)
    by_id = {r["id"]: r for r in every}
    assert by_id["m-8.5.1.1"]["state"] == "covered" and by_id["m-8.6.1"]["state"] == "at-risk"

    form.locator("select[name=state]").select_option("gaps")
    shown = [r for r in rows(page, table, "state", "assessable") if r["visible"]]
    gaps = [
        r["id"]
        for r in every
        if r["assessable"] == "yes" and r["state"] in ("uncovered", "at-risk")
    ]
    assert [r["id"] for r in shown] == gaps
    assert "m-8.6.1" in gaps and "m-8.5.1.3" in gaps
    assert not page.locator("#m-8\\.5\\.1\\.1").is_visible()  # covered
    assert not page.locator("#m-8").is_visible()  # a heading, not assessable

    form.locator("select[name=state]").select_option("")
    form.locator("select[name=group]").select_option("8")
    shown = [r["id"] for r in rows(page, table) if r["visible"]]
    assert shown == [r["id"] for r in every if r["group"] == "8"]
    assert "m-8.5.1.1" in shown and "m-5.2.1" not in shown

    form.locator("select[name=type]").select_option("work-instruction")
    shown = [r["id"] for r in rows(page, table) if r["visible"]]
    assert shown == ["m-8.5.1.2"]
    row = page.locator("#m-8\\.5\\.1\\.2")
    assert row.locator(".cb-doc", has_text="WI-CHG-01").is_visible()
    assert not row.locator(".cb-doc", has_text="PRO-CHG-01").is_visible()

    form.locator("select[name=group]").select_option("")
    form.locator("select[name=type]").select_option("policy")
    shown = [r["id"] for r in rows(page, table) if r["visible"]]
    assert shown == ["m-5.2.1", "m-5.2.2"]

    form.locator("select[name=type]").select_option("")
    assert all(r["visible"] for r in rows(page, table))
    assert page.locator("#m-8\\.5\\.1\\.2 .cb-doc", has_text="PRO-CHG-01").is_visible()


def test_matrix_clause_numbers_stay_on_one_line(tab: Tab) -> None:
    page = tab.open("reports/iso20000-1-2018/matrix/")
    broken = page.eval_on_selector_all(
        "#cb-matrix tbody td:first-child a",
        "links => links.filter(a => a.getClientRects().length > 1).map(a => a.textContent)",
    )
    assert broken == []


# ------------------------------------------------------------------ cross-reference


def test_cross_reference_leads_to_the_target_which_lists_its_referrer(tab: Tab) -> None:
    page = tab.open("procedures/pro-chg-01/")
    page.locator("article").get_by_role(
        "link", name="PRO-INC-01 Incident management procedure"
    ).click()
    page.wait_for_url("**/procedures/pro-inc-01/")
    assert page.locator("#cb-referenced-by").is_visible()
    referrers = page.locator(".cb-referrers li")
    assert referrers.count() == 1
    assert referrers.first.inner_text() == "PRO-CHG-01 Change management procedure"
    referrers.first.get_by_role("link", name="PRO-CHG-01").click()
    page.wait_for_url("**/procedures/pro-chg-01/")


# ---------------------------------------------------------------------------- print


def test_print_layout(tab: Tab) -> None:
    page = tab.page
    page.clock.set_fixed_time(dt.datetime(2026, 11, 24, 10, 0))
    tab.open("procedures/pro-chg-01/")
    stamp = page.locator("style#cb-print-date")  # the footer of printed pages, dated
    assert '"Printed on" " 2026-11-24"' in stamp.text_content()
    # Printed later from an open tab: the date is the day of printing, not of loading.
    page.clock.set_fixed_time(dt.datetime(2027, 1, 2, 10, 0))
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert '"Printed on" " 2027-01-02"' in stamp.text_content()

    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    # The page margins carry the header on every sheet: not a second time under the title.
    assert not page.locator(".cb-print-header").is_visible()
    assert page.locator("table.cb-control").is_visible()


@pytest.fixture(scope="module")
def printed(browser: Any, manual_url: str) -> bytes:
    """PRO-CHG-01 printed to PDF by Chromium (print media, as a reader's browser prints)."""
    with open_tab(browser, manual_url) as printing:
        printing.page.clock.set_fixed_time(dt.datetime(2026, 11, 24, 10, 0))
        printing.open("procedures/pro-chg-01/")
        pdf = printing.page.pdf(format="A4")
        printing.check()
    return pdf


def test_pdf_has_text(printed: bytes) -> None:
    assert printed.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(printed)).pages)
    assert "Change management procedure" in text
    assert "PRO-INC-01 Incident management procedure" in text


def test_pdf_carries_the_uncontrolled_notice(printed: bytes, tmp_path: Path) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext not installed: run `make browser` as root (poppler-utils)")
    path = tmp_path / "printed.pdf"
    path.write_bytes(printed)
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Uncontrolled when printed" in text
    assert "Printed on 2026-11-24" in text


# ---------------------------------------------------------------------------- XSS


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("procedures/pro-xss-01/", id="document"),
        pytest.param("procedures/pro-ref-01/", id="referring-document"),
        pytest.param("reports/register/", id="register"),
        pytest.param("reports/acme-1/matrix/", id="matrix"),
        pytest.param("reports/acme-1/clauses/", id="clause-index"),
        pytest.param("reports/acme-1/coverage/", id="coverage"),
        pytest.param("reports/iso20000-1-2018/matrix/", id="matrix-chips"),
        pytest.param("reports/reviews/", id="review-schedule"),
        pytest.param("reports/integrated/", id="integrated"),
        pytest.param("reports/evil-1/matrix/", id="catalogue-name"),
    ],
)
def test_user_text_never_runs_as_script(browser: Any, hostile_url: str, path: str) -> None:
    # Not the checking `tab` fixture: where script does run, the test is the one to fail.
    with open_tab(browser, hostile_url) as tab:
        page = tab.open(path)
        assert "window.__xss" in page.content()  # the payload is there, in some form
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert tab.dialogs == []
        assert tab.offsite == []


def test_search_results_never_run_user_text(browser: Any, hostile_url: str) -> None:
    with open_tab(browser, hostile_url) as tab:
        results = search(tab, "Evil")
        assert any(r["href"].endswith("/procedures/pro-xss-01/") for r in results)
        assert any("window.__xss" in r["text"] for r in results)
        assert tab.page.evaluate("typeof window.__xss") == "undefined"
        tab.check()


def test_titles_with_angle_brackets_read_verbatim(browser: Any, hostile_url: str) -> None:
    with open_tab(browser, hostile_url) as tab:
        page = tab.open("procedures/pro-ref-01/")
        xref = page.locator("article p:not(.admonition-title) a[href='../pro-xss-01/']")
        assert xref.inner_text() == "PRO-XSS-01 " + TITLE
        # The obsolete banner links to its replacement, the title as text there too.
        banner = page.locator("article .cb-banner--obsolete a[href='../pro-xss-01/']")
        assert banner.inner_text() == "PRO-XSS-01 " + TITLE
        page = tab.open("procedures/pro-xss-01/")
        assert page.locator("article h1").inner_text() == "PRO-XSS-01 " + TITLE
        # Material prints the page title in the header and <title> as HTML: text here too.
        topic = page.locator(".md-header__topic[data-md-component=header-topic]")
        assert topic.inner_text().strip() == TITLE
        assert page.title().startswith(TITLE)


# ------------------------------------------------------------------ review schedule


def test_review_schedule_owner_filter(tab: Tab) -> None:
    page = tab.open("reports/reviews/")
    owner = page.locator("form.cb-filter select[name=owner]")
    table = "#cb-reviews tbody tr"

    def shown() -> list[tuple[str, str]]:
        return [
            (r["owner"], page.locator(table).nth(i).locator(".cb-doc").inner_text())
            for i, r in enumerate(rows(page, table, "owner"))
            if r["visible"]
        ]

    assert len(shown()) == 5
    owner.select_option("Change Manager")
    assert sorted(shown()) == [("Change Manager", "PRO-CHG-01"), ("Change Manager", "WI-CHG-01")]
    # A section left without rows hides its table (PRO-INC-01 is the only overdue one).
    assert not page.locator("table.cb-reviews--overdue").is_visible()
    owner.select_option("服务经理")
    assert shown() == [("服务经理", "PRO-CHG-02")]
    owner.select_option("")
    assert len(shown()) == 5
    assert page.locator("table.cb-reviews--overdue").is_visible()


# ----------------------------------------------------------------------- screenshots


def test_screenshots_for_review(tab: Tab) -> None:
    """Pictures of the matrix and a document page for a human to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (
        ("matrix", "reports/iso20000-1-2018/matrix/"),
        ("document", "procedures/pro-chg-01/"),
    ):
        tab.open(path).screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert (SHOTS / f"{name}.png").read_bytes().startswith(b"\x89PNG")


# ----------------------------------------------------------------- clausebook's PDFs


def _pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


@contextlib.contextmanager
def kept_logs() -> Iterator[list[str]]:
    """Every message the build logs (clausebook's INFO lines included), once the block ends."""
    records: list[logging.LogRecord] = []
    messages: list[str] = []
    with capture_logs(records):
        yield messages
    messages.extend(record.getMessage() for record in records)


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The manual built with ``pdf: true``: clausebook prints every document in force."""
    if chromium_path() is None:
        pytest.skip(MISSING)
    root = tmp_path_factory.mktemp("pdf")
    with kept_logs() as messages:
        site = build_site(write_site(root, MANUAL, plugin=MANUAL_PLUGIN + "      pdf: true\n"))
    return site, messages


def test_a_pdf_for_every_document_and_the_whole_manual(pdf_site: tuple[Path, list[str]]) -> None:
    site, messages = pdf_site
    written = sorted(p.name for p in (site / "pdf").glob("*.pdf"))
    assert {"manual.pdf", "pro-chg-01.pdf", "pro-chg-02.pdf"} <= set(written)
    assert not [m for m in messages if "CB62" in m]
    change = _pdf_text(site / "pdf" / "pro-chg-01.pdf")
    assert "Change management procedure" in change and "PRO-CHG-01" in change
    chinese = _pdf_text(site / "pdf" / "pro-chg-02.pdf")
    assert "变更管理" in chinese  # real glyphs, extracted back as text
    whole = PdfReader(site / "pdf" / "manual.pdf")
    assert len(whole.pages) >= len(written) - 1
    outline = [item.title for item in whole.outline if not isinstance(item, list)]
    assert any(title.startswith("PRO-CHG-01") for title in outline)
    # The control block links each document to its PDF.
    page = (site / "procedures" / "pro-chg-01" / "index.html").read_text("utf-8")
    assert 'href="../../pdf/pro-chg-01.pdf"' in page


def test_a_broken_pdf_step_never_fails_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUSEBOOK_CHROMIUM", str(tmp_path / "no-such-browser"))
    # Overdue reviews at info: the PDF step is the only thing that could warn here.
    plugin = MANUAL_PLUGIN + "      pdf: true\n      review: {log_level: info}\n"
    config = write_site(tmp_path, MANUAL, plugin=plugin)
    with kept_logs() as messages:
        build(build_config(config, strict=True))  # a warning would abort a strict build
    assert (tmp_path / "site" / "procedures" / "pro-chg-01" / "index.html").is_file()
    assert any("CB621" in m for m in messages)
