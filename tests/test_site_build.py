"""Real ``mkdocs build`` runs of small manuals: pages, banners, navigation, reports, exports.

One full manual (every document type, every lifecycle state, two standards) is built once
per module and read by most tests; variants (drafts, Chinese, strict, flat URLs...) are
small builds of their own.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from sitekit import (
    AS_OF,
    Built,
    broken_links,
    build_fails,
    build_site,
    control_block,
    document,
    files_containing,
    ics_events,
    navigation,
    table,
    text_of,
    write_site,
)

pytestmark = pytest.mark.slow

STANDARDS = ["iso20000-1:2018", "iso9001:2015"]
SLUGS = {"iso20000-1:2018": "iso20000-1-2018", "iso9001:2015": "iso9001-2015"}

CHANGE_BODY = """\
# Change management procedure

Incidents caused by a change are handled by [[PRO-10]]; `[[PRO-2]]` in code stays as written.

## Emergency changes

The emergency change advisory board decides.
"""

DOCS = {
    "manual/man-01.md": document(
        "MAN-01",
        "Service management manual",
        type="manual",
        clauses=["4.1", "4.2", "4.3", "4.4"],
    ),
    "manual/pol-01.md": document(
        "POL-01",
        "Service management policy",
        type="policy",
        clauses={"iso20000-1:2018": ["5.2.1"], "iso9001:2015": ["5.2.1"]},
    ),
    "manual/pln-01.md": document("PLN-01", "Service management plan", type="plan"),
    "procedures/pro-chg-01.md": document(
        "PRO-CHG-01",
        "Change management procedure",
        owner="Change Manager",
        approver="Head of IT Services",
        revision="2.1",
        effective="2026-03-01",
        reviewed="2026-09-01",
        clauses={"iso20000-1:2018": ["8.5.1.1", "8.5.1.2", "8.5.1.3#emergency-changes"]},
        history=[
            {
                "revision": "2.1",
                "date": "2026-03-01",
                "author": "Jane Doe",
                "summary": "Added the emergency change path",
            },
            {"revision": "2.0", "date": "2025-02-01", "summary": "Rewritten for the new CAB"},
        ],
        body=CHANGE_BODY,
    ),
    "procedures/pro-2.md": document("PRO-2", "Service request procedure", clauses=["8.6.2"]),
    "procedures/pro-3.md": document(
        "PRO-3",
        "Service desk procedure",
        owner="Service Desk Lead",
        effective="2025-12-10",
        clauses=["8.6.3"],
    ),
    "procedures/pro-10.md": document(
        "PRO-10",
        "Incident management procedure",
        owner="Incident Manager",
        effective="2025-01-10",
        clauses=["8.6.1"],
    ),
    "procedures/pro-app-01.md": document(
        "PRO-APP-01",
        "Capacity management procedure",
        status="approved",
        effective="2027-01-15",
        clauses=["8.7.2"],
    ),
    "procedures/pro-old-01.md": document(
        "PRO-OLD-01",
        "Legacy change procedure",
        status="obsolete",
        effective="2019-01-01",
        superseded_by="PRO-CHG-01",
        clauses=["8.5.1.1"],
    ),
    "procedures/pro-dft-01.md": document(
        "PRO-DFT-01", "Release procedure", status="draft", clauses=["8.5.3"]
    ),
    "procedures/wi-01.md": document("WI-01", "CMDB reconciliation", type="work-instruction"),
    "procedures/frm-01.md": document("FRM-01", "Request for change form", type="form"),
    "procedures/rec-01.md": document("REC-01", "Change log", type="record").replace(
        'type: "record"', 'type: "record"\nrecord_of: corrective-action\ndate: 2026-05-20'
    ),
    "procedures/ext-01.md": document("EXT-01", "Supplier contract", type="external"),
    "procedures/broken.md": "---\nid: PRO-BAD-01\ntitle: Broken\ntype: procedur\n---\nText.\n",
}

#: Documents this edition shows: drafts excluded, the broken one left out.
SHOWN = sorted(
    {"MAN-01", "POL-01", "PLN-01", "PRO-CHG-01", "PRO-2", "PRO-3", "PRO-10"}
    | {"PRO-APP-01", "PRO-OLD-01", "WI-01", "FRM-01", "REC-01", "EXT-01"}
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("manual")
    return build_site(write_site(root, DOCS, options={"standards": STANDARDS}))


def article(page_html: str) -> str:
    """The page's content, without the theme's navigation around it."""
    start = page_html.index("<article")
    return page_html[start : page_html.index("</article>", start)]


def banners(page_html: str) -> dict[str, str]:
    """Banner name (obsolete, draft, approved, overdue, due-soon) -> text."""
    found = re.findall(
        r'<div class="admonition \w+ cb-banner cb-banner--([\w-]+)">(.*?)</div>', page_html, re.S
    )
    # A document the banner names is a link: inline, it adds no space to the text.
    return {name: text_of(re.sub(r"</?a\b[^>]*>", "", text)) for name, text in found}


# ------------------------------------------------------------------- document pages


def test_control_block(site: Built) -> None:
    control = control_block(site.page("procedures/pro-chg-01"))
    shown = {label: text_of(value) for label, value in control.items()}
    assert shown == {
        "ID": "PRO-CHG-01",
        "Revision": "2.1",
        "Status": "effective",
        "Classification": "internal",
        "Owner": "Change Manager",
        "Approval": "Approved by Head of IT Services on 2026-03-01",
        "Effective": "2026-03-01",
        "Last review": "2026-09-01 (Next review 2027-09-01)",
        # A clause mapped to a section reads as the section's title, not its anchor.
        "Clauses": "ISO/IEC 20000-1:2018 8.5.1.1 8.5.1.2 8.5.1.3 Emergency changes",
    }
    links = re.findall(r'<a class="cb-clause" href="([^"]+)"', control["Clauses"])
    matrix = "../../reports/iso20000-1-2018/matrix/"
    assert links == [f"{matrix}#m-8.5.1.1", f"{matrix}#m-8.5.1.2", f"{matrix}#m-8.5.1.3"]


def test_revision_history_table(site: Built) -> None:
    rows = table(site.page("procedures/pro-chg-01"), "cb-history")
    history = [[text_of(cell) for cell in row] for row in rows]
    assert history == [
        [
            "2.1",
            "2026-03-01",
            "Jane Doe",
            "Added the emergency change path",
            "Head of IT Services, 2026-03-01",
        ],
        ["2.0", "2025-02-01", "", "Rewritten for the new CAB", ""],
    ]
    page = site.page("procedures/pro-chg-01")
    assert '<h2 id="cb-history">Revision history</h2>' in page


def test_effective_document_in_good_standing_has_no_banner(site: Built) -> None:
    assert banners(site.page("procedures/pro-chg-01")) == {}


def test_obsolete_document_warns_and_sits_in_the_archive(site: Built) -> None:
    page = site.page("procedures/pro-old-01")
    assert banners(page) == {
        "obsolete": "Obsolete: do not use. Replaced by PRO-CHG-01 Change management procedure."
    }
    assert '<a href="../pro-chg-01/">PRO-CHG-01 Change management procedure</a>' in page
    nav = navigation(page)
    assert nav.find("Archive").titles() == ["PRO-OLD-01 Legacy change procedure"]
    in_force = navigation(site.page("procedures/pro-chg-01")).find("Procedures").titles()
    assert "PRO-OLD-01 Legacy change procedure" not in in_force
    assert nav.titles().index("Archive") > nav.titles().index("Reports")


def test_drafts_are_left_out_by_default(site: Built) -> None:
    assert not (site.site / "procedures" / "pro-dft-01").exists()
    register = site.json("reports/register.json")["documents"]
    assert "PRO-DFT-01" not in {row["id"] for row in register}
    assert all("PRO-DFT-01" not in title for title in _all_nav_titles(site))


def _all_nav_titles(site: Built) -> list[str]:
    """Every entry the navigation shows, over one page per section (navigation.prune)."""
    titles = []
    for page in ("manual/man-01", "procedures/pro-chg-01", "procedures/pro-old-01"):
        stack = [navigation(site.page(page))]
        while stack:
            item = stack.pop()
            titles.append(item.title)
            stack.extend(item.children)
    return titles


def test_drafts_included_carry_a_banner(make_site: Callable[..., Built]) -> None:
    documents = {
        "procedures/pro-dft-01.md": document("PRO-DFT-01", "Release procedure", status="draft"),
        "procedures/pro-rev-01.md": document("PRO-REV-01", "Problem procedure", status="in-review"),
        "procedures/pro-2.md": DOCS["procedures/pro-2.md"],
    }
    built = make_site(documents, options={"drafts": "include"})
    draft = built.page("procedures/pro-dft-01")
    assert banners(draft) == {"draft": "DRAFT: not approved, not for use."}
    assert banners(built.page("procedures/pro-rev-01")) == {
        "draft": "IN REVIEW: not approved, not for use."
    }
    assert navigation(draft).find("Procedures").titles() == [
        "PRO-2 Service request procedure",
        "PRO-DFT-01 Release procedure",
        "PRO-REV-01 Problem procedure",
    ]
    assert 'md-status md-status--draft"' in draft


def test_approved_document_not_yet_effective(site: Built) -> None:
    page = site.page("procedures/pro-app-01")
    assert banners(page) == {"approved": "Approved, effective from 2027-01-15."}


def test_overdue_review_banner_names_date_and_owner(site: Built) -> None:
    # Effective 2025-01-10, never reviewed since, 12-month interval: due 2026-01-10.
    page = site.page("procedures/pro-10")
    assert banners(page) == {
        "overdue": "Review overdue since 2026-01-10 (owner Incident Manager). "
        "The document stays in force until it is reviewed."
    }
    # Amber (Material's warning), not the red of an obsolete document.
    assert '<div class="admonition warning cb-banner cb-banner--overdue">' in page


def test_review_due_soon_notice(site: Built) -> None:
    page = site.page("procedures/pro-3")
    assert banners(page) == {"due-soon": "Review due on 2026-12-10 (owner Service Desk Lead)."}


# ----------------------------------------------------------------------- navigation


def test_navigation_grouped_by_type_in_order(site: Built) -> None:
    nav = navigation(site.page("procedures/pro-chg-01"))
    assert nav.titles() == [
        "Home",
        "Manual",
        "Policies",
        "Plans",
        "Procedures",
        "Work instructions",
        "Forms",
        "Records",
        "External documents",
        "Reports",
        "Archive",
    ]
    # Titled "ID Title", ids in natural order: PRO-2 and PRO-3 before PRO-10.
    assert nav.find("Procedures").titles() == [
        "PRO-2 Service request procedure",
        "PRO-3 Service desk procedure",
        "PRO-10 Incident management procedure",
        "PRO-APP-01 Capacity management procedure",
        "PRO-CHG-01 Change management procedure",
    ]
    reports = navigation(site.page("reports/iso20000-1-2018/matrix")).find("Reports")
    assert reports.titles() == [
        "Dashboard",
        "Problems",
        "Document register",
        "ISO/IEC 20000-1:2018",
        "ISO 9001:2015",
        "Integrated management system",
        "Review schedule",
        "What changed",
    ]
    # No Statement of Applicability declares 20000-1 here: no page for one.
    assert reports.find("ISO/IEC 20000-1:2018").titles() == [
        "Clause coverage",
        "Cross-reference matrix",
        "Clause index",
        "Required documented information",
    ]


def test_navigation_marks_documents_not_in_force(site: Built) -> None:
    page = site.page("procedures/pro-chg-01")
    nav = page[page.index('class="md-nav md-nav--primary"') :]
    entry = re.search(r'<a href="\.\./pro-2/".*?</a>', nav, re.S)
    assert entry is not None
    assert "md-status" not in entry.group(0)  # effective: the norm, no icon
    approved = re.search(r'<a href="\.\./pro-app-01/".*?</a>', nav, re.S)
    assert approved is not None and "md-status--approved" in approved.group(0)


# -------------------------------------------------------------------------- register


def test_register_page_and_exports(site: Built) -> None:
    raw = site.bytes("reports/register.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    data = site.json("reports/register.json")["documents"]
    assert rows == data
    assert sorted(row["id"] for row in data) == SHOWN
    # By type (manual, policy, plan, procedure...), then natural id order.
    assert [row["id"] for row in data][:8] == [
        "MAN-01",
        "POL-01",
        "PLN-01",
        "PRO-2",
        "PRO-3",
        "PRO-10",
        "PRO-APP-01",
        "PRO-CHG-01",
    ]
    change = next(row for row in data if row["id"] == "PRO-CHG-01")
    assert change["clauses"].split("; ") == [
        "iso20000-1:2018 8.5.1.1",
        "iso20000-1:2018 8.5.1.2",
        "iso20000-1:2018 8.5.1.3#emergency-changes",
    ]
    assert change["next_review"] == "2027-09-01"
    page_rows = table(site.page("reports/register"), "cb-register")
    assert [text_of(row[0]) for row in page_rows] == [row["id"] for row in data]
    assert [text_of(row[1]) for row in page_rows] == [row["title"] for row in data]


# -------------------------------------------------------------- coverage and matrices


@pytest.mark.parametrize("standard", STANDARDS)
def test_reports_exist_per_standard(site: Built, standard: str) -> None:
    slug = SLUGS[standard]
    data = site.json(f"reports/{slug}/matrix.json")
    assert data["standard"] == standard
    states = {row["clause"]: row["state"] for row in data["clauses"]}
    coverage = site.page(f"reports/{slug}/coverage")
    percent = f"{data['percent_covered']:.0f}%"
    assert percent in text_of(article(coverage))
    matrix = site.page(f"reports/{slug}/matrix")
    shown = dict(re.findall(r'<tr id="m-([^"]+)"[^>]*data-state="([\w-]+)"', matrix))
    assert shown == states
    clauses = site.page(f"reports/{slug}/clauses")
    assert set(re.findall(r'<dt id="c-([^"]+)"', clauses)) == set(states)


def test_coverage_states(site: Built) -> None:
    states = {
        row["clause"]: row["state"]
        for row in site.json("reports/iso20000-1-2018/matrix.json")["clauses"]
    }
    assert states["8.5.1.1"] == "covered"
    assert states["8.6.1"] == "at-risk"  # only an overdue document
    assert states["8.7.2"] == "at-risk"  # only an approved, not yet effective document
    assert states["8.5.3"] == "at-risk"  # only a draft: named, not in this edition
    assert states["8.6.3"] == "covered"  # due soon still counts
    assert states["8.5.1"] == "covered"  # roll-up of 8.5.1.1-8.5.1.3
    assert states["8.6"] == "at-risk"  # worst of its children
    iso9001 = {
        row["clause"]: row["state"]
        for row in site.json("reports/iso9001-2015/matrix.json")["clauses"]
    }
    assert iso9001["5.2.1"] == "covered"
    assert iso9001["8.5.1"] == "uncovered"  # 20000-1's 8.5.1.x is another clause entirely
    gaps = table(site.page("reports/iso20000-1-2018/coverage"), "cb-gaps")
    shown = [(text_of(row[0]), text_of(row[2])) for row in gaps]
    # Worst first (uncovered, then at risk), each in clause order; 4.1-4.4 are covered.
    assert shown[0] == ("5.1", "uncovered")
    first_at_risk = [state for _, state in shown].index("at risk")
    assert {state for _, state in shown[first_at_risk:]} == {"at risk"}
    gap_clauses = {text_of(row[0]): text_of(row[2]) for row in gaps}
    assert gap_clauses["8.6.1"] == "at risk"
    assert "8.5.1.1" not in gap_clauses


def test_matrix_exports_read_back_equal(site: Built) -> None:
    for slug in SLUGS.values():
        data = site.json(f"reports/{slug}/matrix.json")
        raw = site.bytes(f"reports/{slug}/matrix.csv")
        assert raw.startswith(b"\xef\xbb\xbf")
        from_csv = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        workbook = openpyxl.load_workbook(io.BytesIO(site.bytes(f"reports/{slug}/matrix.xlsx")))
        sheet = workbook.active
        title, header, *body = [list(row) for row in sheet.iter_rows(values_only=True)]
        from_xlsx = [
            dict(zip(header, ["" if v is None else v for v in row], strict=True)) for row in body
        ]
        assert from_csv == data["clauses"]
        # The workbook is for people: labels, states in words, documents with their titles.
        assert data["name"] in title[0] and "As of" in title[0]
        assert [(r["Clause"], r["State"]) for r in from_xlsx] == [
            (c["clause"], c["state"].replace("-", " ")) for c in data["clauses"]
        ]
        for row, clause in zip(from_xlsx, data["clauses"], strict=True):
            assert [d.split(" ")[0] for d in row["Documents"].split("\n") if d] == (
                clause["documents"].split()
            )
        assert sheet.freeze_panes == "A3"
        counts = {
            state: sum(
                1 for r in data["clauses"] if r["state"] == state and r["assessable"] == "yes"
            )
            for state in data["counts"]
        }
        assert counts == data["counts"]


def test_section_mapping_links_to_the_heading(site: Built) -> None:
    matrix = site.page("reports/iso20000-1-2018/matrix")
    row = re.search(r'<tr id="m-8\.5\.1\.3".*?</tr>', matrix, re.S)
    assert row is not None
    assert 'href="../../../procedures/pro-chg-01/#emergency-changes"' in row.group(0)
    assert 'id="emergency-changes"' in site.page("procedures/pro-chg-01")
    data = site.json("reports/iso20000-1-2018/matrix.json")
    sections = {row["clause"]: row["sections"] for row in data["clauses"]}
    assert sections["8.5.1.3"] == "PRO-CHG-01#emergency-changes"
    assert sections["8.5.1.1"] == ""


# --------------------------------------------------------------------------- reviews


def test_review_schedule_page(site: Built) -> None:
    page = article(site.page("reports/reviews"))
    headings = re.findall(r'<h2 id="due-([\w-]+)">(.*?)</h2>', page)
    assert [key for key, _ in headings] == ["overdue", "30", "60", "90", "later"]
    assert headings[0][1] == "Overdue (1)"
    overdue = table(page, "cb-reviews--overdue")
    assert [text_of(cell) for cell in overdue[0]] == [
        "PRO-10",
        "Incident management procedure",
        "Incident Manager",
        "2025-01-10",
        "2026-01-10",
        str((dt.date(2026, 1, 10) - dt.date.fromisoformat(AS_OF)).days),
    ]
    soon = table(page, "cb-reviews--30")
    assert [text_of(row[0]) for row in soon] == ["PRO-3"]
    later = table(page, "cb-reviews--later")
    assert "PRO-CHG-01" in [text_of(row[0]) for row in later]


def test_review_calendar_has_one_event_per_effective_document(site: Built) -> None:
    events = ics_events(site.bytes("reports/reviews.ics").decode("utf-8"))
    register = site.json("reports/register.json")["documents"]
    # Records are kept, not reviewed: they have no review date.
    effective = {
        row["id"]: row
        for row in register
        if row["status"] == "effective" and row["type"] != "record"
    }
    by_id = {e["UID"].split("@")[0].removeprefix("review-").rsplit("-", 3)[0]: e for e in events}
    assert len(events) == len(effective)
    assert set(by_id) == set(effective)
    for doc_id, event in by_id.items():
        row = effective[doc_id]
        assert event["DTSTART;VALUE=DATE"] == row["next_review"].replace("-", "")
        overdue = row["next_review"] < AS_OF
        marked = "OVERDUE: review" if overdue else "Review"
        assert event["SUMMARY"] == f"{marked} {doc_id} {row['title']}"
        assert f"Owner: {row['owner']}" in event["DESCRIPTION"]


# ------------------------------------------------------------------ cross-references


def test_cross_reference_becomes_a_link_and_a_back_link(site: Built) -> None:
    change = article(site.page("procedures/pro-chg-01"))
    assert '<a href="../pro-10/">PRO-10 Incident management procedure</a>' in change
    assert "<code>[[PRO-2]]</code>" in change  # code is left as written
    target = article(site.page("procedures/pro-10"))
    back = target[target.index('<h2 id="cb-referenced-by">Referenced by</h2>') :]
    assert re.search(r'href="\.\./pro-chg-01/"[^>]*>PRO-CHG-01</a> Change management', back)
    assert 'id="cb-referenced-by"' not in site.page("procedures/pro-2")


XREF_BODY = """\
# Related work

See [[PRO-10]] first; [[PRO-NONE]] is not in this manual.

## Escalation to [[PRO-10]]

When [[PRO-10]] applies
-----------------------

| Step | Procedure |
|---|---|
| Triage | [[PRO-10]] |

A [link](https://example.com "about [[PRO-10]]"); this page is [[PRO-20]].
"""


def test_cross_references_in_every_place_markdown_puts_text(
    make_site: Callable[..., Built],
) -> None:
    """The site writes each reference's link itself (Markdown sees a placeholder): the link
    must come out as MkDocs would make it, wherever the reference stands."""
    documents = {
        "procedures/pro-10.md": DOCS["procedures/pro-10.md"],
        "procedures/pro-20.md": document("PRO-20", "Problem & <review>", body=XREF_BODY),
    }
    built = make_site(documents)
    page = built.page("procedures/pro-20")
    link = '<a href="../pro-10/">PRO-10 Incident management procedure</a>'
    body = article(page)
    assert "<p>See " + link + " first;" in body and "<td>" + link + "</td>" in body
    assert "PRO-NONE is not in this manual" in body  # unknown: text, no link
    # In headings the reference is a Markdown link: the anchor and the contents use the title.
    assert (
        f'<h3 id="escalation-to-pro-10-incident-management-procedure">Escalation to {link}' in body
    )
    assert f'<h3 id="when-pro-10-incident-management-procedure-applies">When {link}' in body
    toc = page[page.index('class="md-nav md-nav--secondary"') :]
    assert "Escalation to PRO-10 Incident management procedure" in toc
    # Inside a tag, a link cannot go: the label is text there, escaped.
    assert 'title="about PRO-10 Incident management procedure"' in body
    # A title with markup characters is escaped, as every label is.
    assert '<a href="./">PRO-20 Problem &amp; &lt;review&gt;</a>' in body
    # No placeholder is left in any page or in the search index, which has the link text.
    assert not files_containing(built.site, "\ue000")
    index = built.json("search/search_index.json")["docs"]
    text = " ".join(d["text"] for d in index if d["location"].startswith("procedures/pro-20/"))
    assert "See PRO-10 Incident management procedure first" in text


# ----------------------------------------------------------------------------- logs


def test_invalid_document_is_reported_and_the_rest_builds(site: Built) -> None:
    errors = site.at(logging.ERROR)
    assert any(
        "procedures/broken.md:4" in message and "CB205" in message and "procedur" in message
        for message in errors
    ), errors
    assert not (site.site / "procedures" / "broken").exists()
    for doc_id in SHOWN:
        row = next(r for r in site.json("reports/register.json")["documents"] if r["id"] == doc_id)
        assert (site.site / row["file"].removesuffix(".md") / "index.html").is_file()


def test_every_generated_link_resolves(site: Built) -> None:
    assert broken_links(site.site, ["reports", "procedures", "manual"]) == []


# --------------------------------------------------------------------- configuration


def test_chinese_labels_and_anchors(make_site: Callable[..., Built]) -> None:
    documents = {
        "procedures/pro-chg-01.md": document(
            "PRO-CHG-01",
            "变更管理程序",
            owner="变更经理",
            clauses=["8.5.1.1", "8.5.1.3#紧急变更"],
            body="# 变更管理程序\n\n正文属于服务管理体系。\n\n"
            "## 紧急变更\n\n由紧急变更委员会决定。\n",
        ),
        "procedures/pro-cap-01.md": document(
            "PRO-CAP-01", "容量管理程序", status="approved", effective="2027-01-15"
        ),
    }
    built = make_site(documents, options={"language": "zh"})
    page = built.page("procedures/pro-chg-01")
    assert "<caption>文件控制信息</caption>" in page
    assert '<h2 id="cb-history">修订历史</h2>' in page
    assert '<h2 id="紧急变更">紧急变更</h2>' in page
    assert set(control_block(page)) >= {"编号", "版本", "状态", "负责人", "生效日期"}
    assert "<h1" in built.page("reports/register") and "受控文件清单" in text_of(
        article(built.page("reports/register"))
    )
    assert navigation(page).titles() == ["Home", "程序", "报告"]
    matrix = built.page("reports/iso20000-1-2018/matrix")
    assert 'href="../../../procedures/pro-chg-01/#紧急变更"' in matrix
    assert not [m for m in built.messages(logging.WARNING) if "CB405" in m]
    assert broken_links(built.site, ["reports", "procedures"]) == []
    # The status icon's tooltip in the navigation speaks Chinese too.
    assert '<span class="md-status md-status--approved" title="已批准，尚未生效">' in page
    # Search segments Chinese with the management-system terms: the whole term is a word.
    index = built.json("search/search_index.json")["docs"]
    text = " ".join(d["text"] for d in index if d["location"].startswith("procedures/pro-chg"))
    assert "\u200b服务管理体系\u200b" in text


OVERDUE_ONLY = {
    "procedures/pro-10.md": DOCS["procedures/pro-10.md"],
    "procedures/pro-2.md": DOCS["procedures/pro-2.md"],
}


def test_strict_build_fails_on_an_overdue_review_at_warn(tmp_path: Path) -> None:
    config = write_site(
        tmp_path, OVERDUE_ONLY, options={"review": {"log_level": "warn"}}, config={"strict": True}
    )
    error, messages = build_fails(config)
    assert isinstance(error, Abort)
    assert "strict mode" in str(error)
    assert any("warning CB601" in m and "PRO-10" in m for m in messages)


def test_strict_build_passes_when_overdue_reviews_are_info(tmp_path: Path) -> None:
    config = write_site(
        tmp_path, OVERDUE_ONLY, options={"review": {"log_level": "info"}}, config={"strict": True}
    )
    built = build_site(config)
    assert [m for m in built.at(logging.INFO) if "CB601" in m]
    assert not [m for m in built.messages(logging.WARNING) if "clausebook" in m]


@pytest.mark.parametrize("strict", [False, True])
def test_overdue_review_at_error_always_fails(tmp_path: Path, strict: bool) -> None:
    config = write_site(
        tmp_path,
        OVERDUE_ONLY,
        options={"review": {"log_level": "error"}},
        config={"strict": strict},
    )
    error, messages = build_fails(config)
    assert isinstance(error.__context__, PluginError)
    assert "overdue for review and review.log_level is 'error'" in str(error.__context__)
    days = (dt.date.fromisoformat(AS_OF) - dt.date(2026, 1, 10)).days
    line = next(m for m in messages if "CB601" in m)
    assert "PRO-10" in line
    assert "'Incident management procedure'" in line
    assert "owner Incident Manager" in line
    assert f"{days} days overdue" in line
    assert "procedures/pro-10.md" in line


def test_docs_dir_file_colliding_with_a_report_is_refused(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        OVERDUE_ONLY,
        files={"docs/reports/register.md": "# My own register\n"},
    )
    error, _ = build_fails(config)
    assert isinstance(error.__context__, PluginError)
    message = str(error.__context__)
    assert "docs/reports/register.md: error CB610" in message
    assert "a folder clausebook writes its reports, assets or id addresses into" in message
    assert "reports_dir" in message


def test_reports_dir_moves_the_reports(make_site: Callable[..., Built]) -> None:
    documents = {"procedures/pro-chg-01.md": DOCS["procedures/pro-chg-01.md"]} | OVERDUE_ONLY
    built = make_site(documents, options={"reports_dir": "controls"})
    assert not (built.site / "reports").exists()
    for path in ("register/index.html", "register.json", "iso20000-1-2018/matrix.xlsx"):
        assert (built.site / "controls" / path).is_file()
    control = control_block(built.page("procedures/pro-chg-01"))
    assert "../../controls/iso20000-1-2018/matrix/#m-8.5.1.1" in control["Clauses"]
    assert broken_links(built.site, ["controls", "procedures"]) == []


def test_links_resolve_without_directory_urls(tmp_path: Path) -> None:
    built = build_site(
        write_site(
            tmp_path,
            DOCS,
            options={"standards": STANDARDS},
            config={"use_directory_urls": False},
        )
    )
    page = built.page("procedures/pro-chg-01.html")
    assert '<a href="pro-10.html">PRO-10 Incident management procedure</a>' in page
    assert "../reports/iso20000-1-2018/matrix.html#m-8.5.1.1" in page
    assert not (built.site / "procedures" / "pro-chg-01").exists()
    assert broken_links(built.site, ["reports", "procedures", "manual"]) == []


# ---------------------------------------------------------------------------- search


def test_search_indexes_the_document_text_not_its_furniture(site: Built) -> None:
    index = site.json("search/search_index.json")["docs"]
    change = [d for d in index if d["location"].startswith("procedures/pro-chg-01/")]
    text = " ".join(f"{d['title']} {d['text']}" for d in change)
    assert "PRO-CHG-01" in text and "emergency change advisory board" in text
    # The one line of document control search sees: the print header, under the title.
    page = site.page("procedures/pro-chg-01")
    title = page.index("</h1>")
    assert page.index('<div class="cb-print-header"', title) < page.index("cb-control", title)
    for furniture in ("Document control", "Uncontrolled", "Revision history", "Referenced by"):
        assert furniture not in text
    # Reports are found by their titles and introductions, never by their tables.
    reports = [d for d in index if d["location"].startswith("reports/")]
    assert "Document register" in [d["title"] for d in reports]
    assert not [d for d in reports if "<table" in d["text"] or "PRO-CHG-01" in d["text"]]
    # The set-aside blocks are back in the page, and no placeholder is left anywhere.
    assert 'class="cb-control"' in site.page("procedures/pro-chg-01")
    assert not files_containing(site.site, "clausebook:raw")


# ----------------------------------------------------------------------- live preview


def test_serve_dirty_rebuild_shows_the_edit_everywhere(tmp_path: Path) -> None:
    """What ``mkdocs serve --dirty`` does on save: one plugin instance, a new config, a
    dirty build into the same folder. A body edit rewrites that page and the reports, not
    the pages it does not touch; a new title reaches the pages citing it and, as the
    sidebar changed, every document page."""
    config_file = write_site(tmp_path, DOCS, options={"standards": STANDARDS})
    site = tmp_path / "served"
    config = load_config(str(config_file), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    untouched = site / "procedures" / "pro-app-01" / "index.html"  # same sidebar section
    before = untouched.stat().st_mtime_ns
    register = site / "reports" / "register" / "index.html"
    source = tmp_path / "procedures" / "pro-10.md"

    def save(text: str) -> None:
        source.write_text(text, "utf-8")
        build(load_config(str(config_file), site_dir=str(site)), dirty=True)

    save(source.read_text("utf-8") + "\nA sentence added while serving.\n")
    edited = (site / "procedures" / "pro-10" / "index.html").read_text("utf-8")
    assert "A sentence added while serving." in edited and 'class="cb-control"' in edited
    assert untouched.stat().st_mtime_ns == before

    # A change only the control block shows (the Markdown of the page stays the same).
    save(source.read_text("utf-8").replace('"Incident Manager"', '"Problem Manager"'))
    edited = (site / "procedures" / "pro-10" / "index.html").read_text("utf-8")
    assert control_block(edited)["Owner"] == "Problem Manager"
    assert untouched.stat().st_mtime_ns == before

    old, new = '"Incident management procedure"', '"Major incident procedure"'
    save(source.read_text("utf-8").replace(f"title: {old}", f"title: {new}"))
    citing = (site / "procedures" / "pro-chg-01" / "index.html").read_text("utf-8")
    assert "PRO-10 Major incident procedure" in citing  # its [[PRO-10]] link text
    assert "Major incident procedure" in register.read_text("utf-8")
    assert "Incident management procedure" not in register.read_text("utf-8")
    assert "PRO-10 Major incident procedure" in untouched.read_text("utf-8")  # the sidebar


def test_bad_as_of_in_the_environment_is_a_clear_build_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUSEBOOK_AS_OF", "2026/11/24")
    error, messages = build_fails(write_site(tmp_path, DOCS))
    assert isinstance(error, Abort)  # MkDocs' clean exit, not a traceback
    assert any("CLAUSEBOOK_AS_OF='2026/11/24' is not a date" in m for m in messages)


# ------------------------------------------------------------------------- audience


MARKER = "ZQX-CONFIDENTIAL-7731"


def test_an_internal_edition_holds_no_trace_of_a_confidential_document(tmp_path: Path) -> None:
    documents = {
        **DOCS,
        "procedures/pro-sec-09.md": document(
            "PRO-SEC-09",
            f"Forensic handling {MARKER}",
            owner=f"Owner {MARKER}",
            classification="confidential",
            clauses=["8.7.3.3"],
            body=f"# Forensics\n\nThe {MARKER} procedure.\n",
        ),
        "procedures/pro-ref-09.md": document(
            "PRO-REF-09", "Refers to forensics", body="Follow [[PRO-SEC-09]] when asked.\n"
        ),
    }
    built = build_site(
        write_site(tmp_path, documents, options={"standards": STANDARDS}),
        config={"site_url": "https://sms.example/"},  # so that a sitemap lists every page
    )
    assert (built.site / "sitemap.xml").is_file()
    assert files_containing(built.site, MARKER) == []
    assert files_containing(built.site, "pro-sec-09/") == []  # no page, link or sitemap entry
    assert files_containing(built.site, "pro-sec-09.md") == []
    assert files_containing(built.site, "Forensic handling") == []
    # The id survives only as the plain text its referrer wrote (page, search, snapshot).
    assert set(files_containing(built.site, "PRO-SEC-09")) == {
        "procedures/pro-ref-09/index.html",
        "search/search_index.json",
        "reports/edition.json",
    }
    index = built.json("search/search_index.json")["docs"]
    assert {d["location"].split("/")[1] for d in index if "PRO-SEC-09" in d["text"]} == {
        "pro-ref-09"
    }
    referring = article(built.page("procedures/pro-ref-09"))
    assert "Follow PRO-SEC-09 when asked" in text_of(referring)  # text, not a link
    # ...and the confidential edition has it everywhere the internal one does not.
    wider = build_site(
        write_site(
            tmp_path / "confidential",
            documents,
            options={"standards": STANDARDS, "audience": "confidential"},
        )
    )
    assert {"procedures/pro-sec-09/index.html", "reports/register.csv"} <= set(
        files_containing(wider.site, MARKER)
    )


def test_a_source_folder_inside_docs_dir_stops_the_build_before_anything_is_published(
    tmp_path: Path,
) -> None:
    leaked = document("PRO-SEC-01", f"Secret {MARKER}", classification="confidential")
    config_file = write_site(
        tmp_path,
        {"docs/ctl/pro-sec-01.md": leaked},
        options={"sources": ["manual", "procedures", "docs/ctl"]},
    )
    error, messages = build_fails(config_file)
    assert isinstance(error, Abort)
    assert any("'docs/ctl' is inside docs_dir 'docs'" in m for m in messages)
    assert not (tmp_path / "site").exists() or not files_containing(tmp_path / "site", MARKER)


def test_a_build_clausebook_stops_leaves_the_previous_site_as_it_was(tmp_path: Path) -> None:
    config = write_site(tmp_path, OVERDUE_ONLY)
    build_site(config)
    site = tmp_path / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert Path("procedures/pro-10/index.html") in before
    config = write_site(tmp_path, OVERDUE_ONLY, options={"review": {"log_level": "error"}})
    error, _ = build_fails(config)
    assert "overdue for review" in str(error.__context__)
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    # The garbage collector, paused while clausebook loads and renders, is back either way.
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_document_pages_are_titled_with_id_and_title(site: Built) -> None:
    page = site.page("procedures/pro-chg-01")
    assert "<title>PRO-CHG-01 Change management procedure - Test</title>" in page
    topic = re.search(r'<span class="md-ellipsis">\s*(PRO-CHG-01[^<]*?)\s*</span>', page)
    assert topic is not None and topic.group(1) == "PRO-CHG-01 Change management procedure"


def test_report_pages_keep_their_full_title(site: Built) -> None:
    page = site.page("reports/iso9001-2015/matrix")
    assert "<title>Matrix: ISO 9001:2015 - Test</title>" in page


# ----------------------------------------------- a manual written by hand, plugin defaults

#: A second manual, its front matter written by hand as authors write it (quoted
#: revisions, flow lists, a section mapping), built with the plugin's defaults.
HANDWRITTEN = {
    "procedures/pro-chg-01.md": """\
---
id: PRO-CHG-01
title: Change management procedure
type: procedure
owner: Change Manager
approver: Head of IT Services
revision: "2.1"
status: effective
effective: 2026-03-01
reviewed: 2026-03-01
clauses:
  iso20000-1:2018: [8.5.1.1, 8.5.1.2, "8.5.1.3#emergency-changes"]
history:
  - revision: "2.1"
    date: 2026-03-01
    author: Jane Doe
    summary: Added the emergency change path
---
# Change management procedure

Incidents go to [[PRO-INC-10]].

## Emergency changes

The ECAB decides.
""",
    "procedures/pro-inc-10.md": """\
---
id: PRO-INC-10
title: Incident management procedure
type: procedure
owner: Incident Manager
approver: Head of IT Services
revision: "1.10"
status: effective
effective: 2025-01-10
clauses: [8.6.1]
history:
  - revision: "1.10"
    date: 2025-01-10
    summary: Major incidents
---
Body.
""",
    "procedures/pro-inc-2.md": """\
---
id: PRO-INC-2
title: Old incident procedure
type: procedure
owner: Incident Manager
approver: Head of IT Services
revision: "1.0"
status: obsolete
effective: 2019-01-01
superseded_by: PRO-INC-10
clauses: [8.6.1]
history:
  - revision: "1.0"
    date: 2019-01-01
    summary: First issue
---
Old.
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
effective: 2026-01-05
clauses: [5.2.1]
history:
  - revision: "3"
    date: 2026-01-05
    summary: Annual update
---
Policy.
""",
    "procedures/pro-new-01.md": """\
---
id: PRO-NEW-01
title: Draft procedure
type: procedure
owner: Service Manager
revision: "0.1"
status: draft
clauses: [8.1]
---
Draft.
""",
    "procedures/broken.md": """\
---
id: PRO-BAD-01
title: Broken
type: procedur
---
""",
}


@pytest.fixture(scope="module")
def handwritten(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(write_site(tmp_path_factory.mktemp("handwritten"), HANDWRITTEN, options={}))


def test_document_page_has_control_block_history_and_links(handwritten: Built) -> None:
    site = handwritten
    page = site.page("procedures/pro-chg-01")
    assert '<table class="cb-control">' in page
    for text in ("PRO-CHG-01", "2.1", "Change Manager", "Head of IT Services", "2026-03-01"):
        assert text in page
    assert "../../reports/iso20000-1-2018/matrix/#m-8.5.1.3" in page
    assert 'id="emergency-changes"' in page
    assert "Revision history" in page and "Added the emergency change path" in page
    # [[PRO-INC-10]] became a link titled "ID Title"; the target lists its referrer.
    assert '<a href="../pro-inc-10/">PRO-INC-10 Incident management procedure</a>' in page
    target = site.page("procedures/pro-inc-10")
    assert "Referenced by" in target and "PRO-CHG-01" in target
    assert "1.10" in target  # the revision exactly as written


def test_banners_archive_and_drafts(handwritten: Built) -> None:
    site = handwritten
    old = site.page("procedures/pro-inc-2")
    assert (
        'Obsolete: do not use. Replaced by <a href="../pro-inc-10/">'
        "PRO-INC-10 Incident management procedure</a>." in old
    )
    overdue = site.page("procedures/pro-inc-10")
    assert "Review overdue since 2026-01-10 (owner Incident Manager)." in overdue
    assert not (site.site / "procedures" / "pro-new-01").exists()  # drafts: exclude
    nav = site.page("")
    assert nav.index("Policies") < nav.index("Procedures") < nav.index("Reports")
    assert nav.index("Reports") < nav.index("Archive")
    page = site.page("procedures/pro-chg-01")
    assert page.index("PRO-CHG-01 Change management") < page.index("PRO-INC-10 Incident")
    assert "md-status--effective" not in page  # only exceptions are marked in the nav
    assert "md-status md-status--obsolete" in old


def test_a_problem_is_logged_as_one_line_at_its_severity(handwritten: Built) -> None:
    errors, warnings = handwritten.at(logging.ERROR), handwritten.at(logging.WARNING)
    assert any(
        "procedures/broken.md:4: error CB205: type: 'procedur' is not allowed" in line
        and "did you mean procedure?" in line
        for line in errors
    )
    assert any("CB601" in line and "PRO-INC-10" in line for line in warnings)


def test_register_exports_agree(handwritten: Built) -> None:
    site = handwritten
    raw = (site.site / "reports" / "register.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    data = json.loads((site.site / "reports" / "register.json").read_text("utf-8"))["documents"]
    assert rows == data
    assert [r["id"] for r in rows] == ["POL-01", "PRO-CHG-01", "PRO-INC-2", "PRO-INC-10"]
    assert "Document register" in site.page("reports/register")


def test_coverage_matrix_and_calendar(handwritten: Built) -> None:
    site = handwritten
    matrix = json.loads((site.site / "reports/iso20000-1-2018/matrix.json").read_text("utf-8"))
    states = {row["clause"]: row["state"] for row in matrix["clauses"]}
    assert states["8.5.1.1"] == "covered"
    assert states["8.6.1"] == "at-risk"  # only an overdue document maps to it
    assert states["8.1"] == "at-risk"  # only a draft, left out of this edition but named
    assert states["8.5.1"] == "covered"  # roll-up of 8.5.1.1-8.5.1.3
    assert matrix["clauses"][0]["clause"] == "4"
    ics = (site.site / "reports" / "reviews.ics").read_text("utf-8")
    assert ics.count("BEGIN:VEVENT") == 3
    schedule = site.page("reports/reviews")
    assert schedule.index("Overdue") < schedule.index("PRO-INC-10")
