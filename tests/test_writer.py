"""ShardWriter, QuarantineWriter and atomic_write_text."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner.document import Document, Quarantined
from cleaner.io import rows as rows_module
from cleaner.io import writer as writer_module
from cleaner.io.writer import SCHEMA, QuarantineWriter, ShardWriter, atomic_write_text
from cleaner.signals import SIGNALS


def make_docs(n: int, text_len: int = 100) -> list[Document]:
    out = []
    for i in range(n):
        doc = Document.from_text(
            f"{i:03d}" + "文" * text_len + "😀", source=f"src/{i}.jsonl:1", script="zh-Hans"
        )
        if i % 2:
            doc.title, doc.url, doc.date, doc.author = f"标题{i}", "https://e.com", "2024", "作者"
            doc.extra = {"z": [1, "二"], "a": {"b": None}, "n": i}
        out.append(doc)
    return out


def row_bytes(doc: Document) -> int:
    """The writer's documented estimate: UTF-8 length of the string fields plus 8."""
    meta = rows_module.dumps_meta(doc.extra)
    fields = [doc.id, doc.text, doc.source, doc.title, doc.url, doc.date, doc.author]
    return 8 + sum(len(f.encode()) for f in [*fields, doc.script, meta] if f is not None)


def write_all(out: Path, docs: list[Document], **kwargs: int) -> list[Path]:
    with ShardWriter(out, **kwargs) as w:  # type: ignore[arg-type]
        for doc in docs:
            w.write(doc)
    return w.close()


def test_schema() -> None:
    assert SCHEMA.names == [
        "id",
        "text",
        "source",
        "title",
        "url",
        "date",
        "author",
        "script",
        "n_chars",
        "meta",
        "signals",
    ]
    types = {f.name: (f.type, f.nullable) for f in SCHEMA}
    assert types["signals"] == (SIGNALS, False)
    assert types["n_chars"] == (pa.int64(), False)
    assert {n for n, (t, nullable) in types.items() if nullable} == {
        "title",
        "url",
        "date",
        "author",
    }
    assert all(t == pa.string() for n, (t, _) in types.items() if n not in ("n_chars", "signals"))
    assert SCHEMA.metadata is None


def test_round_trip(tmp_path: Path) -> None:
    docs = make_docs(5)
    [path] = write_all(tmp_path, docs)
    assert path == tmp_path / "data" / "train-00000-of-00001.parquet"
    assert pq.read_schema(path).equals(SCHEMA, check_metadata=True)
    rows = pq.read_table(path).to_pylist()
    assert [r["id"] for r in rows] == [d.id for d in docs]
    second = rows[1]
    assert second["text"] == docs[1].text and second["source"] == "src/1.jsonl:1"
    assert (second["title"], second["url"], second["date"], second["author"]) == (
        "标题1",
        "https://e.com",
        "2024",
        "作者",
    )
    assert second["script"] == "zh-Hans"
    assert second["n_chars"] == 3 + 100 + 1  # code points: the emoji counts once
    assert second["meta"] == '{"a":{"b":null},"n":1,"z":[1,"二"]}'  # sorted, compact, no escapes
    assert rows[0]["meta"] == "{}" and rows[0]["title"] is None


def test_row_groups_and_shard_rolling(tmp_path: Path) -> None:
    docs = make_docs(10)
    size = row_bytes(docs[0])
    # Three documents reach a row group, two row groups reach a shard.
    paths = write_all(tmp_path, docs, row_group_bytes=3 * size - 100, shard_bytes=5 * size)
    assert [p.name for p in paths] == [
        "train-00000-of-00002.parquet",
        "train-00001-of-00002.parquet",
    ]
    groups = [[pq.ParquetFile(p).metadata.row_group(i).num_rows for i in range(2)] for p in paths]
    assert groups == [[3, 3], [3, 1]]
    ids = [i for p in paths for i in pq.read_table(p, columns=["id"]).column("id").to_pylist()]
    assert ids == [d.id for d in docs]


def test_column_settings(tmp_path: Path) -> None:
    [path] = write_all(tmp_path, make_docs(4))
    meta = pq.ParquetFile(path).metadata
    group = meta.row_group(0)
    columns = {group.column(i).path_in_schema: group.column(i) for i in range(group.num_columns)}
    assert all(c.compression == "ZSTD" for c in columns.values())
    assert {n for n, c in columns.items() if c.is_stats_set} == {
        "id",
        "source",
        "title",
        "url",
        "date",
        "author",
        "script",
        "n_chars",
        *(f"signals.{name}" for name in SIGNALS.names),
    }
    assert {n for n, c in columns.items() if c.has_dictionary_page} == {"script"}
    assert all(c.has_offset_index for c in columns.values())  # page index written
    assert (meta.metadata or {}).keys() <= {b"ARROW:schema"}  # no pandas metadata


def test_identical_input_gives_identical_bytes(tmp_path: Path) -> None:
    docs = make_docs(50)
    kwargs = {"row_group_bytes": 2000, "shard_bytes": 9000}
    first = write_all(tmp_path / "a", docs, **kwargs)
    second = write_all(tmp_path / "b", docs, **kwargs)
    assert len(first) > 1
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["row", "doc", "bad", "skip"]), max_size=24), st.integers(1, 6))
@example(["row", "skip", "row", "row", "skip", "skip", "row"], 6)
def test_rows_encoded_ahead_write_the_same_bytes(tmp_path_factory, how, per_group) -> None:
    """Rows a worker encoded (`encode_rows`, `write_row`), documents (`write`) and the
    two mixed give the same shards, row groups and extra fields as documents alone; a
    document the writer refuses has no row. A skipped document (one a corpus filter
    dropped) leaves a gap in the rows taken."""
    docs = make_docs(len(how), text_len=20)
    for doc, kind in zip(docs, how, strict=True):
        if kind == "bad":
            doc.text += "\ud800"
    good = [d for d, kind in zip(docs, how, strict=True) if kind != "bad"]
    kwargs = {"row_group_bytes": per_group * row_bytes(good[0]) if good else 1,
              "shard_bytes": 3 * per_group * 200}
    extra = [{"dropped_by": f"F00{k % 3}" * 40, "duplicate_of": None if k % 2 else "x" * 99}
             for k in range(len(docs))]
    rows, where = rows_module.encode_rows(docs)
    assert [w is None for w in where] == [kind == "bad" for kind in how]
    base = tmp_path_factory.mktemp("w")
    for name, fields in (("plain", ()), ("extra", writer_module.DROPPED_FIELDS)):
        outputs = []
        for mode in ("docs", "mixed"):
            with ShardWriter(base / mode / name, extra_fields=fields, **kwargs) as w:
                for k, (doc, kind) in enumerate(zip(docs, how, strict=True)):
                    values = extra[k] if fields else None
                    if kind in ("bad", "skip"):
                        continue
                    if mode == "mixed" and kind == "row":
                        w.write_row(rows, where[k], values)  # type: ignore[arg-type]
                    else:
                        w.write(doc, values)
            outputs.append([p.read_bytes() for p in w.close()])
        assert outputs[0] == outputs[1]


def test_zero_documents_give_one_empty_shard(tmp_path: Path) -> None:
    paths = write_all(tmp_path, [])
    assert paths == [tmp_path / "data" / "train-00000-of-00001.parquet"]
    table = pq.read_table(paths[0])
    assert table.num_rows == 0 and table.schema.equals(SCHEMA)
    assert os.listdir(tmp_path / "data") == ["train-00000-of-00001.parquet"]


def test_temporary_names_while_writing(tmp_path: Path) -> None:
    w = ShardWriter(tmp_path, row_group_bytes=1, prefix="valid")
    w.write(make_docs(1)[0])
    assert os.listdir(tmp_path / "data") == [".tmp-valid-00000.parquet"]
    assert w.close() == [tmp_path / "data" / "valid-00000-of-00001.parquet"]
    assert os.listdir(tmp_path / "data") == ["valid-00000-of-00001.parquet"]
    assert w.close() == [tmp_path / "data" / "valid-00000-of-00001.parquet"]  # idempotent
    with pytest.raises(RuntimeError):
        w.write(make_docs(1)[0])


def test_old_shards_are_replaced_only_at_close(tmp_path: Path) -> None:
    data = tmp_path / "data"
    old = write_all(tmp_path, make_docs(9), row_group_bytes=1, shard_bytes=1)
    assert len(old) == 9
    (data / "test-00000-of-00001.parquet").write_bytes(b"other split")
    (data / "notes.txt").write_text("keep me")
    (data / ".tmp-train-00007.parquet").write_bytes(b"left by a killed run")
    w = ShardWriter(tmp_path)
    for doc in make_docs(2):
        w.write(doc)
    assert sorted(p.name for p in data.iterdir() if not p.name.startswith(".")) == sorted(
        [p.name for p in old] + ["test-00000-of-00001.parquet", "notes.txt"]
    )
    new = w.close()
    assert sorted(os.listdir(data)) == sorted(
        ["notes.txt", "test-00000-of-00001.parquet", "train-00000-of-00001.parquet"]
    )
    assert pq.read_table(new[0]).num_rows == 2


def test_exception_leaves_nothing_new(tmp_path: Path) -> None:
    [old] = write_all(tmp_path, make_docs(1))
    before = old.read_bytes()
    with pytest.raises(RuntimeError, match="boom"):
        with ShardWriter(tmp_path, row_group_bytes=1, shard_bytes=1) as w:
            for doc in make_docs(5):
                w.write(doc)
            assert len(os.listdir(tmp_path / "data")) > 1  # temporaries exist meanwhile
            raise RuntimeError("boom")
    assert os.listdir(tmp_path / "data") == [old.name]
    assert old.read_bytes() == before


def test_invalid_documents_are_rejected_early(tmp_path: Path) -> None:
    with ShardWriter(tmp_path) as w:
        with pytest.raises(ValueError, match="lone surrogate"):
            w.write(Document(id="x", text="bad \ud800", source="s"))
        with pytest.raises(ValueError, match="text must not be None"):
            w.write(Document(id="x", text=None, source="s"))  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="title is int"):
            w.write(Document(id="x", text="t", source="s", title=3))  # type: ignore[arg-type]
        w.write(Document(id="ok", text="好", source="s"))
    assert pq.read_table(tmp_path / "data" / "train-00000-of-00001.parquet").num_rows == 1


def test_load_dataset_reads_the_shards(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    docs = make_docs(6)
    paths = write_all(tmp_path / "out", docs, row_group_bytes=1000, shard_bytes=1000)
    assert len(paths) > 1
    ds = datasets.load_dataset(
        "parquet",
        data_files=[str(p) for p in paths],
        split="train",
        cache_dir=str(tmp_path / "cache"),
    )
    assert ds.column_names == SCHEMA.names
    assert {name: feature.dtype for name, feature in ds.features.items() if name != "signals"} == {
        **{name: "string" for name in SCHEMA.names if name != "signals"},
        "n_chars": "int64",
    }
    assert ds["id"] == [d.id for d in docs]
    assert ds[1]["title"] == "标题1" and ds[0]["title"] is None


# --- QuarantineWriter ---------------------------------------------------------------------


def test_quarantine_writer(tmp_path: Path) -> None:
    path = tmp_path / "q" / "quarantine.jsonl"
    with QuarantineWriter(path) as q:
        q.write(Quarantined("a.jsonl:3", "malformed-json", "Expecting value", b"{bad \xff"))
        q.write(Quarantined("b.parquet#1", "invalid-text", "null", '{"text": null}'))
        q.write(Quarantined("c.txt", "binary", "NUL", b""))
        q.write(Quarantined("d.jsonl:1", "malformed-json", "x", "lone \ud800"))
        assert os.listdir(path.parent) == ["quarantine.jsonl.tmp"]
        assert q.counts() == {"binary": 1, "invalid-text": 1, "malformed-json": 2}
    assert os.listdir(path.parent) == ["quarantine.jsonl"]
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0] == {
        "source": "a.jsonl:3",
        "reason": "malformed-json",
        "detail": "Expecting value",
        "bytes_b64": base64.b64encode(b"{bad \xff").decode(),
    }
    assert list(records[0]) == ["source", "reason", "detail", "bytes_b64"]
    assert records[1]["text"] == '{"text": null}' and "bytes_b64" not in records[1]
    assert records[2]["text"] == ""  # valid (empty) UTF-8 is stored as text
    assert records[3]["text"] == "lone \ud800"  # kept losslessly as a JSON escape


def test_quarantine_writer_exception_keeps_previous_file(tmp_path: Path) -> None:
    path = tmp_path / "quarantine.jsonl"
    path.write_text("previous\n")
    with pytest.raises(KeyError):
        with QuarantineWriter(path) as q:
            q.write(Quarantined("a", "binary", "x", b"\0"))
            raise KeyError("stop")
    assert os.listdir(tmp_path) == ["quarantine.jsonl"]
    assert path.read_text() == "previous\n"


# --- atomic_write_text --------------------------------------------------------------------


def test_atomic_write_text(tmp_path: Path) -> None:
    path = tmp_path / "out" / "report.json"
    atomic_write_text(path, '{"文": 1}\n')
    atomic_write_text(path, '{"文": 2}\n')
    assert path.read_text(encoding="utf-8") == '{"文": 2}\n'
    assert os.listdir(path.parent) == ["report.json"]
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_atomic_write_text_failure_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.json"
    path.write_text("old")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(writer_module.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(path, "new")
    assert os.listdir(tmp_path) == ["report.json"]
    assert path.read_text() == "old"


def test_reader_output_is_always_writable(tmp_path: Path) -> None:
    from cleaner.io.readers import iter_documents

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text(
        '{"text": "正文", "title": "\\udc80坏", "\\ud800key": ["\\udfff"], "t": 1e999}\n'
        '{"text": "\\ud83d\\ude00 ok"}\n{"text": "\\ud800"}\n',
        encoding="utf-8",
    )
    (corpus / "b.txt").write_bytes(b"\xff\xfe\x00")
    with ShardWriter(tmp_path / "out") as shards, QuarantineWriter(tmp_path / "q.jsonl") as q:
        for item in iter_documents([corpus]):
            if isinstance(item, Document):
                shards.write(item)
            else:
                q.write(item)
    rows = pq.read_table(tmp_path / "out" / "data" / "train-00000-of-00001.parquet").to_pylist()
    assert [(r["text"], r["title"]) for r in rows] == [("正文", "?坏"), ("😀 ok", None)]
    assert json.loads(rows[0]["meta"]) == {"?key": ["?"], "t": None}
    assert q.counts() == {"invalid-text": 1, "undecodable-bytes": 1}


_VALUES = {
    pa.string(): st.one_of(st.none(), st.text(max_size=30)),
    pa.int64(): st.integers(-(2**63), 2**63 - 1),
    pa.float64(): st.floats(allow_nan=False),
    pa.bool_(): st.booleans(),
}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(_VALUES)).flatmap(
    lambda t: st.tuples(st.just(t), st.lists(_VALUES[t], max_size=40))))
def test_columns_equal_what_pa_array_builds(case):
    from cleaner.io.columns import column

    type_, values = case
    assert column(values, type_).equals(pa.array(values, type=type_))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=["Cs"]),
                                             max_size=30)), max_size=40),
       st.lists(st.booleans(), max_size=40))
def test_string_columns_of_encoded_values_equal_what_pa_array_builds(values, encoded):
    """The writer hands some string columns their values as UTF-8 already."""
    from cleaner.io.columns import column

    mixed = [v.encode("utf-8") if v is not None and k < len(encoded) and encoded[k] else v
             for k, v in enumerate(values)]
    assert column(mixed, pa.string()).equals(pa.array(values, type=pa.string()))


def test_signal_structs_equal_what_pa_array_builds():
    from cleaner.io.columns import column
    from cleaner.signals import SIGNALS

    rows = [{f.name: (0.5 if pa.types.is_floating(f.type) else
                      (k % 2 == 0) if pa.types.is_boolean(f.type) else k) for f in SIGNALS}
            for k in range(5)]
    assert column(rows, SIGNALS).equals(pa.array(rows, type=SIGNALS))


def test_a_run_never_imports_pandas(tmp_path):
    """pa.array imports pandas on first use; the writer builds its columns without it."""
    code = ("import sys\nfrom cleaner.cli import app\n"
            f"sys.argv = ['cleaner', 'run', '-q', '-o', {str(tmp_path / 'out')!r}, '-w', '1',"
            " '--keep-dropped']\ntry:\n    app()\nexcept SystemExit:\n    pass\n"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False"), out.stdout + out.stderr
