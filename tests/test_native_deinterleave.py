"""L002's column orders chosen by the native core (native/src/deinterleave.rs) as the
Python it replaced chose them (tests/oracles/deinterleave.py): hypothesis pages of lines
(CJK, Latin, digits, sentence ends and closing quotes, every kind of whitespace Python
strips, lone surrogates, form feeds, pdfminer's blank lines), columns taken in turns with
and without a title, the real corpora as they reach L002 and the synthetic damage."""

from __future__ import annotations

from collections import Counter

import pytest
from cleaner_rules.layout.deinterleave import _BAMBOO, _MARKET, _WELL, _across, deinterleave
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, clean_texts, documents, reaching
from oracles import deinterleave as oracle
from oracles.pairs import pair_counts

from cleaner.evaluate.synthetic import damage

SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) not in "\n\f")
ALPHABET = "村口的老槐树下有一古井水清凉甘甜镇上集市，。！？…”’」）》 ab7\ud800🙂"
piece = st.text(alphabet=ALPHABET + SPACES, min_size=0, max_size=12)
page = st.lists(piece, min_size=0, max_size=30).map("\n".join)
pages = st.lists(page, min_size=1, max_size=3).map("\f".join)
COLUMNS = (_WELL, _MARKET, _BAMBOO)


@st.composite
def interleaved_pages(draw: st.DrawFn) -> str:
    """Columns of the examples (or cut short) read across, perhaps under a title, perhaps
    with a blank line after every line, among pages in order."""
    out = []
    for _ in range(draw(st.integers(1, 3))):
        k = draw(st.integers(1, 3))
        columns = [c[: draw(st.integers(3, len(c)))] for c in draw(st.permutations(COLUMNS))[:k]]
        text = _across(*columns)
        if draw(st.booleans()):
            text = draw(st.sampled_from(["乡村见闻", "三", "村口的老槐树下", "”"])) + "\n" + text
        if draw(st.booleans()):
            text = text.replace("\n", draw(st.sampled_from(["\n\n", "\n \n", "\n\n\n"])))
        lead, tail = draw(st.sampled_from(["", "\n", "\n\n"])), draw(st.sampled_from(["", "\n"]))
        out.append(lead + text + tail)
    return "\f".join(out)


@settings(max_examples=2000, deadline=None)
@given(st.one_of(pages, interleaved_pages()))
def test_orders_agree(text: str) -> None:
    assert deinterleave(text) == oracle.deinterleave(text)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_documents_as_they_reach_l002_agree(name: str) -> None:
    for doc in reaching("L002", documents(CORPORA[name])):
        assert deinterleave(doc.text) == oracle.deinterleave(doc.text), doc.source


def test_synthetic_damage_agrees() -> None:
    for n, text in enumerate(clean_texts()):
        for classes in (["hard_wrap"], ["hard_wrap", "page_break"], ["side_by_side"],
                        ["letter_spacing", "hard_wrap"]):
            damaged = damage(text, classes, seed=n)
            assert deinterleave(damaged) == oracle.deinterleave(damaged)
            both = _across(damaged.split("\n"), text.split("\n"))
            assert deinterleave(both) == oracle.deinterleave(both)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="的了是在一\ud800a\u3000 ", max_size=200), st.integers(1, 80))
def test_the_oracles_pair_counts_count_overlapping_pairs(text: str, n_asked: int) -> None:
    """Both ways the oracle counts (few pairs one by one, many at once) count every pair,
    overlaps included."""
    every = Counter(a + b for a, b in zip(text, text[1:], strict=False))
    alphabet = "的了是在一\ud800a"
    asked = {a + b for a in alphabet for b in alphabet[:n_asked % 7 + 1]}
    few = {pair for pair in asked if pair[0] != pair[1]}
    for pairs in (asked, set(list(few)[:n_asked % 20])):
        assert pair_counts(text, pairs) == {pair: every[pair] for pair in pairs}
