"""What Chromium's PDFs need before they leave the build machine: links, title, outline.

Chromium prints a page opened from disk with every link as a ``file://`` path of the machine
that built it, which opens nothing anywhere else. Every link is rewritten here:

- to another controlled document: that document in the same PDF set (a remote go-to to its
  file beside this one), or, inside ``manual.pdf``, to its first page in the manual;
- to any other page of the site: the page under ``site_url``, when the site has one;
- to anything else of the build machine: removed (the text stays, without a link).

Web and mail links stay as they are. No ``file://`` is left in any PDF.
"""

from __future__ import annotations

import io
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


@dataclass(frozen=True)
class LinkMap:
    """Where the pages of a built site go once printed."""

    site_dir: Path
    #: Site-relative URL of each document page (``procedures/pro-chg-01/``) -> its id.
    documents: dict[str, str]
    #: The PDF file of each document id, beside the others.
    files: dict[str, str]
    site_url: str | None = None
    _root: str = field(init=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "_root", self.site_dir.resolve().as_posix().rstrip("/") + "/")

    def resolve(self, uri: str) -> tuple[str | None, str | None]:
        """The document a link leads to (its id) and its address on the web, either or both
        None: a web or mail link is its own address, a file of the build machine has none
        without ``site_url``."""
        parts = urlsplit(uri)
        if parts.scheme != "file":
            return None, uri if parts.scheme in ("http", "https", "mailto") else None
        path = unquote(parts.path)
        if not path.startswith(self._root):
            return None, None
        relative = path[len(self._root) :]
        page = relative.removesuffix("index.html")
        document = self.documents.get(page) or self.documents.get(relative)
        web = None
        if self.site_url:
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            web = posixpath.join(self.site_url.rstrip("/") + "/", page) + fragment
        return document, web


#: What a link to a controlled document becomes: an action, or None to remove the link.
DocumentAction = Callable[[str], DictionaryObject | None]


def remote(files: dict[str, str]) -> DocumentAction:
    """Links to documents open their PDF beside this one (a remote go-to, first page)."""

    def action(document_id: str) -> DictionaryObject | None:
        name = files.get(document_id)
        if name is None:
            return None
        return DictionaryObject(
            {
                NameObject("/S"): NameObject("/GoToR"),
                NameObject("/F"): TextStringObject(name),
                NameObject("/D"): ArrayObject([NumberObject(0), NameObject("/Fit")]),
                NameObject("/NewWindow"): BooleanObject(False),
            }
        )

    return action


def _uri(url: str) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(url)}
    )


def relink(writer: PdfWriter, links: LinkMap, document: DocumentAction, start: int = 0) -> int:
    """Rewrite the links of the pages from ``start`` on; how many were removed."""
    removed = 0
    for page in writer.pages[start:]:
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept: ArrayObject = ArrayObject()
        for reference in annotations.get_object():
            annotation = reference.get_object()
            action = annotation.get("/A")
            action = action.get_object() if action is not None else None
            if action is None or action.get("/S") != "/URI":
                kept.append(reference)
                continue
            target, web = links.resolve(str(action.get("/URI", "")))
            new = document(target) if target is not None else None
            if new is None and web is not None:
                new = _uri(web)
            if new is None:
                removed += 1
                continue
            annotation[NameObject("/A")] = new
            kept.append(reference)
        page[NameObject("/Annots")] = kept
    return removed


def set_info(writer: PdfWriter, *, title: str, subject: str, language: str) -> None:
    """The PDF's /Title (shown by viewers instead of the file name), subject and language."""
    writer.add_metadata({"/Title": title, "/Subject": subject, "/Creator": "clausebook"})
    writer.create_viewer_preferences()
    assert writer.viewer_preferences is not None
    writer.viewer_preferences.display_doctitle = True
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)


def finish_document(
    data: bytes, links: LinkMap, *, title: str, subject: str, language: str
) -> tuple[bytes, int]:
    """A single document's PDF as Chromium printed it, made fit to leave the machine; and
    its number of pages."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    relink(writer, links, remote(links.files))
    set_info(writer, title=title, subject=subject, language=language)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


@dataclass
class Heading:
    """An entry of a PDF's outline: its title, page (0-based) and position, and children."""

    title: str
    page: int
    top: float | None
    children: list[Heading] = field(default_factory=list)


def headings(reader: PdfReader) -> list[Heading]:
    """The outline Chromium made from the page's headings, as a tree."""

    def walk(items: list) -> list[Heading]:
        result: list[Heading] = []
        for item in items:
            if isinstance(item, list):
                if result:
                    result[-1].children = walk(item)
                continue
            page = reader.get_destination_page_number(item)
            top = item.get("/Top")
            result.append(Heading(str(item.title), page, float(top) if top else None))
        return result

    return walk(reader.outline)
