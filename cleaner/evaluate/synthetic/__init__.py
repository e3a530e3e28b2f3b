"""Synthetic damage of clean Chinese text, one module per artifact class.

`cleaner eval --synthetic` damages policy-clean texts, cleans them again and scores each class
separately, so regressions show up per artifact without needing more gold data. Every class
therefore only produces damage that CLEANING-POLICY.md says to repair and that a correct
cleaner can undo *exactly*: ambiguous damage would measure luck, not the ruleset. When a text
offers no place for a class (no digits for `ocr_digits`, no heading for `fake_bold`) the
class returns the text unchanged rather than inventing a weaker variant.

Input: clean text, paragraphs separated by one ``\\n``. All randomness comes from the
`random.Random` passed in (`damage` derives one per class from its seed), so results are
reproducible across runs and machines.

Each class module (`hard_wrap`, `chrome`, ...) holds one function of the same name, taking
the text and a generator; `text` holds the character helpers they share and `layout` the
narrow PDF column that the layout classes damage. This package registers the classes
(`CLASSES`) and composes them (`damage`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from cleaner.evaluate.synthetic import (
    chrome,
    cjk_spacing,
    fake_bold,
    fullwidth_alnum,
    halfwidth_punct,
    hard_wrap,
    html,
    interstitial,
    invisible,
    letter_spacing,
    mojibake,
    ocr_digits,
    page_break,
    script_mix,
    side_by_side,
)
from cleaner.evaluate.synthetic.layout import Column, render, set_column, wrap_paragraph
from cleaner.evaluate.synthetic.mojibake import FTFY_CONFIG
from cleaner.evaluate.synthetic.text import Damage, display_width

__all__ = [
    "ALONE",
    "CLASSES",
    "FTFY_CONFIG",
    "LAYOUT_CLASSES",
    "ORDER",
    "damage",
    "display_width",
    "wrap_paragraph",
]

CLASSES: dict[str, Damage] = {
    "hard_wrap": hard_wrap.hard_wrap,
    "page_break": page_break.page_break,
    "letter_spacing": letter_spacing.letter_spacing,
    "halfwidth_punct": halfwidth_punct.halfwidth_punct,
    "fullwidth_alnum": fullwidth_alnum.fullwidth_alnum,
    "script_mix": script_mix.script_mix,
    "mojibake": mojibake.mojibake,
    "invisible": invisible.invisible,
    "chrome": chrome.chrome,
    "interstitial": interstitial.interstitial,
    "side_by_side": side_by_side.side_by_side,
    "html": html.html,
    "fake_bold": fake_bold.fake_bold,
    "ocr_digits": ocr_digits.ocr_digits,
    "cjk_spacing": cjk_spacing.cjk_spacing,
}

LAYOUT_CLASSES = ("hard_wrap", "page_break", "letter_spacing", "interstitial", "side_by_side")
# Classes measured alone only: `-layout` text never also arrives as HTML or with site chrome.
ALONE = ("side_by_side",)
# Inline damage first (it works on clean paragraphs), then layout, chrome around the laid-out
# body, markup around everything, and byte-level damage last as storage would cause it.
# fullwidth_alnum precedes ocr_digits so a look-alike is never also widened.
ORDER = (
    "script_mix",
    "fullwidth_alnum",
    "ocr_digits",
    "halfwidth_punct",
    "cjk_spacing",
    "fake_bold",
    *LAYOUT_CLASSES,
    "chrome",
    "html",
    "invisible",
    "mojibake",
)
# What the layout classes place in a shared column, in the order they draw from its generator.
_PLACEMENTS: tuple[tuple[str, Callable[[Column, random.Random], bool]], ...] = (
    ("interstitial", interstitial.place_ads),
    ("page_break", page_break.place_page_breaks),
    ("letter_spacing", letter_spacing.space_letters),
)


def _rng(seed: int, name: str) -> random.Random:
    """One generator per class, so adding a class does not change the others' choices."""
    return random.Random(f"{seed}:{name}")


def damage(text: str, classes: Sequence[str], seed: int) -> str:
    """Apply `classes` in the fixed `ORDER`, each with its own generator derived from `seed`.

    Layout classes combine into one layout pass (one column width), so e.g. `page_break` and
    `letter_spacing` together damage the same wrapped column. Unknown names raise ValueError.
    """
    unknown = sorted(set(classes) - set(CLASSES))
    if unknown:
        raise ValueError(f"unknown damage classes: {', '.join(unknown)}")
    wanted = set(classes)
    layout = [c for c in LAYOUT_CLASSES if c in wanted]
    for name in ORDER:
        if name not in wanted:
            continue
        if name in LAYOUT_CLASSES:
            if name == layout[0]:
                text = _layout_pass(text, wanted, _rng(seed, "layout"))
        elif name == "html":
            text = html.to_html(text, _rng(seed, name), blocks=bool(layout))
        else:
            text = CLASSES[name](text, _rng(seed, name))
    return text


def _layout_pass(text: str, wanted: set[str], rng: random.Random) -> str:
    """The wanted layout classes in one column, drawn from one generator."""
    col = set_column(text, rng)
    for name, place in _PLACEMENTS:
        if name in wanted:
            place(col, rng)
    text = render(col, rng)
    if "side_by_side" in wanted:
        text = side_by_side.set_side_by_side(text, rng)
    return text
