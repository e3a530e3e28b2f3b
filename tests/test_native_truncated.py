"""B004's candidate lines found by the native core (native/src/truncated.rs) are those the
Python it replaced found (tests/oracles/truncated.py): on made-up lines sharing their first
characters, whitespace Python strips and lone surrogates, and on the real corpora as they
reach B004."""

from __future__ import annotations

import pytest
from cleaner_rules.boilerplate.truncated import MAX_COPY
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents, reaching
from oracles.truncated import repeated_starts

from cleaner import _native

LINE = st.tuples(st.sampled_from(["", " ", "\t", "\u3000", "\x1c"]),
                 st.text("城市轨道交通线，\ud800", max_size=9)).map("".join)


def native(text: str, max_copy: int = MAX_COPY) -> list[int]:
    return _native.repeated_starts(text.encode("utf-32-le", "surrogatepass"), max_copy)


@given(st.lists(LINE, max_size=12), st.integers(4, 10))
@settings(max_examples=500)
def test_native_candidates_match_the_oracle(lines, max_copy):
    text = "\n".join(lines)
    cores = [line.strip() for line in text.split("\n")]
    assert native(text, max_copy) == repeated_starts(cores, max_copy)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_documents_match_the_oracle(name):
    for doc in reaching("B004", documents(CORPORA[name])):
        cores = [line.strip() for line in doc.text.split("\n")]
        assert native(doc.text) == repeated_starts(cores, MAX_COPY), doc.source
