"""Where pages live and how one page links to another.

Generated tables are raw HTML inside Markdown, which MkDocs does not rewrite, so their links
are computed here: for the site (``use_directory_urls`` or not) and for plain Markdown
exported by the CLI, where links point at the ``.md`` files themselves.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Links:
    directory_urls: bool = True
    markdown: bool = False
    #: The site's address (``site_url``): where a page is for a reader outside the site.
    site_url: str | None = None
    #: Links already made, by (from, to): a large manual asks for the same ones many times
    #: (a chip per mapping on every report).
    _made: dict[tuple[str, str], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _split: dict[tuple[str, bool], tuple[list[str], bool]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

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

    def absolute(self, src_uri: str) -> str | None:
        """The page's full address (a calendar event links to it); None without a
        ``site_url`` or for plain Markdown, where a page has no address."""
        if not self.site_url or self.markdown:
            return None
        location = self.url(src_uri)
        return self.site_url.rstrip("/") + "/" + ("" if location == "./" else location)

    def href(self, from_uri: str, to_uri: str, anchor: str | None = None) -> str:
        """A relative link from one page (by source path) to another page or file."""
        relative = self._made.get((from_uri, to_uri))
        if relative is None:
            relative = self._made[from_uri, to_uri] = self._relative(from_uri, to_uri)
        return f"{relative}#{anchor}" if anchor else relative

    def _relative(self, from_uri: str, to_uri: str) -> str:
        # Both are site-relative POSIX paths without "..": plain list arithmetic on their
        # parts (each page's worked out once), several times faster than posixpath.relpath.
        base, _ = self._parts(from_uri, folder=True)
        parts, is_folder = self._parts(to_uri)
        common, most = 0, min(len(base), len(parts))
        while common < most and base[common] == parts[common]:
            common += 1
        relative = "/".join([".."] * (len(base) - common) + parts[common:])
        if is_folder:
            relative = f"{relative}/" if relative else "./"
        return relative or "./"

    def _parts(self, uri: str, *, folder: bool = False) -> tuple[list[str], bool]:
        """The parts of a page's location (of its folder, with ``folder``), and whether
        the location is a folder."""
        key = (uri, folder)
        known = self._split.get(key)
        if known is None:
            location = self.url(uri)
            is_folder = location.endswith("/")
            if folder and not is_folder:
                location = posixpath.dirname(location)
            parts = [_encode(p) for p in location.split("/") if p and p != "."]
            known = self._split[key] = (parts, is_folder)
        return known


#: Characters that end or change a URL path (``#``, ``?``, ``%``), break a Markdown link
#: (space, brackets) or may not stand in one (controls, quotes): a file named
#: ``a#1 50%.md`` is linked as ``a%231%2050%25/``. Other characters, Chinese included,
#: stay as they are (valid in an HTML link, and readable in plain Markdown).
_UNSAFE = re.compile(r'[\x00-\x20\x7f"#%<>?\[\\\]^`{|}()]')


def _encode(part: str) -> str:
    """One segment of a link's path, percent-encoded where it must be."""
    if not _UNSAFE.search(part):
        return part
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), part)


def markdown_link_target(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """A relative ``.md`` path, which MkDocs turns into the page URL and validates."""
    relative = _MARKDOWN.href(from_uri, to_uri)
    return f"{relative}#{anchor}" if anchor else relative


_MARKDOWN = Links(markdown=True)
