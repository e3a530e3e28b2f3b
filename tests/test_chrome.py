"""Site chrome, interstitial lines and duplicate paragraphs, on material written for the
project (tests/fixtures/chrome: pages' text with menus, login blocks, WeChat footers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cleaner_rules.boilerplate.bars import is_ui_bar
from cleaner_rules.boilerplate.chrome import SiteChrome
from cleaner_rules.boilerplate.interstitial import InterstitialAd
from cleaner_rules.boilerplate.lines import remove_lines
from cleaner_rules.boilerplate.vocabulary import chrome_lines, sections
from cleaner_rules.text.linescan import required_literals
from cleaner_rules.tidy.lines import DuplicateParagraphs
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles.zones import body_span as oracle_body_span

from cleaner.document import Document

FIXTURES = Path(__file__).parent / "fixtures" / "chrome"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


def _run(text: str, *rules) -> str:
    doc = Document.from_text(text, source="<test>")
    for rule in rules:
        if rule.gate(doc.text):
            doc.text = rule.apply(doc)
    return "\n".join(line for line in doc.text.split("\n") if line.strip())


@pytest.mark.parametrize("raw", sorted(FIXTURES.glob("*.raw.txt")), ids=lambda p: p.stem)
def test_fixture_pages(raw: Path) -> None:
    gold = raw.with_name(raw.name.replace(".raw", ".gold")).read_text("utf-8").strip()
    assert _run(raw.read_text("utf-8"), SiteChrome(), InterstitialAd()) == gold


@pytest.mark.parametrize("line", [
    "分享 | 收藏 | 举报", "没有账号？注册  忘记密码？", "评论(12) 点赞 30", "上一页 下一页",
])
def test_button_bars(line: str) -> None:
    assert is_ui_bar(line)


@pytest.mark.parametrize("line", [
    "用户需要先登录才能查看订单。", "登录", "他在评论区留言说，分享是一种美德",
    "“分享 收藏”两个按钮",
])
def test_not_button_bars(line: str) -> None:
    assert not is_ui_bar(line)


def test_bar_inside_body_goes_but_a_sentence_about_login_stays() -> None:
    text = (
        "周末的集市比平时热闹得多，卖菜的摊位一直排到了桥头。\n分享 | 收藏 | 举报\n"
        "用户需要先登录才能查看订单，这是平台新规定的一部分。\n最后一段也是完整的一句话，说明集市几点收摊。"
    )
    out = _run(text, SiteChrome())
    assert "举报" not in out
    assert "用户需要先登录才能查看订单" in out


def test_article_list_items_and_headings_stay() -> None:
    text = (
        "今年的读书会一共安排了四场活动，下面是每一场的主题和时间。\n"
        "春天的诗\n城市的记忆\n旅行的意义\n写给未来的信\n"
        "报名请在每场活动前三天完成，名额有限，额满即止。"
    )
    assert _run(text, SiteChrome()) == text


def test_navigation_run_at_the_bottom_goes() -> None:
    body = "老街的修缮工作已经进入尾声，明年春天将重新向游客开放。"
    nav = "新闻频道\n体育频道\n财经频道\n社区论坛\n网站地图"
    assert _run(f"{body}\n{nav}", SiteChrome()) == body


def test_interstitial_question_between_halves_of_a_sentence() -> None:
    text = "他把旧自行车推到修车铺门口，\n你知道哪种早餐最伤胃吗？\n师傅只看了一眼就说还能修。"
    assert _run(text, InterstitialAd()) == "他把旧自行车推到修车铺门口，师傅只看了一眼就说还能修。"


def test_question_ending_a_paragraph_stays() -> None:
    text = "我们该怎样面对越来越快的生活节奏？\n这个问题没有标准答案。"
    assert _run(text, InterstitialAd()) == text


def test_interstitial_never_fires_on_hard_wrapped_pdf_text() -> None:
    raw = SHARED / "dev" / "pdf" / "raw"
    if not raw.is_dir():
        pytest.skip("no shared dev set")
    rule = InterstitialAd()
    changed = [p.name for p in sorted(raw.glob("*.txt"))
               if _run(t := p.read_text("utf-8"), rule) != _run(t)]
    assert not changed


def test_chrome_rules_leave_clean_gold_alone() -> None:
    golds = [SHARED / "dev" / "pdf" / "gold", SHARED / "seeds" / "gold"]
    if not all(g.is_dir() for g in golds):
        pytest.skip("no shared dev set")
    rules = (SiteChrome(), InterstitialAd(), DuplicateParagraphs())
    for path in (p for g in golds for p in sorted(g.glob("*.txt"))):
        text = path.read_text("utf-8")
        assert _run(text, *rules) == _run(text), path.name


def test_duplicates_doubled_by_extraction_go() -> None:
    block = "第一节 河道\n这条河每年春天都会涨水，淹没两岸的低地。\n第二节 堤坝"
    text = f"{block}\n{block}\n结束语很短。"
    assert _run(text, DuplicateParagraphs()) == f"{block}\n结束语很短。"


def test_repeated_cells_list_items_and_toc_headings_stay() -> None:
    text = (
        "第一章 起源\n第二章 发展\n第一章 起源\n故事要从一条小河说起，很多年前这里只有几户人家。\n"
        "第二章 发展\n价格\n100\n100\n是\n是\n- 早起\n- 早起"
    )
    assert _run(text, DuplicateParagraphs()) == text


@pytest.mark.parametrize(("pattern", "literals"), [
    (r".{0,5}登录", {"登录": 5}),
    (r"(首页|返回)\s*[>»]+", {"首页": 0, "返回": 0}),
    (r"[京沪]ICP备\d+", {"ICP备": 1}),  # the longer literal, not the class of two
    (r"(扫码|长按(识别|扫描))关注", {"扫码": 0, "长按": 0}),
    (r"\d{1,4}", None),  # no literal at all
    (r"\s*更多", None),  # the literal may stand arbitrarily far from the start
    (r"(?i)vip", None),  # case-insensitive: the literal is not what the text holds
    (r"(点击|\d{1,3})查看", {"查看": 3}),  # a branch without literals: take the next one
])
def test_required_literals(pattern: str, literals: dict[str, int] | None) -> None:
    assert required_literals(pattern) == literals


# Lines that are body, almost body (short, few Han, no sentence end, chrome), and blanks.
_SPAN_PIECES = st.sampled_from([
    *["秋天的早晨，河面上起了一层薄薄的雾，渔民们已经开始收网了。\n"] * 4, "河面上起了雾。", "登录",
    "他说先登录一下系统，再去查看当天的水位记录！", "分享 | 收藏 | 举报", "相关阅读",
    "扫码关注公众号，每天看到更多好文章的推送。", "老街修缮", "。", "”", "）", " ", "\t",
    "\u3000", "\r", "\n", "\n", "\n\n", "abcdefghijklmnopqrstuvwxyz?", "字" * 70 + "。",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_SPAN_PIECES, max_size=30).map("".join))
def test_body_span_is_what_the_full_scan_found(text: str) -> None:
    """The lazy scan and the walk back find the span the scan of every sentence end did."""
    kinds = [sections()[kind] for kind in ("anywhere", "edge", "list-header")]
    assert chrome_lines(text).body_span(kinds) == oracle_body_span(text, text.split("\n"))


# decisions(): the lines reported are exactly the lines removed, each by a named step.
_BODY = "秋天的早晨，河面上起了一层薄薄的雾，渔民们已经开始收网了。"
_BODY2 = "傍晚时分，村口的老槐树下又坐满了乘凉的老人，他们聊着今年的收成。"
_CHROME_STEPS = {
    f"打开APP，阅读体验更好\n首页 | 新闻 | 体育 | 财经 | 联系我们\n未登录\n{_BODY}\n"
    f"分享 | 收藏 | 举报\n{_BODY2}\n责任编辑：王小明\n相关阅读\n一篇别的文章\n另一篇文章":
        {1: "1 anywhere", 2: "3 edge", 3: "3 edge", 5: "2 button-bar", 7: "3 edge",
         8: "4 list-header", 9: "4 list-header", 10: "4 list-header"},
    f"要闻 · 本地 · 专栏 · 图说\n河西晚报 > 本地 > 社会\n本地频道\n文化专栏\n读者论坛\n图片社区\n"
    f"{_BODY}\n他说先登录一下系统，再去查看当天的水位记录。\n{_BODY2}\n评论 12 点赞 30":
        {1: "6 menu", 2: "7 breadcrumb", 3: "8 nav-list", 4: "8 nav-list", 5: "8 nav-list",
         6: "8 nav-list", 10: "3 edge"},
    f"分享到 微信 朋友圈 长文\n{_BODY}": {1: "5 labels"},
    f"{_BODY}\n他说先登录一下系统，再去查看当天的水位记录。\n{_BODY2}": {},
}


@pytest.mark.parametrize("text", [
    *_CHROME_STEPS, *(p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.raw.txt"))),
    *(e.before for e in SiteChrome.examples),
])
def test_chrome_decisions_are_the_lines_removed(text):
    rule = SiteChrome()
    decisions = rule.decisions(Document.from_text(text))
    gone = {d.line - 1 for d in decisions}
    assert len(gone) == len(decisions)  # one decision per line
    expected = "\n".join(remove_lines(text.split("\n"), gone)) if gone else text
    assert rule.apply(Document.from_text(text)) == expected
    assert {d.step for d in decisions} <= {name for name, _ in rule.STEPS}
    if text in _CHROME_STEPS:
        assert {d.line: d.step for d in decisions} == _CHROME_STEPS[text]


_AD_STEPS = {
    "我们在调研中发现\n【广告】点击领取新人红包>>\n许多老人并不会使用手机。\n\n第一段结束了。\n\n"
    "推荐：十个最好用的小工具>>\n\n第二段开始。":
        {2: ("1 known-ad", "join"), 7: ("1 known-ad", "drop")},
    "晚饭以后，老周照例沿着河堤慢慢地散步，\n今天你喝够八杯水了吗？\n一直走到第三座桥才回头。":
        {2: ("2 bait", "join")},
    "大家都在问，这座老房子到底该不该拆？\n谁也说不清。": {},
}


@pytest.mark.parametrize("text", [*_AD_STEPS, *(e.before for e in InterstitialAd.examples)])
def test_interstitial_decisions_are_the_lines_removed(text):
    """Every reported line is gone from the output, every other line is still in it."""
    rule = InterstitialAd()
    decisions = rule.decisions(Document.from_text(text))
    out = rule.apply(Document.from_text(text))
    lines = text.split("\n")
    gone = {d.line - 1 for d in decisions}
    for i, line in enumerate(lines):
        if line.strip():
            assert (line.strip() in out) == (i not in gone), line
    assert (out == text) == (not decisions)
    if text in _AD_STEPS:
        assert {d.line: (d.step, d.verdict) for d in decisions} == _AD_STEPS[text]
