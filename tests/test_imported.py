"""Documents written by other organisations, imported as a new user would (the corpus in
``tests/fixtures/imported``, paraphrased from public policies; see its SOURCES.md): the page
title, the body's headings and the lints of ``clausebook check`` on real-world text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from clausebook.core import xrefs
from clausebook.core.catalogue import built_in, old_controls
from clausebook.core.manual import Manual, load
from clausebook.core.metadata import Metadata
from clausebook.core.outline import fit
from clausebook.core.settings import Settings
from sitekit import (
    AS_OF,
    Built,
    build_site,
    control_block,
    document,
    navigation,
    table,
    text_of,
    write_site,
)

CORPUS = Path(__file__).parent / "fixtures" / "imported"
STANDARDS = ["iso20000-1:2018", "iso27001:2022"]
EXCLUSIONS = {"iso27001:2022": {"A.7.5": "No data centre of our own."}}


def corpus() -> dict[str, str]:
    return {f"manual/{p.name}": p.read_text("utf-8") for p in sorted(CORPUS.glob("*.md"))}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("imported")
    documents = {k: v for k, v in corpus().items() if not k.endswith("SOURCES.md")}
    options = {"standards": STANDARDS, "exclusions": EXCLUSIONS}
    return build_site(write_site(root, documents, options=options))


@pytest.fixture(scope="module")
def manual(site: Built) -> Manual:
    root = site.site.parent
    settings = Settings(
        sources=["manual", "procedures"], standards=STANDARDS, exclusions=EXCLUSIONS
    )
    return load(root, settings, as_of=dt.date.fromisoformat(AS_OF), docs_dir=root / "docs")


def headings(page: str) -> list[tuple[int, str]]:
    article = page[page.index("<article") : page.index("</article>")]
    found = re.findall(r"<h([1-6])[^>]*>(.*?)(?:<a class=\"headerlink\".*?)?</h\1>", article)
    return [(int(level), re.sub(r"<[^>]+>", "", text).strip()) for level, text in found]


def test_the_page_title_is_the_documents_id_and_title(site: Built) -> None:
    # The body starts with the title again: it shows once, as the page's title.
    page = site.page("manual/pro-inc-01")
    assert headings(page)[:3] == [
        (1, "PRO-INC-01 Incident management procedure"),
        (2, "Purpose and scope"),
        (2, "Process model and interfaces"),
    ]
    assert "<title>PRO-INC-01 Incident management procedure" in page
    # A body of level-1 sections ("# Purpose", "# Standard"): under the title, one level down.
    assert headings(site.page("manual/pro-chg-02"))[:4] == [
        (1, "PRO-CHG-02 Change submission standard"),
        (2, "Purpose"),
        (2, "Standard"),
        (3, "Emergency changes"),
    ]
    # The title line and the numbered level-1 sections of an imported policy.
    levels = headings(site.page("manual/pol-chg-01"))
    assert levels[0] == (1, "POL-CHG-01 Change Management Policy")
    assert [h for h in levels if h[1] == "Change Management Policy"] == []
    assert (2, "1.0 Purpose") in levels and (2, "4.0 Emergency changes") in levels


def test_a_section_mapping_still_finds_its_demoted_heading(site: Built) -> None:
    # "8.5.1.3#40-emergency-changes" points at "# 4.0 Emergency changes", now a level 2.
    assert "CB405" not in " ".join(site.messages())
    assert 'id="40-emergency-changes"' in site.page("manual/pol-chg-01")


def problems_of(manual: Manual, file: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in manual.problems:
        if problem.file == f"manual/{file}":
            found.setdefault(problem.code, []).append(problem.render())
    return found


def test_check_reports_what_imported_text_would_lose(manual: Manual) -> None:
    policy = problems_of(manual, "pol-chg-01.md")
    assert len(policy["CB141"]) == 1  # one notice per document, naming every line
    assert "lines 24, 30, 39, 45" in policy["CB141"][0]
    assert "'a.', 'b.'" in policy["CB143"][0] and "pol-chg-01.md:35:" in policy["CB143"][0]
    assert "did you mean [[PRO-CHG-02]]?" in policy["CB441"][0]
    standard = problems_of(manual, "pro-chg-02.md")
    assert "'<insert email address here>'" in standard["CB140"][0]
    assert "pro-chg-02.md:32:" in standard["CB142"][0] and len(standard["CB142"]) == 1
    assert "'ccm.md'" in standard["CB440"][0]
    assert "did you mean [[POL-CHG-01]]?" in standard["CB441"][0]
    # The mapping's suggestion, not the nearest number (A.9.4.3 is not A.9 anything in 2022).
    old = problems_of(manual, "pol-acc-01.md")["CB442"]
    assert any("A.9.4.3" in p and "did you mean A.5.17?" in p for p in old)
    assert any("A.9.2.6" in p and "A.5.18" in p for p in old)
    # Nothing is said of clean text: the Chinese procedure and the work instruction.
    lints = {"CB140", "CB141", "CB142", "CB143", "CB440", "CB441", "CB442"}
    assert not lints & set(problems_of(manual, "pro-inc-zh.md"))
    assert not lints & set(problems_of(manual, "wi-inc-01.md"))


def test_html_elements_and_code_are_not_taken_for_lost_text(tmp_path: Path) -> None:
    body = (
        "Use <abbr title='Change Advisory Board'>CAB</abbr> and <br> freely.\n\n"
        "`<not a tag>` and <https://example.org> stay.\n\n```\n<placeholder>\n```\n"
    )
    text = "---\nid: PRO-1\ntitle: T\ntype: procedure\nowner: o\nrevision: '1'\nstatus: draft\n"
    (tmp_path / "procedures").mkdir()
    (tmp_path / "procedures" / "pro-1.md").write_text(text + "---\n" + body, "utf-8")
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=dt.date(2026, 1, 1))
    assert [p.code for p in manual.problems] == []


def test_a_bad_date_in_an_older_history_entry_is_one_error(tmp_path: Path) -> None:
    source = (CORPUS / "pol-chg-01.md").read_text("utf-8").replace("2025-03-01", "2025-13-01")
    (tmp_path / "manual").mkdir()
    (tmp_path / "manual" / "pol-chg-01.md").write_text(source, "utf-8")
    manual = load(
        tmp_path,
        Settings(sources=["manual"]),
        as_of=dt.date(2026, 11, 24),
    )
    errors = [(p.code, p.field) for p in manual.errors if p.code != "CB406"]  # [[PRO-CHG-02]]
    assert errors == [("CB204", "history.1.date")]  # and no CB303 for the current revision


def test_an_old_control_mapped_in_clauses_is_suggested_by_the_published_mapping() -> None:
    catalogue = built_in("iso27001:2022")
    assert catalogue.suggest("A.9.4.3") == "A.5.17"
    assert catalogue.suggest("A.8.3.2") == "A.7.10 or A.7.14"
    assert len(old_controls()) == 114  # every control of ISO/IEC 27001:2013 Annex A
    assert all(n in catalogue.clauses for new in old_controls().values() for n in new)


def meta(title: str) -> Metadata:
    fields = {"id": "POL-1", "title": title, "type": "policy", "owner": "o", "revision": "1"}
    return Metadata.model_validate({**fields, "status": "draft"})


@pytest.mark.parametrize(
    ("body", "expected", "dropped", "demoted"),
    [
        ("# Access policy\n\n## Scope\n", "\n## Scope\n", True, ()),
        ("# POL-1: Access Policy\nText\n", "Text\n", True, ()),
        ("# POL-1\n\n## Scope\n", "\n## Scope\n", True, ()),  # the id alone
        ("Access policy\n=============\n\nText\n", "\nText\n", True, ()),
        ("# Purpose\n\n## Who\n\n# Scope\n", "## Purpose\n\n### Who\n\n## Scope\n", False, (1, 5)),
        ("Purpose\n=======\n\nText\n", "## Purpose\n\nText\n", False, (1,)),
        (
            "## Scope\n\n```\n# not a heading\n```\n",
            "## Scope\n\n```\n# not a heading\n```\n",
            False,
            (),
        ),
        ("# Access policy\n\n# Scope\n", "\n## Scope\n", True, (3,)),
    ],
)
def test_the_body_fits_under_the_title(
    body: str, expected: str, dropped: bool, demoted: tuple[int, ...]
) -> None:
    outline = fit(meta("Access policy"), body)
    assert (outline.body, outline.dropped, outline.demoted) == (expected, dropped, demoted)


# ----------------------------------------------------------- what a reader met on the way


def test_the_register_names_each_documents_type_in_the_singular(site: Built) -> None:
    rows = {
        text_of(r[0]): text_of(r[2]) for r in table(site.page("reports/register"), "cb-register")
    }
    assert rows["POL-CHG-01"] == "Policy" and rows["POL-ACC-01"] == "Policy"
    assert rows["PRO-INC-01"] == "Procedure" and rows["WI-INC-01"] == "Work instruction"


def test_an_approved_document_not_yet_effective_has_no_last_review(site: Built) -> None:
    control = control_block(site.page("manual/pol-acc-01"))
    assert text_of(control["Effective"]) == "2027-01-01"
    assert text_of(control["Last review"]) == "–"  # not the future effective date
    register = site.bytes("reports/register.csv").decode("utf-8-sig").splitlines()
    head, row = register[0].split(","), next(r for r in register if r.startswith("POL-ACC-01"))
    assert row.split(",")[head.index("reviewed")] == ""


def test_each_document_has_a_stable_address_by_id(site: Built) -> None:
    # One page for every id (id/#PRO-INC-01), not a page per document.
    assert [p.name for p in (site.site / "id").iterdir()] == ["index.html"]
    addresses = (site.site / "id" / "index.html").read_text("utf-8")
    for doc_id, page in (
        ("PRO-INC-01", "manual/pro-inc-01/"),
        ("PRO-REL-02", "manual/pro-rel-02/"),
    ):
        target = f"../{page}"
        assert f'"{doc_id}":"{target}"' in addresses  # the script's map
        assert f'<li id="{doc_id}"><a href="{target}">{doc_id} ' in addresses  # without it
        assert (site.site / "id" / target / "index.html").resolve().is_file()


def test_clause_titles_read_as_words(site: Built) -> None:
    index = site.page("reports/iso27001-2022/clauses")
    # A generic title carries its parent's.
    assert "7.5.1 Documented information: General" in text_of(index)
    # The catalogue's field names never reach a reader.
    assert "single_source" not in index and "verified:" not in index
    coverage = site.page("reports/iso27001-2022/coverage")
    assert re.search(r"<h2 id=\"[^\"]*\">Excluded clauses", coverage)


def test_a_reference_followed_by_its_title_does_not_repeat_it(site: Built) -> None:
    page = text_of(site.page("manual/pro-inc-01"))
    assert "WI-INC-01 Major incident bridge call" in page
    assert "Major incident bridge call Major incident bridge call" not in page


def test_a_clause_mapped_to_a_section_reads_as_the_sections_title(site: Built) -> None:
    control = control_block(site.page("manual/pro-inc-01"))
    assert "#process-model-and-interfaces" not in text_of(control["Clauses"])
    assert "4.4 Process model and interfaces" in text_of(control["Clauses"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("See [[WI-1]] Bridge call.", "See [[WI-1]]."),
        ("See [[WI-1]]  bridge CALL and more", "See [[WI-1]] and more"),
        ("See [[WI-1]] Bridge calls", "See [[WI-1]] Bridge calls"),  # a longer word
        ("See [[WI-1]]: Bridge call", "See [[WI-1]]: Bridge call"),  # not right after it
        ("See `[[WI-1]] Bridge call`", "See `[[WI-1]] Bridge call`"),  # code
        ("```\n[[WI-1]] Bridge call\n```", "```\n[[WI-1]] Bridge call\n```"),
        ("[[NONE]] Bridge call", "[[NONE]] Bridge call"),  # no such document
    ],
)
def test_a_title_written_after_its_reference_is_absorbed(body: str, expected: str) -> None:
    titles = {"WI-1": "Bridge call"}
    assert xrefs.absorb_titles(body, titles.get) == expected


def test_reports_are_a_tab_beside_documents_and_guides(tmp_path: Path) -> None:
    documents = {
        "manual/pol-1.md": document("POL-1", "Access policy", type="policy"),
        "manual/pro-1.md": document("PRO-1", "Incident management", status="obsolete"),
    }
    theme = {"name": "material", "font": False, "features": ["navigation.tabs"]}
    files = {"docs/guides/reading.md": "# Reading\n"}
    built = build_site(write_site(tmp_path, documents, config={"theme": theme}, files=files))
    page = built.page("")
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', page)
    assert tabs == ["Home", "Documents", "Reports", "Guides"]
    nav = navigation(built.page("manual/pol-1"))
    assert nav.find("Documents").titles() == ["Policies", "Archive"]


def test_a_first_edition_lists_the_revisions_of_the_histories(site: Built) -> None:
    rows = [[text_of(c) for c in r] for r in table(site.page("reports/changes"), "cb-changes")]
    assert rows[0] == ["2026-11-01", "POL-ACC-01", "Access control policy", "1.0", "Issued"]
    # Newest first, the older revisions of a document included.
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True)
    assert ["2025-03-01", "POL-CHG-01", "Change Management Policy", "2.0"] in [r[:4] for r in rows]
    assert len(rows) == 9  # every entry of every history


def test_an_old_editions_page_links_to_the_same_document_in_the_current_one(
    tmp_path: Path,
) -> None:
    documents = {"manual/pro-1.md": document("PRO-1", "Incident management")}
    extra = {"version": {"provider": "mike", "default": "latest"}}
    built = build_site(write_site(tmp_path, documents, config={"extra": extra}))
    # Material shows the banner on an edition that is not the default; its link goes through
    # the document's id address, which still holds if the file was renamed since.
    banner = built.page("manual/pro-1")
    assert re.search(r'<a href="\.\./\.\./\.\./latest/id/#PRO-1"><strong>Go to this page', banner)
    report = built.page("reports/register")
    assert '<a href="../../../latest/reports/register/"><strong>' in report


def test_every_type_has_a_singular_name_in_both_languages() -> None:
    from clausebook.core.metadata import DocType
    from clausebook.render.labels import EN, ZH

    assert all(f"kind.{t.value}" in EN and f"kind.{t.value}" in ZH for t in DocType)
