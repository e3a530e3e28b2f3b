"""B001's per-line work in the native core (native/src/chrome.rs) finds what the Python it
replaced found (tests/oracles/chrome.py): what each of the eight steps takes (the patterns
in the zones the body span leaves, the button bars between them, the label lines, menus,
breadcrumbs and navigation lists in them), and so the rule's output and decisions. On
made-up web pages (menus, `|` and `·` bars, login, share and app prompts from the
vocabulary, counters, arrows, sentences, blank lines), on every code point Python knows in
each position of a bar, a menu and a breadcrumb, and on the real corpora as they reach
B001."""

from __future__ import annotations

import unicodedata

import pytest
from cleaner_rules.boilerplate import chrome
from cleaner_rules.boilerplate.bars import is_ui_bar
from cleaner_rules.boilerplate.vocabulary import nav_words, ui_words
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, ROOT, documents, reaching
from oracles import chrome as oracle

from cleaner.document import Document

# Code points Python's Unicode database knows (the crate's may be newer: characters
# Python does not know yet are the core's only freedom), but the line feed: all of the
# BMP; beyond it the digits (the only astral characters a test of the core names) and a
# sample of the rest.
KNOWN = [
    chr(c) for c in range(0x110000)
    if c != 0x0A and unicodedata.category(chr(c)) != "Cn"
    and (c < 0x10000 or chr(c).isdecimal() or c % 61 == 0)
]
BODY = "秋天的早晨，河面上起了一层薄薄的雾，渔民们已经开始收网了。"
BODY2 = "傍晚时分，村口的老槐树下又坐满了乘凉的老人，他们聊着今年的收成。"


def assert_agree(text: str) -> None:
    new = chrome.found(text)
    assert [sorted(lines) for lines in new] == [sorted(lines) for lines in oracle.steps(text)]
    assert all(len(set(lines)) == len(lines) for lines in new)  # each line once per step
    rule = chrome.SiteChrome()
    assert rule.apply(Document.from_text(text)) == oracle.apply(text)
    assert [(d.line, d.step) for d in rule.decisions(Document.from_text(text))] == (
        oracle.decisions(text)
    )


_WORDS = sorted(ui_words() | nav_words())
_PIECES = st.sampled_from([
    *_WORDS, "打开APP", "扫码关注公众号", "阅读原文", "责任编辑：王小明", "相关阅读", "猜你喜欢",
    "12", "1.2万", "3k", "+", "5条", "人", "次", "楼", "٣", "５", ",", ".", "(", ")", "：",
    " | ", "|", "｜", " · ", "·", "/", "•", "・", " > ", ">>", "->", "——>", "»", "›", "→", "-",
    "—", "“", "”", "「", "」", "\"", "，", "。", "；", "？", "！", "…", "）", "】",
    " ", "  ", "\t", "\u3000", "\r", "\x1c", "\xa0", "\ud800", "\U00020000",
    "新闻", "体育", "财经", "正文", "老街", "字", "a", "QQ",
])
_LINE = st.lists(_PIECES, max_size=10).map("".join)
_SENTENCE = st.sampled_from(
    [BODY, BODY2, "他说先登录一下系统，再去查看当天的水位记录！", "字" * 70 + "。"]
)
_PAGE = st.lists(
    st.one_of(_LINE, _LINE, _LINE, _SENTENCE, st.just("")), max_size=30
).map("\n".join)


@settings(max_examples=600, deadline=None)
@given(_PAGE)
def test_made_up_pages(text: str) -> None:
    assert_agree(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=12).map("\n".join))
def test_pages_of_short_lines(text: str) -> None:
    assert_agree(f"{text}\n{BODY}")
    assert_agree(f"{BODY}\n{text}")
    assert_agree(f"{BODY}\n{text}\n{BODY2}")


@settings(max_examples=1000, deadline=None)
@given(_LINE, st.sampled_from([1.0, 0.6, 0.5]))
def test_button_bar_test_of_a_line(line: str, share: float) -> None:
    assert is_ui_bar(line, share) == oracle.is_ui_bar(line, share)


# Each code point as a separator, a counter, a suffix, a token and an arrow's neighbour.
_TEMPLATES = [
    "分享{c}收藏", "评论{c}", "{c}5 点赞", "评论5{c} 分享", "12{c} 收藏", "{c}{c}首页 新闻",
    "首页{c}新闻{c}体育", "首页 {c} 新闻 {c} 正文", "首页{c}>新闻>{c}", "-{c}> 新闻 → 正文",
]


@pytest.mark.parametrize("template", _TEMPLATES)
def test_every_code_point_in_each_position(template: str) -> None:
    lines = [template.format(c=c) for c in KNOWN]
    for k in range(0, len(lines), 30_000):
        chunk = "\n".join(lines[k:k + 30_000])
        text = f"{chunk}\n{BODY}\n{chunk}\n{BODY2}\n{chunk}"
        new = [sorted(lines) for lines in chrome.found(text)]
        assert new == [sorted(lines) for lines in oracle.steps(text)]
    assert [is_ui_bar(line, 0.6) for line in lines] == [
        oracle.is_ui_bar(line, 0.6) for line in lines
    ]


def test_lone_surrogates_are_no_separator_and_no_digit() -> None:
    lines = [t.format(c=chr(c)) for t in _TEMPLATES for c in range(0xD800, 0xE000, 97)]
    assert_agree("\n".join([*lines, BODY, *lines, BODY2, *lines]))


def test_pathological_lines_stay_linear() -> None:
    """A 400k-character line and 200k short bar-like lines: each costs one pass."""
    assert_agree(f"{'分享 ' * 100_000}\n{BODY}")
    bars = "\n".join(["分享 1 2 3 4 5 6 7 8 9 0 1 2 3 4 收藏"] * 100_000)
    assert chrome.found(f"{BODY}\n{bars}\n{BODY2}")[1] == list(range(1, 100_001))


@pytest.mark.parametrize("text", [
    *(e.before for e in chrome.SiteChrome.examples),
    *(p.read_text("utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "chrome").glob("*.txt"))),
])
def test_examples_and_fixtures(text: str) -> None:
    assert_agree(text)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_documents(name: str) -> None:
    for doc in reaching("B001", documents(CORPORA[name])):
        assert_agree(doc.text)
