"""An organisation's own document types (``types``) and classification levels
(``classifications``): settings, loading, the site, the CLI, and four-level leak tests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausebook.cli.commands import main
from clausebook.core.interval import Interval
from clausebook.core.manual import load
from clausebook.core.metadata import json_schema
from clausebook.core.settings import Settings, parse_settings
from clausebook.core.vocabulary import BUILTIN_TYPES
from sitekit import (
    build_site,
    document,
    files_containing,
    navigation,
    write_site,
)

AS_OF = dt.date(2026, 11, 24)
LEVELS = ["public", "internal", "confidential", "restricted"]
TYPES = {
    "sop": {
        "prefix": "SOP",
        "title": "Standard operating procedures",
        "title_zh": "标准作业程序",
        "review_interval": "24 months",
    },
    "guideline": {"prefix": "GDL", "title": "Guidelines", "reviewed": False},
    "procedure": {"title": "Processes", "title_zh": "过程"},
}


def test_new_types_follow_the_built_in_ones_which_stay_the_default() -> None:
    assert list(Settings().doc_types) == list(BUILTIN_TYPES)
    settings = Settings(types=TYPES)
    assert list(settings.doc_types) == [*BUILTIN_TYPES, "sop", "guideline"]
    assert settings.prefix_for("sop") == "SOP" and settings.prefix_for("procedure") == "PRO"
    assert settings.interval_for("sop") == Interval.parse("24 months")
    assert settings.interval_for("guideline") == settings.interval_for("form")  # the default
    assert not settings.is_reviewed("guideline") and settings.is_reviewed("sop")
    assert settings.doc_types["procedure"].titles == {"en": "Processes", "zh": "过程"}
    # review.intervals still wins over a type's own interval.
    ruled = Settings(types=TYPES, review={"intervals": {"sop": "6 months"}})
    assert ruled.interval_for("sop") == Interval.parse("6 months")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"types": {"sop": {"prefix": "SOP"}}}, "the new type 'sop' needs title"),
        ({"types": {"SOP": {"prefix": "SOP", "title": "x"}}}, "'SOP' is not a type id"),
        ({"types": {"sop": {"prefix": "PRO", "title": "x"}}}, "share the id prefix PRO"),
        ({"types": {"sop": {"prefix": "S O P", "title": "x"}}}, "is not an id prefix"),
        ({"types": {"sop": {"prefix": "S", "title": "x", "colour": 1}}}, "colour"),
        ({"classifications": ["public", "secret"]}, "must include 'internal'"),
        ({"classifications": ["public", "internal", "public"]}, "listed once"),
        ({"audience": "restricted"}, "'restricted' is not a classification level"),
        ({"review": {"intervals": {"sop": "6 months"}}}, "sop is not a document type"),
        ({"id_prefixes": {"guideline": "G"}}, "guideline is not a document type"),
    ],
)
def test_a_bad_vocabulary_is_a_configuration_problem(
    options: dict[str, object], message: str
) -> None:
    settings, problems = parse_settings(options)
    assert settings is None
    assert all(p.code == "CB505" for p in problems)
    assert any(message in p.render() for p in problems), [p.render() for p in problems]


def _manual_files(root: Path) -> None:
    files = {
        "procedures/sop-01.md": document("SOP-01", "Backup restore test", type="sop"),
        "procedures/gdl-01.md": document(
            "GDL-01", "Writing style", type="guideline", effective="2020-01-01"
        ),
        "procedures/x-01.md": document("X-01", "Misspelt", type="sopp"),
        "procedures/r-01.md": document("R-01", "Keys", classification="restricted"),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    (root / "manual").mkdir(exist_ok=True)


def test_documents_of_own_types_and_levels_load_and_unknown_ones_are_named(
    tmp_path: Path,
) -> None:
    _manual_files(tmp_path)
    settings = Settings(types=TYPES, classifications=LEVELS, audience="confidential")
    manual = load(tmp_path, settings, as_of=AS_OF)
    assert [d.id for d in manual.documents] == ["GDL-01", "SOP-01"]
    assert manual.withheld == {"R-01"}  # restricted is above a confidential edition
    (problem,) = [p for p in manual.problems if p.file == "procedures/x-01.md"]
    assert problem.code == "CB205" and problem.field == "type" and problem.suggestion == "sop"
    assert "'sopp' is not allowed" in problem.message and "'types'" in problem.message
    # A guideline is never reviewed: reviewed in 2020, it is not overdue.
    assert [r.document.id for r in manual.reviews()] == ["SOP-01"]
    # The built-in vocabulary knows neither the new type nor the fourth level.
    plain = load(tmp_path, Settings(), as_of=AS_OF)
    assert plain.documents == []
    assert {p.field for p in plain.problems if p.code == "CB205"} == {"type", "classification"}


def test_the_site_lists_own_types_under_their_titles_in_english_and_chinese(
    tmp_path: Path,
) -> None:
    documents = {
        "procedures/sop-01.md": document("SOP-01", "Backup restore test", type="sop"),
        "procedures/pro-01.md": document("PRO-01", "Change"),
        "procedures/gdl-01.md": document("GDL-01", "Writing style", type="guideline"),
    }
    built = build_site(write_site(tmp_path / "en", documents, options={"types": TYPES}))
    titles = navigation(built.page("procedures/sop-01")).titles()
    assert titles[1:4] == ["Processes", "Standard operating procedures", "Guidelines"]
    register = built.json("reports/register.json")["documents"]
    assert [(r["id"], r["type"]) for r in register] == [
        ("PRO-01", "procedure"),
        ("SOP-01", "sop"),
        ("GDL-01", "guideline"),
    ]
    chinese = build_site(
        write_site(tmp_path / "zh", documents, options={"types": TYPES, "language": "zh"})
    )
    titles = navigation(chinese.page("procedures/sop-01")).titles()
    assert titles[1:4] == ["过程", "标准作业程序", "Guidelines"]  # no Chinese title given


def test_new_and_schema_know_the_manual_s_own_types(tmp_path: Path) -> None:
    config = write_site(tmp_path, {}, options={"types": TYPES, "classifications": LEVELS})
    runner = CliRunner()
    result = runner.invoke(main, ["new", "sop", "--title", "Restore", "-f", str(config)])
    assert result.exit_code == 0, result.output
    assert "(SOP-01)" in result.output
    created = next((tmp_path / "procedures").glob("sop-01-*.md")).read_text("utf-8")
    assert "type: sop\n" in created
    wrong = runner.invoke(main, ["new", "sopp", "--title", "X", "-f", str(config)])
    assert wrong.exit_code == 2 and "did you mean sop?" in wrong.output
    schema = json.loads(runner.invoke(main, ["schema", "-f", str(config)]).output)
    assert schema["properties"]["type"]["enum"] == [*BUILTIN_TYPES, "sop", "guideline"]
    assert schema["properties"]["classification"]["enum"] == LEVELS
    assert json_schema()["properties"]["classification"]["enum"] == LEVELS[:3]


# ------------------------------------------------------------------ leaks, four levels

CANARY = {level: f"CANARY-{level.upper()}-5513" for level in LEVELS}


def _canary_documents() -> dict[str, str]:
    documents = {}
    for index, level in enumerate(LEVELS, start=1):
        canary = CANARY[level]
        documents[f"procedures/pro-{index:02d}.md"] = document(
            f"PRO-L-{index:02d}",
            f"Handling {canary}",
            owner=f"Owner {canary}",
            classification=level,
            clauses=["8.7.3.3"],
            history=[{"revision": "1.0", "date": "2026-06-01", "summary": f"Issued {canary}"}],
            body=f"# Handling\n\nThe {canary} steps.\n",
        )
    return documents


@pytest.mark.slow
@pytest.mark.parametrize("audience", LEVELS)
def test_an_edition_shows_its_audience_and_wider_levels_never_narrower_ones(
    tmp_path: Path, audience: str
) -> None:
    built = build_site(
        write_site(
            tmp_path,
            _canary_documents(),
            options={"classifications": LEVELS, "audience": audience},
        ),
        config={"site_url": "https://sms.example/"},  # so that a sitemap lists every page
    )
    shown = LEVELS[: LEVELS.index(audience) + 1]
    for level in LEVELS:
        found = files_containing(built.site, CANARY[level])
        if level in shown:
            # Its page, the search index and the exports all carry it.
            assert {"search/search_index.json", "reports/register.csv"} <= set(found), level
        else:
            assert found == [], (level, found)
            page = f"procedures/pro-{LEVELS.index(level) + 1:02d}/"
            assert files_containing(built.site, page) == [], level  # no page, no sitemap
    assert "sitemap.xml" in {p.name for p in built.site.iterdir()}
