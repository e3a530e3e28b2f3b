"""B003's doubled lines found by the native core (native/src/fake_bold.rs) are the lines the
Python it replaced undoubled (tests/oracles/fake_bold.py): on made-up doubled headings,
spacing and whitespace Python strips, lone surrogates, and the real corpora as they reach
B003 and as the synthetic generator doubles them."""

from __future__ import annotations

import pytest
from cleaner_rules.boilerplate.fake_bold import FakeBold
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, clean_texts, documents, reaching
from oracles import fake_bold as oracle

from cleaner.document import Document
from cleaner.evaluate.synthetic import damage

RULE = FakeBold()
# Han (one from outside the BMP, which the class leaves out), Latin, digits, punctuation,
# and whitespace Python strips (a tab, U+3000, U+00A0, the information separators).
PIECES = st.text("本版主编城市𠀀更新ab1，。 \t\u3000\u00a0\x1c\ud800", min_size=1, max_size=6)


def cleaned(text: str) -> str:
    return RULE.apply(Document.from_text(text, source="t"))


@given(st.lists(st.one_of(
    PIECES,
    PIECES.map(lambda s: s + s),  # doubled
    st.tuples(PIECES, st.text(" \t\u3000x本", max_size=2)).map(lambda p: p[0] + p[1] + p[0]),
), max_size=8))
@settings(max_examples=400)
def test_native_lines_match_the_oracle(lines):
    text = "\n".join(lines)
    assert cleaned(text) == oracle.apply(text)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_documents_match_the_oracle(name):
    for doc in reaching("B003", documents(CORPORA[name])):
        assert cleaned(doc.text) == oracle.apply(doc.text), doc.source


def test_synthetic_fake_bold_matches_the_oracle():
    for n, text in enumerate(clean_texts()):
        doubled = damage(text, ["fake_bold"], seed=n)
        assert cleaned(doubled) == oracle.apply(doubled)
        assert cleaned(text) == oracle.apply(text)


def test_decisions_name_the_undoubled_lines():
    doc = Document.from_text("正文第一行。\n本版主编本版主编\n城市更新 城市更新", source="t")
    assert [(d.line, d.excerpt) for d in RULE.decisions(doc)] == [(2, "本版主编本版主编"),
                                                                  (3, "城市更新 城市更新")]
