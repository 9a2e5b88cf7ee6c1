"""A redline: what was removed and what was added between two revisions of a document.

Lines are compared first; inside a changed block, words are compared so a one-word edit
shows as one word struck through, not a whole paragraph. Output is escaped HTML.
"""

from __future__ import annotations

import difflib
import html
import re

_WORDS = re.compile(r"\s+|[\w\u4e00-\u9fff]+|[^\w\s]", re.UNICODE)


def _words(text: str) -> list[str]:
    # Chinese has no spaces: compare it character by character.
    tokens: list[str] = []
    for token in _WORDS.findall(text):
        if re.search(r"[\u4e00-\u9fff]", token):
            tokens.extend(token)
        else:
            tokens.append(token)
    return tokens


def _inline(old: str, new: str) -> str:
    a, b = _words(old), _words(new)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def redline(old: str, new: str) -> str:
    """An HTML block (one ``<div>`` per line) marking deletions and insertions."""
    a, b = old.splitlines(), new.splitlines()
    rows = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                f'<div class="cb-line">{html.escape(line) or "&nbsp;"}</div>' for line in a[i1:i2]
            ]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            rows += [
                f'<div class="cb-line cb-line--changed">{_inline(x, y)}</div>'
                for x, y in zip(a[i1:i2], b[j1:j2], strict=True)
            ]
        else:
            rows += [
                f'<div class="cb-line cb-line--removed"><del>{html.escape(line)}</del></div>'
                for line in a[i1:i2]
            ]
            rows += [
                f'<div class="cb-line cb-line--added"><ins>{html.escape(line)}</ins></div>'
                for line in b[j1:j2]
            ]
    return '<div class="cb-redline">\n' + "\n".join(rows) + "\n</div>"
