"""A redline: what changed between two revisions of a document, as a reader sees the text.

Both revisions are rendered from Markdown first and compared block by block (headings,
paragraphs, list items, table rows), so markup, wrapping and blank lines are no changes;
inside a changed block, words are compared, so a one-word edit shows as one word struck
through, not a whole paragraph. Unchanged blocks are folded away but for one on either side
of a change, and each change links to the previous and the next. Output is escaped HTML.

difflib's matcher costs about the number of pairs of equal items of the two sides, and more
(a revised 1,000-word paragraph took a minute). Both comparisons first set aside what the
two sides share at their start and end (linear, and all of a one-word edit in a long
paragraph); what remains is compared only while its pairs stay under :data:`MAX_PAIRS`,
and otherwise shown as removed and added whole. The redline of any text then costs a
fraction of a second.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from html.parser import HTMLParser

import markdown

from clausebook.render.labels import Texts
from clausebook.render.listings import escape

_WORDS = re.compile(r"\s+|[\w\u4e00-\u9fff]+|[^\w\s]", re.UNICODE)
_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "tr", "pre"})
_CELLS = frozenset({"td", "th"})
#: Unchanged blocks shown on either side of a change.
CONTEXT = 1
_EXTENSIONS = ["tables", "def_list", "clausebook.render.cjk"]


def _words(text: str) -> list[str]:
    # Chinese has no spaces: compare it character by character.
    tokens: list[str] = []
    for token in _WORDS.findall(text):
        if re.search(r"[\u4e00-\u9fff]", token):
            tokens.extend(token)
        else:
            tokens.append(token)
    return tokens


#: Most pairs of equal items (words or lines) compared in one block: about 0.1 s of difflib.
MAX_PAIRS = 100_000

Opcode = tuple[str, int, int, int, int]


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


class _Text(HTMLParser):
    """The text of each block of rendered HTML, innermost block first."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._open.append((tag, []))
        elif tag in _CELLS and self._open and "".join(self._open[-1][1]).strip():
            self._open[-1][1].append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and self._open and self._open[-1][0] == tag:
            kind, parts = self._open.pop()
            text = " ".join("".join(parts).split()) if kind != "pre" else "".join(parts)
            if text.strip():
                self.blocks.append((kind, text.strip("\n")))

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)


def blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each block of the Markdown ``text`` as the site renders it."""
    parser = _Text()
    parser.feed(markdown.markdown(text, extensions=_EXTENSIONS))
    parser.close()
    return parser.blocks


def redline(old: str, new: str, texts: Texts) -> str:
    """An HTML block marking the deletions and insertions between two Markdown texts."""
    a, b = blocks(old), blocks(new)
    opcodes = _opcodes([t for _, t in a], [t for _, t in b])
    changes = sum(1 for op in opcodes if op[0] != "equal")
    rows: list[str] = []
    number = 0
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            rows += _unchanged(a[i1:i2], index > 0, index < len(opcodes) - 1, texts)
            continue
        number += 1
        rows.append(_change(tag, a[i1:i2], b[j1:j2], number, changes, texts))
    if not changes:
        summary = escape_text(texts["redline_none"])
    else:
        summary = (
            escape_text(texts["redline_count"].format(count=changes))
            + f' <a href="#cb-change-1">{escape_text(texts["redline_first"])}</a>'
        )
    return (
        f'<div class="cb-redline">\n<p class="cb-redline__summary">{summary}</p>\n'
        + "\n".join(rows)
        + "\n</div>"
    )


def escape_text(text: str) -> str:
    return escape(text)


def _block(kind: str, inner: str, extra: str = "") -> str:
    return f'<div class="cb-block cb-block--{kind}{extra}">{inner}</div>'


def _unchanged(run: list[tuple[str, str]], after: bool, before: bool, texts: Texts) -> list[str]:
    """An unchanged run: a block of context next to each change, the rest folded."""
    head = run[:CONTEXT] if after else []
    tail = run[len(run) - CONTEXT :] if before and len(run) > len(head) else []
    middle = run[len(head) : len(run) - len(tail)]
    shown = [_block(kind, escape(text)) for kind, text in head]
    if len(middle) == 1:
        shown.append(_block(middle[0][0], escape(middle[0][1])))
    elif middle:
        inner = "\n".join(_block(kind, escape(text)) for kind, text in middle)
        label = escape_text(texts["redline_folded"].format(count=len(middle)))
        shown.append(f'<details class="cb-fold"><summary>{label}</summary>\n{inner}\n</details>')
    shown += [_block(kind, escape(text)) for kind, text in tail]
    return shown


def _change(
    tag: str,
    old: list[tuple[str, str]],
    new: list[tuple[str, str]],
    number: int,
    total: int,
    texts: Texts,
) -> str:
    """One change: its blocks, and links to the previous and the next change."""
    parts = []
    if tag == "replace" and len(old) == len(new):
        parts = [
            _block(kind, _inline(x, y), " cb-block--changed")
            for (_, x), (kind, y) in zip(old, new, strict=True)
        ]
    else:
        parts += [
            _block(kind, f"<del>{escape(text)}</del>", " cb-block--removed") for kind, text in old
        ]
        parts += [
            _block(kind, f"<ins>{escape(text)}</ins>", " cb-block--added") for kind, text in new
        ]
    links = []
    if number > 1:
        links.append(
            f'<a href="#cb-change-{number - 1}">{escape_text(texts["redline_previous"])}</a>'
        )
    if number < total:
        links.append(f'<a href="#cb-change-{number + 1}">{escape_text(texts["redline_next"])}</a>')
    where = escape_text(texts["redline_change"].format(number=number, total=total))
    nav = f'<p class="cb-change__nav">{where} {" · ".join(links)}</p>'
    return (
        f'<div class="cb-change" id="cb-change-{number}">\n{nav}\n' + "\n".join(parts) + "\n</div>"
    )
