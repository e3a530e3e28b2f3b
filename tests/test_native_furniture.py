"""B005's pieces in the native core compute what the Python they replaced computed: the
loose keys (native/src/furniture.rs; tests/oracles/clusters.py) on every code point Python
knows, `str.lower` included; rapidfuzz's `fuzz.ratio` and `process.extractOne` as the near
comparison calls them (native/src/near.rs), to the last bit of the score and at the
cutoff."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from oracles import clusters as oracle
from rapidfuzz import fuzz, process

from cleaner import _native

# Code points Python's Unicode database knows (the crate's may be newer: characters
# Python does not know yet are its only freedom), but the line feed that separates lines.
KNOWN = [chr(c) for c in range(0x110000) if c != 0x0A and unicodedata.category(chr(c)) != "Cn"]


def _known(text: str) -> str:
    return "".join(c for c in text if c != "\n" and unicodedata.category(c) != "Cn")


def encode(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-32-le", "surrogatepass")


def keys(lines: list[str], furniture: bool) -> list[str]:
    return _native.furniture_keys(encode(lines), furniture)


def test_every_code_point_is_keyed_as_python_does() -> None:
    # Alone on a line, a character is its key's (a letter or a number: `isalnum`,
    # `isdecimal`), lowercased by `str.lower` (İ gives two).
    assert keys(KNOWN, False) == [oracle.loose_key(c) for c in KNOWN]
    assert keys(KNOWN, True) == [oracle.furniture_key(c) for c in KNOWN]


def test_lowercasing_reads_the_key_around_a_capital_sigma() -> None:
    # Final sigma: after a cased letter and before none (case-ignorable ones skipped),
    # in the key, which has lost the line's spaces and punctuation.
    lines = ["ΣΟΦΙΑΣ", "ΣΟΦΙΑΣ 3", "ΟΔΟΣ ΕΝΑ", "Σ", "3Σ", "ΑΣ·Α", "ΑΣʹ", "ΑΣ̈Β", "ǅΣ", "İΣ",
             "ΑΣ_", "ΑΣ\ud800", "ΑΣ\U0001D400", "ⅫΣ", "ʰΣ"]
    assert keys(lines, False) == [oracle.loose_key(line) for line in lines]


SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace() and c != 0x0A)
ALPHABET = (SPACES + oracle.PUNCT + "江城晚报山文丛码头第页版年月日一二〇豈abcXYZΣσςİIi_0123456789"
            "٣０９ⅫⅻÅǅʹ̈ʰ|\ud800\udfff\U00020000🙂\u200b\u0301")


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=14) | st.text(max_size=12).map(_known)
                | st.text(alphabet=ALPHABET, min_size=55, max_size=70), min_size=1, max_size=12))
def test_made_up_lines_are_keyed_alike(lines):
    assert keys(lines, False) == [oracle.loose_key(line) for line in lines]
    assert keys(lines, True) == [oracle.furniture_key(line) for line in lines]


# Keys as B005 compares them: short, from a few characters, so that many pairs score near
# the cutoff; and longer than 64 (the LCS's words).
_key = st.text(alphabet="江城晚报第版期ab1#", min_size=0, max_size=24) | st.text(
    alphabet="江城晚报第版期ab", min_size=60, max_size=140)


def _edited(key: str, data: st.DataObject) -> str:
    """`key` with a few characters changed, inserted or removed."""
    chars = list(key)
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(chars)))
        what = data.draw(st.sampled_from(["drop", "put", "swap"]))
        if what == "put" or not chars or at == len(chars):
            chars.insert(at, data.draw(st.sampled_from("江晚极睁x")))
        elif what == "drop":
            del chars[at]
        else:
            chars[at] = data.draw(st.sampled_from("江晚极睁x"))
    return "".join(chars)


@settings(max_examples=3000, deadline=None)
@given(_key, st.data())
def test_ratio_is_rapidfuzz_to_the_bit(a, data):
    b = _edited(a, data) if data.draw(st.booleans()) else data.draw(_key)
    for cutoff in (0, 90, data.draw(st.floats(0, 100))):
        assert _native.furniture_ratio(a, b, cutoff) == fuzz.ratio(a, b, score_cutoff=cutoff)


def test_ratio_at_the_cutoff() -> None:
    """Where the distance is a tenth of the lengths exactly (90.0) and one more or less,
    for every length a key pair can have."""
    for n in range(3, 140):
        a = "江" * n
        for b in ("江" * (n - 1) + "城", "江" * (n + 1), "江" * (n - 1), "江" * n + "城城"):
            for cutoff in (90, 90.0000001, 89.9999999):
                assert _native.furniture_ratio(a, b, cutoff) == fuzz.ratio(
                    a, b, score_cutoff=cutoff), (n, b, cutoff)


@settings(max_examples=2000, deadline=None)
@given(_key, st.lists(_key, max_size=8), st.data())
def test_nearest_is_extract_one(key, others, data):
    """The index `process.extractOne` returns (the first of equal best scores, a stop at
    100), among keys and near copies of it."""
    choices = others + [_edited(key, data) for _ in range(data.draw(st.integers(0, 6)))]
    choices = data.draw(st.permutations(choices))
    best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=90)
    assert _native.furniture_nearest(key, choices) == (None if best is None else best[2])


def test_line_end_punctuation_is_never_part_of_a_key() -> None:
    assert all(key == "" for key in keys(list(oracle.PUNCT), False))
