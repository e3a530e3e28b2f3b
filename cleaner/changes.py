"""Change accounting: how many characters a rewrite added and removed.

Every rule's change counts in the run report come from here, so it is cheap: the common
prefix and suffix are stripped before counting, and a rule that keeps the number of lines
is compared line by line.
"""

from __future__ import annotations

from collections import Counter

__all__ = ["change_counts", "char_diff_counts"]


def _common_prefix_len(a: str, b: str) -> int:
    """Length of the common prefix, comparing in C-level slices with a doubling/halving search."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, step = 0, 64
    # Gallop forward over equal blocks, then binary-search inside the first unequal block.
    while lo + step <= n and a[lo : lo + step] == b[lo : lo + step]:
        lo += step
        step *= 2
    hi = min(lo + step, n)  # a[lo:hi] != b[lo:hi], a[:lo] == b[:lo]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _common_suffix_len(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most `limit` characters."""
    if limit <= 0:
        return 0
    if a[len(a) - limit :] == b[len(b) - limit :]:
        return limit
    lo, step = 0, 64
    while (
        lo + step <= limit
        and a[len(a) - lo - step : len(a) - lo] == b[len(b) - lo - step : len(b) - lo]
    ):
        lo += step
        step *= 2
    hi = min(lo + step, limit)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid
    return lo


def char_diff_counts(before: str, after: str) -> tuple[int, int]:
    """(chars_added, chars_removed) as the multiset difference of the two strings' characters.

    Defined as ``sum((Counter(after) - Counter(before)).values())`` and the converse. A rule
    usually touches a small region, so the common prefix and suffix are stripped first: they
    contribute the same characters to both multisets and cancel exactly, so counting only the
    differing middles gives the identical result in far less time. A pure reordering of
    characters counts as zero.
    """
    if before == after:
        return 0, 0
    p = _common_prefix_len(before, after)
    s = _common_suffix_len(before, after, min(len(before), len(after)) - p)
    old, new = before[p : len(before) - s], after[p : len(after) - s]
    if not old or not new:  # a pure insertion or deletion
        return len(new), len(old)
    if len(old) + len(new) <= 24:  # the usual edit: a few characters, no Counter needed
        rest = list(new)
        removed = 0
        for ch in old:
            if ch in rest:
                rest.remove(ch)
            else:
                removed += 1
        return len(rest), removed
    mid_b, mid_a = Counter(old), Counter(new)
    added = sum((mid_a - mid_b).values())
    removed = sum((mid_b - mid_a).values())
    return added, removed


def change_counts(before: str, after: str) -> tuple[int, int]:
    """(characters added, characters removed) by one rule on one document.

    The multiset difference of characters, taken line by line when the rule kept the number
    of lines (so it stays proportional to what changed, not to the document's size); when
    the number of lines changed, whole lines found on both sides cancel out first.
    """
    lines_b, lines_a = before.split("\n"), after.split("\n")
    if len(lines_b) == 1 or len(lines_a) == 1:
        return char_diff_counts(before, after)
    if len(lines_b) != len(lines_a):
        # Lines kept whole cancel out; compare what is left, and count line breaks apart.
        kept_b, kept_a = Counter(lines_b), Counter(lines_a)
        old = "".join((kept_b - kept_a).elements())
        new = "".join((kept_a - kept_b).elements())
        added, removed = char_diff_counts(old, new)
        breaks = len(lines_a) - len(lines_b)
        return added + max(breaks, 0), removed + max(-breaks, 0)
    added = removed = 0
    for b, a in zip(lines_b, lines_a, strict=True):
        if a != b:
            plus, minus = char_diff_counts(b, a)
            added += plus
            removed += minus
    return added, removed
