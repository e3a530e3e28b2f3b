"""Quality gates: error reduction against gold, and policy invariants on real documents.

These check properties of the output (no space between CJK characters, no simplified
leftover in a traditional document, no line cut at layout width mid-sentence, no chrome
line left), never the seeds' sentences.
"""

from __future__ import annotations

import re

import pytest
from cleaner_rules.text.chars import CJK, display_width
from oracles.chrome import is_chrome
from oracles.script import script_evidence

from cleaner.config import Config
from cleaner.document import Document
from cleaner.evaluate import gold_eval, synthetic_eval
from cleaner.pipeline import PipelineSpec


def _cleaned(seeds):
    pipeline = PipelineSpec().build()
    out = []
    for path in sorted((seeds / "raw").glob("*.txt")):
        doc = Document.from_text(path.read_text("utf-8"), source=path.name)
        assert pipeline.process(doc).dropped_by is None
        out.append(doc)
    return out


def test_seed_error_reduction(seeds):
    result = gold_eval(Config(), seeds / "raw", seeds / "gold")
    assert len(result["documents"]) == 4
    assert result["overall"]["micro_reduction"] >= 0.95
    for row in result["documents"]:
        assert row["reduction"] >= 0.90, row


def test_seed_invariants(seeds):
    cjk_space = re.compile(f"[{CJK}] +[{CJK}]")
    simplified, _ = script_evidence()
    for doc in _cleaned(seeds):
        lines = doc.text.split("\n")
        assert all(line and line == line.strip() for line in lines)
        assert not cjk_space.search(doc.text), doc.source
        if doc.script == "zh-Hant":
            leftovers = set(simplified.findall(doc.text))
            assert len(leftovers) <= 3, leftovers
        assert not any(is_chrome(line) for line in lines), doc.source
        # No run of three or more lines of one width that stop mid-sentence: that is layout.
        widths = [display_width(line) for line in lines]
        for k in range(len(lines) - 2):
            same = abs(widths[k] - widths[k + 1]) <= 2 and abs(widths[k + 1] - widths[k + 2]) <= 2
            mid = not re.search(r"[。！？…”）」』\w]$", lines[k])
            assert not (same and mid and widths[k] < 60), lines[k : k + 3]


def test_seed_metadata(seeds):
    docs = {d.source[:3]: d for d in _cleaned(seeds)}
    assert docs["001"].title and docs["001"].date.startswith("2021-11-16")
    assert docs["003"].script == "zh-Hant"
    assert all(d.script == "zh-Hans" for k, d in docs.items() if k != "003")


def test_sample_corpus_against_its_clean_texts(sample):
    result = gold_eval(Config(), sample / "raw", sample / "clean")
    assert len(result["documents"]) >= 12
    assert result["overall"]["micro_reduction"] >= 0.95


@pytest.mark.slow
def test_synthetic_damage_per_class(sample):
    result = synthetic_eval(Config(), sample / "clean", seeds=1)
    assert result["overall"]["micro_reduction"] >= 0.95
    for name, summary in result["classes"].items():
        assert summary["micro_reduction"] >= 0.85, (name, summary)
