"""Fake bold: a short heading doubled (`ABCABC`), as PDF extraction of bold text gives."""

from __future__ import annotations

import random

from cleaner.evaluate.synthetic.text import is_heading, pick


def fake_bold(text: str, rng: random.Random) -> str:
    """Double a short heading (`ABCABC`, fake bold from PDF extraction), maybe add a truncated copy.

    Headings of 4-16 characters only: shorter ones could be a real repetition, longer ones
    would stop looking like headings once doubled.
    """
    pars = text.split("\n")
    seen = set(pars)
    cands = [
        i
        for i, p in enumerate(pars)
        if is_heading(p) and 4 <= len(p) <= 16 and p[: len(p) // 2] * 2 != p
    ]
    if not cands:
        return text
    for i in sorted(pick(rng, cands, 0.3), reverse=True):
        head = pars[i]
        new = [head * 2]
        if rng.random() < 0.5:
            prefix = head[: rng.randint(2, len(head) - 2)]
            if prefix not in seen and prefix.strip() == prefix:
                new.append(prefix)
        pars[i : i + 1] = new
    return "\n".join(pars)
