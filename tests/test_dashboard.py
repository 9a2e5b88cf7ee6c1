"""The dashboard, the problems page, status.json, the audit calendar and ``clausebook
status``, in real builds: the page shows what the JSON says, the pictures are valid escaped
SVG, and what the audience may not see is not named."""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from clikit import run
from sitekit import Built, build_fails, build_site, document, ics_events, text_of, write_site

pytestmark = pytest.mark.slow

HOSTILE = '<script>alert("x")</script> & "Ops"'

RECORD = document(
    "REC-IA-01",
    f"Internal audit {HOSTILE}",
    type="record",
    owner="Quality Manager",
    effective="2026-05-27",
    clauses=["9.2"],
).replace(
    'type: "record"',
    'type: "record"\nrecord_of: internal-audit\ndate: 2026-05-20\nprocedure: PRO-AUD-01',
)
ACTION = document("REC-CA-01", "Corrective action", type="record", effective="2026-05-27").replace(
    'type: "record"', 'type: "record"\nrecord_of: corrective-action\ndate: 2026-05-27'
)
REVIEW = document("REC-MR-01", "Management review", type="record", effective="2025-10-01").replace(
    'type: "record"',
    'type: "record"\nrecord_of: management-review\ndate: 2025-10-01\n'
    "inputs: [actions-from-previous-reviews, changes-in-issues]",
)
DOCS = {
    "procedures/pro-aud-01.md": document("PRO-AUD-01", "Internal audit procedure", clauses=["9.2"]),
    "procedures/pro-old-01.md": document(
        "PRO-OLD-01", "Overdue procedure", owner="Change Manager", effective="2025-01-10"
    ),
    "procedures/pro-sec-01.md": document(
        "PRO-SEC-01", "Secret procedure", classification="confidential", reviewed="2020-01-01"
    ),
    "procedures/pro-dft-01.md": document(
        "PRO-DFT-01", "Draft procedure", status="draft", clauses=["8.99"]
    ),
    "procedures/rec-ia-01.md": RECORD,
    "procedures/rec-ca-01.md": ACTION,
    "procedures/rec-mr-01.md": REVIEW,
}
CERTIFICATION = {
    "iso20000-1:2018": {
        "certificate": "CN-20000-0042",
        "body": f"Example Certification {HOSTILE}",
        "issued": "2024-06-01",
        "audits": [{"date": "2025-06-10", "type": "surveillance", "result": "No findings"}],
    }
}
OPTIONS = {"certification": CERTIFICATION}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Built]:
    config = write_site(tmp_path_factory.mktemp("dashboard"), DOCS, options=OPTIONS)
    return config, build_site(config)


def svgs(page: str) -> list[ET.Element]:
    """Every picture clausebook drew in a page, parsed as XML (a parse error fails the test);
    the theme's own icons are left alone."""
    return [ET.fromstring(m) for m in re.findall(r'<svg [^>]*class="cb-chart.*?</svg>', page, re.S)]


def test_the_dashboard_is_the_reports_home_and_shows_the_cycle(
    project: tuple[Path, Built],
) -> None:
    _, site = project
    page = site.page("reports")
    text = text_of(page)
    assert "CN-20000-0042" in text
    assert "expires" not in page.lower() or "2027-06-01" in text  # issued + 3 years
    # As of 2026-11-24: the second surveillance audit (2026-06-01) is overdue, the renewal
    # window (2026-12-01 to 2027-03-01) not yet open, the certificate valid.
    assert re.search(
        r'data-field="next_surveillance">2026-06-01 · <span class="cb-op cb-op--overdue">', page
    )
    assert 'cb-op--not-yet-open">not yet open' in page
    assert "cb-certificate--valid" in page
    # The management review of 2025-10-01 is older than 12 months; the internal audit is not.
    assert re.search(r'data-kind="management-review" data-state="overdue"', page)
    assert re.search(r'data-kind="internal-audit" data-state="ok"', page)
    assert "REC-CA-01" in text  # an open corrective action
    assert 'data-kind="surveillance-overdue"' in page
    assert 'data-kind="review-inputs-missing"' in page
    # A navigation entry, first among the reports.
    assert "Dashboard" in text_of(page[: page.find("<article")])


def test_the_pictures_are_valid_svg_with_user_text_escaped(project: tuple[Path, Built]) -> None:
    _, site = project
    page = site.page("reports")
    pictures = svgs(page)
    classes = {p.get("class", "").split()[-1] for p in pictures}
    assert classes == {"cb-chart--timeline", "cb-chart--bars", "cb-chart--strip"}
    for picture in pictures:
        assert picture.find("{http://www.w3.org/2000/svg}title") is not None
    assert '<script>alert("x")' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page or (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    )
    timeline = next(p for p in pictures if "timeline" in p.get("class", ""))
    today = [e for e in timeline.iter() if e.get("class") == "cb-today"]
    assert len(today) == 1  # today is inside the cycle, and marked
    strip = next(p for p in pictures if "strip" in p.get("class", ""))
    squares = [e for e in strip.iter("{http://www.w3.org/2000/svg}rect")]
    assert squares[0].get("fill") == "#c62828"  # worst first: the overdue review


def test_status_json_is_what_the_page_shows_and_what_the_cli_prints(
    project: tuple[Path, Built],
) -> None:
    config, site = project
    published = site.json("reports/status.json")
    result = run("status", "-f", config, "--format", "json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == published
    cert = printed["certification"][0]
    assert cert["expires"] == "2027-06-01"
    assert {f["kind"] for f in printed["findings"]} >= {
        "surveillance-overdue",
        "record-overdue",
        "review-inputs-missing",
    }
    page = site.page("reports")
    for field in ("certificate", "issued", "next_surveillance"):
        shown = re.search(rf'data-field="{field}">([^<]*)', page)
        assert shown is not None and shown.group(1).strip(" ·") == cert[field]
    for row in printed["coverage"]:
        standard = re.escape(row["standard"])
        cell = re.search(
            rf'data-standard="{standard}"><td>[^<]*</td><td data-field="percent">([^<]*)', page
        )
        assert cell is not None and float(cell.group(1)) == row["percent"]
    assert f"{printed['reviews']['overdue']} overdue" in text_of(page)
    for row in printed["required"]:
        standard = re.escape(row["standard"])
        cell = re.search(rf'data-standard="{standard}">.*?data-field="required">([^<]*)', page)
        assert cell is not None
        assert cell.group(1).startswith(f"{row['met']} of {row['applicable']} met")


def test_status_text_and_its_exit_code(project: tuple[Path, Built], tmp_path: Path) -> None:
    config, _ = project
    text = run("status", "-f", config).stdout
    assert "CN-20000-0042" in text and "record-overdue" in text
    options = {**OPTIONS, "operation": {"log_level": "error"}}
    stricter = write_site(tmp_path, DOCS, options=options)
    result = run("status", "-f", stricter, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["failing"] is True


def test_the_audit_calendar(project: tuple[Path, Built]) -> None:
    _, site = project
    events = ics_events(site.bytes("reports/audits.ics").decode("utf-8"))
    summaries = [e["SUMMARY"] for e in events]
    assert any(s.startswith("Surveillance audit 2") for s in summaries)
    assert any(s.startswith("Renewal window opens") for s in summaries)
    assert any("Management review due" in s for s in summaries)
    assert all(e["CATEGORIES"].startswith("AUDIT,") for e in events)


def test_the_problems_page_groups_by_document_and_owner_and_names_only_what_is_shown(
    project: tuple[Path, Built],
) -> None:
    _, site = project
    page = site.page("reports/problems")
    text = text_of(page)
    assert "PRO-OLD-01 Overdue procedure" in text and "Change Manager" in text
    assert "CB601" in text and "CB857" in text
    assert "By owner" in text
    # Withheld (confidential) and unpublished (draft) documents are not named.
    assert "PRO-SEC-01" not in page and "Secret procedure" not in page
    assert "PRO-DFT-01" not in page and "8.99" not in page


def test_the_controllers_edition_lists_drafts(tmp_path: Path) -> None:
    config = write_site(tmp_path, DOCS, options={**OPTIONS, "drafts": "include"})
    site = build_site(config)
    page = site.page("reports/problems")
    assert "PRO-DFT-01" in page and "CB404" in page
    assert "Drafts and documents in review" in text_of(page)


def test_a_record_page_says_until_when_it_is_kept(project: tuple[Path, Built]) -> None:
    _, site = project
    page = text_of(site.page("procedures/rec-ca-01"))
    assert "Record of Corrective action, held on 2026-05-27." in page
    assert "No retention period is set." in page


def test_the_dashboard_as_the_site_home(tmp_path: Path) -> None:
    options = {**OPTIONS, "operation": {"dashboard_home": True}}
    config = write_site(tmp_path, DOCS, options=options)
    (tmp_path / "docs" / "index.md").unlink()
    site = build_site(config)
    assert "CN-20000-0042" in site.page("")
    assert not (site.site / "reports" / "index.html").exists()


def test_a_rule_at_level_error_stops_the_build(tmp_path: Path) -> None:
    options: dict[str, Any] = {**OPTIONS, "operation": {"log_level": "error"}}
    error, messages = build_fails(write_site(tmp_path, DOCS, options=options))
    assert "operation.log_level" in str(error.__context__ or error)
    assert any("CB850" in m for m in messages)


def test_bad_certification_input_is_reported_and_nothing_else_lost(tmp_path: Path) -> None:
    bad = {
        **CERTIFICATION["iso20000-1:2018"],
        "expires": "2024-01-01",
        "audits": [{"date": "2030-01-01", "type": "surveillance", "result": "?"}],
    }
    config = write_site(tmp_path, DOCS, options={"certification": {"iso20000-1:2018": bad}})
    site = build_site(config)
    errors = site.at(logging.ERROR)
    assert any("CB551" in e and "certification.iso20000-1:2018.expires" in e for e in errors)
    assert any("CB552" in e and "audits.0.date" in e for e in errors)
    # Each names its line in mkdocs.yml, where the date was copied from the certificate.
    lines = config.read_text("utf-8").split("\n")
    expires = next(n for n, line in enumerate(lines, 1) if line.strip().startswith("expires:"))
    assert any(e.startswith(f"clausebook: mkdocs.yml:{expires}: error CB551") for e in errors)
    assert (site.site / "procedures/pro-aud-01/index.html").is_file()
    assert "2027-06-01" in site.page("reports")  # the default expiry stands in
