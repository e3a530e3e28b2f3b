"""Letter spacing: all-CJK lines spaced out, as justified PDF lines extract."""

from __future__ import annotations

import random

from cleaner.evaluate.synthetic.layout import Column, render, set_column
from cleaner.evaluate.synthetic.text import is_cjk, pick


def space_letters(col: Column, rng: random.Random) -> bool:
    """A space between the characters of some all-CJK lines; False when there was none."""
    spaced = [
        (pi, li)
        for pi, li in col.inner
        if len(col.pars[pi].lines[li]) >= 4 and all(is_cjk(c) for c in col.pars[pi].lines[li])
    ]
    spots = pick(rng, spaced, 0.2)
    for pi, li in spots:
        col.pars[pi].lines[li] = " ".join(col.pars[pi].lines[li])
    return bool(spots)


def letter_spacing(text: str, rng: random.Random) -> str:
    """Hard wraps with some all-CJK lines letter-spaced, as justified PDF lines extract."""
    col = set_column(text, rng)
    placed = space_letters(col, rng)
    out = render(col, rng)
    return out if placed else text
