"""``clausebook init DIR --name --standard --language``: a starter that maps the standards
chosen, tells why its first site is empty, and builds on another machine from a wheel."""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from clausebook.cli.scaffold import starter_clauses
from clausebook.core.catalogue import built_ins
from clausebook.core.vocabulary import BUILTIN_TYPES
from clikit import AS_OF_ENV, run
from sitekit import build_site, text_of

ROOT = Path(__file__).resolve().parents[1]
#: One starter draft per built-in type.
DRAFTS_NOTICE = (
    f"{len(BUILTIN_TYPES)} drafts not published (drafts: exclude); `make serve` shows them"
)


def test_every_starter_clause_is_in_its_catalogue() -> None:
    catalogues = built_ins()
    mapped = starter_clauses()
    assert set(mapped) == set(catalogues)
    for standard, by_type in mapped.items():
        assert set(by_type) == set(BUILTIN_TYPES), standard
        for numbers in by_type.values():
            assert numbers and set(numbers) <= set(catalogues[standard].clauses), numbers


@pytest.mark.parametrize(
    "standards",
    [["iso27001:2022"], ["iso9001:2015", "iso20000-1:2018"], list(built_ins())],
    ids=lambda s: "+".join(s),
)
def test_the_starter_maps_the_standards_chosen_and_checks_clean(
    tmp_path: Path, standards: list[str]
) -> None:
    target = tmp_path / "acme"
    options = [arg for standard in standards for arg in ("--standard", standard)]
    result = run("init", target, "--name", "ACME", *options)
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((target / "mkdocs.yml").read_text("utf-8").replace("\\", "/"))
    assert config["site_name"] == "ACME"
    assert config["plugins"][1]["clausebook"]["standards"] == standards
    procedure = (target / "procedures/pro-01-example-procedure.md").read_text("utf-8")
    for standard in standards:
        numbers = json.dumps(starter_clauses()[standard]["procedure"])
        assert f"  {standard}: {numbers}\n" in procedure
    checked = run("check", "-f", target / "mkdocs.yml", "--format", "json")
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["problems"] == []  # no CB403: every standard in scope


def test_a_chinese_starter(tmp_path: Path) -> None:
    target = tmp_path / "zh"
    result = run("init", target, "--name", "艾克美 信息安全", "--language", "zh")
    assert result.exit_code == 0, result.output
    config = (target / "mkdocs.yml").read_text("utf-8")
    assert 'site_name: "艾克美 信息安全"' in config and "language: zh" in config
    assert (target / "docs/index.md").read_text("utf-8").startswith("# 艾克美 信息安全\n")
    procedure = (target / "procedures/pro-01-example-procedure.md").read_text("utf-8")
    assert 'title: "示例程序"' in procedure and "\n## 目的\n" in procedure
    assert run("check", "-f", target / "mkdocs.yml").exit_code == 0


def test_an_unknown_standard_is_a_usage_error(tmp_path: Path) -> None:
    result = run("init", tmp_path / "x", "--standard", "iso27001:2013")
    assert result.exit_code == 2
    assert "'iso27001:2013' is not a built-in standard" in result.output
    assert "did you mean iso27001:2022?" in result.output
    assert not (tmp_path / "x").exists()


def test_the_starter_names_clausebook_by_version_and_says_how_to_install_it(
    tmp_path: Path,
) -> None:
    run("init", tmp_path)
    version = importlib.metadata.version("clausebook")
    makefile = (tmp_path / "Makefile").read_text("utf-8")
    assert f"CLAUSEBOOK ?= clausebook>={version}\n" in makefile
    readme = (tmp_path / "README.md").read_text("utf-8")
    for how in ("PIP_FIND_LINKS=", "PIP_INDEX_URL=", ".whl", f"clausebook>={version}"):
        assert how in readme, how
    assert "CLAUSEBOOK_DRAFTS=include" in makefile  # make serve shows the drafts


def test_the_first_build_says_why_no_document_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("init", tmp_path / "en")
    monkeypatch.delenv(AS_OF_ENV, raising=False)
    built = build_site(tmp_path / "en/mkdocs.yml")
    assert f"clausebook: {DRAFTS_NOTICE}" in built.at(logging.INFO)
    assert DRAFTS_NOTICE.replace("`", "") in text_of(built.page(""))
    # make serve's environment shows them, and then there is nothing to explain.
    monkeypatch.setenv("CLAUSEBOOK_DRAFTS", "include")
    preview = build_site(tmp_path / "en/mkdocs.yml", site_dir=str(tmp_path / "preview"))
    assert (tmp_path / "preview/procedures/pro-01-example-procedure/index.html").is_file()
    assert not any("drafts not published" in m for m in preview.messages())
    assert "drafts not published" not in preview.page("")
    monkeypatch.setenv("CLAUSEBOOK_DRAFTS", "maybe")
    wrong = run("check", "-f", tmp_path / "en/mkdocs.yml")
    assert wrong.exit_code == 2 and "CLAUSEBOOK_DRAFTS='maybe'" in wrong.output


def test_a_chinese_first_build_says_it_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("init", tmp_path, "--language", "zh")
    monkeypatch.delenv(AS_OF_ENV, raising=False)
    built = build_site(tmp_path / "mkdocs.yml")
    home = text_of(built.page(""))
    assert (
        f"{len(BUILTIN_TYPES)} 份草稿未发布（drafts: exclude）" in home
        and "make serve 可显示草稿" in home
    )


@pytest.mark.slow
def test_the_starter_builds_in_a_fresh_venv_from_the_wheel_alone(tmp_path: Path) -> None:
    """What another machine does: no checkout, only the wheel folder offered to pip (its
    dependencies come from the package index pip is configured with)."""
    wheels = tmp_path / "wheels"
    bindir = Path(sys.executable).parent
    subprocess.run(
        ["make", "-C", str(ROOT), "dist", f"BIN={bindir}", f"DIST={wheels}"],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("clausebook-*.whl")
    target = tmp_path / "acme"
    subprocess.run(  # from this checkout
        [sys.executable, "-m", "clausebook.cli", "init", str(target), "--name", "ACME"],
        check=True,
        capture_output=True,
    )
    # The starter's files name no path of this checkout (nor of its installation).
    here = {str(ROOT), str(ROOT.resolve()), str(bindir.parent)}
    for path in sorted(target.rglob("*")):
        if path.is_file():
            text = path.read_text("utf-8")
            assert not [p for p in here if p in text], path
    # The other machine: no checkout on the path, the wheel folder offered to pip.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", AS_OF_ENV)}
    env["PIP_FIND_LINKS"] = str(wheels)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"  # a python3 to make the venv
    make = subprocess.run(
        ["make", "site"], cwd=target, env=env, capture_output=True, text=True, check=False
    )
    assert make.returncode == 0, make.stdout[-3000:] + make.stderr[-3000:]
    assert DRAFTS_NOTICE in make.stderr
    assert (target / "site/index.html").is_file()
    installed = subprocess.run(
        [str(target / ".venv/bin/python"), "-c", "import clausebook; print(clausebook.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert installed.startswith(str(target / ".venv")), installed
    assert wheel.name.startswith(f"clausebook-{importlib.metadata.version('clausebook')}-")
    shutil.rmtree(target / ".venv")
