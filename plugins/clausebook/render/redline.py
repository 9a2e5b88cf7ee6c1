"""A redline: what was removed and what was added between two revisions of a document.

Lines are compared first; inside a changed block, words are compared so a one-word edit
shows as one word struck through, not a whole paragraph. Output is HTML, every character of
both revisions escaped.

difflib's matcher costs about the number of pairs of equal items of the two sides, and more
(a revised 1,000-word paragraph took a minute). Both comparisons first set aside what the
two sides share at their start and end (linear, and all of a one-word edit in a long
paragraph); what remains is compared only while its pairs stay under :data:`MAX_PAIRS`,
and otherwise shown as removed and added whole. The redline of any line then costs a
fraction of a second.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence

from clausebook.render.listings import escape

#: Most pairs of equal items (words or lines) compared in one block: about 0.1 s of difflib.
MAX_PAIRS = 100_000

Opcode = tuple[str, int, int, int, int]

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


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """difflib's opcodes, bounded: the common start and end first, then the middle compared
    item by item only when that is cheap, replaced as a whole otherwise."""
    most = min(len(a), len(b))
    head = 0
    while head < most and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < most - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a_end, b_end = len(a) - tail, len(b) - tail
    middle_a, middle_b = a[head:a_end], b[head:b_end]
    ops: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    if middle_a or middle_b:
        counts = Counter(middle_b)
        pairs = sum(n * counts[item] for item, n in Counter(middle_a).items())
        if pairs <= MAX_PAIRS:
            matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False)
            ops += [
                (tag, i1 + head, i2 + head, j1 + head, j2 + head)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            ]
        else:
            tag = "replace" if middle_a and middle_b else "delete" if middle_a else "insert"
            ops.append((tag, head, a_end, head, b_end))
    if tail:
        ops.append(("equal", a_end, len(a), b_end, len(b)))
    return ops


def _inline(old: str, new: str) -> str:
    a, b = _words(old), _words(new)
    out = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def redline(old: str, new: str) -> str:
    """An HTML block (one ``<div>`` per line) marking deletions and insertions."""
    a, b = old.splitlines(), new.splitlines()
    rows = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            rows += [f'<div class="cb-line">{escape(line) or "&nbsp;"}</div>' for line in a[i1:i2]]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            rows += [
                f'<div class="cb-line cb-line--changed">{_inline(x, y)}</div>'
                for x, y in zip(a[i1:i2], b[j1:j2], strict=True)
            ]
        else:
            rows += [
                f'<div class="cb-line cb-line--removed"><del>{escape(line)}</del></div>'
                for line in a[i1:i2]
            ]
            rows += [
                f'<div class="cb-line cb-line--added"><ins>{escape(line)}</ins></div>'
                for line in b[j1:j2]
            ]
    return '<div class="cb-redline">\n' + "\n".join(rows) + "\n</div>"
