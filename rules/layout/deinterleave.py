"""Interleaved columns put back in reading order, page by page (L002; B006 only flags).

An extractor that reads across a k-column page emits line 1 of column A, line 1 of B, ...,
line 2 of A. Each page (form feeds separate pages) is rewritten as every k-th line from the
first, then from the second, ... (k = 2 or 3, a first line across the columns kept on top),
whichever order reads on best: most mid-sentence breaks whose character pair (last of the
line, first of the next) occurs inside a line elsewhere in the document. A page changes
only when that beats the raw order clearly; otherwise it stays as it is. (Dealing each line
to the column it continues best, greedily, scored worse on the dev PDFs than this.) The
native core scores the orders (native/src/deinterleave.rs); this module writes the pages
it chose.
"""

from __future__ import annotations

from cleaner_rules.text.continuity import FLAG, MIN_VOTES, interleaved

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

# The examples' three columns, hard-wrapped at ten characters.
_WELL = (
    "村口的老槐树下有一口", "古井，井水清凉甘甜，", "村里的老人每天早上都", "到井边打水，打水的老",
    "人说这口井比村子还老", "，井边的石头被绳子磨", "出了一道道深沟，孩子", "们喜欢趴在井边往下看",
    "，井水里映着孩子们的", "笑脸。夏天的傍晚，老", "人们搬着竹椅坐在井边", "乘凉，摇着蒲扇讲村里",
    "的旧事，孩子们围在旁", "边听得入了迷，直到月", "亮爬上树梢才肯回家。",
)
_MARKET = (
    "镇上的集市逢五开张，", "赶集的人天不亮就挑着", "担子上路，集市上卖菜", "的卖布的挤满了街道，",
    "赶集的人讨价还价，集", "市上的小吃摊冒着热气", "，卖布的大嫂说今年的", "布好卖，赶集的人买好",
    "了东西就挑着担子回家", "。散集以后，街上只剩", "下几个收摊的小贩，他", "们把没卖完的菜装回筐",
    "里，约好下一个集日再", "来，镇上又慢慢安静下", "来。",
)
_BAMBOO = (
    "山里的竹林一到春天就", "冒出竹笋，挖笋的人背", "着竹篓进山，竹林里的", "竹笋长得飞快，挖笋的",
    "人说雨后的竹笋最嫩，", "竹篓装满了就下山，山", "下的人家把竹笋切成片", "晒干，晒干的竹笋能放",
    "到冬天。冬天下雪的时", "候，山下的人家拿出晒", "干的竹笋炖肉，满屋子", "都是竹笋的香味，孩子",
    "们捧着碗吃得满嘴流油", "。",
)


def _across(*columns: tuple[str, ...]) -> str:
    """The columns read across, as the extractor reads them: a line of each in turn."""
    rows = range(max(map(len, columns)))
    return "\n".join(column[i] for i in rows for column in columns if i < len(column))

def _every_kth(lines: list[str], k: int) -> list[str]:
    return [line for c in range(k) for line in lines[c::k]]


def deinterleave(text: str) -> str:
    """Each page of `text` in column order where that reads clearly better, else as is:
    the core names the pages to rewrite, with the number of columns and whether the first
    line (a title across them) stays on top."""
    chosen = _native.column_orders(utf32(text))
    if not chosen:
        return text
    pages = text.split("\f")
    for i, k, titled in chosen:
        page = pages[i]
        lines = [core for line in page.split("\n") if (core := line.strip())]
        order = lines[:1] + _every_kth(lines[1:], k) if titled else _every_kth(lines, k)
        # pdfminer's blank line after every line is kept as the page's line separator.
        spaced = page.count("\n\n") >= 0.4 * len(lines)
        lead = page[: len(page) - len(page.lstrip("\n"))]
        tail = page[len(page.rstrip("\n")):]
        pages[i] = lead + ("\n\n" if spaced else "\n").join(order) + tail
    return "\f".join(pages)


class ColumnsReordered(Rule):
    code = "L002"
    name = "columns-reordered"
    stage = Stage.LAYOUT
    summary = "Put the lines of columns an extractor interleaved back in column order."
    rationale = (
        "pdfminer and pdftotext without -layout read a multi-column page across the "
        "columns, so the columns' lines take turns. Where B006's continuity signal says so, "
        "each page (form feeds are still there at this stage) is rewritten as every k-th "
        "line for k = 2 or 3 (a short first line across the columns, a title, kept on top), "
        "whichever order continues the most mid-sentence breaks with a character pair "
        "found inside a line elsewhere, and only if that beats the raw order clearly. The "
        "document gets `columns_interleaved: true` either way."
    )
    references = ("docs/policy.md (Interleaved columns)",)
    limits = (
        "Columns are taken to be of equal length: a column ending early shifts the order.",
        "A heading inside a column, or a page number below the columns, is dealt in turn.",
        "Pages with fewer than six lines are left as they are, and two columns of ten "
        "lines or so give too few votes to be told from one.",
    )
    examples = (
        Example(_across(_WELL, _MARKET), "\n".join(_WELL + _MARKET), meta={FLAG: True}),
        Example(
            _across(_WELL, _MARKET, _BAMBOO),
            "\n".join(_WELL + _MARKET + _BAMBOO),
            meta={FLAG: True},
        ),
        Example(
            "乡村见闻\n" + _across(_WELL, _MARKET),
            "乡村见闻\n" + "\n".join(_WELL + _MARKET),
            meta={FLAG: True},
        ),
        # pdfminer's blank line after every line stays the page's separator.
        Example(
            _across(_WELL, _MARKET).replace("\n", "\n\n"),
            "\n\n".join(_WELL + _MARKET),
            meta={FLAG: True},
        ),
        Example("\n".join(_WELL + _MARKET + _BAMBOO), meta={FLAG: None}),
    )

    def gate(self, text: str) -> bool:
        return text.count("\n") >= MIN_VOTES

    def apply(self, doc: Document) -> str:
        if not interleaved(doc.text.replace("\f", "\n")):
            return doc.text
        doc.extra[FLAG] = True
        return deinterleave(doc.text)
