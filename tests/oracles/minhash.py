"""F004's MinHash signature and band keys in numpy, as rules/filter/near_duplicate.py had
them before native/src/minhash.rs: the definition the native core is checked against
(tests/test_native_minhash.py)."""

from __future__ import annotations

from functools import cache

import numpy as np

from cleaner import _native

_U64 = np.uint64
_MULT = _U64(0x100000001B3)  # odd multiplier of the polynomial n-gram and band hashes
_SEED = _U64(0x9E3779B97F4A7C15)
_LOW32 = _U64(0xFFFFFFFF)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: every output bit depends on every input bit (in place)."""
    h ^= h >> _U64(30)
    h *= _U64(0xBF58476D1CE4E5B9)
    h ^= h >> _U64(27)
    h *= _U64(0x94D049BB133111EB)
    h ^= h >> _U64(31)
    return h


@cache
def _word_chars() -> np.ndarray:
    """Which code points count (`str.isalnum`: letters and numbers of any script); built on
    first use by the native core."""
    return np.frombuffer(_native.alnum_table(0x110000), dtype=np.bool_)


@cache
def _donor_order(num_perm: int) -> np.ndarray:
    """Per bin, a fixed pseudo-random order of all bins (optimal densification)."""
    grid = np.arange(num_perm * num_perm, dtype=np.uint64).reshape(num_perm, num_perm)
    return np.argsort(_mix(grid ^ _SEED), axis=1, kind="stable")


def signature(text: str, ngram: int, num_perm: int) -> np.ndarray | None:
    """One-permutation MinHash (32-bit values) of the text's character n-grams, or None.

    Whitespace, punctuation and symbols are dropped first: Chinese has no word spaces, and
    wrapping, spacing and punctuation style must not make two copies differ. Each n-gram is
    hashed once; the hash picks a bin and the minimum per bin is kept; empty bins copy a
    non-empty bin chosen by a fixed order per bin (Shrivastava's optimal densification), so
    equal bins estimate Jaccard similarity as k independent permutations would, at the cost
    of one hash per n-gram instead of k.
    """
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cp = cp[_word_chars()[cp]].astype(np.uint64)
    if not cp.size:
        return None
    width = min(ngram, cp.size)
    count = cp.size - width + 1
    h = cp[:count].copy()
    for k in range(1, width):
        h *= _MULT
        h += cp[k : k + count]
    h = _mix(h ^ _SEED)
    bins = ((h >> _U64(32)) % _U64(num_perm)).astype(np.intp)
    sig = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    np.minimum.at(sig, bins, (h & _LOW32).astype(np.uint32))
    filled = np.bincount(bins, minlength=num_perm) > 0
    empty = np.flatnonzero(~filled)
    if empty.size:
        order = _donor_order(num_perm)[empty]
        donors = order[np.arange(empty.size), filled[order].argmax(axis=1)]
        sig[empty] = sig[donors]
    return sig


def band_keys(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One nonzero 64-bit key per band: a hash of the band's values and its number."""
    block = sig[: bands * rows].reshape(bands, rows).astype(np.uint64)
    keys = block @ _powers(rows) + _band_salts(bands)
    return _mix(keys) | _U64(1)


@cache
def _powers(rows: int) -> np.ndarray:
    return np.cumprod(np.full(rows, _MULT, dtype=np.uint64))


@cache
def _band_salts(bands: int) -> np.ndarray:
    return _mix(np.arange(1, bands + 1, dtype=np.uint64) * _SEED)
