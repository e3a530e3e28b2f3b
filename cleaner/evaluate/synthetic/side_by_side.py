"""Two columns side by side on each line, as `pdftotext -layout` prints a two-column page."""

from __future__ import annotations

import random

from cleaner.evaluate.synthetic.layout import render, set_column, wrap_paragraph
from cleaner.evaluate.synthetic.text import display_width, is_heading


def set_side_by_side(text: str, rng: random.Random) -> str:
    """Set laid-out lines as two columns side by side, as `pdftotext -layout` prints a
    two-column page: each row holds a line of the left column, the gutter's spaces, and a
    line of the right column, which starts at the same place on every page; pages end with
    a form feed. A heading wider than the column wraps in it, as a typesetter wraps it."""
    lines = text.split("\n")
    # The column is as wide as the widest wrapped line (headings were left whole).
    cols = max((display_width(line) for line in lines if not is_heading(line)), default=0)
    lines = [part for line in lines
             for part in (wrap_paragraph(line, cols) if 0 < cols < display_width(line)
                          else [line])]
    rows = rng.randint(12, 30)
    at = max(len(line) for line in lines) + rng.randint(3, 6)
    pages = []
    for top in range(0, len(lines), 2 * rows):
        left, right = lines[top:top + rows], lines[top + rows:top + 2 * rows]
        right += [""] * (len(left) - len(right))
        rows_text = ((a.ljust(at) + b).rstrip() for a, b in zip(left, right, strict=True))
        pages.append("\n".join(rows_text))
    return "\f".join(pages)


def side_by_side(text: str, rng: random.Random) -> str:
    """Hard wraps in two columns printed side by side on each line (`pdftotext -layout`)."""
    return set_side_by_side(render(set_column(text, rng), rng), rng)
