"""Documents out of JSON lines files and JSON files (a top-level array of records).

JSON lines are read line by line: a line that is not UTF-8 is decoded like a text file
(its positions shifted to the line's place in the file), one broken line costs only that
line, and `source` is ``file:LINE``. A top-level JSON array is parsed one element at a
time from the byte stream (``file#INDEX``), so a large array never sits in memory whole;
the first malformed element ends it, with the rest of the array (capped) quarantined.
A `.json` file that is not an array is read as JSON lines.

A reader asked to `defer` hands each line on as a `JsonLine`, parsed where the batch is
cleaned: the local engine's main process then only cuts lines while its workers decode
and parse them, the same way, with the same items in the end.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Quarantined
from cleaner.io.decode import DecodeError, decode
from cleaner.io.plan import InputFile
from cleaner.io.records import Item, from_mapping, invalid_meta
from cleaner.io.streams import ReadFailure, file_chunks, peek, range_chunks, split_lines

__all__ = ["JsonLine", "read_json", "read_json_range"]

_PAYLOAD_CAP = 1 << 16  # quarantined rest of a broken JSON array, not the whole file
_NON_WS = re.compile(r"[^ \t\n\r]")
_JSON_DECODER = json.JSONDecoder()


def read_json(
    entry: InputFile, text_field: str, limit: int, defer: bool = False
) -> Iterator[Item | JsonLine]:
    """The records of a JSON lines file, or of a `.json` file (an array, else lines);
    with `defer`, each line as a `JsonLine` (an array's elements are parsed here)."""
    chunks = file_chunks(entry.path, entry.compression, limit)
    at = _Lines()
    try:
        if entry.kind == "json":
            first, chunks = peek(chunks)
            if first == b"[":
                yield from _json_array(chunks, entry.source, text_field)
                return
        yield from _json_lines(chunks, entry.source, text_field, at, defer)
    except ReadFailure as fail:
        yield at.failure(entry.source, fail)


@dataclass(frozen=True, slots=True)
class JsonLine:
    """A JSON line read but not parsed yet (`read_json(defer=True)`): `parse` gives the
    item the reader would have given."""

    line: bytes  # without its b"\n" and a b"\r" before it
    file_source: str
    lineno: int
    start: int  # the line's byte offset in the file
    text_field: str

    def parse(self) -> Item:
        try:
            return _json_line(self.line, self.file_source, self.lineno, self.start,
                              self.text_field)
        except Exception as exc:  # `read_file`'s last resort, for this line alone
            source = f"{self.file_source}:{self.lineno}"
            return Quarantined(source, "read-error", f"{type(exc).__name__}: {exc}", self.line)


def read_json_range(
    entry: InputFile, start: int, end: int | None, first_line: int, text_field: str
) -> Iterator[Item]:
    """The lines in bytes [start, end) of an uncompressed JSON lines file, `start` being
    the start of line `first_line`: the very items `read_json` gives for those lines."""
    at = _Lines(first_line - 1, start)
    try:
        yield from _json_lines(range_chunks(entry.path, start, end), entry.source,
                               text_field, at)
    except ReadFailure as fail:
        yield at.failure(entry.source, fail)


class _Lines:
    """Where a JSON lines read is: lines read so far, and the byte offset of the next."""

    def __init__(self, line: int = 0, offset: int = 0) -> None:
        self.line = line
        self.offset = offset

    def failure(self, file_source: str, fail: ReadFailure) -> Quarantined:
        where = f" (after line {self.line})" if self.line else ""
        return Quarantined(file_source, fail.reason, fail.detail + where, b"")


def _json_lines(
    chunks: Iterator[bytes], file_source: str, text_field: str, at: _Lines,
    defer: bool = False,
) -> Iterator[Item | JsonLine]:
    """One item per non-blank line; line numbers and offsets go on from `at`."""
    for raw in split_lines(chunks):
        at.line += 1
        start, at.offset = at.offset, at.offset + len(raw) + 1
        line = raw[:-1] if raw.endswith(b"\r") else raw
        if line.strip():
            item: Item | JsonLine = (
                JsonLine(line, file_source, at.line, start, text_field) if defer
                else _json_line(line, file_source, at.line, start, text_field)
            )
            del raw, line  # not held while the item is cleaned: one line can be the file
            yield item


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
    item = from_mapping(obj, source, text_field, line, line, escapes=b"\\u" in line)
    if isinstance(item, Document):
        item.extra.update(invalid_meta(invalid))
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
                raise ReadFailure(
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
            yield from_mapping(
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
