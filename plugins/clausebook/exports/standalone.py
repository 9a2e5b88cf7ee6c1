"""Single-file HTML copies of a document or of the whole edition, for an offline share.

A copy on a file share is opened years later from ``file://``, where the site's version
banner (which reads ``versions.json`` over HTTP) never shows: so each copy says in its own
text which edition it is, its as-of date, the day it was made, the document's revision and
status, and that it is uncontrolled. Its styles are inline and it needs no script; images
are inlined; links lead to the other documents of the same copy, or to the site under
``site_url``, never to the build machine.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from clausebook.core.document import Document
from clausebook.exports.article import article_html, link_target
from clausebook.exports.pdffile import LinkMap
from clausebook.render.labels import Labels
from clausebook.render.listings import escape
from clausebook.render.printing import footer_lines, print_date_rule

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
_HREF = re.compile(r'(<a\b[^>]*?)\shref="([^"]*)"')
_SRC = re.compile(r'(<img\b[^>]*?\ssrc=)"([^"]*)"')
_CLOSED = re.compile(r"<details(?![^>]*\bopen\b)")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
_STYLE = """
body { margin: 0; }
.cb-copy { max-width: 52rem; margin: 0 auto; padding: 1rem 1.2rem; }
.cb-copy-notice { border: 2px solid #c62828; padding: .6em .9em; margin: 0 0 1.5em;
  font-size: .75rem; }
.cb-copy-notice strong { display: block; }
.cb-copy section.cb-copy-document { break-before: page; }
@media print { .cb-copy { max-width: none; padding: 0; } }
"""


@dataclass(frozen=True)
class Copy:
    """What every copy says about itself."""

    site_name: str
    labels: Labels
    edition: str | None
    as_of: dt.date
    made: dt.date


def _notice(copy: Copy, what: str) -> str:
    t = copy.labels
    issue = t("print.edition", edition=copy.edition) if copy.edition else t("print.working_copy")
    line = (
        f"{issue} · {t('print.as_of', date=copy.as_of)} · {t('print.printed_on', date=copy.made)}"
    )
    return (
        f'<div class="cb-copy-notice"><strong>{escape(what)}</strong>{escape(line)}<br>'
        f"{escape(t('print.uncontrolled'))}</div>"
    )


def _styles(page: Path) -> str:
    """Every stylesheet the built page links, as one inline block."""
    parts = []
    for href in _STYLESHEET.findall(page.read_text("utf-8")):
        path = Path(unquote(urlsplit(urljoin(page.resolve().as_uri(), href)).path))
        if path.is_file():
            parts.append(_SOURCE_MAP.sub("", path.read_text("utf-8")))
    return "\n".join(parts)


def _inline_images(page: Path, html_text: str) -> str:
    def inline(match: re.Match[str]) -> str:
        src = match.group(2)
        if src.startswith(("data:", "http:", "https:")):
            return match.group(0)
        path = Path(unquote(urlsplit(urljoin(page.resolve().as_uri(), src)).path))
        if not path.is_file():
            return f'{match.group(1)}""'
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'{match.group(1)}"data:{kind};base64,{data}"'

    return _SRC.sub(inline, html_text)


def _content(page: Path, links: LinkMap, document_href: dict[str, str]) -> str:
    """The page's article as the copy shows it: collapsed blocks open (a copy is read
    through, and printed), images inline, links relinked."""
    html_text = _CLOSED.sub("<details open", article_html(page))
    return _relinked(page, _inline_images(page, html_text), links, document_href)


def _relinked(page: Path, html_text: str, links: LinkMap, document_href: dict[str, str]) -> str:
    """Links to documents of this copy stay inside it; to the site, under ``site_url``;
    anything else of the build machine loses its link (the text stays)."""

    def relink(match: re.Match[str]) -> str:
        href = match.group(2)
        if href.startswith("#"):
            return match.group(0)
        target, web = link_target(links, page, href)
        new = document_href.get(target) if target else None
        new = new or web
        return f'{match.group(1)} href="{escape(new)}"' if new else match.group(1)

    return _HREF.sub(relink, html_text)


def _page(copy: Copy, title: str, styles: str, body: str) -> str:
    lines = footer_lines(copy.labels, edition=copy.edition, as_of=copy.as_of)
    dated = print_date_rule(lines, copy.labels("print.printed_on", date=copy.made))
    return (
        f'<!doctype html>\n<html lang="{copy.labels.language}"><head><meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{styles}\n{_STYLE}\n{dated}\n</style>\n"
        f'</head><body><div class="cb-copy md-typeset">\n{body}\n</div></body></html>\n'
    )


def document_copy(
    copy: Copy, document: Document, page: Path, links: LinkMap, names: dict[str, str]
) -> str:
    """One document as a single HTML file; ``names`` are the file names of the other
    documents' copies (a link to one of them stays inside the set)."""
    status = copy.labels(f"status.{document.meta.status.value}")
    what = (
        f"{document.id} {document.title} · {copy.labels('revision')} "
        f"{document.meta.revision} · {status}"
    )
    body = _content(page, links, names)
    return _page(copy, f"{document.id} {document.title}", _styles(page), _notice(copy, what) + body)


def edition_copy(copy: Copy, documents: list[tuple[Document, Path]], links: LinkMap) -> str:
    """Every document of the edition in one HTML file: contents, then each document."""
    t = copy.labels
    anchors = {document.id: f"#doc-{document.id.lower()}" for document, _ in documents}
    rows = "".join(
        f'<li><a href="{anchors[d.id]}">{escape(d.id)}</a> {escape(d.title)} · '
        f"{escape(t('revision'))} {escape(d.meta.revision)} · "
        f"{escape(t('status.' + d.meta.status.value))}</li>\n"
        for d, _ in documents
    )
    parts = [
        f"<h1>{escape(copy.site_name)}</h1>",
        _notice(copy, t("print.manual")),
        f"<h2>{escape(t('print.contents'))}</h2>\n<ul>\n{rows}</ul>",
    ]
    for document, page in documents:
        body = _content(page, links, anchors)
        anchor = anchors[document.id][1:]
        parts.append(f'<section class="cb-copy-document" id="{anchor}">\n{body}\n</section>')
    styles = _styles(documents[0][1]) if documents else ""
    return _page(copy, f"{copy.site_name}: {t('print.manual')}", styles, "\n".join(parts))
