"""C001's Python before its per-character work moved to native/src/script.rs: the regex
scans of rules/script/evidence.py, the segment, position and decision loops of
leftovers.py, mixed.py's document-wide round trip and loop, and passes.py's blanking.
OpenCC's conversions and the data tables are the rule's own (imported)."""

from __future__ import annotations

import copy
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from cleaner_rules.script.conversion import ScriptConversion
from cleaner_rules.script.evidence import dominant_script, only_simplified, only_traditional
from cleaner_rules.script.leftovers import regional_form
from cleaner_rules.script.passes import (
    _BREAK,
    REGIONAL,
    Passes,
    _mixed,
    _regionalise,
    other_direction,
)
from cleaner_rules.script.tables import (
    converter,
    convertible,
    keep_hant,
    phrase_converter,
    transliteration_chars,
)
from cleaner_rules.text.chars import replace_at, sample

from cleaner.document import Document
from cleaner.rule import Decision

# Unrepaired mojibake (GBK/UTF-8 round trips of 0xEF 0xBF 0xBD, uninitialised MSVC memory):
# script conversion must never "correct" garbage into other garbage.
_GARBAGE = re.compile("锟斤拷|烫烫烫|屯屯屯|锘锘")


def mojibake(doc: Document) -> bool:
    """Unrepaired mojibake counted by the decode stage, or garbage the rule sees itself."""
    return doc.extra.get("mojibake_residue", 0) > 0 or _GARBAGE.search(doc.text) is not None


def class_source(chars: frozenset[str] | set[str]) -> str:
    """A regex character class of exactly `chars`."""
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@cache
def char_class(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile(class_source(chars))


@cache
def script_evidence() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes for characters that exist in only one script (simplified, traditional)."""
    return char_class(only_simplified()), char_class(only_traditional())


def script_counts(text: str) -> tuple[int, int]:
    """Characters found only in simplified and only in traditional script (long texts are
    sampled: the counts decide which script dominates, not what gets converted)."""
    simp, trad = script_evidence()
    text = sample(text)
    return len(simp.findall(text)), len(trad.findall(text))


def _blank(text: str, chars: frozenset[str]) -> str:
    """`text` with a phrase breaker in place of `chars`."""
    return char_class(chars).sub(_BREAK, text)


def conversions(
    text: str, direction: str, minority: frozenset[str], dominant: frozenset[str], final: str
) -> Passes | None:
    """All conversions the decisions need, or None where one changes the text's length."""
    back = other_direction(direction)
    phrases, reverse = phrase_converter(direction), phrase_converter(back)
    there_and_back = converter(back).convert(text)
    mixed = _mixed(there_and_back, direction, final)
    # The leftover's neighbours in the minority script too, so that OpenCC sees the phrase
    # (頭发 -> 头发 -> 頭髮, where 发 alone would become 發).
    roundtrip = converter(final).convert(there_and_back)
    # Blanking before the conversion blanks the same positions of the converted text.
    mixed_unbacked = phrases.convert(converter(back).convert(_blank(text, dominant)))
    # Without a minority-only character, phrases through one give no evidence.
    converted = direct = forward = unbacked = back_phrase = back_unbacked = text
    if not minority.isdisjoint(text):
        converted = converter(direction).convert(text)
        forward = _regionalise(phrases.convert(text), final)
        direct = converter(final).convert(text)
        blanked = _blank(text, minority)
        unbacked = phrases.convert(blanked)
        back_phrase = reverse.convert(converted)
        back_unbacked = reverse.convert(converter(direction).convert(blanked))
    passes = Passes(converted, there_and_back, forward, mixed, direct, roundtrip, unbacked,
                     mixed_unbacked, back_phrase, back_unbacked)
    return passes if all(len(x) == len(text) for x in passes) else None


_REACH = 6  # characters a phrase through a leftover reaches on either side


# Characters in no key of OpenCC's default tables (a test checks that) and in no
# transliterated name: no phrase spans one, so the text between two of them converts on
# its own, and a name check next to one sees no name either way.
_BARRIERS = re.compile("[" + re.escape(
    "\n\r\t \u3000，。！？；：、“”‘’（）《》〈〉「」『』【】…—,.!?;:()[]\"'"
) + "]")


class _SegmentView:
    """The segments of a text between barriers, sliced out of it when asked for.

    Only where each starts is kept, 8 bytes a segment: a list of the segments would hold a
    str object for each (about 100 bytes for ten characters), ten times the text's size.
    `starts` has one more entry than there are segments, one past the text's end.
    """

    def __init__(self, text: str, starts: array[int]) -> None:
        self.text = text
        self.starts = starts

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
    starts: array[int]
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
    reached: dict[int, set[int]]
    out: dict[int, str]  # converted characters of `sub` by position
    backed: set[str]
    undecided: list[int]
    steps: dict[int, str]


def _first_pass(
    text: str, direction: str, minority: frozenset[str], dominant: frozenset[str], final: str
) -> _FirstPass | None:
    """Steps 1-5 on the segments of `text` that can hold evidence; None: nothing changes."""
    leftovers = array("q", (m.start() for m in char_class(minority).finditer(text)))
    cut = _cut(text, leftovers, direction, dominant, final)
    if not cut.selected:
        return None
    sub = "\n".join(cut.segments[i] for i in cut.selected)
    passes = conversions(sub, direction, minority, dominant, final)
    if passes is None:
        return None
    offset = cut.offsets()
    positions, reached = _positions(
        text, sub, leftovers, cut, offset, _candidates(minority, dominant)
    )
    decided = _decide(sub, positions, passes, direction, minority, dominant)
    return _FirstPass(cut, offset, sub, passes, reached, *decided)


def convert_leftovers(
    text: str, direction: str, minority: frozenset[str], dominant: frozenset[str], final: str
) -> str:
    """Convert the minority-only characters of `text`, and the characters standard in both
    scripts where the document shows them to be leftovers (see the module docstring).

    `direction` is s2t or t2s, `final` the OpenCC config whose forms are written.
    """
    first = _first_pass(text, direction, minority, dominant, final)
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
        elsewhere = _backed_elsewhere(text, segments, starts, first.offset, first.reached,
                                      backed, _candidates(minority, dominant), direction,
                                      dominant, final)
        if elsewhere is None:
            return text
        new.update(elsewhere)
    return _replace_segments(text, segments, starts, new)


def leftover_steps(
    text: str, direction: str, minority: frozenset[str], dominant: frozenset[str], final: str
) -> dict[int, str]:
    """Positions of `text` that steps 1, 3, 4 or 5 convert, with the step's name; whatever
    else `convert_leftovers` changes is step 6."""
    first = _first_pass(text, direction, minority, dominant, final)
    if first is None:
        return {}
    starts = sorted(first.offset.values())
    segment = {first.offset[i]: i for i in first.cut.selected}
    found = {}
    for k, step in first.steps.items():
        at = starts[bisect_right(starts, k) - 1]
        found[first.cut.starts[segment[at]] + k - at] = step
    return found


def _cut(
    text: str, leftovers: array[int], direction: str, dominant: frozenset[str], final: str
) -> _Segments:
    """The segments of `text`, and those that can hold evidence (none: nothing to do)."""
    if final in REGIONAL:
        # A regional variant's forms are compared with the plain phrases' (台 with 臺),
        # which needs no evidence next to them, and the Taiwan phrase table replaces words
        # by words of other lengths (U盘 -> 隨身碟): these convert the whole text.
        whole = array("q", [0, len(text) + 1])
        return _Segments(_SegmentView(text, whole), whole, [0])
    starts = array("q", [0])
    starts.extend(m.end() for m in _BARRIERS.finditer(text))
    starts.append(len(text) + 1)
    segments = _SegmentView(text, starts)
    with_leftovers = {bisect_right(starts, k) - 1 for k in leftovers}
    selected = sorted(with_leftovers | _round_trip_segments(
        text, segments, starts, with_leftovers, direction, dominant
    ))
    return _Segments(segments, starts, selected)


def _positions(
    text: str, sub: str, leftovers: array[int], cut: _Segments, offset: dict[int, int],
    candidates: frozenset[str],
) -> tuple[list[int], dict[int, set[int]]]:
    """The positions of `sub` to decide, and by segment those a leftover reaches outside it.

    A phrase through a minority-only character reaches a few characters either side of it,
    across a segment's end too; in a segment that holds no evidence such a position can
    only take a round trip's form."""
    segments, starts = cut.segments, cut.starts
    positions = {k for k, c in enumerate(sub) if c in candidates}
    reached: dict[int, set[int]] = {}
    for k in leftovers:
        for g in range(max(0, k - _REACH), min(len(text), k + _REACH + 1)):
            i = bisect_right(starts, g) - 1
            if i in offset:
                positions.add(offset[i] + g - starts[i])
            elif g - starts[i] < segments.length(i):
                reached.setdefault(i, set()).add(g - starts[i])
    return sorted(positions), reached

def _pieces(joined: str, segments: _SegmentView, numbers: Iterable[int]) -> Iterator[str]:
    """The parts of `joined` (segments `numbers` joined by one character) that stand for
    each segment, cut by length rather than at the joining character."""
    start = 0
    for i in numbers:
        yield joined[start:start + segments.length(i)]
        start += segments.length(i) + 1


def _replace_segments(
    text: str, segments: _SegmentView, starts: array[int], new: dict[int, str]
) -> str:
    """`text` with the segments numbered in `new` replaced (of the same length)."""
    pieces, done = [], 0
    for i in sorted(i for i, seg in new.items() if seg != segments[i]):
        pieces += [text[done:starts[i]], new[i]]
        done = starts[i] + segments.length(i)
    return "".join(pieces) + text[done:] if pieces else text


def _round_trip_segments(
    text: str, segments: _SegmentView, starts: array[int], skip: set[int], direction: str,
    dominant: frozenset[str],
) -> set[int]:
    """Segments (other than `skip`) where the round trip through a dominant-only character
    may show a character standard in both scripts to be a leftover (云計算): OpenCC's
    phrases of the round trip change it, and blanking out the segment's dominant-only
    characters is what can show it."""
    first = _round_trip_evidence(direction, dominant)
    dominants = char_class(dominant)
    maybe = sorted({
        i for i in {bisect_right(starts, m.start()) - 1 for m in char_class(first).finditer(text)}
        if i not in skip and dominants.search(segments[i])
    })
    if not maybe:
        return set()
    sub = "\n".join(segments[i] for i in maybe)
    mixed = phrase_converter(direction).convert(converter(other_direction(direction)).convert(sub))
    if len(mixed) != len(sub):
        return set(maybe)  # the full conversion of these segments finds the length change
    return {
        i for i, converted in zip(maybe, _pieces(mixed, segments, maybe), strict=True)
        if any(c != m and c in first for c, m in zip(segments[i], converted, strict=True))
    }


def _decide(
    text: str, positions: list[int], passes: Passes, direction: str,
    minority: frozenset[str], dominant: frozenset[str],
) -> tuple[dict[int, str], set[str], list[int], dict[int, str]]:
    """Steps 1-5 at `positions` of `text`: its converted characters, the characters shown
    to be leftovers, the positions that are leftovers only if their character is (step 6),
    and the step that converted each position."""
    names = transliteration_chars()
    # The round trip is evidence only for characters OpenCC itself converts (云 -> 雲),
    # not for those whose first candidate they are (布 -> 布 佈, 宣布 -> 宣佈).
    first = convertible(direction) - keep_hant()
    roundtrip, back_phrase, back_unbacked = (
        passes.roundtrip, passes.back_phrase, passes.back_unbacked
    )
    out: dict[int, str] = {}
    undecided: list[int] = []
    backed: set[str] = set()
    steps: dict[int, str] = {}
    for k in positions:
        if k >= len(text) or text[k] in dominant:
            continue
        c = text[k]
        p, pu = passes.forward[k], passes.unbacked[k]
        m, mu, d = passes.mixed[k], passes.mixed_unbacked[k], passes.direct[k]
        if c in minority:
            out[k], steps[k] = (d if p != c else roundtrip[k]), "1 minority-only"
        elif roundtrip[k] == c or text[k - 1:k] in names or text[k + 1:k + 2] in names:
            continue  # 2 no-evidence
        elif c != p != pu or d != c == back_phrase[k] != back_unbacked[k] or (
            c in first and c != m != mu
        ):
            new = p if c != p != pu else d if d != c == back_phrase[k] else m
            if regional_form(direction, c, new) != c:
                out[k], steps[k] = new, _evidence_step(c, p, pu, d, back_phrase[k],
                                                       back_unbacked[k])
                backed.add(c)
        else:
            undecided.append(k)
    return out, backed, undecided, steps


def _evidence_step(c: str, p: str, pu: str, d: str, back: str, back_unbacked: str) -> str:
    """Which of steps 3-5 showed `c` to be a leftover (the order `_decide` tries them)."""
    if c != p != pu:
        return "3 leftover-phrase"
    return "4 back-phrase" if d != c == back != back_unbacked else "5 round-trip-phrase"


def _backed_elsewhere(
    text: str, segments: _SegmentView, starts: array[int], converted: dict[int, int],
    reached: dict[int, set[int]], backed: set[str], candidates: frozenset[str],
    direction: str, dominant: frozenset[str], final: str,
) -> dict[int, str] | None:
    """The segments not yet converted where a character shown to be a leftover takes the
    round trip's form; None where that round trip changes a segment's length."""
    names = transliteration_chars()
    # Every occurrence of a backed candidate is a position, and those a leftover reaches.
    # (A regex for this document's few characters: the re module's cache is bounded.)
    chars = backed & candidates
    todo: dict[int, set[int]] = {i: set(cols) for i, cols in reached.items()}
    if chars:
        for m in re.finditer(class_source(chars), text):
            i = bisect_right(starts, m.start()) - 1
            todo.setdefault(i, set()).add(m.start() - starts[i])
    todo = {
        i: sorted(k for k in cols if segments[i][k] in backed and segments[i][k] not in dominant)
        for i, cols in sorted(todo.items()) if i not in converted
    }
    todo = {i: cols for i, cols in todo.items() if cols}
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


@cache
def _candidates(minority: frozenset[str], dominant: frozenset[str]) -> frozenset[str]:
    """Characters the rule may change: minority-only ones and those standard in both."""
    return minority | convertible("s2t") - dominant | convertible("t2s") - dominant


@cache
def _round_trip_evidence(direction: str, dominant: frozenset[str]) -> frozenset[str]:
    """Characters a phrase of the round trip can show to be leftovers."""
    return convertible(direction) - keep_hant() - dominant



MIXED_SEGMENTS = 3  # clauses with a minority-only character that make a document mixed
_CLAUSE_END = re.compile("[\n，。！？；：、,.!?;:]")
# Characters whose dominant-script reading is far more common than the one OpenCC's phrase
# tables give them: even in a mixed document they need the evidence of `leftovers`
# (發明了, not 瞭).
_MIXED_KEEP = frozenset("了着只")


def mixed_document(
    text: str, out: str, direction: str, minority: frozenset[str], dominant: frozenset[str],
    final: str,
) -> str:
    """In a document that machine conversion left mixed, characters standard in both
    scripts take OpenCC's phrase-aware conversion too.

    Mixed means minority-only characters in `MIXED_SEGMENTS` or more clauses (between
    punctuation and line breaks) of the text, not one quoted name: someone converted the
    text and missed characters throughout, and then the characters standard in both
    scripts (盈余, 制造, 关系 in a traditional text) are left over far more often than
    meant. Correct text has no minority-only character and is never touched here.
    """
    barriers = [m.start() for m in _CLAUSE_END.finditer(text)]
    segments = {bisect_right(barriers, m.start()) for m in char_class(minority).finditer(text)}
    if len(segments) < MIXED_SEGMENTS:
        return out
    # Through the other script and back, so that OpenCC sees whole phrases (關系 -> 关系 ->
    # 關係); positions of dominant-only characters are never taken from it.
    full = converter(final).convert(converter(other_direction(direction)).convert(out))
    if len(full) != len(out):
        return out
    names = transliteration_chars()
    # Only characters OpenCC itself converts (余 -> 餘, 云 -> 雲), not those that are their
    # own first candidate and change only inside some phrase (布 in 分布 -> 分佈).
    first = convertible(direction) - keep_hant()
    edits = {}
    for k, (c, new) in enumerate(zip(out, full, strict=True)):
        if (
            c != new and c in first and c not in dominant and c not in _MIXED_KEEP
            and out[k - 1:k] not in names and out[k + 1:k + 2] not in names
            and regional_form(direction, c, new) != c
        ):
            edits[k] = new
    return replace_at(out, edits)


# ScriptConversion.apply and .decisions, of a rule (its options).

def apply(rule: ScriptConversion, doc: Document) -> str:
    text = doc.text
    if rule.target in ("hans", "hant"):
        doc.script = "zh-Hans" if rule.target == "hans" else "zh-Hant"
        if mojibake(doc):
            return text
        return converter("t2s" if rule.target == "hans" else rule.variant).convert(text)
    # Most documents hold characters of one script alone: a regex scan says so, and
    # then nothing is converted (a character standard in both needs evidence).
    simp, trad = only_simplified(), only_traditional()
    simp_re, trad_re = script_evidence()
    has_simp, has_trad = bool(simp_re.search(text)), bool(trad_re.search(text))
    if has_simp and has_trad:
        doc.script = dominant_script(*script_counts(text))
    else:
        doc.script = "zh-Hant" if has_trad else "zh-Hans" if has_simp else "und"
    if rule.target == "keep" or mojibake(doc):
        return text
    if doc.script == "zh-Hant":
        out = convert_leftovers(text, "s2t", simp, trad, rule.variant)
        if not has_simp:  # no minority-only character: never a mixed document
            return out
        return mixed_document(text, out, "s2t", simp, trad, rule.variant)
    if has_trad:
        out = convert_leftovers(text, "t2s", trad, simp, "t2s")
        return mixed_document(text, out, "t2s", trad, simp, "t2s")
    return text


def decisions(rule: ScriptConversion, doc: Document) -> list[Decision]:
    """One decision per character converted, naming the step of `leftovers` (1-6) or
    `mixed` (7) that converted it. With a fixed target no step decides: none are named."""
    text = doc.text
    probe = copy.copy(doc)
    out = apply(rule, probe)
    if rule.target != "dominant" or out == text:
        return []
    simp, trad = only_simplified(), only_traditional()
    if probe.script == "zh-Hant":
        how = ("s2t", simp, trad, rule.variant)
    else:
        how = ("t2s", trad, simp, "t2s")
    steps = leftover_steps(text, *how)
    left = convert_leftovers(text, *how)
    return [
        Decision(
            text.count("\n", 0, k) + 1,
            steps.get(k, "6 shown-elsewhere") if left[k] != c else "7 mixed-document",
            "convert", text[max(0, k - 6):k + 7],
        )
        for k, c in enumerate(text) if out[k] != c
    ]
