"""F004's signature and band keys in the native core (native/src/minhash.rs) against the
numpy definition they replaced (tests/oracles/minhash.py), value for value; its table of
band keys against the Python table it replaced (tests/oracles/keytable.py)."""

from __future__ import annotations

import numpy as np
import pytest
from cleaner_rules.filter.near_duplicate import NearDuplicate, choose_bands, signature
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents
from oracles import minhash as oracle
from oracles.keytable import _KeyTable

from cleaner import _native
from cleaner.document import Document

# Han, Latin, digits of several scripts, punctuation and spaces (dropped first), letters
# outside the BMP, a lone surrogate (no letter) and the last code points.
_CHARS = st.sampled_from([*"河面上漂着几只小船渔民收网", *"abcXYZ", *"019０９٣", *"，。！ \n\t、",
                          "\U00020000", "\U0001d400", "\ud800", "\U0010ffff", "Ⅻ", "²"])
_TEXT = st.lists(_CHARS, max_size=400).map("".join)


def same(text: str, ngram: int, num_perm: int) -> None:
    want = oracle.signature(text, ngram, num_perm)
    got = signature(text, ngram, num_perm)
    if want is None:
        assert got is None
        return
    assert got == want.tobytes()
    bands, rows = choose_bands(0.8, num_perm)
    keys = _native.minhash_band_keys(got, bands, rows)
    assert keys == oracle.band_keys(want, bands, rows).tolist()


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.integers(1, 9), st.sampled_from([16, 17, 64, 128, 300, 1024]))
def test_signature_and_band_keys_equal_the_numpy_definition(text, ngram, num_perm):
    same(text, ngram, num_perm)


@pytest.mark.parametrize("corpus", sorted(CORPORA))
def test_on_the_real_corpora(corpus):
    for doc in documents(CORPORA[corpus]):
        same(doc.text, 5, 128)


def test_every_bin_of_a_short_text_comes_from_its_few_n_grams():
    sig = np.frombuffer(signature("一二三四五六", 5, 128), dtype="<u4")
    assert len(set(sig.tolist())) == 2  # two 5-grams, 128 bins


def test_the_filter_still_finds_a_near_copy():
    text = "这是一段足够长的正文，用来检查近似重复的判断是否仍然成立。" * 4
    rule = NearDuplicate()
    first = Document.from_text(text, source="a")
    second = Document.from_text(text + "多一句。", source="b")
    assert not rule.reject(first)
    assert rule.reject(second) and rule.duplicate_of == first.id


def first_near(signature: bytes, kept: bytes, candidates: list[int], min_equal: int):
    """F004's check as numpy made it: the signature cut to 16-bit values, compared with
    each candidate's kept row."""
    short = np.frombuffer(signature, dtype="<u4").astype(np.uint16)
    if not candidates:
        return None, short.tobytes()
    width = 2 * short.size
    rows = b"".join(kept[c * width:(c + 1) * width] for c in candidates)
    table = np.frombuffer(rows, dtype=np.uint16).reshape(len(candidates), -1)
    hits = np.flatnonzero((table == short).sum(axis=1) >= min_equal)
    return (int(hits[0]) if hits.size else None), short.tobytes()


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 8), st.integers(0, 6), st.data())
def test_the_check_against_kept_signatures_equals_numpy(width, n_kept, data):
    # Values from a small range, so that rows share many of them.
    values = st.integers(0, 5).map(lambda v: v * 0x10001)
    sig = np.array(data.draw(st.lists(values, min_size=width, max_size=width)), dtype="<u4")
    kept = np.array(data.draw(st.lists(st.integers(0, 5), min_size=width * n_kept,
                                       max_size=width * n_kept)), dtype="<u2").tobytes()
    candidates = sorted(data.draw(st.sets(st.integers(0, max(n_kept - 1, 0)), max_size=n_kept))
                        if n_kept else set())
    min_equal = data.draw(st.integers(0, width + 1))
    got = _native.minhash_first_near(sig.tobytes(), bytearray(kept), candidates, min_equal)
    assert got == first_near(sig.tobytes(), kept, candidates, min_equal)


def test_a_candidate_past_the_kept_signatures_is_refused():
    with pytest.raises(IndexError):
        _native.minhash_first_near(bytes(8), bytearray(4), [1], 1)


# Keys from a small pool (so documents share keys) and a few large and odd ones; a table
# that grows several times over.
_KEYS = st.lists(st.one_of(st.integers(1, 40), st.sampled_from([2**64 - 1, 2**63, 1 << 40])),
                 max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), _KEYS), max_size=120))
def test_band_table_finds_what_the_python_table_found(steps) -> None:
    """Each step looks keys up, then (if it keeps the document) adds them with the next
    value, as F004 does: the candidates, in order, are the Python table's."""
    table, python = _native.BandTable(), _KeyTable(capacity=4)
    kept = 0
    for keep, keys in steps:
        assert table.candidates(keys) == sorted(python.get(keys))
        if keep:
            table.add(keys, kept)
            python.add(keys, kept)
            kept += 1
    assert table.nbytes >= 16 * len({k for keep, keys in steps if keep for k in keys})
