"""Script conversion (C001) never rewrites correct text; radicals fold (U005)."""

from __future__ import annotations

import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import cleaner_rules.script.leftovers
import cleaner_rules.script.mixed
import opencc
import pytest
from cleaner_rules.script.conversion import ScriptConversion
from cleaner_rules.script.evidence import only_simplified, only_traditional
from cleaner_rules.script.tables import build_both_scripts, transliteration_chars
from cleaner_rules.unicode.characters import CJKRadicals
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.document import Document

# Correct traditional text, full of characters that are standard in both scripts and that
# OpenCC's simplified-to-traditional tables would still change (后 干 了 合 准 范 欲 家 征
# 里 面 台 系 松 谷 只 周 借 才 布 发/發).
HANT = (
    "台灣的山谷裡長滿了松樹，每到周末，鄰里的家人就一起走上十幾公里。\n"
    "史書說這位皇后曾經干涉朝政，若干大臣被罷官，三王一后的故事流傳至今。\n"
    "他在烏干達發明了一種淨水方法，准許居民使用；面對困難，他只借助自己的才能。\n"
    "在正式的場合，范先生說人的欲望沒有止境。古代帝王出兵征服鄰國，宣布建立新的系統。\n"
    "理髮師把頭髮剪短，說明了這個髮型的優點，也表明了他的想法。"
)
# Correct simplified text with characters standard in both scripts (乾 于 着 么 征 台).
HANS = (
    "乾隆年间，这里是繁华的商业中心，于是商人们都来到这里。\n"
    "他看着窗外的台风，想着明天怎么去征收站，发现了一个问题。"
)


def run(text: str, **options: object) -> tuple[str, Document]:
    doc = Document.from_text(text)
    rule = ScriptConversion(**options)
    return (rule.apply(doc) if rule.gate(doc.text) else doc.text), doc


def changed(a: str, b: str) -> int:
    assert len(a) == len(b)
    return sum(x != y for x, y in zip(a, b, strict=True))


def test_correct_traditional_text_is_never_rewritten() -> None:
    out, doc = run(HANT)
    assert out == HANT
    # OpenCC alone would rewrite it: the test checks something that can fail.
    assert opencc.OpenCC("s2t").convert(HANT) != HANT


def test_correct_traditional_text_with_leftovers_keeps_its_correct_characters() -> None:
    damaged = HANT + "\n这个系统的设计关系到整个计划。"
    out, doc = run(damaged)
    assert doc.script == "zh-Hant"
    assert out.split("\n")[:-1] == HANT.split("\n")
    assert out.split("\n")[-1] == "這個系統的設計關係到整個計劃。"


def test_correct_simplified_text_is_never_rewritten() -> None:
    assert run(HANS)[0] == HANS
    damaged = HANS + "\n經過幾個月的準備，他終於出發了。"
    out, doc = run(damaged)
    assert doc.script == "zh-Hans"
    assert out.split("\n")[:2] == HANS.split("\n")
    assert out.split("\n")[-1] == "经过几个月的准备，他终于出发了。"


@pytest.mark.parametrize(("before", "after"), [
    ("這裡的人們并不知道后来的事。", "這裡的人們並不知道後來的事。"),
    ("他們說这是對的，這個問題沒有答案。", "他們說這是對的，這個問題沒有答案。"),
    ("她們都說這些頭发很長，這個說法沒錯。", "她們都說這些頭髮很長，這個說法沒錯。"),
])
def test_simplified_leftovers_in_traditional_text_are_converted(before: str, after: str) -> None:
    assert run(before)[0] == after


def test_a_character_standard_in_both_needs_evidence() -> None:
    # 后 alone is a correct traditional character (皇后); in 后來 OpenCC's round trip finds
    # the phrase 後來 through the traditional-only 來, so there it is a leftover.
    text = "這是關於皇后的歷史，她們在宮裡生活，后來怎樣沒人知道。"
    assert run(text)[0] == text.replace("后來", "後來")
    assert run("這是關於皇后的歷史，她們在宮裡生活。")[0] == "這是關於皇后的歷史，她們在宮裡生活。"


def test_transliterated_names_keep_their_characters() -> None:
    text = "這個國家的總統埃弗里特说過這樣的話，這是歷史。"
    out, _ = run(text)
    assert "埃弗里特" in out
    assert "說過" in out


def test_mojibake_is_never_converted() -> None:
    text = "這是傳統的文字，并且后来雲端的服務有么？"
    assert run(text)[0] != text
    doc = Document.from_text(text)
    doc.extra["mojibake_residue"] = 2
    rule = ScriptConversion()
    assert rule.apply(doc) == text
    garbage = "這是傳統的文字锟斤拷锟斤拷，并且后来雲端的服務有么？"
    assert run(garbage)[0] == garbage
    assert run(garbage, target="hant")[0] == garbage


def test_whole_corpus_targets_and_keep() -> None:
    assert run("这是简体中文。", target="hant")[0] == "這是簡體中文。"
    assert run("這是繁體中文。", target="hans")[0] == "这是繁体中文。"
    text = "這是傳統的文字，并且后来雲端的服務有么？"
    out, doc = run(text, target="keep")
    assert out == text and doc.script == "zh-Hant"


def test_taiwan_variant_forms() -> None:
    out, _ = run("這個群組說这裡沒有問題，這是對的。", variant="s2tw")
    assert out == "這個群組說這裡沒有問題，這是對的。"


def test_character_sets_follow_opencc_candidate_lists() -> None:
    simp, trad = only_simplified(), only_traditional()
    for both in "干后了合准范欲家征里面台系布群峰周":
        assert both not in simp
    for leftover in "并来这关们说":
        assert leftover in simp
    assert "徵" not in trad and "乾" not in trad and "於" not in trad
    assert "後" in trad and "這" in trad


@pytest.mark.skipif(
    shutil.which("opencc_dict", path=str(Path(opencc.__file__).parent / "clib" / "bin")) is None,
    reason="the opencc wheel ships no opencc_dict tool here",
)
def test_shipped_both_scripts_table_matches_installed_opencc() -> None:
    shipped = (resources.files("cleaner_rules") / "data" / "both_scripts.txt").read_text("utf-8")
    assert build_both_scripts() == shipped


def test_a_leftover_shown_in_one_clause_is_converted_in_another() -> None:
    # 云計算 shows 云 to be a leftover (the round trip through 計 gives 雲計算); 阿里云 in
    # the next sentence, or on the next line, holds no evidence of its own.
    for sep in ("。", "\n"):
        text = f"這是雲端的服務，云計算很重要{sep}阿里云也提供這種服務。"
        assert run(text)[0] == f"這是雲端的服務，雲計算很重要{sep}阿里雲也提供這種服務。"


def test_a_leftover_reaches_across_punctuation() -> None:
    # 陰沈 shows 沈 to be a leftover in this simplified text (阴沉); the second 阴沈 is
    # within reach of the leftovers 們 or 檢 only across a comma or a line break.
    for text, after in [
        ("今天天色陰沈，我们在家里看书。他們说，阴沈的天气让人不想出门。",
         "今天天色阴沉，我们在家里看书。他们说，阴沉的天气让人不想出门。"),
        ("今天天色陰沈，我们在家里看书。\n天气阴沈，檢查过了。",
         "今天天色阴沉，我们在家里看书。\n天气阴沉，检查过了。"),
    ]:
        assert run(text)[0] == after


def test_a_long_correct_text_with_one_leftover_changes_only_that_leftover() -> None:
    text = "\n".join([HANT] * 20 + ["他們說这件事情很重要。"] + [HANT] * 20)
    out, doc = run(text)
    assert doc.script == "zh-Hant"
    assert out == text.replace("这", "這")


# Characters of both scripts, leftovers, phrases through them, punctuation and breaks.
_MIXED = st.text(
    alphabet=st.sampled_from(list("后來来云計计算阿里并且這这们們说說的了干發发頭髮面系關係台灣")
                             + list("於于终終乾著着阴陰沉沈裡裏") + list("，。、！\n ")),
    max_size=80,
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MIXED, st.sampled_from(["", "這是傳統的文字，", "这是简体的文字，说明了"]))
def test_converting_clause_by_clause_is_converting_the_whole_text(
    text: str, prefix: str,
) -> None:
    """The rule converts only the clauses between punctuation that can hold evidence; with
    no clause boundary at all it converts the text as one piece, and the two agree."""
    text = prefix + text
    by_clause = run(text)[0]
    original = cleaner_rules.script.leftovers._BARRIERS
    try:
        cleaner_rules.script.leftovers._BARRIERS = re.compile("(?!)")  # never matches: one segment
        whole = run(text)[0]
    finally:
        cleaner_rules.script.leftovers._BARRIERS = original
    assert by_clause == whole


def _opencc_table(name: str, tmp_path: Path) -> list[tuple[str, list[str]]]:
    clib = Path(opencc.__file__).parent / "clib"
    out = tmp_path / f"{name}.txt"
    subprocess.run([str(clib / "bin" / "opencc_dict"), "-i",
                    str(clib / "share" / "opencc" / name), "-o", str(out),
                    "-f", "ocd2", "-t", "text"], check=True)
    rows = []
    for row in out.read_text("utf-8").splitlines():
        key, _, values = row.partition("\t")
        rows.append((key, values.split(" ")))
    return rows


@pytest.mark.skipif(
    shutil.which("opencc_dict", path=str(Path(opencc.__file__).parent / "clib" / "bin")) is None,
    reason="the opencc wheel ships no opencc_dict tool here",
)
def test_segments_convert_on_their_own(tmp_path: Path) -> None:
    """What converting clause by clause relies on: in the tables of the default
    conversions no key or value holds a segment boundary, and every value has its key's
    length (so a segment left out keeps its length)."""
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    tables = {"STPhrases.ocd2", "TSPhrases.ocd2"}
    for config in ("s2t.json", "t2s.json"):
        tables |= set(re.findall(r'"file": "([^"]+\.ocd2)"', (share / config).read_text()))
    assert "STCharacters.ocd2" in tables
    boundaries = cleaner_rules.script.leftovers._BARRIERS
    for table in sorted(tables):
        for key, values in _opencc_table(table, tmp_path):
            assert boundaries.search(key) is None, (table, key)
            for value in values:
                assert len(value) == len(key), (table, key, value)
                assert boundaries.search(value) is None, (table, value)
    assert not any(boundaries.search(c) for c in transliteration_chars())


def fold(text: str) -> str:
    rule = CJKRadicals()
    doc = Document.from_text(text)
    return rule.apply(doc) if rule.gate(text) else text


def test_radicals_fold_into_ideographs() -> None:
    assert fold("⾦融⼈⺠⽇报记者报道") == "金融人民日报记者报道"
    assert fold("⻓⻔⻢⻋⻅⻛⻜⻝⻥⻦") == "长门马车见风飞食鱼鸟"
    assert fold("⼀⼆⼗⽔⽕⼭") == "一二十水火山"


def test_radicals_fold_leaves_ordinary_text_alone() -> None:
    text = "金融人民日报，Café ①②③ ㈠ 〇 ・ ﹏ 。"
    assert fold(text) == text


C001_STEPS = {"1 minority-only", "3 leftover-phrase", "4 back-phrase", "5 round-trip-phrase",
              "6 shown-elsewhere", "7 mixed-document"}


@pytest.mark.parametrize("text", [
    "這是傳統的文字，并且后来雲端的服務里有么？",
    "這篇文章并不長，并且他發明了新方法，我們并沒有認知盈余的問題。",
    "雲端的資料在阿里云，\n云計算很方便。",
    "这是简体中文的文章，里面有些內容。",
    HANT,
    HANS,
])
def test_decisions_name_a_step_for_every_converted_character(text: str) -> None:
    """C001's decisions agree with apply: one per character it converts, on its line, each
    naming a step that the docstrings of `leftovers` and `mixed` number."""
    rule = ScriptConversion()
    doc = Document.from_text(text)
    decisions = rule.decisions(doc)
    assert (doc.text, doc.script) == (text, Document.from_text(text).script)  # left alone
    out = run(text)[0]
    changed = [(text.count("\n", 0, k) + 1) for k, c in enumerate(text) if out[k] != c]
    assert [d.line for d in decisions] == changed
    assert {d.step for d in decisions} <= C001_STEPS
    docs = cleaner_rules.script.leftovers.__doc__ + cleaner_rules.script.mixed.__doc__
    for step in {d.step for d in decisions}:
        number, name = step.split(" ")
        assert f"{number}. {name}:" in docs


def test_decisions_name_the_evidence() -> None:
    doc = Document.from_text("雲端在阿里云，云計算。")
    steps = [d.step for d in ScriptConversion().decisions(doc)]
    assert steps == ["6 shown-elsewhere", "5 round-trip-phrase"]
    assert ScriptConversion().decisions(Document.from_text(HANT)) == []
