"""The audit reports of a real ``mkdocs build``: the Statement of Applicability page and its
exports, required documented information, coverage that says why (a draft named, never
leaked; a parent clause covering its sub-clauses), and workbooks read back with openpyxl."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from sitekit import AS_OF, Built, build_site, document, files_containing, table, text_of, write_site

pytestmark = pytest.mark.slow

SOA = document("SOA-01", "Statement of Applicability", type="soa").replace(
    "\n---\n",
    """
applicability:
  iso27001:2022:
    A.7.4:
      applicable: no
      justification: No premises of our own
      status: not-applicable
    A.5.1:
      justification: Required by the risk treatment plan
      status: partially
      owner: CISO
---
""",
    1,
)

DOCS = {
    "manual/soa-01.md": SOA,
    "manual/pol-01.md": document(
        "POL-01",
        "Information security policy",
        type="policy",
        revision="1.10",
        clauses={"iso27001:2022": ["5.2", "A.5.1"], "iso9001:2015": ["5.2.1"]},
    ).replace("\n---\n", "\nprovides: [policy]\n---\n", 1),
    "procedures/pro-doc-01.md": document(
        "PRO-DOC-01", "Control of documented information", clauses={"iso9001:2015": ["7.5.3"]}
    ),
    "procedures/pro-004.md": document(
        "PRO-004", "Unpublished draft", status="draft", clauses={"iso27001:2022": ["8.1"]}
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    config = write_site(
        tmp_path_factory.mktemp("audit"),
        DOCS,
        options={"standards": ["iso27001:2022", "iso9001:2015"]},
        config={"site_name": "Acme"},
    )
    return build_site(config)


def test_the_statement_of_applicability_page_and_its_exports_agree(site: Built) -> None:
    page = site.page("reports/iso27001-2022/soa")
    rows = {text_of(r[0]): r for r in table(page, "cb-soa")}
    assert len(rows) == 93  # every Annex A control
    assert text_of(rows["A.7.4"][2]) == "no" and "No premises" in text_of(rows["A.7.4"][3])
    assert text_of(rows["A.5.1"][4]) == "partially" and text_of(rows["A.5.1"][6]) == "CISO"
    assert "POL-01" in text_of(rows["A.5.1"][5])
    assert "SOA-01" in page and "revision 1.0" in page
    data = site.json("reports/iso27001-2022/soa.json")
    assert data["document"]["id"] == "SOA-01" and data["excluded"] == 1
    exported = list(
        csv.DictReader(io.StringIO(site.bytes("reports/iso27001-2022/soa.csv").decode("utf-8-sig")))
    )
    assert exported == data["controls"]
    sheet = openpyxl.load_workbook(io.BytesIO(site.bytes("reports/iso27001-2022/soa.xlsx"))).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][0].startswith("Acme · Statement of Applicability: ISO/IEC 27001:2022")
    assert AS_OF in cells[0][0] and "92 applicable, 1 excluded" in cells[0][0]
    assert cells[1][:3] == ("Clause", "Title", "Applicable")
    policy = next(r for r in cells if r[0] == "A.5.1")
    assert policy[5] == "POL-01 Information security policy (1.10)"  # title and revision


def test_a_draft_puts_its_clause_at_risk_without_leaking(site: Built) -> None:
    matrix = site.page("reports/iso27001-2022/matrix")
    [row] = [r for r in table(matrix, "cb-matrix") if text_of(r[0]) == "8.1"]
    assert text_of(row[2]) == "at risk"
    assert "draft in progress (PRO-004)" in text_of(row[3])
    assert "<a" not in row[3]  # named, never linked
    assert not (site.site / "procedures" / "pro-004").exists()
    leaks = [f for f in files_containing(site.site, "Unpublished draft") if "search" not in f]
    assert leaks == []
    assert "Unpublished draft" not in (site.site / "search" / "search_index.json").read_text()


def test_a_parent_clause_mapping_covers_its_sub_clauses(site: Built) -> None:
    data = site.json("reports/iso9001-2015/matrix.json")
    rows = {r["clause"]: r for r in data["clauses"]}
    for number in ("7.5.3.1", "7.5.3.2"):
        assert rows[number]["state"] == "covered"
        assert rows[number]["why"] == "via 7.5.3"
        assert rows[number]["documents"] == "PRO-DOC-01"
    assert rows["7.5.3"]["state"] == "covered"
    matrix = site.page("reports/iso9001-2015/matrix")
    [row] = [r for r in table(matrix, "cb-matrix") if text_of(r[0]) == "7.5.3.1"]
    assert "via 7.5.3" in text_of(row[3])


def test_27001_coverage_is_reported_in_two_parts(site: Built) -> None:
    page = site.page("reports/iso27001-2022/coverage")
    parts = [text_of(p) for p in page.split('class="cb-summary cb-part"')[1:]]
    assert "Clauses 4–10:" in parts[0] and "Controls A.5–A.8 (applicable only):" in parts[1]
    assert "%" in parts[0] and "%" in parts[1]


def test_required_documented_information_page(site: Built) -> None:
    page = site.page("reports/iso27001-2022/required")
    rows = {text_of(r[0]) + " " + text_of(r[1]): r for r in table(page, "cb-required")}
    policy = rows["5.2 Information security policy"]
    assert text_of(policy[2]) == "met" and "POL-01" in text_of(policy[3])
    assert "Documents to maintain" in page and "Records to retain" in page
    records = table(page[page.rindex("Records to retain") :], "cb-required")
    competence = next(r for r in records if text_of(r[0]) == "7.2")
    assert text_of(competence[2]) == "missing"
    data = site.json("reports/iso27001-2022/required.json")
    states = {i["key"]: i["state"] for i in data["items"]}
    assert states["policy"] == "met" and states["competence"] == "missing"


def test_register_and_matrix_workbooks_read_back(site: Built) -> None:
    book = openpyxl.load_workbook(io.BytesIO(site.bytes("reports/register.xlsx")))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Acme · Document register") and "3 documents" in rows[0][0]
    assert rows[1][:4] == ("ID", "Title", "Type", "Revision")
    policy = next(r for r in rows if r[0] == "POL-01")
    assert policy[3] == "1.10"  # text, never the number 1.1
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2" and sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref.startswith("A2:")
    matrix = openpyxl.load_workbook(io.BytesIO(site.bytes("reports/iso27001-2022/matrix.xlsx")))
    cells = list(matrix.active.iter_rows(values_only=True))
    assert "Clauses 4–10" in cells[0][0] and "Controls A.5–A.8" in cells[0][0]
    assert cells[1] == ("Clause", "Title", "State", "Documents", "Justification", "Why")
    row = next(r for r in cells if r[0] == "8.1")
    assert row[2] == "at risk" and row[5] == "draft in progress (PRO-004)"


def test_chinese_labels_in_the_workbooks(tmp_path_factory: pytest.TempPathFactory) -> None:
    config = write_site(
        tmp_path_factory.mktemp("zh"),
        {"manual/pol-01.md": document("POL-01", "信息安全方针", type="policy", clauses=["5.2"])},
        options={"standards": ["iso27001:2022"], "language": "zh"},
        config={"site_name": "示例"},
    )
    built = build_site(config)
    cells = list(
        openpyxl.load_workbook(io.BytesIO(built.bytes("reports/register.xlsx"))).active.iter_rows(
            values_only=True
        )
    )
    assert "截至 " + AS_OF in cells[0][0] and "1 份文件" in cells[0][0]
    assert cells[1][:3] == ("编号", "标题", "类型") or cells[1][1] == "标题"
    soa = json.loads(built.bytes("reports/iso27001-2022/soa.json"))
    assert soa["document"] is None  # no Statement yet: every control shown as applicable
