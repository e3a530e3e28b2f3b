"""Page furniture (B005), truncated echoes (B004) and interleaved columns (B006)."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest
from cleaner_rules.boilerplate.furniture import PageFurniture
from cleaner_rules.boilerplate.interleaved import FLAG, interleaved
from cleaner_rules.boilerplate.lines import drop_lines, remove_lines
from cleaner_rules.boilerplate.truncated import TruncatedDuplicate

from cleaner.document import Document
from cleaner.pipeline import PipelineSpec

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
TITLE, SERIES = "老街的早晨", "江南旧事"


def clean(text: str) -> Document:
    doc = Document.from_text(text)
    PipelineSpec().build().process(doc)
    return doc


def furniture(text: str) -> str:
    return PageFurniture().apply(Document.from_text(text))


@pytest.mark.parametrize("name", ["dash", "dash_layout", "page", "page_layout", "slash"])
def test_real_extractions_lose_headers_and_page_numbers(name):
    raw = (FIXTURES / f"{name}.txt").read_text("utf-8")
    assert raw.count(SERIES) == 3 and raw.count(TITLE) == 4  # header on 3 pages + headline
    doc = clean(raw)
    assert SERIES not in doc.text
    assert doc.text.count(TITLE) == 1 and doc.text.startswith(TITLE + "\n")  # headline kept
    for mark in ("—", "共", " / "):
        assert mark not in doc.text
    assert not doc.extra.get(FLAG)
    # The sentences cut by the page breaks are whole again.
    assert "他几次劝他" not in doc.text and "几次劝他把铺子关了" in doc.text.replace("\n", "")


PAGES = (
    "山路弯弯曲曲地通到村口，村口有一棵老槐树，树下\n坐着几个晒太阳的老人，他们看着远处的\n",
    "山坡。山坡上有一片竹林，风一吹，竹叶沙沙地响，\n像有人在低声说话。竹林后面住着一户\n",
    "山里人家，家里的狗听见脚步声就叫起来，一直叫\n到客人走进院子，主人出来把它喝住了。\n",
)
PAGE = PAGES[0]


@pytest.mark.parametrize("label", [
    "— {n} —", "- {n} -", "第 {n} 页", "第{n}页 共3页", "{n} / 3", "Page {n}",
])
def test_page_label_forms_inside_a_sentence(label):
    text = "".join(PAGES[n - 1] + label.format(n=n) + "\n\n" for n in (1, 2, 3))
    out = furniture(text)
    assert out == "\n".join(page.rstrip("\n") for page in PAGES)  # the breaks cut sentences
    for n in (1, 2, 3):
        assert label.format(n=n) not in out.split("\n")


def test_bare_numbers_counting_pages_go_even_inside_a_sentence():
    rng = random.Random(3)
    lines = ["".join(rng.choices([chr(c) for c in range(0x4E00, 0x5400)], k=20))
             for _ in range(12)]  # hard-wrapped lines, no sentence ends
    text = "\n".join(lines[:3]) + "\n7\n" + "\n".join(lines[3:11]) + "\n8\n" + lines[11]
    out = furniture(text)
    assert out == "\n".join(lines[:12])
    # one number alone inside a sentence is content
    assert furniture("\n".join(lines[:5]) + "\n7\n" + lines[5]) != "\n".join(lines[:6])


def test_two_line_header_goes_on_every_page_heading_stays():
    page = "远方书系\n河上的桥\n{body}\n— {n} —\n"
    body = "这座桥修了三年，\n村里的人都来帮忙。"
    text = "远方书系\n河上的桥\n河上的桥\n" + body + "\n— 1 —\n" + page.format(body=body, n=2)
    out = furniture(text)
    assert "远方书系" not in out
    assert out.split("\n")[0] == "河上的桥" and out.count("河上的桥") == 1


def test_ocr_noised_header_copies_go():
    header = ["晨光日报 2023年4月8日 星期六", "晨光日报“2023年4月8日 星期六骨",
              "晨光日报 2O23年4月8日 星期六"]
    text = "".join(f"{h}\n春雨下了一整夜，街上的积水还没有退去。\n第 {n} 页\n"
                   for n, h in enumerate(header, 1))
    out = furniture(text)
    assert "晨光日报" not in out and out.count("春雨") == 3


@pytest.mark.parametrize("text", [
    # a refrain, list items and a table of contents repeat by the author's design
    "月亮走我也走\n我送阿哥到村口\n月亮走我也走\n我送阿哥到村口\n月亮走我也走",
    "目录\n第一章 山\n第二章 水\n\n第一章 山\n山很高。\n\n第二章 水\n水很长。",
    "全年增长\n12\n个百分点",
    "第一段正文。\n\n第二段正文。",
])
def test_clean_text_unchanged(text):
    assert furniture(text) == text


def test_truncated_echo_dropped_paragraph_restating_heading_kept():
    rule = TruncatedDuplicate()
    heading = "城市轨道交通十八号线\n城市轨道交通十八号\n线，编号八，贯穿城市南北。"
    assert rule.apply(Document.from_text(heading)) == heading
    # blank lines between (pdfminer) do not hide the continuation
    spaced = heading.replace("\n", "\n\n")
    assert rule.apply(Document.from_text(spaced)) == spaced
    echo = "“第三届青年摄影大赛”获奖\n作品展开幕。\n“第三届青年摄影\n下一段正文。"
    expected = "“第三届青年摄影大赛”获奖\n作品展开幕。\n下一段正文。"
    assert rule.apply(Document.from_text(echo)) == expected


def test_truncated_duplicate_linear_on_shared_prefixes():
    """Thousands of lines sharing a prefix (link lists, contents) stay linear time."""
    rule = TruncatedDuplicate()

    def seconds(n: int) -> float:
        text = "\n".join(f"网站导航栏目链接第{i}条目录内容" for i in range(n))
        start = time.perf_counter()
        rule.apply(Document.from_text(text))
        return time.perf_counter() - start

    seconds(1000)
    t5, t40 = min(seconds(5_000) for _ in range(3)), min(seconds(40_000) for _ in range(3))
    assert t40 < 8 * t5 * 3 + 0.05, (t5, t40)  # linear: x8; quadratic: x64


def test_page_furniture_linear():
    rng = random.Random(7)
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]

    def page() -> str:  # a page of lines nobody repeats
        return "".join("".join(rng.choices(han, k=20)) + "\n" for _ in range(6))

    def seconds(n: int) -> float:
        text = "".join(f"刊名 第{k}期\n" + page() + f"— {k} —\n\n" for k in range(n))
        start = time.perf_counter()
        out = furniture(text)
        assert "刊名" not in out and out.count("\n") == 6 * n - 1
        return time.perf_counter() - start

    seconds(100)
    t1, t8 = min(seconds(500) for _ in range(3)), min(seconds(4_000) for _ in range(3))
    assert t8 < 8 * t1 * 3 + 0.05, (t1, t8)  # linear: x8; quadratic: x64


@pytest.mark.parametrize(("name", "expected"), [
    ("col2_interleaved", True), ("col2_raw", True), ("dash", False), ("page_layout", False),
])
def test_interleaved_columns_flagged_from_real_extraction(name, expected):
    raw = (FIXTURES / f"{name}.txt").read_text("utf-8")
    assert interleaved(raw) is expected
    doc = clean(raw)
    assert bool(doc.extra.get(FLAG)) is expected


def test_one_paragraph_per_line_is_not_interleaved():
    text = "\n".join(f"这是第{i}段，讲了一件小事。它和上一段无关，也和下一段无关。"
                     for i in range(40))
    assert not interleaved(text)


def test_report_counts_flagged_documents(tmp_path):
    from typer.testing import CliRunner

    from cleaner.cli import app

    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("col2_interleaved", "dash"):
        (corpus / f"{name}.txt").write_text((FIXTURES / f"{name}.txt").read_text("utf-8"))
    result = CliRunner().invoke(app, ["run", str(corpus), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert report["documents"]["flagged"] == {FLAG: 1}


def test_footnote_between_sentence_halves_moves_to_the_end():
    # Hard-wrapped at 18 columns, so that line-wrap repair has its evidence.
    text = ("码头上的挑夫每天要走上百趟①，肩上\n的担子压弯了扁担。据说这条石阶有\n"
            "三百多级²，两旁的店铺挤挤挨挨，卖\n茶的、卖烟的、补鞋的都有，一直摆\n"
            "① 一说是八十趟。\n² 县志记为三百零八级。\n\n到了江边的渡口才算完。")
    doc = clean(text)
    assert doc.text == ("码头上的挑夫每天要走上百趟，肩上的担子压弯了扁担。据说这条石阶有三百多级，"
                        "两旁的店铺挤挤挨挨，卖茶的、卖烟的、补鞋的都有，一直摆到了江边的渡口才算完。"
                        "\n一说是八十趟。\n县志记为三百零八级。")


@pytest.mark.parametrize("text", [
    "做法如下：\n①把豆子泡一夜。\n②第二天磨成浆。",  # a list, no references
    "见第[1]条。\n[1]条的内容很长，还没有说完",  # no full stop: not a note
])
def test_footnote_lookalikes_stay(text):
    from cleaner_rules.boilerplate.footnotes import Footnotes

    assert Footnotes().apply(Document.from_text(text)) == text


def test_a_header_line_in_two_overlapping_page_zones_pairs_once():
    """Short pages make the edge zones overlap; a header OCR split in two must be paired
    once (pairing it again from the next zone crashed B005)."""
    from cleaner.registry import all_rules

    text = (
        "品具开被低何门体然      然体门何低被开具品\n2002年11月24日\n50\nPage 51\n"
        "  品具开被低何门体然 2021年3月1日 第 52 版  "
    )
    rule = all_rules()["B005"]()
    out = rule.apply(Document.from_text(text, source="t"))
    assert "50" in out  # no crash; the lone number is no page label


# decisions(): the lines reported are exactly the lines removed, each by a named step.
_PAGED = (
    "河西日报  2024年5月6日\n春耕时节，河西的田野里到处是忙碌的身影。\n"
    "合作社的农机手天不亮就出门，\n\n— 1 —\n\n河西日报  2024年5月6日\n"
    "赶在下雨之前把玉米种下去。\n老支书说，今年的墒情比往年好得多。\n\n— 2 —\n\n"
    "河西日报  2024年5月6日\n村里的年轻人也回来帮忙了。\n\n— 3 —"
)
_SPLIT = (
    "晨报 3月5日 第2版\n清早的菜市场已经热闹起来，卖菜的老人摆好了摊子。\n"
    "一个年轻人骑车经过，停下来买了一把青菜。\n\n— 2 —\n\n晨报\n3月5日 第3版\n"
    "菜价比上个月便宜了一些，买菜的人也多了。\n中午以后，市场慢慢安静下来。\n\n— 3 —"
)
_COUNTED = (
    "村里修了一条新路，\n\n1\n\n路两边种上了柳树。\n"
    + "".join(f"这是第一页的正文第{n}行。\n" for n in "一二三四五六七")
    + "2\n春天一到，柳树就发了芽。\n全年增长\n12\n个百分点"
)
_FURNITURE_STEPS = {
    _PAGED: {1: "5 running-edge", 5: "1 page-label", 7: "5 running-edge",
             11: "1 page-label", 13: "5 running-edge", 16: "1 page-label"},
    _SPLIT: {1: "5 running-edge", 5: "1 page-label", 7: "6 split-header",
             8: "6 split-header", 12: "1 page-label"},
    _COUNTED: {3: "2 page-count", 13: "2 page-count"},
    "山路上的灯\n第 1 页\n那一年冬天，雪下得特别大，\n山路上的灯一盏一盏亮起来。\n"
    "第 2 页\n孩子们踩着雪去上学。": {2: "1 page-label", 5: "1 page-label"},
    "第一段写完了。\n\n7\n\n第二段从这里开始。\n\n枯|\n\n第三段。":
        {3: "3 lone-number", 7: "4 speck"},
    "全年增长\n12\n个百分点": {},
}


def _texts_and_examples(rule, texts):
    return list(texts) + [e.before for e in rule.examples]


_PDF_TEXTS = [p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.txt"))]


@pytest.mark.parametrize(
    "text", _texts_and_examples(PageFurniture, [*_FURNITURE_STEPS, *_PDF_TEXTS])
)
def test_furniture_decisions_are_the_lines_removed(text):
    rule = PageFurniture()
    decisions = rule.decisions(Document.from_text(text))
    lines = text.replace("\f", "\n").split("\n")  # form feeds end up as line breaks
    gone = {d.line - 1 for d in decisions}
    assert len(gone) == len(decisions)  # one decision per line
    kept = "\n".join(lines)
    expected = drop_lines(lines, [line.strip() for line in lines], gone) if gone else kept
    assert rule.apply(Document.from_text(text)) == expected
    assert {d.step for d in decisions} <= {name for name, _ in rule.STEPS}
    if text in _FURNITURE_STEPS:
        assert {d.line: d.step for d in decisions} == _FURNITURE_STEPS[text]


@pytest.mark.parametrize("text", _texts_and_examples(TruncatedDuplicate, [
    "“江边的灯塔”摄影\n展今天开幕。\n\n“江边的灯塔”摄\n下一段正文从这里开始。",
    "城南公园改造工程\n城南公园改造\n工程，今年秋天完工。",
]))
def test_truncated_decisions_are_the_lines_removed(text):
    rule = TruncatedDuplicate()
    decisions = rule.decisions(Document.from_text(text))
    lines = text.split("\n")
    gone = {d.line - 1 for d in decisions}
    expected = "\n".join(remove_lines(lines, gone)) if gone else text
    assert rule.apply(Document.from_text(text)) == expected
    assert all(d.step == "1 cut-copy" and d.verdict == "drop" for d in decisions)
    if text.startswith("“江边"):
        assert [d.line for d in decisions] == [4]
