"""A real `mkdocs build` of a small manual: pages, navigation, reports and exports."""

from __future__ import annotations

import csv
import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build

from sitekit import build_config

pytestmark = pytest.mark.slow

DOCS = {
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


def write_site(root: Path, extra: str = "") -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n", "utf-8")
    for name, text in DOCS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Test\n"
        "theme: {name: material, font: false, features: [navigation.prune]}\n"
        "plugins:\n"
        "  - search\n"
        "  - clausebook:\n"
        "      as_of: 2026-11-24\n" + extra,
        "utf-8",
    )
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("site")
    handler = _Collect()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        config = build_config(write_site(root))
        build(config)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    return Path(config.site_dir), handler.lines


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.getMessage()}")


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8")


def test_document_page_has_control_block_history_and_links(built) -> None:
    site, _ = built
    page = html(site, "procedures/pro-chg-01")
    assert '<table class="cb-control">' in page
    for text in ("PRO-CHG-01", "2.1", "Change Manager", "Head of IT Services", "2026-03-01"):
        assert text in page
    assert "../../reports/iso20000-1-2018/matrix/#m-8.5.1.3" in page
    assert 'id="emergency-changes"' in page
    assert "Revision history" in page and "Added the emergency change path" in page
    # [[PRO-INC-10]] became a link titled "ID Title"; the target lists its referrer.
    assert '<a href="../pro-inc-10/">PRO-INC-10 Incident management procedure</a>' in page
    target = html(site, "procedures/pro-inc-10")
    assert "Referenced by" in target and "PRO-CHG-01" in target
    assert "1.10" in target  # the revision exactly as written


def test_banners_archive_and_drafts(built) -> None:
    site, _ = built
    old = html(site, "procedures/pro-inc-2")
    assert "Obsolete: do not use. Replaced by PRO-INC-10 Incident management procedure." in old
    overdue = html(site, "procedures/pro-inc-10")
    assert "Review overdue since 2026-01-10 (owner Incident Manager)." in overdue
    assert not (site / "procedures" / "pro-new-01").exists()  # drafts: exclude
    nav = html(site, "")
    assert nav.index("Policies") < nav.index("Procedures") < nav.index("Reports")
    assert nav.index("Reports") < nav.index("Archive")
    page = html(site, "procedures/pro-chg-01")
    assert page.index("PRO-CHG-01 Change management") < page.index("PRO-INC-10 Incident")
    assert "md-status--effective" not in page  # only exceptions are marked in the nav
    assert "md-status md-status--obsolete" in old


def test_invalid_document_is_reported_and_the_rest_builds(built) -> None:
    site, lines = built
    assert any(
        "procedures/broken.md:4: error CB205: type: 'procedur' is not allowed" in line
        and "did you mean procedure?" in line
        for line in lines
    )
    assert not (site / "procedures" / "broken").exists()
    assert (site / "procedures" / "pro-chg-01" / "index.html").is_file()
    assert any("WARNING" in line and "CB601" in line and "PRO-INC-10" in line for line in lines)


def test_register_exports_agree(built) -> None:
    site, _ = built
    raw = (site / "reports" / "register.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    data = json.loads((site / "reports" / "register.json").read_text("utf-8"))["documents"]
    assert rows == data
    assert [r["id"] for r in rows] == ["POL-01", "PRO-CHG-01", "PRO-INC-2", "PRO-INC-10"]
    assert "Document register" in html(site, "reports/register")


def test_coverage_matrix_and_calendar(built) -> None:
    site, _ = built
    matrix = json.loads((site / "reports/iso20000-1-2018/matrix.json").read_text("utf-8"))
    states = {row["clause"]: row["state"] for row in matrix["clauses"]}
    assert states["8.5.1.1"] == "covered"
    assert states["8.6.1"] == "at-risk"  # only an overdue document maps to it
    assert states["8.1"] == "uncovered"  # only a draft, left out of this edition
    assert states["8.5.1"] == "covered"  # roll-up of 8.5.1.1-8.5.1.3
    assert matrix["clauses"][0]["clause"] == "4"
    ics = (site / "reports" / "reviews.ics").read_text("utf-8")
    assert ics.count("BEGIN:VEVENT") == 3
    schedule = html(site, "reports/reviews")
    assert schedule.index("Overdue") < schedule.index("PRO-INC-10")


@pytest.mark.parametrize(("command", "frozen"), [("build", True), ("serve", False)])
def test_a_one_off_build_ends_without_a_last_collection(command: str, frozen: bool) -> None:
    # An exit handler registered before the plugin's runs after it (last in, first out) and
    # sees whether the build's objects were frozen for the exit.
    script = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
        "from clausebook.mkdocs.plugin import ClausebookPlugin\n"
        f"ClausebookPlugin().on_startup(command={command!r}, dirty=False)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"frozen at exit: {frozen}"
