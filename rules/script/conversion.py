"""Simplified and traditional script: detect the dominant one, convert the leftovers.

Only characters that exist in one script alone are evidence of a leftover. A character
that is standard in both (干 后 了 合 准 范 里) changes only where an OpenCC phrase through
it contains such a character (后来 in a traditional text): OpenCC's tables, applied to text
that is already correct, turn 烏干達 into 烏幹達 and 發明了 into 發明瞭, and correct text in
the dominant script must come out as written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import NamedTuple

import opencc
from cleaner_rules.text.chars import sample

from cleaner.document import Document
from cleaner.rule import Example, Option, Rule, Stage

# Unrepaired mojibake (GBK/UTF-8 round trips of 0xEF 0xBF 0xBD, uninitialised MSVC memory):
# script conversion must never "correct" garbage into other garbage.
_GARBAGE = re.compile("锟斤拷|烫烫烫|屯屯屯|锘锘")
# Stands in for a minority-only character when probing whether a phrase depends on it: it
# is in no OpenCC phrase, so no phrase can match across it.
_BREAK = "\u0001"
_REACH = 6  # characters a phrase through a leftover reaches on either side
_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000))


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _data_chars(name: str) -> frozenset[str]:
    """One character per line, `#` starts a comment (rules/data/NAME)."""
    text = (resources.files("cleaner_rules") / "data" / name).read_text("utf-8")
    return frozenset(
        line.split("#", 1)[0].strip() for line in text.splitlines()
        if line.split("#", 1)[0].strip()
    )


@cache
def keep_hant() -> frozenset[str]:
    """Characters standard in traditional text that OpenCC's data still calls simplified."""
    return _data_chars("hant_keep.txt")


@cache
def both_scripts() -> frozenset[str]:
    """Characters whose OpenCC candidate list includes themselves (rules/data, generated)."""
    return _data_chars("both_scripts.txt")


@cache
def phrase_converter(direction: str) -> opencc.OpenCC:
    """OpenCC with only its phrase tables: it changes exactly the phrase matches."""
    files = {
        "s2t": ("STPhrases.ocd2", "STPhrases_GeneratedFromRegionalPhrases.ocd2"),
        "t2s": ("TSPhrases.ocd2",),
    }[direction]
    share = os.path.join(os.path.dirname(opencc.__file__), "clib", "share", "opencc")
    group = {"type": "group", "dicts": [
        {"type": "ocd2", "file": os.path.join(share, f)} for f in files
    ]}
    config = {"name": f"{direction} phrases", "segmentation": {"type": "mmseg", "dict": group},
              "conversion_chain": [{"dict": group}]}
    fd, path = tempfile.mkstemp(suffix=".json")
    try:
        os.write(fd, json.dumps(config).encode())
        os.close(fd)
        stderr = os.dup(2)  # OpenCC prints a schema warning for a group dictionary
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 2)
                return opencc.OpenCC(path)
        finally:
            os.dup2(stderr, 2)
            os.close(stderr)
    finally:
        os.unlink(path)


@cache
def convertible(direction: str) -> frozenset[str]:
    """Characters that OpenCC's character-level conversion changes."""
    return frozenset(c for c, _ in _convertible(direction))


@cache
def _convertible(direction: str) -> tuple[tuple[str, str], ...]:
    """(character, OpenCC's character-level conversion) for every Han character it changes."""
    chars = [chr(c) for lo, hi in _RANGES for c in range(lo, hi)]
    converted = converter(direction).convert("\n".join(chars)).split("\n")
    return tuple((c, t) for c, t in zip(chars, converted, strict=True) if t != c)


@cache
def only_simplified() -> frozenset[str]:
    """Simplified characters that are no standard traditional form: OpenCC changes them,
    their candidates exclude them, and they are not the Taiwan or Hong Kong standard form
    of their traditional counterpart (群 for 羣, 峰 for 峯 are standard there)."""
    both, keep = both_scripts(), keep_hant()
    pairs = _convertible("s2t")
    # One conversion of all forms, a line each: no OpenCC phrase spans a line break.
    forms = "\n".join(t for _, t in pairs)
    tw = converter("t2tw").convert(forms).split("\n")
    hk = converter("t2hk").convert(forms).split("\n")
    return frozenset(
        c for (c, _), t, h in zip(pairs, tw, hk, strict=True)
        if c not in both and c not in keep and t != c and h != c
    )


@cache
def only_traditional() -> frozenset[str]:
    """Traditional characters that are no standard simplified form."""
    both = both_scripts()
    return frozenset(c for c, _ in _convertible("t2s") if c not in both)


def _class_source(chars: frozenset[str] | set[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@cache
def _char_class(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile(_class_source(chars))


@cache
def script_evidence() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes for characters that exist in only one script (simplified, traditional)."""
    return _char_class(only_simplified()), _char_class(only_traditional())


def script_counts(text: str) -> tuple[int, int]:
    """Characters found only in simplified and only in traditional script (long texts are
    sampled: the counts decide which script dominates, not what gets converted)."""
    simp, trad = script_evidence()
    text = sample(text)
    return len(simp.findall(text)), len(trad.findall(text))


def dominant_script(n_simp: int, n_trad: int) -> str:
    if n_simp == n_trad == 0:
        return "und"
    return "zh-Hant" if n_trad > n_simp else "zh-Hans"


@cache
def transliteration_chars() -> frozenset[str]:
    text = (resources.files("cleaner_rules") / "data" / "transliteration.txt").read_text("utf-8")
    return frozenset("".join(line for line in text.splitlines() if not line.startswith("#")))


_REGIONAL = {"s2tw": "t2tw", "s2twp": "t2tw", "s2hk": "t2hk"}


class _Passes(NamedTuple):
    """OpenCC's conversions of a text that the decisions compare position by position."""

    converted: str
    there_and_back: str
    forward: str
    mixed: str
    direct: str
    roundtrip: str
    unbacked: str
    mixed_unbacked: str
    back_phrase: str
    back_unbacked: str


def _back(direction: str) -> str:
    return "t2s" if direction == "s2t" else "s2t"


def _regionalise(text: str, final: str) -> str:
    return converter(_REGIONAL[final]).convert(text) if final in _REGIONAL else text


def _mixed(there_and_back: str, direction: str, final: str) -> str:
    """The phrases of the round trip alone: what OpenCC's phrases say of the text."""
    return _regionalise(phrase_converter(direction).convert(there_and_back), final)


def _blank(text: str, chars: frozenset[str]) -> str:
    """`text` with a phrase breaker in place of `chars`."""
    return _char_class(chars).sub(_BREAK, text)


def _passes(
    text: str, direction: str, minority: frozenset[str], dominant: frozenset[str], final: str
) -> _Passes | None:
    """All conversions the decisions need, or None where one changes the text's length."""
    back = _back(direction)
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
    passes = _Passes(converted, there_and_back, forward, mixed, direct, roundtrip, unbacked,
                     mixed_unbacked, back_phrase, back_unbacked)
    return passes if all(len(x) == len(text) for x in passes) else None


# Characters in no key of OpenCC's default tables (a test checks that) and in no
# transliterated name: no phrase spans one, so the text between two of them converts on
# its own, and a name check next to one sees no name either way.
_BARRIERS = re.compile("[" + re.escape(
    "\n\r\t \u3000，。！？；：、“”‘’（）《》〈〉「」『』【】…—,.!?;:()[]\"'"
) + "]")


def convert_leftovers(
    text: str, direction: str, minority: frozenset[str], dominant: frozenset[str], final: str
) -> str:
    """Convert the minority-only characters of `text`, and the characters standard in both
    scripts where the document shows them to be leftovers.

    `direction` is s2t or t2s, `final` the OpenCC config whose forms are written. Evidence
    that a character standard in both scripts is a leftover is an OpenCC phrase through it
    that converts it differently once the characters of one script alone are blanked out:
    a phrase with a minority-only character (后来 -> 後來 in a traditional text), a phrase
    of the round trip with a dominant-only character (云計算 -> 云计算 -> 雲計算), or a
    phrase of the other direction that gives it back exactly (终于 -> 終於 in a simplified
    text). A character shown to be a leftover once in a document is a leftover wherever
    OpenCC's phrase-aware round trip changes it there (阿里云 next to 云計算). Correct text
    has no such evidence and comes out as written. A document whose conversion changes the
    length of a segment stays as is.

    No OpenCC phrase spans a line break or a punctuation mark, so the conversions of a text
    are those of its segments between them: only the segments that can hold evidence are
    converted (those with a minority-only character, and those whose round trip changes a
    character next to a dominant-only one), then the other segments where a character
    shown to be a leftover occurs. A correct text costs a few regex scans and the round
    trip of a few segments.
    """
    leftovers = [m.start() for m in _char_class(minority).finditer(text)]
    if final in _REGIONAL:
        # A regional variant's forms are compared with the plain phrases' (台 with 臺),
        # which needs no evidence next to them, and the Taiwan phrase table replaces words
        # by words of other lengths (U盘 -> 隨身碟): these convert the whole text.
        segments, starts, selected = [text], [0, len(text) + 1], [0]
    else:
        segments = _BARRIERS.split(text)
        starts = list(accumulate((len(seg) + 1 for seg in segments), initial=0))
        with_leftovers = {bisect_right(starts, k) - 1 for k in leftovers}
        selected = sorted(with_leftovers | _round_trip_segments(
            text, segments, starts, with_leftovers, direction, dominant
        ))
        if not selected:
            return text
    sub = "\n".join(segments[i] for i in selected)
    passes = _passes(sub, direction, minority, dominant, final)
    if passes is None:
        return text
    # Where each selected segment starts in `sub`.
    offset = dict(zip(
        selected, accumulate((len(segments[i]) + 1 for i in selected), initial=0), strict=False
    ))
    candidates = _candidates(minority, dominant)
    positions = {k for k, c in enumerate(sub) if c in candidates}
    # A phrase through a minority-only character reaches a few characters either side of
    # it, across a segment's end too; in a segment that holds no evidence such a position
    # can only take a round trip's form.
    reached: dict[int, set[int]] = {}
    for k in leftovers:
        for g in range(max(0, k - _REACH), min(len(text), k + _REACH + 1)):
            i = bisect_right(starts, g) - 1
            if i in offset:
                positions.add(offset[i] + g - starts[i])
            elif g - starts[i] < len(segments[i]):
                reached.setdefault(i, set()).add(g - starts[i])
    out, backed, undecided = _decide(sub, sorted(positions), passes, direction, minority,
                                     dominant)
    for k in undecided:
        c = sub[k]
        if c in backed and _regional(direction, c, passes.roundtrip[k]) != c:
            out[k] = passes.roundtrip[k]
    if len(segments) == 1:
        return "".join(out)
    new = dict(zip(selected, _pieces("".join(out), segments, selected), strict=True))
    if backed:
        elsewhere = _backed_elsewhere(text, segments, starts, offset, reached, backed,
                                      candidates, direction, dominant, final)
        if elsewhere is None:
            return text
        new.update(elsewhere)
    return _replace_segments(text, segments, starts, new)


def _pieces(joined: str, segments: list[str], numbers: Iterable[int]) -> Iterator[str]:
    """The parts of `joined` (segments `numbers` joined by one character) that stand for
    each segment, cut by length rather than at the joining character."""
    start = 0
    for i in numbers:
        yield joined[start:start + len(segments[i])]
        start += len(segments[i]) + 1


def _replace_segments(
    text: str, segments: list[str], starts: list[int], new: dict[int, str]
) -> str:
    """`text` with the segments numbered in `new` replaced (of the same length)."""
    pieces, done = [], 0
    for i in sorted(i for i, seg in new.items() if seg != segments[i]):
        pieces += [text[done:starts[i]], new[i]]
        done = starts[i] + len(segments[i])
    return "".join(pieces) + text[done:] if pieces else text


def _round_trip_segments(
    text: str, segments: list[str], starts: list[int], skip: set[int], direction: str,
    dominant: frozenset[str],
) -> set[int]:
    """Segments (other than `skip`) where the round trip through a dominant-only character
    may show a character standard in both scripts to be a leftover (云計算): OpenCC's
    phrases of the round trip change it, and blanking out the segment's dominant-only
    characters is what can show it."""
    first = _round_trip_evidence(direction, dominant)
    dominants = _char_class(dominant)
    maybe = sorted({
        i for i in {bisect_right(starts, m.start()) - 1 for m in _char_class(first).finditer(text)}
        if i not in skip and dominants.search(segments[i])
    })
    if not maybe:
        return set()
    sub = "\n".join(segments[i] for i in maybe)
    mixed = phrase_converter(direction).convert(converter(_back(direction)).convert(sub))
    if len(mixed) != len(sub):
        return set(maybe)  # the full conversion of these segments finds the length change
    return {
        i for i, converted in zip(maybe, _pieces(mixed, segments, maybe), strict=True)
        if any(c != m and c in first for c, m in zip(segments[i], converted, strict=True))
    }


def _decide(
    text: str, positions: list[int], passes: _Passes, direction: str,
    minority: frozenset[str], dominant: frozenset[str],
) -> tuple[list[str], set[str], list[int]]:
    """The converted characters of `text` at `positions`, the characters shown to be
    leftovers, and the positions that are leftovers only if their character is."""
    names = transliteration_chars()
    # The round trip is evidence only for characters OpenCC itself converts (云 -> 雲),
    # not for those whose first candidate they are (布 -> 布 佈, 宣布 -> 宣佈).
    first = convertible(direction) - keep_hant()
    roundtrip, back_phrase, back_unbacked = (
        passes.roundtrip, passes.back_phrase, passes.back_unbacked
    )
    out = list(text)
    undecided: list[int] = []
    backed: set[str] = set()
    for k in positions:
        if k >= len(text) or text[k] in dominant:
            continue
        c = text[k]
        p, pu = passes.forward[k], passes.unbacked[k]
        m, mu, d = passes.mixed[k], passes.mixed_unbacked[k], passes.direct[k]
        if c in minority:
            out[k] = d if p != c else roundtrip[k]
        elif roundtrip[k] == c or text[k - 1:k] in names or text[k + 1:k + 2] in names:
            continue
        elif c != p != pu or d != c == back_phrase[k] != back_unbacked[k] or (
            c in first and c != m != mu
        ):
            new = p if c != p != pu else d if d != c == back_phrase[k] else m
            if _regional(direction, c, new) != c:
                out[k] = new
                backed.add(c)
        else:
            undecided.append(k)
    return out, backed, undecided


def _backed_elsewhere(
    text: str, segments: list[str], starts: list[int], converted: dict[int, int],
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
        for m in re.finditer(_class_source(chars), text):
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
    roundtrip = converter(final).convert(converter(_back(direction)).convert(sub))
    if len(roundtrip) != len(sub):
        return None
    new = {}
    for (i, cols), trip in zip(todo.items(), _pieces(roundtrip, segments, todo), strict=True):
        seg, out = segments[i], list(segments[i])
        for k in cols:
            c = seg[k]
            if trip[k] == c or seg[k - 1:k] in names or seg[k + 1:k + 2] in names:
                continue
            if _regional(direction, c, trip[k]) != c:
                out[k] = trip[k]
        new[i] = "".join(out)
    return new


def _regional(direction: str, c: str, form: str) -> str:
    """A Taiwan or Hong Kong standard form is kept (台 for 臺)."""
    return c if direction == "s2t" and c in _regional_forms(form) else form


@cache
def _regional_forms(form: str) -> tuple[str, str]:
    """The Taiwan and Hong Kong standard forms of a traditional character."""
    return converter("t2tw").convert(form), converter("t2hk").convert(form)


@cache
def _candidates(minority: frozenset[str], dominant: frozenset[str]) -> frozenset[str]:
    """Characters the rule may change: minority-only ones and those standard in both."""
    return minority | convertible("s2t") - dominant | convertible("t2s") - dominant


@cache
def _round_trip_evidence(direction: str, dominant: frozenset[str]) -> frozenset[str]:
    """Characters a phrase of the round trip can show to be leftovers."""
    return convertible(direction) - keep_hant() - dominant


def mojibake(doc: Document) -> bool:
    """Unrepaired mojibake counted by the decode stage, or garbage the rule sees itself."""
    return doc.extra.get("mojibake_residue", 0) > 0 or _GARBAGE.search(doc.text) is not None


class ScriptConversion(Rule):
    code = "C001"
    name = "script-conversion"
    stage = Stage.SCRIPT
    summary = "Convert characters of the minority script to the document's dominant script."
    rationale = (
        "Machine conversion between simplified and traditional leaves characters behind "
        "(并, 来, 云 in a traditional text), which splits the vocabulary a model learns. "
        "Only a character that exists in the minority script alone is converted, with "
        "OpenCC's phrase conversion (阿里巴巴 stays); a character standard in both scripts "
        "(后 干 了 合 准 范 里) changes only inside an OpenCC phrase that holds such a "
        "character (后来 in a traditional text), so correct text (三王一后, 烏干達, 發明了) "
        "stays as written. OpenCC's own candidate lists say which characters are standard "
        "in both. Documents with unrepaired mojibake are left alone. The document's script "
        "is recorded in `script`."
    )
    options = (
        Option("target", "dominant", "dominant, hans, hant or keep",
               choices=("dominant", "hans", "hant", "keep")),
        Option("variant", "s2t", "OpenCC conversion to traditional",
               choices=("s2t", "s2tw", "s2hk", "s2twp")),
    )
    examples = (
        Example("這是傳統的文字，并且后来雲端的服務里有么？",
                "這是傳統的文字，並且後來雲端的服務里有麼？"),
        Example("這個群組的布局很好，阿里巴巴的產品。"),
        Example("他發明了新的方法，曾在烏干達與范德堡工作，三王一后的故事。"),
        Example("准許進入的場合，欲望與家人，征收稅款。"),
        Example("這些工作说明了一切，他們發明了機器。", "這些工作說明了一切，他們發明了機器。"),
        Example("这是简体中文的文章，里面有些內容。", "这是简体中文的文章，里面有些内容。"),
        Example("这是简体中文的文章，乾隆年间的事情。"),
        Example("這個說法锟斤拷锟斤拷里没有道理，的確是這樣。"),
        # Mixed throughout (并 in three clauses): 余 is a leftover too; 了 keeps its reading.
        Example("這篇文章并不長，并且他發明了新方法，我們并沒有認知盈余的問題。",
                "這篇文章並不長，並且他發明了新方法，我們並沒有認知盈餘的問題。"),
        # One quoted simplified name is no mixed document: 盈余 needs its own evidence.
        Example("這是《人民日报》的報導，認知盈余的說法。",
                "這是《人民日報》的報導，認知盈余的說法。"),
        Example("这是简体中文。", "這是簡體中文。", options={"target": "hant"}),
    )

    def apply(self, doc: Document) -> str:
        text = doc.text
        if self.target in ("hans", "hant"):
            doc.script = "zh-Hans" if self.target == "hans" else "zh-Hant"
            if mojibake(doc):
                return text
            return converter("t2s" if self.target == "hans" else self.variant).convert(text)
        # Most documents hold characters of one script alone: a regex scan says so, and
        # then nothing is converted (a character standard in both needs evidence).
        simp, trad = only_simplified(), only_traditional()
        simp_re, trad_re = script_evidence()
        has_simp, has_trad = bool(simp_re.search(text)), bool(trad_re.search(text))
        if has_simp and has_trad:
            doc.script = dominant_script(*script_counts(text))
        else:
            doc.script = "zh-Hant" if has_trad else "zh-Hans" if has_simp else "und"
        if self.target == "keep" or mojibake(doc):
            return text
        if doc.script == "zh-Hant":
            out = convert_leftovers(text, "s2t", simp, trad, self.variant)
            if not has_simp:  # no minority-only character: never a mixed document
                return out
            return mixed_document(text, out, "s2t", simp, trad, self.variant)
        if has_trad:
            out = convert_leftovers(text, "t2s", trad, simp, "t2s")
            return mixed_document(text, out, "t2s", trad, simp, "t2s")
        return text


MIXED_SEGMENTS = 3  # clauses with a minority-only character that make a document mixed
_CLAUSE_END = re.compile("[\n，。！？；：、,.!?;:]")
# Characters whose dominant-script reading is far more common than the one OpenCC's phrase
# tables give them: even in a mixed document they need the evidence above (發明了, not 瞭).
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
    segments = {bisect_right(barriers, m.start()) for m in _char_class(minority).finditer(text)}
    if len(segments) < MIXED_SEGMENTS:
        return out
    # Through the other script and back, so that OpenCC sees whole phrases (關系 -> 关系 ->
    # 關係); positions of dominant-only characters are never taken from it.
    full = converter(final).convert(converter(_back(direction)).convert(out))
    if len(full) != len(out):
        return out
    names = transliteration_chars()
    # Only characters OpenCC itself converts (余 -> 餘, 云 -> 雲), not those that are their
    # own first candidate and change only inside some phrase (布 in 分布 -> 分佈).
    first = convertible(direction) - keep_hant()
    chars = list(out)
    for k, (c, new) in enumerate(zip(out, full, strict=True)):
        if (
            c != new and c in first and c not in dominant and c not in _MIXED_KEEP
            and out[k - 1:k] not in names and out[k + 1:k + 2] not in names
            and _regional(direction, c, new) != c
        ):
            chars[k] = new
    return "".join(chars)


def build_both_scripts() -> str:
    """The text of rules/data/both_scripts.txt, read from OpenCC's character tables with
    the `opencc_dict` tool its wheel ships
    (`python -m cleaner_rules.script.conversion` regenerates it)."""
    clib = os.path.join(os.path.dirname(opencc.__file__), "clib")
    lines = [
        "# Characters standard in both scripts: OpenCC's own candidate list for the character",
        "# (STCharacters, TSCharacters) includes it, although OpenCC's first choice differs",
        "# (干 -> 幹 乾 干, 徵 -> 征 徵).",
        "# Generated by `python -m cleaner_rules.script.conversion`; do not edit.",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("STCharacters", "TSCharacters"):
            out = os.path.join(tmp, name + ".txt")
            subprocess.run(
                [os.path.join(clib, "bin", "opencc_dict"), "-i",
                 os.path.join(clib, "share", "opencc", name + ".ocd2"),
                 "-o", out, "-f", "ocd2", "-t", "text"], check=True,
            )
            with open(out, encoding="utf-8") as f:
                for row in f:
                    key, _, values = row.rstrip("\n").partition("\t")
                    candidates = values.split(" ")
                    if key in candidates[1:]:
                        lines.append(f"{key}  # {name}: {values}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(build_both_scripts())
