"""Creating files for users: the next controlled document, or a whole new manual.

Nothing here ever overwrites a file: a file that exists is reported and left as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from clausebook.core.frontmatter import split
from clausebook.core.loader import decode, find_sources
from clausebook.core.manual import Manual
from clausebook.core.metadata import json_schema
from clausebook.core.settings import Settings
from clausebook.core.vocabulary import MANUAL_TYPES
from clausebook.render.labels import Labels


def _environment(package: str, folder: str) -> Environment:
    environment = Environment(
        loader=PackageLoader(package, folder),
        autoescape=False,  # writes Markdown and YAML; values go through tojson
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
    return environment


_ENV = _environment("clausebook.render", "templates")
#: The files of a new manual (``clausebook init``).
_STARTER = _environment("clausebook.cli", "starter")

#: Headings of a new document, by language.
HEADINGS = {
    "en": ["Purpose", "Scope", "Roles and responsibilities", "Activities", "Records", "Measures"],
    "zh": ["目的", "范围", "职责", "活动", "记录", "测量"],
}
#: ...and of a new record: what was held, what was found, what follows.
RECORD_HEADINGS = {"en": ["Held", "Findings", "Actions"], "zh": ["概况", "发现", "措施"]}


def next_id(existing: list[str], prefix: str, area: str | None = None) -> str:
    """The next free id: PRO-CHG-03 after PRO-CHG-01 and PRO-CHG-02 (case-insensitive)."""
    stem = f"{prefix}-{area.upper()}" if area else prefix
    pattern = re.compile(rf"^{re.escape(stem)}-(\d+)$", re.IGNORECASE)
    numbers = [int(m.group(1)) for i in existing if (m := pattern.match(i))]
    return f"{stem}-{max(numbers, default=0) + 1:02d}"


def slug(title: str) -> str:
    text = re.sub(r"[^\w\s-]", "", title.lower()).strip()
    return re.sub(r"[\s_-]+", "-", text)[:50].strip("-") or "document"


@dataclass
class Created:
    path: Path
    id: str


def render_new(
    doc_type: str,
    title: str,
    doc_id: str,
    owner: str,
    clauses: dict[str, list[str]],
    today: dt.date,
    language: str = "en",
) -> str:
    """A draft's source: valid front matter (``clauses`` by standard) and empty sections."""
    return _ENV.get_template("new.md.j2").render(
        id=doc_id,
        title=title,
        type=doc_type,
        owner=owner,
        approver="",
        clauses=clauses,
        today=today.isoformat(),
        author=owner,
        summary="初稿" if language == "zh" else "First draft",
        headings=(RECORD_HEADINGS if doc_type == "record" else HEADINGS)[
            "zh" if language == "zh" else "en"
        ],
    )


def new_document(
    manual: Manual,
    doc_type: str,
    title: str,
    *,
    owner: str,
    area: str | None,
    folder: str | None,
    today: dt.date,
) -> Created:
    """Write a new draft with valid front matter; raises FileExistsError rather than overwrite."""
    settings = manual.settings
    every_id = [d.id for d in manual.documents] + _ids_on_disk(manual)
    doc_id = next_id(every_id, settings.prefix_for(doc_type), area)
    target_folder = folder or _folder_for(doc_type, settings)
    folder_path = (manual.root / target_folder).resolve()
    path = folder_path / f"{doc_id.lower()}-{slug(title)}.md"
    if path.resolve().parent != folder_path:  # an id made of a hostile prefix or area
        raise ValueError(f"the new file {path.name!r} would be written outside {target_folder}")
    standard = next(iter(manual.catalogues))
    text = render_new(doc_type, title, doc_id, owner, {standard: []}, today, manual.language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return Created(path, doc_id)


def _ids_on_disk(manual: Manual) -> list[str]:
    """The id written in every source file, including those the manual leaves out: drafts of
    other editions, withheld documents and files whose front matter is not valid yet (such as
    a draft just created, with its approver still empty)."""
    paths, _ = find_sources(manual.root, manual.settings.sources)
    found = []
    for path in paths:
        try:
            text, _ = decode(path.read_bytes(), path.name)
        except OSError:
            continue
        matter = split(text, path.name)[0] if text is not None else None
        value = matter.data.get("id") if matter is not None else None
        if isinstance(value, str):
            found.append(value)
    return found


def _folder_for(doc_type: str, settings: Settings) -> str:
    sources = settings.sources
    if doc_type in MANUAL_TYPES or len(sources) == 1:
        return sources[0]
    return sources[1]


def install_spec() -> str:
    """What the new repository's Makefile installs: clausebook by version, at least the one
    that wrote it (``clausebook>=0.1.0``), from whatever index or wheel folder pip is given.

    Never the path this clausebook was installed from: the repository is committed and built
    on other machines and CI runners, where that path does not exist.
    """
    return f"clausebook>={metadata.version('clausebook')}"


@dataclass(frozen=True)
class Starter:
    """What ``clausebook init`` was asked for."""

    name: str = "Management system"
    standards: tuple[str, ...] = ("iso20000-1:2018",)
    language: str = "en"


def starter_clauses() -> dict[str, dict[str, list[str]]]:
    """The clauses each starter document maps, by standard and type (``starter/clauses.yaml``)."""
    text = resources.files("clausebook.cli.starter").joinpath("clauses.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def init_project(
    target: Path, today: dt.date, starter: Starter | None = None
) -> tuple[list[Path], list[Path]]:
    """Start a new manual repository; returns (written, skipped because they exist).

    The starter names clausebook by version (never a path of this machine), maps its drafts to
    clauses of the standards chosen, and speaks the language chosen.
    """
    starter = starter or Starter()
    written: list[Path] = []
    skipped: list[Path] = []

    def write(relative: str, text: str) -> None:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            skipped.append(path)
        else:
            written.append(path)

    values = {
        "name": starter.name,
        "language": starter.language,
        "standards": starter.standards,
        "requirement": install_spec(),
    }
    for name, relative in (
        ("mkdocs.yml.j2", "mkdocs.yml"),
        ("README.md.j2", "README.md"),
        ("index.md.j2", "docs/index.md"),
    ):
        write(relative, _STARTER.get_template(name).render(**values))
    folder = resources.files("clausebook.cli.starter")
    makefile = folder.joinpath("Makefile").read_text("utf-8")
    write("Makefile", makefile.replace("@CLAUSEBOOK@", install_spec()))
    write(".gitignore", folder.joinpath("gitignore").read_text("utf-8"))
    settings = Settings(language=starter.language)
    chinese = Labels("zh")
    mapped = starter_clauses()
    for doc_type in settings.doc_types:
        doc_id = f"{settings.prefix_for(doc_type)}-01"
        english = f"Example {doc_type.replace('-', ' ')}"
        # Chinese type labels are the singular names ("程序"); English ones are plural titles.
        title = f"示例{chinese(f'type.{doc_type}')}" if starter.language == "zh" else english
        clauses = {s: mapped.get(s, {}).get(doc_type, []) for s in starter.standards}
        text = render_new(
            doc_type, title, doc_id, "Document Controller", clauses, today, starter.language
        )
        place = "manual" if doc_type in MANUAL_TYPES else "procedures"
        write(f"{place}/{doc_id.lower()}-{slug(english)}.md", text)
    write("clausebook.schema.json", json.dumps(json_schema(), indent=2) + "\n")
    return written, skipped
