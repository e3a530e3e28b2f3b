"""Documents as shard rows: the schema of the shards and how a document fills a row.

The writer encodes a document here (`encode_row`); a worker encodes the documents of a
batch ahead of the merge (`encode_rows`), so the process that writes the shards mostly
copies rows a worker encoded in parallel. Both give the same values, so the shards do not
depend on where a row was encoded.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from cleaner.document import Document
from cleaner.io.columns import column
from cleaner.signals import SIGNALS, signals

__all__ = [
    "DROPPED_FIELDS", "SCHEMA", "Rows", "Taken", "Values", "dumps_meta", "encode_row",
    "encode_rows", "extras_size", "json_default",
]

SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("url", pa.string()),
        pa.field("date", pa.string()),
        pa.field("author", pa.string()),
        pa.field("script", pa.string(), nullable=False),
        pa.field("n_chars", pa.int64(), nullable=False),
        pa.field("meta", pa.string(), nullable=False),
        # Typed quality signals (cleaner/signals.py), so statistics and filters work on them.
        pa.field("signals", SIGNALS, nullable=False),
    ]
)

# What `--keep-dropped` adds to a dropped document's row: the filter, and for duplicates
# the id of the document kept in its place.
DROPPED_FIELDS = (
    pa.field("dropped_by", pa.string(), nullable=False),
    pa.field("duplicate_of", pa.string()),
)

_STRING_FIELDS = ("id", "text", "source", "title", "url", "date", "author", "script")
_REQUIRED = frozenset({"id", "text", "source", "script"})


@dataclass(frozen=True, slots=True)
class Rows:
    """Documents encoded as shard rows ahead of the writer, in a worker (`encode_rows`):
    `SCHEMA`'s columns, and each row's size as the writer counts it. The merge then hands
    the writer a row (`ShardWriter.write_row`) instead of the document, and nothing is
    encoded in the one process that writes."""

    batch: pa.RecordBatch
    sizes: list[int]


def encode_rows(docs: list[Document]) -> tuple[Rows, list[int | None]]:
    """The rows of `docs` and each document's row; None for a document the writer refuses
    (a lone surrogate, a missing field): handed to `write`, it raises there as ever."""
    values = Values(len(SCHEMA))
    sizes: list[int] = []
    where: list[int | None] = []
    for doc in docs:
        try:
            row, size = encode_row(doc)
        except (TypeError, ValueError):
            where.append(None)
            continue
        where.append(len(sizes))
        values.add(row)
        sizes.append(size)
    return Rows(values.batch(SCHEMA), sizes), where


def encode_row(doc: Document) -> tuple[list[Any], int]:
    """The document's values in `SCHEMA`'s order (strings as UTF-8) and its size: the
    UTF-8 length of the string fields plus 8."""
    meta = _utf8(dumps_meta(doc.extra), doc, "meta")
    size = 8 + len(meta)
    values: list[Any] = []
    for name in _STRING_FIELDS:
        value = getattr(doc, name)
        if value is None:
            if name in _REQUIRED:
                raise ValueError(f"document {doc.id!r}: {name} must not be None")
            values.append(None)
            continue
        if not isinstance(value, str):
            raise TypeError(f"document {doc.id!r}: {name} is {type(value).__name__}")
        values.append(_utf8(value, doc, name))
        size += len(values[-1])
    values += [len(doc.text), meta, doc.signals if doc.signals is not None else signals(doc)]
    return values, size


def extras_size(extras: list[str | None]) -> int:
    """What the values of a writer's extra fields add to a row's size."""
    return sum(len(value.encode("utf-8")) for value in extras if value)


class Values:
    """Rows as Python values, column by column, until they become one record batch."""

    def __init__(self, width: int) -> None:
        self.columns: list[list[Any]] = [[] for _ in range(width)]

    def add(self, row: list[Any]) -> None:
        for values, value in zip(self.columns, row, strict=True):
            values.append(value)

    def batch(self, schema: pa.Schema) -> pa.RecordBatch:
        arrays = [column(values, f.type) for values, f in zip(self.columns, schema, strict=True)]
        return pa.RecordBatch.from_arrays(arrays, schema=schema)

    def batches(self, schema: pa.Schema) -> list[pa.RecordBatch]:
        return [self.batch(schema)]


class Taken:
    """Rows taken from one `Rows`, in order, with the values of the writer's extra fields.

    The rows leave as slices of the worker's record batch, one per run of consecutive
    indices (the corpus filters drop few, so the runs are long): the writer's
    `combine_chunks` then copies each value once, and the merge never needs pyarrow's
    compute module (a tenth of a second to import)."""

    def __init__(self, rows: Rows, extra_width: int) -> None:
        self.rows = rows
        self.indices: list[int] = []
        self.extra = Values(extra_width)

    def add(self, index: int, extras: list[str | None]) -> None:
        self.indices.append(index)
        self.extra.add(extras)

    def batches(self, schema: pa.Schema) -> list[pa.RecordBatch]:
        extra = [column(values, f.type)
                 for values, f in zip(self.extra.columns, list(schema)[len(SCHEMA):], strict=True)]
        source = self.rows.batch.columns
        return [
            pa.RecordBatch.from_arrays(
                [*(c.slice(start, length) for c in source),
                 *(c.slice(at, length) for c in extra)],
                schema=schema,
            )
            for at, start, length in _runs(self.indices)
        ]


def _runs(indices: list[int]) -> Iterator[tuple[int, int, int]]:
    """(position in `indices`, first index, length) of each run of consecutive indices."""
    at = 0
    for k in range(1, len(indices) + 1):
        if k == len(indices) or indices[k] != indices[k - 1] + 1:
            yield at, indices[at], k - at
            at = k


def dumps_meta(extra: dict[str, Any]) -> str:
    if not extra:
        return "{}"
    return json.dumps(
        extra, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=json_default
    )


def json_default(value: Any) -> Any:
    """Fallback for values a rule may have put into `extra`."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return str(value)


def _utf8(value: str, doc: Document, name: str) -> bytes:
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            f"document {doc.id!r}: {name} contains a lone surrogate (not valid UTF-8)"
        ) from None
