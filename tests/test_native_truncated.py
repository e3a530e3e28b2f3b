"""B004's cut copies found by the native core (native/src/truncated.rs) are those the
Python it replaced found (tests/oracles/truncated.py): on made-up lines sharing their first
characters (titles, their cut copies, ellipses, open quotes and brackets, sentence ends,
blank lines, whitespace Python strips and lone surrogates), on the rule's examples and on
the real corpora as they reach B004."""

from __future__ import annotations

import pytest
from cleaner_rules.boilerplate.truncated import MAX_COPY, TruncatedDuplicate, _cut_copies
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents, reaching
from oracles import truncated as oracle

TITLE = "城市轨道交通十八号线开通运营"
PAD = st.sampled_from(["", "", " ", "\t", "\u3000", "\x1c", "\xa0"])
# Lines that start as the title does, cut anywhere, and what may follow the cut.
CUT = st.tuples(st.integers(3, len(TITLE)), st.sampled_from(
    ["", "", "…", "……", "...", "..", "⋯", " … ", "。", "”", "“", "（", "\"", "，编号八", "\ud800",
     "a", "》", " 下文", "站"]
)).map(lambda t: TITLE[: t[0]] + t[1])
OTHER = st.text("城市轨道交通线，。“”（）\"…\ud800 a", max_size=12)
LINE = st.tuples(PAD, st.one_of(CUT, CUT, OTHER, st.just("")), PAD).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.lists(LINE, max_size=14))
def test_made_up_lines_are_cut_alike(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert _cut_copies(text) == oracle._cut_copies(text)


def test_copies_of_every_length_agree_on_a_long_title() -> None:
    text = "\n".join([TITLE * 3, *((TITLE * 3)[:k] for k in range(1, 45))])
    assert _cut_copies(text) == oracle._cut_copies(text)
    assert MAX_COPY == oracle.MAX_COPY


@pytest.mark.parametrize("text", [e.before for e in TruncatedDuplicate.examples])
def test_examples_agree(text: str) -> None:
    assert _cut_copies(text) == oracle._cut_copies(text)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_documents_agree(name: str) -> None:
    for doc in reaching("B004", documents(CORPORA[name])):
        assert _cut_copies(doc.text) == oracle._cut_copies(doc.text), doc.source
