"""Where pages live and how one page links to another.

Generated tables are raw HTML inside Markdown, which MkDocs does not rewrite, so their links
are computed here: for the site (``use_directory_urls`` or not) and for plain Markdown
exported by the CLI, where links point at the ``.md`` files themselves.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache


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
        relative = self._relative(from_uri, to_uri)
        return f"{relative}#{anchor}" if anchor else relative

    @lru_cache(maxsize=65536)  # noqa: B019 - Links is frozen and lives for one build
    def _relative(self, from_uri: str, to_uri: str) -> str:
        # Both are site-relative POSIX paths without "..": plain list arithmetic, which is
        # several times faster than posixpath.relpath (this runs ~50,000 times at 2,000
        # documents).
        here = self.url(from_uri)
        base = [
            p
            for p in (here if here.endswith("/") else posixpath.dirname(here)).split("/")
            if p and p != "."
        ]
        target = self.url(to_uri)
        parts = [p for p in target.split("/") if p and p != "."]
        common = 0
        while common < min(len(base), len(parts)) and base[common] == parts[common]:
            common += 1
        relative = "/".join([".."] * (len(base) - common) + parts[common:])
        if target.endswith("/"):
            relative = f"{relative}/" if relative else "./"
        return relative or "./"


def markdown_link_target(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """A relative ``.md`` path, which MkDocs turns into the page URL and validates."""
    relative = Links(markdown=True).href(from_uri, to_uri)
    return f"{relative}#{anchor}" if anchor else relative
