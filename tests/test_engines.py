"""Engines agree: one worker, two workers and Ray Data give the same shards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()


def shards(out: Path, folder: str = "data") -> list[bytes]:
    return [p.read_bytes() for p in sorted((out / folder).glob("train-*.parquet"))]


def test_workers_and_ray_give_identical_output(tmp_path, monkeypatch):
    pytest.importorskip("ray")
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    corpus = Path(__file__).resolve().parent.parent / "cleaner" / "sample" / "raw"
    (tmp_path / "extra").mkdir()
    with (tmp_path / "extra" / "more.jsonl").open("w", encoding="utf-8") as fh:
        for n in range(600):
            text = f"第 {n} 条 , 作 为 测 试 的 帖 子 。"
            fh.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        for _ in range(5):  # duplicates and a too-short text, which --keep-dropped keeps
            fh.write(json.dumps({"text": "同一篇转载的文章，一字不差地出现了好几次。"},
                                ensure_ascii=False) + "\n")
        fh.write(json.dumps({"text": "短"}, ensure_ascii=False) + "\n")
        for n in range(8):  # a footer the site repeats: B008 learns it on every engine
            text = f"第{n}篇帖子的正文，每篇都写着不同的内容和编号{n * 7}。\n本站帖子仅代表作者观点"
            fh.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        fh.write("{broken\n")
    outs = {}
    for name, extra in (("one", ["--workers", "1"]), ("two", ["--workers", "2"]),
                        ("ray", ["--engine", "ray", "--workers", "2"])):
        out = tmp_path / name
        result = runner.invoke(app, ["run", str(corpus), str(tmp_path / "extra"), "-o", str(out),
                                     "-q", "--keep-dropped", *extra])
        assert result.exit_code == 0, result.output
        outs[name] = out
    assert shards(outs["one"]) == shards(outs["two"]) == shards(outs["ray"])
    dropped = {n: shards(o, "dropped") for n, o in outs.items()}
    assert dropped["one"] and dropped["one"] == dropped["two"] == dropped["ray"]
    quarantine = {n: (o / "quarantine.jsonl").read_bytes() for n, o in outs.items()}
    assert quarantine["one"] == quarantine["two"] == quarantine["ray"]
    reports = {n: json.loads((o / "report.json").read_text("utf-8")) for n, o in outs.items()}
    assert reports["one"]["documents"] == reports["ray"]["documents"]
    assert reports["one"]["rules"] == reports["ray"]["rules"]
    assert reports["one"]["rules"]["B008"]["docs_changed"] == 8
