"""Engines agree: one worker, two workers and Ray Data give the same shards."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_ray_blocks import tricky_lines
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.config import Config
from cleaner.io import blocks
from cleaner.io.blocks import Block
from cleaner.io.plan import Walk
from cleaner.io.readers import iter_documents
from cleaner.run import RunError, plan, run
from cleaner.run.batches import batch_path, record, save
from cleaner.run.clean import clean_batch
from cleaner.run.executor import Executor, Job
from cleaner.run.plan import batches
from cleaner.run.ray import plan_blocks

runner = CliRunner()


def shards(out: Path, folder: str = "data") -> list[bytes]:
    return [p.read_bytes() for p in sorted((out / folder).glob("train-*.parquet"))]


def test_workers_and_ray_give_identical_output(tmp_path, monkeypatch):
    """Ray cuts the large files into many blocks (JSON lines at line starts, Parquet
    between row groups), one task each; the output is still the local engine's."""
    pytest.importorskip("ray")
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    monkeypatch.setattr(blocks, "BLOCK_BYTES", 3000)
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
    with (tmp_path / "extra" / "more.jsonl").open("ab") as fb:
        for line in tricky_lines():  # BOM, CRLF, blank, GBK and multi-byte lines
            fb.write(line + b"\n")
    texts = [f"表格第{n}行，一篇各不相同的短文，编号是{n * 3}号。" for n in range(300)]
    (tmp_path / "tables" / "sub").mkdir(parents=True)  # a group of its own for B008
    pq.write_table(pa.table({"text": texts}), tmp_path / "tables" / "sub" / "t.parquet",
                   row_group_size=40)
    inputs = [str(p) for p in (corpus, tmp_path / "extra", tmp_path / "tables")]
    planned = plan_blocks([Path(p) for p in inputs], Walk(), blocks.BLOCK_BYTES)
    assert sum(isinstance(p, Block) for p in planned) > 20
    assert {p.entry.kind for p in planned if isinstance(p, Block)} == {"jsonl", "parquet"}
    outs = {}
    for name, extra in (("one", ["--workers", "1"]), ("two", ["--workers", "2"]),
                        ("ray", ["--engine", "ray", "--workers", "2"])):
        out = tmp_path / name
        result = runner.invoke(app, ["run", *inputs, "-o", str(out),
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


class ReversedExecutor(Executor):
    """An executor that cleans the batches last first: the merge must restore input order."""

    name = "reversed"
    workers = 1

    def clean(self, job: Job) -> int:
        pipeline = job.spec.build()
        items = iter_documents(job.inputs, text_field=self.config.text_field, walk=job.walk)
        planned = list(enumerate(batches(items)))
        for index, batch in reversed(planned):
            record(job.work, index, save(batch_path(job.work, index), clean_batch(pipeline, batch)))
            job.progress(len(batch), 0)
        return len(planned)


def test_any_executor_that_saves_every_batch_gives_the_same_output(tmp_path, monkeypatch):
    monkeypatch.setattr(plan, "BATCH_DOCS", 4)  # the sample in several batches
    corpus = Path(__file__).resolve().parent.parent / "cleaner" / "sample" / "raw"
    config = Config(workers=1)
    local = run(config, tmp_path / "local", [corpus])
    seen: list[int] = []
    mine = ReversedExecutor(config, tmp_path / "mine", [corpus], lambda d, c: seen.append(d)).run()
    assert local.read > 2 * plan.BATCH_DOCS  # several batches, cleaned out of order
    assert len(local.shards) == len(mine.shards) >= 1
    assert shards(tmp_path / "local") == shards(tmp_path / "mine")
    assert mine.report["documents"] == local.report["documents"]
    assert mine.report["timings"]["engine"] == "reversed"
    assert seen[-1] == local.read and not (tmp_path / "mine" / ".work").exists()


def test_engine_choice_is_checked_before_the_output_folder_is_touched(tmp_path, monkeypatch):
    out = tmp_path / "out"
    with pytest.raises(RunError, match="must be local or ray"):
        run(Config(), out, [tmp_path], engine="spark")
    with pytest.raises(RunError, match="--resume works with the local engine only"):
        run(Config(), out, [tmp_path], engine="ray", resume=True)
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    monkeypatch.setitem(sys.modules, "ray.data", None)
    with pytest.raises(RunError, match="needs Ray"):
        run(Config(), out, [tmp_path], engine="ray")
    assert not out.exists()
