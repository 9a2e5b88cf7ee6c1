"""``clausebook review``: the review schedule, its filters, formats and the as-of date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from clikit import (
    AS_OF_ENV,
    csv_header,
    csv_rows,
    due,
    neutralised,
    run,
    without_stamp,
)
from sitekit import AS_OF, Built, document, ics_events, write_site

pytestmark = pytest.mark.slow


REVIEWED = {"PRO-OLD-01": "2025-10-01", "PRO-SOON-01": "2025-12-10", "PRO-OK-01": "2026-06-01"}
OWNERS = {"PRO-OLD-01": "Incident Manager", "PRO-SOON-01": "Service Desk", "PRO-OK-01": "变更经理"}


def review_project(root: Path, **options: Any) -> Path:
    docs = {
        f"procedures/{doc_id.lower()}.md": document(
            doc_id,
            f"Procedure {doc_id}",
            owner=OWNERS[doc_id],
            effective="2025-06-01",
            reviewed=reviewed,
        )
        for doc_id, reviewed in REVIEWED.items()
    }
    docs["procedures/pro-dft-01.md"] = document("PRO-DFT-01", "Draft", status="draft")
    return write_site(root, docs, options=options or None)


def expected_reviews(as_of: str) -> list[dict[str, str]]:
    """The schedule the documents above give on ``as_of``, computed from their dates."""
    day = dt.date.fromisoformat(as_of)
    rows = []
    for doc_id, reviewed in REVIEWED.items():
        days = (due(reviewed) - day).days
        state = "overdue" if days < 0 else "due-soon" if days <= 30 else "ok"
        rows.append(
            {
                "id": doc_id,
                "title": f"Procedure {doc_id}",
                "owner": OWNERS[doc_id],
                "last_review": reviewed,
                "next_review": due(reviewed).isoformat(),
                "days": str(days),
                "state": state,
                "reviewer": "",
                "outcome": "",
            }
        )
    return sorted(rows, key=lambda r: r["next_review"])


def reviews_of(config: Path, *args: object, env: dict[str, str | None] | None = None) -> Any:
    result = run("review", "-f", config, "--format", "json", *args, env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_review_json_schedule(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    schedule = reviews_of(config)
    assert schedule["as_of"] == AS_OF
    assert schedule["reviews"] == expected_reviews(AS_OF)
    assert {r["state"] for r in schedule["reviews"]} == {"overdue", "due-soon", "ok"}
    assert "PRO-DFT-01" not in {r["id"] for r in schedule["reviews"]}  # drafts are not reviewed


def test_review_within_and_owner_filters(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    everything = expected_reviews(AS_OF)
    within = reviews_of(config, "--within", 30)["reviews"]
    assert within == [r for r in everything if int(r["days"]) <= 30]
    assert {r["state"] for r in within} == {"overdue", "due-soon"}  # overdue always included
    assert reviews_of(config, "--within", 0)["reviews"] == [
        r for r in everything if r["state"] == "overdue"
    ]
    owner = reviews_of(config, "--owner", "service DESK")["reviews"]
    assert owner == [r for r in everything if r["owner"] == "Service Desk"]
    assert reviews_of(config, "--owner", "变更经理", "--within", 30)["reviews"] == []
    assert reviews_of(config, "--owner", "Nobody")["reviews"] == []


def test_review_csv_table_and_ics(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    everything = expected_reviews(AS_OF)
    data = run("review", "-f", config, "--format", "csv").stdout_bytes
    # A negative number of days stays a number that Excel can sort and sum.
    assert csv_rows(data) == [{k: neutralised(v) for k, v in r.items()} for r in everything]
    assert any(r["days"].startswith("-") for r in csv_rows(data))
    assert csv_header(data) == list(everything[0])

    table = run("review", "-f", config).stdout.splitlines()
    assert table[0].split() == list(everything[0])
    assert [line.split()[0] for line in table[2:]] == [r["id"] for r in everything]
    assert all(
        line.split()[-1] == r["state"] for line, r in zip(table[2:], everything, strict=True)
    )

    result = run("review", "-f", config, "--format", "ics", "--within", 30)
    assert result.exit_code == 0
    text = result.stdout_bytes.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    events = ics_events(text)
    wanted = [r for r in everything if int(r["days"]) <= 30]
    assert [e["DTSTART;VALUE=DATE"] for e in events] == [
        r["next_review"].replace("-", "") for r in wanted
    ]
    assert [e["SUMMARY"] for e in events] == [
        f"{'OVERDUE: review' if r['state'] == 'overdue' else 'Review'} {r['id']} {r['title']}"
        for r in wanted
    ]
    assert len({e["UID"] for e in events}) == len(events)


def test_review_fail_on_overdue(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    overdue = [r["id"] for r in expected_reviews(AS_OF) if r["state"] == "overdue"]
    assert overdue
    result = run("review", "-f", config, "--fail-on-overdue")
    assert result.exit_code == 1
    assert f"{len(overdue)} review(s) overdue" in result.stderr
    assert run("review", "-f", config).exit_code == 0  # without the flag: a report only
    # Nothing overdue among the documents shown, or on an earlier date: exit 0.
    assert (
        run("review", "-f", config, "--fail-on-overdue", "--owner", "Service Desk").exit_code == 0
    )
    earlier = "2026-06-01"
    assert all(r["state"] != "overdue" for r in expected_reviews(earlier))
    assert run("review", "-f", config, "--fail-on-overdue", "--as-of", earlier).exit_code == 0
    assert run("review", "-f", config, "--fail-on-overdue", env={AS_OF_ENV: earlier}).exit_code == 0


def test_as_of_precedence(tmp_path: Path) -> None:
    config = review_project(tmp_path)  # the as_of option is AS_OF
    env, cli = "2026-01-15", "2027-01-01"
    assert len({AS_OF, env, cli}) == 3
    assert reviews_of(config)["as_of"] == AS_OF
    assert reviews_of(config, env={AS_OF_ENV: env}) == {
        "as_of": env,
        "reviews": expected_reviews(env),
    }
    assert reviews_of(config, "--as-of", cli, env={AS_OF_ENV: env}) == {
        "as_of": cli,
        "reviews": expected_reviews(cli),
    }
    assert reviews_of(config, "--as-of", cli)["as_of"] == cli
    # check judges by the same date.
    checked = run("check", "-f", config, "--format", "json", env={AS_OF_ENV: env})
    assert json.loads(checked.stdout)["as_of"] == env

    # Without the option nor the variable: today.
    unset = review_project(tmp_path / "no-option", as_of=None)
    before = dt.date.today().isoformat()
    today = reviews_of(unset)["as_of"]
    assert today in {before, dt.date.today().isoformat()}


def test_bad_dates_are_usage_errors(tmp_path: Path) -> None:
    config = review_project(tmp_path)
    result = run("review", "-f", config, "--as-of", "2026-13-01")
    assert result.exit_code == 2 and "'2026-13-01' is not a date" in result.stderr
    result = run("review", "-f", config, env={AS_OF_ENV: "next week"})
    assert result.exit_code == 2
    assert "CLAUSEBOOK_AS_OF='next week' is not a date" in result.stderr
    result = run("review", "-f", config, "--within", -1)
    assert result.exit_code == 2 and "--within" in result.stderr


def test_review_calendar_equals_the_site(built: tuple[Path, Built]) -> None:
    config, site = built
    cli = ics_events(run("review", "-f", config, "--format", "ics").stdout_bytes.decode())
    published = ics_events(site.bytes("reports/reviews.ics").decode())
    assert without_stamp(cli) == without_stamp(published)
    assert {e["UID"].removeprefix("review-").rsplit("-", 3)[0] for e in cli} == {
        "MAN-01",
        "POL-01",
        "PRO-CHG-01",
        "PRO-INC-01",
        "PRO-SVC-01",
    }
