"""CJK spacing: Pangu-style spaces between Han and ASCII letters or digits."""

from __future__ import annotations

import random

from cleaner.evaluate.synthetic.text import apply_edits, is_alnum, is_han, pick


def cjk_spacing(text: str, rng: random.Random) -> str:
    """Pangu-style spaces between Han and ASCII letters/digits (`于 1991 年`, `QQ 音乐`)."""
    cands = [
        i
        for i in range(1, len(text))
        if (is_han(text[i - 1]) and is_alnum(text[i]))
        or (is_alnum(text[i - 1]) and is_han(text[i]))
    ]
    return apply_edits(text, [(i, i, " ") for i in pick(rng, cands, 0.7)])
