"""The ``clausebook`` command: the core's results as terminal output and exit codes.

Exit codes: 0 clean, 1 problems found (or a threshold missed), 2 usage or configuration
error. Every command reads the same ``mkdocs.yml`` as the site (``--config``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from clausebook.cli.project import Project, ProjectError, load_project
from clausebook.cli.publishing import PublishError
from clausebook.cli.publishing import publish as run_publish
from clausebook.cli.scaffold import Starter, init_project, new_document
from clausebook.cli.status import status_text
from clausebook.core import editions
from clausebook.core import manual as core
from clausebook.core.catalogue import built_ins
from clausebook.core.collisions import collisions, docs_files
from clausebook.core.dashboard import of_manual
from clausebook.core.metadata import json_schema, one_line, parse_date
from clausebook.core.problems import Problem, Severity
from clausebook.core.register import (
    MATRIX_COLUMNS,
    matrix_document,
    matrix_rows,
    register_columns,
    register_rows,
)
from clausebook.core.required import REQUIRED_COLUMNS, required_rows
from clausebook.core.schedule import ReviewState
from clausebook.core.settings import Settings, resolve_as_of
from clausebook.core.units import for_unit
from clausebook.exports.chromium import find_browser
from clausebook.exports.copies import Kind, write_copies
from clausebook.exports.formats import to_csv, to_json
from clausebook.exports.pack import PackInfo, Printer, pack, reproducible
from clausebook.exports.pdf import Edition, make_pdfs, print_date, read_edition
from clausebook.exports.pdfpaths import PDF_DIR, pdf_uri
from clausebook.exports.workbooks import Heading, matrix_xlsx, register_xlsx, required_xlsx
from clausebook.render import reports
from clausebook.render.labels import Labels
from clausebook.render.links import Links
from clausebook.render.pages import Renderer

#: The review schedule's columns, in every format but the calendar.
REVIEW_COLUMNS = [
    "id",
    "title",
    "owner",
    "last_review",
    "next_review",
    "days",
    "state",
    "reviewer",
    "outcome",
]

_UNIT_KEY = "clausebook.unit"


def _keep_unit(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    ctx.meta[_UNIT_KEY] = value


def CONFIG(command: Callable[..., None]) -> Callable[..., None]:
    """``--config FILE`` and ``--unit CODE``: every command that reads a manual reads it for
    the group or, with ``--unit``, as one unit's edition shows it."""
    command = click.option(
        "--unit",
        metavar="CODE",
        expose_value=False,
        callback=_keep_unit,
        help="Read the manual as this unit's edition shows it (default: the group's view).",
    )(command)
    return click.option(
        "--config",
        "-f",
        "config_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("mkdocs.yml"),
        show_default=True,
        help="The site's mkdocs.yml.",
    )(command)


OUTPUT = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
#: What a register, matrix or required list is written as (a workbook needs ``-o``).
FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table"
)


SITE = click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The built site (default: site_dir of mkdocs.yml).",
)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except Exception:  # pydantic's error carries the user-facing message
        raise click.BadParameter(f"'{value}' is not a date written as YYYY-MM-DD") from None
    return parsed


AS_OF = click.option(
    "--as-of",
    callback=_date,
    help="Judge reviews as of this date (YYYY-MM-DD). Default: $CLAUSEBOOK_AS_OF, the "
    "as_of option, then today.",
)


def _fail(problems: list[Problem]) -> NoReturn:
    for problem in problems:
        click.echo(problem.render(), err=True)
    sys.exit(2)


def _project(config_file: Path) -> Project:
    try:
        project = load_project(config_file)
    except ProjectError as error:
        _fail(error.problems)
    unit = click.get_current_context().meta.get(_UNIT_KEY)
    if unit is not None:
        try:
            project.settings = for_unit(project.settings, unit)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="'--unit'") from None
    return project


def _manual(project: Project, as_of: dt.date | None = None) -> core.Manual:
    try:
        when = resolve_as_of(as_of, project.settings)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    return core.load(
        project.root,
        project.settings,
        as_of=when,
        config_file=project.config_file,
        docs_dir=project.docs_dir,
    )


def _standards(manual: core.Manual) -> None:
    """Exit 2 with the reasons when no standard's catalogue could be loaded."""
    if not manual.catalogues:
        found = [p for p in manual.problems if p.code.startswith("CB50")]
        _fail(found or [Problem.of("CB505", "no standard is in scope", field="standards")])


def _area(value: str | None) -> str | None:
    """An area code is letters and digits: it becomes part of an id and of a file name."""
    if value is not None and not re.fullmatch(r"[A-Za-z0-9]{1,12}", value):
        raise click.BadParameter(
            f"{value!r} is not an area code: use 1 to 12 letters or digits, such as CHG",
            param_hint="'--area'",
        )
    return value


def _text(value: str) -> str:
    """A title or owner for a new document: what its front matter would accept (CB209,
    CB210), so that `new` never writes a file that fails its first check."""
    if not value.strip():
        raise click.BadParameter("is empty: a document needs a title and an owner")
    try:
        return one_line(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _threshold(value: float | None) -> float | None:
    """A percentage to compare with: NaN passes click's range and every comparison with it
    is false, so it would switch the threshold off."""
    if value is not None and math.isnan(value):
        raise click.BadParameter("is not a number: write a percentage from 0 to 100")
    return value


def _fail_under(what: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``--fail-under PCT``: exit 1 when ``what`` (a percentage) is below it."""
    return click.option(
        "--fail-under",
        type=click.FloatRange(0, 100),
        callback=lambda ctx, param, value: _threshold(value),
        help=f"Exit 1 when {what} (percent) is below this.",
    )


def _in_scope(manual: core.Manual, standard: str | None) -> str:
    """The standard a command reports on: the one asked for, or the default; exit 2 with
    the reasons when none is in scope, or when the one asked for is not."""
    _standards(manual)
    standard = standard or manual.default_standard
    if standard not in manual.catalogues:
        raise click.BadParameter(
            f"'{standard}' is not in scope; in scope: {', '.join(manual.catalogues)}",
            param_hint="--standard",
        )
    return standard


def _outside_sources(path: Path, manual: core.Manual) -> None:
    """Refuse to write among the controlled documents: their folders hold only what authors
    wrote (and what `clausebook new` creates for them)."""
    target = path.resolve()
    for folder in manual.settings.sources:
        base = (manual.root / folder).resolve()
        if target == base or target.is_relative_to(base):
            raise click.UsageError(
                f"{path} is inside the source folder '{folder}': clausebook writes no file "
                "among the controlled documents; choose a path outside it"
            )


def _emit_workbook(
    make: Callable[[Labels, Heading], bytes],
    project: Project,
    manual: core.Manual,
    output: Path | None,
) -> None:
    """A workbook, titled as the site's are, to ``-o FILE`` (a terminal cannot show one)."""
    if output is None:
        raise click.UsageError("--format xlsx needs -o FILE")
    heading = Heading(project.site_name, None, manual.as_of)
    _emit(make(Labels(manual.language), heading), output, manual)


def _emit(data: bytes | str, output: Path | None, manual: core.Manual | None = None) -> None:
    """Write to a file (never over a source document) or to standard output."""
    if output is not None and manual is not None:
        _outside_sources(output, manual)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None:
        if raw.startswith(b"\xef\xbb\xbf") and sys.stdout.isatty():
            raw = raw[3:]
        try:
            sys.stdout.buffer.write(raw)
            sys.stdout.buffer.flush()
        except OSError as error:  # a full disk (> /dev/full), a closed pipe (| head)
            # Python flushes standard output again at exit: point it at nothing first, so
            # that the message below is the last word, not a traceback.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            click.echo(f"cannot write to standard output: {error.strerror or error}", err=True)
            sys.exit(1)
        return
    if output.suffix == ".md" and output.exists():
        raise click.UsageError(f"{output} exists and is Markdown: choose another file")
    try:
        output.write_bytes(raw)
    except OSError as error:
        raise click.UsageError(f"cannot write {output}: {error.strerror or error}") from None
    click.echo(f"wrote {output}", err=True)


def _table(rows: list[dict[str, str]], columns: list[str]) -> str:
    """A plain-text table; widths count East Asian characters as two columns."""
    widths = {c: max([_width(c), *(_width(r.get(c, "")) for r in rows)]) for c in columns}
    lines = ["  ".join(_pad(c, widths[c]) for c in columns).rstrip()]
    lines.append("  ".join("-" * widths[c] for c in columns))
    lines += ["  ".join(_pad(r.get(c, ""), widths[c]) for c in columns).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clausebook")
def main() -> None:
    """clausebook: controlled management-system documents as a versioned website."""


@main.command()
@CONFIG
@AS_OF
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True, help="Warnings (such as overdue reviews) fail too.")
@click.option(
    "--since",
    metavar="EDITION",
    help="Compare with this published edition (change control, CB701-CB703). Default: the "
    "latest published edition, when there is one; 'none': no comparison.",
)
def check(
    config_file: Path, as_of: dt.date | None, fmt: str, strict: bool, since: str | None
) -> None:
    """Validate every controlled document and print all problems: the one gate for CI.

    Compares with the latest published edition, as the build does. Exit 0 when there is no
    error (no warning either with --strict), 1 otherwise, 2 for a configuration error.
    """
    project = _project(config_file)
    manual = _manual(project, as_of)
    problems = list(manual.problems)
    problems += collisions(manual, docs_files(project.docs_dir), project.docs_dir.name)
    previous, unreadable = _edition_to_compare(project, since)
    problems += unreadable
    if previous is not None:
        current = editions.snapshot(manual, None)
        problems += editions.compare(previous, current, manual).problems
    compared = previous.get("edition") if previous else None
    if fmt == "json":
        payload = {
            "as_of": manual.as_of.isoformat(),
            "compared_with": compared,
            "documents": [
                {
                    "id": d.id,
                    "file": d.src_uri,
                    "revision": d.meta.revision,
                    "status": d.meta.status.value,
                }
                for d in manual.documents
            ],
            "problems": [p.as_dict() for p in problems],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(problem.render())
            click.echo(f"    hint: {problem.hint}")
        counts = {s: sum(1 for p in problems if p.severity is s) for s in Severity}
        click.echo(
            f"{len(manual.documents)} documents checked: {counts[Severity.ERROR]} errors, "
            f"{counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} notices"
            + (f" (compared with edition {compared})" if compared else ""),
            err=True,
        )
    if any(_is_configuration(p) for p in problems):
        sys.exit(2)
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    sys.exit(1 if any(p.severity in failing for p in problems) else 0)


def _is_configuration(problem: Problem) -> bool:
    """A configuration error (CB5xx at error level): the manual could not be checked as
    configured, which is exit code 2, not a finding in the documents."""
    return problem.code.startswith("CB5") and problem.severity is Severity.ERROR


def _edition_to_compare(
    project: Project, since: str | None
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The snapshot ``check`` compares with: ``--since``, else the latest published edition
    (None without one, or with ``--since none``), on the branch of the manual's editions;
    and what the build would warn of reading that branch (CB710)."""
    reports = project.settings.reports_dir
    branch = editions.default_branch(project.settings.unit)
    latest, problems = editions.previous_snapshot(project.root, reports, None, branch)
    if since is None:
        return latest, problems
    if since.lower() == "none":
        return None, problems
    previous, unreadable = editions.read_snapshot(project.root, since, reports, branch)
    if previous is None and not unreadable:
        known = [v["version"] for v in editions.read_editions(project.root, branch)[0]]
        raise click.BadParameter(
            f"no published edition '{since}' (published: {', '.join(known) or 'none'})",
            param_hint="--since",
        )
    return previous, problems + unreadable


@main.command()
@CONFIG
@AS_OF
@FORMAT
@OUTPUT
def register(config_file: Path, as_of: dt.date | None, fmt: str, output: Path | None) -> None:
    """The document register (master list), as on the site."""
    project = _project(config_file)
    manual = _manual(project, as_of)
    rows = register_rows(manual)
    columns = register_columns(manual.settings)
    if fmt == "csv":
        _emit(to_csv(rows, [column.key for column in columns]), output, manual)
    elif fmt == "json":
        _emit(to_json({"documents": rows}), output, manual)
    elif fmt == "xlsx":
        _emit_workbook(lambda t, h: register_xlsx(manual, t, h, rows), project, manual, output)
    else:
        _emit(_table(rows, [column.key for column in columns if column.table]), output, manual)


@main.command()
@CONFIG
@AS_OF
@click.option("--standard", help="Standard id (default: the first in scope).")
@FORMAT
@OUTPUT
@_fail_under("coverage")
def matrix(
    config_file: Path,
    as_of: dt.date | None,
    standard: str | None,
    fmt: str,
    output: Path | None,
    fail_under: float | None,
) -> None:
    """Clause coverage of one standard: the numbers the site shows."""
    project = _project(config_file)
    manual = _manual(project, as_of)
    standard = _in_scope(manual, standard)
    coverage = core.coverage_of(manual, standard)
    rows = matrix_rows(coverage)
    if fmt == "csv":
        _emit(to_csv(rows, MATRIX_COLUMNS), output, manual)
    elif fmt == "json":
        _emit(to_json(matrix_document(coverage)), output, manual)
    elif fmt == "xlsx":
        _emit_workbook(lambda t, h: matrix_xlsx(coverage, t, h), project, manual, output)
    else:
        shown = [{**r, "title": r["title"][:48]} for r in rows]
        text = _table(shown, ["clause", "title", "state", "documents"])
        counts = coverage.counts
        summary = ", ".join(f"{s.value} {counts[s]}" for s in sorted(counts, key=str))
        parts = "".join(
            f"  {p.key} {p.first}-{p.last}: {p.percent:.1f}% of {len(p.rows)} covered\n"
            for p in coverage.parts()
        )
        _emit(
            f"{text}\n{coverage.catalogue.name}: {coverage.percent:.1f}% covered ({summary})\n"
            f"{parts}",
            output,
            manual,
        )
    if fail_under is not None and coverage.percent < fail_under:
        click.echo(
            f"coverage {coverage.percent:.1f}% is below --fail-under {fail_under:g}%", err=True
        )
        sys.exit(1)


@main.command()
@CONFIG
@AS_OF
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@OUTPUT
def status(config_file: Path, as_of: dt.date | None, fmt: str, output: Path | None) -> None:
    """The dashboard's numbers: certificates, audits, records, coverage, reviews, findings.

    Exit 1 when a rule at level error fails (operation.log_level, a record kind's level,
    review.log_level), so that CI can stop on it; 0 otherwise.
    """
    manual = _manual(_project(config_file), as_of)
    data = of_manual(manual).as_dict()
    if fmt == "json":
        _emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output, manual)
    else:
        _emit(status_text(data, Labels(manual.language)), output, manual)
    sys.exit(1 if data["failing"] else 0)


@main.command()
@CONFIG
@AS_OF
@click.option("--within", type=click.IntRange(0), help="Only reviews due within DAYS.")
@click.option("--owner", help="Only documents of this owner.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json", "ics"]), default="table"
)
@OUTPUT
@click.option("--fail-on-overdue", is_flag=True, help="Exit 1 when a review is overdue.")
def review(
    config_file: Path,
    as_of: dt.date | None,
    within: int | None,
    owner: str | None,
    fmt: str,
    output: Path | None,
    fail_on_overdue: bool,
) -> None:
    """The periodic review schedule: overdue first, then by due date."""
    project = _project(config_file)
    manual = _manual(project, as_of)
    reviews = manual.reviews()
    if owner:
        reviews = [r for r in reviews if r.document.meta.owner.casefold() == owner.casefold()]
    if within is not None:
        reviews = [r for r in reviews if r.days <= within]
    rows = [
        {
            "id": r.document.id,
            "title": r.document.title,
            "owner": r.document.meta.owner,
            "last_review": r.last.isoformat(),
            "next_review": r.next.isoformat(),
            "days": str(r.days),
            "state": r.state.value,
            "reviewer": r.recorded.reviewer if r.recorded else "",
            "outcome": r.recorded.outcome.value if r.recorded else "",
        }
        for r in reviews
    ]
    if fmt == "csv":
        _emit(to_csv(rows, REVIEW_COLUMNS), output, manual)
    elif fmt == "json":
        _emit(to_json({"as_of": manual.as_of.isoformat(), "reviews": rows}), output, manual)
    elif fmt == "ics":
        links = Links(directory_urls=project.use_directory_urls, site_url=project.site_url)
        calendar = reports.review_calendar(manual, reviews, Labels.of(manual.settings), links)
        _emit(calendar, output, manual)
    else:
        _emit(_table(rows, REVIEW_COLUMNS), output, manual)
    overdue = [r for r in reviews if r.state is ReviewState.OVERDUE]
    if fail_on_overdue and overdue:
        click.echo(f"{len(overdue)} review(s) overdue", err=True)
        sys.exit(1)


@main.command()
@CONFIG
@AS_OF
@click.option("--standard", help="Standard id (default: the first in scope).")
@FORMAT
@OUTPUT
@_fail_under("the share of required items met")
def required(
    config_file: Path,
    as_of: dt.date | None,
    standard: str | None,
    fmt: str,
    output: Path | None,
    fail_under: float | None,
) -> None:
    """Required documented information of one standard: met, at risk, missing."""
    project = _project(config_file)
    manual = _manual(project, as_of)
    standard = _in_scope(manual, standard)
    assessed = core.required_of(manual, standard)
    rows = required_rows(assessed)
    if fmt == "csv":
        _emit(to_csv(rows, REQUIRED_COLUMNS), output, manual)
    elif fmt == "json":
        _emit(to_json({"standard": standard, "items": rows}), output, manual)
    elif fmt == "xlsx":
        _emit_workbook(lambda t, h: required_xlsx(assessed, t, h), project, manual, output)
    else:
        shown = [{**r, "title": r["title"][:48]} for r in rows]
        text = _table(shown, ["clause", "kind", "key", "title", "state", "documents"])
        name = assessed.catalogue.name
        _emit(f"{text}\n{name}: {assessed.percent:.1f}% of required items met\n", output, manual)
    if fail_under is not None and assessed.percent < fail_under:
        click.echo(
            f"required items met {assessed.percent:.1f}% is below --fail-under {fail_under:g}%",
            err=True,
        )
        sys.exit(1)


@main.command("auditor-pack")
@CONFIG
@AS_OF
@click.argument("edition", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The zip file to write.",
)
@click.option(
    "--documents",
    type=click.Choice(["auto", "pdf", "html"]),
    default="auto",
    show_default=True,
    help="Effective documents as PDF (printed from the built site with Chromium) or HTML; "
    "auto: PDF when a built site and Chromium are there, HTML otherwise.",
)
@SITE
def auditor_pack(
    config_file: Path,
    as_of: dt.date | None,
    edition: str | None,
    output: Path,
    documents: str,
    site_dir: Path | None,
) -> None:
    """Everything an auditor asks for, in one zip with a MANIFEST of SHA-256 sums.

    EDITION names the edition the pack is of (default: the working copy). The same sources,
    edition and as-of date give the same bytes.
    """
    project = _project(config_file)
    manual = _manual(project, as_of)
    _standards(manual)
    commit = (editions.git_output(project.root, "rev-parse", "HEAD") or "").strip() or None
    info = PackInfo(project.site_name, edition, commit)
    printer = None
    if documents != "html":
        site = site_dir or project.site_dir
        printer = pdf_printer(manual, project, site, edition)
        if printer is None and documents == "pdf":
            raise click.UsageError(
                f"no PDF possible: {site} holds no built site or no Chromium was found "
                "(build the site, or use --documents html)"
            )
    if output.suffix.lower() != ".zip":
        raise click.UsageError(f"{output} is not a .zip file name")
    _emit(pack(manual, info, printer), output, manual)


def pdf_printer(
    manual: core.Manual, project: Project, site: Path, edition: str | None
) -> Printer | None:
    """A printer of the effective documents to PDF from the built site (into its pdf/
    folder, as ``clausebook pdf`` does), or None without a built site or Chromium."""
    if not (site / "index.html").is_file() or find_browser() is None:
        return None

    def run(ids: list[str]) -> dict[str, bytes] | None:
        report = make_pdfs(
            manual,
            site,
            Links(directory_urls=project.use_directory_urls),
            site_name=project.site_name,
            site_url=project.site_url,
            # Printed "on" the as-of date: the pack is the same whenever it is made.
            edition=Edition(edition, manual.as_of, manual.as_of),
            ids=ids,
        )
        for failure in report.failures:
            click.echo(f"PDF not made: {failure}", err=True)
        found = {i: site / pdf_uri(i) for i in ids}
        return {i: reproducible(p.read_bytes()) for i, p in found.items() if p.is_file()}

    return run


@main.command()
@CONFIG
@OUTPUT
def schema(config_file: Path, output: Path | None) -> None:
    """The JSON Schema of the front matter, for editors.

    With a manual's mkdocs.yml (the one in the current folder, if any), its own document
    types and classification levels are the allowed values; otherwise the built-in ones.
    """
    settings = _project(config_file).settings if config_file.is_file() else Settings()
    text = json_schema(list(settings.doc_types), settings.classifications)
    _emit(json.dumps(text, indent=2, ensure_ascii=False) + "\n", output)


@main.command()
@CONFIG
@click.argument("doc_type", metavar="TYPE")
@click.option(
    "--title",
    required=True,
    callback=lambda ctx, param, value: _text(value),
    help="Title of the new document.",
)
@click.option(
    "--owner",
    default="Document Controller",
    show_default=True,
    callback=lambda ctx, param, value: _text(value),
)
@click.option(
    "--area",
    callback=lambda ctx, param, value: _area(value),
    help="Area code inside the id: --area CHG gives PRO-CHG-01 (letters and digits).",
)
@click.option("--folder", help="Source folder to create it in (default by type).")
def new(
    config_file: Path, doc_type: str, title: str, owner: str, area: str | None, folder: str | None
) -> None:
    """Create a draft with the next free id; never overwrites a file."""
    project = _project(config_file)
    known = list(project.settings.doc_types)
    if doc_type not in known:
        close = difflib.get_close_matches(doc_type.lower(), known, n=1, cutoff=0.5)
        raise click.BadParameter(
            f"'{doc_type}' is not a document type ({', '.join(known)}; new ones are added "
            "under 'types' in mkdocs.yml)" + (f": did you mean {close[0]}?" if close else ""),
            param_hint="TYPE",
        )
    manual = _manual(project)
    if folder is not None and folder not in project.settings.sources:
        raise click.BadParameter(
            f"'{folder}' is not a source folder ({', '.join(project.settings.sources)})",
            param_hint="--folder",
        )
    _standards(manual)
    try:
        created = new_document(
            manual,
            doc_type,
            title,
            owner=owner,
            area=area,
            folder=folder,
            today=dt.date.today(),
        )
    except FileExistsError as error:
        click.echo(f"{error.filename} already exists; nothing written", err=True)
        sys.exit(2)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    click.echo(f"created {created.path.relative_to(project.root)} ({created.id})")


def _standard_ids(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple:
    """Built-in standards only: a new manual has no catalogue file of its own yet."""
    known = list(built_ins())
    for standard in value:
        if standard not in known:
            close = difflib.get_close_matches(standard, known, n=1, cutoff=0.5)
            raise click.BadParameter(
                f"'{standard}' is not a built-in standard ({', '.join(known)})"
                + (f": did you mean {close[0]}?" if close else ""),
                param_hint="'--standard'",
            )
    return tuple(dict.fromkeys(value)) or Starter.standards


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default=Starter.name, show_default=True, help="The site's name.")
@click.option(
    "--standard",
    "standards",
    multiple=True,
    callback=_standard_ids,
    help="A standard in scope, repeatable (default: iso20000-1:2018); the starter "
    "documents map its clauses.",
)
@click.option(
    "--language",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="Language of the labels and of the starter documents.",
)
def init(directory: Path, name: str, standards: tuple[str, ...], language: str) -> None:
    """Start a new manual repository in DIRECTORY (existing files are kept)."""
    starter = Starter(name=name, standards=standards, language=language)
    written, skipped = init_project(directory, dt.date.today(), starter)
    for path in written:
        click.echo(f"created {path}")
    for path in skipped:
        click.echo(f"kept    {path} (exists)")
    click.echo(f"next: cd {directory} && make site", err=True)


@main.command()
@CONFIG
@AS_OF
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Empty folder to write the Markdown into.",
)
def pages(config_file: Path, as_of: dt.date | None, out_dir: Path) -> None:
    """Write every generated page as plain Markdown (and the exports) into a folder.

    The same pages the site shows, readable without MkDocs: the manual outlives its toolchain.
    """
    project = _project(config_file)
    manual = _manual(project, as_of)
    _outside_sources(out_dir, manual)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise click.UsageError(f"{out_dir} is not empty; nothing written")
    renderer = Renderer(manual, Links(markdown=True), site_name=project.site_name)
    outputs = renderer.plain(reports.plan(renderer))
    for uri, content in outputs.items():
        path = out_dir / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    click.echo(f"wrote {len(outputs)} files to {out_dir}")


def _built_site(project: Project, site_dir: Path | None) -> Path:
    site = site_dir or project.site_dir
    if not (site / "index.html").is_file():
        raise click.UsageError(f"{site} holds no built site: run 'mkdocs build' first")
    return site


def _known_ids(manual: core.Manual, ids: tuple[str, ...]) -> list[str] | None:
    unknown = [i for i in ids if i not in manual.by_id]
    if unknown:
        raise click.UsageError(f"no document {', '.join(unknown)} in this edition")
    return list(ids) or None


def _progress(done: int, total: int, line: str) -> None:
    """A line per document; on a terminal, a bar in front of it."""
    if sys.stdout.isatty() and total:
        filled = round(20 * done / total)
        line = f"[{'#' * filled}{'.' * (20 - filled)}] {done}/{total} {line}"
    click.echo(line)


@main.command()
@CONFIG
@SITE
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "docx", "html"]),
    default="pdf",
    show_default=True,
    help="docx and html: the same as `clausebook docx` and `clausebook html`.",
)
@click.argument("ids", nargs=-1, metavar="[ID]...")
def pdf(config_file: Path, site_dir: Path | None, fmt: str, ids: tuple[str, ...]) -> None:
    """Print the documents of a built site to PDF (pdf/<id>.pdf) and, without IDs, the whole
    manual (pdf/manual.pdf)."""
    if fmt != "pdf":
        _copies(config_file, site_dir, ids, "docx" if fmt == "docx" else "html", None)
    project = _project(config_file)
    manual = _manual(project)
    site = _built_site(project, site_dir)
    edition = read_edition(
        site, manual.settings.reports_dir, Edition(None, manual.as_of, print_date())
    )
    report = make_pdfs(
        manual,
        site,
        Links(directory_urls=project.use_directory_urls),
        site_name=project.site_name,
        site_url=project.site_url,
        edition=edition,
        ids=_known_ids(manual, ids),
        progress=_progress,
    )
    for failure in report.failures:
        click.echo(failure.render(), err=True)
    click.echo(report.summary(site / PDF_DIR))
    sys.exit(1 if report.failures else 0)


def _copies(
    config_file: Path, site_dir: Path | None, ids: tuple[str, ...], kind: Kind, out: Path | None
) -> NoReturn:
    """The Word or HTML copies of ``clausebook docx`` and ``clausebook html``; exits."""
    project = _project(config_file)
    manual = _manual(project)
    site = _built_site(project, site_dir)
    folder = out or site / kind
    _outside_sources(folder, manual)
    edition = read_edition(
        site, manual.settings.reports_dir, Edition(None, manual.as_of, print_date())
    )
    report = write_copies(
        manual,
        site,
        Links(directory_urls=project.use_directory_urls),
        kind=kind,
        out_dir=folder,
        site_name=project.site_name,
        site_url=project.site_url,
        edition=edition,
        ids=_known_ids(manual, ids),
        progress=_progress,
    )
    for failure in report.failures:
        click.echo(failure.render(), err=True)
    click.echo(report.summary(folder, kind.upper()))
    sys.exit(1 if report.failures else 0)


COPIES_OUT = click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write into (default: a folder of that name in the built site).",
)


@main.command()
@CONFIG
@SITE
@COPIES_OUT
@click.argument("ids", nargs=-1, metavar="[ID]...")
def docx(config_file: Path, site_dir: Path | None, out: Path | None, ids: tuple[str, ...]) -> None:
    """Write the documents of a built site as Word files (docx/<id>.docx)."""
    _copies(config_file, site_dir, ids, "docx", out)


@main.command()
@CONFIG
@SITE
@COPIES_OUT
@click.argument("ids", nargs=-1, metavar="[ID]...")
def html(config_file: Path, site_dir: Path | None, out: Path | None, ids: tuple[str, ...]) -> None:
    """Write single-file HTML copies (html/<id>.html and, without IDs, html/manual.html)."""
    _copies(config_file, site_dir, ids, "html", out)


@main.command()
@CONFIG
@click.argument("edition")
@click.option("--title", help="Title shown in the version selector (default: EDITION).")
@click.option("--alias", default="latest", show_default=True, help="Alias to move here.")
@click.option("--push", is_flag=True, help="Push the branch to the remote afterwards.")
@click.option("--replace", is_flag=True, help="Deliberately replace an existing edition.")
@click.option(
    "--alias-type",
    type=click.Choice(["symlink", "redirect", "copy"]),
    default="symlink",
    show_default=True,
    help="'redirect' or 'copy' for hosts that do not follow symlinks.",
)
@click.option(
    "--branch",
    help="The branch of the editions. Default: gh-pages, or gh-pages-CODE for a unit's edition.",
)
@click.option(
    "--allow-dirty",
    is_flag=True,
    help="Publish uncommitted changes too; the edition and its commit message list them.",
)
def publish(
    config_file: Path,
    edition: str,
    title: str | None,
    alias: str,
    push: bool,
    replace: bool,
    alias_type: str,
    branch: str | None,
    allow_dirty: bool,
) -> None:
    """Check, build without drafts and deploy EDITION to the gh-pages branch with mike."""
    project = _project(config_file)
    branch = branch or editions.default_branch(project.settings.unit)
    try:
        result = run_publish(
            project,
            edition,
            title=title,
            alias=alias,
            push=push,
            replace=replace,
            alias_type=alias_type,
            branch=branch,
            allow_dirty=allow_dirty,
        )
    except PublishError as error:
        for problem in error.problems:
            click.echo(problem.render(), err=True)
        if not error.deployed:
            click.echo(f"edition {edition} was not published; {branch} is unchanged", err=True)
        sys.exit(1)
    for note in result.notes:
        click.echo(note)
    if result.warnings:
        click.echo(f"published with {len(result.warnings)} warning(s):")
        for problem in result.warnings:
            click.echo(f"  {problem.render()}")
    click.echo(
        f"published edition {result.edition} to {result.branch} ({result.commit}); "
        f"'{result.alias}' now points at it" + (" and was pushed" if push else "")
    )
