"""B005's running headers and footers (steps 5-7) as they were in Python before the
native core (rules/boilerplate/running.py before native/src/running.rs): short lines that
recur at page edges.

The page edges are the first and last `EDGE` non-blank lines of the document and both
sides of every page label. Lines at an edge are grouped by their loose key
(`clusters.loose_key`); a group is running when it stands at two edges with a page
boundary between them, or, without one, at the very top of the document and page-far
elsewhere. Every copy goes, from each edge inward, the first page's included.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from cleaner_rules.boilerplate.lines import CONTINUES
from cleaner_rules.text.chars import ends_sentence

from oracles.clusters import Clusters, copies, furniture_keys, loose_key

EDGE = 5  # non-blank lines at a page's top or bottom where running headers stand
MIN_GAP = 8  # lines between two page numbers, or two copies of one header
_ELLIPSIS = ("…", "⋯", "...")


class RunningLines(NamedTuple):
    """The running lines, by the step that finds them."""

    edge: AbstractSet[int]  # 5: copies at page edges
    split: AbstractSet[int]  # 6: the two halves of a header OCR split in two lines at an edge
    stray: AbstractSet[int]  # 7: copies away from the edges (OCR read them into a column)


_NONE = RunningLines(frozenset(), frozenset(), frozenset())


def running_lines(
    cores: list[str], nonblank: list[int], pages: set[int], breaks: Sequence[int] = ()
) -> RunningLines:
    """Running headers and footers of the stripped lines `cores`, given the page labels
    and numbers `pages` and the first lines of pages after a form feed `breaks` (line
    indices)."""
    if not pages and not breaks and _unrepeated(cores, nonblank):
        return _NONE
    edges = _Edges(cores, nonblank, pages, breaks)
    if not edges.member:
        return _NONE
    edges.pair_halves()
    edges.find_copies()
    running, recurring = edges.judge()
    if not running:
        return _NONE
    doomed = edges.whole_headers(edges.walks(running, recurring))
    doomed -= edges.first_heading(doomed)
    stray = edges.stray_copies(doomed, running)
    split = {i for i in doomed if i in edges.halves or i in edges.halved}
    return RunningLines(doomed - split, split, stray)


def _unrepeated(cores: list[str], nonblank: list[int]) -> bool:
    """Without page boundaries, is it certain that every group of lines at the edges
    stays one line, so that `_Edges.judge` finds nothing running? (The rule asked the
    native core first, which gave the same verdict where it decided.)"""
    return _unrepeated_steps(cores, nonblank)


def _unrepeated_steps(cores: list[str], nonblank: list[int]) -> bool:
    """`_unrepeated`: the steps of `_Edges` up to `judge`, on the same `Clusters` in the
    same order, that stop at the first line that would join another's group; cheaper,
    as most documents have none.

    Why it is exact: until a line finds another's group, `Clusters.find` has stored
    nothing but the keys looked up (a near key is stored only where it is found), so
    `pair_halves` has no halves, and `find_copies` puts in focus exactly the keys below
    and scans the same lines: until one is a copy, `focus` stays as it was. No copy
    means every group has one line: neither at two edges nor at two spots."""
    zones = _zones(nonblank, set(), ())
    member = _edge_keys(cores, zones)
    # The only page edges are the document's top and bottom, and lines go from an edge
    # inward: unless its first or last line can be furniture, nothing can.
    if not nonblank or not {nonblank[0], nonblank[-1]} & member.keys():
        return True
    if not _lone(member, zones):
        return False
    focus = Clusters()
    for group, (i, key) in enumerate(member.items()):
        if bisect.bisect_left(nonblank, i) < EDGE or _alone(cores, i):
            focus.put(key, group)
    if not focus.by_key:
        return True  # no copies are sought
    return all(focus.find(key, add=False) is None for _, key in copies(cores, member, focus))


def _alone(cores: list[str], i: int) -> bool:
    """Does line `i` stand between blank lines, as OCR leaves a header?"""
    return 0 < i < len(cores) - 1 and not cores[i - 1] and not cores[i + 1]


def _edge_keys(cores: list[str], zones: list[list[int]]) -> dict[int, str]:
    """The keys of the lines at the page edges that can be furniture, in the order of the
    zones."""
    lines = list(dict.fromkeys(i for zone in zones for i in zone))
    keys = furniture_keys([cores[i] for i in lines])
    return {i: key for i, key in zip(lines, keys, strict=True) if key}


def _lone(member: dict[int, str], zones: list[list[int]]) -> bool:
    """Does each line at the edges (`member`, in `_Edges.member`'s order: the group of
    each is its place) stay alone, as itself and joined to the next line
    (`_Edges.pair_halves`)?"""
    clusters = Clusters()
    for n, key in enumerate(member.values()):
        if clusters.find(key, add=True) != n:
            return False  # found an earlier line's group
    group = {i: k for k, i in enumerate(member)}
    for zone in zones:
        for i, j in zip(zone, zone[1:], strict=False):
            if i in member and j in member:
                c = clusters.find(member[i] + member[j], add=False)
                if c is not None and c != group[i] and c != group[j]:
                    return False  # two halves of a header
    return True


class _Edges:
    """The lines at page edges grouped by key, and what the groups say about each other.
    The methods run in order; each reads what the ones before it found."""

    def __init__(
        self, cores: list[str], nonblank: list[int], pages: set[int], breaks: Sequence[int]
    ) -> None:
        self.cores = cores
        self.nonblank = nonblank
        self.pages = pages
        self.zones = _zones(nonblank, pages, breaks)
        self.rank = {i: k for k, i in enumerate(nonblank)}
        # A form feed stands between two lines: half a rank before the next page's first.
        fed = [bisect.bisect_left(nonblank, b) - 0.5 for b in breaks]
        self.bounds = sorted([self.rank[i] for i in pages] + fed)
        self.clusters = Clusters()
        self.where: dict[int, list[int]] = {}  # cluster: ranks of its lines at page edges
        self.member: dict[int, int] = {}
        self.keys = _edge_keys(cores, self.zones)  # the members' keys
        self.halves: dict[int, int] = {}  # second half of a split header: its first half
        self.halved: set[int] = set()  # the first halves
        self.copies: dict[int, list[int]] = {}  # cluster: its copies away from the edges
        for i, key in self.keys.items():
            c = self.clusters.find(key, add=True)
            assert c is not None
            self.member[i] = c
            self.where.setdefault(c, []).append(self.rank[i])

    def pair_halves(self) -> None:
        """OCR may split a header line in two at its gap (`晨报` over `3月5日 第2版`) on one
        page and read it whole on another: two lines at an edge whose keys joined match a
        copy join its group."""
        member, where, rank = self.member, self.where, self.rank
        for zone in self.zones:
            for i, j in zip(zone, zone[1:], strict=False):
                # Zones of short pages overlap: a line pairs once, as either half.
                if i in member and j in member and not {i, j} & (
                    self.halves.keys() | self.halves.values()
                ):
                    c = self.clusters.find(self.keys[i] + self.keys[j], add=False)
                    if c is not None and c != member[i] and c != member[j]:
                        for k in (i, j):
                            where[member[k]].remove(rank[k])
                            member[k] = c
                        where[c].append(rank[i])
                        where[c].sort()
                        self.halves[j] = i
                        self.halved.add(i)
        self.where = {c: ranks for c, ranks in where.items() if ranks}

    def find_copies(self) -> None:
        """Copies anywhere else (OCR puts a header inside a column; a page without a
        label), of the groups that can still be running: at two page edges, at the
        document's top, or standing alone between blank lines as OCR leaves a header."""
        cores, focus, member, pages = self.cores, Clusters(), self.member, self.pages
        for i, c in member.items():
            ranks = self.where[c]
            if (
                ranks[0] < EDGE
                or (len(ranks) >= 2 and _apart(self.bounds, min(ranks), max(ranks)))
                or _alone(cores, i)
            ):
                focus.put(self.keys[i], c)
        for i, key in copies(cores, {*pages, *member}, focus) if focus.by_key else ():
            if (c := focus.find(key, add=False)) is not None:
                self.copies.setdefault(c, []).append(i)

    def judge(self) -> tuple[set[int], set[int]]:
        """(running groups, recurring groups). Without a page boundary between copies,
        only a line at the very top of the document that recurs page-far apart (three
        times, or twice with a date, a page label, or where the copy cuts a sentence in
        two: the next page's top) counts: a refrain or a list repeats closer. A header
        that OCR reads into a column cuts sentences where it stands: three copies, most of
        them cutting one, are furniture."""
        cores, nonblank, rank = self.cores, self.nonblank, self.rank
        running, recurring = set(), set()
        for c, ranks in self.where.items():
            others = self.copies.get(c, ())
            if len(ranks) + len(others) < 2:
                continue  # one line: neither two ranks apart nor two spots
            # Copies at the document's top count once: there the first page's heading
            # stands just below the header that repeats it.
            spots = sorted(ranks + [rank[i] for i in others])
            spots = spots[:1] + [k for k in spots[1:] if k >= EDGE]
            hint = any(_FURNITURE_HINT.search(cores[i]) for i in others) or any(
                _FURNITURE_HINT.search(cores[nonblank[k]]) for k in ranks[1:])
            cut = 2 * sum(_cuts(cores, nonblank, rank[i]) for i in others) > len(others)
            if len(spots) >= 2 and _spread(spots) and (
                ranks[0] < EDGE or (len(spots) >= 3 and cut)
            ):
                recurring.add(c)
            if (len(ranks) >= 2 and _apart(self.bounds, min(ranks), max(ranks))) or (
                c in recurring and (len(spots) >= 3 or hint or cut)
            ):
                running.add(c)
        return running, recurring

    def walks(
        self, running: set[int], recurring: set[int]
    ) -> list[tuple[dict[int, int], list[int]]]:
        """From each page edge inward, the running lines: (group: line, the lines)."""
        walks = []
        for n, zone in enumerate(self.zones):
            walk, pos = self._walk(zone, n == 0, running, recurring)
            if walk:
                walks.append((walk, zone[:pos]))
        return walks

    def _walk(
        self, zone: list[int], top: bool, running: set[int], recurring: set[int]
    ) -> tuple[dict[int, int], int]:
        """The running lines from the edge of `zone` inward, and where they stop."""
        walk: dict[int, int] = {}
        pos = 0
        while pos < len(zone):
            i = zone[pos]
            c = self.member.get(i)
            # Below a running line at the document's top, a line that recurs elsewhere
            # page-far is the header's second line (the other copy is OCR's, in a column).
            if not (i in self.halves and walk.get(c) == self.halves[i]):
                if c in walk or not (c in running or (top and walk and c in recurring)):
                    break
                walk[c] = i
            pos += 1
        if top and len(walk) >= 2:
            # The first page's heading stays: the last line of the top header when the
            # body follows (no later copy of it, no cut title ending in an ellipsis).
            last_c, last = list(walk.items())[-1]
            after = zone[pos] if pos < len(zone) else None
            if self.member.get(after) != last_c and not self.cores[last].endswith(_ELLIPSIS):
                del walk[last_c]
                pos = zone.index(last)
        return walk, pos

    @staticmethod
    def whole_headers(walks: list[tuple[dict[int, int], list[int]]]) -> set[int]:
        """A header of several lines comes whole; one line of it alone at a page edge is
        the title that the header repeats (the first page's headline), and stays."""
        groups = Counter(frozenset(w) for w, _ in walks)
        doomed: set[int] = set()
        for walk, lines in walks:
            if len(walk) == 1 and any(
                n >= 2 and len(g) > 1 and not walk.keys() - g for g, n in groups.items()
            ):
                continue
            doomed.update(lines)
        return doomed

    def first_heading(self, doomed: set[int]) -> set[int]:
        """The first page's heading where it repeats a one-line header with only a page
        label between them (`pdftotext -raw` reads the footer right after the header):
        the later of two such copies at the document's top stays."""
        top = sorted(i for i in doomed if self.rank[i] < EDGE)
        kept = set()
        for i, j in zip(top, top[1:], strict=False):
            between = self.nonblank[self.rank[i] + 1:self.rank[j]]
            same = loose_key(self.cores[i]) == loose_key(self.cores[j])  # not two halves
            if same and all(k in self.pages for k in between):
                kept.add(j)
        return kept

    def stray_copies(self, doomed: set[int], running: set[int]) -> set[int]:
        """Copies away from the page edges go when they match a removed copy itself (not
        just a line it was grouped with) and are not the heading that repeats a header;
        or, of a running line of which no copy went (the first page's heading that
        repeats it stayed), when each cuts a sentence where it stands, as OCR leaves a
        header it read into a column."""
        cores, rank = self.cores, self.rank
        kept = running - {self.member[i] for i in doomed}
        stray: set[int] = {
            i for c in kept for i in self.copies.get(c, ())
            if _cuts(cores, self.nonblank, rank[i])
        }
        removed = Clusters()
        for i in sorted(doomed):
            removed.find(loose_key(cores[i]), add=True)
        for c in sorted({self.member[i] for i in doomed}):
            near = [rank[i] for i in doomed if self.member.get(i) == c]
            for i in self.copies.get(c, ()):
                key = loose_key(cores[i])
                if (
                    len(key) >= 2
                    and removed.find(key, add=False) is not None
                    and all(abs(rank[i] - k) >= MIN_GAP for k in near)
                ):
                    stray.add(i)
        return stray


_FURNITURE_HINT = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|第\s*\d+\s*[版页頁期]|[Pp]age|[A-Z]\d{2}\b"
)


def _zones(nonblank: list[int], pages: set[int], breaks: Sequence[int]) -> list[list[int]]:
    """The lines at each page edge, from the edge inward: the document's top and bottom,
    both sides of every page label and of every form feed (`breaks`: the line after it)."""
    body = [i for i in nonblank if i not in pages] if pages else nonblank
    zones = [body[:EDGE], body[:-EDGE - 1:-1]]
    for b in sorted([*pages, *breaks]):
        pos = bisect.bisect_left(body, b)
        zones.append(body[max(pos - EDGE, 0):pos][::-1])
        zones.append(body[pos:pos + EDGE])
    # A label just before a form feed bounds the same pages: their zones count once.
    return [list(z) for z in dict.fromkeys(tuple(z) for z in zones if z)]



def _cuts(cores: list[str], nonblank: list[int], k: int) -> bool:
    """Does the line of rank `k` stand alone (blank lines around it, as OCR and a page
    break leave them) between two halves of a sentence?"""
    if not 0 < k < len(nonblank) - 1:
        return False
    i = nonblank[k]
    if cores[i - 1] or cores[i + 1]:
        return False
    prev, nxt = cores[nonblank[k - 1]], cores[nonblank[k + 1]]
    return len(prev) >= 8 and not ends_sentence(prev) and CONTINUES.match(nxt) is not None


def _spread(ranks: list[int]) -> bool:
    """Do successive copies stand at least MIN_GAP lines apart?"""
    return all(b - a >= MIN_GAP for a, b in zip(ranks, ranks[1:], strict=False))


def _apart(bounds: list[int], lo: int, hi: int) -> bool:
    """Is there a page boundary between the ranks `lo` and `hi`?"""
    k = bisect.bisect_right(bounds, lo)
    return k < len(bounds) and bounds[k] < hi
