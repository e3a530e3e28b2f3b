"""Write documents as Hugging Face-style Parquet shards and quarantined inputs as JSON lines.

Everything is written under a temporary name and renamed into place only when complete,
so an interrupted run never leaves a dataset that looks finished. Output depends only on
the input: the same documents give byte-identical shards.
"""

from __future__ import annotations

import base64
import glob
import json
import os
import re
import secrets
from pathlib import Path
from types import TracebackType

import pyarrow as pa
import pyarrow.parquet as pq

from cleaner.document import Document, Quarantined
from cleaner.io.rows import (
    DROPPED_FIELDS,
    SCHEMA,
    Rows,
    Taken,
    Values,
    encode_row,
    extras_size,
)
from cleaner.signals import FIELDS as SIGNAL_FIELDS

__all__ = ["DROPPED_FIELDS", "SCHEMA", "QuarantineWriter", "ShardWriter", "atomic_write_text"]

# Statistics and dictionaries only where they pay: min/max of long texts would bloat every
# footer and page index, and free text does not repeat.
_STATISTICS_COLUMNS = [
    "id", "source", "title", "url", "date", "author", "script", "n_chars",
    *(f"signals.{f.name}" for f in SIGNAL_FIELDS),
]
_DICTIONARY_COLUMNS = ["script"]


class ShardWriter:
    """Buffer documents into row groups of ~`row_group_bytes` and shards of ~`shard_bytes`.

    Sizes are uncompressed: the UTF-8 length of the string fields plus 8 per row (the
    signals' ~100 bytes a row are left out: they would only shift the boundaries). Shards are
    written as ``data/.tmp-<prefix>-NNNNN.parquet`` and renamed by `close` to
    ``data/<prefix>-00000-of-0000N.parquet``; older ``<prefix>-*-of-*.parquet`` files are
    removed only after that. Leaving the ``with`` block by an exception removes the
    temporaries and keeps whatever was there before.
    """

    def __init__(
        self,
        out_dir: Path,
        *,
        row_group_bytes: int = 100 * 2**20,
        shard_bytes: int = 512 * 2**20,
        prefix: str = "train",
        content_defined_chunking: bool = False,
        folder: str = "data",
        extra_fields: tuple[pa.Field, ...] = (),
    ) -> None:
        if row_group_bytes <= 0 or shard_bytes <= 0:
            raise ValueError("row_group_bytes and shard_bytes must be positive")
        if not prefix or "/" in prefix or prefix.startswith("."):
            raise ValueError(f"invalid shard prefix {prefix!r}")
        self.data_dir = Path(out_dir) / folder
        self.schema = pa.schema([*SCHEMA, *extra_fields])
        self._extra_names = [f.name for f in extra_fields]  # looked up once per row
        self.row_group_bytes = row_group_bytes
        self.shard_bytes = shard_bytes
        self.prefix = prefix
        # Page boundaries cut by content, so an edit moves few pages and storage that
        # deduplicates chunks (the Hugging Face Hub's Xet) stores only what changed.
        self.content_defined_chunking = content_defined_chunking
        self.rows_written = 0
        self._segments: list[Values | Taken] = []  # the next row group's rows, in order
        self._buffered = 0
        self._shard_used = 0
        self._writer: pq.ParquetWriter | None = None
        self._temporaries: list[Path] = []
        self._final: list[Path] | None = None
        self._aborted = False
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # Left by a killed run with the same prefix; ours would overwrite some of them anyway.
        for stale in self.data_dir.glob(f".tmp-{glob.escape(prefix)}-*.parquet"):
            stale.unlink(missing_ok=True)

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def write(self, doc: Document, extra: dict[str, str | None] | None = None) -> None:
        """Buffer one document (and the values of the writer's extra fields); a full
        buffer becomes one row group."""
        self._check_open()
        values, size = encode_row(doc)
        segment = self._segments[-1] if self._segments else None
        if not isinstance(segment, Values):
            segment = Values(len(self.schema))
            self._segments.append(segment)
        extras = self._extras(extra)
        segment.add([*values, *extras])
        self._add(size + extras_size(extras))

    def write_row(self, rows: Rows, index: int, extra: dict[str, str | None] | None = None) -> None:
        """Buffer row `index` of rows a worker encoded (`encode_rows`): what `write` of
        that document would buffer, without encoding it again."""
        self._check_open()
        segment = self._segments[-1] if self._segments else None
        if not (isinstance(segment, Taken) and segment.rows is rows):
            segment = Taken(rows, len(self.schema) - len(SCHEMA))
            self._segments.append(segment)
        extras = self._extras(extra)
        segment.add(index, extras)
        self._add(rows.sizes[index] + extras_size(extras))

    def _check_open(self) -> None:
        if self._final is not None or self._aborted:
            raise RuntimeError("ShardWriter is closed")

    def _extras(self, extra: dict[str, str | None] | None) -> list[str | None]:
        if extra is None:
            return [None] * len(self._extra_names)
        return [extra.get(name) for name in self._extra_names]

    def _add(self, size: int) -> None:
        self._buffered += size
        if self._buffered >= self.row_group_bytes:
            self._flush()

    def close(self) -> list[Path]:
        """Finish all shards, rename them into place, remove older shards; return the paths."""
        if self._final is not None:
            return list(self._final)
        if self._aborted:
            raise RuntimeError("ShardWriter was aborted")
        try:
            self._flush()
            if self._writer is None and not self._temporaries:
                self._open_shard()  # zero documents still give one valid, empty shard
            self._close_shard()
            for tmp in self._temporaries:
                _fsync_file(tmp)
            total = len(self._temporaries)
            final = [
                self.data_dir / f"{self.prefix}-{i:05d}-of-{total:05d}.parquet"
                for i in range(total)
            ]
            for tmp, path in zip(self._temporaries, final, strict=True):
                os.replace(tmp, path)
            _fsync_dir(self.data_dir)
        except BaseException:
            self.abort()
            raise
        self._final = final
        pattern = re.compile(rf"{re.escape(self.prefix)}-\d{{5,}}-of-\d{{5,}}\.parquet")
        keep = {p.name for p in final}
        for old in self.data_dir.iterdir():
            if old.name not in keep and pattern.fullmatch(old.name):
                old.unlink(missing_ok=True)
        _fsync_dir(self.data_dir)
        return list(final)

    def abort(self) -> None:
        """Drop everything written so far; earlier complete shards stay untouched."""
        if self._final is not None:
            return
        self._aborted = True
        if self._writer is not None:
            try:
                self._writer.close()
            except Exception:  # already failing; the file is deleted below anyway
                pass
            self._writer = None
        for tmp in self._temporaries:
            tmp.unlink(missing_ok=True)
        self._segments = []

    def _flush(self) -> None:
        """Write the buffer as exactly one row group, rolling to a new shard when full."""
        if not self._segments:
            return
        table = pa.Table.from_batches(
            [b for segment in self._segments for b in segment.batches(self.schema)],
            schema=self.schema,
        ).combine_chunks()
        if self._writer is None:
            self._open_shard()
        assert self._writer is not None
        self._writer.write_table(table, row_group_size=table.num_rows)
        self.rows_written += table.num_rows
        self._shard_used += self._buffered
        self._segments = []
        self._buffered = 0
        if self._shard_used >= self.shard_bytes:
            self._close_shard()

    def _open_shard(self) -> None:
        tmp = self.data_dir / f".tmp-{self.prefix}-{len(self._temporaries):05d}.parquet"
        self._temporaries.append(tmp)
        self._writer = pq.ParquetWriter(
            str(tmp),
            self.schema,
            compression="zstd",
            use_dictionary=_DICTIONARY_COLUMNS,
            write_statistics=_STATISTICS_COLUMNS,
            write_page_index=True,
            data_page_version="2.0",
            use_content_defined_chunking=self.content_defined_chunking,
        )
        self._shard_used = 0

    def _close_shard(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


class QuarantineWriter:
    """Append quarantined inputs as JSON lines; the file appears under `path` on `close`.

    Each line has ``source``, ``reason``, ``detail`` and either ``text`` (a str payload, or
    bytes that are valid UTF-8, so a malformed JSON line stays readable) or ``bytes_b64``
    (any other bytes, verbatim, so undecodable input can be recovered exactly).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._tmp = self.path.with_suffix(".jsonl.tmp")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self._tmp, "wb")
        self._counts: dict[str, int] = {}
        self._done = False

    def __enter__(self) -> QuarantineWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def write(self, q: Quarantined) -> None:
        if self._done:
            raise RuntimeError("QuarantineWriter is closed")
        record: dict[str, str] = {"source": q.source, "reason": q.reason, "detail": q.detail}
        if isinstance(q.payload, (bytes, bytearray, memoryview)):
            try:
                record["text"] = bytes(q.payload).decode("utf-8")
            except UnicodeDecodeError:
                record["bytes_b64"] = base64.b64encode(bytes(q.payload)).decode("ascii")
        else:
            record["text"] = q.payload
        try:
            line = json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: \\u escapes keep them losslessly
            line = json.dumps(record).encode("ascii")
        self._file.write(line + b"\n")
        self._counts[q.reason] = self._counts.get(q.reason, 0) + 1

    def counts(self) -> dict[str, int]:
        """Number of records per reason, reasons sorted."""
        return dict(sorted(self._counts.items()))

    def close(self) -> Path:
        if not self._done:
            try:
                self._file.flush()
                os.fsync(self._file.fileno())
                self._file.close()
                os.replace(self._tmp, self.path)
                _fsync_dir(self.path.parent)
            except BaseException:
                self.abort()
                raise
            self._done = True
        return self.path

    def abort(self) -> None:
        """Drop the temporary file; an earlier complete file at `path` stays."""
        if self._done:
            return
        self._done = True
        self._file.close()
        self._tmp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) so that readers see the old or the new file, whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # os.open with 0o666 honours the umask, unlike mkstemp's 0o600.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Make renames durable; not every platform or file system allows it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
