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


def _repeats(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(occurred earlier, occurs more than once) for each hash, by one sort: O(L log L).

    The sort key is the hash's top bits above the position, so equal n-grams sort together
    with the earliest first. Positions are unique, so any sort algorithm gives the same
    order. A collision of the remaining 40-odd hash bits (about 0.003 expected in a
    megabyte of Chinese text) can only raise a value by one n-gram.
    """
    bits = np.uint64(len(h).bit_length())
    keys = np.sort((h >> bits << bits) | np.arange(len(h), dtype=np.uint64))
    top = keys >> bits
    same = top[1:] == top[:-1]
    where = keys & np.uint64((1 << int(bits)) - 1)
    earlier = np.zeros(len(h), dtype=bool)
    earlier[where[1:][same]] = True
    shared = earlier.copy()
    shared[where[:-1][same]] = True
    return earlier, shared


def _coverage(starts: np.ndarray, n: int, length: int) -> int:
    """Characters covered by the n-grams starting at `starts` (a difference array)."""
    if not len(starts):
        return 0
    depth = np.bincount(starts, minlength=length + 1) - np.bincount(starts + n,
                                                                    minlength=length + 1)
    return int(np.count_nonzero(np.cumsum(depth[:-1])))


def _repeated(codes: np.ndarray) -> tuple[int, int]:
    """Characters covered by 5-grams and by 10-grams that occurred earlier in the text.

    A 10-gram that occurs twice is made of two 5-grams that do, so only those positions
    are hashed and sorted again: on prose that is a small fraction of the text.
    """
    length = len(codes)
    if length <= 5:  # at most one 5-gram
        return 0, 0
    h5 = np.full(length - 4, _FNV_BASIS, dtype=np.uint64)  # 64-bit FNV-1a of each 5-gram
    for k in range(5):
        h5 ^= codes[k : k + len(h5)]
        h5 *= _FNV_PRIME
    earlier5, shared5 = _repeats(h5)
    five = _coverage(np.flatnonzero(earlier5), 5, length)
    candidates = np.flatnonzero(shared5[:-5] & shared5[5:])
    if len(candidates) < 2:
        return five, 0
    h10 = h5[candidates]  # FNV-1a goes on over the next 5: the hash of the 10-gram
    for k in range(5, 10):
        h10 ^= codes[candidates + k]
        h10 *= _FNV_PRIME
    earlier10, _ = _repeats(h10)
    return five, _coverage(candidates[earlier10], 10, length)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def signals(doc: Document) -> dict[str, Any]:
    """The signals of one cleaned document, keyed and ordered as `FIELDS`."""
    lines = [s for s in map(str.strip, doc.text.split("\n")) if s]
    distinct = set(lines)  # each distinct line once: its first occurrence
    line_chars = sum(map(len, lines))
    dup_chars = line_chars - sum(map(len, distinct))
    unpunctuated = len(lines) - len(_SENTENCE_LINE.findall(doc.text))
    dense = "".join(doc.text.split())
    raw = dense.encode("utf-32-le", "surrogatepass")
    codes = np.frombuffer(raw, dtype=np.uint32).astype(np.uint64)
    total = len(codes)
    five, ten = _repeated(codes)
    classes = np.bincount(_classes()[np.minimum(codes, _TABLE_SIZE - 1)], minlength=4)
    extra = doc.extra
    return {
        "n_lines": len(lines),
        "dup_line_frac": _share(len(lines) - len(distinct), len(lines)),
        "dup_line_char_frac": _share(dup_chars, line_chars),
        "dup_5gram_char_frac": _share(five, total),
        "dup_10gram_char_frac": _share(ten, total),
        "no_punct_line_frac": _share(unpunctuated, len(lines)),
        "han_ratio": _share(int(classes[_HAN]), total),
        "digit_ratio": _share(int(classes[_DIGIT]), total),
        "symbol_ratio": _share(int(classes[_SYMBOL]), total),
        "ocr_damage": _count(extra.get("ocr_damage")),
        "mojibake_residue": _count(extra.get("mojibake_residue")),
        "invalid_bytes": _count(extra.get("invalid_bytes")),
        "columns_interleaved": extra.get("columns_interleaved") is True,
    }
