"""Time the inputs that used to hang or crawl (issue 18): a "billion laughs" front matter,
nesting at YAML's depth limit, and redlines of very long revised lines.

Each case is run ``--repeat`` times and the best kept (a shared host's noise only adds).
The redline cases revise every 37th word of a line written with a small vocabulary (many
equal words: the worst case of difflib), and one word of a 5,000-word line.

    python benchmarks/hostile.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from clausebook.core.frontmatter import split
from clausebook.render.redline import redline

VOCABULARY = ["the", "change", "record", "is", "reviewed", "by", "owner"]


def laughs(levels: int = 9) -> str:
    lines = ["---", "a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for level in range(1, levels):
        lines.append(
            f"l{level}: &l{level} ["
            + ", ".join([f"*{'a' if level == 1 else f'l{level - 1}'}"] * 9)
            + "]"
        )
    return "\n".join([*lines, "---", ""])


def line(words: int, every: int | None) -> tuple[str, str]:
    """A line of ``words`` words and its revision (every ``every``-th word, or the middle one)."""
    old = [VOCABULARY[(i * 5) % len(VOCABULARY)] for i in range(words)]
    new = list(old)
    for index in range(0, words, every) if every else [words // 2]:
        new[index] = "revised"
    return " ".join(old), " ".join(new)


def best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    bomb = laughs()
    deep = "---\ntitle: " + "{a: " * 990 + "x" + "}" * 990 + "\n---\n"
    cases: list[tuple[str, Callable[[], object]]] = [
        ("billion laughs (9 levels of 9 aliases)", lambda: split(bomb, "bomb.md")),
        ("990 nested mappings", lambda: split(deep, "deep.md")),
    ]
    for words, every in ((1000, 37), (1500, 37), (5000, 37), (5000, None)):
        old, new = line(words, every)
        what = f"every {every}th word" if every else "one word"
        cases.append(
            (f"redline, {words:,}-word line, {what} revised", lambda o=old, n=new: redline(o, n))
        )
    print(f"{'case':<52} {'best s':>8}")
    for name, action in cases:
        print(f"{name:<52} {best(action, repeat):>8.3f}")


if __name__ == "__main__":
    main()
