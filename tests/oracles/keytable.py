"""F004's table of band keys before the native core held it (rules/filter/near_duplicate.py's
`_KeyTable`): open addressing with linear probing over two typed arrays."""

from __future__ import annotations

from array import array

import numpy as np


class _KeyTable:
    """Hash map from nonzero 64-bit keys to int32 values, in two typed arrays.

    Open addressing with linear probing at load at most one half: 12 bytes per slot, so
    24 to 48 bytes per key. A key keeps the first value stored for it, so a lookup yields
    at most one value per key and the work per document is bounded by its bands. Plain
    Python on `array`: for a document's few keys this beats numpy's per-call cost.
    """

    def __init__(self, capacity: int = 1 << 10) -> None:
        self.keys = array("Q", bytes(8 * capacity))
        self.values = array("i", bytes(4 * capacity))
        self.mask = capacity - 1
        self.size = 0

    @property
    def nbytes(self) -> int:
        return self.keys.itemsize * len(self.keys) + self.values.itemsize * len(self.values)

    def get(self, keys: list[int]) -> set[int]:
        """The values stored for those of `keys` that are present."""
        table, values, mask = self.keys, self.values, self.mask
        found = set()
        for key in keys:
            slot = key & mask
            held = table[slot]
            while held:
                if held == key:
                    found.add(values[slot])
                    break
                slot = (slot + 1) & mask
                held = table[slot]
        return found

    def add(self, keys: list[int], value: int) -> None:
        """Store each of `keys` that is not present yet, with `value`."""
        if 2 * (self.size + len(keys)) > len(self.keys):
            self._grow(2 * (self.size + len(keys)))
        self._put(keys, [value] * len(keys))

    def _put(self, keys: list[int], values: list[int]) -> None:
        table, mask = self.keys, self.mask
        for key, value in zip(keys, values, strict=True):
            slot = key & mask
            held = table[slot]
            while held and held != key:
                slot = (slot + 1) & mask
                held = table[slot]
            if not held:
                table[slot] = key
                self.values[slot] = value
                self.size += 1

    def _grow(self, needed: int) -> None:
        old_keys = np.frombuffer(self.keys, dtype=np.uint64)
        used = np.flatnonzero(old_keys)
        keys, values = old_keys[used], np.frombuffer(self.values, dtype=np.int32)[used]
        del old_keys
        capacity = len(self.keys)
        while capacity < needed:
            capacity *= 2
        self.keys = array("Q", bytes(8 * capacity))
        self.values = array("i", bytes(4 * capacity))
        self.mask = capacity - 1
        self.size = 0
        for start in range(0, keys.size, 1 << 16):  # bounded Python-int temporaries
            end = start + (1 << 16)
            self._put(keys[start:end].tolist(), values[start:end].tolist())
