"""cleaner/signals.py's counting before the native core: the oracle of
tests/test_native_signals.py, kept here only. Its n-gram repetition and class table were
native already (each with its own differential test: tests/test_native.py,
tests/test_native_tables.py)."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
from cleaner._native import repeated_chars, signal_class_table

if TYPE_CHECKING:
    from cleaner.document import Document

_HAN, _DIGIT, _SYMBOL = 1, 2, 3
_TABLE_SIZE = 0x40000  # planes 0-3; above them only tags, selectors and private use
CHUNK = 1 << 20  # code points classified at a time
# A line with a sentence mark, matched up to its first mark (one match per line).
_SENTENCE_LINE = re.compile(r"^[^\n]*?(?:[。！？；…!?;]|\.(?!\S))", re.MULTILINE)


@cache
def _classes() -> np.ndarray:
    """Code point -> Han / digit / symbol / other, by general category (native/src/tables.rs:
    a CJK ideograph Lo or Nl is Han, Nd a digit, Sm Sc Sk So a symbol), built once."""
    return np.frombuffer(signal_class_table(_TABLE_SIZE), dtype=np.uint8)


def _class_counts(codes: np.ndarray) -> np.ndarray:
    """Characters per class, a slice of `CHUNK` code points at a time: the lookup's index
    array takes 8 bytes a character, which on a 50 MB document would be 140 MB at once."""
    table, counts = _classes(), np.zeros(4, dtype=np.int64)
    for start in range(0, len(codes), CHUNK):
        part = np.minimum(codes[start:start + CHUNK], _TABLE_SIZE - 1)
        counts += np.bincount(table[part], minlength=4)
    return counts


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def py_signals(doc: Document) -> dict[str, Any]:  # long: the oracle, kept as it was
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
    five, ten = repeated_chars(raw)
    classes = _class_counts(codes)
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
