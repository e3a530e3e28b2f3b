"""Change accounting: how many characters a rewrite added and removed.

Every rule's change counts in the run report come from here, so it is cheap: the native
core (native/src/changes.rs) strips the common prefix and suffix before counting, and
compares a rewrite that keeps the number of lines line by line. The count is the multiset
difference of characters; a rewrite that changes the number of lines first cancels the
lines found whole on both sides, and counts each line break added or removed as one.
"""

from __future__ import annotations

from cleaner._native import change_counts, char_diff_counts

__all__ = ["change_counts", "char_diff_counts"]
