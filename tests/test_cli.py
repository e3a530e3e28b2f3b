"""`cleaner run` end to end: outputs, schema, determinism, accounting, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.io.writer import SCHEMA

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["run", *args])


def shards(out: Path) -> list[Path]:
    return sorted((out / "data").glob("train-*.parquet"))


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text("utf-8"))


def test_sample_corpus_into_dist_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("-q")
    assert result.exit_code == 0, result.output
    files = shards(tmp_path / "dist_data" / "sample" / "unreleased")
    assert files
    table = pq.read_table(files[0])
    assert table.num_rows >= 12
    assert set(table.column("script").to_pylist()) <= {"zh-Hans", "zh-Hant", "und"}


def test_seeds_schema_sources_and_determinism(seeds, tmp_path):
    from datasets import load_dataset

    a, b = tmp_path / "a", tmp_path / "b"
    assert run(str(seeds / "raw"), "-o", str(a), "-q").exit_code == 0
    assert run(str(seeds / "raw"), "-o", str(b), "-q", "--workers", "2").exit_code == 0
    for x, y in zip(shards(a), shards(b), strict=True):
        assert x.read_bytes() == y.read_bytes()
    ds = load_dataset("parquet", data_files=[str(p) for p in shards(a)], split="train")
    assert ds.column_names == SCHEMA.names
    assert sorted(ds["source"]) == sorted(p.name for p in (seeds / "raw").glob("*.txt"))
    assert ds.features["n_chars"].dtype == "int64"
    rep = report(a)
    assert rep["documents"]["read"] == rep["documents"]["written"] == 4


def test_bad_input_is_quarantined_and_counted(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    good = "这是一篇正常的中文文章，内容足够长，可以通过所有的过滤器。"
    (corpus / "good.txt").write_text(good, "utf-8")
    broken = "前半部分是正常文字，".encode() + b"\xff\xfe\x80" + "后半部分。".encode()
    (corpus / "broken.txt").write_bytes(broken)
    (corpus / "posts.jsonl").write_text(
        '{"text": "第一条帖子的内容足够长，会被保留下来，不会被过滤。"}\n'
        '{"text": "第二条被截断\n'
        '{"text": null}\n'
        "\n"
        '{"title": "没有正文"}\n',
        "utf-8",
    )
    out = tmp_path / "out"
    result = run(str(corpus), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    rep = report(out)
    docs = rep["documents"]
    assert docs["read"] == docs["written"] + sum(docs["dropped"].values()) + sum(
        docs["quarantined"].values()
    )
    assert docs["written"] == 2
    lines = [json.loads(x) for x in (out / "quarantine.jsonl").read_text("utf-8").splitlines()]
    sources = {q["source"] for q in lines}
    assert "broken.txt" in sources and "posts.jsonl:2" in sources
    assert "posts.jsonl:3" in sources and "posts.jsonl:5" in sources
    assert run(str(corpus), "-o", str(tmp_path / "strict"), "-q", "--strict").exit_code == 1


def test_set_option_changes_output(tmp_path):
    corpus = tmp_path / "doc.txt"
    corpus.write_text("我们在2021年使用QQ音乐，这是一段很长的测试文字。", "utf-8")
    assert run(str(corpus), "-o", str(tmp_path / "a"), "-q").exit_code == 0
    result = run(str(corpus), "-o", str(tmp_path / "b"), "-q", "--set", "spacing.cjk_latin=add")
    assert result.exit_code == 0
    text_a = pq.read_table(shards(tmp_path / "a")[0]).column("text")[0].as_py()
    text_b = pq.read_table(shards(tmp_path / "b")[0]).column("text")[0].as_py()
    assert text_a == "我们在2021年使用QQ音乐，这是一段很长的测试文字。"
    assert text_b == "我们在 2021 年使用 QQ 音乐，这是一段很长的测试文字。"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "spacing.nonsense=1"], "spacing.nonsense"),
        (["--set", "spacing.cjk_latin=sideways"], "spacing.cjk_latin"),
        (["--select", "ZZ9"], "ZZ9"),
        (["--set", "novalue"], "KEY=VALUE"),
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path, args, message):
    doc = tmp_path / "doc.txt"
    doc.write_text("中文内容。", "utf-8")
    result = run(str(doc), "-o", str(tmp_path / "o"), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_config_file_and_unknown_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    doc = tmp_path / "doc.txt"
    doc.write_text("作 为 一 位 老 师 ， 她 在 2020 年 退 休 了 ， 这 是 一 个 故 事 。", "utf-8")
    (tmp_path / "cleaner.toml").write_text(
        'inputs = ["doc.txt"]\noutput = "out"\n[options.spacing]\ncjk_latin = "keep"\n', "utf-8"
    )
    assert run("-q").exit_code == 0
    text = pq.read_table(shards(tmp_path / "out")[0]).column("text")[0].as_py()
    assert text == "作为一位老师，她在 2020 年退休了，这是一个故事。"
    (tmp_path / "cleaner.toml").write_text('inputs = ["doc.txt"]\nshiny = 1\n', "utf-8")
    result = run("-q")
    assert result.exit_code == 2 and "shiny" in result.output


def test_pyproject_tool_section(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.txt").write_text("这是一个很短的文档。", "utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\ninputs = ["doc.txt"]\noutput = "o"\n[tool.cleaner.options.filter]\n'
        "min_chars = 100\n",
        "utf-8",
    )
    assert run("-q").exit_code == 0
    assert report(tmp_path / "o")["documents"]["dropped"] == {"too-short": 1}


def test_ignore_prefix_and_json_summary(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("作 为 一 位 老 师 ， 她 在 这 里 工 作 了 很 多 年 。", "utf-8")
    result = run(str(doc), "-o", str(tmp_path / "o"), "--ignore", "S", "--json")
    assert result.exit_code == 0
    rep = json.loads(result.output)
    assert "S001" not in rep["rules"] and "W001" in rep["rules"]


def test_rules_list_and_show():
    listing = runner.invoke(app, ["rules", "list"])
    assert listing.exit_code == 0 and "W001" in listing.output
    show = runner.invoke(app, ["rules", "show", "S002"])
    assert show.exit_code == 0 and "spacing.cjk_latin" in show.output
    assert runner.invoke(app, ["rules", "show", "Q999"]).exit_code == 2
