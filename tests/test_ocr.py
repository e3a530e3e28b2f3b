"""OCR text: running headers as tesseract reads them (B005) and bracket/comma confusions."""

from __future__ import annotations

import pytest
from cleaner_rules.boilerplate.furniture import PageFurniture
from cleaner_rules.ocr.confusions import OCRBrackets, OCRStopComma

from cleaner.document import Document
from cleaner.pipeline import PipelineSpec

SERIES, TITLE = "乡土文库", "河湾小镇"
BODY = (
    "小镇坐落在大河拐弯的地方，三面环水，一面靠山。镇上的人世代以打鱼为生，清早"
    "出船，傍晚回来，船头挂着一串串银亮的鱼。后来修了公路，年轻人陆续去城里做工，"
    "镇上渐渐安静下来，只有老人们还守着河边的旧房子。每到秋天，河水退下去，露出"
    "大片的沙滩，孩子们在沙滩上捡贝壳，大人们坐在门口补渔网，说着谁家的船又换了新"
    "帆。镇东头有一座石桥，桥下的水很深，夏天总有人在那里游泳。桥头的茶馆开了几十"
    "年，掌柜换了三代，茶还是原来的味道。外地来的客人喜欢坐在窗边，看河上的船慢慢"
    "划过去，一坐就是一下午。"
)


def column_lines(text: str, width: int = 12) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def ocr_pages(split_header: bool = False) -> str:
    """Two-column pages as tesseract reads them: the header's left part on top, its right
    part (the title) at the top of the second column, so inside the text; pages end in a
    form feed; the first page has the title again as its heading."""
    lines = column_lines(BODY * 4)
    pages, per = [], len(lines) // 4 + 1
    for n in range(4):
        chunk = lines[n * per:(n + 1) * per]
        half = len(chunk) // 2
        top = [SERIES, "", TITLE, "", TITLE, ""] if n == 0 else [SERIES, ""]
        pages.append("\n".join(top + chunk[:half] + ["", TITLE, ""] + chunk[half:]))
    return "\f".join(pages)


def clean(text: str) -> str:
    doc = Document.from_text(text)
    PipelineSpec().build().process(doc)
    return doc.text


def test_ocr_header_goes_on_every_page_and_the_heading_stays():
    out = clean(ocr_pages())
    assert SERIES not in out
    assert out.count(TITLE) == 1 and out.startswith(TITLE + "\n")
    # The copies inside the columns cut sentences: the sentences are whole again.
    assert out.replace("\n", "") == TITLE + BODY * 4


def test_ocr_header_with_a_layout_gap_and_a_noisy_copy():
    pages = ocr_pages().split("\f")
    pages[2] = pages[2].replace(SERIES, SERIES + " " * 40 + TITLE, 1)
    out = clean("\f".join(pages))
    assert SERIES not in out and out.count(TITLE) == 1


def test_header_split_in_two_matches_its_whole_copy():
    date = "2023年4月8日 星期六"
    body = column_lines(BODY)
    text = "\n".join(
        ["晨光日报", "", date + " 第5版", "", "河湾小镇的秋天", ""] + body[:20]
        + ["晨光日报 " + date + " 第6版", ""] + body[20:]
    )
    out = PageFurniture().apply(Document.from_text(text))
    assert "晨光日报" not in out and date not in out
    assert out.startswith("河湾小镇的秋天\n")


def test_a_title_recurring_in_plain_text_stays():
    # The same short line three times, but always closing a paragraph: the author's.
    text = "\n\n".join(["记住这一天", "今天下了雪，我们在院子里堆雪人。", "记住这一天"] * 3)
    assert PageFurniture().apply(Document.from_text(text)) == text


@pytest.mark.parametrize("line", ["枯|", "A扑o", "|"])
def test_glyph_specks_between_blank_lines_go(line):
    text = f"船在河上慢慢地划着。\n\n{line}\n\n岸边的柳树很高。"
    out = PageFurniture().apply(Document.from_text(text))
    assert out == "船在河上慢慢地划着。\n\n岸边的柳树很高。"


@pytest.mark.parametrize("text", ["A股", "X光", "是|否题", "iPad", "B超检查\n\n结果正常"])
def test_short_latin_lines_stay(text):
    assert PageFurniture().apply(Document.from_text(f"上文。\n\n{text}\n\n下文。")).count(
        text) == 1


def test_one_sided_page_label_goes_only_alone():
    text = "他们看着远处的山坡，\n\n3一\n\n山坡上有一片竹林。"
    assert "3一" not in PageFurniture().apply(Document.from_text(text))
    assert PageFurniture().apply(Document.from_text("共有\n3一\n5人")) == "共有\n3一\n5人"


@pytest.mark.parametrize(("raw", "fixed"), [
    ("长约5公里〈3英里）", "长约5公里（3英里）"),
    ("（北方〉和〈南方）", "（北方）和（南方）"),
    ("见〈与友人书》", "见〈与友人书〉"),
    ("《春晓〉", "《春晓》"),
    ("〈甲〉（乙）《丙》", "〈甲〉（乙）《丙》"),
    ("〈上\n下）", "〈上\n下）"),  # no partner on the same line: nothing to go by
])
def test_brackets(raw, fixed):
    assert OCRBrackets().apply(Document.from_text(raw)) == fixed


def test_stop_comma():
    assert OCRStopComma().apply(Document.from_text("期间。，他")) == "期间，他"
    assert OCRStopComma().apply(Document.from_text("完了。”")) == "完了。”"
