"""The small things a new user ran into (issue 12, item 16): each one checked here."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from cleaner.cli.inspect import _size
from cleaner.config import Config
from cleaner.evaluate import print_result
from cleaner.inspect.report import collect
from cleaner.publish import describe_rule
from cleaner.publish.card import histogram_svg
from cleaner.run import run


def test_sizes_read_as_people_write_them():
    assert _size(812) == "812 bytes"
    assert _size(41_300) == "41.3 KB"
    assert _size(2_500_000) == "2.5 MB"


def test_histogram_labels_are_short_enough_to_stand_apart():
    svg = histogram_svg([50, 500, 2_000, 50_000, 200_000])
    assert "1k–3k" in svg and "≥100k" in svg
    assert "1,000–3,000" not in svg


def test_option_changes_read_like_config():
    new = {"code": "Z001", "before": {"docs_changed": 0, "chars_added": 0, "chars_removed": 0},
           "after": {"docs_changed": 1, "chars_added": 0, "chars_removed": 2},
           "options": {"before": None, "after": {}}}
    assert "new rule, options (none)" in describe_rule(new)
    changed = dict(new, options={"before": {"cjk_latin": "remove"},
                                 "after": {"cjk_latin": "add"}})
    text = describe_rule(changed)
    assert '`cjk_latin="remove"` → `cjk_latin="add"`' in text and "{" not in text


def test_eval_does_not_claim_a_reduction_when_raw_matches_gold():
    console = Console(record=True, width=200)
    row = {"name": "a.txt", "chars": 10, "raw_cer": 0.0, "clean_cer": 0.0, "reduction": 1.0,
           "break_f1": 1.0}
    overall = {"micro_reduction": 1.0, "macro_reduction": 1.0, "docs": 1, "chars": 10,
               "clean_cer": 0.0, "break_precision": 1.0, "break_recall": 1.0, "break_f1": 1.0}
    print_result({"kind": "gold", "documents": [row], "overall": overall}, console)
    out = console.export_text()
    assert "kept" in out and "+100.0%" not in out.split("overall")[0]


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    same = "河边的柳树发了新芽，孩子们在树下放风筝，笑声传得很远。"
    (folder / "a.txt").write_text(same, "utf-8")
    (folder / "b.txt").write_text(same, "utf-8")  # exact duplicate: F003 drops it
    messy = "傍晚的集市很热闹 , 卖菜的老人收摊回家了 , 街上亮起了灯。"
    (folder / "c.txt").write_text(messy, "utf-8")
    (folder / "d.txt").write_text("这是一篇不需要任何修改的短文，它本来就写得很干净。", "utf-8")
    return folder


def test_report_numbers_from_measured_bytes_and_clock_named(tmp_path):
    corpus = _corpus(tmp_path / "in")
    result = run(Config(workers=1), tmp_path / "out", [corpus])
    timings = result.report["timings"]
    assert "approx_mb_per_second" not in timings and timings["mb_per_second"] is not None
    text_bytes = sum(len(p.read_text("utf-8").encode()) for p in corpus.iterdir())
    assert result.bytes_in == text_bytes  # measured, not 3 bytes per character


def test_report_page_opens_on_changed_documents_and_names_the_dropping_filter(tmp_path):
    corpus = _corpus(tmp_path / "in")
    out = tmp_path / "out"
    run(Config(workers=1), out, [corpus])
    report = json.loads((out / "report.json").read_text("utf-8"))
    got = collect(out, report, [corpus], samples=10)
    assert got.docs[0].rules, "the first document shown is one a rule changed"
    changed = [bool(d.rules) for d in got.docs]
    assert changed == sorted(changed, reverse=True)
    dropped = next(d for d in got.docs if d.source == "b.txt")
    assert "F003" in [code for code, *_ in dropped.rules]
