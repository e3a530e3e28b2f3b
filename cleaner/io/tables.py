"""Documents out of Parquet files and Arrow IPC files, one row each, `source` ``file#ROW``.

Rows are converted to Python at most `_BATCH_ROWS` at a time, so memory stays flat on
large tables. A file that cannot be opened, has no text column or breaks part-way gives
one `Quarantined` record; the rows before the damage are still read.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from cleaner.document import Quarantined
from cleaner.io.plan import InputFile
from cleaner.io.records import Item, from_mapping

__all__ = ["read_arrow", "read_parquet", "read_parquet_groups"]

_BATCH_ROWS = 1000


def read_parquet(entry: InputFile, text_field: str, limit: int) -> Iterator[Item]:
    """The rows of a Parquet file (`limit` is for compressed input; Parquet has none)."""
    return read_parquet_groups(entry, text_field, None, 0)


def read_parquet_groups(
    entry: InputFile, text_field: str, groups: list[int] | None, first_row: int
) -> Iterator[Item]:
    """The rows of some row groups of a Parquet file (None: all), the first of them row
    `first_row` of the file: the very items `read_parquet` gives for those rows."""
    try:
        f = pa.OSFile(str(entry.path))
    except OSError as exc:
        yield Quarantined(entry.source, "unreadable", str(exc), b"")
        return
    with f:
        try:
            pf = pq.ParquetFile(f)
            names = pf.schema_arrow.names
        except (pa.ArrowException, OSError, ValueError) as exc:
            yield Quarantined(entry.source, "corrupt-parquet", _describe(exc), b"")
            return
        if text_field not in names:
            yield _missing_column(entry.source, text_field, names)
            return
        batches = pf.iter_batches(batch_size=_BATCH_ROWS, row_groups=groups)
        yield from _table_rows(batches, entry.source, text_field, "corrupt-parquet", first_row)


def read_arrow(entry: InputFile, text_field: str, limit: int) -> Iterator[Item]:
    """An Arrow IPC stream (what `save_to_disk` writes) or, failing that, an IPC file."""
    try:
        f = pa.OSFile(str(entry.path))
    except OSError as exc:
        yield Quarantined(entry.source, "unreadable", str(exc), b"")
        return
    with f:
        batches: Iterator[pa.RecordBatch]
        try:
            stream = ipc.open_stream(f)
            schema, batches = stream.schema, iter(stream)
        except (pa.ArrowException, OSError, ValueError):
            try:
                f.seek(0)
                reader = ipc.open_file(f)
                schema = reader.schema
                batches = (reader.get_batch(i) for i in range(reader.num_record_batches))
            except (pa.ArrowException, OSError, ValueError) as exc:
                yield Quarantined(entry.source, "corrupt-arrow", _describe(exc), b"")
                return
        if text_field not in schema.names:
            yield _missing_column(entry.source, text_field, schema.names)
            return
        yield from _table_rows(batches, entry.source, text_field, "corrupt-arrow")


def _table_rows(
    batches: Iterator[pa.RecordBatch], file_source: str, text_field: str, corrupt: str,
    row: int = 0,
) -> Iterator[Item]:
    """Rows as documents from row number `row` on, at most `_BATCH_ROWS` converted to
    Python at a time."""
    while True:
        try:
            batch = next(batches, None)
        except (pa.ArrowException, OSError, ValueError) as exc:
            yield Quarantined(file_source, corrupt, f"after row {row}: {_describe(exc)}", b"")
            return
        if batch is None:
            return
        for start in range(0, batch.num_rows, _BATCH_ROWS):
            try:
                records = batch.slice(start, _BATCH_ROWS).to_pylist()
            except (pa.ArrowException, ValueError, OverflowError, TypeError) as exc:
                detail = f"rows {row}-{row + _BATCH_ROWS - 1}: {_describe(exc)}"
                yield Quarantined(file_source, corrupt, detail, b"")
                return
            for record in records:
                text = record.get(text_field)
                raw = text.encode("utf-8") if isinstance(text, str) else b""
                yield from_mapping(record, f"{file_source}#{row}", text_field, raw, None)
                row += 1


def _missing_column(source: str, text_field: str, names: list[str]) -> Quarantined:
    columns = ", ".join(names) or "(none)"
    return Quarantined(
        source, "missing-text-column", f"no column {text_field!r}; columns: {columns}", b""
    )


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
