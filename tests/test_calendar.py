"""The review calendar (reviews.ics): the same inputs give the same bytes, each event links to
its document and carries a reminder, overdue reviews say so."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausebook.core.manual import load
from clausebook.render.labels import Labels
from clausebook.render.links import Links
from clausebook.render.reports import review_calendar
from clikit import run
from corekit import AS_OF, settings, write
from sitekit import build_site, document, ics_events, write_site


def _calendar(root: Path, links: Links | None = None, **options: object) -> bytes:
    write(root, "PRO-OLD", reviewed="2025-01-01")  # overdue on AS_OF
    write(root, "PRO-NEW", reviewed="2026-10-01")
    manual = load(root, settings(**options), as_of=AS_OF)
    labels = Labels.of(manual.settings)
    return review_calendar(manual, manual.reviews(), labels, links or Links())


def test_the_stamp_is_the_as_of_date_so_the_same_inputs_give_the_same_bytes(
    tmp_path: Path,
) -> None:
    first = _calendar(tmp_path)
    assert first == _calendar(tmp_path)
    events = ics_events(first.decode("utf-8"))
    assert {e["DTSTAMP"] for e in events} == {"20261124T000000Z"}


def test_overdue_reviews_are_marked_and_every_event_has_a_reminder(tmp_path: Path) -> None:
    events = {e["UID"]: e for e in ics_events(_calendar(tmp_path).decode("utf-8"))}
    old = events["review-PRO-OLD-2026-01-01@clausebook"]
    new = events["review-PRO-NEW-2027-10-01@clausebook"]
    assert old["SUMMARY"] == "OVERDUE: review PRO-OLD Title PRO-OLD"
    assert new["SUMMARY"] == "Review PRO-NEW Title PRO-NEW"
    for event in (old, new):
        assert event["VALARM.ACTION"] == "DISPLAY"
        assert event["VALARM.TRIGGER"] == "-P14D"
        assert event["VALARM.DESCRIPTION"] == event["SUMMARY"]
        assert "Owner: Owner" in event["DESCRIPTION"]  # the event's own, not the alarm's


@pytest.mark.parametrize(("days", "trigger"), [(3, "-P3D"), (0, "-P0D"), (None, None)])
def test_the_reminder_is_configurable(tmp_path: Path, days: int | None, trigger: str) -> None:
    events = ics_events(_calendar(tmp_path, review={"reminder_days": days}).decode("utf-8"))
    assert {e.get("VALARM.TRIGGER") for e in events} == {trigger}


def test_events_link_to_the_document_when_the_site_has_an_address(tmp_path: Path) -> None:
    plain = ics_events(_calendar(tmp_path).decode("utf-8"))
    assert all("URL" not in e for e in plain)  # no site_url: no address to give
    linked = _calendar(tmp_path, Links(site_url="https://sms.example/manual"))
    urls = {e["UID"].split("-")[2]: e["URL"] for e in ics_events(linked.decode("utf-8"))}
    assert urls == {
        "OLD": "https://sms.example/manual/procedures/pro-old/",
        "NEW": "https://sms.example/manual/procedures/pro-new/",
    }
    files = Links(directory_urls=False, site_url="https://sms.example/")
    assert "URL:https://sms.example/procedures/pro-old.html" in _calendar(tmp_path, files).decode()


def test_a_chinese_calendar_marks_overdue_in_chinese(tmp_path: Path) -> None:
    events = ics_events(_calendar(tmp_path, language="zh").decode("utf-8"))
    assert "已逾期：评审 PRO-OLD Title PRO-OLD" in {e["SUMMARY"] for e in events}


@pytest.mark.slow
def test_the_site_and_the_command_line_write_the_same_calendar(tmp_path: Path) -> None:
    config = write_site(
        tmp_path,
        {"procedures/pro-1.md": document("PRO-1", "Backup", reviewed="2025-06-01")},
        config={"site_url": "https://sms.example/"},
    )
    site = build_site(config)
    published = site.bytes("reports/reviews.ics")
    cli = run("review", "-f", config, "--format", "ics").stdout_bytes
    assert cli == published
    (event,) = ics_events(published.decode("utf-8"))
    assert event["URL"] == "https://sms.example/procedures/pro-1/"
    assert event["SUMMARY"].startswith("OVERDUE: review PRO-1")
    # A second build on the same as-of date writes the very same bytes.
    again = build_site(config, site_dir=str(tmp_path / "again"))
    assert again.bytes("reports/reviews.ics") == published
