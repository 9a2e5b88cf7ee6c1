"""Deterministic synthetic management systems of N documents, for the benchmarks.

Each document is about 1 KB of Markdown with valid clausebook front matter: mixed types,
clause mappings over the three built-in standards, histories, approval dates (one in forty
missing), every review state as of
2026-11-24, cross-references and some Chinese text. The same pages can be written as a plain
Material site (no clausebook) to measure the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path
from typing import Any

import yaml

from clausebook.cli.project import load_project
from clausebook.core.catalogue import built_in
from clausebook.core.manual import load
from clausebook.render.labels import Labels
from clausebook.render.navigation import Section, document_nav

AS_OF = dt.date(2026, 11, 24)
TYPES = [  # (type, prefix, folder, weight)
    ("manual", "MAN", "manual", 1),
    ("policy", "POL", "manual", 3),
    ("plan", "PLN", "manual", 3),
    ("procedure", "PRO", "procedures", 45),
    ("work-instruction", "WI", "procedures", 30),
    ("form", "FRM", "procedures", 18),
]
AREAS = ["CHG", "INC", "PRB", "CFG", "REL", "SLM", "SUP", "CAP", "AVL", "CON", "ISM", "DOC"]
STATUSES = ["effective"] * 17 + ["draft", "in-review", "obsolete"]
OWNERS = [
    "Change Manager",
    "Incident Manager",
    "Problem Manager",
    "Service Level Manager",
    "Supplier Manager",
    "Configuration Manager",
    "Information Security Manager",
    "Quality Manager",
    "服务台经理",
]
ZH = "本程序规定了变更管理和服务级别协议的要求，适用于服务管理体系范围内的所有服务。"
WORDS = [
    "service",
    "change",
    "incident",
    "request",
    "record",
    "review",
    "approve",
    "customer",
    "supplier",
    "capacity",
    "availability",
    "continuity",
    "security",
    "configuration",
    "release",
    "deployment",
    "report",
    "measure",
    "owner",
    "manager",
    "evidence",
    "risk",
    "control",
    "objective",
    "improvement",
]

MKDOCS_YML = """\
site_name: Synthetic manual ({n} documents)
docs_dir: docs
theme:
  name: material
  font: false
  features: [navigation.prune]
plugins:
  - search
{extra}"""

CLAUSEBOOK = """\
  - clausebook:
      sources: [manual, procedures]
      standards: [iso20000-1:2018, iso9001:2015, iso27001:2022]
      as_of: 2026-11-24
      review:
        log_level: info
"""


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _ids(n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    population = [t for t in TYPES for _ in range(t[3])]
    ids = []
    for index in range(1, n + 1):
        doc_type, prefix, folder, _ = rng.choice(population)
        area = AREAS[index % len(AREAS)]
        ids.append((f"{prefix}-{area}-{index:04d}", doc_type, folder))
    return ids


def _document(
    doc_id: str,
    doc_type: str,
    index: int,
    ids: list[str],
    rng: random.Random,
    clauses: dict[str, list[str]],
) -> str:
    status = rng.choice(STATUSES)
    major, minor = rng.randint(1, 4), rng.randint(0, 12)
    revision = f"{major}.{minor}"
    effective = AS_OF - dt.timedelta(days=rng.randint(20, 900))
    reviewed = effective + dt.timedelta(days=rng.randint(0, max(0, (AS_OF - effective).days)))
    history = []
    day = effective
    for step in range(rng.randint(1, 4)):
        rev = (
            revision
            if step == 0
            else f"{major}.{max(0, minor - step)}"
            if minor >= step
            else f"{max(1, major - step)}.0"
        )
        if any(h[0] == rev for h in history):
            break
        history.append((rev, day, _sentence(rng, 6)))
        day -= dt.timedelta(days=rng.randint(60, 400))
    mapping = {
        std: sorted(rng.sample(numbers, k=rng.randint(1, 3)))
        for std, numbers in clauses.items()
        if rng.random() < (0.9 if std == "iso20000-1:2018" else 0.4)
    }
    lines = [
        "---",
        f"id: {doc_id}",
        f"title: {_sentence(rng, 4)[:-1]}",
        f"type: {doc_type}",
        f"owner: {rng.choice(OWNERS)}",
        "approver: Head of IT Services",
        f'revision: "{revision}"',
        f"status: {status}",
    ]
    if status != "draft":
        lines.append(f"effective: {effective}")
    if status == "effective":
        # Approved the day the revision took effect, as a kept record says; one in forty
        # forgets the date, which check reports (CB362): a corpus with a few problems.
        if index % 40:
            lines.append(f"approved: {effective}")
        lines.append(f"reviewed: {reviewed}")
    if mapping:
        lines.append("clauses:")
        lines += [f"  {std}: [{', '.join(numbers)}]" for std, numbers in mapping.items()]
    lines.append("history:")
    for rev, when, summary in history:
        lines += [
            f'  - revision: "{rev}"',
            f"    date: {when}",
            "    author: Jane Doe",
            f"    summary: {summary}",
        ]
    lines.append("---")
    others = rng.sample(ids, k=2)
    body = [
        f"# {doc_id}",
        "",
        "## Purpose",
        "",
        _sentence(rng, 25),
        "",
        "## Activities",
        "",
        *(f"{step}. {_sentence(rng, 10)}" for step in range(1, 5)),
        "",
        f"See [[{others[0]}]] and [[{others[1]}]].",
        "",
        "| Record | Retention |",
        "|---|---|",
        "| Request | 3 years |",
        "| Approval | 6 years |",
        "",
        "## Measures",
        "",
        ZH if index % 5 == 0 else _sentence(rng, 20),
        "",
    ]
    return "\n".join(lines) + "\n" + "\n".join(body)


def generate(root: Path, n: int, seed: int = 1) -> list[Path]:
    """Write a clausebook site of ``n`` documents into ``root``; return the documents."""
    rng = random.Random(seed)
    clauses = {
        std: [c.number for c in built_in(std).assessable()]
        for std in ("iso20000-1:2018", "iso9001:2015", "iso27001:2022")
    }
    entries = _ids(n, rng)
    ids = [doc_id for doc_id, _, _ in entries]
    written = []
    for index, (doc_id, doc_type, folder) in enumerate(entries, start=1):
        path = root / folder / f"{doc_id.lower()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_document(doc_id, doc_type, index, ids, rng, clauses), "utf-8")
        written.append(path)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Synthetic manual\n", "utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(n=n, extra=CLAUSEBOOK), "utf-8")
    return written


_FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_XREF = re.compile(r"\[\[([^\]]+)\]\]")


def baseline(source_root: Path, root: Path, n: int) -> None:
    """The pages of the clausebook site as a plain Material site with navigation.prune.

    Same document pages (those the edition publishes: drafts are left out), same paths and
    the same navigation, written as an explicit ``nav``: the difference between the two
    builds is what clausebook adds (control blocks, reports, exports), not a different
    sidebar.
    """
    project = load_project(source_root / "mkdocs.yml")
    manual = load(project.root, project.settings, as_of=AS_OF)
    for document in manual.documents:
        text = document.path.read_text("utf-8")
        body = _XREF.sub(r"\1", _FRONT.sub("", text, count=1))
        target = root / "docs" / document.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, "utf-8")
    (root / "docs" / "index.md").write_text("# Synthetic manual\n", "utf-8")
    documents = document_nav(manual.documents, Labels(manual.language))
    sections = [*documents.in_force, *([documents.archive] if documents.archive else [])]
    nav = yaml.safe_dump(
        {"nav": ["index.md", *(_nav(s) for s in sections)]}, allow_unicode=True, sort_keys=False
    )
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(n=n, extra="") + nav, "utf-8")


def _nav(section: Section) -> dict[str, list[Any]]:
    return {
        section.title: [
            _nav(e) if isinstance(e, Section) else {e.label: e.src_uri} for e in section.entries
        ]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.root, args.n, args.seed)
    print(f"wrote {args.n} documents to {args.root}")


if __name__ == "__main__":
    main()
