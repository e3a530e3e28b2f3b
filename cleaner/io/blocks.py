"""Large input files cut into blocks, so that an engine can read one file on many CPUs.

An uncompressed JSON lines file is cut at line starts about every `BLOCK_BYTES` bytes; a
Parquet file between row groups. Each block knows where it starts in the file (its first
line number, or its first row), so reading the blocks in order gives exactly the items of
the whole-file read: the same `source` labels and ids, the same decoding (JSON lines are
decoded line by line, a BOM or legacy bytes included, so no decision spans lines) and the
same errors. Compressed files, JSON arrays, `.json`, text and Arrow files stay whole:
a block of those could not be read without everything before it.

Cutting a JSON lines file reads it once, for the line numbers (at memory speed, in the
process that plans the run); a Parquet file's cuts come from its footer alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.parquet as pq

from cleaner.document import Quarantined
from cleaner.io.jsonl import read_json_range
from cleaner.io.plan import InputFile
from cleaner.io.readers import read_file
from cleaner.io.records import Item
from cleaner.io.tables import read_parquet_groups

__all__ = ["BLOCK_BYTES", "Block", "read_planned", "split_file"]

BLOCK_BYTES = 16 << 20  # input per block (a file no larger stays whole): 1 GB is 64 tasks
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Block:
    """Part of a planned file. JSON lines: bytes [start, end) (end None: to the end of the
    file), `first` the number of the line at `start`. Parquet: row groups [start, end),
    `first` the file's row number of their first row."""

    entry: InputFile
    start: int
    end: int | None
    first: int


Planned = InputFile | Block | Quarantined  # a unit of reading: one task of an engine


def split_file(entry: InputFile, block_bytes: int = BLOCK_BYTES) -> list[InputFile | Block]:
    """The file as blocks in file order, or `[entry]` if it is small, of a kind that is
    read whole, or cannot be opened now (its reader then reports why)."""
    try:
        if entry.compression is None and entry.kind == "jsonl":
            if entry.path.is_file() and entry.path.stat().st_size > block_bytes:
                return _jsonl_blocks(entry, block_bytes)
        elif entry.kind == "parquet":
            return _parquet_blocks(entry, block_bytes)
    except (OSError, pa.ArrowException, ValueError):
        pass
    return [entry]


def read_planned(item: Planned, text_field: str, limit: int) -> Iterator[Item]:
    """The items of one planned file, block or unreadable input (the last as itself)."""
    if isinstance(item, Quarantined):
        yield item
    elif isinstance(item, InputFile):
        yield from read_file(item, text_field, limit)
    else:
        try:
            yield from _read_block(item, text_field)
        except Exception as exc:  # as `read_file`: one failure must not end the run
            source = item.entry.source
            yield Quarantined(source, "read-error", f"{type(exc).__name__}: {exc}", b"")


def file_failure(item: Planned, items: list[Item]) -> bool:
    """Whether a block's items end in a failure of its whole file: the whole-file read
    stops there, so the file's later blocks must give nothing."""
    source = item.entry.source if isinstance(item, Block) else None
    return bool(items) and isinstance(items[-1], Quarantined) and items[-1].source == source


def _read_block(block: Block, text_field: str) -> Iterator[Item]:
    entry = block.entry
    if entry.kind == "parquet":
        assert block.end is not None
        groups = list(range(block.start, block.end))
        return read_parquet_groups(entry, text_field, groups, block.first)
    return read_json_range(entry, block.start, block.end, block.first, text_field)


def _jsonl_blocks(entry: InputFile, block_bytes: int) -> list[InputFile | Block]:
    """Blocks that start at line starts at least `block_bytes` apart."""
    with open(entry.path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        cuts = [(0, 1), *_line_cuts(f.read, size, block_bytes)]
    ends: list[int | None] = [start for start, _ in cuts[1:]]
    return [Block(entry, start, end, line)
            for (start, line), end in zip(cuts, [*ends, None], strict=True)]


def _line_cuts(
    read: Callable[[int], bytes], size: int, block_bytes: int
) -> Iterator[tuple[int, int]]:
    """(offset, line number) of each line start at least `block_bytes` past the last cut
    and before `size`; lines are numbered as `split_lines` splits them."""
    pos = newlines = 0
    want = block_bytes  # the next cut: the first line start at or after this offset
    while chunk := read(_CHUNK):
        while (nl := chunk.find(b"\n", max(want - 1 - pos, 0))) != -1:
            cut = pos + nl + 1
            if cut >= size:
                return  # a cut at the end of the file would be an empty block
            yield cut, 1 + newlines + chunk.count(b"\n", 0, nl + 1)
            want = cut + block_bytes
        newlines += chunk.count(b"\n")
        pos += len(chunk)


def _parquet_blocks(entry: InputFile, block_bytes: int) -> list[InputFile | Block]:
    """Runs of whole row groups of about `block_bytes` (uncompressed) each."""
    meta = pq.ParquetFile(str(entry.path)).metadata
    blocks: list[InputFile | Block] = []
    start = first = row = size = 0
    for group in range(meta.num_row_groups):
        size += meta.row_group(group).total_byte_size
        row += meta.row_group(group).num_rows
        if size >= block_bytes or group == meta.num_row_groups - 1:
            blocks.append(Block(entry, start, group + 1, first))
            start, first, size = group + 1, row, 0
    return blocks if len(blocks) > 1 else [entry]
