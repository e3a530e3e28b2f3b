"""B005's keys and copy scan in the native core (native/src/furniture.rs) compute what the
Python they replaced computed (tests/oracles/furniture.py): on every code point Python
knows, on made-up header, label and body lines, and on every line of the real corpora as
they reach B005."""

from __future__ import annotations

import unicodedata

import pytest
from cleaner_rules.boilerplate.clusters import (
    Clusters,
    copies,
    encode,
    furniture_keys,
    loose_key,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents, reaching
from oracles import furniture as oracle

from cleaner import _native

# Code points Python's Unicode database knows (the crate's may be newer: characters
# Python does not know yet are its only freedom), but the line feed that separates lines.
KNOWN = [chr(c) for c in range(0x110000) if c != 0x0A and unicodedata.category(chr(c)) != "Cn"]


def _known(text: str) -> str:
    return "".join(c for c in text if c != "\n" and unicodedata.category(c) != "Cn")


def _clusters(lines: list[str]) -> Clusters:
    """Groups of the lines' keys, as the edges of a document put them in focus."""
    clusters = Clusters()
    for n, line in enumerate(lines):
        if key := oracle.loose_key(line):
            clusters.put(key, n)
    return clusters


def assert_agree(cores: list[str], heads: list[str], skip: set[int]) -> None:
    assert furniture_keys(cores) == [oracle.furniture_key(core) for core in cores]
    for clusters in (_clusters(heads), _clusters(heads + ["江城晚报江城晚报"])):
        assert copies(cores, skip, clusters) == oracle.copies(cores, skip, clusters)


def test_every_code_point_is_keyed_and_scanned_as_python_does() -> None:
    # Alone on a line, a character is its key's (a letter or a number: `isalnum`,
    # `isdecimal`) and, kept by lowercasing, out of the scan (`isalpha`, `lower`).
    assert [loose_key(c) for c in KNOWN[:0x3000]] == [oracle.loose_key(c) for c in KNOWN[:0x3000]]
    assert_agree(KNOWN, ["江城晚报", "Page", "ⅻ卷"], set())


_HEADERS = ["江城晚报 2021年3月5日", "江城晚极 2021年3月6日", "山城文丛·雾中的码头", "Page 3",
            "第 12 页", "- 7 -", "老街的早晨……", "丛书名      篇名", "ΣΟΦΙΑ ΣΟΦΊΑς", "İstanbul",
            "Ⅻⅻ卷", "٣月٤日", "１２３ 晨报", "晨报３月５日第２版", "OCEAN_DAILY 05"]
SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace() and c != 0x0A)
ALPHABET = (SPACES + oracle.PUNCT + "江城晚报山文丛码头第页版年月日一二〇豈abcXYZΣσςİi_0123456789"
            "٣０９ⅫⅻÅǅ|\ud800\udfff\U00020000🙂\u200b\u0301")
_line = st.one_of(
    st.sampled_from(_HEADERS),
    st.sampled_from(_HEADERS).map(lambda h: h.replace("晚", "睁").replace("3", "4")),
    st.text(alphabet=ALPHABET, max_size=14),
    st.text(alphabet=ALPHABET, min_size=55, max_size=70),  # around the length bound
    st.text(max_size=12).map(_known),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_line, min_size=1, max_size=12), st.lists(_line, max_size=6), st.data())
def test_made_up_lines_agree(lines, heads, data):
    skip = data.draw(st.sets(st.integers(0, len(lines) - 1)))
    assert_agree(lines, heads, skip)
    assert [loose_key(line) for line in lines] == [oracle.loose_key(line) for line in lines]


@pytest.mark.parametrize("name", CORPORA)
def test_real_lines_agree(name: str) -> None:
    for doc in reaching("B005", documents(CORPORA[name])):
        cores = [line.strip() for line in doc.text.replace("\f", "\n").split("\n")]
        nonblank = [core for core in cores if core]
        assert_agree(cores, nonblank[:5] + nonblank[-5:], set())


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, min_size=1, max_size=8), _line)
def test_skipped_lines_match_no_cluster(heads, line):
    """A line that the copy scan leaves out is one `Clusters.find` would not find."""
    clusters = _clusters(heads)
    core = line.strip()
    key = furniture_keys([core])[0]
    if key and not copies([core], (), clusters):
        assert clusters.find(key, add=False) is None


def test_keys_left_to_str_lower_are_the_ones_it_changes() -> None:
    """`furniture_unrepeated` decides a one-line document itself unless its key needs
    `str.lower` (beyond A-Z): on every word character Python knows."""
    words = [c for c in KNOWN if c.isalnum() and not c.isdecimal()]
    decided = [_native.furniture_unrepeated(encode([c])) is not None for c in words]
    assert decided == [c.lower() == c or "A" <= c <= "Z" for c in words]


def test_line_end_punctuation_is_never_part_of_a_key() -> None:
    assert all(loose_key(ch) == "" for ch in oracle.PUNCT)
