"""Quality signals: what they measure, their fixed schema, and that users can filter on them."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pytest
from cleaner._native import repeated_chars
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Document
from cleaner.io.writer import SCHEMA, ShardWriter
from cleaner.pipeline import PipelineSpec
from cleaner.publish.card import _features, _signal_lines
from cleaner.run.batches import BatchResult, decode, encode
from cleaner.signals import FIELDS, SIGNALS, signals

PROSE = (
    "清晨的集市刚开张，卖豆腐的老人把木板摆得整整齐齐。\n"
    "隔壁摊位的姑娘正在称青菜，她一边找零，一边和熟客聊起昨夜的大风。\n"
    "太阳升高以后，人渐渐多了，吆喝声和自行车铃声混在一起。\n"
    "到了中午，摊主们收起遮阳伞，在树荫下分着吃一锅热腾腾的面条。"
)
# Site chrome repeated down a page, a looped sentence and a copied paragraph.
REPETITIVE = (
    "首页 | 新闻 | 联系我们\n" * 6
    + "限时优惠限时优惠限时优惠限时优惠限时优惠！\n"
    + "本店商品质量可靠，欢迎新老顾客前来选购。\n" * 4
    + PROSE + "\n" + PROSE
)
RATIOS = [f.name for f in FIELDS if f.type == pa.float64()]


def sig(text: str, **extra: object) -> dict[str, object]:
    return signals(Document.from_text(text, extra=dict(extra)))


def test_schema_is_fixed_typed_and_documented() -> None:
    assert SCHEMA.field("signals").type == SIGNALS and not SCHEMA.field("signals").nullable
    assert SIGNALS.names == [f.name for f in FIELDS]
    assert len(set(SIGNALS.names)) == len(FIELDS)
    assert {f.type for f in FIELDS} <= {pa.int64(), pa.float64(), pa.bool_()}
    assert all(f.what and f.why and f.range for f in FIELDS)
    assert list(sig(PROSE)) == SIGNALS.names
    card = "\n".join(_signal_lines())
    assert all(f"`{f.name}`" in card for f in FIELDS)


def test_card_features_are_what_datasets_reads() -> None:
    datasets = pytest.importorskip("datasets")
    features = datasets.Features._from_yaml_list(_features())
    assert features == datasets.Features.from_arrow_schema(SCHEMA)


def test_repetition_scores_high_and_prose_low() -> None:
    clean, noisy = sig(PROSE), sig(REPETITIVE)
    for name in ("dup_line_frac", "dup_line_char_frac", "dup_5gram_char_frac",
                 "dup_10gram_char_frac"):
        assert clean[name] < 0.05, name
        assert noisy[name] > 0.4, name
    assert clean["no_punct_line_frac"] == 0.0
    assert noisy["no_punct_line_frac"] > 0.2  # the navigation lines
    assert clean["n_lines"] == 4


def test_a_document_repeated_twice_is_half_repeats() -> None:
    s = sig(PROSE + "\n" + PROSE)
    assert s["dup_line_frac"] == s["dup_line_char_frac"] == 0.5
    assert 0.45 < s["dup_10gram_char_frac"] <= 0.5


def test_character_classes() -> None:
    s = sig("价格１２3元 ★😀，好")  # ten characters once the space is left out
    assert s["digit_ratio"] == round(3 / 10, 4)  # full-width digits are digits
    assert s["symbol_ratio"] == round(2 / 10, 4)  # ★ and the emoji; the comma is not
    assert s["han_ratio"] == round(4 / 10, 4)
    assert sig("  \n\n ")["han_ratio"] == 0.0 and sig("")["n_lines"] == 0


def test_damage_counts_come_from_meta() -> None:
    s = sig(PROSE, ocr_damage=3, mojibake_residue=5, invalid_bytes=2, columns_interleaved=True)
    assert (s["ocr_damage"], s["mojibake_residue"], s["invalid_bytes"]) == (3, 5, 2)
    assert s["columns_interleaved"] is True
    none = sig(PROSE, ocr_damage=None, columns_interleaved="yes")
    assert none["ocr_damage"] == 0 and none["columns_interleaved"] is False


def test_sentence_marks() -> None:
    assert sig("版权所有 www.example.com")["no_punct_line_frac"] == 1.0  # a dot in a host
    assert sig("It works. Really")["no_punct_line_frac"] == 0.0
    assert sig("他说：好吗？\n目录")["no_punct_line_frac"] == 0.5


def _reference(dense: str, n: int) -> int:
    """Characters covered by n-grams seen earlier: the obvious quadratic-memory version."""
    seen: set[str] = set()
    covered = [False] * len(dense)
    for i in range(len(dense) - n + 1):
        gram = dense[i : i + n]
        if gram in seen:
            covered[i : i + n] = [True] * n
        seen.add(gram)
    return sum(covered)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙丙丁ab。\n ", max_size=300))
def test_ngram_coverage_matches_the_definition(text: str) -> None:
    dense = "".join(text.split())
    expected = (_reference(dense, 5), _reference(dense, 10))
    assert repeated_chars(dense.encode("utf-32-le")) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_ratios_stay_in_range(text: str) -> None:
    s = sig(text)
    assert all(0.0 <= s[name] <= 1.0 for name in RATIOS)
    assert s["n_lines"] >= 0


def test_pipeline_sets_signals_of_the_cleaned_text() -> None:
    pipeline = PipelineSpec().build()
    doc = Document.from_text("<p>第一段文字，内容完整。</p>\n<p>第二段文字，也很完整。</p>",
                             format="html")
    outcome = pipeline.process(doc)
    assert outcome.error is None and outcome.dropped_by is None
    assert doc.signals == signals(doc)
    assert doc.signals["n_lines"] == doc.text.count("\n") + 1


def test_batch_files_carry_signals_and_old_ones_still_load(tmp_path: Path) -> None:
    doc = Document.from_text(REPETITIVE)
    doc.signals = signals(doc)
    raw = encode(BatchResult([("doc", doc)], len(doc.text), {}))
    assert decode(raw).items[0][1].signals == doc.signals
    before, _, last = raw.rpartition(b"\n")  # statistics and texts, then the rest
    data = json.loads(last)
    del data["items"][0][1]["signals"]  # a batch file written before the field existed
    old = decode(before + b"\n" + json.dumps(data).encode()).items[0][1]
    assert old.signals is None
    tables = []
    for name, item in (("new", doc), ("old", old)):
        with ShardWriter(tmp_path / name) as writer:
            writer.write(item)
        tables.append(pads.dataset(tmp_path / name / "data").to_table())
    assert tables[0].equals(tables[1])  # the writer computes what the worker would have


def test_datasets_filters_on_signals_in_one_line(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    docs = [Document.from_text(t, source=f"s{i}") for i, t in enumerate(
        [PROSE, REPETITIVE, "价格：１２３元，４５６元，７８９元。"])]
    with ShardWriter(tmp_path / "out") as writer:
        for doc in docs:
            writer.write(doc)
    ds = datasets.load_dataset("parquet", data_dir=str(tmp_path / "out" / "data"),
                               split="train", cache_dir=str(tmp_path / "cache"))
    kept = ds.filter(lambda r: r["signals"]["dup_10gram_char_frac"] < 0.2)
    assert kept["source"] == ["s0", "s2"]
    assert ds.filter(lambda r: r["signals"]["digit_ratio"] > 0.3)["source"] == ["s2"]
    # pushed down to Parquet, where the per-field statistics let readers skip row groups
    table = pads.dataset(tmp_path / "out" / "data").to_table(
        filter=pads.field("signals", "han_ratio") > 0.8, columns=["source"])
    assert table.column("source").to_pylist() == ["s0", "s1"]
