"""Main content of whole web pages (M002 with rules/html_main.py), on pages we wrote."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cleaner_rules.markup.html_main import main_html
from cleaner_rules.markup.html_to_text import html_to_text

from cleaner.document import Document
from cleaner.pipeline import PipelineSpec

PAGES = Path(__file__).parent / "fixtures" / "html" / "raw"


def page(name: str) -> str:
    return (PAGES / name).read_text("utf-8")


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_news_page_keeps_article_with_subheadings_and_list():
    text, meta = html_to_text(page("news.html"))
    assert "六月初的一场大雨过后" in text
    assert "居民：出门不用再绕路" in lines(text)
    assert "下一步：向老旧小区推广" in lines(text)
    assert "第二批：城西两个小区，十一月开工。" in lines(text)
    for chrome in ("首页", "登录", "相关新闻", "排水管网改造", "热门排行", "广告位",
                   "版权所有", "分享到微博"):
        assert chrome not in text, chrome
    assert meta["author"] == "林晓禾"
    assert meta["url"].endswith("rain-garden.html")
    assert meta["date"].startswith("2021-06-08")


def test_comments_are_dropped():
    text, _ = html_to_text(page("news.html"))
    assert "网友评论" not in text
    assert "希望我们小区也能早点改造" not in text
    assert "发表评论" not in text


def test_forum_thread_keeps_the_first_post_as_lines():
    text, _ = html_to_text(page("forum.html"))
    assert "各位前辈好" in text and "先谢谢大家了！" in text
    # the post's `<br>`-separated paragraphs stay separate lines
    assert any(line.startswith("我每天早上浇一次水") for line in lines(text))
    for chrome in ("封闭阳台没有风", "同意楼上", "返回列表", "Powered by", "注册"):
        assert chrome not in text, chrome


def test_blog_frame_keeps_the_posts_and_drops_calendar_and_link_lists():
    text, _ = html_to_text(page("blog.html"))
    assert "院子里的辣椒终于摘完了" in text
    for chrome in ("友情链接", "存档", "2009年09月", "溪边茶舍", "Powered by"):
        assert chrome not in text, chrome
    assert "31" not in lines(text) and "日\t一\t二" not in text


def test_government_table_rows_become_tab_separated_lines():
    text, meta = html_to_text(page("notice.html"))
    rows = lines(text)
    assert "乡镇\t养护里程（公里）\t分配资金（万元）" in rows
    assert "石桥镇\t71.6\t35.8" in rows
    assert "合计\t210.0\t105.0" in rows
    assert "公示期为五个工作日" in text and "书面形式" in text
    for chrome in ("政务公开", "办事服务", "网站地图", "备案序号"):
        assert chrome not in text, chrome
    assert meta["date"] == "2016-11-03 10:20"
    assert meta["source"] == "县交通运输局"


def test_article_only_page_is_kept_whole():
    html = page("article_only.html")
    text, _ = html_to_text(html)
    for heading in ("如何给旧木椅重新上漆", "一、准备材料", "二、打磨", "三、上漆"):
        assert heading in lines(text)
    assert text.endswith("木纹比新买的时候还好看。")


def test_fragment_without_chrome_is_converted_as_before():
    fragment = ("<div><h3>小标题</h3><p>第一段。</p><ul><li>甲</li><li>乙</li></ul>"
                "行一<br>行二</div>")
    text, _ = html_to_text(fragment)
    assert text == "小标题\n\n第一段。\n\n甲\n\n乙\n\n行一\n行二"


def test_page_without_chrome_keeps_text_extraction_would_drop():
    # Readability ignores paragraphs under 25 characters: a page of short verses beside one
    # long note would lose its verses. Nothing here is chrome, so the page stays whole.
    verses = "".join(f"<p>第{n}行：山路弯弯通向小村</p>" for n in range(40))
    note = "<p>" + "后记写的是这组短诗怎样在一个雨季里慢慢写成。" * 12 + "</p>"
    html = (f"<html><body><div><div>{verses}</div></div>"
            f"<section><div>{note}</div></section></body></html>")
    main = main_html(html)
    assert main is not None and "第7行" not in main  # what extraction alone would keep
    text, _ = html_to_text(html)
    assert "第39行：山路弯弯通向小村" in lines(text) and "后记写的是" in text


def test_frameset_and_empty_pages_do_not_fail():
    assert html_to_text("<html><frameset><frame src='a.html'></frameset></html>")[0] == ""
    assert html_to_text("<html><body></body></html>")[0] == ""


def test_pipeline_sets_head_metadata():
    doc = Document.from_text(page("news.html"), source="news.html", format="html")
    PipelineSpec(None, [], {}).build().process(doc)
    assert doc.author == "林晓禾"
    assert doc.url.startswith("https://news.example.cn/")
    assert doc.date == "2021-06-08T09:30:00+08:00"
    assert "雨水花园" in doc.text and "热门排行" not in doc.text


@pytest.mark.parametrize("unit", [
    '<td width=1 width=1 width=1 height=2 bgcolor=#fff style="x">',
    "<div><a href='#'>链</a>",
    "<p>句子，<br>",
])
def test_extraction_is_linear_on_repeated_markup(unit):
    def cost(n: int) -> float:
        html = "<html><body><nav><a>首页</a></nav>" + unit * n + "</body></html>"
        start = time.perf_counter()
        html_to_text(html)
        return time.perf_counter() - start

    cost(200)
    small, big = cost(2000), cost(16000)
    assert big < small * 8 * 3 + 0.05


@pytest.mark.parametrize("seed", range(40))
def test_one_nesting_scan_answers_both_depth_limits(seed):
    """`_nesting` says what the two scans it replaced said (tests/oracles/nesting.py), for
    tag soup of every depth around both limits: opening, closing, void and self-closed
    tags, upper case, attributes and stray `<`."""
    import random

    from cleaner_rules.markup.html_main import MAX_DEPTH
    from cleaner_rules.markup.html_to_text import _MAX_DEPTH, _nesting
    from oracles.nesting import too_deep

    rng = random.Random(seed)
    pieces = ["<div>", "<DIV class='a'>", "</div>", "<p>", "</P>", "<br>", "<img src=x/>",
              "<span/>", "text", "< 3", "<b>", "</b>", "<td\nid=1>"]
    weights = [8, 2, rng.randint(1, 9), 3, 2, 2, 1, 1, 3, 1, 2, 2, 1]
    html = "".join(rng.choices(pieces, weights, k=rng.choice([50, 400, 1500, 4000])))
    depth = _nesting(html)
    assert (depth > _MAX_DEPTH) == too_deep(html, _MAX_DEPTH)
    assert (depth > MAX_DEPTH) == too_deep(html, MAX_DEPTH)


@pytest.mark.parametrize("seed", range(60))
def test_the_native_tag_scan_finds_the_tags_the_pattern_finds(seed):
    """Tag soup of names that run into letters of other scripts, `_` and digits, `<` and
    `>` inside tags, `/` before `>` with and without spaces, upper case, lone surrogates
    and text: the depth is the one the Python scan of `_TAG` counted."""
    import random

    from cleaner_rules.markup.html_to_text import _MAX_DEPTH, _nesting
    from oracles.nesting import nesting

    rng = random.Random(seed)
    pieces = ["<div>", "<div", ">", "</div>", "</DIV >", "<p class='a/'>", "</p>", "<br>",
              "<BR/>", "<img src=x />", "<span/>", "<span / >", "<div_x>", "<div中>",
              "<div2>", "<h1>", "</h1>", "<a <b>", "</>", "< div>", "<\ud800>", "文字",
              "\ud800", "text", "<!-- c -->", "<td\nid=1>", "<tr\t>", "<ul>"]
    html = "".join(rng.choices(pieces, k=rng.choice([200, 1200, 5000])))
    assert _nesting(html) == nesting(html, _MAX_DEPTH)
