"""C001 with its per-character work in the native core (native/src/script.rs) converts,
labels and explains exactly what the Python it replaced did (tests/oracles/script.py):
on made-up text mixing both scripts, characters standard in both, phrases through them,
punctuation, Latin, line breaks and lone surrogates; on the rule's examples; and on the
real corpora as they reach C001. An exception (OpenCC's wrapper refuses a lone surrogate)
is an outcome too, and must be the same one."""

from __future__ import annotations

import copy

import pytest
from cleaner_rules.script.conversion import ScriptConversion
from cleaner_rules.script.evidence import only_simplified, only_traditional, script_table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents, reaching
from oracles import script as oracle

from cleaner.document import Document

RULES = [
    ScriptConversion(),
    ScriptConversion(variant="s2tw"),
    ScriptConversion(variant="s2hk"),
    ScriptConversion(variant="s2twp"),
    ScriptConversion(target="keep"),
]


def outcome(apply, rule: ScriptConversion, doc: Document) -> tuple:
    """What applying the rule gives: the text and the script, or the exception."""
    doc = copy.copy(doc)
    try:
        return apply(rule, doc), doc.script
    except Exception as error:  # noqa: BLE001 - the failure is what is compared
        return type(error), str(error)


def explained(decisions, rule: ScriptConversion, doc: Document) -> tuple:
    try:
        return tuple(decisions(rule, copy.copy(doc)))
    except Exception as error:  # noqa: BLE001
        return type(error), str(error)


def native_apply(rule: ScriptConversion, doc: Document) -> str:
    return rule.apply(doc) if rule.gate(doc.text) else doc.text


def oracle_apply(rule: ScriptConversion, doc: Document) -> str:
    return oracle.apply(rule, doc) if rule.gate(doc.text) else doc.text


def native_decisions(rule: ScriptConversion, doc: Document) -> list:
    return rule.decisions(doc)


def check(doc: Document, rules: list[ScriptConversion] = RULES) -> None:
    for rule in rules:
        new = outcome(native_apply, rule, doc)
        assert new == outcome(oracle_apply, rule, doc), (rule.variant, rule.target)
        if isinstance(new[0], str) and new[0] != doc.text:
            assert explained(native_decisions, rule, doc) == explained(
                oracle.decisions, rule, doc)


_PIECES = st.sampled_from([
    # leftovers and phrases through characters standard in both scripts
    "并", "并且", "后来", "后", "云計算", "阿里云", "云", "頭发", "发明了", "發明了", "说明了",
    "盈余", "余", "认知", "干", "烏干達", "了", "里", "里面", "范", "范德堡", "三王一后",
    "这", "這", "们", "們", "说", "說", "関係", "关系", "關系", "系统", "台灣", "台", "臺",
    "终于", "終於", "乾隆", "着", "著", "只", "陰沈", "阴沉", "群組", "峰", "布局", "宣布",
    # transliterated names, mojibake, the phrase breaker
    "埃弗里特", "威廉姆斯", "锟斤拷", "\x01",
    # punctuation, Latin, digits, spaces, breaks, surrogates, astral and odd characters
    "，", "。", "、", "！", "？", "“", "”", "《", "》", "…", ",", ".", " ", "\u3000", "\t",
    "\n", "\n", "\r\n", "abc", "U盘", "2024", "\x00", "\ud800", "\udfff", "\U00020000",
    "\uf900",
])
_TEXT = st.lists(_PIECES, max_size=40).map("".join)
# Single characters of every kind the rule tells apart.
_CHARS = st.text(
    alphabet=st.sampled_from(
        sorted(only_simplified())[:400:7] + sorted(only_traditional())[:400:7]
        + list("后干了里范云发面系台谷只周借才布准合欲征家乾于着么余盈并来这们说")
        + list("的是在有人，。、！\n 埃弗特")
    ),
    max_size=120,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.sampled_from(["", "這是傳統的文字，", "这是简体的文字，说明了", "這篇文章并不長，"
                               "并且他發明了新方法，我們并沒有"]))
def test_made_up_text_agrees(text: str, prefix: str) -> None:
    check(Document.from_text(prefix + text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_CHARS)
def test_made_up_characters_agree(text: str) -> None:
    check(Document.from_text(text))


def test_the_rule_examples_agree() -> None:
    for example in ScriptConversion.examples:
        rule = ScriptConversion(**example.options)
        check(Document.from_text(example.before), [rule])


def test_long_and_pathological_texts_agree() -> None:
    # Many segments, leftovers throughout, one long line, a surrogate far from any clause.
    check(Document.from_text("這篇文章并不長，并且后来雲端的服務里有么？" * 300))
    check(Document.from_text("這是傳統的文字并且后来" * 2000))
    check(Document.from_text("這篇文章并不長，并且他發明了新方法，我們并沒有認知盈余的問題。\ud800"))
    check(Document.from_text("这是简体中文的文章，里面有些內容。\n" * 500 + "終於後來"))


def test_mojibake_residue_is_left_alone() -> None:
    doc = Document.from_text("這是傳統的文字，并且后来雲端的服務里有么？")
    doc.extra["mojibake_residue"] = 1
    check(doc)


def test_every_table_class_matches_the_sets() -> None:
    # The table says of each character what the sets say (one script alone, both, none).
    table = script_table()
    for c in sorted(only_simplified() | only_traditional()) + list("后干了里范云发的a，\ud800"):
        has = table.evidence(c.encode("utf-32-le", "surrogatepass"))
        assert has == (c in only_simplified(), c in only_traditional()), c


@pytest.mark.parametrize("name", CORPORA)
def test_real_documents_agree(name: str) -> None:
    for doc in reaching("C001", documents(CORPORA[name])):
        check(doc, RULES[:2])
