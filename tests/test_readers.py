"""iter_documents: every format, every failure path, source naming, ordering and ids."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import math
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from cleaner.document import Document, Quarantined, document_id
from cleaner.io import streams
from cleaner.io.plan import count_input_bytes
from cleaner.io.readers import iter_documents

SIMPLIFIED = "我们今天去北京看了长城，天气很好，大家都很高兴。"
TRADITIONAL = "我們今天去台北看了故宮博物院，天氣很好，大家都很高興。"


def read(*inputs: str | Path, **kwargs: object) -> list[Document | Quarantined]:
    return list(iter_documents(list(inputs), **kwargs))  # type: ignore[arg-type]


def docs(items: list[Document | Quarantined]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def quarantined(items: list[Document | Quarantined]) -> list[Quarantined]:
    return [i for i in items if isinstance(i, Quarantined)]


def summary(items: list[Document | Quarantined]) -> list[tuple[str, str]]:
    """(source, text or reason) per item, for compact order assertions."""
    return [(i.source, i.text if isinstance(i, Document) else i.reason) for i in items]


def write_jsonl(path: Path, lines: list[str | dict]) -> bytes:
    raw = "".join(
        (x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines
    ).encode("utf-8")
    path.write_bytes(raw)
    return raw


# --- whole-file formats -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.md", "markdown"),
        ("a.markdown", "markdown"),
        ("a.html", "html"),
        ("a.htm", "html"),
        ("A.TXT", "text"),
    ],
)
def test_whole_file_formats(tmp_path: Path, name: str, fmt: str) -> None:
    raw = f"# 标题\n\n{SIMPLIFIED}\n".encode()
    (tmp_path / name).write_bytes(raw)
    [doc] = read(tmp_path / name)
    assert isinstance(doc, Document)
    assert (doc.text, doc.source, doc.format) == (raw.decode(), name, fmt)
    assert doc.id == document_id(name, raw)
    assert doc.extra == {}


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(SIMPLIFIED, "gbk"), (TRADITIONAL, "big5"), (SIMPLIFIED, "utf-16"), (SIMPLIFIED, "utf-8-sig")],
)
def test_text_files_in_legacy_encodings_and_boms(tmp_path: Path, text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    (tmp_path / "doc.txt").write_bytes(raw)
    [doc] = read(tmp_path / "doc.txt")
    assert isinstance(doc, Document)
    assert doc.text == text  # BOM removed
    assert doc.id == document_id("doc.txt", raw)


def test_undecodable_text_file_is_quarantined_with_its_bytes(tmp_path: Path) -> None:
    raw = b"good line\n" + "中文".encode() + b"\xff" * 40 + "更多的中文内容".encode()
    (tmp_path / "bad.txt").write_bytes(raw)
    (tmp_path / "bin.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
    (tmp_path / "zip.md").write_bytes(b"PK\x03\x04\x14\x00\x08\x00" + bytes(range(256)))
    [bad, binary, archive] = read(tmp_path)
    assert isinstance(bad, Quarantined) and isinstance(binary, Quarantined)
    assert (bad.source, bad.reason, bad.payload) == ("bad.txt", "undecodable-bytes", raw)
    assert bad.detail.startswith("line 2, byte 16:")
    assert (binary.source, binary.reason) == ("bin.html", "binary")
    assert isinstance(archive, Quarantined)
    assert (archive.source, archive.reason) == ("zip.md", "binary")
    assert "ZIP archive" in archive.detail


def test_a_few_invalid_bytes_become_replacements_counted_in_meta(tmp_path: Path) -> None:
    page = "<p>" + SIMPLIFIED.replace("，", ",") + "</p>\n"
    raw = (page * 5).encode("gbk")
    cut = raw.index("长城".encode("gbk")) + 3  # drop the last byte of 城 before ","
    damaged = raw[:cut] + raw[cut + 1 :]
    (tmp_path / "page.html").write_bytes(damaged)
    [doc] = read(tmp_path / "page.html")
    assert isinstance(doc, Document)
    assert doc.text == (page * 5).replace("长城", "长\ufffd", 1)
    assert doc.extra == {"invalid_bytes": 1}
    assert doc.id == document_id("page.html", damaged)


def test_clean_files_get_no_invalid_bytes_field(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(SIMPLIFIED.encode("gbk"))
    [doc] = read(tmp_path / "a.txt")
    assert isinstance(doc, Document) and doc.extra == {}


def test_nul_bytes_from_pdf_extraction_do_not_make_a_file_binary(tmp_path: Path) -> None:
    text = "第一页的正文\x00内容，缺字\x00的地方。\n" * 3
    (tmp_path / "extracted.txt").write_bytes(text.encode())
    (tmp_path / "zeros.txt").write_bytes(b"\x00" * 100)
    [doc, zeros] = read(tmp_path)
    assert isinstance(doc, Document) and doc.text == text  # U001 removes the NULs
    assert isinstance(zeros, Quarantined) and zeros.reason == "binary"


def test_empty_text_file_is_an_empty_document(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    [doc] = read(tmp_path / "empty.txt")
    assert isinstance(doc, Document) and doc.text == ""


def test_unknown_extension_is_text_when_explicit_and_ignored_in_a_directory(
    tmp_path: Path,
) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n中文,2\n", encoding="utf-8")
    (tmp_path / "README").write_text("readme", encoding="utf-8")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4 \x00\x01")
    (tmp_path / "x.txt.bz2").write_bytes(b"BZh9")
    assert read(tmp_path) == []
    [doc] = read(tmp_path / "notes.csv")
    assert isinstance(doc, Document)
    assert (doc.text, doc.source, doc.format) == ("a,b\n中文,2\n", "notes.csv", "text")


# --- JSON lines ---------------------------------------------------------------------------


def test_jsonl_documents_ids_and_metadata(tmp_path: Path) -> None:
    record = {
        "text": SIMPLIFIED,
        "title": "标题",
        "url": "https://example.com/a",
        "date": "2024-01-02",
        "author": "张三",
        "id": 42,
        "tags": ["新闻", "北京"],
        "nested": {"k": [1, 2.5, None, True]},
        "score": float("nan"),
    }
    raw = write_jsonl(tmp_path / "c.jsonl", [record, {"text": "第二篇", "title": 7, "url": None}])
    first_line = raw.split(b"\n")[0]
    [a, b] = read(tmp_path / "c.jsonl")
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.source == "c.jsonl:1" and b.source == "c.jsonl:2"
    assert a.id == document_id("c.jsonl:1", first_line)
    assert (a.text, a.title, a.url, a.date, a.author) == (
        SIMPLIFIED,
        "标题",
        "https://example.com/a",
        "2024-01-02",
        "张三",
    )
    assert a.extra == {
        "id": 42,
        "tags": ["新闻", "北京"],
        "nested": {"k": [1, 2.5, None, True]},
        "score": None,  # NaN is not JSON
    }
    assert (a.format, a.script) == ("text", "und")
    # A non-string title is kept, in extra; a null url is simply absent.
    assert (b.title, b.url, b.extra) == (None, None, {"title": 7})


def test_jsonl_custom_text_field(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"content": "正文", "text": "别的"}])
    [doc] = read(tmp_path / "c.jsonl", text_field="content")
    assert isinstance(doc, Document)
    assert doc.text == "正文" and doc.extra == {"text": "别的"}


def test_jsonl_malformed_lines_are_quarantined_one_by_one(tmp_path: Path) -> None:
    lines = [
        {"text": "好的"},
        "",
        "   \t",
        '{"text": "被截断的行',
        {"text": None},
        {"text": 12},
        {"title": "没有正文"},
        "[1, 2]",
        '"just a string"',
        "3",
        '{"text": "lone \\ud800 surrogate"}',
        {"text": "最后一行"},
    ]
    raw = write_jsonl(tmp_path / "m.jsonl", lines)
    items = read(tmp_path / "m.jsonl")
    assert summary(items) == [
        ("m.jsonl:1", "好的"),
        ("m.jsonl:4", "malformed-json"),
        ("m.jsonl:5", "invalid-text"),
        ("m.jsonl:6", "invalid-text"),
        ("m.jsonl:7", "missing-text"),
        ("m.jsonl:8", "malformed-json"),
        ("m.jsonl:9", "malformed-json"),
        ("m.jsonl:10", "malformed-json"),
        ("m.jsonl:11", "invalid-text"),
        ("m.jsonl:12", "最后一行"),
    ]
    lines_raw = raw.split(b"\n")
    for item in quarantined(items):
        lineno = int(item.source.rsplit(":", 1)[1])
        assert item.payload == lines_raw[lineno - 1]  # the raw line, verbatim
    details = {i.source: i.detail for i in quarantined(items)}
    assert "null" in details["m.jsonl:5"] and "number" in details["m.jsonl:6"]
    assert "title" in details["m.jsonl:7"]  # lists the fields that are there
    assert "array" in details["m.jsonl:8"]


def test_jsonl_crlf_bom_and_missing_final_newline(tmp_path: Path) -> None:
    raw = b'\xef\xbb\xbf{"text": "\xe4\xb8\x80"}\r\n\r\n{"text": "\xe4\xba\x8c"}'
    (tmp_path / "w.ndjson").write_bytes(raw)
    items = read(tmp_path / "w.ndjson")
    assert summary(items) == [("w.ndjson:1", "一"), ("w.ndjson:3", "二")]
    assert items[1].id == document_id("w.ndjson:3", b'{"text": "\xe4\xba\x8c"}')


def test_jsonl_lines_in_gbk_and_with_stray_bytes(tmp_path: Path) -> None:
    good = json.dumps({"text": SIMPLIFIED}, ensure_ascii=False).encode("gbk")
    stray = json.dumps({"text": SIMPLIFIED, "n": 1}, ensure_ascii=False).encode()
    stray = stray[:10] + b"\xff" + stray[10:]  # right after '{"text": "'
    broken = json.dumps({"text": SIMPLIFIED}, ensure_ascii=False).encode()
    broken = broken[:10] + b"\xff" * 20 + broken[10:]
    (tmp_path / "g.jsonl").write_bytes(good + b"\n" + stray + b"\n" + broken + b"\n")
    gbk_doc, kept, bad = read(tmp_path / "g.jsonl")
    assert isinstance(gbk_doc, Document) and gbk_doc.text == SIMPLIFIED
    assert isinstance(kept, Document) and kept.text == "\ufffd" + SIMPLIFIED
    assert kept.extra == {"n": 1, "invalid_bytes": 1}
    assert isinstance(bad, Quarantined)
    assert (bad.source, bad.reason, bad.payload) == ("g.jsonl:3", "undecodable-bytes", broken)
    offset = len(good) + 1 + len(stray) + 1 + 10
    assert bad.detail.startswith(f"line 3, byte {offset}:")  # position in the file


def test_json_file_with_lines_or_an_array(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "lines.json", [{"text": "行一"}, {"text": "行二"}])
    array = [{"text": "元素一", "date": "2020"}, 5, {"text": "元素三", "n": [1, {"a": "\\"}]}]
    (tmp_path / "array.json").write_text(
        "\ufeff\n  " + json.dumps(array, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (tmp_path / "empty.json").write_text(" [ ] \n", encoding="utf-8")
    items = read(tmp_path)
    assert summary(items) == [
        ("array.json#0", "元素一"),
        ("array.json#1", "malformed-json"),
        ("array.json#2", "元素三"),
        ("lines.json:1", "行一"),
        ("lines.json:2", "行二"),
    ]
    assert items[0].date == "2020"
    assert items[2].extra == {"n": [1, {"a": "\\"}]}
    element = json.dumps(array[2], ensure_ascii=False, indent=2).replace("\n", "\n  ")
    assert items[2].id == document_id("array.json#2", element.encode())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"text": "一"}, {"text": "二"', [("t.json#0", "一"), ("t.json#1", "malformed-json")]),
        ('[{"text": "一"} {"text": "二"}]', [("t.json#0", "一"), ("t.json#1", "malformed-json")]),
        ('[{"text": "一"}] trailing', [("t.json#0", "一"), ("t.json#1", "malformed-json")]),
        ("[", [("t.json#0", "malformed-json")]),
    ],
)
def test_broken_json_arrays(tmp_path: Path, content: str, expected: list) -> None:
    (tmp_path / "t.json").write_text(content, encoding="utf-8")
    assert summary(read(tmp_path / "t.json")) == expected


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_streaming_is_independent_of_chunk_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    records = [
        {"text": f'第{i}篇 \\ " {"长" * (i * 7 % 40)}', "n": i * 1.5, "big": 10**20 + i}
        for i in range(30)
    ]
    (tmp_path / "a.json").write_text(json.dumps(records, indent=1), encoding="utf-8")  # \\u escapes
    write_jsonl(tmp_path / "b.jsonl", records)
    expected = read(tmp_path)
    assert len(docs(expected)) == 60
    monkeypatch.setattr(streams, "_CHUNK", chunk)
    assert read(tmp_path) == expected


# --- compression --------------------------------------------------------------------------


def zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


def test_compressed_variants(tmp_path: Path) -> None:
    jsonl = json.dumps({"text": SIMPLIFIED}, ensure_ascii=False).encode() + b"\n"
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(jsonl))
    (tmp_path / "b.txt.zst").write_bytes(zstd(TRADITIONAL.encode("big5")))
    (tmp_path / "c.md.gz").write_bytes(gzip.compress("# 标题".encode()))
    (tmp_path / "d.json.zst").write_bytes(zstd(b'[{"text": "\\u6570\\u7ec4"}]'))
    (tmp_path / "e.ndjson.zstd").write_bytes(zstd(jsonl) + zstd(jsonl))  # two frames
    (tmp_path / "f.html.gz").write_bytes(gzip.compress(b"<p>1</p>") + gzip.compress(b"<p>2</p>"))
    (tmp_path / "g.parquet.gz").write_bytes(gzip.compress(b"not supported"))
    items = read(tmp_path)
    assert summary(items) == [
        ("a.jsonl.gz:1", SIMPLIFIED),
        ("b.txt.zst", TRADITIONAL),
        ("c.md.gz", "# 标题"),
        ("d.json.zst#0", "数组"),
        ("e.ndjson.zstd:1", SIMPLIFIED),
        ("e.ndjson.zstd:2", SIMPLIFIED),
        ("f.html.gz", "<p>1</p><p>2</p>"),
    ]
    formats = [d.format for d in docs(items)]
    assert formats == ["text", "text", "markdown", "text", "text", "text", "html"]
    assert items[1].id == document_id("b.txt.zst", TRADITIONAL.encode("big5"))  # decompressed


def test_explicit_compressed_file_with_unknown_inner_extension(tmp_path: Path) -> None:
    (tmp_path / "notes.gz").write_bytes(gzip.compress("压缩的文本".encode()))
    [doc] = read(tmp_path / "notes.gz")
    assert isinstance(doc, Document) and doc.text == "压缩的文本"


def test_corrupt_compression(tmp_path: Path) -> None:
    lines = b"".join(b'{"text": "line %d"}\n' % i for i in range(2000))
    (tmp_path / "a.txt.gz").write_bytes(b"this is not gzip")
    (tmp_path / "b.txt.zst").write_bytes(b"this is not zstd")
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(lines)[:-20])  # truncated
    (tmp_path / "d.jsonl.zst").write_bytes(zstd(lines)[:-20])
    items = read(tmp_path)
    bad = quarantined(items)
    assert [(q.source, q.reason) for q in bad] == [
        ("a.txt.gz", "corrupt-compression"),
        ("b.txt.zst", "corrupt-compression"),
        ("c.jsonl.gz", "corrupt-compression"),
        ("d.jsonl.zst", "corrupt-compression"),
    ]
    # Lines before the damage still come through, streamed, in order.
    good = [d.source for d in docs(items)]
    assert good == sorted(good, key=lambda s: (s.split(":")[0], int(s.split(":")[1])))


def test_decompression_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "_CHUNK", 1024)  # lines before the limit still stream out
    lines = b"".join(b'{"text": "line %d"}\n' % i for i in range(1000))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "b.txt.zst").write_bytes(zstd(b"x" * 50_000))
    (tmp_path / "bomb.txt.zst").write_bytes(zstd(b"\0" * 20_000_000))  # ~1 KB compressed
    (tmp_path / "small.txt.gz").write_bytes(gzip.compress(b"fits"))
    items = read(tmp_path, max_decompressed_bytes=10_000)
    bad = quarantined(items)
    assert [(q.source, q.reason) for q in bad] == [
        ("a.jsonl.gz", "decompression-limit"),
        ("b.txt.zst", "decompression-limit"),
        ("bomb.txt.zst", "decompression-limit"),
    ]
    assert all(q.payload == b"" and "10000" in q.detail for q in bad)
    first = [d for d in docs(items) if d.source.startswith("a.jsonl.gz")]
    assert 0 < len(first) < 1000
    assert summary(items)[-1] == ("small.txt.gz", "fits")
    assert len(read(tmp_path / "a.jsonl.gz", max_decompressed_bytes=len(lines))) == 1000


# --- Parquet and saved datasets -----------------------------------------------------------


def test_parquet_rows_metadata_and_batches(tmp_path: Path) -> None:
    n = 2500
    table = pa.table(
        {
            "text": [f"第{i}行" for i in range(n)],
            "title": [f"t{i}" if i % 2 else None for i in range(n)],
            "url": ["https://example.com"] * n,
            "date": pa.array([dt.date(2024, 1, 1)] * n, pa.date32()),
            "ts": pa.array([dt.datetime(2024, 1, 2, 3, 4, 5)] * n, pa.timestamp("ms")),
            "blob": [b"\x00\xff"] * n,
            "tags": [["a", "b"]] * n,
            "score": [0.5] * n,
        }
    )
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=700)
    items = read(tmp_path / "t.parquet")
    assert [i.source for i in items] == [f"t.parquet#{i}" for i in range(n)]
    first, second = items[0], items[1]
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.id == document_id("t.parquet#0", "第0行".encode())
    assert (first.title, second.title, first.url, first.date) == (
        None,
        "t1",
        "https://example.com",
        "2024-01-01",
    )
    assert first.extra == {
        "ts": "2024-01-02T03:04:05",
        "blob": base64.b64encode(b"\x00\xff").decode(),
        "tags": ["a", "b"],
        "score": 0.5,
    }


def test_parquet_bad_rows_and_missing_text_column(tmp_path: Path) -> None:
    pq.write_table(pa.table({"text": ["好", None], "k": [1, 2]}), tmp_path / "a.parquet")
    pq.write_table(pa.table({"text": [1, 2]}), tmp_path / "b.parquet")
    pq.write_table(pa.table({"body": ["x"], "lang": ["zh"]}), tmp_path / "c.parquet")
    items = read(tmp_path)
    assert summary(items) == [
        ("a.parquet#0", "好"),
        ("a.parquet#1", "invalid-text"),
        ("b.parquet#0", "invalid-text"),
        ("b.parquet#1", "invalid-text"),
        ("c.parquet", "missing-text-column"),
    ]
    assert json.loads(items[1].payload) == {"text": None, "k": 2}  # type: ignore[arg-type]
    missing = items[-1]
    assert isinstance(missing, Quarantined)
    assert missing.payload == b"" and "body, lang" in missing.detail


def test_corrupt_parquet(tmp_path: Path) -> None:
    pq.write_table(pa.table({"text": ["一"] * 100}), tmp_path / "good.parquet")
    data = (tmp_path / "good.parquet").read_bytes()
    (tmp_path / "garbage.parquet").write_bytes(b"PAR1 definitely not parquet")
    (tmp_path / "truncated.parquet").write_bytes(data[: len(data) // 2])
    (tmp_path / "empty.parquet").write_bytes(b"")
    items = read(tmp_path)
    assert [(i.source, i.reason) for i in quarantined(items)] == [
        ("empty.parquet", "corrupt-parquet"),
        ("garbage.parquet", "corrupt-parquet"),
        ("truncated.parquet", "corrupt-parquet"),
    ]
    assert len(docs(items)) == 100


def test_huggingface_save_to_disk_folder(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    data = {
        "text": [f"文档{i}" for i in range(10)],
        "title": [f"标题{i}" for i in range(10)],
        "n": list(range(10)),
    }
    datasets.Dataset.from_dict(data).save_to_disk(str(tmp_path / "corpus" / "ds"), num_shards=2)
    items = read(tmp_path / "corpus")
    assert summary(items) == [
        (f"ds/data-0000{i // 5}-of-00002.arrow#{i % 5}", f"文档{i}") for i in range(10)
    ]
    assert items[3].title == "标题3" and items[3].extra == {"n": 3}
    assert items[3].id == document_id("ds/data-00000-of-00002.arrow#3", "文档3".encode())
    # Given directly, sources are relative to the folder; order follows state.json.
    state_path = tmp_path / "corpus" / "ds" / "state.json"
    state = json.loads(state_path.read_text())
    state["_data_files"].reverse()
    state_path.write_text(json.dumps(state))
    direct = read(tmp_path / "corpus" / "ds")
    assert [i.source for i in direct][:2] == [
        "data-00001-of-00002.arrow#0",
        "data-00001-of-00002.arrow#1",
    ]


def test_huggingface_dataset_dict_and_parquet_layout(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    split = datasets.Dataset.from_dict({"text": ["甲", "乙"]})
    datasets.DatasetDict({"train": split, "test": split}).save_to_disk(str(tmp_path / "dd"))
    (tmp_path / "hub" / "data").mkdir(parents=True)
    split.to_parquet(str(tmp_path / "hub" / "data" / "train-00000-of-00001.parquet"))
    (tmp_path / "hub" / "README.md").write_text("---\nlicense: mit\n---\n", encoding="utf-8")
    items = read(tmp_path)
    assert summary(items) == [
        ("dd/test/data-00000-of-00001.arrow#0", "甲"),
        ("dd/test/data-00000-of-00001.arrow#1", "乙"),
        ("dd/train/data-00000-of-00001.arrow#0", "甲"),
        ("dd/train/data-00000-of-00001.arrow#1", "乙"),
        ("hub/README.md", "---\nlicense: mit\n---\n"),
        ("hub/data/train-00000-of-00001.parquet#0", "甲"),
        ("hub/data/train-00000-of-00001.parquet#1", "乙"),
    ]


def test_arrow_file_given_explicitly(tmp_path: Path) -> None:
    table = pa.table({"text": ["箭头"], "k": ["v"]})
    with pa.OSFile(str(tmp_path / "f.arrow"), "wb") as sink:
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    (tmp_path / "broken.arrow").write_bytes(b"nope")
    items = read(tmp_path / "f.arrow", tmp_path / "broken.arrow")
    assert summary(items) == [("f.arrow#0", "箭头"), ("broken.arrow", "corrupt-arrow")]


# --- directories, names, links, permissions -----------------------------------------------


def test_directory_order_hidden_entries_and_odd_names(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for rel in [
        "a.txt",
        "a/b.txt",
        "a-b/x.txt",
        "b/新 文件 (1).txt",
        "b/Z.txt",
        "b/c/d.md",
        ".hidden.txt",
        ".git/config.txt",
        "b/.cache/x.txt",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rel, encoding="utf-8")
    items = read(root)
    assert [i.source for i in items] == [
        "a-b/x.txt",
        "a.txt",
        "a/b.txt",
        "b/Z.txt",
        "b/c/d.md",
        "b/新 文件 (1).txt",
    ]
    assert all(isinstance(i, Document) and i.text == i.source for i in items)
    # A hidden file given explicitly is read; a single file's source is its name.
    assert summary(read(root / ".hidden.txt")) == [(".hidden.txt", ".hidden.txt")]
    assert summary(read(root / "b" / "新 文件 (1).txt")) == [
        ("新 文件 (1).txt", "b/新 文件 (1).txt")
    ]


def test_inputs_keep_their_given_order(tmp_path: Path) -> None:
    (tmp_path / "z.txt").write_text("z")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("a")
    items = read(tmp_path / "z.txt", tmp_path / "d", str(tmp_path / "z.txt"))
    assert summary(items) == [("z.txt", "z"), ("a.txt", "a"), ("z.txt", "z")]


def test_symlink_loops_and_links(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "doc.txt").write_text("内容")
    (root / "sub" / "up").symlink_to("..")  # loop to the root
    (root / "sub" / "self").symlink_to(".")  # loop to itself
    (root / "zz-link").symlink_to("sub")  # a second way into sub: read once
    (root / "file-link.txt").symlink_to(root / "sub" / "doc.txt")
    (root / "broken.jsonl").symlink_to(tmp_path / "missing.jsonl")
    (root / "broken-no-ext").symlink_to(tmp_path / "missing")
    items = read(root)
    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        ("broken.jsonl", "unreadable"),
        ("file-link.txt", None),
        ("sub/doc.txt", None),
    ]
    assert "No such file" in items[0].detail  # type: ignore[union-attr]


def test_missing_input_is_quarantined(tmp_path: Path) -> None:
    [item] = read(tmp_path / "nope.jsonl")
    assert isinstance(item, Quarantined)
    assert (item.source, item.reason) == ("nope.jsonl", "unreadable")


def test_unreadable_file_and_directory(tmp_path: Path) -> None:
    (tmp_path / "locked.txt").write_text("秘密")
    (tmp_path / "lockdir").mkdir()
    (tmp_path / "lockdir" / "x.txt").write_text("x")
    (tmp_path / "ok.txt").write_text("好")
    os.chmod(tmp_path / "locked.txt", 0)
    os.chmod(tmp_path / "lockdir", 0)
    try:
        if os.access(tmp_path / "locked.txt", os.R_OK):
            pytest.skip("running with privileges that ignore file permissions")
        items = read(tmp_path)
    finally:
        os.chmod(tmp_path / "locked.txt", 0o644)
        os.chmod(tmp_path / "lockdir", 0o755)
    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        ("lockdir", "unreadable"),
        ("locked.txt", "unreadable"),
        ("ok.txt", None),
    ]
    assert "Permission denied" in items[1].detail  # type: ignore[union-attr]


def test_os_errors_while_reading_are_quarantined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path as chmod 000, for runs as root (where permissions are not enforced)."""
    (tmp_path / "a.txt").write_text("一")
    (tmp_path / "b.jsonl").write_text('{"text": "二"}\n')

    def refuse(path: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(streams, "open", refuse, raising=False)
    items = read(tmp_path)
    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        ("a.txt", "unreadable"),
        ("b.jsonl", "unreadable"),
    ]
    assert all("Permission denied" in i.detail for i in quarantined(items))


def test_failures_never_raise_and_mixed_corpus_ids_are_stable(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(b'{"text": "\xe4\xb8\x80"}\n{oops\n\x00\x01\x02\n')
    (tmp_path / "b.txt").write_bytes(b"\x00" * 10)
    (tmp_path / "c.parquet").write_bytes(b"junk")
    (tmp_path / "d.txt.gz").write_bytes(b"junk")
    first = read(tmp_path)
    second = read(tmp_path)
    assert first == second
    assert [getattr(i, "reason", "ok") for i in first] == [
        "ok",
        "malformed-json",
        "malformed-json",
        "binary",
        "corrupt-parquet",
        "corrupt-compression",
    ]
    # Same content, different place: different id; ids depend on the source below the root.
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "a.jsonl").write_bytes((tmp_path / "a.jsonl").read_bytes())
    ids = {i.source: i.id for i in docs(read(tmp_path))}
    assert ids["copy/a.jsonl:1"] != ids["a.jsonl:1"] == first[0].id  # type: ignore[union-attr]
    assert ids["a.jsonl:1"] == document_id("a.jsonl:1", b'{"text": "\xe4\xb8\x80"}')


def test_count_input_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"12345")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(b'{"text": "x"}\n'))
    (tmp_path / "ignored.csv").write_bytes(b"0" * 100)
    (tmp_path / ".hidden.txt").write_bytes(b"0" * 100)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing")
    expected = 5 + (tmp_path / "b.jsonl.gz").stat().st_size
    assert count_input_bytes([tmp_path]) == expected
    assert count_input_bytes([tmp_path, tmp_path / "a.txt"]) == expected + 5
    assert count_input_bytes([tmp_path / "missing"]) == 0


def test_iter_documents_is_lazy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("一")
    it = iter_documents([tmp_path / "a.txt", tmp_path / "b.txt"])
    first = next(it)
    assert isinstance(first, Document)
    (tmp_path / "b.txt").write_text("二")  # created after the first document was read
    assert [d.text for d in it] == ["二"]  # type: ignore[union-attr]


def test_float_values_survive(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "f.jsonl", ['{"text": "x", "v": 1e400, "w": -0.0}'])
    [doc] = read(tmp_path / "f.jsonl")
    assert isinstance(doc, Document)
    assert doc.extra["v"] is None and math.copysign(1, doc.extra["w"]) == -1


def test_deferred_json_lines_parse_to_the_items_read_at_once(tmp_path: Path) -> None:
    """The local engine's main process cuts JSON lines and its workers parse them
    (`defer=True`): every line, well formed or not, gives the item the reader gives."""
    good = json.dumps({"text": SIMPLIFIED, "title": "题"}, ensure_ascii=False)
    lines = [
        good.encode("gbk"), b"", b"  \t", b'{"text": "cut off', b'{"text": null}', b"[1]",
        good.encode()[:10] + b"\xff" + good.encode()[10:], b'{"text": "lone \\ud800"}',
        b"\xef\xbb\xbf" + good.encode() + b"\r", b'{"title": "no text"}', good.encode(),
    ]
    (tmp_path / "d.jsonl").write_bytes(b"\n".join(lines))
    gz = tmp_path / "z" / "d.jsonl.gz"
    gz.parent.mkdir()
    gz.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    for path in (tmp_path / "d.jsonl", gz):
        whole = list(iter_documents([path]))
        deferred = list(iter_documents([path], defer=True))
        assert all(type(item).__name__ == "JsonLine" for item in deferred)
        assert [item.parse() for item in deferred] == whole  # type: ignore[union-attr]
        assert len(whole) == 9 and len(quarantined(whole)) == 5


def test_a_deferred_line_whose_parse_fails_is_quarantined_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleaner.io import jsonl

    write_jsonl(tmp_path / "f.jsonl", [{"text": "一"}, {"text": "二"}, {"text": "三"}])
    deferred = list(iter_documents([tmp_path / "f.jsonl"], defer=True))
    real = jsonl._json_line

    def flaky(line: bytes, *args: object) -> object:
        if b"\xe4\xba\x8c" in line:
            raise RuntimeError("a reader bug")
        return real(line, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(jsonl, "_json_line", flaky)
    items = [item.parse() for item in deferred]  # type: ignore[union-attr]
    assert summary(items) == [("f.jsonl:1", "一"), ("f.jsonl:2", "read-error"), ("f.jsonl:3", "三")]
    assert "RuntimeError: a reader bug" in items[1].detail  # type: ignore[union-attr]
