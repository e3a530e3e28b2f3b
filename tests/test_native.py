"""The native core computes exactly what the Python it replaced computed.

Each kernel in native/ replaced a Python implementation; that implementation is kept here,
and only here, as the oracle: hypothesis text with CJK, Latin, digits, punctuation, line
breaks and letter spacing, plus edits of it, must give identical results.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, clean_texts, documents

from cleaner import _native

ALPHABET = "中文字的了，。、 \u3000\u200b\nabcXYZ019,.:-“”\t🙂"
texts = st.text(alphabet=ALPHABET, max_size=200)


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a rewrite of it: characters and lines inserted, deleted, replaced, moved."""
    before = draw(texts)
    chars = list(before)
    for _ in range(draw(st.integers(0, 6))):
        pos = draw(st.integers(0, len(chars)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "drop-line", "swap-lines"]))
        if op == "insert":
            chars[pos:pos] = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=5))
        elif op == "delete":
            del chars[pos : pos + draw(st.integers(1, 5))]
        elif op == "replace" and chars:
            chars[min(pos, len(chars) - 1)] = draw(st.sampled_from(ALPHABET))
        else:
            lines = "".join(chars).split("\n")
            k = draw(st.integers(0, len(lines) - 1))
            if op == "drop-line":
                del lines[k]
            else:
                lines[k], lines[0] = lines[0], lines[k]
            chars = list("\n".join(lines))
    return before, "".join(chars)


# --- oracle: cleaner/changes.py before the native core ---------------------------------

def _common_prefix_len(a: str, b: str) -> int:
    """Length of the common prefix, comparing in C-level slices with a doubling/halving search."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:
        return n
    lo, step = 0, 64
    # Gallop forward over equal blocks, then binary-search inside the first unequal block.
    while lo + step <= n and a[lo : lo + step] == b[lo : lo + step]:
        lo += step
        step *= 2
    hi = min(lo + step, n)  # a[lo:hi] != b[lo:hi], a[:lo] == b[:lo]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid
    return lo


def _common_suffix_len(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most `limit` characters."""
    if limit <= 0:
        return 0
    if a[len(a) - limit :] == b[len(b) - limit :]:
        return limit
    lo, step = 0, 64
    while (
        lo + step <= limit
        and a[len(a) - lo - step : len(a) - lo] == b[len(b) - lo - step : len(b) - lo]
    ):
        lo += step
        step *= 2
    hi = min(lo + step, limit)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid
    return lo


def py_char_diff_counts(before: str, after: str) -> tuple[int, int]:
    """(chars_added, chars_removed) as the multiset difference of the two strings' characters.

    Defined as ``sum((Counter(after) - Counter(before)).values())`` and the converse. A rule
    usually touches a small region, so the common prefix and suffix are stripped first: they
    contribute the same characters to both multisets and cancel exactly, so counting only the
    differing middles gives the identical result in far less time. A pure reordering of
    characters counts as zero.
    """
    if before == after:
        return 0, 0
    p = _common_prefix_len(before, after)
    s = _common_suffix_len(before, after, min(len(before), len(after)) - p)
    old, new = before[p : len(before) - s], after[p : len(after) - s]
    if not old or not new:  # a pure insertion or deletion
        return len(new), len(old)
    if len(old) + len(new) <= 24:  # the usual edit: a few characters, no Counter needed
        rest = list(new)
        removed = 0
        for ch in old:
            if ch in rest:
                rest.remove(ch)
            else:
                removed += 1
        return len(rest), removed
    mid_b, mid_a = Counter(old), Counter(new)
    added = sum((mid_a - mid_b).values())
    removed = sum((mid_b - mid_a).values())
    return added, removed


def py_change_counts(before: str, after: str) -> tuple[int, int]:
    """(characters added, characters removed) by one rule on one document.

    The multiset difference of characters, taken line by line when the rule kept the number
    of lines (so it stays proportional to what changed, not to the document's size); when
    the number of lines changed, whole lines found on both sides cancel out first.
    """
    lines_b, lines_a = before.split("\n"), after.split("\n")
    if len(lines_b) == 1 or len(lines_a) == 1:
        return py_char_diff_counts(before, after)
    if len(lines_b) != len(lines_a):
        # Lines kept whole cancel out; compare what is left, and count line breaks apart.
        kept_b, kept_a = Counter(lines_b), Counter(lines_a)
        old = "".join((kept_b - kept_a).elements())
        new = "".join((kept_a - kept_b).elements())
        added, removed = py_char_diff_counts(old, new)
        breaks = len(lines_a) - len(lines_b)
        return added + max(breaks, 0), removed + max(-breaks, 0)
    added = removed = 0
    for b, a in zip(lines_b, lines_a, strict=True):
        if a != b:
            plus, minus = py_char_diff_counts(b, a)
            added += plus
            removed += minus
    return added, removed


# --- oracle: the n-gram repetition of cleaner/signals.py before the native core -----------

_FNV_PRIME = np.uint64(0x100000001B3)
_FNV_BASIS = np.uint64(0xCBF29CE484222325)
_CHUNK = 1 << 15  # elements per pass where a whole-array temporary would double the memory


def _repeats(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(occurred earlier, occurs more than once) for each n-gram hash, by one sort.

    The hashes are overwritten (memory stays at a few arrays of the text's length): each
    becomes its top bits above its position, so equal n-grams sort together with the
    earliest first, and positions are unique, so any sort algorithm gives the same order.
    A collision of the remaining 40-odd hash bits (about 0.003 expected in a megabyte of
    Chinese text) can only raise a value by one n-gram. O(L log L).
    """
    m = len(keys)
    bits = np.uint64(m.bit_length())
    keys >>= bits
    keys <<= bits
    for lo in range(0, m, _CHUNK):
        keys[lo : lo + _CHUNK] |= np.arange(lo, min(lo + _CHUNK, m), dtype=np.uint64)
    keys.sort()
    same = np.empty(max(m - 1, 0), dtype=bool)  # sorted neighbours with the same n-gram
    for lo in range(0, m - 1, _CHUNK):
        hi = min(lo + _CHUNK, m - 1)
        np.equal(keys[lo + 1 : hi + 1] >> bits, keys[lo:hi] >> bits, out=same[lo:hi])
    keys &= np.uint64((1 << int(bits)) - 1)
    where = keys.view(np.intp)  # the positions, as indices without a copy
    earlier = np.zeros(m, dtype=bool)
    shared = np.zeros(m, dtype=bool)
    for lo in range(0, m - 1, _CHUNK):
        hi = min(lo + _CHUNK, m - 1)
        earlier[where[lo + 1 : hi + 1][same[lo:hi]]] = True
        shared[where[lo:hi][same[lo:hi]]] = True
    shared |= earlier
    return earlier, shared


def _coverage(repeat: np.ndarray, n: int, length: int) -> int:
    """Characters covered by the n-grams at the positions `repeat` marks (n boolean ORs)."""
    covered = np.zeros(length, dtype=bool)
    for k in range(n):
        covered[k : k + len(repeat)] |= repeat
    return int(np.count_nonzero(covered))


def _hash(codes: np.ndarray, starts: np.ndarray | None, n: int) -> np.ndarray:
    """64-bit FNV-1a of the n-gram at every position (`starts` None) or at `starts`."""
    m = len(codes) - n + 1 if starts is None else len(starts)
    h = np.full(m, _FNV_BASIS, dtype=np.uint64)
    for lo in range(0, m, _CHUNK):
        part, hi = h[lo : lo + _CHUNK], min(lo + _CHUNK, m)
        if starts is None:
            window = codes[lo : hi + n - 1].astype(np.uint64)
            columns = [window[k : k + hi - lo] for k in range(n)]
        else:
            grams = codes[starts[lo:hi, None] + np.arange(n)].astype(np.uint64)
            columns = [grams[:, k] for k in range(n)]
        for column in columns:
            part ^= column
            part *= _FNV_PRIME
    return h


def _repeated(codes: np.ndarray) -> tuple[int, int]:
    """Characters covered by 5-grams and by 10-grams that occurred earlier in the text.

    A 10-gram that occurs twice is made of two 5-grams that do, so only those positions
    are hashed and sorted again: on prose that is a small fraction of the text.
    """
    length = len(codes)
    if length <= 5:  # at most one 5-gram
        return 0, 0
    earlier5, shared5 = _repeats(_hash(codes, None, 5))
    five = _coverage(earlier5, 5, length)
    del earlier5
    candidates = np.flatnonzero(shared5[:-5] & shared5[5:]).astype(np.min_scalar_type(length))
    del shared5
    if len(candidates) < 2:
        return five, 0
    earlier10, _ = _repeats(_hash(codes, candidates, 10))
    repeat10 = np.zeros(length - 9, dtype=bool)
    repeat10[candidates[earlier10]] = True
    return five, _coverage(repeat10, 10, length)




# --- the differential tests ------------------------------------------------------------


@settings(max_examples=2000, deadline=None)
@given(edits())
def test_change_counts_agree(pair):
    before, after = pair
    assert _native.change_counts(before, after) == py_change_counts(before, after)
    assert _native.change_counts(after, before) == py_change_counts(after, before)


@settings(max_examples=2000, deadline=None)
@given(edits())
def test_char_diff_counts_agree(pair):
    before, after = pair
    assert _native.char_diff_counts(before, after) == py_char_diff_counts(before, after)


def _texts(name: str) -> list[str]:
    """The corpus's documents, or for `synthetic` the sample's clean texts damaged."""
    if name == "synthetic":
        from cleaner.evaluate.synthetic import ALONE, CLASSES, damage

        classes = [c for c in CLASSES if c not in ALONE]
        return [damage(t, classes, seed) for seed in range(2) for t in clean_texts()]
    return [d.text for d in documents(CORPORA[name])]


@pytest.mark.parametrize("name", [*CORPORA, "synthetic"])
def test_agree_on_every_rewrite_of_real_documents(name):
    """Every rewrite the default pipeline makes of a corpus, counted both ways, and the
    repetition signals of every text it passes through."""
    from cleaner.document import Document
    from cleaner.pipeline import PipelineSpec
    from cleaner.rule import Filter

    pipeline = PipelineSpec().build()
    checked = 0
    for text in _texts(name):
        doc = Document.from_text(text)
        for rule in pipeline.rules:
            if isinstance(rule, Filter) or not rule.gate(doc.text):
                continue
            after = rule.apply(doc)
            assert _native.change_counts(doc.text, after) == py_change_counts(doc.text, after)
            checked += after != doc.text
            doc.text = after
        raw = "".join(doc.text.split()).encode("utf-32-le", "surrogatepass")
        assert _native.repeated_chars(raw) == _repeated(np.frombuffer(raw, dtype=np.uint32))
    assert checked >= 4


repetitive = st.lists(st.sampled_from(["今天天气很好，", "明天", "也会", "很好。", "ab", "1"]),
                      max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(repetitive, texts))
def test_repeated_chars_agree(text):
    raw = "".join(text.split()).encode("utf-32-le", "surrogatepass")
    assert _native.repeated_chars(raw) == _repeated(np.frombuffer(raw, dtype=np.uint32))
