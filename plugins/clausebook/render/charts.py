"""The dashboard's pictures, drawn as inline SVG when the site is built.

No chart library and no script: the pictures are in the page itself, so they show on an
intranet without internet, in print and in a PDF, and read the same with styles off (each
has a title and a text equivalent beside it). Every text that comes from a user (a title,
a standard's name) is escaped, in elements and in attributes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

#: Fills of the states, chosen to stay distinct in greyscale print as well; a state without
#: its own (a coverage state added later) is drawn in a neutral grey-blue.
FILLS = {
    "covered": "#2e7d32",
    "at-risk": "#f9a825",
    "uncovered": "#c62828",
    "excluded": "#9e9e9e",
    "other-party": "#1565c0",
    "ok": "#2e7d32",
    "due-soon": "#f9a825",
    "overdue": "#c62828",
}
WIDTH = 640


def fill(state: str) -> str:
    return FILLS.get(state, "#607d8b")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(height: int, title: str, body: list[str], css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cb-chart {css_class}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{_e(title)}" font-family="sans-serif" font-size="12">'
        f"<title>{_e(title)}</title>" + "".join(body) + "</svg>"
    )


@dataclass(frozen=True)
class Bar:
    """One stacked bar: a label, a percentage to print, and counts by state."""

    label: str
    percent: float
    counts: dict[str, int]


def bars(rows: Sequence[Bar], states: Sequence[str], names: dict[str, str], title: str) -> str:
    """Stacked horizontal bars, one per standard, with a legend (``names``: state labels)."""
    left, right, row = 180, 60, 28
    span = WIDTH - left - right
    body = []
    for n, bar in enumerate(rows):
        y = 8 + n * row
        total = sum(bar.counts.get(s, 0) for s in states) or 1
        x = float(left)
        body.append(f'<text x="0" y="{y + 14}">{_e(bar.label)}</text>')
        for state in states:
            count = bar.counts.get(state, 0)
            if not count:
                continue
            width = span * count / total
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="18" '
                f'fill="{fill(state)}" class="cb-fill-{state}">'
                f"<title>{_e(names[state])}: {count}</title></rect>"
            )
            x += width
        body.append(f'<text x="{left + span + 6}" y="{y + 14}">{bar.percent:.0f}%</text>')
    legend_y = 8 + len(rows) * row + 8
    x = float(left)
    for state in states:
        body.append(
            f'<rect x="{x:.0f}" y="{legend_y}" width="10" height="10" fill="{fill(state)}"/>'
            f'<text x="{x + 14:.0f}" y="{legend_y + 9}">{_e(names[state])}</text>'
        )
        x += 14 + 7 * len(names[state]) + 16
    return _svg(legend_y + 18, title, body, "cb-chart--bars")


@dataclass(frozen=True)
class Cell:
    """One document in the review strip."""

    label: str
    state: str
    href: str | None = None


def strip(cells: Sequence[Cell], title: str) -> str:
    """One small square per document, coloured by its review state, worst first; each
    square names its document (a tooltip, and a link where the document has a page)."""
    size, gap = 14, 3
    per_row = WIDTH // (size + gap)
    body = []
    for n, cell in enumerate(cells):
        x, y = (n % per_row) * (size + gap), (n // per_row) * (size + gap)
        square = (
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="2" '
            f'fill="{fill(cell.state)}" class="cb-fill-{cell.state}">'
            f"<title>{_e(cell.label)}</title></rect>"
        )
        body.append(f'<a href="{_e(cell.href)}">{square}</a>' if cell.href else square)
    rows = max(1, -(-len(cells) // per_row))
    return _svg(rows * (size + gap), title, body, "cb-chart--strip")


@dataclass(frozen=True)
class Mark:
    """A dated event on the timeline: ``kind`` is planned, held, window, expiry."""

    date: dt.date
    label: str
    kind: str


def timeline(
    start: dt.date,
    end: dt.date,
    today: dt.date,
    marks: Sequence[Mark],
    window: tuple[dt.date, dt.date],
    today_label: str,
    title: str,
) -> str:
    """The certificate's cycle from issue to expiry: a year scale, the renewal window as a
    band, planned audits as hollow diamonds, audits held as filled ones, today as a line."""
    left, right, axis = 20, 20, 70
    span = WIDTH - left - right
    days = max(1, (end - start).days)

    def x(day: dt.date) -> float:
        clamped = min(max(day, start), end)
        return left + span * (clamped - start).days / days

    body = [
        f'<rect x="{x(window[0]):.1f}" y="{axis - 16}" '
        f'width="{max(1.0, x(window[1]) - x(window[0])):.1f}" height="32" '
        'fill="#fff3e0" stroke="#f9a825" class="cb-window"/>',
        f'<line x1="{left}" y1="{axis}" x2="{left + span}" y2="{axis}" stroke="#424242" '
        'stroke-width="2"/>',
    ]
    for year in range(start.year, end.year + 2):
        tick = dt.date(year, 1, 1)
        if start <= tick <= end:
            body.append(
                f'<line x1="{x(tick):.1f}" y1="{axis - 4}" x2="{x(tick):.1f}" '
                f'y2="{axis + 4}" stroke="#424242"/>'
                f'<text x="{x(tick):.1f}" y="{axis + 18}" text-anchor="middle">{year}</text>'
            )
    for n, mark in enumerate(sorted(marks, key=lambda m: m.date)):
        cx = x(mark.date)
        held = mark.kind == "held"
        fill = "#1565c0" if held else "#ffffff"
        if mark.kind == "expiry":
            fill = "#c62828"
        body.append(
            f'<path d="M{cx:.1f} {axis - 7} l7 7 l-7 7 l-7 -7 z" fill="{fill}" '
            f'stroke="#1565c0" stroke-width="1.5" class="cb-mark cb-mark--{_e(mark.kind)}">'
            f"<title>{_e(mark.date.isoformat())}: {_e(mark.label)}</title></path>"
        )
        label_y = axis - 22 - (n % 2) * 14
        anchor = "end" if cx > WIDTH - 120 else "start" if cx < 120 else "middle"
        body.append(
            f'<text x="{cx:.1f}" y="{label_y}" text-anchor="{anchor}" font-size="10">'
            f"{_e(mark.label)}</text>"
        )
    if start <= today <= end:
        tx = x(today)
        body.append(
            f'<line x1="{tx:.1f}" y1="{axis - 40}" x2="{tx:.1f}" y2="{axis + 26}" '
            'stroke="#c62828" stroke-width="2" stroke-dasharray="4 2" class="cb-today"/>'
            f'<text x="{tx:.1f}" y="{axis + 38}" text-anchor="middle" fill="#c62828" '
            f'font-weight="bold">{_e(today_label)} {_e(today.isoformat())}</text>'
        )
    return _svg(axis + 46, title, body, "cb-chart--timeline")
