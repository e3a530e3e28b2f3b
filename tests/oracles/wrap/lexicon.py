"""The lexicon of rules/text/lexicon.py before the native core took it over: dict.txt's
entries read by a regex, and the word question asked of the set."""

from __future__ import annotations

import re
from functools import cache

from cleaner_rules.text.lexicon import dictionary

# One entry of dict.txt (word, frequency, part of speech), matched on the UTF-8 bytes: 2-4
# characters from U+4000-U+9FFF, frequency >= 30; anchored on the newline before the entry
# (the file gets one in front) and possessive.
ENTRY = re.compile(rb"\n((?:[\xe4-\xe9][\x80-\xbf]{2}){2,4}+) (?:[3-9]\d|\d{3,}+) ")


def entries(data: bytes) -> list[str]:
    return [w.decode() for w in ENTRY.findall(b"\n" + data)]


@cache
def words() -> frozenset[str] | None:
    """The word set, or None when jieba's dictionary is not installed."""
    path = dictionary()
    return None if path is None else frozenset(entries(path.read_bytes()))


def spans(left: str, right: str) -> bool | None:
    """Does a dictionary word start in the last characters of `left` and end in `right`?"""
    lexicon = words()
    if lexicon is None:
        return None
    for k in (1, 2, 3):
        tail = left[-k:]
        if len(tail) < k:
            break
        for m in range(1, 5 - k):
            if len(right) >= m and tail + right[:m] in lexicon:
                return True
    return False
