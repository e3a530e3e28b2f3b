"""Blocks of a large file read exactly what the whole file reads (cleaner/io/blocks.py).

The Ray engine cleans one task per block; the end-to-end check that its output is
byte-identical to the local engine's with many blocks is in test_engines.py (one Ray run).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Quarantined
from cleaner.io.blocks import Block, file_failure, read_planned, split_file
from cleaner.io.plan import InputFile
from cleaner.io.readers import read_file

LIMIT = 2**31


def record(text: str) -> bytes:
    return json.dumps({"text": text}, ensure_ascii=False).encode("utf-8")


def tricky_lines() -> list[bytes]:
    """Lines every block edge must keep as the whole-file read has them."""
    long_text = "跨越好几个块的一行很长很长的中文，" * 40
    return [
        b"\xef\xbb\xbf" + record("开头带字节顺序标记的一行。"),
        record("用 CRLF 结尾的一行，后面是空行。") + b"\r",
        b"",
        b"   \t",
        b"{broken json",
        json.dumps({"text": "这一行用国标码写成，不是 UTF-8。"}, ensure_ascii=False).encode("gbk"),
        b"\xff\xfe\x00 not text at all \x00\x00",
        record(long_text),
        record("多字节的字：𠀀𠀁、é、😀，还有全角标点！"),
        json.dumps({"title": "没有正文字段"}).encode("utf-8"),
        b"\xef\xbb\xbf" + record("行中间的字节顺序标记也按行处理。"),
        b"[1, 2, 3]",
    ]


def write_jsonl(path: Path, lines: list[bytes], final_newline: bool) -> InputFile:
    path.write_bytes(b"\n".join(lines) + (b"\n" if final_newline else b""))
    return InputFile(path, path.name, "jsonl")


def read_blocks(parts: list[InputFile | Block]) -> list:
    """What an engine reading the parts in order keeps: a part that ends in a failure of
    its whole file ends the file, as the driver does."""
    out: list = []
    for part in parts:
        items = list(read_planned(part, "text", LIMIT))
        out.extend(items)
        if file_failure(part, items):
            break
    return out


@pytest.mark.parametrize("final_newline", [True, False])
@pytest.mark.parametrize("block_bytes", [1, 5, 64, 333, 1500])
def test_jsonl_blocks_read_what_the_whole_file_reads(tmp_path, block_bytes, final_newline):
    lines = tricky_lines() * 3
    entry = write_jsonl(tmp_path / "big.jsonl", lines, final_newline)
    parts = split_file(entry, block_bytes)
    assert len(parts) > 3 and all(isinstance(p, Block) for p in parts)
    raw = entry.path.read_bytes()
    for part in parts:  # every block starts at a line start and knows its number
        assert part.start == 0 or raw[part.start - 1 : part.start] == b"\n"
        assert part.first == raw.count(b"\n", 0, part.start) + 1
    whole = list(read_file(entry, "text", LIMIT))
    assert read_blocks(parts) == whole
    sources = [item.source for item in whole]
    assert "big.jsonl:1" in sources and any(isinstance(i, Quarantined) for i in whole)


@settings(max_examples=60, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(tricky_lines() + [b"\r", b"\n", b"\xe4\xb8", b"\xad"]),
                    max_size=30),
    block_bytes=st.integers(1, 400),
)
def test_any_cut_of_any_bytes_reads_the_same(tmp_path_factory, pieces, block_bytes):
    path = tmp_path_factory.mktemp("cut") / "x.jsonl"
    path.write_bytes(b"\n".join(pieces))
    entry = InputFile(path, "x.jsonl", "jsonl")
    assert read_blocks(split_file(entry, block_bytes)) == list(read_file(entry, "text", LIMIT))


def test_small_compressed_and_array_files_stay_whole(tmp_path):
    entry = write_jsonl(tmp_path / "small.jsonl", [record("短小的文件不切。")], True)
    assert split_file(entry, 1 << 20) == [entry]
    packed = InputFile(tmp_path / "a.jsonl.gz", "a.jsonl.gz", "jsonl", "gzip")
    array = InputFile(tmp_path / "a.json", "a.json", "json")
    for whole in (packed, array):
        assert split_file(whole, 1) == [whole]
    missing = InputFile(tmp_path / "gone.jsonl", "gone.jsonl", "jsonl")
    assert split_file(missing, 1) == [missing]  # its reader says why


def write_parquet(path: Path, columns: dict[str, list], group_rows: int) -> InputFile:
    pq.write_table(pa.table(columns), path, row_group_size=group_rows)
    return InputFile(path, path.name, "parquet")


def test_parquet_blocks_are_runs_of_row_groups(tmp_path):
    texts = [f"第{n}行：表格里的一篇短文，编号{n}。" if n % 7 else None for n in range(95)]
    entry = write_parquet(tmp_path / "t.parquet", {"text": texts, "n": list(range(95))}, 10)
    assert pq.ParquetFile(entry.path).metadata.num_row_groups == 10
    parts = split_file(entry, 1)
    assert [(p.start, p.end, p.first) for p in parts] == [
        (g, g + 1, 10 * g) for g in range(10)
    ]
    whole = list(read_file(entry, "text", LIMIT))
    assert read_blocks(parts) == whole and len(whole) == 95
    assert whole[-1].source == "t.parquet#94"
    bigger = split_file(entry, 3 * pq.ParquetFile(entry.path).metadata.row_group(0)
                        .total_byte_size)
    assert 1 < len(bigger) < 10 and read_blocks(bigger) == whole


def test_a_file_level_failure_ends_the_file_once(tmp_path):
    entry = write_parquet(tmp_path / "t.parquet", {"body": ["没有名为 text 的列"] * 30}, 10)
    parts = split_file(entry, 1)
    assert len(parts) == 3
    first = list(read_planned(parts[0], "text", LIMIT))
    assert file_failure(parts[0], first)
    assert read_blocks(parts) == list(read_file(entry, "text", LIMIT))
    assert [q.reason for q in read_blocks(parts)] == ["missing-text-column"]
