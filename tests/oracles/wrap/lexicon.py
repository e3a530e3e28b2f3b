"""The word question of rules/text/lexicon.py before the native core took it over; the
word set itself is still read by `cleaner_rules.text.lexicon.words`."""

from __future__ import annotations

from cleaner_rules.text.lexicon import words


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
