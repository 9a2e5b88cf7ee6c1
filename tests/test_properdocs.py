"""Outliving the toolchain: the example built and published with ProperDocs (the drop-in
MkDocs fork) installed beside MkDocs, and the route to a generator without plugins through
``clausebook pages``. `make properdocs` runs these."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "clausebook.cli"]
PIP_INSTALL = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]


@pytest.fixture(scope="module")
def properdocs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ProperDocs installed beside MkDocs for these tests only: into a folder of its own on
    the path of the processes they start (its dependencies are MkDocs' own). `make
    properdocs` installs it into the virtualenv instead."""
    target = tmp_path_factory.mktemp("properdocs")
    installed = subprocess.run(
        [*PIP_INSTALL, "--target", str(target), "properdocs>=1.6.5"],
        capture_output=True,
        text=True,
        check=False,
    )
    if installed.returncode != 0:
        pytest.skip(f"properdocs cannot be installed here: {installed.stderr.strip()[-300:]}")
    return target


def _env(properdocs: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CLAUSEBOOK_AS_OF"}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(properdocs), env.get("PYTHONPATH", "")) if p
    )
    env["PATH"] = os.pathsep.join([str(properdocs / "bin"), env.get("PATH", "")])
    env["DISABLE_MKDOCS_2_WARNING"] = "true"
    return env


def _example(folder: Path) -> Path:
    """The example manual's files (not the package, tests or benchmarks)."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for name in filter(None, listed):
        if name.split("/")[0] in ("plugins", "tests", "benchmarks", ".ci"):
            continue
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    return folder


def test_the_example_builds_and_publishes_with_properdocs(properdocs: Path, tmp_path: Path) -> None:
    repo = _example(tmp_path / "example")
    env = _env(properdocs)
    built = subprocess.run(
        [str(properdocs / "bin/properdocs"), "build", "-f", "mkdocs.yml", "-d", "site"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    # clausebook's log lines reach ProperDocs' own log (its logger is the generator's).
    assert "clausebook: " in built.stderr and "CB60" in built.stderr, built.stderr[-2000:]
    site = repo / "site"
    assert "ProperDocs 1." in (site / "index.html").read_text("utf-8")  # the generator meta
    for name in ("reports/register.csv", "reports/reviews.ics", "reports/edition.json"):
        assert (site / name).is_file(), name
    assert (site / "procedures").is_dir()
    # Publishing: mike builds each edition with ProperDocs when it is installed.
    for args in (
        ["init", "-q", "-b", "main"],
        ["config", "user.name", "Doc Controller"],
        ["config", "user.email", "dc@example.com"],
        ["add", "-A"],
        ["commit", "-qm", "The example"],
    ):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)
    published = subprocess.run(
        [*CLI, "publish", "2026.1"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert published.returncode == 0, published.stdout + published.stderr[-3000:]
    page = subprocess.run(
        ["git", "-C", str(repo), "show", "gh-pages:2026.1/index.html"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "ProperDocs 1." in page
    shown = subprocess.run(
        ["git", "-C", str(repo), "show", "gh-pages:2026.1/reports/edition.json"],
        capture_output=True,
        check=False,
    )
    assert shown.returncode == 0


def test_a_generator_without_plugins_builds_the_pages_clausebook_writes(tmp_path: Path) -> None:
    """Zensical (and any generator without MkDocs plugins) reads mkdocs.yml but not
    clausebook; `clausebook pages` writes every page as plain Markdown for it. Here plain
    MkDocs without the plugin stands in for such a generator."""
    out = tmp_path / "plain"
    written = subprocess.run(
        [*CLI, "pages", "-f", str(ROOT / "mkdocs.yml"), "-o", str(out / "docs")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert written.returncode == 0, written.stderr
    shutil.copy2(ROOT / "docs/index.md", out / "docs/index.md")
    config = {
        "site_name": "Plain",
        "docs_dir": "docs",
        "theme": {"name": "mkdocs"},
        "markdown_extensions": ["tables", "attr_list", "md_in_html"],
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    built = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(out / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    site = out / "site"
    register = (site / "reports/register/index.html").read_text("utf-8")
    assert "PRO-CHG-01" in register
    assert (site / "procedures").is_dir()
    # Every document has its page; the links inside clausebook's HTML blocks point at the .md
    # files, which a generator without the plugin does not rewrite (see the guide).
    register = json.loads((out / "docs/reports/register.json").read_text("utf-8"))
    assert register["documents"]
    for row in register["documents"]:
        page = site / Path(row["file"]).with_suffix("") / "index.html"
        assert page.is_file(), page
