"""The command line and the build read one mkdocs.yml alike, hostile values included
(issue 18, items 11, 16 and 17)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from clausebook.cli.project import ProjectError, load_project
from clausebook.core.frontmatter import split
from clausebook.core.metadata import validate
from clausebook.core.settings import configure
from clikit import run
from sitekit import build_fails, build_site, document, write_site


def site(tmp_path: Path, options: dict[str, Any] | None = None, **extra: Any) -> Path:
    return write_site(
        tmp_path / "sms",
        {"procedures/pro-chg-01.md": document("PRO-CHG-01", "Change management")},
        options={"parallel": False, **(options or {})},
        **extra,
    )


def cli_problems(config: Path) -> list[str]:
    with pytest.raises(ProjectError) as caught:
        load_project(config)
    return [p.render() for p in caught.value.problems]


def settings_of(options: dict[str, Any], theme: str | None = None) -> Any:
    return configure(options, root=Path.cwd(), docs_dir=Path("docs"), theme_language=theme)


BAD_OPTIONS = {
    "language fr": ({"language": "fr"}, "language"),
    "due_soon_days true": ({"review": {"due_soon_days": True}}, "due_soon_days"),
    "as_of unquoted, implausible": ({"as_of": dt.date(1900, 1, 1)}, "as_of"),
    "id_prefixes out of the folder": ({"id_prefixes": {"procedure": "../x"}}, "id_prefixes"),
    "id_prefixes of no type": ({"id_prefixes": {"procedures": "PRO"}}, "id_prefixes"),
}


@pytest.mark.parametrize(("options", "field"), BAD_OPTIONS.values(), ids=list(BAD_OPTIONS))
def test_a_bad_option_is_refused_by_the_command_line_and_the_build(
    tmp_path: Path, options: dict[str, Any], field: str
) -> None:
    config = site(tmp_path, options)
    rendered = cli_problems(config)
    assert len(rendered) == 1 and "CB505" in rendered[0] and field in rendered[0]
    _, messages = build_fails(config)
    assert any("CB505" in m and field in m for m in messages), messages


@pytest.mark.parametrize(
    ("written", "theme", "wanted"), [("zh-TW", None, "zh"), (None, "fr", "en")]
)
def test_language_variants_read_as_the_language_and_a_theme_falls_back(
    written: str | None, theme: str | None, wanted: str
) -> None:
    settings, problems = settings_of({} if written is None else {"language": written}, theme)
    assert problems == [] and settings is not None and settings.language == wanted


def test_empty_exclusions_areas_and_prefixes_read_as_none_in_both(tmp_path: Path) -> None:
    options = {"exclusions": None, "areas": None, "id_prefixes": None, "review": None}
    config = site(tmp_path, options)
    project = load_project(config)
    assert project.settings.exclusions == {} and project.settings.areas == {}
    built = build_site(config)
    assert (built.site / "procedures" / "pro-chg-01" / "index.html").is_file()


def test_the_plugin_listed_twice_is_refused_by_both_before_anything_is_built(
    tmp_path: Path,
) -> None:
    config = site(tmp_path)
    text = config.read_text("utf-8").replace("- search\n", "- search\n- clausebook\n", 1)
    config.write_text(text, "utf-8")
    (config.parent / "site").mkdir()
    (config.parent / "site" / "kept.html").write_text("previous site", "utf-8")
    assert "listed twice" in cli_problems(config)[0]
    _, messages = build_fails(config)
    assert any("listed twice" in m for m in messages)
    assert (config.parent / "site" / "kept.html").is_file()


def test_the_as_of_environment_variable_is_range_checked(tmp_path: Path) -> None:
    config = site(tmp_path)
    result = run("check", "--config", config, env={"CLAUSEBOOK_AS_OF": "1900-01-01"})
    assert result.exit_code == 2 and "outside 1980-2100" in result.output


@pytest.mark.parametrize("command", ["matrix", "required"])
def test_fail_under_nan_is_a_usage_error(tmp_path: Path, command: str) -> None:
    config = site(tmp_path)
    result = run(command, "--config", config, "--fail-under", "nan")
    assert result.exit_code == 2 and "not a number" in result.output


@pytest.mark.parametrize("title", ["", "   ", "Two\nlines", "Esc\x1b[2J"])
def test_new_refuses_a_title_its_check_would_refuse(tmp_path: Path, title: str) -> None:
    config = site(tmp_path)
    before = sorted(p.name for p in (config.parent / "procedures").iterdir())
    result = run("new", "procedure", "--config", config, "--title", title)
    assert result.exit_code == 2
    assert sorted(p.name for p in (config.parent / "procedures").iterdir()) == before


def test_full_width_digits_in_a_date_get_the_ascii_date_as_suggestion() -> None:
    matter, _ = split("---\nid: X\neffective: ２０２６-０３-０１\n---\n", "x.md")
    assert matter is not None
    _, problems = validate(matter, "x.md")
    (problem,) = [p for p in problems if p.field == "effective"]
    assert problem.code == "CB204" and problem.suggestion == "2026-03-01"
    assert "full-width" in problem.message


def test_full_width_digits_in_an_interval_are_refused() -> None:
    matter, _ = split("---\nid: X\nreview_interval: １２ months\n---\n", "x.md")
    assert matter is not None
    _, problems = validate(matter, "x.md")
    assert [p.code for p in problems if p.field == "review_interval"] == ["CB208"]
