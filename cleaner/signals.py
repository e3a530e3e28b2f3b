"""Per-document quality signals: measurements, not verdicts, as one typed Parquet column.

Corpus users pick their own thresholds, so the cleaner measures and keeps; filtering is
theirs. The signals are one struct column (`signals`) with a fixed schema of ints, floats
and one flag, so Parquet statistics, `pyarrow.dataset` filters and `datasets` filters work
on them without parsing the JSON `meta` string. They are computed from the cleaned text and
the counts rules left in `meta`, so the same document always gives the same values.

Ratios are over the document's non-whitespace characters (or non-empty lines), lie in
[0, 1], are rounded to 4 decimals, and are 0.0 for a document with nothing to count.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:
    from cleaner.document import Document

__all__ = ["FIELDS", "SIGNALS", "Signal", "signals"]


@dataclass(frozen=True)
class Signal:
    """One field of the struct: its Arrow type and what it measures, why, and its range."""

    name: str
    type: pa.DataType
    what: str
    why: str
    range: str


FIELDS: tuple[Signal, ...] = (
    Signal("n_lines", pa.int64(), "Non-empty lines.",
           "The denominator of the line shares; one-line documents make them coarse.",
           "≥ 0"),
    Signal("dup_line_frac", pa.float64(),
           "Share of non-empty lines that repeat an earlier line of the document "
           "(stripped, exact).",
           "Menus, share buttons and copied blocks repeat whole lines (Gopher's "
           "duplicate-line filter).", "[0, 1]"),
    Signal("dup_line_char_frac", pa.float64(),
           "Share of the characters of non-empty lines that lie in lines repeating an "
           "earlier line.",
           "The same, weighted by length, so one short repeated label weighs little.",
           "[0, 1]"),
    Signal("dup_5gram_char_frac", pa.float64(),
           "Share of non-whitespace characters covered by a character 5-gram that already "
           "occurred earlier in the document.",
           "Repetition below the line level: spun or looped text, repeated phrases "
           "(Gopher/datatrove repetition filter, on characters since Chinese has no "
           "spaces).", "[0, 1]"),
    Signal("dup_10gram_char_frac", pa.float64(),
           "The same for character 10-grams.",
           "Long repeats only: copied sentences and passages rather than common phrases.",
           "[0, 1]"),
    Signal("no_punct_line_frac", pa.float64(),
           "Share of non-empty lines containing no sentence mark (。！？；… or ASCII ! ? ; "
           "or a . before a space or the line end).",
           "Lists, headings, navigation and keyword stuffing have no sentences.",
           "[0, 1]"),
    Signal("han_ratio", pa.float64(),
           "Share of non-whitespace characters that are Han (CJK ideographs, extensions "
           "included, and 〇).",
           "How Chinese the document is; the `script` column says which script.", "[0, 1]"),
    Signal("digit_ratio", pa.float64(),
           "Share of non-whitespace characters that are decimal digits (Unicode Nd, so "
           "full-width digits too).", "Tables, price lists, logs and number dumps.",
           "[0, 1]"),
    Signal("symbol_ratio", pa.float64(),
           "Share of non-whitespace characters that are symbols (Unicode S*: emoji, "
           "arrows, ★, ©, math and currency signs; punctuation is not a symbol).",
           "Decorated spam, emoji floods and residue of markup or layout.", "[0, 1]"),
    Signal("ocr_damage", pa.int64(),
           "Unrecognised-character placeholders (U+FFFD, □, ■) counted by O002 "
           "(`meta.ocr_damage`).", "Characters lost that no rule can restore.", "≥ 0"),
    Signal("mojibake_residue", pa.int64(),
           "Characters of mojibake garbage left after repair (`meta.mojibake_residue`).",
           "Text garbled beyond repair by a wrong encoding.", "≥ 0"),
    Signal("invalid_bytes", pa.int64(),
           "Input bytes the decoder replaced with U+FFFD (`meta.invalid_bytes`).",
           "A damaged or truncated file.", "≥ 0"),
    Signal("columns_interleaved", pa.bool_(),
           "Lines of two text columns alternate (B006, `meta.columns_interleaved`).",
           "Reading order is broken; no rule can re-sort the columns.", "true / false"),
)

SIGNALS = pa.struct([pa.field(f.name, f.type, nullable=False) for f in FIELDS])

_HAN, _DIGIT, _SYMBOL = 1, 2, 3
_TABLE_SIZE = 0x40000  # planes 0-3; above them only tags, selectors and private use
# A line with a sentence mark, matched up to its first mark (one match per line).
_SENTENCE_LINE = re.compile(r"^[^\n]*?(?:[。！？；…!?;]|\.(?!\S))", re.MULTILINE)
_FNV_PRIME = np.uint64(0x100000001B3)
_FNV_BASIS = np.uint64(0xCBF29CE484222325)


@cache
def _classes() -> np.ndarray:
    """Code point -> Han / digit / symbol / other, built once per process (~30 ms)."""
    cats = [unicodedata.category(chr(cp)) for cp in range(_TABLE_SIZE)]
    kinds = {"Nd": _DIGIT, "Sm": _SYMBOL, "Sc": _SYMBOL, "Sk": _SYMBOL, "So": _SYMBOL}
    table = np.array([kinds.get(cat, 0) for cat in cats], dtype=np.uint8)
    ideograph = np.array([cat in ("Lo", "Nl") for cat in cats])
    for lo, hi in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, _TABLE_SIZE),
                   (0x3007, 0x3008)):  # CJK ideograph blocks (and 〇), end exclusive
        table[lo:hi][ideograph[lo:hi]] = _HAN
    return table


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


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def signals(doc: Document) -> dict[str, Any]:
    """The signals of one cleaned document, keyed and ordered as `FIELDS`."""
    lines = [s for s in map(str.strip, doc.text.split("\n")) if s]
    n_lines, line_chars = len(lines), sum(map(len, lines))
    distinct = set(lines)  # each distinct line once: its first occurrence
    dup_lines, dup_chars = n_lines - len(distinct), line_chars - sum(map(len, distinct))
    del lines, distinct  # a long document's arrays below need the memory
    unpunctuated = n_lines - len(_SENTENCE_LINE.findall(doc.text))
    raw = "".join(doc.text.split()).encode("utf-32-le", "surrogatepass")
    codes = np.frombuffer(raw, dtype=np.uint32)
    total = len(codes)
    five, ten = _repeated(codes)
    classes = np.bincount(_classes()[np.minimum(codes, _TABLE_SIZE - 1)], minlength=4)
    extra = doc.extra
    return {
        "n_lines": n_lines,
        "dup_line_frac": _share(dup_lines, n_lines),
        "dup_line_char_frac": _share(dup_chars, line_chars),
        "dup_5gram_char_frac": _share(five, total),
        "dup_10gram_char_frac": _share(ten, total),
        "no_punct_line_frac": _share(unpunctuated, n_lines),
        "han_ratio": _share(int(classes[_HAN]), total),
        "digit_ratio": _share(int(classes[_DIGIT]), total),
        "symbol_ratio": _share(int(classes[_SYMBOL]), total),
        "ocr_damage": _count(extra.get("ocr_damage")),
        "mojibake_residue": _count(extra.get("mojibake_residue")),
        "invalid_bytes": _count(extra.get("invalid_bytes")),
        "columns_interleaved": extra.get("columns_interleaved") is True,
    }
