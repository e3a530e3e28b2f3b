"""`pair_counts` of cleaner_rules/text/continuity.py before the native core counted the
pairs itself (native/src/deinterleave.rs): the oracles of B006's signal and L002 use it."""

from __future__ import annotations

from collections import Counter

from cleaner.codepoints import utf32

MAX_ASKED = 32  # pairs counted one by one; with more, all pairs of the text in one pass


def pair_counts(text: str, asked: set[str]) -> dict[str, int]:
    """How often each pair of characters in `asked` occurs in `text`, overlaps included:
    by `str.count` for a few pairs of two different characters (which cannot overlap),
    else every pair of the text at once, as the 8-byte words of its UTF-32 form."""
    if len(asked) <= MAX_ASKED and all(pair[0] != pair[1] for pair in asked):
        return {pair: text.count(pair) for pair in asked}
    data = utf32(text)
    counts = Counter(memoryview(data[: len(data) // 8 * 8]).cast("Q"))
    counts.update(memoryview(data[4: 4 + (len(data) - 4) // 8 * 8]).cast("Q"))
    pairs = list(asked)
    words = memoryview("".join(pairs).encode("utf-32-le", "surrogatepass")).cast("Q")
    return {pair: counts[word] for pair, word in zip(pairs, words, strict=True)}
