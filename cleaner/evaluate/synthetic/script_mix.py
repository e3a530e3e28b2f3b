"""Script mix: a few characters left in the other script, as a partial machine conversion does."""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

from cleaner.evaluate.synthetic.text import apply_edits, is_han


@lru_cache(maxsize=4)
def _cc(config: str) -> Any:
    """Cached OpenCC converter; imported lazily as only script_mix needs it."""
    import opencc

    return opencc.OpenCC(config)


def _per_char(config: str, chars: list[str]) -> dict[str, str]:
    """Convert characters one by one (newline-separated so no phrase spans two of them)."""
    if not chars:
        return {}
    out = _cc(config).convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # pragma: no cover - OpenCC keeps newlines
        return {}
    return dict(zip(chars, out, strict=True))


def _is_traditional(text: str) -> bool:
    """Dominant script from characters that exist in only one script."""
    han = sorted({c for c in text if is_han(c)})
    to_t, to_s = _per_char("s2t", han), _per_char("t2s", han)
    simp = sum(1 for c in text if c in to_t and to_t[c] != c and to_s[c] == c)
    trad = sum(1 for c in text if c in to_s and to_s[c] != c and to_t[c] == c)
    return trad > simp


def script_mix(text: str, rng: random.Random) -> str:
    """Leave a few characters in the other script, as a partial machine conversion does.

    A simplified text gets a few traditional characters, a traditional one a few simplified
    characters. A position qualifies only if the character converts the same way alone and in
    context, and converting the damaged context back with the policy's phrase-aware OpenCC
    (`t2s`, or `s2t` for a traditional text) restores the original character: `后` in `皇后`
    never becomes `後`. At most 8 characters (one per 40 Han), so the dominant script stays.
    """
    trad = _is_traditional(text)
    there, back = ("t2s", "s2t") if trad else ("s2t", "t2s")
    conv = _cc(there).convert(text)
    if len(conv) != len(text):
        return text
    positions = [i for i, (a, b) in enumerate(zip(text, conv, strict=True)) if a != b]
    if not positions:
        return text
    alone_there = _per_char(there, sorted({text[i] for i in positions}))
    alone_back = _per_char(back, sorted({conv[i] for i in positions}))
    rng.shuffle(positions)
    n_han = sum(1 for c in text if is_han(c))
    limit = max(1, min(8, n_han // 40))
    chosen: list[int] = []
    for i in positions:
        if len(chosen) >= limit:
            break
        orig, new = text[i], conv[i]
        if alone_there.get(orig) != new or alone_back.get(new) != orig:
            continue
        if any(abs(i - j) < 10 for j in chosen):
            continue
        lo, hi = max(0, i - 6), min(len(text), i + 7)
        window = text[lo:i] + new + text[i + 1 : hi]
        restored = _cc(back).convert(window)
        if len(restored) == len(window) and restored[i - lo] == orig:
            chosen.append(i)
    return apply_edits(text, [(i, i + 1, conv[i]) for i in chosen])
