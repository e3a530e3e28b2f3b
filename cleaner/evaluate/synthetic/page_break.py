"""Page and column breaks: blank lines inside a hard-wrapped paragraph, mid-sentence."""

from __future__ import annotations

import random

from cleaner.evaluate.synthetic.layout import Column, render, set_column
from cleaner.evaluate.synthetic.text import pick


def place_page_breaks(col: Column, rng: random.Random) -> bool:
    """Blank lines after some lines that end mid-sentence; False when there was no place."""
    spots = pick(rng, col.mid, 0.12)
    for pi, li in spots:
        col.pars[pi].after[li] = [""] * rng.choice((1, 1, 1, 2))
    return bool(spots)


def page_break(text: str, rng: random.Random) -> str:
    """Hard wraps plus blank lines after some lines that end mid-sentence (page/column breaks)."""
    col = set_column(text, rng)
    placed = place_page_breaks(col, rng)
    out = render(col, rng)
    return out if placed else text
