"""`--keep-dropped`: every document a filter dropped is written to OUT/dropped/ with the
filter's name and, for duplicates, the id of the kept copy; nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()
ARTICLE = "城东的老菜市场改造完成，今天重新开门，摊位比以前宽敞了一倍，过道也铺上了防滑地砖。"


def _corpus(folder: Path) -> Path:
    rows = [
        ARTICLE,
        "河边新修了一条步道，傍晚散步的人多了起来，路灯也换成了更亮的节能灯。",
        ARTICLE,  # an exact duplicate of the first
        "好",  # too short
        "This page is written in English only and has no Chinese at all, so it goes.",
        ARTICLE,
    ]
    path = folder / "in.jsonl"
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in rows)
                    + "{broken\n", encoding="utf-8")
    return path


def _run(tmp_path: Path, out: Path, *flags: str) -> dict:
    result = runner.invoke(app, ["run", str(_corpus(tmp_path)), "-o", str(out), "-q", *flags])
    assert result.exit_code == 0, result.output
    return json.loads((out / "report.json").read_text("utf-8"))


def test_every_drop_is_kept_with_its_filter_and_original(tmp_path):
    out = tmp_path / "out"
    report = _run(tmp_path, out, "--keep-dropped")
    docs = report["documents"]
    assert docs["read"] == docs["written"] + sum(docs["dropped"].values()) + sum(
        docs["quarantined"].values())
    table = pq.read_table(out / "dropped").to_pylist()
    assert len(table) == sum(docs["dropped"].values()) == 4
    by = sorted(row["dropped_by"] for row in table)
    assert by == ["exact-duplicate", "exact-duplicate", "not-chinese", "too-short"]
    written = pq.read_table(out / "data").to_pylist()
    kept = next(row["id"] for row in written if row["text"] == ARTICLE)
    duplicates = [row for row in table if row["dropped_by"] == "exact-duplicate"]
    assert all(row["duplicate_of"] == kept and row["text"] == ARTICLE for row in duplicates)
    assert all(row["duplicate_of"] is None for row in table if row not in duplicates)
    assert report["documents"]["duplicates"]["exact-duplicate"] == [
        [row["id"], kept] for row in duplicates]
    assert report["dropped_shards"] == ["dropped/train-00000-of-00001.parquet"]


def test_without_the_flag_no_dropped_folder_stays(tmp_path):
    out = tmp_path / "out"
    _run(tmp_path, out, "--keep-dropped")
    report = _run(tmp_path, out)  # the same folder, now without the flag
    assert not (out / "dropped").exists()
    assert report["dropped_shards"] == []
    assert sum(report["documents"]["dropped"].values()) == 4
