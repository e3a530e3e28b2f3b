"""Find the short lines that a list of patterns matches, without trying every line.

A whole-line pattern made of many alternatives (`rules/data/chrome.txt` has dozens, most
of them starting with a free lead such as `.{0,20}`) costs every alternative at every short
line, and most lines of a text are short. Nearly every alternative needs some literal
(`登录`, `扫码`, `ICP`) within a bounded distance of where it starts; `required_literals`
reads that off the parsed pattern. `LineScanner` finds the short lines near those literals
in one native scan (`LiteralLines`, native/src/linescan.rs), tries the whole pattern only
at those lines and at the ones a literal-free alternative takes, and gives exactly the
matches `finditer` would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner import _native

try:  # the parser of the `re` module: public as sre_parse before Python 3.11
    import re._constants as sre
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_UNBOUNDED = sre.MAXREPEAT - 1  # widths from this on mean "no upper bound"
MAX_CLASS_CHARS = 8  # a character class of up to this many literals counts as literals


def required_literals(pattern: str) -> dict[str, int] | None:
    """Literals of which every match of `pattern` contains one, each with the largest
    offset from the match's start at which it can begin; None when there is no such set
    (a lead of unbounded width, a case-insensitive pattern, a construct not understood)."""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _in_sequence(list(parsed))


def contained_literals(pattern: str) -> set[str] | None:
    """Literals of which every match of `pattern` contains one, wherever it stands; None
    when there is no such set. (`required_literals` without the bound on the offset.)"""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _in_sequence(list(parsed), bounded=False)
    return None if found is None else set(found)


def _in_sequence(items: list, bounded: bool = True) -> dict[str, int] | None:
    """The best literal set among the items of a sequence, offset by what precedes it
    (with `bounded`, only sets at a bounded offset)."""
    best: dict[str, int] | None = None
    offset, i = 0, 0
    while i < len(items) and (offset < _UNBOUNDED or not bounded):
        j = i + 1
        if items[i][0] == sre.LITERAL:  # a run of plain characters is one literal
            while j < len(items) and items[j][0] == sre.LITERAL:
                j += 1
            found: dict[str, int] | None = {"".join(chr(c) for _, c in items[i:j]): 0}
        else:
            found = _in_item(*items[i], bounded)
        if found is not None:
            found = {lit: at + offset for lit, at in found.items()}
            if best is None or _score(found) > _score(best):
                best = found
        offset += _width(items[i:j])
        i = j
    return best


def _score(found: dict[str, int]) -> tuple[int, int]:
    """Prefer literals that are rare in text (three characters are rare enough), then
    ones close to the start."""
    return min(3, *map(len, found)), -max(found.values())


def _width(items: list) -> int:
    return sre_parse.SubPattern(sre_parse.State(), items).getwidth()[1]


def _in_item(op: object, av: object, bounded: bool) -> dict[str, int] | None:
    if op == sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av  # type: ignore[misc]
        return None if add_flags or del_flags else _in_sequence(list(sub), bounded)
    if op == sre.BRANCH:  # every branch must bring literals of its own
        union: dict[str, int] = {}
        for branch in av[1]:  # type: ignore[index]
            found = _in_sequence(list(branch), bounded)
            if found is None:
                return None
            for lit, at in found.items():
                union[lit] = max(union.get(lit, 0), at)
        return union
    if op == sre.IN:
        members = av  # type: ignore[assignment]
        if len(members) <= MAX_CLASS_CHARS and all(o == sre.LITERAL for o, _ in members):
            return {chr(c): 0 for _, c in members}
        return None
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, _high, sub = av  # type: ignore[misc]
        return _in_sequence(list(sub), bounded) if low >= 1 else None
    return None


def whole_line(alternatives: list[str], max_chars: int) -> re.Pattern[str]:
    """A line of at most `max_chars` characters (after leading spaces) that one of the
    alternatives matches whole, spaces and tabs around it allowed."""
    body = "|".join(f"(?:{p})" for p in alternatives)
    return re.compile(rf"^[ \t]*(?=[^\n]{{1,{max_chars}}}$)(?:{body})[ \t]*$", re.M)


class LineScanner:
    """The matches of `whole_line(alternatives, max_chars).finditer(text)`, found by
    trying the pattern only where it can match.

    A match starts at a line start `s`, its alternative after the line's leading spaces and
    tabs; so a required literal begins between `s` and the line's first other character
    plus the literal's offset. Line starts with no such literal are skipped, unless an
    alternative without required literals matches there.
    """

    def __init__(self, alternatives: list[str], max_chars: int) -> None:
        self.pattern = whole_line(alternatives, max_chars)
        first, near, free = _split(alternatives)
        self.exhaustive = len(free) == len(alternatives)  # nothing to skip lines by
        # Without line starts to skip by, a text holding none of the literals that every
        # match contains (wherever in it) has no match at all: one C-level search.
        contained = [contained_literals(alt) for alt in alternatives]
        self.needs = (
            _alternation(set().union(*contained))
            if self.exhaustive and all(c is not None for c in contained) else None
        )
        self.first_literals, self.near_offsets = first, near
        self.first = _alternation(first, prefix=r"[ \t]*")
        self.near = _alternation(set(near))
        # The native scan for both: a literal at the start is one within offset 0.
        offsets = {lit: 0 for lit in first} | near
        self.literal_lines = _native.LiteralLines(offsets, max_chars) if offsets else None
        self.free = whole_line(free, max_chars) if free else None
        self.free_in_text = (
            re.compile(rf"\n(?={self.free.pattern[1:]})", re.M) if self.free else None
        )

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.exhaustive:
            if self.needs is None or self.needs.search(text) is not None:
                yield from self.pattern.finditer(text)
            return
        end = 0
        for start in sorted(self._candidates(text)):
            if start < end:  # inside the previous match, as finditer would skip it
                continue
            m = self.pattern.match(text, start)
            if m is not None:
                yield m
                end = m.end()

    def fullmatch(self, line: str) -> bool:
        """Does one of the alternatives match all of `line`, a line without blanks around
        it and with at most `max_chars` characters? (Then the whole-line pattern matches
        it exactly when an alternative does.)"""
        if not self.exhaustive and not (
            (self.first is not None and self.first.match(line))
            or (self.near is not None and self.near.search(line))
            or (self.free is not None and self.free.match(line))
        ):
            return False
        return self.pattern.match(line) is not None

    def _candidates(self, text: str) -> set[int]:
        """Line starts where the pattern may match: short lines near a required literal
        (`LiteralLines` in native/src/linescan.rs) and those a free alternative takes."""
        starts: set[int] = set()
        if self.literal_lines is not None:
            starts.update(self.literal_lines.candidates(text.encode("utf-32-le", "surrogatepass")))
        if self.free is not None:
            if self.free.match(text):
                starts.add(0)
            starts.update(m.start() + 1 for m in self.free_in_text.finditer(text))
        return starts


def _split(alternatives: list[str]) -> tuple[set[str], dict[str, int], list[str]]:
    """The literals at the very start of their alternative, the others with their largest
    offset, and the alternatives without required literals."""
    first: set[str] = set()
    near: dict[str, int] = {}
    free: list[str] = []
    for alt in alternatives:
        found = required_literals(alt)
        if found is None or any("\n" in lit for lit in found):
            free.append(alt)
            continue
        for lit, at in found.items():
            if at == 0:
                first.add(lit)
            else:
                near[lit] = max(near.get(lit, 0), at)
    return first, near, free


def _alternation(literals: set[str], prefix: str = "") -> re.Pattern[str] | None:
    """One pattern for a set of literals, longest first."""
    if not literals:
        return None
    body = "|".join(map(re.escape, sorted(literals, key=lambda s: (-len(s), s))))
    return re.compile(f"{prefix}(?:{body})")
