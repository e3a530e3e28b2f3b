"""B002's candidate lines found by the native core (native/src/bait.rs) are those the Python
it replaced found (tests/oracles/interstitial.py): on made-up questions, exclamations, link
prefixes, closers and whitespace Python strips, and on the real corpora as they reach B002."""

from __future__ import annotations

import pytest
from cleaner_rules.boilerplate.interstitial import _bait_candidates
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents, reaching
from oracles.interstitial import bait_candidates

LINE = st.lists(st.sampled_from(
    ["推荐", "猜你喜欢", "热", "【", "[", "】", "]", "：", ":", "|", "？", "！", "?", "!", "”",
     "）", "》", " ", "\t", "\u3000", "\x1c", "文", "。", "a", "\ud800"]
), max_size=14).map("".join)


@given(st.lists(LINE, max_size=8))
@settings(max_examples=500)
def test_native_candidates_match_the_oracle(lines):
    text = "\n".join(lines)
    assert _bait_candidates(text, text.split("\n")) == bait_candidates(text.split("\n"))


def test_long_lines_are_no_bait_however_they_end():
    text = "\n".join(["好" * 29 + "？", "好" * 30 + "？", " " * 40 + "好？", "推荐：" + "好" * 40])
    assert _bait_candidates(text, text.split("\n")) == {0, 2, 3}


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_documents_match_the_oracle(name):
    for doc in reaching("B002", documents(CORPORA[name])):
        lines = doc.text.split("\n")
        assert _bait_candidates(doc.text, lines) == bait_candidates(lines), doc.source
