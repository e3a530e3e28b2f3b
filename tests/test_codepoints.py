"""The code points handed to the native core are the text's, whichever texts came before."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner import codepoints
from cleaner.codepoints import utf32


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=())), max_size=6))
def test_the_encoding_of_each_text(texts: list[str]) -> None:
    for text in texts + texts[::-1]:
        assert utf32(text) == text.encode("utf-32-le", "surrogatepass")


def test_a_text_equal_to_the_last_one_but_another_object() -> None:
    first = "".join(["老街", "\ud800"])
    second = "".join(["老街", "\ud800"])
    assert first is not second
    assert utf32(first) == utf32(second) == first.encode("utf-32-le", "surrogatepass")


def test_a_long_text_is_not_kept() -> None:
    long = "字" * (codepoints.MAX_KEPT_CHARS + 1)
    assert utf32(long) == long.encode("utf-32-le", "surrogatepass")
    assert id(long) not in codepoints._kept


def test_a_batch_keeps_its_encodings_within_their_bound(monkeypatch) -> None:
    monkeypatch.setattr(codepoints, "MAX_KEPT_BYTES", 4 * 100)
    texts = [f"第{k}行文字" for k in range(200)]
    with codepoints.keeping():
        for text in texts:  # each kept, the oldest dropped past the bound
            assert utf32(text) == text.encode("utf-32-le", "surrogatepass")
            assert codepoints._kept_bytes == sum(len(c) for _, c in codepoints._kept.values())
            assert codepoints._kept_bytes <= 4 * 100
        assert len(codepoints._kept) > 1
        assert id(texts[-1]) in codepoints._kept and id(texts[0]) not in codepoints._kept
        for text in texts:  # dropped or kept, each text still gets its own code points
            assert utf32(text) == text.encode("utf-32-le", "surrogatepass")
    assert not codepoints._kept and codepoints._kept_bytes == 0  # nothing outlives it


def test_outside_a_batch_only_the_last_text_is_kept() -> None:
    first, last = "第一段", "第二段"
    utf32(first)
    utf32(last)
    assert [kept for kept, _ in codepoints._kept.values()] == [last]


def test_a_verdict_is_worked_out_once_per_text_while_a_batch_is_cleaned() -> None:
    calls: list[str] = []

    @codepoints.per_text
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    texts = ["".join(["第", str(k)]) for k in range(10)]
    twin = "".join(["第", "0"])  # equal to texts[0], another object
    with codepoints.keeping():
        for _ in range(3):  # rule by rule: each text asked for again after the others
            assert [length(t) for t in texts] == [len(t) for t in texts]
        assert len(calls) == 10
        assert length(twin) == 2 and len(calls) == 11
    length(texts[0])  # after the batch nothing is kept
    assert len(calls) == 12
    length(texts[1])
    length(texts[1])  # outside a batch, the last text is
    assert len(calls) == 13
