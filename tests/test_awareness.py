"""Awareness: readers and roles, the must-read pages of two real published editions, the
sign-off sheets read back, and the acknowledgement links."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from clausebook.core.manual import load
from clausebook.core.settings import Settings, parse_settings
from sitekit import document, table, text_of

CLI = [sys.executable, "-m", "clausebook.cli"]
AS_OF = dt.date(2026, 11, 24)
ROLES = {
    "service-desk": {"en": "Service desk", "zh": "服务台"},
    "change-managers": "Change managers",
}
ACK = "https://forms.example/ack?doc={id}&rev={revision}&edition={edition}&t={title}"

MKDOCS_YML = """\
site_name: Awareness test
theme:
  name: material
  font: false
  language: {language}
  features: [navigation.prune]
plugins:
  - search
  - clausebook:
      sources: [procedures]
      as_of: 2026-11-24
      roles:
        service-desk: {{en: Service desk, zh: 服务台}}
        change-managers: Change managers
      acknowledge_url: "{ack}"
extra:
  version:
    provider: mike
"""


def doc(
    doc_id: str, title: str, revision: str, readers: str, entries: list[tuple[str, str]]
) -> str:
    """A document whose history is ``entries`` (revision, summary), newest first."""
    text = document(
        doc_id,
        title,
        revision=revision,
        effective="2026-06-01",
        history=[{"revision": r, "date": "2026-05-01", "summary": s} for r, s in entries],
        body=f"# {title}\n\nText of {doc_id} revision {revision}.\n",
    )
    return text.replace("history:", f"readers: {readers}\nhistory:")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def publish(repo: Path, edition: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"for {edition}")
    result = subprocess.run(
        [*CLI, "publish", edition],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr


def published(repo: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "-C", str(repo), "show", f"gh-pages:{path}"], capture_output=True, check=True
    ).stdout


def write(repo: Path, name: str, text: str) -> None:
    (repo / "procedures" / name).write_text(text, "utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "sms"
    (repo / "docs").mkdir(parents=True)
    (repo / "procedures").mkdir()
    (repo / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (repo / "mkdocs.yml").write_text(MKDOCS_YML.format(language="en", ack=ACK), "utf-8")
    write(repo, "chg.md", doc("PRO-CHG-01", "Change", "1.0", "[change-managers]", [("1.0", "A")]))
    both = "[service-desk, change-managers]"
    write(repo, "inc.md", doc("PRO-INC-01", "Incident", "2.0", both, [("2.0", "Major path")]))
    write(repo, "sdk.md", doc("PRO-SDK-01", "Desk", "1.0", "[service-desk]", [("1.0", "First")]))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Doc Controller")
    git(repo, "config", "user.email", "dc@example.com")
    return repo


@pytest.mark.slow
def test_must_read_lists_across_two_published_editions(repo: Path) -> None:
    publish(repo, "2026.1")
    first = published(repo, "2026.1/reports/must-read/service-desk/index.html").decode()
    assert "This is the first edition" in first
    assert {text_of(row[0]) for row in table(first, "cb-must-read")} == {
        "PRO-INC-01",
        "PRO-SDK-01",
    }

    # Edition 2: PRO-INC-01 revised, PRO-NEW-01 added, PRO-SDK-01 and PRO-CHG-01 unchanged
    # (PRO-SDK-01 only reviewed, which is no change).
    revised = [("2.1", "Standard changes pre-approved"), ("2.0", "Major path")]
    both = "[service-desk, change-managers]"
    write(repo, "inc.md", doc("PRO-INC-01", "Incident", "2.1", both, revised))
    write(
        repo, "new.md", doc("PRO-NEW-01", "Access <new>", "1.0", "[service-desk]", [("1.0", "N")])
    )
    sdk = (repo / "procedures" / "sdk.md").read_text("utf-8")
    review = (
        "history:\n  - kind: review\n    date: 2026-10-01\n    reviewer: Q\n    outcome: no change"
    )
    write(repo, "sdk.md", sdk.replace("history:", review, 1))
    publish(repo, "2026.2")

    desk = published(repo, "2026.2/reports/must-read/service-desk/index.html").decode()
    assert "Documents added or revised since edition 2026.1 that Service desk must read" in desk
    rows = [[text_of(cell) for cell in row] for row in table(desk, "cb-must-read")]
    assert [row[:5] for row in rows] == [
        ["PRO-INC-01", "Incident", "2.0 → 2.1", "2026-06-01", "2.1: Standard changes pre-approved"],
        ["PRO-NEW-01", "Access <new>", "1.0 (new)", "2026-06-01", "1.0: N"],
    ]
    assert "Access &lt;new&gt;" in desk  # a title is text, never markup
    # The acknowledgement form, its fields filled in and URL-encoded.
    assert (
        'href="https://forms.example/ack?doc=PRO-NEW-01&amp;rev=1.0&amp;edition=2026.2'
        '&amp;t=Access%20%3Cnew%3E"' in desk
    )
    managers = published(repo, "2026.2/reports/must-read/change-managers/index.html").decode()
    assert [text_of(row[0]) for row in table(managers, "cb-must-read")] == ["PRO-INC-01"]

    # The sign-off sheets: one line per role and document, person and date to fill in.
    expected = [
        ["service-desk", "Service desk", "", "PRO-INC-01", "Incident", "2.1", "2026-06-01", ""],
        ["service-desk", "Service desk", "", "PRO-NEW-01", "Access <new>", "1.0", "2026-06-01", ""],
        [
            "change-managers",
            "Change managers",
            "",
            "PRO-INC-01",
            "Incident",
            "2.1",
            "2026-06-01",
            "",
        ],
    ]
    data = published(repo, "2026.2/reports/must-read.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["role", "role_name", "person", "document", "title", "revision",
                       "effective", "date"]  # fmt: skip
    assert rows[1:] == expected
    book = openpyxl.load_workbook(io.BytesIO(published(repo, "2026.2/reports/must-read.xlsx")))
    sheet = book.active
    values = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[0] == rows[0] and values[1:] == expected

    # The document pages: readers, and the form linked from the changed one only.
    inc = published(repo, "2026.2/procedures/inc/index.html").decode()
    assert "Service desk, Change managers · " in inc and "cb-acknowledge" in inc
    sdk_page = published(repo, "2026.2/procedures/sdk/index.html").decode()
    assert "Service desk" in sdk_page and "cb-acknowledge" not in sdk_page
    index = published(repo, "2026.2/reports/must-read/index.html").decode()
    assert [[text_of(c) for c in row] for row in table(index, "cb-must-read-roles")] == [
        ["Service desk", "2"],
        ["Change managers", "1"],
    ]


def test_an_undeclared_role_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    folder = tmp_path / "procedures"
    folder.mkdir()
    text = doc("PRO-A-01", "A", "1.0", "[service-dsk]", [("1.0", "x")])
    (folder / "a.md").write_text(text, "utf-8")
    manual = load(tmp_path, Settings(sources=["procedures"], roles=ROLES), as_of=AS_OF)
    [problem] = manual.problems
    assert (problem.code, problem.field, problem.suggestion) == (
        "CB460",
        "readers.0",
        "service-desk",
    )
    assert problem.line == text.splitlines().index("readers: [service-dsk]") + 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"roles": {"service desk": "Service desk"}}, "is not a role id"),
        ({"roles": {"Desk": "Desk", "desk": "Desk"}}, "differ only in case"),
        ({"roles": {"desk": {"en": "Desk", "fr": "Bureau"}}}, "Extra inputs"),
        ({"acknowledge_url": "javascript:alert(1)"}, "must start with https://"),
        ({"acknowledge_url": "https://f.example/?d={document}"}, "{document} is not a field"),
        ({"acknowledge_url": "https://f.example/?d={id"}, "is not a template"),
    ],
)
def test_roles_and_acknowledge_url_are_checked(options: dict[str, object], message: str) -> None:
    settings, problems = parse_settings(options)
    assert settings is None
    assert problems[0].code == "CB505" and message in problems[0].message, problems[0].message


def test_chinese_role_names_and_labels(tmp_path: Path) -> None:
    from clausebook.render import reports
    from clausebook.render.links import Links
    from clausebook.render.pages import Renderer

    folder = tmp_path / "procedures"
    folder.mkdir()
    (folder / "a.md").write_text(
        doc("PRO-A-01", "变更", "1.0", "[service-desk]", [("1.0", "首次发布")]), "utf-8"
    )
    settings = Settings(sources=["procedures"], roles=ROLES, language="zh", acknowledge_url=ACK)
    manual = load(tmp_path, settings, as_of=AS_OF)
    renderer = Renderer(manual, Links(markdown=True))
    plain = renderer.plain(reports.plan(renderer))
    page, document, csv_file = (
        plain["reports/must-read/service-desk.md"],
        plain[manual.by_id["PRO-A-01"].src_uri],
        plain["reports/must-read.csv"],
    )
    assert isinstance(page, str) and isinstance(document, str) and isinstance(csv_file, bytes)
    assert "# 必读文件：服务台" in page and "这是第一个版本" in page and "1.0: 首次发布" in page
    assert "确认已阅读第 1.0 版" in document
    rows = list(csv.reader(io.StringIO(csv_file.decode("utf-8-sig"))))
    assert rows[1][:2] == ["service-desk", "服务台"]


def test_no_roles_no_must_read_pages(tmp_path: Path) -> None:
    from clausebook.render import reports
    from clausebook.render.links import Links
    from clausebook.render.pages import Renderer

    folder = tmp_path / "procedures"
    folder.mkdir()
    (folder / "a.md").write_text(doc("PRO-A-01", "A", "1.0", "[]", [("1.0", "x")]), "utf-8")
    manual = load(tmp_path, Settings(sources=["procedures"]), as_of=AS_OF)
    renderer = Renderer(manual, Links(markdown=True))
    assert not [uri for uri in renderer.plain(reports.plan(renderer)) if "must-read" in uri]
