"""Stream documents out of files, folders, compressed files and saved datasets.

Bad input never raises: every failure becomes a `Quarantined` record naming the file (and
line or row), so one broken file cannot stop a long run and nothing is dropped silently.
Memory stays flat: JSON lines are read line by line, Parquet and Arrow in batches, and a
directory is walked one sorted listing at a time.

This module dispatches each planned file to its reader; the seams live beside it:
`plan` (which files, in which order), `streams` (bytes out of plain or compressed files),
`jsonl` (JSON lines and JSON arrays), `tables` (Parquet and Arrow), `records` (record →
Document). The planning names are re-exported here, where engines have always found them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from cleaner.document import Document, Quarantined, document_id
from cleaner.io.decode import DecodeError, decode
from cleaner.io.jsonl import JsonLine, read_json
from cleaner.io.plan import InputFile, Walk, plan_inputs
from cleaner.io.records import Item, invalid_meta
from cleaner.io.streams import ReadFailure, file_chunks
from cleaner.io.tables import read_arrow, read_parquet

__all__ = ["iter_documents", "read_file"]

_WHOLE_FILE_KINDS = ("text", "markdown", "html")


def iter_documents(
    inputs: Iterable[str | Path],
    text_field: str = "text",
    max_decompressed_bytes: int = 2**31,
    walk: Walk | None = None,
    defer: bool = False,
) -> Iterator[Document | Quarantined | JsonLine]:
    """Yield one Document (or Quarantined) per input document, in a deterministic order.

    Inputs are read in the given order; directories recursively in order of relative POSIX
    path, skipping hidden entries and directories already visited (symlink loops). A folder
    written by `datasets.Dataset.save_to_disk` is read through its Arrow files in the order
    of its ``state.json``. `source` is the path below the input (the file name for a file
    input) plus ``:LINE`` for JSON lines and ``#ROW`` for Parquet/Arrow rows and JSON array
    elements (0-based). With `defer`, JSON lines come as `JsonLine`s, to be parsed where
    they are cleaned.
    """
    for entry in plan_inputs(inputs, walk):
        if isinstance(entry, Quarantined):
            yield entry
        else:
            yield from read_file(entry, text_field, max_decompressed_bytes, defer)


def read_file(
    entry: InputFile, text_field: str = "text", max_decompressed_bytes: int = 2**31,
    defer: bool = False,
) -> Iterator[Document | Quarantined | JsonLine]:
    """The documents of one planned input file (JSON lines as `JsonLine`s with `defer`)."""
    try:
        if defer and _READERS[entry.kind] is read_json:
            yield from read_json(entry, text_field, max_decompressed_bytes, defer=True)
        else:
            yield from _READERS[entry.kind](entry, text_field, max_decompressed_bytes)
    except Exception as exc:  # last resort: one unexpected failure must not end the run
        yield Quarantined(entry.source, "read-error", f"{type(exc).__name__}: {exc}", b"")


def _read_whole(entry: InputFile, text_field: str, limit: int) -> Iterator[Item]:
    """A text, Markdown or HTML file as one document, decoded as a whole."""
    try:
        raw = b"".join(file_chunks(entry.path, entry.compression, limit))
    except ReadFailure as fail:
        yield Quarantined(entry.source, fail.reason, fail.detail, b"")
        return
    try:
        decoded = decode(raw)
    except DecodeError as exc:
        yield Quarantined(entry.source, exc.reason, exc.detail, raw)
        return
    doc = Document(
        id=document_id(entry.source, raw),
        text=decoded.text.removeprefix("\ufeff"),
        source=entry.source,
        format=entry.kind,
        extra=invalid_meta(decoded.invalid_bytes),
    )
    del raw, decoded  # not held while the document is cleaned: a large file's bytes
    yield doc


_READERS: dict[str, Callable[[InputFile, str, int], Iterator[Item]]] = {
    **dict.fromkeys(_WHOLE_FILE_KINDS, _read_whole),
    "jsonl": read_json,
    "json": read_json,
    "parquet": read_parquet,
    "arrow": read_arrow,
}
