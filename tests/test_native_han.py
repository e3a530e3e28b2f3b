"""F002's Han share counted by the native core equals the regex count it replaced.

The oracle is the Python of `cleaner_rules.text.chars.han_ratio` before the port, kept
here only: two substitutions, `[HAN]+` and `\\s+`, over the sampled text.
"""

from __future__ import annotations

import re

import pytest
from cleaner_rules.text.chars import HAN, han_ratio, sample
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents

_SPACE = re.compile(r"\s+")
_HAN_CHAR = re.compile(f"[{HAN}]+")


def py_han_ratio(text: str) -> float:
    text = sample(text)
    visible = len(_SPACE.sub("", text))
    return (len(text) - len(_HAN_CHAR.sub("", text))) / visible if visible else 0.0


SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
EDGES = "\u33ff\u3400\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00\u3006\u3007\u3008"
ALPHABET = SPACES + EDGES + "中文abc123，。\ud800\U00020000🙂\u200b"


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60) | st.text(max_size=60))
def test_han_ratio_agrees(text: str) -> None:
    assert han_ratio(text) == py_han_ratio(text)


def test_long_texts_are_sampled_alike() -> None:
    text = "中文 text，混合\u3000内容\n" * 20000
    assert han_ratio(text) == py_han_ratio(text)


@pytest.mark.parametrize("name", CORPORA)
def test_han_ratio_agrees_on_real_documents(name: str) -> None:
    for doc in documents(CORPORA[name]):
        assert han_ratio(doc.text) == py_han_ratio(doc.text), doc.source
