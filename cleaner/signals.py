"""Per-document quality signals: measurements, not verdicts, as one typed Parquet column.

Corpus users pick their own thresholds, so the cleaner measures and keeps; filtering is
theirs. The signals are one struct column (`signals`) with a fixed schema of ints, floats
and one flag, so Parquet statistics, `pyarrow.dataset` filters and `datasets` filters work
on them without parsing the JSON `meta` string. They are computed from the cleaned text and
the counts rules left in `meta`, so the same document always gives the same values.

Ratios are over the document's non-whitespace characters (or non-empty lines), lie in
[0, 1], are rounded to 4 decimals, and are 0.0 for a document with nothing to count. The
counts come from the native core in one pass (native/src/signals.rs `signal_counts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from cleaner._native import signal_counts_of
from cleaner.codepoints import utf32

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


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def signals(doc: Document) -> dict[str, Any]:
    """The signals of one cleaned document, keyed and ordered as `FIELDS`."""
    (n_lines, line_chars, dup_lines, dup_chars, unpunctuated, total, five, ten, han, digits,
     symbols) = signal_counts_of(utf32(doc.text))
    extra = doc.extra
    return {
        "n_lines": n_lines,
        "dup_line_frac": _share(dup_lines, n_lines),
        "dup_line_char_frac": _share(dup_chars, line_chars),
        "dup_5gram_char_frac": _share(five, total),
        "dup_10gram_char_frac": _share(ten, total),
        "no_punct_line_frac": _share(unpunctuated, n_lines),
        "han_ratio": _share(han, total),
        "digit_ratio": _share(digits, total),
        "symbol_ratio": _share(symbols, total),
        "ocr_damage": _count(extra.get("ocr_damage")),
        "mojibake_residue": _count(extra.get("mojibake_residue")),
        "invalid_bytes": _count(extra.get("invalid_bytes")),
        "columns_interleaved": extra.get("columns_interleaved") is True,
    }
