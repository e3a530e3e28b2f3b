"""Scoring must be exact: the project's evaluation numbers all come from here."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from cleaner.changes import char_diff_counts
from cleaner.evaluate.metrics import (
    DocScore,
    cer,
    edits,
    error_reduction,
    normalize_ws,
    summarize,
)


def test_normalize_ws_collapses_every_kind_of_space() -> None:
    assert normalize_ws(" 第一行\t\n\n第二\u00a0行\u3000 end \r\n") == "第一行 第二 行 end"
    assert normalize_ws("") == ""
    assert normalize_ws(" \n\u3000 ") == ""
    assert normalize_ws("无空白") == "无空白"


def test_cer_on_small_strings() -> None:
    assert cer("今天天气很好", "今天天气很好") == 0.0
    assert cer("今天天汽很好", "今天天气很好") == pytest.approx(1 / 6)
    assert cer("今天天气", "今天天气很好") == pytest.approx(2 / 6)
    assert cer("abc", "abd") == pytest.approx(1 / 3)
    # Whitespace runs count as one space, line layout is free.
    assert cer("春风\n\n 又绿", "春风 又绿") == 0.0
    assert cer("春风又绿", "春风 又绿") == pytest.approx(1 / 5)


def test_cer_empty_reference() -> None:
    assert cer("", "") == 0.0
    assert cer(" \n", "") == 0.0
    assert cer("多余", "") == 1.0
    assert cer("", "有字") == 1.0


def test_error_reduction_sign() -> None:
    gold = "城市的夜晚很安静。"
    raw = "城 市 的 夜\n晚很安静,"
    assert error_reduction(raw, gold, gold) == 1.0
    assert error_reduction(raw, raw, gold) == 0.0
    partial = "城市的夜晚很安静,"
    assert 0.0 < error_reduction(raw, partial, gold) < 1.0
    worse = "城 市 的 夜\n晚很安,"
    assert error_reduction(raw, worse, gold) < 0.0


def test_error_reduction_when_raw_is_already_clean() -> None:
    gold = "已经干净的文本。"
    assert error_reduction(gold, gold, gold) == 1.0
    # Floor of one raw edit: each introduced edit costs a whole unit.
    assert error_reduction(gold, "已经干净的文本", gold) == -1.0
    assert error_reduction(gold, "已经干的文", gold) == -3.0


def test_error_reduction_equals_cer_ratio() -> None:
    gold, raw, cleaned = "一二三四五六七八九十", "一二3四五6七八9十", "一二三四五6七八九十"
    expected = 1 - cer(cleaned, gold) / cer(raw, gold)
    assert error_reduction(raw, cleaned, gold) == pytest.approx(expected)


def test_docscore_and_summarize() -> None:
    a = DocScore.from_texts("a", raw="甲乙丙丁戊", cleaned="甲乙丙丁戊", gold="甲乙丙丁己")
    b = DocScore("b", chars=10, raw_edits=4, clean_edits=1)
    c = DocScore("c", chars=5, raw_edits=0, clean_edits=0)
    assert (a.chars, a.raw_edits, a.clean_edits) == (5, 1, 1)
    assert a.raw_cer == pytest.approx(0.2) and a.reduction == 0.0
    assert b.clean_cer == pytest.approx(0.1) and b.reduction == pytest.approx(0.75)
    assert c.reduction == 1.0
    s = summarize([a, b, c])
    assert s["docs"] == 3 and s["chars"] == 20
    assert s["raw_edits"] == 5 and s["clean_edits"] == 2
    assert s["micro_reduction"] == pytest.approx(1 - 2 / 5)
    assert s["macro_reduction"] == pytest.approx((0.0 + 0.75 + 1.0) / 3)
    assert s["raw_cer"] == pytest.approx(5 / 20) and s["clean_cer"] == pytest.approx(2 / 20)
    assert summarize([])["micro_reduction"] == 0.0


def test_edits_matches_docscore() -> None:
    assert edits("你好 世界", "你好\n世界") == 0
    assert edits("你好世界", "你好 世界") == 1


def _naive_diff(before: str, after: str) -> tuple[int, int]:
    cb, ca = Counter(before), Counter(after)
    return sum((ca - cb).values()), sum((cb - ca).values())


def _mutate(rng: random.Random, text: str, alphabet: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(0, 6)):
        op = rng.random()
        pos = rng.randint(0, len(chars))
        if op < 0.3:
            chars[pos:pos] = rng.choices(alphabet, k=rng.randint(1, 5))
        elif op < 0.6 and chars:
            del chars[pos : pos + rng.randint(1, 5)]
        elif op < 0.85 and chars:
            chars[min(pos, len(chars) - 1)] = rng.choice(alphabet)
        elif len(chars) > 1:
            i, j = sorted(rng.sample(range(len(chars)), 2))
            chars[i], chars[j] = chars[j], chars[i]
    return "".join(chars)


@pytest.mark.parametrize("seed", range(5))
def test_char_diff_counts_matches_naive_counter(seed: int) -> None:
    rng = random.Random(seed)
    alphabets = ["ab", "abc \n", "天地人和，。 \u3000\u200bAZ09", "的的的了了"]
    for _ in range(300):
        alphabet = rng.choice(alphabets)
        base = "".join(rng.choices(alphabet, k=rng.choice([0, 1, 5, 63, 64, 65, 300, 2000])))
        after = _mutate(rng, base, alphabet)
        assert char_diff_counts(base, after) == _naive_diff(base, after), (base, after)
        assert char_diff_counts(after, base) == _naive_diff(after, base)


def test_char_diff_counts_edge_cases() -> None:
    assert char_diff_counts("", "") == (0, 0)
    assert char_diff_counts("", "新增") == (2, 0)
    assert char_diff_counts("删除", "") == (0, 2)
    assert char_diff_counts("相同文本", "相同文本") == (0, 0)
    # Overlapping candidate prefix and suffix must not be counted twice.
    assert char_diff_counts("aaa", "aaaa") == (1, 0)
    assert char_diff_counts("abab", "ab") == (0, 2)
    # A swap of characters is a reordering: the multisets are equal.
    assert char_diff_counts("甲乙", "乙甲") == (0, 0)
    long = "长" * 5000
    assert char_diff_counts(long + "旧" + long, long + "新新" + long) == (2, 1)


def test_break_score_counts_merges_and_splits() -> None:
    from cleaner.evaluate.metrics import break_score

    gold = "第一段写到这里。\n第二段接着写。\n第三段收尾。"
    same = break_score(gold, gold)
    assert (same.matched, same.hyp, same.ref) == (2, 2, 2)
    assert same.f1 == 1.0
    merged = break_score("第一段写到这里。第二段接着写。\n第三段收尾。", gold)
    assert (merged.matched, merged.hyp, merged.ref) == (1, 1, 2)
    assert merged.precision == 1.0 and merged.recall == 0.5
    split = break_score("第一段写到\n这里。\n第二段接着写。\n第三段收尾。", gold)
    assert (split.matched, split.hyp) == (2, 3)
    # Whitespace and blank lines carry no structure; a removed page number is absorbed.
    assert break_score("第一段写到这里。\n\n  第二段接着写。 \n第三段收尾。", gold).f1 == 1.0
    shifted = break_score("第一段写到这里。\n12\n第二段接着写。\n第三段收尾。", gold)
    assert shifted.matched == 2 and shifted.hyp == 3


def test_break_score_in_summary_is_micro() -> None:
    a = DocScore.from_texts("a", raw="x", cleaned="甲\n乙", gold="甲\n乙")
    b = DocScore.from_texts("b", raw="x", cleaned="丙丁", gold="丙\n丁")
    s = summarize([a, b])
    assert s["break_precision"] == 1.0
    assert s["break_recall"] == 0.5
    assert abs(s["break_f1"] - 2 / 3) < 1e-9
