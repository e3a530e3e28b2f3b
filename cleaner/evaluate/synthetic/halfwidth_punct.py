"""Half-width punctuation in Chinese context, as typed on a Western keyboard."""

from __future__ import annotations

import random
import re

from cleaner.evaluate.synthetic.text import apply_edits, is_han, pick

_PUNCT_HALF = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!"}
# Closers that halfwidth_punct itself may turn ASCII (）”) are left out: `),` is not context.
_PREV_OK = "」』》】…"


def halfwidth_punct(text: str, rng: random.Random) -> str:
    """Half-width punctuation in Chinese context, as typed on a Western keyboard.

    Only where both sides are Chinese (so `22:30` or `1,000` can never be produced), brackets
    and quotes only in pairs around Chinese text.
    """
    cands: list[list[tuple[int, int, str]]] = []
    for i, ch in enumerate(text):
        if i == 0:
            continue
        prev, nxt = text[i - 1], text[i + 1] if i + 1 < len(text) else "\n"
        prev_ok = is_han(prev) or prev in _PREV_OK
        next_ok = nxt == "\n" or is_han(nxt) or nxt in "「《"
        if ch in _PUNCT_HALF and prev_ok and next_ok:
            cands.append([(i, i + 1, _PUNCT_HALF[ch])])
        elif ch == "。" and nxt == "\n" and is_han(prev):
            cands.append([(i, i + 1, ".")])
        elif text.startswith("……", i) and prev_ok:
            after = text[i + 2] if i + 2 < len(text) else "\n"
            if after == "\n" or is_han(after):
                cands.append([(i, i + 2, "...")])
        elif text.startswith("——", i) and is_han(prev):
            if i + 2 < len(text) and (is_han(text[i + 2]) or text[i + 2] in "“（"):
                cands.append([(i, i + 2, "--")])
    for line_m in re.finditer(r"[^\n]+", text):
        line, base = line_m.group(), line_m.start()
        for m in re.finditer(r"（([^（）()\n]*)）", line):
            if any(is_han(c) for c in m.group(1)):
                s, e = base + m.start(), base + m.end()
                cands.append([(s, s + 1, "("), (e - 1, e, ")")])
        if '"' in line:
            continue  # straight quotes already there would make the pairing ambiguous
        for m in re.finditer(r"“([^“”\n]*)”", line):
            if any(is_han(c) for c in m.group(1)):
                s, e = base + m.start(), base + m.end()
                cands.append([(s, s + 1, '"'), (e - 1, e, '"')])
    if not cands:
        return text
    chosen = pick(rng, cands, rng.uniform(0.25, 0.6))
    return apply_edits(text, [e for group in chosen for e in group])
