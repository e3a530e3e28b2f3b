"""Byte streams out of files: plain, gzip or zstd, with a cap on how much comes out.

Memory stays flat: files are read 1 MiB at a time, zstd is fed in small pieces so that a
decompression bomb cannot produce more than a bounded amount per step, and a stream that
may never end (a pipe) is capped like decompressed data. Every failure raises
`ReadFailure` with a quarantine reason, for the reader to turn into one `Quarantined` record.
"""

from __future__ import annotations

import codecs
import gzip
import itertools
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import zstandard

__all__ = ["ReadFailure", "file_chunks", "peek", "range_chunks", "split_lines"]

_CHUNK = 1 << 20
_ZSTD_PIECE = 4096  # compressed bytes per call: bounds a zstd bomb to ~128 MiB per step


class ReadFailure(Exception):
    """A file-level failure, turned into one Quarantined record by the caller."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def file_chunks(path: Path, compression: str | None, limit: int) -> Iterator[bytes]:
    """Stream a file's (decompressed) bytes; raise `ReadFailure` on any failure."""
    try:
        f = open(path, "rb")
    except OSError as exc:
        raise ReadFailure("unreadable", str(exc)) from None
    with f:
        if compression is None:
            if stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                yield from _plain_chunks(f)
                return
            source = _plain_chunks(f)  # a pipe may never end: capped like decompression
        else:
            source = _gzip_chunks(f) if compression == "gzip" else _zstd_chunks(f)
        yield from _capped(source, compression, limit)


def range_chunks(path: Path, start: int, end: int | None) -> Iterator[bytes]:
    """Stream bytes [start, end) of a plain file (`end` None: to its end); raise
    `ReadFailure` like `file_chunks`."""
    try:
        f = open(path, "rb")
    except OSError as exc:
        raise ReadFailure("unreadable", str(exc)) from None
    with f:
        try:
            f.seek(start)
        except OSError as exc:
            raise ReadFailure("unreadable", str(exc)) from None
        left = None if end is None else end - start
        for chunk in _plain_chunks(f):
            if left is not None and len(chunk) >= left:
                yield chunk[:left]
                return
            if left is not None:
                left -= len(chunk)
            yield chunk


def _capped(source: Iterator[bytes], compression: str | None, limit: int) -> Iterator[bytes]:
    """The chunks of `source` until more than `limit` bytes came out, which raises."""
    total = 0
    while True:
        try:
            chunk = next(source, b"")
        except (EOFError, zlib.error, gzip.BadGzipFile, zstandard.ZstdError) as exc:
            raise ReadFailure("corrupt-compression", f"{type(exc).__name__}: {exc}") from None
        except OSError as exc:
            raise ReadFailure("unreadable", str(exc)) from None
        if not chunk:
            return
        total += len(chunk)
        if total > limit:
            raise ReadFailure(
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
            raise ReadFailure("unreadable", str(exc)) from None
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


def split_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Split a byte stream on b"\\n"; a line may span any number of chunks."""
    parts: list[bytes] = []
    for chunk in chunks:
        if b"\n" not in chunk:
            parts.append(chunk)
            continue
        lines = chunk.split(b"\n")
        parts.append(lines[0])
        # The pieces of a long line go before it is handed on, so it exists once.
        line, parts = b"".join(parts), [lines[-1]]
        yield line
        del line
        yield from lines[1:-1]
    tail = b"".join(parts)
    if tail:
        yield tail


def peek(chunks: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """First non-whitespace byte (after a UTF-8 BOM), and the stream unchanged."""
    seen: list[bytes] = []
    for chunk in chunks:
        seen.append(chunk)
        stripped = b"".join(seen).removeprefix(codecs.BOM_UTF8).lstrip()
        if stripped:
            return stripped[:1], itertools.chain(seen, chunks)
    return b"", iter(seen)
