"""D001's GBK repair in the native core (native/src/mojibake.rs) repairs what the Python it
replaced repaired (tests/oracles/mojibake.py): the BMP's GB18030 table built from Python's
codec, UTF-8 cut short at every byte, and the repair of made-up mojibake (Chinese, Latin
and full-width text read as GBK and GB18030 with bytes lost, `?`, U+FFFD, `€`, 锟斤拷,
private-use characters and lone surrogates among it), of correct text in both scripts, of
the real corpora as they reach D001 and of the examples."""

from __future__ import annotations

import random

import pytest
from cleaner_rules.decode.mojibake import Mojibake, _repair_gbk
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, clean_texts, documents, reaching
from oracles import mojibake as oracle

CHINESE = "今天天气很好我们出去走走请输入用户名和密码網站首頁聯繫我們欢迎访问本站，。：！"
LATIN = "Café naïve résumé"


def _misread(text: str, rng: random.Random) -> str:
    """`text`'s UTF-8 read as GBK or GB18030, the way a wrong decoder does."""
    data = text.encode("utf-8")
    codec = rng.choice(["gbk", "gb18030", "cp936"])
    return data.decode(codec, errors=rng.choice(["replace", "ignore"]))


@st.composite
def damaged(draw: st.DrawFn) -> str:
    rng = random.Random(draw(st.integers(0, 2**32)))
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        text = "".join(rng.choices(CHINESE + LATIN, k=rng.randint(1, 14)))
        kind = draw(st.sampled_from(["misread", "misread", "cut", "plain", "junk"]))
        if kind == "misread":
            pieces.append(_misread(text, rng))
        elif kind == "cut":
            chars = list(_misread(text, rng))
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(chars) + 1)
                chars[at:at + rng.randint(0, 1)] = rng.choice(["?", "\ufffd", "\ufffd\ufffd", "€"])
            pieces.append("".join(chars))
        elif kind == "plain":
            pieces.append(text)
        else:
            pieces.append("".join(rng.choices(
                ["锟斤拷", "\ue000", "\ue765", "\ue766", "\ud800", "\U00020000", "€", "?", "a",
                 " ", "\n", "\ufffd", "烫"], k=rng.randint(1, 6))))
        pieces.append(draw(st.sampled_from(["", " ", "?", "\n", "，"])))
    return "".join(pieces)


@settings(max_examples=3000, deadline=None)
@given(damaged())
def test_made_up_mojibake_is_repaired_alike(text: str) -> None:
    assert _repair_gbk(text) == oracle._repair_gbk(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from([*CHINESE, *"浣犲ソ鍘昏蛋€?\ufffd\ue000\ud800 a"]),
               max_size=60))
def test_any_text_of_those_characters_is_repaired_alike(text: str) -> None:
    assert _repair_gbk(text) == oracle._repair_gbk(text)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_documents_as_they_reach_d001_agree(name: str) -> None:
    for doc in reaching("D001", documents(CORPORA[name])):
        assert _repair_gbk(doc.text) == oracle._repair_gbk(doc.text), doc.source


def test_clean_texts_and_examples_agree() -> None:
    texts = [*clean_texts(), *(e.before for e in Mojibake.examples)]
    for text in texts:
        assert _repair_gbk(text) == oracle._repair_gbk(text)


def test_mojibake_cut_at_every_byte_is_repaired_alike() -> None:
    """A wrong decoder that lost the tail: the bytes end inside a character in every way
    (and GB18030 reads them back to a last sequence cut short, or to an invalid one)."""
    for text in ("请输入用户名和密码", "網站首頁聯繫我們", "欢迎，访问：本站！"):
        data = text.encode("utf-8")
        for k in range(1, len(data) + 1):
            for codec in ("gbk", "gb18030"):
                for errors, end in (("ignore", ""), ("replace", ""), ("ignore", "?"),
                                    ("replace", "\ufffd文")):
                    damaged = data[:k].decode(codec, errors=errors) + end
                    assert _repair_gbk(damaged) == oracle._repair_gbk(damaged), (k, codec)
