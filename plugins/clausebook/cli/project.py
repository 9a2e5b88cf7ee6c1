"""Reading a clausebook project's ``mkdocs.yml`` without MkDocs.

The CLI reads the very block the plugin reads (``plugins: - clausebook: {...}``) and turns it
into the same :class:`~clausebook.settings.Settings`, so site and CLI never disagree. MkDocs'
own YAML tags (``!ENV``, ``!relative``, ``!!python/name:``) are tolerated: ``!ENV`` is
resolved as MkDocs resolves it; the others are irrelevant to clausebook.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clausebook.core.problems import Problem
from clausebook.core.settings import Settings, configure, listed_twice


class _Loader(yaml.SafeLoader):
    """MkDocs' config loader semantics, minus executing anything."""


def _env(loader: _Loader, node: yaml.Node) -> Any:
    names = (
        [loader.construct_scalar(node)]
        if isinstance(node, yaml.ScalarNode)
        else [str(v) for v in loader.construct_sequence(node)]  # type: ignore[arg-type]
    )
    *variables, default = names if len(names) > 1 else [*names, None]
    for name in variables:
        if name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _ignore(loader: _Loader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", _ignore)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)


@dataclass
class Project:
    """What the CLI needs from mkdocs.yml."""

    root: Path
    config_file: Path
    settings: Settings
    docs_dir: Path
    site_dir: Path
    use_directory_urls: bool
    site_name: str
    #: The site's address (``site_url``), for links that leave the site (the calendar's).
    site_url: str | None = None


class ProjectError(Exception):
    """mkdocs.yml is missing or unusable; carries problems to print (exit code 2)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.render() for p in problems))
        self.problems = problems


def load_project(config_file: Path) -> Project:
    """Read ``mkdocs.yml`` and the clausebook options in it."""
    config_file = config_file.resolve()
    data = _read(config_file, set())
    if not isinstance(data, dict):
        raise ProjectError([Problem.of("CB505", f"{config_file} is not a YAML mapping")])
    options = _plugin_options(data.get("plugins"))
    if options is None:
        raise ProjectError(
            [
                Problem.of(
                    "CB505",
                    f"{config_file.name} does not enable the clausebook plugin: add "
                    "'- clausebook' under 'plugins:'",
                )
            ]
        )
    root = config_file.parent
    docs_dir = root / str(data.get("docs_dir") or "docs")
    theme = data.get("theme")
    options.pop("enabled", None)  # MkDocs' own option; the command line reads the manual anyway
    settings, problems = configure(
        options,
        root=root,
        docs_dir=docs_dir,
        theme_language=theme.get("language") if isinstance(theme, dict) else None,
    )
    if settings is None:
        raise ProjectError(problems)
    return Project(
        root=root,
        config_file=config_file,
        settings=settings,
        docs_dir=docs_dir,
        site_dir=root / str(data.get("site_dir") or "site"),
        use_directory_urls=bool(data.get("use_directory_urls", True)),
        site_name=str(data.get("site_name") or ""),
        site_url=str(data["site_url"]) if data.get("site_url") else None,
    )


def _read(config_file: Path, seen: set[Path]) -> Any:
    """The YAML of ``mkdocs.yml``, merged over the file it names with ``INHERIT`` as MkDocs
    merges them (mappings merged key by key, anything else replaced), so a unit's own site
    file reads as its build does."""
    try:
        data = yaml.load(config_file.read_text("utf-8-sig"), Loader=_Loader) or {}
    except FileNotFoundError:
        raise ProjectError(
            [Problem.of("CB505", f"{config_file} does not exist (use --config FILE)")]
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProjectError([Problem.of("CB505", f"cannot read {config_file}: {error}")]) from None
    if not isinstance(data, dict) or "INHERIT" not in data:
        return data
    parent = (config_file.parent / str(data.pop("INHERIT"))).resolve()
    if parent in seen | {config_file}:
        raise ProjectError([Problem.of("CB505", f"{config_file.name} inherits from itself")])
    return _merged(_read(parent, seen | {config_file}), data)


def _merged(base: Any, override: Any) -> Any:
    if not (isinstance(base, dict) and isinstance(override, dict)):
        return override
    return {**base, **{key: _merged(base.get(key), value) for key, value in override.items()}}


def _plugin_options(plugins: Any) -> dict[str, Any] | None:
    """The options of the clausebook entry, in either list or mapping form; an entry listed
    twice or options that are not a mapping are refused as MkDocs' own build refuses them."""
    entries: list[Any] = []
    if isinstance(plugins, dict):
        entries = [{k: v} for k, v in plugins.items()]
    elif isinstance(plugins, list):
        entries = plugins
    found = [
        {} if entry == "clausebook" else entry["clausebook"]
        for entry in entries
        if entry == "clausebook" or (isinstance(entry, dict) and "clausebook" in entry)
    ]
    if len(found) > 1:
        raise ProjectError([listed_twice()])
    if not found:
        return None
    options = found[0] if found[0] is not None else {}
    if not isinstance(options, dict):
        raise ProjectError(
            [
                Problem.of(
                    "CB505",
                    "the options of the clausebook plugin are not 'name: value' lines",
                    field="plugins.clausebook",
                )
            ]
        )
    return dict(options)
