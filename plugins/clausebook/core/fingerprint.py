"""What a revision fixes, as one hash: the fingerprint that change control compares.

A published revision must not change without a new revision number (CB701). What counts as
a change is what a reader reads: every word, table cell and link target of the body, and the
front matter that says what the document is (title, type, owner, approver, clauses,
classification). What is left out changes under document control without a new revision:
the periodic review (``reviewed``, ``review_interval``) and the lifecycle (``status``, its
dates, ``superseded_by``, the history that records it). Trailing spaces, line endings and a
paragraph re-wrapped over other lines change nothing a reader sees, so they are not changes.
"""

from __future__ import annotations

import hashlib
import json
import re

from clausebook.core.document import Document

#: Version of the fingerprint recorded in an edition's snapshot (absent: the first one).
VERSION = 2

#: Front-matter fields a revision fixes.
FIXED_FIELDS = ("title", "type", "owner", "approver", "clauses", "classification")

_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
#: A line that starts a block of its own: list item, table row, heading, quote, rule.
_BLOCK_START = re.compile(r"^[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#|>|\||[-*_=]{3,}[ \t]*$)")


def fingerprint(document: Document) -> str:
    """Hash of what the current revision fixes (see the module's description)."""
    meta = document.meta
    fixed = {name: getattr(meta, name) for name in FIXED_FIELDS}
    payload = _CANONICAL.encode({**fixed, "body": text_read(document.body)})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def first_fingerprint(document: Document) -> str:
    """The fingerprint of editions published before :data:`VERSION` 2 (title, clauses and
    the body as written), so that a manual compares exactly with its older editions."""
    meta = document.meta
    payload = _CANONICAL.encode(
        {
            "title": meta.title,
            "clauses": meta.clauses,
            "body": document.body.strip().replace("\r\n", "\n"),
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def text_read(body: str) -> str:
    """The body as a reader reads it: one line per block (paragraph, list item, table row,
    heading), words separated by single spaces; code blocks line by line, as written.

    Markdown joins the lines of a paragraph, so re-wrapping it changes nothing; a list item
    or table row starts a block of its own, so merging two items is still a change.
    """
    blocks: list[str] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            indent = paragraph[0][: len(paragraph[0]) - len(paragraph[0].lstrip())]
            blocks.append(indent + " ".join(" ".join(paragraph).split()))
            paragraph.clear()

    fenced = False
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.rstrip()
        if _FENCE.match(line):
            close()
            fenced = not fenced
            blocks.append(line)
        elif fenced:
            blocks.append(line)
        elif not line:
            close()
        else:
            if _BLOCK_START.match(line):
                close()
            paragraph.append(line)
    close()
    return "\n".join(blocks)
