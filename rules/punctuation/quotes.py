"""Straight double quotes around Chinese text (P005) become paired `“ ”`.

Quotes pair within a line, left to right, curly and straight sharing one open/close state
(machine-converted text mixes them): `“`, or `"` while no quote is open, opens; `”`, or
`"` while one is open, closes; a quote that opens while another is open leaves that one
unpaired. The steps then decide each pair, the first with an opinion deciding:

1. latin-line: a line without Han keeps its quotes.
2. han-inside: a pair with Han between its quotes converts.
3. cjk-beside: a pair with Han or a CJK mark just outside or just inside one of its quotes
   converts.
4. spread: a pair beside a converted one converts, for a converted quote is Chinese
   context for the quote next to it (a run of quotes before `它` converts whole); one
   pass does what a second would.

A pair no step converts stays. Spaces between a converted quote and the Chinese beside it
go.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from cleaner_rules.punctuation.context import (
    CONVERT,
    KEEP,
    first_opinion,
    is_cjk,
    neighbour_at,
    spread,
)
from cleaner_rules.text.chars import CJK_PUNCT, HAN

from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage

_HAN = re.compile(f"[{HAN}]")
# Space runs inside the quotes and after the closing one, each led by the space it removes
# (a literal `re` scans for fast) with the look-behind after it.
_SPACE_INSIDE = re.compile(
    f" (?:(?<=[{HAN}{CJK_PUNCT}] ) *(?=“)|(?<=“ ) *|(?<=[^ ] ) *(?=”))"
)
_SPACE_AFTER = re.compile(f" (?<=” ) *(?=[{HAN}{CJK_PUNCT}])")
_QUOTE = re.compile('[“”"]')

Pair = tuple[int | None, int | None]  # positions of the opening and closing quote


def pairs(line: str) -> list[Pair]:
    """The quotes of `line` paired as the module docstring says (None: no partner)."""
    opened: int | None = None
    found: list[Pair] = []
    for m in _QUOTE.finditer(line):  # only the quotes: a line can be long
        i, c = m.start(), m.group()
        if c == "“" or (c == '"' and opened is None):
            if opened is not None:
                found.append((opened, None))
            opened = i
        elif c == "”" or c == '"':
            found.append((opened, i))
            opened = None
    if opened is not None:
        found.append((opened, None))
    return found


class _Line(NamedTuple):
    text: str
    has_han: bool


def _near(line: str, pair: Pair) -> Iterator[int]:
    """Positions just outside and just inside each quote of `pair` (-1: none)."""
    s, e = pair
    if s is not None:
        yield from (neighbour_at(line, s - 1, -1), neighbour_at(line, s + 1, 1))
    if e is not None:
        yield from (neighbour_at(line, e + 1, 1), neighbour_at(line, e - 1, -1))


def latin_line(line: _Line, pair: Pair) -> str | None:
    """1: quotes in a line without Han are Latin quotes."""
    return None if line.has_han else KEEP


def han_inside(line: _Line, pair: Pair) -> str | None:
    """2: quotes around Han are Chinese quotes."""
    s, e = pair
    if s is not None and e is not None and _HAN.search(line.text, s + 1, e) is not None:
        return CONVERT
    return None


def cjk_beside(line: _Line, pair: Pair) -> str | None:
    """3: a quote with Han or a CJK mark beside it is in Chinese context."""
    if any(j >= 0 and is_cjk(line.text[j]) for j in _near(line.text, pair)):
        return CONVERT
    return None


STEPS: tuple[tuple[str, Callable[[_Line, Pair], str | None]], ...] = (
    ("1 latin-line", latin_line),
    ("2 han-inside", han_inside),
    ("3 cjk-beside", cjk_beside),
)
SPREAD = "4 spread"


def _decide(line: str) -> tuple[list[Pair], dict[int, str]]:
    """The pairs of `line`, and for each pair that converts the step that decided it."""
    found = pairs(line)
    ctx = _Line(line, _HAN.search(line) is not None)
    owner = {p: k for k, pair in enumerate(found) for p in pair if p is not None and line[p] == '"'}
    decided: dict[int, str] = {}
    links: dict[int, list[int]] = {}
    for k, pair in enumerate(found):
        step, verdict = first_opinion(STEPS, ctx, pair)
        if verdict == KEEP:
            continue
        if verdict == CONVERT:
            decided[k] = step
        for j in _near(line, pair):
            if j in owner and owner[j] != k:
                links.setdefault(owner[j], []).append(k)
    for k in spread(list(decided), links) - decided.keys():
        decided[k] = SPREAD
    return found, decided


def _converted(line: str, found: list[Pair], decided: dict[int, str]) -> Iterator[tuple[int, str]]:
    """(position, curly quote) for every straight quote of a converted pair."""
    for k in decided:
        s, e = found[k]
        if s is not None and line[s] == '"':
            yield s, "“"
        if e is not None and line[e] == '"':
            yield e, "”"


def _quote_line(line: str) -> str:
    found, decided = _decide(line)
    chars = list(line)
    for p, quote in _converted(line, found, decided):
        chars[p] = quote
    out = "".join(chars)
    if out == line:
        return out
    return _SPACE_AFTER.sub("", _SPACE_INSIDE.sub("", out))


class StraightQuotes(Rule):
    code = "P005"
    name = "straight-quotes"
    stage = Stage.PUNCTUATION
    touches = '"“” '
    summary = 'Straight double quotes around Chinese text become paired “ ”.'
    rationale = (
        "Chinese uses curly double quotes; straight ones come from ASCII keyboards and "
        "machine conversion and are often mixed with curly ones in the same paragraph. "
        "Quotes around Latin-only text keep their form."
    )
    references = (
        "GB/T 15834-2011 General rules for punctuation, 4.1 quotation marks",
        "W3C Requirements for Chinese Text Layout (clreq), quotation marks",
    )
    limits = (
        "Pairs quotes within a line only: a quotation running over a line break is not paired",
        "Single quotes ' stay as they are",
    )
    examples = (
        Example('完成"打卡拍照"的操作', "完成“打卡拍照”的操作"),
        Example('一个 "认知盈余" 的概念', "一个“认知盈余”的概念"),
        Example('He said "fine" and left.'),
    )

    def gate(self, text: str) -> bool:
        return '"' in text

    def apply(self, doc: Document) -> str:
        return "\n".join(_quote_line(line) if '"' in line else line
                         for line in doc.text.split("\n"))

    def decisions(self, doc: Document) -> list[Decision]:
        """One decision per straight quote converted: the step that decided its pair."""
        out = []
        for n, line in enumerate(doc.text.split("\n"), 1):
            if '"' not in line:
                continue
            found, decided = _decide(line)
            steps = {p: decided[k] for k, pair in enumerate(found) for p in pair if k in decided}
            for p, _ in sorted(_converted(line, found, decided)):
                out.append(Decision(n, steps[p], CONVERT, line[max(0, p - 8):p + 9]))
        return out
