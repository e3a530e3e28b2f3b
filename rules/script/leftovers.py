"""Leftovers of the minority script in a text, converted where the text shows them to be.

Each character that may change is decided by the first of these steps with an opinion
(`decisions` of C001 names them):

1. minority-only: a character of the minority script alone converts, by OpenCC's phrase
   conversion, after a round trip where no phrase goes through it (頭发 -> 頭髮).
2. no-evidence: a character the round trip leaves as it is, or one next to a character of
   a transliterated name (rules/data/transliteration.txt), stays.

A character standard in both scripts converts only where an OpenCC phrase through it
converts it differently once the characters of one script alone are blanked out:

3. leftover-phrase: a phrase with a minority-only character (后来 -> 後來 in a
   traditional text);
4. back-phrase: a phrase of the other direction gives it back exactly (终于 -> 終於 in a
   simplified text);
5. round-trip-phrase: a phrase of the round trip with a dominant-only character
   (云計算 -> 云计算 -> 雲計算);
6. shown-elsewhere: a character shown to be a leftover once in a document is a leftover
   wherever OpenCC's phrase-aware round trip changes it there (阿里云 next to 云計算).

A character no step converts stays: correct text has no such evidence and comes out as
written. A document whose conversion changes the length of a segment stays as is. (Step 7,
mixed-document, is in `mixed`.)

No OpenCC phrase spans a line break or a punctuation mark, so the conversions of a text
are those of its segments between them: only the segments that can hold evidence are
converted (those with a minority-only character, and those whose round trip changes a
character next to a dominant-only one), then the other segments where a character shown
to be a leftover occurs. A correct text costs a native scan and the round trip of a few
segments. What is read position by position (segments, leftovers, the decisions between
OpenCC's conversions) is native/src/script.rs; the conversions are OpenCC's, made here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from cleaner_rules.script.evidence import script_table, utf32
from cleaner_rules.script.passes import REGIONAL, Passes, conversions, other_direction
from cleaner_rules.script.tables import converter, phrase_converter, transliteration_chars
from cleaner_rules.text.chars import replace_at

from cleaner import _native

# Characters in no key of OpenCC's default tables (a test checks that) and in no
# transliterated name: no phrase spans one, so the text between two of them converts on
# its own, and a name check next to one sees no name either way.
_BARRIER_CHARS = "\n\r\t \u3000，。！？；：、“”‘’（）《》〈〉「」『』【】…—,.!?;:()[]\"'"
_BARRIERS = re.compile("[" + re.escape(_BARRIER_CHARS) + "]")

# The steps the native decisions number (`_decide`).
_STEPS = {1: "1 minority-only", 3: "3 leftover-phrase", 4: "4 back-phrase",
          5: "5 round-trip-phrase"}


def barriers() -> _native.CharClass:
    """`_BARRIERS` as the native core cuts at it."""
    return _barrier_class(_BARRIERS)


@cache
def _barrier_class(pattern: re.Pattern[str]) -> _native.CharClass:
    """The characters of `_BARRIER_CHARS` that `pattern` matches (a test narrows
    `_BARRIERS` to none, to convert a text as one piece); none is a `-`, which a class
    body reads as a range."""
    return _native.CharClass("".join(c for c in _BARRIER_CHARS if pattern.fullmatch(c)))


class _SegmentView:
    """The segments of a text between barriers, sliced out of it when asked for.

    Only where each starts is kept, 8 bytes a segment (`raw`, as the native core writes
    and reads it): a list of the segments would hold a str object for each (about 100
    bytes for ten characters), ten times the text's size. `starts` has one more entry than
    there are segments, one past the text's end. `codes` is the text as the native core
    reads it.
    """

    def __init__(self, text: str, codes: bytes, raw: bytes) -> None:
        self.text = text
        self.codes = codes
        self.raw = raw
        self.starts = memoryview(raw).cast("q")

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, i: int) -> str:
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.text[self.starts[i]:self.starts[i + 1] - 1]

    def length(self, i: int) -> int:
        return self.starts[i + 1] - self.starts[i] - 1


class _Segments(NamedTuple):
    """A text cut at `_BARRIERS`: the segments, where each starts in the text, and the
    numbers of those converted together (joined by line breaks into one piece)."""

    segments: _SegmentView
    starts: memoryview
    selected: list[int]

    def offsets(self) -> dict[int, int]:
        """Where each selected segment starts in the joined piece."""
        lengths = (self.segments.length(i) + 1 for i in self.selected)
        return dict(zip(self.selected, accumulate(lengths, initial=0), strict=False))


class _FirstPass(NamedTuple):
    """The decisions on the segments that can hold evidence (positions of the joined
    piece `sub`), and what the later steps need."""

    cut: _Segments
    offset: dict[int, int]
    sub: str
    passes: Passes
    reached: list[tuple[int, int]]  # (segment, position in it) a leftover reaches
    out: dict[int, str]  # converted characters of `sub` by position
    backed: set[str]
    undecided: list[int]
    steps: dict[int, str]


def _first_pass(text: str, direction: str, final: str) -> _FirstPass | None:
    """Steps 1-5 on the segments of `text` that can hold evidence; None: nothing changes."""
    cut, leftovers = _cut(text, direction, final)
    if not cut.selected:
        return None
    sub = "\n".join(cut.segments[i] for i in cut.selected)
    passes = conversions(sub, direction, final)
    if passes is None:
        return None
    decided = _decide(sub, cut, leftovers, passes, direction)
    return _FirstPass(cut, cut.offsets(), sub, passes, *decided)


def convert_leftovers(text: str, direction: str, final: str) -> str:
    """Convert the minority-only characters of `text`, and the characters standard in both
    scripts where the document shows them to be leftovers (see the module docstring).

    `direction` is s2t or t2s, `final` the OpenCC config whose forms are written.
    """
    first = _first_pass(text, direction, final)
    if first is None:
        return text
    out, sub, passes, backed = first.out, first.sub, first.passes, first.backed
    for k in first.undecided:  # step 6 inside the segments of the first pass
        c = sub[k]
        if c in backed and regional_form(direction, c, passes.roundtrip[k]) != c:
            out[k] = passes.roundtrip[k]
    segments, starts, selected = first.cut
    converted = replace_at(sub, out)
    if len(segments) == 1:
        return converted
    new = dict(zip(selected, _pieces(converted, segments, selected), strict=True))
    if backed:
        elsewhere = _backed_elsewhere(segments, selected, first.reached, backed, direction,
                                      final)
        if elsewhere is None:
            return text
        new.update(elsewhere)
    return _replace_segments(text, segments, starts, new)


def leftover_steps(text: str, direction: str, final: str) -> dict[int, str]:
    """Positions of `text` that steps 1, 3, 4 or 5 convert, with the step's name; whatever
    else `convert_leftovers` changes is step 6."""
    first = _first_pass(text, direction, final)
    if first is None:
        return {}
    starts = sorted(first.offset.values())
    segment = {first.offset[i]: i for i in first.cut.selected}
    found = {}
    for k, step in first.steps.items():
        at = starts[bisect_right(starts, k) - 1]
        found[first.cut.starts[segment[at]] + k - at] = step
    return found


def _cut(text: str, direction: str, final: str) -> tuple[_Segments, bytes]:
    """The segments of `text`, those that can hold evidence (none: nothing to do), and
    where its leftovers are (as the native core writes them)."""
    # A regional variant's forms are compared with the plain phrases' (台 with 臺), which
    # needs no evidence next to them, and the Taiwan phrase table replaces words by words
    # of other lengths (U盘 -> 隨身碟): these convert the whole text.
    whole = final in REGIONAL
    codes = utf32(text)
    raw, leftovers, with_leftovers, probe = script_table().cut(codes, barriers(), direction,
                                                               whole)
    segments = _SegmentView(text, codes, raw)
    if whole:
        return _Segments(segments, segments.starts, [0]), leftovers
    selected = sorted(with_leftovers + _round_trip_segments(segments, probe, direction))
    return _Segments(segments, segments.starts, selected), leftovers


def _pieces(joined: str, segments: _SegmentView, numbers: Iterable[int]) -> Iterator[str]:
    """The parts of `joined` (segments `numbers` joined by one character) that stand for
    each segment, cut by length rather than at the joining character."""
    start = 0
    for i in numbers:
        yield joined[start:start + segments.length(i)]
        start += segments.length(i) + 1


def _replace_segments(
    text: str, segments: _SegmentView, starts: memoryview, new: dict[int, str]
) -> str:
    """`text` with the segments numbered in `new` replaced (of the same length)."""
    pieces, done = [], 0
    for i in sorted(i for i, seg in new.items() if seg != segments[i]):
        pieces += [text[done:starts[i]], new[i]]
        done = starts[i] + segments.length(i)
    return "".join(pieces) + text[done:] if pieces else text


def _round_trip_segments(segments: _SegmentView, probe: list[int], direction: str) -> list[int]:
    """The segments among `probe` (those without a leftover, with a dominant-only character
    and one a round-trip phrase can show to be a leftover: 云計算) where OpenCC's phrases
    of the round trip change such a character."""
    if not probe:
        return []
    sub = "\n".join(segments[i] for i in probe)
    mixed = phrase_converter(direction).convert(converter(other_direction(direction)).convert(sub))
    if len(mixed) != len(sub):
        return probe  # the full conversion of these segments finds the length change
    return script_table().round_trip_evidence(utf32(sub), utf32(mixed), segments.raw, probe,
                                              direction)


def _decide(
    sub: str, cut: _Segments, leftovers: bytes, passes: Passes, direction: str,
) -> tuple[list[tuple[int, int]], dict[int, str], set[str], list[int], dict[int, str]]:
    """Steps 1-5 on `sub`, the selected segments joined (natively, but for the regional
    forms, which are OpenCC's): the positions leftovers reach outside them, the converted
    characters, the characters shown to be leftovers, the positions that are leftovers
    only if their character is (step 6), and the step that converted each position."""
    compared = (passes.forward, passes.unbacked, passes.mixed, passes.mixed_unbacked,
                passes.direct, passes.roundtrip, passes.back_phrase, passes.back_unbacked)
    edits, undecided, reached = script_table().decide(
        len(cut.segments.text), utf32(sub), cut.segments.raw, leftovers, cut.selected,
        [utf32(p) for p in compared], direction,
    )
    out: dict[int, str] = {}
    backed: set[str] = set()
    steps: dict[int, str] = {}
    for k, code, step in edits:
        c, new = sub[k], chr(code)
        if step == 1 or regional_form(direction, c, new) != c:
            out[k], steps[k] = new, _STEPS[step]
            if step != 1:
                backed.add(c)
    return reached, out, backed, undecided, steps


def _backed_elsewhere(
    segments: _SegmentView, selected: list[int], reached: list[tuple[int, int]],
    backed: set[str], direction: str, final: str,
) -> dict[int, str] | None:
    """The segments not yet converted where a character shown to be a leftover takes the
    round trip's form; None where that round trip changes a segment's length."""
    names = transliteration_chars()
    todo = dict(script_table().elsewhere(segments.codes, segments.raw, selected, reached,
                                         "".join(backed), direction))
    if not todo:
        return {}
    sub = "\n".join(segments[i] for i in todo)
    roundtrip = converter(final).convert(converter(other_direction(direction)).convert(sub))
    if len(roundtrip) != len(sub):
        return None
    new = {}
    for (i, cols), trip in zip(todo.items(), _pieces(roundtrip, segments, todo), strict=True):
        seg, out = segments[i], {}
        for k in cols:
            c = seg[k]
            if trip[k] == c or seg[k - 1:k] in names or seg[k + 1:k + 2] in names:
                continue
            if regional_form(direction, c, trip[k]) != c:
                out[k] = trip[k]
        new[i] = replace_at(seg, out)
    return new


def regional_form(direction: str, c: str, form: str) -> str:
    """A Taiwan or Hong Kong standard form is kept (台 for 臺)."""
    return c if direction == "s2t" and c in _regional_forms(form) else form


@cache
def _regional_forms(form: str) -> tuple[str, str]:
    """The Taiwan and Hong Kong standard forms of a traditional character."""
    return converter("t2tw").convert(form), converter("t2hk").convert(form)
