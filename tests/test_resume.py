"""Interrupted runs: finished batches are kept and `--resume` redoes only the rest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pytest

from cleaner.config import Config
from cleaner.run import RunError, executor, local, run
from cleaner.run.resume import WORK


def make_corpus(folder: Path, docs: int) -> Path:
    folder.mkdir()
    path = folder / "posts.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for n in range(docs):
            text = f"第{n}篇 帖子 的 内容 ， 作 为 测试 。\n这是 第二 行 , 还 有 文字 {n} 个 。"
            fh.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    return folder


def shard_bytes(out: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted((out / "data").glob("train-*.parquet"))]


def _interrupted_after_two_batches(tmp_path, monkeypatch):
    """A reference run of four batches, and a run into `out` stopped after two of them;
    `calls` then counts the batches cleaned from there on."""
    corpus = make_corpus(tmp_path / "in", 1000)  # four batches of 256
    cfg = Config(workers=1)
    reference = tmp_path / "ref"
    run(cfg, reference, [corpus])
    out = tmp_path / "out"
    real = local.clean_batch
    calls = []

    def failing(pipeline, batch):
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(1)
        return real(pipeline, batch)

    monkeypatch.setattr(local, "clean_batch", failing)
    with pytest.raises(KeyboardInterrupt):
        run(cfg, out, [corpus])
    calls.clear()
    monkeypatch.setattr(local, "clean_batch", lambda p, b: calls.append(1) or real(p, b))
    return corpus, cfg, reference, out, calls


def test_resume_redoes_only_unfinished_batches(tmp_path, monkeypatch):
    corpus, cfg, reference, out, calls = _interrupted_after_two_batches(tmp_path, monkeypatch)
    assert not list((out / "data").glob("train-*.parquet")) if (out / "data").exists() else True
    assert len(list((out / WORK).glob("batch-*.json"))) == 2

    run(cfg, out, [corpus], resume=True)
    assert len(calls) == 2  # batches 3 and 4 only
    assert shard_bytes(out) == shard_bytes(reference)
    assert not (out / WORK).exists()


def test_resume_refuses_changed_config(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "in", 300)
    out = tmp_path / "out"
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(executor, "merge_batches", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(Config(workers=1), out, [corpus])
    monkeypatch.undo()
    changed = Config(workers=1, options={"spacing.cjk_latin": "add"})
    with pytest.raises(RunError, match="changed"):
        run(changed, out, [corpus], resume=True)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_process_resumes_to_identical_output(tmp_path, sig):
    corpus = make_corpus(tmp_path / "in", 6000)
    reference, out = tmp_path / "ref", tmp_path / "out"
    cmd = [sys.executable, "-m", "cleaner", "run", str(corpus), "-q", "--workers", "2"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    subprocess.run([*cmd, "-o", str(reference)], check=True, env=env)
    proc = subprocess.Popen([*cmd, "-o", str(out)], env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list((out / WORK).glob("batch-*.json"))) >= 3:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    os.killpg(proc.pid, sig)
    code = proc.wait(timeout=60)
    assert code != 0
    assert not list((out / "data").glob("train-*.parquet")) if (out / "data").exists() else True
    subprocess.run([*cmd, "-o", str(out), "--resume"], check=True, env=env)
    assert shard_bytes(out) == shard_bytes(reference)


def test_resume_state_is_json_and_an_edited_batch_is_redone(tmp_path, monkeypatch):
    """A batch file is data, never code, and a resume trusts it only with its recorded hash."""
    corpus, cfg, reference, out, calls = _interrupted_after_two_batches(tmp_path, monkeypatch)
    work = out / WORK
    files = sorted(work.glob("batch-*.json"))
    assert len(files) == 2 and not list(work.glob("*.pkl"))
    # Statistics (JSON), the kept documents' rows (Arrow IPC) and other texts (UTF-8),
    # the rest (JSON), each piece by its length.
    head, rest = files[0].read_bytes().split(b"\n", 1)
    middle, last = rest.rsplit(b"\n", 1)
    assert "observed" in json.loads(head)
    first = json.loads(last)
    kind, fields = first["items"][0]
    assert kind == "doc" and fields["row"] == 0 and "text" not in fields
    rows = pa.ipc.open_stream(middle[: first["rows"]["bytes"]]).read_next_batch()
    assert rows.num_rows == len(first["rows"]["sizes"]) > 0
    fields["id"] = "被人改过的编号"
    files[0].write_bytes(head + b"\n" + middle + b"\n" + json.dumps(first).encode())

    run(cfg, out, [corpus], resume=True)
    assert len(calls) == 3  # the edited batch and the two unfinished ones
    assert shard_bytes(out) == shard_bytes(reference)


def test_statistics_changed_before_the_merge_end_the_run_with_nothing_written(
    tmp_path, monkeypatch
):
    """The corpus rules read each batch's first line alone, unchecked; the merge checks the
    whole file before writing any of its documents, so a changed line still ends the run."""
    from cleaner.run import merge

    corpus = make_corpus(tmp_path / "in", 600)
    out = tmp_path / "out"
    real = merge.prepare_corpus_rules

    def tampered(main, work, batches):
        path = work / "batch-00000000.json"
        head, rest = path.read_bytes().split(b"\n", 1)
        observed = json.loads(head)["observed"]
        for entries in observed.values():
            entries[0].append(12345)  # one more key for the first document
        path.write_bytes(json.dumps({"observed": observed}).encode() + b"\n" + rest)
        return real(main, work, batches)

    monkeypatch.setattr(merge, "prepare_corpus_rules", tampered)
    with pytest.raises(ValueError, match="changed since it was written"):
        run(Config(workers=1), out, [corpus])
    assert shard_bytes(out) == []
    assert not (out / "quarantine.jsonl").exists()
