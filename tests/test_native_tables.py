"""The native per-code-point tables (native/src/tables.rs) are the ones Python built.

The loops they replaced are kept here as the oracle, over every code point that Python's
Unicode database assigns (the crate's Unicode may be newer: characters Python does not
know yet are its only freedom).
"""

from __future__ import annotations

import unicodedata

import numpy as np
from oracles.minhash import _word_chars
from oracles.signals import _TABLE_SIZE, _classes

_HAN, _DIGIT, _SYMBOL = 1, 2, 3


def _known(size: int) -> np.ndarray:
    return np.array([unicodedata.category(chr(cp)) != "Cn" for cp in range(size)])


def py_classes() -> np.ndarray:
    """cleaner/signals.py's table before the native core."""
    cats = [unicodedata.category(chr(cp)) for cp in range(_TABLE_SIZE)]
    kinds = {"Nd": _DIGIT, "Sm": _SYMBOL, "Sc": _SYMBOL, "Sk": _SYMBOL, "So": _SYMBOL}
    table = np.array([kinds.get(cat, 0) for cat in cats], dtype=np.uint8)
    ideograph = np.array([cat in ("Lo", "Nl") for cat in cats])
    for lo, hi in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, _TABLE_SIZE),
                   (0x3007, 0x3008)):
        table[lo:hi][ideograph[lo:hi]] = _HAN
    return table


def test_signal_classes_agree_on_every_known_code_point() -> None:
    known = _known(_TABLE_SIZE)
    assert np.array_equal(_classes()[known], py_classes()[known])


def test_word_characters_agree_on_every_known_code_point() -> None:
    known = _known(0x110000)
    py = np.fromiter((chr(c).isalnum() for c in range(0x110000)), bool, 0x110000)
    assert np.array_equal(_word_chars()[known], py[known])
    assert _word_chars()[ord("中")] and not _word_chars()[ord("，")]
