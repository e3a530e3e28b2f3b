"""The engine's accounting: per-rule counts are exact multiset differences."""

from __future__ import annotations

import random
from collections import Counter

from cleaner.changes import change_counts
from cleaner.document import Document
from cleaner.pipeline import PipelineSpec


def naive(before: str, after: str) -> tuple[int, int]:
    b, a = Counter(before), Counter(after)
    return sum((a - b).values()), sum((b - a).values())


def test_change_counts_exact_when_lines_are_dropped_or_moved():
    rng = random.Random(7)
    alphabet = "中文字，。 \nab"
    for _ in range(2000):
        before = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        lines = before.split("\n")
        rng.shuffle(lines)
        after = "\n".join(line for line in lines if rng.random() < 0.7)
        if len(after.split("\n")) != len(lines):
            assert change_counts(before, after) == naive(before, after)


def test_change_counts_line_by_line_for_edits_within_lines():
    before = "作 为 一 位\n老 师 ，\n不变的行"
    after = "作为一位\n老师，\n不变的行"
    assert change_counts(before, after) == (0, 5)
    assert change_counts("他说,好", "他说，好") == (1, 1)


def test_pipeline_stats_add_up():
    pipeline = PipelineSpec(ignore=["F"]).build()
    doc = Document.from_text("作 为 一 位 老 师 , 她 在 2020 年 退 休 了 。")
    outcome = pipeline.process(doc)
    assert outcome.error is None and outcome.dropped_by is None
    stats = pipeline.take_stats()
    removed = sum(s.chars_removed for s in stats.values())
    added = sum(s.chars_added for s in stats.values())
    assert removed - added == len("作 为 一 位 老 师 , 她 在 2020 年 退 休 了 。") - len(doc.text)
    assert stats["S001"].docs_changed == 1 and stats["P004"].chars_added == 1


def test_declared_touches_count_like_a_full_diff(sample):
    """A rule that declares the characters it touches must count exactly like a diff."""
    from cleaner.io.readers import iter_documents
    from cleaner.rule import Filter

    pipeline = PipelineSpec().build()
    checked = set()
    docs = [d for d in iter_documents([sample / "raw"]) if isinstance(d, Document)]
    examples = [
        Document.from_text(ex.before, format=ex.format)
        for rule in pipeline.doc_rules for ex in rule.examples
    ]
    for doc in docs + examples:
        for rule in pipeline.doc_rules:
            if isinstance(rule, Filter) or not rule.gate(doc.text):
                continue
            before = doc.text
            after = rule.apply(doc)
            if rule.touches is not None and after != before:
                assert rule.count_changes(before, after) == change_counts(before, after), rule.code
                checked.add(rule.code)
            doc.text = after
    assert {"W001", "S001", "P004"} <= checked


def test_fingerprint_covers_helper_modules_and_data_of_the_rule_pack(tmp_path, monkeypatch):
    """An edit in a module no rule is defined in still changes the ruleset fingerprint."""
    import sys

    from cleaner.pipeline import Pipeline

    pack = tmp_path / "fp_pack"
    (pack / "data").mkdir(parents=True)
    (pack / "__init__.py").write_text("", "utf-8")
    (pack / "helpers.py").write_text("MARK = '。'\n", "utf-8")
    (pack / "data" / "words.txt").write_text("登录\n", "utf-8")
    (pack / "rule_mod.py").write_text(
        "from cleaner.rule import Rule, Stage\n"
        "from fp_pack.helpers import MARK\n"
        "class Ends(Rule):\n"
        "    code = 'Z901'; name = 'ends'; stage = Stage.TIDY\n"
        "    summary = rationale = 'test'\n"
        "    def apply(self, doc):\n"
        "        return doc.text + MARK\n",
        "utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    from fp_pack.rule_mod import Ends

    first = Pipeline([Ends()]).fingerprint()
    assert Pipeline([Ends()]).fingerprint() == first
    (pack / "helpers.py").write_text("MARK = '！'\n", "utf-8")
    second = Pipeline([Ends()]).fingerprint()
    assert second != first
    (pack / "data" / "words.txt").write_text("注册\n", "utf-8")
    assert Pipeline([Ends()]).fingerprint() not in (first, second)
    for name in [m for m in sys.modules if m.startswith("fp_pack")]:
        monkeypatch.delitem(sys.modules, name)


def test_a_batch_comes_out_as_each_document_would_alone(monkeypatch):
    """`process_batch` runs rule by rule over the batch; every document must end exactly as
    `process` leaves it alone: same text, fields, signals, drop and error."""
    import copy

    from cleaner_rules.punctuation.quotes import StraightQuotes

    from cleaner.config import sample_corpus
    from cleaner.evaluate.synthetic import CLASSES, damage

    def boom(self, doc):
        if "炸" in doc.text:  # an error in the middle of the chain, for one document
            raise RuntimeError("boom")
        return doc.text

    monkeypatch.setattr(StraightQuotes, "apply", boom)
    clean = sorted(sample_corpus().parent.joinpath("clean").glob("*.txt"))
    texts = [p.read_text("utf-8") for p in clean]
    rng = random.Random(3)
    docs = [
        Document.from_text(damage(text, rng.sample(list(CLASSES), 3), seed=k), source=f"d{k}")
        for k, text in enumerate(texts * 2)
    ]
    docs[1:1] = [Document.from_text("太短"), Document.from_text("English only. " * 40)]
    docs.append(Document.from_text('他说"炸"了。' + texts[0]))
    pipeline = PipelineSpec().build()
    alone = [pipeline.process(copy.deepcopy(doc)) for doc in docs]
    batch = PipelineSpec().build().process_batch(docs)
    assert [(o.dropped_by, o.error) for o in batch] == [(o.dropped_by, o.error) for o in alone]
    assert [o.doc for o in batch] == [o.doc for o in alone]
    assert {o.dropped_by for o in batch} > {None} and any(o.error for o in batch)


def _counted_one_by_one(chars: str, before: str, after: str) -> tuple[int, int]:
    """The oracle: a `str.count` per touched character, as often as it is listed."""
    added = removed = 0
    for ch in chars:
        delta = after.count(ch) - before.count(ch)
        added += max(delta, 0)
        removed += max(-delta, 0)
    return added, removed


def test_touched_counts_agree_with_counting_each_character():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner.changes import touched_counts
    from cleaner.registry import select

    alphabet = st.sampled_from(list("中文，。,.;:!?() \u3000\t\n-\u00ad\"“”OoIl〇01〈〉《》（）aé"))
    declared = sorted({r.touches for r in select() if r.touches})
    assert len(declared) >= 8

    @settings(max_examples=300, deadline=None)
    @given(st.sampled_from(declared + [" ,，,"]), st.text(alphabet), st.text(alphabet))
    def agree(chars: str, before: str, after: str) -> None:
        assert touched_counts(chars, before, after) == _counted_one_by_one(chars, before, after)

    agree()
