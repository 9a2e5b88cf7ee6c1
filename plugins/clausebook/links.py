"""Where pages live and how one page links to another.

Generated tables are raw HTML inside Markdown, which MkDocs does not rewrite, so their links
are computed here: for the site (``use_directory_urls`` or not) and for plain Markdown
exported by the CLI, where links point at the ``.md`` files themselves.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class Links:
    directory_urls: bool = True
    markdown: bool = False

    def url(self, src_uri: str) -> str:
        """The page's location relative to the site root (as MkDocs computes it)."""
        if self.markdown or not src_uri.endswith(".md"):
            return src_uri
        stem = src_uri[: -len(".md")]
        folder, _, name = stem.rpartition("/")
        if name in ("index", "README"):
            return f"{folder}/" if folder else "./"
        if not self.directory_urls:
            return f"{stem}.html"
        return f"{stem}/"

    def href(self, from_uri: str, to_uri: str, anchor: str | None = None) -> str:
        """A relative link from one page (by source path) to another page or file."""
        here = self.url(from_uri)
        base = here if here.endswith("/") else posixpath.dirname(here)
        target = self.url(to_uri)
        relative = posixpath.relpath(target, base.rstrip("/") or ".")
        if target.endswith("/") and not relative.endswith("/"):
            relative = "./" if relative == "." else relative + "/"
        return f"{relative}#{anchor}" if anchor else relative


def markdown_link_target(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """A relative ``.md`` path, which MkDocs turns into the page URL and validates."""
    relative = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"{relative}#{anchor}" if anchor else relative
