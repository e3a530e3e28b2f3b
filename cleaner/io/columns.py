"""Arrow columns from plain Python values, without pyarrow's conversion layer.

`pa.array` imports pandas on its first call (to ask whether it was handed a DataFrame):
about a quarter of a CPU-second in every process that writes a shard, for a library the
writer never uses. The writer's values are strings (or None), ints, floats, bools and dicts
of them, so their Arrow buffers are built here directly; the arrays are equal to what
`pa.array(values, type)` gives (tests/test_writer.py checks it). A string column may be
handed its values already encoded as UTF-8 (the writer measures each row's size by them),
so no text is encoded twice.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

__all__ = ["column"]

_FIXED = {pa.int64(): np.int64, pa.float64(): np.float64}


def column(values: list[Any], type: pa.DataType) -> pa.Array:
    """One column of `type` holding `values` (None only where the type is a string)."""
    if pa.types.is_string(type):
        return _strings(values)
    if type in _FIXED:
        data = np.asarray(values, dtype=_FIXED[type])
        return pa.Array.from_buffers(type, len(values), [None, pa.py_buffer(data)])
    if pa.types.is_boolean(type):
        bits = np.packbits(np.asarray(values, dtype=bool), bitorder="little")
        return pa.Array.from_buffers(type, len(values), [None, pa.py_buffer(bits)])
    if pa.types.is_struct(type):
        fields = list(type)
        children = [column([v[f.name] for v in values], f.type) for f in fields]
        return pa.StructArray.from_arrays(children, fields=fields)
    raise TypeError(f"no column builder for {type}")


def _strings(values: list[str | bytes | None]) -> pa.Array:
    encoded = [b"" if v is None else v if isinstance(v, bytes) else v.encode("utf-8")
               for v in values]
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    if offsets[-1] >= 2**31:
        raise ValueError("a string column over 2 GiB; lower row_group_mb")
    nulls = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    null_count = int(nulls.sum())
    validity = pa.py_buffer(np.packbits(~nulls, bitorder="little")) if null_count else None
    return pa.StringArray.from_buffers(
        len(values), pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded)),
        validity, null_count,
    )
