"""A stable address per document id: ``id/PRO-INC-01/`` leads to the document's page.

Tickets, e-mails and other systems link to a procedure for years; its file is renamed, its
title reworded, its type or area changed, and the page moves. The id stays: each document
gets a small page at ``id/<ID>/`` that sends the browser on to wherever the document lives
in this edition (keeping a ``#section`` of the link). An old edition's pages link to the
current edition through it, so the link holds even when the file was renamed in between.
"""

from __future__ import annotations

import json

from clausebook.render.listings import escape

#: Where the address of a document id is, relative to the site root.
ADDRESS = "id/{id}/index.html"


def address_of(doc_id: str) -> str:
    return ADDRESS.format(id=doc_id)


def redirect_page(label: str, href: str, language: str) -> bytes:
    """The page at a document's id address: a redirect, and a link for browsers without
    scripts or refresh (the link is relative, so it works on any host and edition)."""
    target, text = escape(href), escape(label)
    script = json.dumps(href).replace("<", "\\u003c")
    return (
        f'<!doctype html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{text}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f"<script>location.replace({script} + location.hash)</script>\n"
        f'</head>\n<body>\n<p><a href="{target}">{text}</a></p>\n</body>\n</html>\n'
    ).encode()
