"""The code points handed to the native core are the text's, whichever text came before."""

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
    utf32("短")
    long = "字" * (codepoints.MAX_KEPT_CHARS + 1)
    assert utf32(long) == long.encode("utf-32-le", "surrogatepass")
    assert codepoints._last[0] == "短"
