"""Character classes shared by the rules, as regex fragments without astral code points.

An astral code point inside a character class makes `re` much slower, so CJK extension B
and beyond are left out; they are rare in running text and never decide a rule alone.
"""

from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
# CJK and full-width punctuation, plus the general-punctuation marks Chinese text uses.
CJK_PUNCT = (
    "\u3001-\u3006\u3008-\u3011\u3014-\u301f\u30fb\uff01-\uff0f\uff1a-"
    "\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u00b7\u2018\u2019"
    "\u201c\u201d\u2027\u25b2\u25c0\u25b6\u25bc\u25a0\u25a1\u25cf\u2605"
)
CJK = HAN + CJK_PUNCT
FULLWIDTH_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
LATIN_ALNUM = "A-Za-z0-9"

# Marks that can end a sentence, optionally followed by closing quotes or brackets.
SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》〉】〕"
OPENERS = "“‘「『（(《〈【〔"


# Characters that take two columns: CJK, full-width forms, and the quotes, dashes,
# ellipsis and symbols Chinese typesetting sets full-width. One class, counted in C.
_WIDE = re.compile(
    "[\u1100-\u115f\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u2190-\u2bff"
    "\u2e80-\u303e\u3040-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
    "\uffe0-\uffe6]"
)
_SPACE = re.compile(r"\s")
_HAN_CHAR = re.compile(f"[{HAN}]")


def display_width(text: str) -> int:
    """Display columns: the wide characters count 2, the rest 1."""
    return len(text) + len(_WIDE.findall(text))


def han_ratio(text: str) -> float:
    """Share of Han characters among the non-space characters."""
    visible = len(text) - len(_SPACE.findall(text))
    return len(_HAN_CHAR.findall(text)) / visible if visible else 0.0
