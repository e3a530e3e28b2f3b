"""Stream documents out of files, folders, compressed files and saved datasets.

Bad input never raises: every failure becomes a `Quarantined` record naming the file (and
line or row), so one broken file cannot stop a long run and nothing is dropped silently.
Memory stays flat: JSON lines are read line by line, Parquet and Arrow in batches, and a
directory is walked one sorted listing at a time.
"""

from __future__ import annotations

import base64
import codecs
import datetime as dt
import decimal
import gzip
import hashlib
import itertools
import json
import math
import os
import re
import stat
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq
import zstandard

from cleaner.document import Document, Quarantined, document_id
from cleaner.io.decode import DecodeError, decode

__all__ = [
    "InputFile", "count_input_bytes", "input_files", "iter_documents", "plan_inputs", "read_file"
]

_CHUNK = 1 << 20
_ZSTD_PIECE = 4096  # compressed bytes per call: bounds a zstd bomb to ~128 MiB per step
_BATCH_ROWS = 1000
_PAYLOAD_CAP = 1 << 16  # quarantined rest of a broken JSON array, not the whole file
_META_FIELDS = ("title", "url", "date", "author")
_KINDS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
}
_WHOLE_FILE_KINDS = ("text", "markdown", "html")
_COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
# Written by `DatasetDict.save_to_disk` next to the split folders; not a corpus file.
_SKIPPED_NAMES = frozenset({"dataset_dict.json"})
_NON_WS = re.compile(r"[^ \t\n\r]")

Item = Document | Quarantined


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: where it is, its `source` name and how to read it."""

    path: Path
    source: str
    kind: str  # text | markdown | html | jsonl | json | parquet | arrow
    compression: str | None = None


class _Fail(Exception):
    """A file-level failure, turned into one Quarantined record by the caller."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def iter_documents(
    inputs: Iterable[str | Path],
    text_field: str = "text",
    max_decompressed_bytes: int = 2**31,
    walk: Walk | None = None,
) -> Iterator[Document | Quarantined]:
    """Yield one Document (or Quarantined) per input document, in a deterministic order.

    Inputs are read in the given order; directories recursively in order of relative POSIX
    path, skipping hidden entries and directories already visited (symlink loops). A folder
    written by `datasets.Dataset.save_to_disk` is read through its Arrow files in the order
    of its ``state.json``. `source` is the path below the input (the file name for a file
    input) plus ``:LINE`` for JSON lines and ``#ROW`` for Parquet/Arrow rows and JSON array
    elements (0-based).
    """
    for entry in plan_inputs(inputs, walk):
        if isinstance(entry, Quarantined):
            yield entry
        else:
            yield from read_file(entry, text_field, max_decompressed_bytes)


@dataclass
class Walk:
    """How folders are walked: folders left out (a run's own output), and what was skipped.

    A run's output folder inside an input folder would be read back as input on the next
    run (its shards, report and quarantine file), so runs exclude it. Files of an
    unsupported type are counted by extension in `skipped`, so that a folder of `.docx`
    files does not look like an empty corpus.
    """

    exclude: frozenset[str] = frozenset()  # real paths of folders never entered
    skipped: Counter[str] = field(default_factory=Counter)

    @classmethod
    def excluding(cls, *folders: Path) -> Walk:
        return cls(frozenset(os.path.realpath(f) for f in folders))


def plan_inputs(
    inputs: Iterable[str | Path], walk: Walk | None = None
) -> Iterator[InputFile | Quarantined]:
    """The files `iter_documents` reads, in its order, and the inputs it cannot list.

    Engines that spread files over machines read each `InputFile` with `read_file`; the
    documents and their order are the same as `iter_documents` gives.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    return _iter_entries(inputs, walk or Walk())


def read_file(
    entry: InputFile, text_field: str = "text", max_decompressed_bytes: int = 2**31
) -> Iterator[Document | Quarantined]:
    """The documents of one planned input file."""
    try:
        yield from _READERS[entry.kind](entry, text_field, max_decompressed_bytes)
    except Exception as exc:  # last resort: one unexpected failure must not end the run
        yield Quarantined(entry.source, "read-error", f"{type(exc).__name__}: {exc}", b"")


def input_files(
    inputs: Iterable[str | Path], walk: Walk | None = None
) -> Iterator[tuple[str, Path]]:
    """(source name, path) of every file `iter_documents` would read, in its order."""
    for entry in plan_inputs(inputs, walk):
        if isinstance(entry, InputFile):
            yield entry.source, entry.path


def count_input_bytes(inputs: Iterable[str | Path]) -> int:
    """Sum of the on-disk sizes of the files `iter_documents` would read (for progress bars)."""
    total = 0
    for _, path in input_files(inputs):
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total


# --- finding files ------------------------------------------------------------------------


def _iter_entries(
    inputs: Iterable[str | Path], walk: Walk
) -> Iterator[InputFile | Quarantined]:
    for item in inputs:
        path = Path(item)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, "", {os.path.realpath(path), *walk.exclude}, walk.skipped)
            continue
        name = _safe_name(path.name or str(path))
        try:
            mode = path.stat().st_mode
        except OSError:
            mode = 0  # reported as unreadable when opened
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
            # /dev/zero, /dev/random, a terminal: reading would never end. (A pipe or FIFO
            # is read like `cat` reads it, capped like a compressed file.)
            yield Quarantined(name, "not-a-file", "a device or socket, not a file", b"")
            continue
        lower = path.name.lower()
        found = _classify(path.name)
        if found is None:
            compression = next((c for e, c in _COMPRESSIONS.items() if lower.endswith(e)), None)
            found = ("arrow", None) if lower.endswith(".arrow") else ("text", compression)
        yield InputFile(path, name, *found)


def _walk(
    directory: Path, rel: str, visited: set[str], skipped: Counter[str]
) -> Iterator[InputFile | Quarantined]:
    """Depth-first walk whose output is sorted by relative POSIX path.

    Sorting each listing with directories keyed as ``name + "/"`` gives exactly the global
    path order ("a-b/x" < "a.txt" < "a/b.txt") while holding one listing at a time.
    """
    try:
        with os.scandir(directory) as it:
            entries = [e for e in it if not e.name.startswith(".")]
    except OSError as exc:
        yield Quarantined(
            rel.rstrip("/") or _safe_name(directory.name), "unreadable", str(exc), b""
        )
        return
    names = {e.name for e in entries}
    if "state.json" in names and any(n.endswith(".arrow") for n in names):
        yield from _saved_dataset(directory, rel, names)
        return
    keyed = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        keyed.append((entry.name + "/" if is_dir else entry.name, is_dir, entry))
    keyed.sort(key=lambda k: k[0])
    for _, is_dir, entry in keyed:
        rel_path = rel + _safe_name(entry.name)
        if is_dir:
            real = os.path.realpath(entry.path)
            if real not in visited:
                visited.add(real)
                yield from _walk(Path(entry.path), rel_path + "/", visited, skipped)
            continue
        found = _classify(entry.name)
        if found is None or entry.name in _SKIPPED_NAMES:
            if found is None:
                skipped[os.path.splitext(entry.name)[1].lower() or "(no extension)"] += 1
            continue
        try:
            # Regular files, and symlinks (a broken one is reported as unreadable);
            # never FIFOs or devices, which could block or never end.
            readable = entry.is_symlink() or entry.is_file()
        except OSError:
            readable = True
        if readable:
            yield InputFile(Path(entry.path), rel_path, *found)


def _saved_dataset(directory: Path, rel: str, names: set[str]) -> Iterator[InputFile]:
    """Arrow files of a `save_to_disk` folder, in ``state.json`` order (sorted as fallback)."""
    order = sorted(n for n in names if n.endswith(".arrow"))
    try:
        state = json.loads((directory / "state.json").read_bytes())
        listed = [f["filename"] for f in state["_data_files"]]
        if listed and all(isinstance(n, str) and n and os.path.basename(n) == n for n in listed):
            order = listed
    except (OSError, ValueError, KeyError, TypeError):
        pass
    for name in order:
        yield InputFile(directory / name, rel + _safe_name(name), "arrow")


def _classify(name: str) -> tuple[str, str | None] | None:
    """(kind, compression) for a supported file name, else None."""
    lower = name.lower()
    compression = None
    for ext, comp in _COMPRESSIONS.items():
        if lower.endswith(ext):
            compression = comp
            lower = lower[: -len(ext)]
            break
    kind = _KINDS.get(os.path.splitext(lower)[1])
    if kind is None or (kind == "parquet" and compression):
        return None
    return kind, compression


def _safe_name(name: str) -> str:
    """File names that are not valid UTF-8 still need a writable `source`."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


# --- raw bytes ----------------------------------------------------------------------------


def _chunks(path: Path, compression: str | None, limit: int) -> Iterator[bytes]:
    """Stream a file's (decompressed) bytes; raise `_Fail` on any failure."""
    try:
        f = open(path, "rb")
    except OSError as exc:
        raise _Fail("unreadable", str(exc)) from None
    with f:
        if compression is None:
            if stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                yield from _plain_chunks(f)
                return
            source = _plain_chunks(f)  # a pipe may never end: capped like decompression
        else:
            source = _gzip_chunks(f) if compression == "gzip" else _zstd_chunks(f)
        total = 0
        while True:
            try:
                chunk = next(source, b"")
            except (EOFError, zlib.error, gzip.BadGzipFile, zstandard.ZstdError) as exc:
                raise _Fail("corrupt-compression", f"{type(exc).__name__}: {exc}") from None
            except OSError as exc:
                raise _Fail("unreadable", str(exc)) from None
            if not chunk:
                return
            total += len(chunk)
            if total > limit:
                raise _Fail(
                    "decompression-limit",
                    f"{'decompressed size' if compression else 'stream'} exceeds "
                    f"max_decompressed_bytes={limit}",
                )
            yield chunk


def _plain_chunks(f: Any) -> Iterator[bytes]:
    while True:
        try:
            chunk = f.read(_CHUNK)
        except OSError as exc:
            raise _Fail("unreadable", str(exc)) from None
        if not chunk:
            return
        yield chunk


def _gzip_chunks(f: Any) -> Iterator[bytes]:
    with gzip.GzipFile(fileobj=f, mode="rb") as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _zstd_chunks(f: Any) -> Iterator[bytes]:
    """Decompress zstd in small input pieces so that output per step stays bounded.

    `stream_reader` would bound output too but silently accepts a truncated frame; the
    decompression object tells whether each frame really ended.
    """
    dctx = zstandard.ZstdDecompressor()
    dobj = dctx.decompressobj()
    in_frame = False
    out: list[bytes] = []
    size = 0
    pending = b""
    while True:
        data = pending or f.read(_CHUNK)
        pending = b""
        if not data:
            break
        view = memoryview(data)
        for start in range(0, len(view), _ZSTD_PIECE):
            piece = dobj.decompress(view[start : start + _ZSTD_PIECE])
            in_frame = True
            if piece:
                out.append(piece)
                size += len(piece)
            if dobj.eof:  # frame complete: the rest of this input starts the next frame
                pending = dobj.unused_data + bytes(view[start + _ZSTD_PIECE :])
                dobj = dctx.decompressobj()
                in_frame = False
                break
            if size >= _CHUNK:
                yield b"".join(out)
                out, size = [], 0
    if out:
        yield b"".join(out)
    if in_frame:
        raise zstandard.ZstdError("truncated zstd frame")


# --- whole-file documents -----------------------------------------------------------------


def _read_whole(entry: InputFile, text_field: str, limit: int) -> Iterator[Item]:
    try:
        raw = b"".join(_chunks(entry.path, entry.compression, limit))
    except _Fail as fail:
        yield Quarantined(entry.source, fail.reason, fail.detail, b"")
        return
    try:
        decoded = decode(raw)
    except DecodeError as exc:
        yield Quarantined(entry.source, exc.reason, exc.detail, raw)
        return
    yield Document(
        id=document_id(entry.source, raw),
        text=decoded.text.removeprefix("\ufeff"),
        source=entry.source,
        format=entry.kind,
        extra=_invalid_meta(decoded.invalid_bytes),
    )


def _invalid_meta(invalid_bytes: int) -> dict[str, Any]:
    """`meta.invalid_bytes`: bytes the decoder replaced with U+FFFD, set only when some were."""
    return {"invalid_bytes": invalid_bytes} if invalid_bytes else {}


# --- JSON ---------------------------------------------------------------------------------


def _read_json(entry: InputFile, text_field: str, limit: int) -> Iterator[Item]:
    chunks = _chunks(entry.path, entry.compression, limit)
    lineno = 0
    try:
        if entry.kind == "json":
            first, chunks = _peek(chunks)
            if first == b"[":
                yield from _json_array(chunks, entry.source, text_field)
                return
        offset = 0
        for raw in _lines(chunks):
            lineno += 1
            start, offset = offset, offset + len(raw) + 1
            line = raw[:-1] if raw.endswith(b"\r") else raw
            if line.strip():
                yield _json_line(line, entry.source, lineno, start, text_field)
    except _Fail as fail:
        where = f" (after line {lineno})" if lineno else ""
        yield Quarantined(entry.source, fail.reason, fail.detail + where, b"")


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Split a byte stream on b"\\n"; a line may span any number of chunks."""
    parts: list[bytes] = []
    for chunk in chunks:
        if b"\n" not in chunk:
            parts.append(chunk)
            continue
        lines = chunk.split(b"\n")
        parts.append(lines[0])
        yield b"".join(parts)
        yield from lines[1:-1]
        parts = [lines[-1]]
    tail = b"".join(parts)
    if tail:
        yield tail


def _peek(chunks: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """First non-whitespace byte (after a UTF-8 BOM), and the stream unchanged."""
    seen: list[bytes] = []
    for chunk in chunks:
        seen.append(chunk)
        stripped = b"".join(seen).removeprefix(codecs.BOM_UTF8).lstrip()
        if stripped:
            return stripped[:1], itertools.chain(seen, chunks)
    return b"", iter(seen)


def _json_line(line: bytes, file_source: str, lineno: int, start: int, text_field: str) -> Item:
    source = f"{file_source}:{lineno}"
    invalid = 0
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            decoded = decode(line, base_line=lineno, base_offset=start)
        except DecodeError as exc:
            return Quarantined(source, exc.reason, exc.detail, line)
        text, invalid = decoded.text, decoded.invalid_bytes
    try:
        obj = json.loads(text.removeprefix("\ufeff"))
    except (ValueError, RecursionError) as exc:
        return Quarantined(source, "malformed-json", str(exc), line)
    item = _from_mapping(obj, source, text_field, line, line, escapes=b"\\u" in line)
    if isinstance(item, Document):
        item.extra.update(_invalid_meta(invalid))
    return item


class _TextStream:
    """Incrementally decoded UTF-8 text with a parse position, for a streamed JSON array."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.consumed = 0

    def more(self) -> bool:
        """Append at least as much text as is pending, so re-parsing stays amortised O(n)."""
        if self.eof:
            return False
        parts = [self.buf[self.pos :]]
        want, got = max(len(parts[0]), 1), 0
        while got < want:
            chunk = next(self.chunks, None)
            try:
                text = self.decoder.decode(chunk or b"", final=chunk is None)
            except UnicodeDecodeError as exc:
                at = self.consumed + exc.start
                raise _Fail(
                    "undecodable-bytes", f"near byte {at}: invalid UTF-8 in JSON array"
                ) from None
            if chunk is None:
                self.eof = True
                parts.append(text)
                break
            self.consumed += len(chunk)
            parts.append(text)
            got += len(text)
        self.buf, self.pos = "".join(parts), 0
        return True

    def next_char(self) -> str:
        """Skip whitespace; return the next character, or "" at the end."""
        while True:
            match = _NON_WS.search(self.buf, self.pos)
            if match:
                self.pos = match.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if not self.more():
                return ""

    def value(self) -> tuple[Any, str]:
        """Parse one JSON value at the position; return it and its source text."""
        decoder = _JSON_DECODER
        while True:
            try:
                obj, end = decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                incomplete = exc.pos >= len(self.buf) - 16 or exc.msg.startswith("Unterminated")
                if incomplete and self.more():
                    continue
                raise
            if end == len(self.buf) and self.more():
                continue  # a number may go on in the next chunk
            raw, self.pos = self.buf[self.pos : end], end
            return obj, raw


_JSON_DECODER = json.JSONDecoder()


def _json_array(chunks: Iterator[bytes], file_source: str, text_field: str) -> Iterator[Item]:
    """Elements of a top-level JSON array, one at a time; source is ``file#INDEX``."""
    stream = _TextStream(chunks)
    stream.next_char()  # "[" (checked by the caller)
    stream.pos += 1
    index = 0

    def broken(message: str) -> Quarantined:
        rest = stream.buf[stream.pos : stream.pos + _PAYLOAD_CAP]
        return Quarantined(f"{file_source}#{index}", "malformed-json", message, rest)

    if stream.next_char() == "]":
        stream.pos += 1
    else:
        while True:
            stream.next_char()
            try:
                obj, raw = stream.value()
            except (json.JSONDecodeError, RecursionError) as exc:
                yield broken(f"element {index}: {exc}")
                return
            element = raw.encode("utf-8")
            yield _from_mapping(
                obj, f"{file_source}#{index}", text_field, element, element, "\\u" in raw
            )
            index += 1
            char = stream.next_char()
            if char == ",":
                stream.pos += 1
                continue
            if char == "]":
                stream.pos += 1
                break
            yield broken(f"expected ',' or ']' after element {index - 1}, got {char!r}")
            return
    if stream.next_char():
        yield broken("unexpected data after the closing ']'")


# --- Parquet and Arrow --------------------------------------------------------------------


def _read_parquet(entry: InputFile, text_field: str, limit: int) -> Iterator[Item]:
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
        batches = pf.iter_batches(batch_size=_BATCH_ROWS)
        yield from _table_rows(batches, entry.source, text_field, "corrupt-parquet")


def _read_arrow(entry: InputFile, text_field: str, limit: int) -> Iterator[Item]:
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
    batches: Iterator[pa.RecordBatch], file_source: str, text_field: str, corrupt: str
) -> Iterator[Item]:
    """Rows as documents, converting at most `_BATCH_ROWS` rows to Python at a time."""
    row = 0
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
                yield _from_mapping(record, f"{file_source}#{row}", text_field, raw, None)
                row += 1


def _missing_column(source: str, text_field: str, names: list[str]) -> Quarantined:
    columns = ", ".join(names) or "(none)"
    return Quarantined(
        source, "missing-text-column", f"no column {text_field!r}; columns: {columns}", b""
    )


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


# --- mapping records to documents ---------------------------------------------------------


def _from_mapping(
    obj: Any, source: str, text_field: str, raw: bytes, payload: bytes | None, escapes: bool = False
) -> Item:
    """Build a Document from a JSON object or a table row.

    `raw` is what the id is computed from (the JSON text, or the UTF-8 text of a row).
    `payload` is kept verbatim on quarantine; None (rows) means "the row as JSON".
    `escapes` says the JSON had ``\\u`` escapes, the only way in for lone surrogates,
    which Parquet cannot store.
    """

    def reject(reason: str, detail: str) -> Quarantined:
        return Quarantined(source, reason, detail, _row_json(obj) if payload is None else payload)

    if not isinstance(obj, dict):
        return reject("malformed-json", f"expected a JSON object, got {_type_name(obj)}")
    if text_field not in obj:
        fields = ", ".join(sorted(map(str, obj))) or "(none)"
        return reject("missing-text", f"no field {text_field!r}; fields: {fields}")
    text = obj[text_field]
    if not isinstance(text, str):
        return reject("invalid-text", f"{text_field!r} is {_type_name(text)}, not a string")
    if escapes and not _valid_unicode(text):
        return reject("invalid-text", f"{text_field!r} contains a lone surrogate")
    doc = Document(id=document_id(source, raw), text=text, source=source)
    extra: dict[str, Any] = {}
    for key, value in obj.items():
        if key == text_field:
            continue
        if key in _META_FIELDS:
            if value is None:
                continue
            if isinstance(value, str):
                setattr(doc, key, _clean_str(value))
                continue
            if isinstance(value, (dt.date, dt.time)):
                setattr(doc, key, value.isoformat())
                continue
        extra[_clean_str(str(key))] = _jsonable(value)
    doc.extra = extra
    return doc


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _valid_unicode(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean_str(text: str) -> str:
    """Lone surrogates (from JSON escapes) become "?" so that the value can be written."""
    if _valid_unicode(text):
        return text
    return text.encode("utf-8", "replace").decode("utf-8")


def _jsonable(value: Any) -> Any:
    """A JSON-serialisable copy: timestamps as ISO strings, bytes as base64, NaN as null."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return _clean_str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {_clean_str(str(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _row_json(obj: Any) -> str:
    return json.dumps(_jsonable(obj), ensure_ascii=False, sort_keys=True)


_READERS: dict[str, Callable[[InputFile, str, int], Iterator[Item]]] = {
    **dict.fromkeys(_WHOLE_FILE_KINDS, _read_whole),
    "jsonl": _read_json,
    "json": _read_json,
    "parquet": _read_parquet,
    "arrow": _read_arrow,
}


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def input_fingerprint(inputs: list[Path], out_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every input file with its size and sha256, so a release says exactly what it read."""
    out = []
    walk = Walk.excluding(out_dir) if out_dir is not None else None
    for source, path in input_files(inputs, walk):
        if path.exists() and not path.is_file():  # a pipe: read once already, maybe endless
            out.append({"source": source, "error": "not a regular file"})
            continue
        try:
            out.append({"source": source, "bytes": path.stat().st_size,
                        "sha256": file_sha256(path)})
        except OSError as exc:
            out.append({"source": source, "error": str(exc)})
    return out
