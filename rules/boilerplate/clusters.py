"""Loose line keys for page furniture (B005): copies of a running header on different
pages differ in their page number, spacing, punctuation and OCR misreadings; their keys
group them, exactly or within a small edit distance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz, process

_MAX_REPS = 64  # cluster representatives for the loose comparison: keeps it linear
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")
_GAP = re.compile(r"\s{3,}")
# Punctuation that can open or close a line; none of it is in a key (no word character).
PUNCT = "，。、；：！？…—·“”‘’「」『』（）《》〈〉【】〔〕,.;:!?'\"()[]- "


def loose_key(line: str) -> str:
    """A line without digits (one `#` for each run), spacing and punctuation (often
    misread), lowercased. A line that a layout gap splits (`丛书名      篇名`, from OCR or
    `-layout`) is keyed by its first part, which is what the header's copies on other
    pages share."""
    if "   " in line:
        line = _GAP.split(line, 1)[0]
    return _DIGITS.sub("#", _NOT_WORD.sub("", line)).lower()


class Clusters:
    """Lines grouped by their loose key; near keys (OCR noise) join the same group."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_end: dict[str, list[tuple[str, int]]] = {}  # key[:2] and key[-2:]
        self.entries = 0  # in the lists of by_end

    def find(self, key: str, add: bool) -> int | None:
        """The group of `key`, or of a near key (which then joins it); a new group when
        there is none and `add` is true, else None."""
        if key in self.by_key:
            return self.by_key[key]
        found = None
        if len(key) >= 6:
            seen: list[tuple[str, int]] = self.by_end.get(key[:2], []) + self.by_end.get(
                key[-2:], [])
            best = process.extractOne(
                key, [k for k, _ in seen], scorer=fuzz.ratio, score_cutoff=90
            ) if seen else None
            if best is not None:
                found = seen[best[2]][1]
        if found is None and not add:
            return None
        return self.put(key, len(self.by_key) if found is None else found)

    def put(self, key: str, found: int) -> int:
        """Put `key` in group `found`; the first keys of six or more characters are
        representatives that near keys are compared with."""
        self.by_key[key] = found
        if len(key) >= 6 and self.entries < _MAX_REPS:
            for end in {key[:2], key[-2:]}:
                self.by_end.setdefault(end, []).append((key, found))
                self.entries += 1
        return found


def maybe_found(cores: list[str], lines: Iterable[int], clusters: Clusters) -> list[int]:
    """The lines whose key `clusters.find(key, add=False)` may find, without computing the
    keys: finding needs a shared two-character end (an equal key the same start, a near
    one a start or end among `by_end`). Past punctuation, a line's first and last letters
    are its key's when a key keeps them as they are: where they match no start or end,
    the line is out; most lines of a long text are."""
    starts = {key[:2] for key in clusters.by_key} | clusters.by_end.keys()
    ends = clusters.by_end.keys()
    firsts = {pair[0] for pair in starts}
    lasts = {pair[-1] for pair in ends}
    found = []
    for i in lines:
        core = cores[i]
        if "   " not in core:  # a layout gap: the key ends where the gap begins
            # A key keeps letters that lowercasing leaves alone as they are (a word
            # character, never a digit): Han characters, lowercase Latin.
            head = core.lstrip(PUNCT)[:2]
            if head not in starts and head.isalpha() and head.lower() == head or (
                (h := head[:1]) not in firsts and h.isalpha() and h.lower() == h
            ):
                tail = core.rstrip(PUNCT)[-2:]
                if tail not in ends and tail.isalpha() and tail.lower() == tail or (
                    (t := tail[-1:]) not in lasts and t.isalpha() and t.lower() == t
                ):
                    continue
        found.append(i)
    return found
