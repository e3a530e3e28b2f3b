"""`cleaner explain`: per-rule traces that agree with the engine, and lossless diffs."""

from __future__ import annotations

import copy
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.config import sample_corpus
from cleaner.document import Document
from cleaner.inspect.explain import (
    ExplainError,
    diff_ops,
    find_document,
    render_ops,
    show_invisible,
    to_json,
    trace,
)
from cleaner.io.readers import iter_documents
from cleaner.pipeline import PipelineSpec

cli = CliRunner()
RAW = sample_corpus()


def _sides(ops: list[tuple[str, str]]) -> tuple[str, str]:
    return ("".join(t for op, t in ops if op != "insert"),
            "".join(t for op, t in ops if op != "delete"))


TEXT = st.text(alphabet=st.sampled_from("的一是 ，。\nab12　"), max_size=60)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_diff_ops_are_lossless(a, b):
    ops = diff_ops(a, b)
    assert _sides(ops) == (a, b)
    assert all(text for _, text in ops)
    assert all(x[0] != y[0] for x, y in zip(ops, ops[1:], strict=False) if "equal" in (x[0], y[0]))


def test_diff_is_exact_for_small_edits_and_bounded_for_huge_ones():
    assert diff_ops("作 为 一 位", "作为一位") == [
        ("equal", "作"), ("delete", " "), ("equal", "为"), ("delete", " "), ("equal", "一"),
        ("delete", " "), ("equal", "位")]
    assert diff_ops("他说,好", "他说，好") == [
        ("equal", "他说"), ("delete", ","), ("insert", "，"), ("equal", "好")]
    lines = [f"第{n}行的内容，有一些文字。" * 3 for n in range(3000)]
    a = "\n".join(lines)
    b = "\n".join(line.replace("，", ",") if n % 7 == 0 else line for n, line in enumerate(lines))
    start = time.perf_counter()
    ops = diff_ops(a, b)
    assert time.perf_counter() - start < 5
    assert _sides(ops) == (a, b)
    assert sum(len(t) for op, t in ops if op == "delete") == 3 * len(range(0, 3000, 7))


def test_trace_agrees_with_the_engine():
    """Per-rule counts of a trace equal what Pipeline.process counts for the run report."""
    spec = PipelineSpec()
    for doc in iter_documents([RAW]):
        assert isinstance(doc, Document)
        engine = spec.build()
        outcome = engine.process(copy.deepcopy(doc))
        t = trace(spec.build(), doc)
        changed = {s.code: s.counts for s in t.steps if s.before != s.after}
        expected = {c: (s.chars_added, s.chars_removed)
                    for c, s in engine.take_stats().items() if s.docs_changed}
        assert changed == expected, doc.source
        assert (t.steps[-1].after if t.steps else t.original) == outcome.doc.text
        for step in t.steps:
            assert _sides(diff_ops(step.before, step.after)) == (step.before, step.after)


def test_trace_records_fields_drops_and_skips():
    pipeline = PipelineSpec().build()
    doc = Document.from_text("---\ntitle: 标题\n---\n太短", source="a.md", format="markdown")
    t = trace(pipeline, doc)
    front = next(s for s in t.steps if s.code == "M001")
    assert front.fields["title"] == (None, "标题")
    assert t.dropped_by == "F001 too-short"
    assert "F003" not in t.ran


def test_find_document():
    posts = RAW / "forum_posts.jsonl"
    with pytest.raises(ExplainError, match="several documents.*forum_posts.jsonl:1"):
        find_document(posts)
    assert find_document(posts, "forum_posts.jsonl:3").source == "forum_posts.jsonl:3"
    assert find_document(posts, "3").source == "forum_posts.jsonl:3"
    assert find_document(RAW / "ocr_newsletter.txt").source == "ocr_newsletter.txt"
    assert find_document(RAW, "ocr_newsletter.txt").source == "ocr_newsletter.txt"
    with pytest.raises(ExplainError, match="no document with source"):
        find_document(posts, "99")


def test_find_document_reports_unreadable(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "好"}\n{broken\n', "utf-8")
    with pytest.raises(ExplainError, match="could not be read"):
        find_document(bad, "2")


def test_render_marks_deletions_insertions_and_invisibles():
    text = render_ops(diff_ops("甲 乙\u200b丙,丁", "甲乙丙，丁"))
    styles = {text.plain[s.start:s.end]: str(s.style) for s in text.spans}
    assert styles["·"] == "red strike"
    assert styles["⟨U+200B⟩"] == "red strike"
    assert styles["，"] == "bold green"
    assert show_invisible("a\tb\u3000c\n") == "a→b⟨U+3000⟩c↵"
    long = render_ops([("equal", "字" * 500), ("delete", "x"), ("equal", "字" * 500)], 10)
    assert len(long.plain) < 40


def test_cli_terminal_output():
    result = cli.invoke(app, ["explain", str(RAW / "newspaper_qingxi.txt")])
    assert result.exit_code == 0, result.output
    for code in ("W001", "S001", "B005"):
        assert code in result.output
    assert "kept" in result.output


def test_cli_json_output():
    result = cli.invoke(app, ["explain", str(RAW / "forum_posts.jsonl"), "--source", "4",
                              "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "forum_posts.jsonl:4"
    assert data["rules"] and data["chars_after"] == len(data["text"])
    text = None
    for rule in data["rules"]:
        assert set(rule) >= {"code", "name", "before_len", "after_len", "chars_added",
                             "chars_removed", "ops"}
        before, after = _sides([(op["op"], op["text"]) for op in rule["ops"]])
        assert len(before) == rule["before_len"] and len(after) == rule["after_len"]
        assert text is None or before == text
        text = after
    assert text == data["text"]


def test_cli_json_matches_to_json():
    doc = find_document(RAW / "ocr_newsletter.txt")
    expected = to_json(trace(PipelineSpec().build(), doc))
    result = cli.invoke(app, ["explain", str(RAW / "ocr_newsletter.txt"), "--json"])
    assert json.loads(result.stdout) == expected


def test_cli_errors():
    missing = cli.invoke(app, ["explain", "no/such/file.txt"])
    assert missing.exit_code == 2 and "not found" in missing.output
    several = cli.invoke(app, ["explain", str(RAW / "forum_posts.jsonl")])
    assert several.exit_code == 2 and "--source" in several.output
    bad_rule = cli.invoke(app, ["explain", str(RAW / "ocr_newsletter.txt"), "--select", "Z9"])
    assert bad_rule.exit_code == 2


def test_cli_accepts_the_source_a_run_prints_and_marks_edits_in_plain_text(tmp_path):
    forum = tmp_path / "forum"
    forum.mkdir()
    lines = ['{"text": "第一帖的内容很短，但是足够说明问题了。"}',
             '{"text": "第二帖 里 有 多余 的 空格 ， 需要 清理 。"}']
    (forum / "thread.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    result = cli.invoke(app, ["explain", str(forum / "thread.jsonl"), "--source",
                              "forum/thread.jsonl:2"])
    assert result.exit_code == 0, result.output
    assert "thread.jsonl:2" in result.output
    # CliRunner output is not a terminal: deletions and insertions are marked in the text.
    assert "[-" in result.output and "-]" in result.output
    assert "S001" in result.output


WRAPPED = ("河堤上新栽的柳树已经抽出了嫩芽\n，早起锻炼的人沿着步道慢慢地\n走，"
           "孩子们在草地上放风筝。")


def test_trace_names_the_steps_that_joined_lines():
    """Under W001's diff: which numbered step joined each line break, where."""
    t = trace(PipelineSpec(select=["W001"]).build(), Document.from_text(WRAPPED))
    (step,) = t.steps
    assert [(d.line, d.step, d.verdict) for d in step.decisions] == [
        (1, "4 line-start-mark", "join"), (2, "9 run-on", "join"),
    ]
    assert step.decisions[0].excerpt == "…经抽出了嫩芽 | ，早起锻炼的…"
    data = to_json(t)["rules"][0]
    assert data["decisions"][1] == {"line": 2, "step": "9 run-on", "verdict": "join",
                                    "excerpt": "…着步道慢慢地 | 走，孩子们在…"}


def test_cli_shows_the_steps_under_the_diff(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED, "utf-8")
    result = cli.invoke(app, ["explain", str(path)])
    assert result.exit_code == 0, result.output
    assert "line 2 ↵ joined: 9 run-on (…着步道慢慢地 | 走，孩子们在…)" in result.output
    others = [s for s in trace(PipelineSpec().build(), Document.from_text(WRAPPED)).steps
              if s.code != "W001"]
    assert all(not s.decisions for s in others)  # rules that name no steps show none
