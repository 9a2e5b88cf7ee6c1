"""Compiled templates kept between runs: used when valid, recompiled when not, never fatal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from clausebook.render.compiled import bytecode_cache

OPTIONS = {"autoescape": True, "trim_blocks": True}


def _environment(templates: dict[str, str], directory: Path) -> tuple[Environment, list[str]]:
    """An environment like clausebook's (templates from files, the cache in ``directory``),
    and the names of the templates it compiled."""
    compiled: list[str] = []
    folder = directory.parent / "templates"
    folder.mkdir(exist_ok=True)
    for name, source in templates.items():
        (folder / name).write_text(source, "utf-8")

    class Counting(Environment):
        def _compile(self, source: str, filename: str) -> object:
            compiled.append(Path(filename).name)
            return super()._compile(source, filename)

    env = Counting(
        loader=FileSystemLoader(folder),
        bytecode_cache=bytecode_cache(OPTIONS, str(directory)),
        **OPTIONS,  # type: ignore[arg-type]
    )
    return env, compiled


def _cache_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    return folder


def test_a_second_run_loads_what_the_first_compiled(tmp_path: Path) -> None:
    tmp_path = _cache_folder(tmp_path)
    templates = {"page.j2": "<p>{{ title }}</p>"}
    first, compiled = _environment(templates, tmp_path)
    assert first.get_template("page.j2").render(title="<服务>") == "<p>&lt;服务&gt;</p>"
    assert compiled == ["page.j2"] and len(list(tmp_path.iterdir())) == 1

    second, compiled_again = _environment(templates, tmp_path)
    assert second.get_template("page.j2").render(title="a & b") == "<p>a &amp; b</p>"
    assert compiled_again == []  # loaded from the cache


def test_an_edited_template_is_compiled_afresh(tmp_path: Path) -> None:
    tmp_path = _cache_folder(tmp_path)
    _environment({"page.j2": "old {{ x }}"}, tmp_path)[0].get_template("page.j2")
    env, compiled = _environment({"page.j2": "new {{ x }}"}, tmp_path)
    assert env.get_template("page.j2").render(x=1) == "new 1"
    assert compiled == ["page.j2"]


def test_other_options_use_other_entries(tmp_path: Path) -> None:
    # The same source compiled with other settings (autoescape off) must not be reused.
    assert bytecode_cache(OPTIONS, str(tmp_path)).pattern != (  # type: ignore[union-attr]
        bytecode_cache({**OPTIONS, "autoescape": False}, str(tmp_path)).pattern  # type: ignore[union-attr]
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_folder_that_cannot_be_written_is_no_cache_not_an_error(tmp_path: Path) -> None:
    tmp_path = _cache_folder(tmp_path)
    tmp_path.chmod(0o500)
    try:
        env, compiled = _environment({"page.j2": "{{ x }}"}, tmp_path)
        assert env.get_template("page.j2").render(x="ok") == "ok"
        assert compiled == ["page.j2"] and list(tmp_path.iterdir()) == []
    finally:
        tmp_path.chmod(0o700)


def test_a_cache_file_that_cannot_be_written_is_no_cache_not_an_error(tmp_path: Path) -> None:
    tmp_path = _cache_folder(tmp_path)
    # A cache folder that has gone fails for root too (root ignores permissions).
    env, _ = _environment({"page.j2": "{{ x }}"}, tmp_path)
    cache = env.bytecode_cache
    assert cache is not None
    bucket = cache.get_bucket(env, "page.j2", None, "{{ x }}")
    cache.directory = str(tmp_path / "gone")  # type: ignore[attr-defined]
    cache.dump_bytecode(bucket)  # no OSError escapes
    assert env.get_template("page.j2").render(x="ok") == "ok"
