"""The whole-line patterns of rules/data/chrome.txt in the native core
(native/src/patterns.rs, translated by rules/text/regex_syntax.py) find the lines Python's
`re` found (tests/oracles/linescan.py): on pieces that make the patterns match, almost
match and run on across lines, on single characters, on the real corpora as they reach
B001 and B002, and for patterns written at random from the constructs that translate."""

from __future__ import annotations

import pytest
from cleaner_rules.boilerplate import vocabulary
from cleaner_rules.boilerplate.vocabulary import _chrome_sections, section, sections
from cleaner_rules.text.linescan import split_alternatives
from cleaner_rules.text.regex_syntax import to_rust
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, ROOT, documents, reaching
from oracles import linescan as oracle

from cleaner.codepoints import utf32

KINDS = [kind for kind in _chrome_sections() if kind != "ui-words"]


def check(text: str, offset: int = 0) -> None:
    for kind in KINDS:
        assert vocabulary.matching_lines(kind, text, offset) == oracle.matching_lines(
            kind, text, offset
        ), kind
        for line in text.split("\n"):
            assert sections()[kind].fullmatch(utf32(line)) == oracle.matches(kind, line), (
                kind, line)


_PIECES = st.sampled_from([
    *(lit for kind in KINDS for lit in (
        *split_alternatives(_chrome_sections()[kind])[0],
        *split_alternatives(_chrome_sections()[kind])[1],
    )),
    "的", "老街", "修缮", "字", "，", "。", "？", "|", "/", "12", "©2021", "x" * 30, "字" * 25,
    ">>", "→", "【广告】", "推荐：", " ", "\t", "\u3000", "\r", "\x1c", "\xa0", "\n", "\n",
    "\n\n", "\ud800", "\ufffd", "\U00020000", "٣",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=50).map("".join), st.integers(0, 3))
def test_pieces(text: str, offset: int) -> None:
    check(text, offset)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("登录扫码 \t\n字点击VIP阅读12|：\u3000\ud800"),
               max_size=200))
def test_characters(text: str) -> None:
    check(text)


FOLDERS = {**CORPORA, "fixtures": ROOT / "tests" / "fixtures" / "chrome"}


@pytest.mark.parametrize("code", ["B001", "B002"])
@pytest.mark.parametrize("name", FOLDERS)
def test_documents_reaching_the_rules(name: str, code: str) -> None:
    for doc in reaching(code, documents(FOLDERS[name])):
        check(doc.text)


def test_most_sections_have_literals_to_rule_lines_out() -> None:
    """The literal scan is in use: only the list-header section lacks literals."""
    with_literals = {
        kind for kind in KINDS if any(split_alternatives(_chrome_sections()[kind])[:2])
    }
    assert with_literals == {"anywhere", "edge", "interstitial"}


@pytest.mark.parametrize(("pattern", "rust"), [
    (r"登录", "登录"),
    (r".{0,5}登录", r"(?:.){0,5}登录"),
    (r"(首页|返回)\s*>+?", r"(?:(?:首页|返回))(?:[\x{9}-\x{D}\x{1C}-\x{20}\x{85}\x{A0}"
     r"\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]){0,}(?:\x{3E}){1,}?"),
    (r"[^。\d]", r"[^\x{3002}\d]"),
])
def test_translation(pattern: str, rust: str) -> None:
    assert to_rust(pattern) == rust


@pytest.mark.parametrize("pattern", [
    r"(?=登录)登录", r"(?<!请)登录", r"(登录)\1", r"^登录", r"登录$", r"\b登录", r"(?i)vip",
    r"\w+", "[\ufffd]", "\ufffd", "[\ud800-\udfff]", "[\u4e00-\uffff]", r"(?>登录)", r"登录*+",
])
def test_what_does_not_translate(pattern: str) -> None:
    assert to_rust(pattern) is None


# Random patterns from the constructs that translate: literals, `.`, classes (negated,
# ranges, `\s`, `\S`, `\d`), groups, alternations and bounded or open repeats, greedy and
# lazy; each on the texts of `_TEXT`, against `re` running the pattern itself.
_ATOMS = st.sampled_from([
    "登", "录", "a", "1", " ", ".", r"\s", r"\S", r"\d", r"\D", "[登a]", "[^登]", "[^\\s。]",
    "[0-9]", r"[\s登]", r"\.", r"\|", "-", "：",
])


def _compose(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, min_size=1, max_size=4).map("".join),
        st.lists(children, min_size=2, max_size=3).map(lambda b: "(" + "|".join(b) + ")"),
        st.tuples(children, st.sampled_from(["*", "+", "?", "{0,3}", "{1,2}", "*?", "+?",
                                             "??", "{0,4}?"])).map(lambda t: f"(?:{t[0]}){t[1]}"),
    )


_PATTERN = st.recursive(_ATOMS, _compose, max_leaves=8)
_TEXT = st.text(alphabet=st.sampled_from("登录a1 \t\n。：|.-\u3000\x1c\ud800٣"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PATTERN, min_size=1, max_size=3), st.lists(_TEXT, min_size=1, max_size=4))
def test_random_patterns(alternatives: list[str], texts: list[str]) -> None:
    """A short line limit, so that the limit matters."""
    assert all(to_rust(alt) is not None for alt in alternatives)
    native, compiled = section(alternatives, 8), oracle.whole_line(alternatives, 8)
    for text in texts:
        assert set(native.lines(utf32(text), 0)) == oracle.lines(compiled, text, 0, 8), text
        for line in text.split("\n"):
            assert native.fullmatch(utf32(line)) == oracle.fullmatch(compiled, line, 8), line


@pytest.mark.parametrize("pattern", [r"(?<!请)登录", "(登录"])
def test_a_pattern_the_core_cannot_run_is_refused_with_its_line(pattern: str) -> None:
    with pytest.raises(ValueError, match=r"chrome\.txt line 7: "):
        vocabulary._check(pattern, 7)


# Many short lines, blank ones in runs: the core's searches meet at line starts an earlier
# search passed, and take its outcome from there when they arrive in the same state.
_LINES = st.lists(st.sampled_from(["", " ", "\t", "  ", "登", "录", "a1", "登录", " 登", "1 ",
                                   "。", "\u3000"]), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PATTERN, min_size=1, max_size=3), st.lists(_LINES, min_size=1, max_size=3))
def test_random_patterns_on_runs_of_lines(alternatives: list[str], texts: list[str]) -> None:
    native, compiled = section(alternatives, 8), oracle.whole_line(alternatives, 8)
    for text in texts:
        assert set(native.lines(utf32(text), 0)) == oracle.lines(compiled, text, 0, 8), text


def test_a_blank_run_before_a_header_is_judged_as_re_judges_it() -> None:
    body = "这是正文的第一段，内容足够长，讲述了一个完整的故事。"
    for text in (" \n" * 300 + "相关阅读", body + "\n" + " \n" * 300 + "完\n相关阅读",
                 "\u3000\n" * 50 + " 相关阅读 \n" + " \n" * 50 + "猜你喜欢"):
        check(text)
