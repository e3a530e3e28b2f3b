"""Loose line keys for page furniture (B005): copies of a running header on different
pages differ in their page number, spacing, punctuation and OCR misreadings; their keys
group them, exactly or within a small edit distance. The keys and the scan of a document
for copies are computed by the native core (native/src/furniture.rs); the groups are
kept here.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from cleaner import _native

_MAX_REPS = 64  # cluster representatives for the loose comparison: keeps it linear


def encode(lines: list[str]) -> bytes:
    """Lines as the native core reads them: joined by line feeds (no line holds one), in
    UTF-32 with lone surrogates kept."""
    return "\n".join(lines).encode("utf-32-le", "surrogatepass")


def loose_key(line: str) -> str:
    """A line without digits (one `#` for each run), spacing and punctuation (often
    misread), lowercased. A line that a layout gap splits (`丛书名      篇名`, from OCR or
    `-layout`) is keyed by its first part, which is what the header's copies on other
    pages share."""
    return _native.furniture_keys(encode([line]), False)[0].lower()


def furniture_keys(lines: list[str]) -> list[str]:
    """The loose keys of `lines`, "" for a line that cannot be furniture: long, or a
    finished sentence (a cut title may end in an ellipsis)."""
    keys = _native.furniture_keys(encode(lines), True) if lines else []
    return [key.lower() for key in keys]


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


def copies(cores: list[str], skip: Iterable[int], clusters: Clusters) -> list[tuple[int, str]]:
    """The non-blank lines but `skip` that can be furniture and whose key
    `clusters.find(key, add=False)` may find, with their keys, in order. Finding needs a
    shared two-character end (an equal key the same start, a near one a start or end
    among `by_end`): past punctuation, a line's first and last letters are its key's
    when lowercasing keeps them, and most lines of a long text match no start or end."""
    starts = {key[:2] for key in clusters.by_key} | clusters.by_end.keys()
    found = _native.furniture_copies(encode(cores), list(skip), [*starts], [*clusters.by_end])
    return [(i, key.lower()) for i, key in found]
