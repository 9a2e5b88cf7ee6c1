"""Time clausebook against Material with navigation.prune on the same pages, in one run.

For each size N: (a) the baseline, a plain Material site with ``navigation.prune`` holding the
same Markdown pages; (b) the full clausebook site. Both are built as subprocesses
(``mkdocs build``), so times include interpreter start. Also measured: ``clausebook check``
alone; the plugin's own work, as the time a real build spends in its event handlers (what
the build process waits for) and as all of it in one process (load, check, coverage,
schedule, register, every generated page); the
largest generated page; and a ``--dirty`` rebuild after editing one document (what
``mkdocs serve --dirty`` does on save).

    python benchmarks/run.py [--sizes 100 500 2000 5000] [--repeat 7] [--write-docs]
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

import clausebook
from generate import AS_OF, baseline, generate

BIN = Path(sys.executable).parent
DOCS_PAGE = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)"
    ".returncode\n"
    "wall = time.perf_counter() - t\n"
    "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(wall, used.ru_maxrss, used.ru_utime + used.ru_stime, code)\n"
)


@dataclass
class Result:
    n: int
    baseline_s: float
    baseline_mb: float
    site_s: float
    site_mb: float
    site_size_mb: float
    check_s: float
    #: The plugin's time in a real build's process, and all its work in a fresh process.
    plugin_s: float
    plugin_total_s: float
    largest_page_kb: float
    dirty_s: float
    #: The median of b/a over the interleaved pairs (each pair ran back to back).
    median_ratio: float
    #: The least CPU time (user and system, every process of the build) of a and of b.
    baseline_cpu_s: float
    site_cpu_s: float

    @property
    def ratio(self) -> float:
        return self.site_s / self.baseline_s


class Measure(NamedTuple):
    seconds: float
    megabytes: float
    #: User and system time of the command and its own children.
    cpu_seconds: float


def measure(command: list[str], cwd: Path) -> Measure:
    """Wall seconds, peak resident MB and CPU seconds of one command (in a fresh child)."""
    out = _python(_MEASURE, cwd, *command).split()
    seconds, kilobytes, cpu, code = float(out[0]), int(out[1]), float(out[2]), int(out[3])
    if code not in (0, 1):
        raise RuntimeError(f"{command} failed with exit code {code} in {cwd}")
    return Measure(seconds, kilobytes / 1024, cpu)


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1048576


_PLUGIN_WORK = """\
import datetime as dt, gc, sys, time
from pathlib import Path
from clausebook.core.editions import snapshot
from clausebook.render.links import Links
from clausebook.core.manual import load
from clausebook.render import reports
from clausebook.render.pages import Renderer
from clausebook.cli.project import load_project
project = load_project(Path("mkdocs.yml"))
gc.disable()  # as the plugin pauses the collector while it loads and renders
start = time.perf_counter()
manual = load(project.root, project.settings, as_of=dt.date.fromisoformat(sys.argv[1]))
renderer = Renderer(manual, Links())
plan = reports.plan(renderer, snapshot=lambda: snapshot(manual, None))
for document in manual.documents:
    renderer.document(document).markdown()
renderer.render_all(plan)
print(time.perf_counter() - start)
"""

_PLUGIN_IN_BUILD = """\
import logging, tempfile, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
from clausebook.mkdocs import plugin as module
logging.disable(logging.WARNING)
config = load_config("mkdocs.yml", site_dir=tempfile.mkdtemp())
config.plugins.on_startup(command="build", dirty=False)
spent = {"plugin": 0.0, "terms": 0.0}

def timed(method, key):
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - start
    return run

for methods in config.plugins.events.values():
    methods[:] = [
        timed(m, "plugin") if isinstance(getattr(m, "__self__", None), module.ClausebookPlugin)
        else m
        for m in methods
    ]
module._load_search_terms = timed(module._load_search_terms, "terms")
build(config)
print(spent["plugin"] - spent["terms"])
"""


def plugin_work(root: Path) -> float:
    """Everything clausebook computes and renders for one build, in one fresh process (no
    parse cache from an earlier load): the plugin's work."""
    return _timed(_PLUGIN_WORK, root, AS_OF.isoformat())


def plugin_in_build(root: Path) -> float:
    """The seconds a real ``mkdocs build`` spends in clausebook's event handlers: what the
    build process waits for. jieba's dictionary,
    which the first page with Chinese loads for Material's search either way, is left out.
    """
    return _timed(_PLUGIN_IN_BUILD, root)


_SERVE = """\
import logging, sys, tempfile, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.disable(logging.WARNING)
site = tempfile.mkdtemp()
config = load_config("mkdocs.yml", site_dir=site)
config.plugins.on_startup(command="serve", dirty=True)
build(config, dirty=True)
edited = Path(sys.argv[1])
edited.write_text(edited.read_text("utf-8") + "\\nOne more sentence.\\n", "utf-8")
start = time.perf_counter()
build(load_config("mkdocs.yml", site_dir=site), dirty=True)
print(time.perf_counter() - start)
"""


def serve_rebuild(root: Path, edited: Path) -> float:
    """Seconds ``mkdocs serve --dirty`` takes to rebuild after one document is saved.

    Done as serve does it, in one process: a first build, an edit, then a new config (the
    plugin instance persists, as it has ``on_startup``) and a dirty build into the same
    site folder.
    """
    return _timed(_SERVE, root, str(edited))


def _timed(script: str, root: Path, *args: str) -> float:
    """Run a timing script in a fresh interpreter in ``root``; the seconds it printed last."""
    return float(_python(script, root, *args).split()[-1])


def _python(script: str, cwd: Path, *args: str) -> str:
    """What a script printed, run by a fresh interpreter of this environment in ``cwd``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def run_size(n: int, work: Path, repeat: int) -> Result:
    source = work / f"clausebook-{n}"
    plain = work / f"material-{n}"
    documents = generate(source, n)
    baseline(source, plain, n)
    mkdocs = str(BIN / "mkdocs")
    # Interleaved and repeated, the best of each kept: every measure sees the same machine
    # over the whole run, not one stretch of it (a shared host's noise only ever adds time).
    # Each pair's order alternates, so that neither build always follows the other.
    runs: list[tuple[Measure, Measure]] = []
    checks, in_build, work_s = [], [], []
    for i in range(repeat):
        order = (source, plain) if i % 2 else (plain, source)
        built = {root: measure([mkdocs, "build", "-q"], root) for root in order}
        runs.append((built[plain], built[source]))
        checks.append(measure([str(BIN / "clausebook"), "check"], source).seconds)
        in_build.append(plugin_in_build(source))
        work_s.append(plugin_work(source))
    baseline_s, baseline_mb, _ = min(a for a, _ in runs)
    site_s, site_mb, _ = min(b for _, b in runs)
    pages = [p for p in (source / "site" / "reports").rglob("*.html")]
    largest = max(p.stat().st_size for p in pages) / 1024
    dirty_s = serve_rebuild(source, documents[len(documents) // 2])
    return Result(
        n,
        baseline_s,
        baseline_mb,
        site_s,
        site_mb,
        size_mb(source / "site"),
        min(checks),
        min(in_build),
        min(work_s),
        largest,
        dirty_s,
        statistics.median(b.seconds / a.seconds for a, b in runs),
        min(a.cpu_seconds for a, _ in runs),
        min(b.cpu_seconds for _, b in runs),
    )


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
        f"clausebook {version('clausebook')}; measured {dt.date.today()}"
    )


def table(results: list[Result]) -> str:
    rows = [
        "| documents | (a) Material + prune | (b) clausebook site | b/a (median of pairs) | "
        "CPU b/a | peak memory a / b | "
        "site size | `clausebook check` | plugin's own work: build process / all | "
        "largest report page | "
        "`serve --dirty` rebuild after one edit |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r.n:,} | {r.baseline_s:.1f} s | {r.site_s:.1f} s | "
            f"{r.ratio:.2f}x ({r.median_ratio:.2f}x) | "
            f"{r.site_cpu_s / r.baseline_cpu_s:.2f}x | "
            f"{r.baseline_mb:.0f} / {r.site_mb:.0f} MB | {r.site_size_mb:.0f} MB | "
            f"{r.check_s:.2f} s | {r.plugin_s:.2f} / {r.plugin_total_s:.2f} s | "
            f"{r.largest_page_kb:.0f} KB | "
            f"{r.dirty_s:.1f} s |"
        )
    if len(results) > 1:
        by_n = {r.n: r for r in results}
        if 2000 in by_n and 5000 in by_n:
            growth = by_n[5000].site_s / by_n[2000].site_s
            rows.append("")
            rows.append(
                f"Growth of the clausebook build from 2,000 to 5,000 documents: "
                f"{growth:.2f}x (2.5x more documents)."
            )
    return "\n".join(rows)


def write_docs(text: str) -> None:
    page = DOCS_PAGE.read_text("utf-8")
    head, _, rest = page.partition(START)
    _, _, tail = rest.partition(END)
    DOCS_PAGE.write_text(f"{head}{START}\n{text}\n{END}{tail}", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000, 5000])
    parser.add_argument("--repeat", type=int, default=7, help="builds per size (best kept)")
    parser.add_argument("--out", type=Path, help="keep the corpora here (default: a temp dir)")
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    # pip byte-compiled Material when it installed it; an editable install of clausebook is
    # not, and this machine may write no bytecode (PYTHONDONTWRITEBYTECODE): compile it too,
    # so that neither build spends its time compiling Python.
    compileall.compile_dir(Path(clausebook.__file__).parent, quiet=1)
    work = args.out or Path(tempfile.mkdtemp(prefix="clausebook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in args.sizes:
            results.append(run_size(n, work, args.repeat))
            print(f"{n}: done", file=sys.stderr)
    finally:
        if args.out is None:
            shutil.rmtree(work, ignore_errors=True)
    text = f"Machine: {machine()}.\n\n{table(results)}"
    print(text)
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()
