"""Which lines a list of whole-line patterns can match at, read off the patterns.

A whole-line pattern made of many alternatives (`rules/data/chrome.txt` has dozens, most
of them starting with a free lead such as `.{0,20}`) would cost every alternative at every
short line, and most lines of a text are short. Nearly every alternative needs some literal
(`登录`, `扫码`, `ICP`) within a bounded distance of where it starts; `required_literals`
reads that off the parsed pattern and `split_alternatives` sorts a section's alternatives
by it. The native matcher (native/src/patterns.rs) tries the pattern only at the short
lines near those literals and at those a literal-free alternative takes, and tries the
free alternatives only in a text that holds one of the literals each of them contains
somewhere (`contained_literals`).
"""

from __future__ import annotations

import re

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


def split_alternatives(alternatives: list[str]) -> tuple[set[str], dict[str, int], list[str]]:
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
