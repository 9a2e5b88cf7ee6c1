"""Time a group's site against the same pages as one organisation's manual, in one run.

The group: ``--units`` units of ``--per-unit`` documents each (every unit with a few local
variants of group procedures) and ``--group`` group documents. The same documents, in the
same folders and with the same ids, are also built as one organisation's manual (no units),
so the difference is what the units add: the unit of each document, the variants, the units
report and every unit's coverage. Builds are interleaved in pairs of alternating order, the
best of each kept (a shared host's noise only ever adds time). Also timed, in one process
(CPU time): coverage of every standard for one unit and for all units.

    python benchmarks/groups.py [--units 10] [--per-unit 300] [--group 500] [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from clausebook.cli.project import load_project
from clausebook.core.manual import load, unit_coverage_of
from generate import AS_OF, generate
from run import BIN, measure

_VARIANT = re.compile(r"^variant_of: .*\n", re.M)


def group_corpus(root: Path, units: int, per_unit: int, group: int) -> None:
    """The corpus as a group: documents after the first ``group`` moved into unit folders,
    the first five of each unit made local variants of group procedures."""
    documents = generate(root, group + units * per_unit)
    procedures = [p for p in documents[:group] if p.name.startswith("pro-")]
    config = root / "mkdocs.yml"
    lines = ["      units:"]
    for number in range(units):
        code = f"U{number + 1:02d}"
        folder = f"units/{code.lower()}"
        lines += [f"        - code: {code}", f"          name: Unit {code}"]
        lines += [f"          sources: [{folder}]"]
        start = group + number * per_unit
        for index, path in enumerate(documents[start : start + per_unit]):
            target = root / folder / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text("utf-8")
            if index < 5 and procedures:
                replaced = procedures[(number * 5 + index) % len(procedures)]
                variant = f"variant_of: {replaced.stem.upper()}\n"
                text = text.replace("---\n", "---\n" + variant, 1)
            target.write_text(text, "utf-8")
            path.unlink()
    config.write_text(config.read_text("utf-8") + "\n".join(lines) + "\n", "utf-8")


def one_organisation(group_root: Path, root: Path) -> None:
    """The group's very files as one organisation's manual: unit folders are plain sources."""
    shutil.copytree(group_root, root)
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    folders = re.findall(r"sources: \[(units/\w+)\]", text)
    text = text.split("      units:\n")[0]
    text = text.replace(
        "sources: [manual, procedures]", f"sources: [manual, procedures, {', '.join(folders)}]"
    )
    config.write_text(text, "utf-8")
    for path in root.glob("units/*/*.md"):  # one organisation has no local variants
        path.write_text(_VARIANT.sub("", path.read_text("utf-8"), count=1), "utf-8")


def coverage_seconds(root: Path) -> tuple[float, float]:
    """CPU seconds to compute every standard's coverage for one unit, and for all units
    (CPU time, not wall time: on a shared host the wall clock measures the neighbours)."""
    project = load_project(root / "mkdocs.yml")
    manual = load(project.root, project.settings, as_of=AS_OF)
    codes = list(manual.units)
    timings = []
    for chosen in (codes[:1], codes):
        manual.unit_coverage.clear()
        start = time.process_time()
        for code in chosen:
            for standard in manual.catalogues:
                unit_coverage_of(manual, code, standard)
        timings.append(time.process_time() - start)
    return timings[0], timings[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--per-unit", type=int, default=300)
    parser.add_argument("--group", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="clausebook-groups-"))
    grouped, single = work / "group", work / "single"
    group_corpus(grouped, args.units, args.per_unit, args.group)
    one_organisation(grouped, single)
    mkdocs = [str(BIN / "mkdocs"), "build", "-q"]
    pairs = []
    for i in range(args.repeat):
        order = (grouped, single) if i % 2 else (single, grouped)
        built = {root: measure(mkdocs, root) for root in order}
        pairs.append((built[single], built[grouped]))
    one, every = coverage_seconds(grouped)
    total = args.group + args.units * args.per_unit
    best_single = min(s.seconds for s, _ in pairs)
    best_group = min(g.seconds for _, g in pairs)
    cpu_single = min(s.cpu_seconds for s, _ in pairs)
    cpu_group = min(g.cpu_seconds for _, g in pairs)
    print(f"{total} documents: {args.units} units x {args.per_unit} + {args.group} group")
    print(f"one organisation: {best_single:.2f} s, CPU {cpu_single:.2f} s (best of {args.repeat})")
    print(f"group:            {best_group:.2f} s ({best_group / best_single:.2f}x), CPU ", end="")
    print(f"{cpu_group:.2f} s ({cpu_group / cpu_single:.2f}x)")
    ratios = [g.seconds / s.seconds for s, g in pairs]
    print(f"median of pairs:  {statistics.median(ratios):.2f}x")
    print(f"coverage of every standard, CPU: 1 unit {one:.3f} s, {args.units} units {every:.3f} s")
    shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
