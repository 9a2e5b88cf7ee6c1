"""A stable address per document id: ``id/#PRO-INC-01`` leads to the document's page.

Tickets, e-mails and other systems link to a procedure for years; its file is renamed, its
title reworded, its type or area changed, and the page moves. The id stays: one small page,
``id/index.html``, knows where every document of this edition lives and sends the browser
on (``id/#PRO-INC-01/section`` to a section of it). An old edition's pages link to the
current edition through it, so the link holds even when the file was renamed in between.

One page rather than one per document: a page per id doubled the files and folders a site
writes and every edition mike commits (docs/performance.md has what that cost). The id is in
the fragment, which the browser keeps to itself, so any static host serves the page.
Without scripts the page is a list of the documents, each entry's ``id`` the document id,
so the address still scrolls to the right link.

The address used to be ``id/PRO-INC-01/``. Those links still arrive where the host
answers a missing path with the site's ``404.html``: the site's script
(``mkdocs/assets/clausebook.js``) sees the old form there and moves on to the new one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from clausebook.core.collisions import ADDRESS_DIR
from clausebook.core.document import Document
from clausebook.core.natural import natural_key
from clausebook.render.labels import Labels
from clausebook.render.listings import escape

#: The page of the documents' stable addresses, relative to the site root.
ADDRESSES = f"{ADDRESS_DIR}/index.html"

#: Sends ``#ID`` or ``#ID/section`` on to the document (ids are ASCII and unique whatever
#: their case, so the look-up upper-cases them); again when the reader edits the fragment
#: on the page. An unknown id stays on the list.
_SCRIPT = """(function () {
  var targets = %s;
  function go() {
    var hash = location.hash.slice(1), cut = hash.indexOf("/");
    var id = (cut < 0 ? hash : hash.slice(0, cut)).toUpperCase();
    var section = cut < 0 ? "" : hash.slice(cut + 1);
    if (Object.prototype.hasOwnProperty.call(targets, id)) {
      location.replace(targets[id] + (section ? "#" + section : ""));
    }
  }
  window.addEventListener("hashchange", go);
  go();
})();"""


def addresses_page(documents: Iterable[Document], href: Callable[[str], str], t: Labels) -> bytes:
    """The page at ``id/``: a script that sends ``#ID`` on to the document's page, and the
    documents in id order for a browser without scripts. ``href`` gives the link to a page
    (by source path) from this one: relative, so it works on any host and edition. Not
    themed: a reader passes through it."""
    ordered = sorted(documents, key=lambda d: natural_key(d.id))
    targets = {d.id: href(d.src_uri) for d in ordered}
    # Upper-cased keys for the look-up; "<" escaped so that nothing closes the script.
    mapping = json.dumps({i.upper(): h for i, h in targets.items()}, separators=(",", ":"))
    mapping = mapping.replace("<", "\\u003c")
    items = "".join(
        f'<li id="{escape(d.id)}"><a href="{escape(targets[d.id])}">{escape(d.label)}</a></li>\n'
        for d in ordered
    )
    title = escape(t("by_id"))
    return (
        f'<!doctype html>\n<html lang="{escape(t.language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<style>li:target{background:#ffeb3b}</style>\n"
        f"<script>{_SCRIPT % mapping}</script>\n"
        f"</head>\n<body>\n<h1>{title}</h1>\n<p>{escape(t('by_id_unknown'))}</p>\n"
        f"<ul>\n{items}</ul>\n</body>\n</html>\n"
    ).encode()
