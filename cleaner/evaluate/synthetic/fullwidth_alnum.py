"""Full-width letters and digits: ASCII runs (or parts of them) in full-width forms."""

from __future__ import annotations

import random
import re

from cleaner.evaluate.synthetic.text import apply_edits, pick


def fullwidth_alnum(text: str, rng: random.Random) -> str:
    """Turn some ASCII letter/digit runs (or parts of them) into full-width forms."""
    runs = [m.span() for m in re.finditer(r"[A-Za-z0-9]+", text)]
    edits = []
    for start, end in pick(rng, runs, 0.4):
        if end - start > 1 and rng.random() < 0.3:
            a = rng.randrange(start, end - 1)
            start, end = a, rng.randrange(a + 1, end + 1)
        edits.append((start, end, "".join(chr(ord(c) + 0xFEE0) for c in text[start:end])))
    return apply_edits(text, edits)
