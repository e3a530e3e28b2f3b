"""The report's charts, drawn here as inline SVG so that the page needs no plotting library.

Bars per rule, script or drop reason (`bar_chart`) and a histogram of document lengths
before and after cleaning (`length_chart`, over `LENGTH_BINS`). Every value is escaped
with `esc`, which the rest of the page uses too.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["LENGTH_BINS", "bar_chart", "esc", "length_bin", "length_chart"]

LENGTH_BINS = (0, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


def length_bin(n: int) -> int:
    """The index in `LENGTH_BINS` of the bin a length of `n` characters falls in."""
    return sum(1 for edge in LENGTH_BINS[1:] if n >= edge)


def esc(value: object) -> str:
    """HTML-escape any value, quotes included, for text and attributes alike."""
    return html.escape(str(value), quote=True)


def bar_chart(rows: Sequence[tuple[str, int, str]], chart_id: str, width: int = 560) -> str:
    """Horizontal bars: (label, value, tooltip) per row."""
    if not rows:
        return '<p class="note">None.</p>'
    top = max(v for _, v, _ in rows) or 1
    # About 7 px per character at 12 px: wide enough for "P002 fullwidth-operators".
    label_w = min(max(len(label) for label, _, _ in rows) * 7 + 16, 260)
    row_h, bar_h = 22, 15
    plot = width - label_w - 60
    height = row_h * len(rows) + 6
    parts = [f'<svg id="{chart_id}" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">']
    for n, (label, value, tip) in enumerate(rows):
        y = 3 + n * row_h
        w = round(plot * value / top, 1)
        parts.append(f'<g><title>{esc(tip)}</title>'
                     f'<text x="{label_w - 8}" y="{y + 12}" text-anchor="end">{esc(label)}</text>'
                     f'<rect class="bar" x="{label_w}" y="{y}" width="{w}" height="{bar_h}" '
                     f'rx="2" data-label="{esc(label)}" data-value="{value}"/>'
                     f'<text class="muted" x="{label_w + w + 6}" y="{y + 12}">{value:,}</text>'
                     '</g>')
    parts.append("</svg>")
    return "".join(parts)


def length_chart(before: list[int], after: list[int], width: int = 560) -> str:
    """Grouped histogram of document lengths before and after cleaning."""
    labels = [f"{_short(a)}–{_short(b)}"
              for a, b in zip(LENGTH_BINS[:-1], LENGTH_BINS[1:], strict=True)]
    labels.append(f"≥{_short(LENGTH_BINS[-1])}")
    top = max(before + after) or 1
    left, bottom, plot_h = 56, 58, 170
    height = plot_h + bottom + 20
    group = (width - left - 10) / len(labels)
    bar = max(group / 2 - 3, 2)
    parts = [f'<svg id="length-chart" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">',
             f'<rect class="before" x="{left}" y="2" width="10" height="10"/>'
             f'<text x="{left + 14}" y="11">before: documents read</text>'
             f'<rect class="after" x="{left + 170}" y="2" width="10" height="10"/>'
             f'<text x="{left + 184}" y="11">after: documents written</text>',
             f'<line x1="{left}" y1="{20 + plot_h}" x2="{width - 10}" y2="{20 + plot_h}" '
             'stroke="#999"/>',
             f'<text class="muted" x="{left - 4}" y="{26}" text-anchor="end">{top:,}</text>']
    for k, label in enumerate(labels):
        x = left + k * group + 2
        for j, (series, counts) in enumerate((("before", before), ("after", after))):
            h = round(plot_h * counts[k] / top, 1)
            parts.append(f'<rect class="{series}" x="{x + j * (bar + 1):.1f}" '
                         f'y="{20 + plot_h - h}" width="{bar:.1f}" height="{h}">'
                         f'<title>{label} characters, {series}: {counts[k]:,}</title></rect>')
        cx = x + bar
        parts.append(f'<text class="muted" transform="translate({cx:.1f},{26 + plot_h}) '
                     f'rotate(45)">{esc(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 else str(n)
