"""The plugin's config schema, the core Settings model and the docs stay in step."""

from __future__ import annotations

import re
from pathlib import Path

from clausebook.config import ClausebookConfig, ReviewConfig
from clausebook.labels import EN, ZH, Labels, language_of
from clausebook.problems import CODES
from clausebook.settings import ReviewSettings, Settings, parse_settings

ROOT = Path(__file__).resolve().parents[1]


def test_plugin_options_match_settings() -> None:
    assert set(dict(ClausebookConfig().items())) | {"enabled"} == set(Settings.model_fields)
    assert set(dict(ReviewConfig().items())) == set(ReviewSettings.model_fields)


def test_plugin_defaults_become_the_settings_defaults() -> None:
    config = ClausebookConfig()
    assert config.load_dict({}) is None
    errors, warnings = config.validate()
    assert (errors, warnings) == ([], [])
    options = dict(config)
    options["review"] = dict(options["review"])
    settings, problems = parse_settings(options)
    assert problems == []
    assert settings == Settings()
    assert settings.sources == ["manual", "procedures"]
    assert settings.standards == ["iso20000-1:2018"]
    assert settings.drafts == "exclude"
    assert settings.audience.value == "internal"
    assert settings.review.default_interval == "12 months"
    assert settings.review.due_soon_days == 30


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
