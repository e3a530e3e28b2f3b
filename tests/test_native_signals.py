"""The signals counted by the native core in one pass (native/src/signals.rs
`signal_counts`) equal the Python that counted them before, kept in tests/oracles/signals.py:
hypothesis text (every whitespace, sentence marks and full stops, Han, digits, symbols,
repeated lines and n-grams, lone surrogates, code points past the class table) and every
document of the sample corpus, the seeds and the dev sets as the pipeline leaves it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents
from oracles.signals import py_signals

from cleaner.document import Document
from cleaner.pipeline import PipelineSpec
from cleaner.signals import signals

SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
MARKS = "。！？；…!?;.,，"
ALPHABET = SPACES + MARKS + "中文字〇一１２3٣★→€©a\ud800\U00020000\U000E0001\U0010FFFF"
pieces = st.text(alphabet=ALPHABET, max_size=8)
texts = st.lists(pieces, max_size=12).map(lambda parts: "".join(p * 2 for p in parts))


@settings(max_examples=3000, deadline=None)
@given(st.one_of(texts, st.text(max_size=40)))
def test_signals_agree(text: str) -> None:
    doc = Document.from_text(text, source="s")
    assert signals(doc) == py_signals(doc)


@pytest.mark.parametrize("name", CORPORA)
def test_signals_agree_on_cleaned_documents(name: str) -> None:
    pipeline = PipelineSpec().build()
    for doc in documents(CORPORA[name]):
        pipeline.process(doc)
        assert signals(doc) == py_signals(doc), doc.source
