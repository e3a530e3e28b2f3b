"""B005's loose keys, copy scan and groups of near keys as they were in Python before the
native core (rules/boilerplate/clusters.py before native/src/furniture.rs and
native/src/near.rs; the near comparison is rapidfuzz's `fuzz.ratio`): the oracle of
tests/test_native_furniture.py and, through tests/oracles/running.py, of
tests/test_native_furniture_sheet.py."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaner_rules.text.chars import ends_sentence
from rapidfuzz import fuzz, process

MAX_FURNITURE = 60
_MAX_REPS = 64  # cluster representatives for the loose comparison: keeps it linear
_ELLIPSIS = ("…", "⋯", "...")
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")
_GAP = re.compile(r"\s{3,}")
# Punctuation that can open or close a line; none of it is in a key (no word character).
PUNCT = "，。、；：！？…—·“”‘’「」『』（）《》〈〉【】〔〕,.;:!?'\"()[]- "


def loose_key(line: str) -> str:
    """A line without digits (one `#` for each run), spacing and punctuation, lowercased;
    a line that a layout gap splits is keyed by its first part."""
    if "   " in line:
        line = _GAP.split(line, 1)[0]
    return _DIGITS.sub("#", _NOT_WORD.sub("", line)).lower()


def eligible(core: str) -> bool:
    """A line that can be furniture: short, and no finished sentence (a cut title may
    end in an ellipsis)."""
    return (
        0 < len(core)
        and (len(core) <= MAX_FURNITURE or len(core) - core.count(" ") <= MAX_FURNITURE)
        and (not ends_sentence(core) or core.endswith(_ELLIPSIS))
    )


def furniture_key(core: str) -> str:
    """`running._eligible(core) and loose_key(core)` of the rule, "" for a line that cannot
    be furniture."""
    return loose_key(core) if eligible(core) else ""


def maybe_found(cores: list[str], lines: Iterable[int], clusters: Clusters) -> list[int]:
    """The lines whose key `clusters.find(key, add=False)` may find, without computing the
    keys (a shared two-character start or end, past punctuation)."""
    starts = {key[:2] for key in clusters.by_key} | clusters.by_end.keys()
    ends = clusters.by_end.keys()
    firsts = {pair[0] for pair in starts}
    lasts = {pair[-1] for pair in ends}
    found = []
    for i in lines:
        core = cores[i]
        if "   " not in core:
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


def copies(cores: list[str], skip: Iterable[int], clusters: Clusters) -> list[tuple[int, str]]:
    """The copy scan of `running` (`_unrepeated`, `_Edges.find_copies`): the non-blank
    lines but `skip` that `maybe_found` keeps and that can be furniture, with their keys."""
    skip = set(skip)
    lines = [i for i, core in enumerate(cores) if core and i not in skip]
    return [
        (i, key) for i in maybe_found(cores, lines, clusters)
        if (key := furniture_key(cores[i]))
    ]


def furniture_keys(lines: list[str]) -> list[str]:
    """The keys of `lines`, \"\" for a line that cannot be furniture."""
    return [furniture_key(line) for line in lines]


class Clusters:
    """Lines grouped by their loose key; near keys (OCR noise) join the same group."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_end: dict[str, list[tuple[str, int]]] = {}  # key[:2] and key[-2:]
        self.entries = 0  # in the lists of by_end

    def find(self, key: str, add: bool) -> int | None:
        """The group of `key`, or of a near key (which then joins it); a new group when
        there is none and `add` is true, else None."""
        found = self.by_key.get(key)
        if found is not None:
            return found
        if len(key) >= 6 and self.by_end:
            found = self._near(key)
        if found is None:
            if not add:
                return None
            found = len(self.by_key)
        return self.put(key, found)

    def _near(self, key: str) -> int | None:
        """The group of the representative nearest `key` with a ratio of 90 or more."""
        start, end = self.by_end.get(key[:2], []), self.by_end.get(key[-2:], [])
        if not (start or end):
            return None
        # The ratio is 100 (1 - d / total length), the InDel distance d at least the
        # difference in length: where ten times the difference exceeds the total, a key
        # scores under 90 (by 10 / total length at least) and is not compared.
        n = len(key)
        seen = [(k, c) for k, c in start + end if 10 * abs(len(k) - n) <= len(k) + n]
        best = process.extractOne(
            key, [k for k, _ in seen], scorer=fuzz.ratio, score_cutoff=90
        ) if seen else None
        return None if best is None else seen[best[2]][1]

    def put(self, key: str, found: int) -> int:
        """Put `key` in group `found`; the first keys of six or more characters are
        representatives that near keys are compared with."""
        self.by_key[key] = found
        if len(key) >= 6 and self.entries < _MAX_REPS:
            start, end = key[:2], key[-2:]
            self.by_end.setdefault(start, []).append((key, found))
            self.entries += 1
            if end != start:
                self.by_end.setdefault(end, []).append((key, found))
                self.entries += 1
        return found
