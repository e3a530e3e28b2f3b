"""The native continuity signal (native/src/continuity.rs) decides as the Python did.

The Python implementation of `cleaner_rules.text.continuity.interleaved` it replaced is
kept here, and only here, as the oracle (with the lexicon's votes, the pairs' margin and the
third line for three columns, added since in both):
hypothesis text in lines (CJK, Latin, digits, punctuation, every kind of whitespace Python
strips, gutters of spaces), columns taken in turns, and every text that reaches L002 and
B006 in the default pipeline must get the same verdict.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from cleaner_rules.text import lexicon
from cleaner_rules.text.chars import CLOSERS, HAN, HAN_RE, SENTENCE_END, at_least, sample
from cleaner_rules.text.continuity import MIN_VOTES
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, ROOT, documents
from oracles.pairs import pair_counts
from oracles.wrap import lexicon as oracle_lexicon

from cleaner import _native

# --- oracle: cleaner_rules/text/continuity.py before the native core ----------------------

_CLOSING = CLOSERS + " "
_ENDS = frozenset(SENTENCE_END)
_GUTTER = re.compile(rf"\S{{2}}[ \t\u3000]{{3,}}[{HAN}\w]")
_HAN_SPACE_HAN = re.compile(f"(?<=[{HAN}，。、；：])[ \t]+(?=[{HAN}])")
_SPACED = re.compile(f"[ \t\u3000](?:[ \t\u3000]{{2}}|(?<=[{HAN}，。、；：][ \t])[ \t]*[{HAN}])")


def py_interleaved(text: str) -> bool:  # long: the oracle, kept as it was
    text = sample(text)
    lines = [core for line in text.split("\n") if (core := line.strip())]
    if len(lines) < 3:
        return False
    ended = [line.rstrip(_CLOSING)[-1:] in _ENDS for line in lines]
    cut = len(lines) - sum(ended)
    if cut < 3 or cut < 0.5 * len(lines):
        return False
    if _SPACED.search(text):
        wide = [line for line in lines if len(line) >= 10 and at_least(HAN_RE, line, 8)]
        if len(wide) >= 3 and (
            sum(1 for line in wide if _GUTTER.search(line)) >= 0.3 * len(wide)
            or _one_gutter(wide)
        ):
            return True
    if cut < MIN_VOTES:
        return False
    median = sorted(map(len, lines))[len(lines) // 2]
    breaks = [
        k for k in range(len(lines) - 2) if not ended[k] and len(lines[k]) >= 0.7 * median
    ]
    if len(breaks) < MIN_VOTES:
        return False
    asked = {
        lines[k][-1] + lines[k + d][0] for k in breaks for d in (1, 2, 3) if k + d < len(lines)
    }
    pairs = pair_counts("".join(lines), asked)
    return any(_votes_pass(lines, breaks, pairs, columns) for columns in (2, 3))


def _votes_pass(lines: list[str], breaks: list[int], pairs: dict[str, int], columns: int) -> bool:
    after_next = after_one = 0
    for k in (k for k in breaks if k + columns < len(lines)):
        next_, later = lines[k + 1], lines[k + columns]
        words = _word_across(lines[k], next_), _word_across(lines[k], later)
        if words[0] != words[1]:
            after_one, after_next = after_one + words[0], after_next + words[1]
            continue
        last = lines[k][-1]
        one = pairs[last + next_[0]] - 1
        two = pairs[last + later[0]]
        after_one += one >= two + 2
        after_next += two >= one + 2
    return after_one + after_next >= MIN_VOTES and after_next > 0.5 * after_one


def _word_across(left: str, right: str) -> bool:
    """A lexicon word of 2-4 characters from the last 1-3 of `left` into `right`."""
    words = oracle_lexicon.words() or frozenset()
    return any(
        left[-k:] + right[:m] in words
        for k in range(1, min(3, len(left)) + 1) for m in range(1, min(4 - k, len(right)) + 1)
    )


def _one_gutter(wide: list[str]) -> bool:
    at = Counter(
        m.start() for line in wide
        if (m := _HAN_SPACE_HAN.search(line)) and 0.25 < m.start() / len(line) < 0.75
    )
    if not at:
        return False
    col = at.most_common(1)[0][0]
    return at[col - 1] + at[col] + at[col + 1] >= 0.6 * len(wide)


def native_interleaved(text: str) -> bool:
    lexicon.install()
    return _native.interleaved(sample(text).encode("utf-32-le", "surrogatepass"))


# --- the differential tests -------------------------------------------------------------

SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
ALPHABET = "村口的老槐树下有一古井水清凉甘甜镇上集市，。、；：！？…”）》 \t\u3000abZ09_-\ud800🙂Ⓐ"
piece = st.text(alphabet=ALPHABET + SPACES, min_size=0, max_size=14)
lines = st.lists(piece, min_size=0, max_size=40).map("\n".join)
wrapped = st.lists(st.sampled_from(["村口的老槐树下有一口", "古井，井水清凉甘甜，", "到井边打水",
                                    "镇上的集市逢五开张，", "的卖布的挤满了街道", "。", "  "]),
                   min_size=6, max_size=60).map("\n".join)


def _columns(draw: st.DrawFn) -> str:
    words = st.sampled_from(["村口", "老槐树", "古井", "井水", "清凉", "集市", "赶集", "，", "。"])
    columns = [draw(st.lists(st.lists(words, min_size=3, max_size=6).map("".join),
                             min_size=6, max_size=14)) for _ in range(draw(st.integers(2, 3)))]
    gutter = draw(st.sampled_from(["\n", "   ", " ", "\n\n"]))
    rows = max(map(len, columns))
    return "\n".join(gutter.join(c[i] for c in columns if i < len(c)) for i in range(rows))


@settings(max_examples=3000, deadline=None)
@given(st.one_of(lines, wrapped, st.composite(_columns)()))
def test_interleaved_agrees(text: str) -> None:
    assert native_interleaved(text) == py_interleaved(text)


def test_long_texts_are_sampled_alike() -> None:
    text = "\n".join(["村口的老槐树下有一口古井，井水清凉", "镇上的集市逢五开张，赶集的人"] * 3000)
    assert native_interleaved(text) == py_interleaved(text)


FOLDERS = {**CORPORA, "fixtures": ROOT / "tests" / "fixtures" / "pdf"}


@pytest.mark.parametrize("name", FOLDERS)
def test_interleaved_agrees_on_what_l002_and_b006_see(name: str) -> None:
    from cleaner.document import Document
    from cleaner.pipeline import PipelineSpec
    from cleaner.rule import Filter

    docs = documents(FOLDERS[name])
    rules = [r for r in PipelineSpec().build().rules if not isinstance(r, Filter)]
    seen = flagged = 0
    for doc in (Document.from_text(d.text) for d in docs):
        for rule in rules:
            if rule.code in ("L002", "B006"):
                verdict = native_interleaved(doc.text)
                assert verdict == py_interleaved(doc.text)
                seen += 1
                flagged += verdict
            if rule.gate(doc.text):
                doc.text = rule.apply(doc)
    assert seen >= 2
    if name == "dev-pdf":
        assert flagged >= 10  # the dev set's interleaved extractions are seen as such
