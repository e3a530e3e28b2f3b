"""Change accounting: how many characters a rewrite added and removed.

Every rule's change counts in the run report come from here, so it is cheap: the native
core (native/src/changes.rs) strips the common prefix and suffix before counting, and
compares a rewrite that keeps the number of lines line by line. The count is the multiset
difference of characters; a rewrite that changes the number of lines first cancels the
lines found whole on both sides, and counts each line break added or removed as one. A
rule that declares the characters it touches (`Rule.touches`) is counted by the
difference in count of each of them, in one native pass over each text's code points
(which the rules' kernels have usually encoded already).
"""

from __future__ import annotations

from functools import cache

from cleaner._native import Touches, change_counts, char_diff_counts
from cleaner.codepoints import utf32

__all__ = ["change_counts", "char_diff_counts", "touched_counts"]


@cache
def _touches(chars: str) -> Touches:
    return Touches(chars.encode("utf-32-le"))


def touched_counts(chars: str, before: str, after: str) -> tuple[int, int]:
    """(added, removed): for each character of `chars` (as often as it is listed), how
    many more of it `after` has than `before`, or fewer."""
    return _touches(chars).counts(utf32(before), utf32(after))
