"""OCR digits: look-alike letters inside numbers (`2O2O年`, `l0月`)."""

from __future__ import annotations

import random
import re

from cleaner.evaluate.synthetic.text import apply_edits, pick

_OCR_RUN = re.compile(r"(?<![A-Za-z0-9.,])[0-9]{2,}(?=[年月日元%万])")
_OCR_MAP = {"0": "O", "1": "l"}


def ocr_digits(text: str, rng: random.Random) -> str:
    """OCR look-alikes inside numbers before 年/月/日/元/%/万: 0→O, 1→l.

    Every replaced character keeps a real digit as neighbour, so the run still reads as a
    number (`2O2O年`, `l0月`), which is the only context the policy lets a cleaner fix.
    """
    edits = []
    for m in _OCR_RUN.finditer(text):
        run = m.group()
        cands = [i for i, c in enumerate(run) if c in _OCR_MAP]
        if not cands:
            continue
        rng.shuffle(cands)
        chosen: set[int] = set()
        for i in cands:
            trial = chosen | {i}
            if all(
                any(0 <= n < len(run) and n not in trial for n in (j - 1, j + 1)) for j in trial
            ):
                chosen = trial
            if len(chosen) * 2 >= len(run) or rng.random() < 0.3:
                break
        if chosen:
            new = "".join(_OCR_MAP[c] if i in chosen else c for i, c in enumerate(run))
            edits.append((m.start(), m.end(), new))
    if not edits:
        return text
    return apply_edits(text, pick(rng, edits, 0.6))
