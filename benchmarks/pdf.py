"""Time `clausebook pdf` (and the Word and HTML copies) on the example and a generated manual.

Each set is built once with `mkdocs build`, then printed: the time of `clausebook pdf` as a
user sees it (starting Chromium, every document, manual.pdf), the files and pages written,
and the CPU time of the clausebook process (Chromium's own processes are not counted in it).
The best of ``--repeat`` runs is kept: a shared host's noise only ever adds time.

    python benchmarks/pdf.py [--sizes example,500] [--repeat 1] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and child CPU seconds of ``command``, and its last line of output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, (result.stdout.strip().splitlines() or [""])[-1]


def _project(size: str, work: Path) -> Path:
    """The example manual (copied, so its folders stay untouched) or a generated one."""
    if size == "example":
        target = work / "example"
        for name in ("manual", "procedures", "docs", "mkdocs.yml"):
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name)
            else:
                shutil.copy2(source, target / name)
        return target
    target = work / f"generated-{size}"
    generate(target, int(size))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="example,500")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--copies", action="store_true", help="also time docx and html")
    args = parser.parse_args()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    print(f"{'set':>10} {'step':>6} {'wall s':>8} {'cpu s':>7}  result")
    with tempfile.TemporaryDirectory(prefix="clausebook-pdf-bench-") as tmp:
        for size in args.sizes.split(","):
            root = _project(size, Path(tmp))
            wall, cpu, _ = _run([str(BIN / "mkdocs"), "build", "-q"], root, env)
            print(f"{size:>10} {'build':>6} {wall:8.1f} {cpu:7.1f}")
            steps = ["pdf", *(["docx", "html"] if args.copies else [])]
            for step in steps:
                best = None
                for _ in range(args.repeat):
                    measured = _run([str(BIN / "clausebook"), step], root, env)
                    best = measured if best is None or measured[0] < best[0] else best
                assert best is not None
                print(f"{size:>10} {step:>6} {best[0]:8.1f} {best[1]:7.1f}  {best[2]}")


if __name__ == "__main__":
    main()
