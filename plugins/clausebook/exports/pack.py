"""The auditor pack: one zip with everything an external auditor asks for before the visit.

Per standard the coverage, the matrix, the Statement of Applicability and the required
documented information (pages as HTML, data as XLSX and CSV), the document register, the
review schedule, and every effective document of the edition (PDF when Chromium printed
them, otherwise HTML), with a ``MANIFEST`` (the SHA-256 of every other file, in the form
``sha256sum -c MANIFEST`` checks, and the edition, as-of date and git commit) and a README.

The same inputs give the same bytes: entries in a fixed order, dated 1980-01-01, with fixed
permissions, and no file in the pack carries the time it was made (the review calendar,
whose events are stamped, is left out: the schedule page says the same). The pack is made
from the edition's documents only: withheld (confidential) documents and unpublished drafts
never enter it; a draft is named where it puts a clause at risk, as on the site.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import markdown

from clausebook.core.manual import Manual
from clausebook.core.metadata import Status
from clausebook.core.natural import natural_key
from clausebook.render.labels import Labels
from clausebook.render.links import Links
from clausebook.render.pages import Renderer
from clausebook.render.placeholders import inline_blocks
from clausebook.render.reports import plan as reports_plan

#: Zip entries dated as zip's epoch, readable by all: the pack's bytes depend on its files.
_EPOCH = (1980, 1, 1, 0, 0, 0)
_MODE = 0o100644 << 16
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
#: The generated pages of each standard that go into the pack, and its data files.
_PAGES = ("coverage", "matrix", "soa", "required")
_FILES = ("xlsx", "csv", "soa_xlsx", "soa_csv", "soa_json", "required_xlsx", "required_csv")
_STYLE = (
    "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;"
    "max-width:75em;margin:2em auto;padding:0 1em;line-height:1.45}"
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
    "th{background:#f2f2f2}.cb-why{color:#555;font-style:italic;margin-left:.3em}"
    ".cb-state{padding:0 .3em;border-radius:3px}"
    ".cb-state--covered{background:#c8e6c9}.cb-state--at-risk{background:#ffe0b2}"
    ".cb-state--uncovered{background:#ffcdd2}.cb-state--excluded{background:#e0e0e0}"
    ".cb-state--other-party{background:#dcedc8}"
)


@dataclass(frozen=True)
class PackInfo:
    """What the pack says it is: the site, the edition (None: the working copy), the git
    commit the sources were read at (None: not a git repository)."""

    site_name: str
    edition: str | None
    commit: str | None


#: Prints the effective documents to PDF: ids -> (file name, bytes); None when it cannot.
Printer = Callable[[list[str]], dict[str, bytes] | None]


def pack(manual: Manual, info: PackInfo, printer: Printer | None = None) -> bytes:
    """The pack as the bytes of a zip file."""
    files = contents(manual, info, printer)
    manifest = _manifest(manual, info, files)
    ordered = {"README.txt": files.pop("README.txt"), "MANIFEST": manifest}
    ordered.update(sorted(files.items()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in ordered.items():
            entry = zipfile.ZipInfo(name, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = _MODE
            entry.create_system = 3
            archive.writestr(entry, data, compresslevel=9)
    return out.getvalue()


def contents(manual: Manual, info: PackInfo, printer: Printer | None = None) -> dict[str, bytes]:
    """Every file of the pack but the MANIFEST, by its path in the zip."""
    t = Labels(manual.language)
    renderer = Renderer(manual, Links(markdown=True), site_name=info.site_name)
    plan = reports_plan(renderer, edition=info.edition)
    reports = manual.settings.reports_dir + "/"
    files: dict[str, bytes] = {}

    def page(uri: str, name: str) -> None:
        report = plan.pages[uri]()
        files[name] = _html(inline_blocks(report.markdown, report.blocks), manual.language)

    def data(uri: str) -> None:
        files[uri.removeprefix(reports)] = plan.files[uri]()

    for uri in (renderer.uri("register.xlsx"), renderer.uri("register.csv")):
        data(uri)
    page(renderer.uri("reviews.md"), "reviews.html")
    for catalogue in manual.catalogues.values():
        uris = renderer.standard_uris(catalogue)
        for key in _PAGES:
            if uris[key] in plan.pages:
                page(uris[key], uris[key].removeprefix(reports).removesuffix(".md") + ".html")
        for key in _FILES:
            if uris[key] in plan.files:
                data(uris[key])
    effective = sorted(
        (d for d in manual.documents if d.meta.status is Status.EFFECTIVE),
        key=lambda d: natural_key(d.id),
    )
    printed = printer([d.id for d in effective]) if printer and effective else None
    for document in effective:
        if printed is not None and document.id in printed:
            files[f"documents/{document.id.lower()}.pdf"] = printed[document.id]
        else:
            body = renderer.plain_document(document)
            files[f"documents/{document.id.lower()}.html"] = _html(body, manual.language)
    files["README.txt"] = _readme(manual, info, t, files, pdf=printed is not None).encode("utf-8")
    return files


#: What a PDF says about the moment it was made: its dates (written plainly or with
#: octal escapes) and the file identifiers of its trailer.
_PDF_MOMENT = re.compile(rb"/(?:CreationDate|ModDate) ?\((?:[^)\\]|\\.)*\)|/ID ?\[[^\]]*\]")


#: Chromium names the structure elements of a tagged PDF after its DOM nodes, whose numbers
#: depend on what the browser printed before.
_NODE = re.compile(rb"\(node(\d{8})\)")


def reproducible(pdf: bytes) -> bytes:
    """A PDF without the moment it was printed: its dates and file identifiers (all
    optional) become spaces, and the structure elements' node names are numbered in order
    of appearance (same length, same references), so the byte offsets of its
    cross-reference table still hold and the same page prints to the same bytes."""
    renumbered: dict[bytes, bytes] = {}

    def node(match: re.Match[bytes]) -> bytes:
        name = renumbered.setdefault(match.group(1), b"%08d" % len(renumbered))
        return b"(node" + name + b")"

    pdf = _NODE.sub(node, pdf)
    return _PDF_MOMENT.sub(lambda match: b" " * len(match.group(0)), pdf)


def _html(page_markdown: str, language: str) -> bytes:
    """A generated page (Markdown with blocks of HTML) as a standalone HTML file."""
    text = _FRONT_MATTER.sub("", page_markdown)
    title = next((line[2:] for line in text.split("\n") if line.startswith("# ")), "")
    body = markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    ).encode()


def _manifest(manual: Manual, info: PackInfo, files: dict[str, bytes]) -> bytes:
    """``sha256sum -c MANIFEST`` checks every file; the lines starting with # say which
    edition of which site, as of when, from which commit."""
    lines = [
        f"# site: {info.site_name}",
        f"# edition: {info.edition or 'working copy'}",
        f"# as-of: {manual.as_of.isoformat()}",
        f"# git-commit: {info.commit or 'none'}",
        "# sha256  file",
    ]
    for name in ["README.txt", *sorted(n for n in files if n != "README.txt")]:
        lines.append(f"{hashlib.sha256(files[name]).hexdigest()}  {name}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _readme(
    manual: Manual, info: PackInfo, t: Labels, files: dict[str, bytes], *, pdf: bool
) -> str:
    standards = ", ".join(c.name for c in manual.catalogues.values())
    documents = sum(1 for name in files if name.startswith("documents/"))
    return "\n".join(
        [
            f"Auditor pack: {info.site_name}",
            "",
            f"Edition: {info.edition or 'working copy (not a published edition)'}",
            f"As of: {manual.as_of.isoformat()} (reviews and coverage are judged on this date)",
            f"Git commit of the sources: {info.commit or 'none (not a git repository)'}",
            f"Standards: {standards}",
            "",
            "Contents",
            "- register.xlsx, register.csv: the document register (master list); open the",
            "  XLSX: a spreadsheet opening the CSV reads revision 1.10 as the number 1.1.",
            "- reviews.html: the periodic review schedule.",
            "- <standard>/coverage.html: coverage of the standard, with the gaps and why",
            "  each clause at risk is at risk.",
            "- <standard>/matrix.html, matrix.xlsx, matrix.csv: clauses against documents.",
            "- <standard>/soa.html, soa.xlsx, soa.csv, soa.json: the Statement of",
            "  Applicability (where the standard has one).",
            "- <standard>/required.html, required.xlsx, required.csv: the documented",
            "  information the standard requires, met, at risk or missing.",
            f"- documents/: the {documents} effective documents of the edition, as "
            + ("PDF." if pdf else "HTML (no Chromium was available to print PDFs)."),
            "",
            "Links inside the pages point to the website and do not work inside the pack.",
            "Drafts are named where they put a clause at risk, never included.",
            "",
            "Checking the pack",
            "MANIFEST lists the SHA-256 of every other file. On Linux or macOS:",
            "    sha256sum -c MANIFEST      (or: shasum -a 256 -c MANIFEST)",
            "The same sources, edition and as-of date always give the same pack, byte for byte.",
            "",
        ]
    )
