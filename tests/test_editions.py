"""Editions: real git repositories, real mike deploys, the published branch served over HTTP."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitekit import files_containing

pytestmark = pytest.mark.slow

CLI = [sys.executable, "-m", "clausebook.cli"]

MKDOCS_YML = """\
site_name: Editions test
theme:
  name: material
  font: false
  features: [navigation.prune]
plugins:
  - search
  - clausebook:
      sources: [procedures]
      as_of: 2026-11-24
extra:
  version:
    provider: mike
"""

DOC = """\
---
id: PRO-CHG-01
title: Change management procedure
type: procedure
owner: Change Manager
approver: Head of IT Services
revision: "{revision}"
status: effective
effective: 2026-03-01
clauses: [8.5.1.1, 8.5.1.2, 8.5.1.3]
history:
{history}
---
# Change management procedure

## Emergency changes

{body}
"""

DRAFT = """\
---
id: PRO-NEW-01
title: Draft procedure with marker UNPUBLISHEDDRAFT
type: procedure
owner: Service Manager
revision: "0.1"
status: draft
clauses: [8.1]
---
Draft text.
"""


def history(*entries: tuple[str, str, str]) -> str:
    return "\n".join(
        f'  - revision: "{rev}"\n    date: {day}\n    author: Jane Doe\n    summary: {summary}'
        for rev, day, summary in entries
    )


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return result.stdout


def run_cli(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def write_doc(repo: Path, revision: str, entries: list[tuple[str, str, str]], body: str) -> None:
    (repo / "procedures" / "pro-chg-01.md").write_text(
        DOC.format(revision=revision, history=history(*entries), body=body), "utf-8"
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "sms"
    (repo / "docs").mkdir(parents=True)
    (repo / "procedures").mkdir()
    (repo / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (repo / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    (repo / "procedures" / "pro-new-01.md").write_text(DRAFT, "utf-8")
    write_doc(
        repo,
        "2.1",
        [("2.1", "2026-03-01", "Added the emergency change path")],
        "Emergency changes are approved by the ECAB.",
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Doc Controller")
    git(repo, "config", "user.email", "dc@example.com")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    return repo


def branch_head(repo: Path) -> str:
    return git(repo, "rev-parse", "gh-pages").strip()


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


@pytest.fixture
def serve() -> Iterator[callable]:
    servers = []

    def start(root: Path) -> str:
        handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(  # noqa: E731
            *a, directory=str(root), **k
        )
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


def test_two_editions_published_and_served(repo: Path, tmp_path: Path, serve) -> None:
    first = run_cli(repo, "publish", "2026.1", "--title", "Edition 2026.1")
    assert first.returncode == 0, first.stderr
    assert "published edition 2026.1" in first.stdout

    write_doc(
        repo,
        "2.2",
        [
            ("2.2", "2026-11-20", "Standard changes pre-approved"),
            ("2.1", "2026-03-01", "Added the emergency change path"),
        ],
        "Emergency changes are approved by the ECAB.\n\nStandard changes are pre-approved.",
    )
    commit_all(repo, "revise")
    second = run_cli(repo, "publish", "2026.2")
    assert second.returncode == 0, second.stderr

    published = tmp_path / "published"
    published.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", "gh-pages"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(published)], input=archive, check=True)
    base = serve(published)

    versions = json.loads(urllib.request.urlopen(f"{base}/versions.json").read())
    assert [v["version"] for v in versions] == ["2026.2", "2026.1"]
    assert versions[0]["aliases"] == ["latest"]
    assert versions[1]["title"] == "Edition 2026.1"
    root_page = urllib.request.urlopen(f"{base}/").read().decode()
    assert "latest" in root_page  # mike's default redirect

    latest = urllib.request.urlopen(f"{base}/latest/procedures/pro-chg-01/").read().decode()
    assert "Standard changes are pre-approved" in latest
    old = urllib.request.urlopen(f"{base}/2026.1/procedures/pro-chg-01/").read().decode()
    assert "Standard changes are pre-approved" not in old
    # Material's outdated-edition banner (shown by its script on non-current editions).
    assert 'data-md-component="outdated"' in old
    assert "This is not the current edition of the manual." in old

    changes = urllib.request.urlopen(f"{base}/2026.2/reports/changes/").read().decode()
    assert "What changed in edition 2026.2" in changes
    assert "Compared with edition 2026.1" in changes
    assert "2.1 → 2.2" in changes
    assert "Standard changes pre-approved" in changes
    redline = urllib.request.urlopen(f"{base}/2026.2/reports/changes/pro-chg-01/").read().decode()
    assert "<ins>Standard changes are pre-approved.</ins>" in redline

    snapshot = json.loads(urllib.request.urlopen(f"{base}/2026.2/reports/edition.json").read())
    assert snapshot["edition"] == "2026.2"
    assert snapshot["documents"]["PRO-CHG-01"]["revision"] == "2.2"
    assert len(snapshot["documents"]["PRO-CHG-01"]["hash"]) == 64
    # Drafts never reach a published edition.
    assert "PRO-NEW-01" not in snapshot["documents"]
    for path in published.rglob("*"):
        if path.is_file():
            assert b"UNPUBLISHEDDRAFT" not in path.read_bytes(), path


def test_change_without_new_revision_is_refused(repo: Path) -> None:
    assert run_cli(repo, "publish", "2026.1").returncode == 0
    before = branch_head(repo)
    write_doc(
        repo,
        "2.1",
        [("2.1", "2026-03-01", "Added the emergency change path")],
        "Emergency changes are approved by the CAB chair alone.",
    )
    commit_all(repo, "silent edit")

    result = run_cli(repo, "publish", "2026.2")
    assert result.returncode == 1
    assert "CB701" in result.stderr
    assert "PRO-CHG-01 changed since edition 2026.1 but is still revision 2.1" in result.stderr
    assert "procedures/pro-chg-01.md:7" in result.stderr
    assert branch_head(repo) == before

    check = run_cli(repo, "check", "--since", "2026.1")
    assert check.returncode == 1
    assert "CB701" in check.stdout


def test_revision_backwards_and_missing_history_are_refused(repo: Path) -> None:
    assert run_cli(repo, "publish", "2026.1").returncode == 0
    before = branch_head(repo)
    write_doc(repo, "2.0", [("2.0", "2026-02-01", "Older")], "Changed.")
    commit_all(repo, "backwards")
    result = run_cli(repo, "publish", "2026.2")
    assert result.returncode == 1 and "CB702" in result.stderr
    assert branch_head(repo) == before


def test_existing_edition_is_not_overwritten(repo: Path) -> None:
    assert run_cli(repo, "publish", "2026.1").returncode == 0
    before = branch_head(repo)
    tree = git(repo, "ls-tree", "-r", "gh-pages")

    again = run_cli(repo, "publish", "2026.1")
    assert again.returncode == 1
    assert "CB704" in again.stderr and "--replace" in again.stderr
    assert branch_head(repo) == before
    assert git(repo, "ls-tree", "-r", "gh-pages") == tree

    # A deliberate correction (the same files would build the very same edition).
    (repo / "docs" / "index.md").write_text("# Home\n\nCorrected.\n", "utf-8")
    commit_all(repo, "correction")
    replaced = run_cli(repo, "publish", "2026.1", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert "replacing edition 2026.1" in replaced.stdout
    assert branch_head(repo) != before


def test_failing_check_deploys_nothing(repo: Path) -> None:
    assert run_cli(repo, "publish", "2026.1").returncode == 0
    before = branch_head(repo)
    broken = (repo / "procedures" / "pro-chg-01.md").read_text("utf-8")
    (repo / "procedures" / "pro-chg-01.md").write_text(
        broken.replace("status: effective", "status: effectve"), "utf-8"
    )
    commit_all(repo, "typo")
    result = run_cli(repo, "publish", "2026.2")
    assert result.returncode == 1
    assert "CB205" in result.stderr and "did you mean effective" in result.stderr
    assert "2026.2 was not published" in result.stderr
    assert branch_head(repo) == before
    assert "2026.2" not in git(repo, "show", "gh-pages:versions.json")


def test_first_publish_in_repo_without_remote_or_branch(repo: Path) -> None:
    assert git(repo, "remote").strip() == ""
    result = run_cli(repo, "publish", "2026.1")
    assert result.returncode == 0, result.stderr
    assert "2026.1" in git(repo, "show", "gh-pages:versions.json")
    first_page = git(repo, "show", "gh-pages:2026.1/reports/changes/index.html")
    assert "This is the first edition." in first_page


def test_missing_git_identity_is_explained(repo: Path, tmp_path: Path) -> None:
    git(repo, "config", "--unset", "user.name")
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}
    result = run_cli(repo, "publish", "2026.1", env=env)
    assert result.returncode == 1
    assert "git has no user.name" in result.stderr
    assert "git config user.name" in result.stderr
    assert (
        subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--verify", "-q", "gh-pages"],
            capture_output=True,
        ).returncode
        != 0
    )


def test_not_a_git_repository(tmp_path: Path) -> None:
    (tmp_path / "procedures").mkdir()
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    result = run_cli(
        tmp_path, "publish", "2026.1", env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    )
    assert result.returncode == 1
    assert "not a git repository" in result.stderr


def test_existing_edition_on_another_branch_is_not_overwritten(repo: Path) -> None:
    assert run_cli(repo, "publish", "2026.1", "--branch", "intranet").returncode == 0
    before = git(repo, "rev-parse", "intranet")
    again = run_cli(repo, "publish", "2026.1", "--branch", "intranet")
    assert again.returncode == 1
    assert "CB704" in again.stderr
    assert git(repo, "rev-parse", "intranet") == before
    assert not git(repo, "branch", "--list", "gh-pages").strip()  # nothing went elsewhere


def test_a_public_edition_never_names_the_internal_documents_of_an_earlier_one(
    repo: Path,
) -> None:
    assert run_cli(repo, "publish", "2026.1").returncode == 0  # internal: PRO-CHG-01 in it
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "as_of: 2026-11-24", "as_of: 2026-11-24\n      audience: public"
        ),
        "utf-8",
    )
    public = {
        "id: PRO-CHG-01": "id: PUB-01",
        "title: Change management procedure": "title: Public notice",
        "# Change management procedure": "# Public notice",
        "clauses: [8.5.1.1, 8.5.1.2, 8.5.1.3]": "clauses: [8.1]\nclassification: public",
    }
    text = DOC.format(revision="1.0", history=history(("1.0", "2026-03-01", "First")), body="x")
    for old, new in public.items():
        text = text.replace(old, new)
    (repo / "procedures" / "pub-01.md").write_text(text, "utf-8")
    built = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-q"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert built.returncode == 0, built.stderr
    changes = (repo / "site" / "reports" / "changes" / "index.html").read_text("utf-8")
    assert "PUB-01" in changes  # added since 2026.1
    assert "PRO-CHG-01" not in changes and "Change management procedure" not in changes
    assert not files_containing(repo / "site", "Change management procedure")


def test_push_reaches_the_remote(repo: Path, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    published = run_cli(repo, "publish", "2026.1", "--push")
    assert published.returncode == 0, published.stderr
    assert "was pushed" in published.stdout
    pushed = subprocess.run(
        ["git", "--git-dir", str(remote), "rev-parse", "gh-pages"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert pushed == git(repo, "rev-parse", "gh-pages")


@pytest.mark.parametrize(("alias_type", "mode"), [("symlink", "120000"), ("copy", "040000")])
def test_alias_types_for_hosts_with_and_without_symlinks(
    repo: Path, alias_type: str, mode: str
) -> None:
    published = run_cli(repo, "publish", "2026.1", "--alias-type", alias_type)
    assert published.returncode == 0, published.stderr
    entry = git(repo, "ls-tree", "gh-pages", "latest").split()
    assert entry[0] == mode  # a link git stores as such, or a real folder (GitHub Pages)
