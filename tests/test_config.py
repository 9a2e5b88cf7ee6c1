"""The plugin's config schema, the core Settings model and the docs stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from clausebook.core.problems import CODES
from clausebook.core.settings import Settings, configure, language_of, parse_settings
from clausebook.mkdocs.config import ClausebookConfig, options_written
from clausebook.render.labels import EN, ZH, Labels

ROOT = Path(__file__).resolve().parents[1]


def test_plugin_options_are_the_settings_fields() -> None:
    """One schema: MkDocs knows exactly the options of Settings, and leaves them as written."""
    config = ClausebookConfig()
    assert set(dict(config.items())) == set(Settings.model_fields)
    config.load_dict({"review": {"due_soon_days": True}, "exclusions": None})
    assert config.validate() == ([], [])
    assert options_written(config) == {"review": {"due_soon_days": True}, "exclusions": None}


def test_plugin_defaults_become_the_settings_defaults(tmp_path: Path) -> None:
    config = ClausebookConfig()
    assert config.load_dict({}) is None
    errors, warnings = config.validate()
    assert (errors, warnings) == ([], [])
    (tmp_path / "manual").mkdir()
    settings, problems = configure(
        options_written(config), root=tmp_path, docs_dir=tmp_path / "docs", theme_language=None
    )
    assert problems == []
    assert settings == Settings(language="en")
    assert settings.sources == ["manual", "procedures"]
    assert settings.standards == ["iso20000-1:2018"]
    assert settings.drafts == "exclude"
    assert settings.audience == "internal"
    assert settings.review.default_interval == "12 months"
    assert settings.review.due_soon_days == 30


def test_publishing_never_shows_drafts_and_the_theme_gives_the_language(tmp_path: Path) -> None:
    settings, _ = configure(
        {"drafts": "include"},
        root=tmp_path,
        docs_dir=tmp_path / "docs",
        theme_language="zh-TW",
        publishing=True,
    )
    assert settings is not None
    assert (settings.drafts, settings.language) == ("exclude", "zh")


def test_unknown_plugin_option_is_reported_by_mkdocs() -> None:
    config = ClausebookConfig()
    config.load_dict({"sources": ["manual"], "draft": "include"})
    errors, warnings = config.validate()
    assert errors == []
    assert [name for name, _ in warnings] == ["draft"]


def test_settings_errors_name_the_option() -> None:
    settings, problems = parse_settings({"audience": "secret", "review": {"log_level": "loud"}})
    assert settings is None
    fields = sorted(p.field for p in problems)
    assert fields == ["plugins.clausebook.audience", "plugins.clausebook.review.log_level"]
    assert all(p.code == "CB505" for p in problems)


def test_english_and_chinese_labels_have_the_same_keys() -> None:
    assert set(EN) == set(ZH)
    for key, text in EN.items():
        placeholders = set(re.findall(r"{(\w+)", text))
        assert placeholders == set(re.findall(r"{(\w+)", ZH[key])), key


def test_language_follows_option_then_theme() -> None:
    assert language_of(None, None) == "en"
    assert language_of(None, "zh") == "zh"
    assert language_of(None, "zh-TW") == "zh"
    assert language_of("en", "zh") == "en"
    assert Labels("zh")("register") == "受控文件清单"
    assert Labels("fr")("register") == "Document register"


def test_every_problem_code_is_documented() -> None:
    page = (ROOT / "docs" / "reference" / "problems.md").read_text("utf-8")
    for code, info in CODES.items():
        assert f"### {code}: {info.summary}" in page, code
