"""Hard wraps: the text as a newspaper PDF column extracts, one line per column line."""

from __future__ import annotations

import random

from cleaner.evaluate.synthetic.layout import render, set_column


def hard_wrap(text: str, rng: random.Random) -> str:
    """Column hard wraps of a newspaper PDF (see `layout.set_column` for the width draw)."""
    return render(set_column(text, rng), rng)
