"""P004 and P005 decide in named steps: `decisions` names the step behind every mark that
`apply` converts, and the steps are the ones the module docstrings number."""

from __future__ import annotations

import cleaner_rules.punctuation.halfwidth as halfwidth
import cleaner_rules.punctuation.quotes as quotes
import pytest
from cleaner_rules.punctuation.halfwidth import HalfwidthPunctuation
from cleaner_rules.punctuation.quotes import StraightQuotes
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Document
from cleaner.rule import Rule

HALF = ",;:?!.()"
# Texts of our own: digit groups, times, URLs, code, Latin lines, runs of marks, periods.
TEXTS = [
    "微信:从小程序开始,建立生态!真的吗?",
    "时间是22:30,通话422,000,000分钟。",
    ":::行",
    "北京(首都)很大,the value (x) is small",
    "他来了.我们走吧.\nHello, world. Fine!",
    "参考 https://example.com/docs,或者 `a, b` 来信:someone@example.cn,谢谢",
    "课题组联合攻关 .规模扩大（见附表）.(附录)",
    "使用Python,效率很高;版本v2.0发布了!",
    '他说"好的"然后离开,She said "yes".\n一种 "新" 的方法',
    '"""它"\n他说“你好"，我回答"再见”\n他说"今天不来',
]


def _run(rule: Rule, text: str) -> tuple[str, list]:
    doc = Document.from_text(text)
    decisions = rule.decisions(doc)
    assert doc.text == text  # decisions leave the document alone
    return (rule.apply(doc) if rule.gate(text) else text), decisions


def _per_line(text: str, marks: str) -> list[int]:
    return [sum(line.count(c) for c in marks) for line in text.split("\n")]


def _agree(rule: Rule, text: str, marks: str) -> None:
    """Every mark `apply` converts has one decision on its line, and no other has one."""
    out, decisions = _run(rule, text)
    converted = [a - b for a, b in zip(_per_line(text, marks), _per_line(out, marks), strict=True)]
    decided = [0] * len(converted)
    for d in decisions:
        decided[d.line - 1] += 1
        assert d.verdict == "convert" and d.excerpt
    assert decided == converted, (text, out, decisions)


@pytest.mark.parametrize("text", TEXTS)
def test_halfwidth_decisions_agree_with_apply(text: str) -> None:
    _agree(HalfwidthPunctuation(), text, HALF)


@pytest.mark.parametrize("text", TEXTS)
def test_quote_decisions_agree_with_apply(text: str) -> None:
    _agree(StraightQuotes(), text, '"')


def _steps(rule: Rule, text: str) -> list[tuple[int, str, str]]:
    return [(d.line, d.step, d.excerpt) for d in _run(rule, text)[1]]


def test_halfwidth_names_the_deciding_step() -> None:
    rule = HalfwidthPunctuation()
    assert [s for _, s, _ in _steps(rule, ":::行")] == ["6 spread", "6 spread", "5 cjk-neighbour"]
    assert [s for _, s, _ in _steps(rule, "北京(首都)很大")] == ["4 han-inside"] * 2
    assert [s for _, s, _ in _steps(rule, "他来了.x")] == []  # Latin after: no sentence end
    assert _steps(rule, "第一行\n他来了.我们走吧") == [(2, "3 period-context", "他来了.我们走吧")]
    # Digit groups and marks inside URLs stay, and say nothing.
    assert [s for _, s, _ in _steps(rule, "共422,000人:见 http://a.cn/x,y")] == ["5 cjk-neighbour"]


def test_quotes_name_the_deciding_step() -> None:
    rule = StraightQuotes()
    assert [s for _, s, _ in _steps(rule, '完成"打卡"的操作')] == ["2 han-inside"] * 2
    assert [s for _, s, _ in _steps(rule, '叫"deep"吧')] == ["3 cjk-beside"] * 2
    assert _steps(rule, 'He said "fine" and left.') == []
    assert [s for _, s, _ in _steps(rule, '"a" "它"')] == ["4 spread"] * 2 + ["2 han-inside"] * 2


@pytest.mark.parametrize("module", [halfwidth, quotes])
def test_steps_are_numbered_as_the_docstring_says(module) -> None:
    names = [step if isinstance(step, str) else step[0] for step in module.STEPS]
    names.append(module.SPREAD)
    for k, name in enumerate(names, 1):
        number, label = name.split(" ")
        assert number == str(k)
        assert f"\n{k}. {label}:" in module.__doc__


_PIECES = st.sampled_from(
    [*"中文的了", *HALF, '"', "“", "”", " ", "\n", "1", "a", "，", "）", "http://a.cn/b,c", "`x,y`"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=16).map("".join))
def test_decisions_agree_with_apply_on_generated_text(text: str) -> None:
    _agree(HalfwidthPunctuation(), text, HALF)
    _agree(StraightQuotes(), text, '"')
