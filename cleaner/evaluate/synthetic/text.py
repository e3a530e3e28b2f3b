"""Character classes and edit helpers that every damage class shares.

A class may only damage where a correct cleaner can undo it exactly, so the classes agree
on what counts as Han, CJK, a heading, a sentence end and a display column; `pick` and
`apply_edits` are how they choose places and change them.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

Damage = Callable[[str, random.Random], str]
T = TypeVar("T")

_SENT_END = "。！？…"
_CLOSERS = "”’」』）》】"
# A line ending in one of these is not "mid-sentence": no layout blank line or ad after it.
_NOT_MID = _SENT_END + _CLOSERS + "；：.!?;:)\"'"
# A paragraph whose text ends in one of these is not heading-like.
_PARA_END = _SENT_END + "；：，、.!?;:,"

# Tags and entities, which damage inside text must leave whole (invisible, mojibake).
MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def is_cjk(ch: str) -> bool:
    """Non-ASCII, visible: Han, CJK punctuation, full-width forms, Chinese quotes."""
    return not ch.isascii() and not ch.isspace()


def is_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if ch in "“”‘’…—·":
        return 2
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    """Display columns as a PDF column sees them: CJK and full-width count 2, the rest 1."""
    return sum(_char_width(c) for c in text)


def is_heading(par: str) -> bool:
    """Short standalone line without sentence punctuation: never wrapped or merged."""
    return 0 < len(par) <= 32 and par[-1] not in _PARA_END and "。" not in par


def clearly_ends(line: str) -> bool:
    """Line ends a sentence, so a short line like it reads as a paragraph end."""
    if not line:
        return False
    if line[-1] in _SENT_END:
        return True
    return len(line) >= 2 and line[-1] in "”」』" and line[-2] in _SENT_END


def mid_sentence(line: str) -> bool:
    return bool(line) and line[-1] not in _NOT_MID


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def pick(rng: random.Random, items: Sequence[T], share: float, at_least: int = 1) -> list[T]:
    """A random subset of about `share` of the items (at least `at_least`), in original order."""
    if not items:
        return []
    k = min(len(items), max(at_least, round(len(items) * share)))
    idx = sorted(rng.sample(range(len(items)), k))
    return [items[i] for i in idx]


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping (start, end, new) spans."""
    out, pos = [], 0
    for start, end, new in sorted(edits):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)
