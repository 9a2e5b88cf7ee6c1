"""Where the PDF copies of a site live: names only.

A document page links to its PDF and the command line finds them; neither needs the
machinery that makes them (:mod:`clausebook.exports.pdf`, with pypdf and the browser
driver, which a build that makes no PDF would otherwise import: 0.06 s and more).
"""

from __future__ import annotations

PDF_DIR = "pdf"
MANUAL_PDF = "manual.pdf"


def pdf_uri(document_id: str) -> str:
    """Where a document's PDF lives in the site."""
    return f"{PDF_DIR}/{pdf_name(document_id)}"


def pdf_name(document_id: str) -> str:
    """``pro-chg-01.pdf``; a document whose id is ``manual`` would take the whole manual's
    name, so it gets ``_manual.pdf``, a name no other id can have (ids start with a letter
    or a digit)."""
    name = f"{document_id.lower()}.pdf"
    return f"_{name}" if name == MANUAL_PDF else name
