"""Character classes shared by the rules, as regex fragments without astral code points.

An astral code point inside a character class makes `re` much slower, so CJK extension B
and beyond are left out; they are rare in running text and never decide a rule alone.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

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


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Display columns: CJK, full-width, Chinese quotes and symbols count 2, the rest 1."""
    if ch in "“”‘’…—·":
        return 2
    eaw = unicodedata.east_asian_width(ch)
    return 2 if eaw in "WF" or (eaw == "A" and ord(ch) >= 0x2190) else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def han_ratio(text: str) -> float:
    """Share of Han characters among the non-space characters."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if is_han(c)) / len(chars)
