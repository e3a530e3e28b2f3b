"""B005 page furniture: page numbers and running headers and footers of PDF and OCR text.

Which line is furniture is decided by an ordered list of named steps
(`PageFurniture.STEPS`); each returns the lines it finds furniture and has no opinion on
the others. A line goes when any step takes it; `decisions` names the first step that did.
The lines steps 1-3 find, and the form feeds U001 left, are the page boundaries that steps
5-7 read; the form feeds then become line breaks.

1. page-label: a page label alone on its line: `— 3 —`, `- 3 -`, `第 3 页`, `第3页 共9页`,
   `3 / 9`, `Page 3 of 9`, OCR's `一 3 一`.
2. page-count: bare numbers that count up at page distance (N and N+1 at least 8
   lines apart), even inside a sentence.
3. lone-number: a bare number (or `3一`) that does not go on with the sentence above.
4. speck: what OCR makes of a rule or a picture (`枯|`, `A扑o`), alone between blank lines.
5. running-edge: a short line at a page edge that recurs at the edges of other pages (or,
   without page labels, at the document's top and page-far elsewhere), compared by loose
   key (digits, spacing, punctuation, OCR misreadings); every copy, the first page's too,
   from the edge inward; the first page's heading just below a header stays.
6. split-header: a header that OCR split into two lines at one edge, matching its whole
   copy on another page: both halves.
7. stray-copy: a copy away from the page edges (OCR read it into a column) of a removed
   running line, page-far from its removed copies.

Where the lines removed cut a sentence at a page break, the break's blank lines go too so
that line-wrap repair rejoins the sentence (`lines.drop_lines`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

from cleaner_rules.boilerplate.lines import drop_lines
from cleaner_rules.boilerplate.steps import drops, taken

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage


class Sheet:
    """A document as the steps read it. The native core finds the lines of every step in
    one pass over the text (native/src/sheet.rs, native/src/running.rs): the Python it
    replaced is tests/oracles/furniture.py. The lines are split only where a step took
    one."""

    def __init__(self, text: str) -> None:
        self.text = text
        (self.labels, self.counts, self.lone, self.specks, self.edge, self.split,
         self.stray) = _native.furniture_sheet(utf32(text))

    @cached_property
    def lines(self) -> list[str]:
        """The lines; form feeds (page breaks, as U001 leaves them) are line breaks."""
        return self.text.replace("\f", "\n").split("\n")

    @cached_property
    def cores(self) -> list[str]:
        return [line.strip() for line in self.lines]


def _page_labels(s: Sheet) -> Iterable[int]:
    """Step 1: page labels alone on their line."""
    return s.labels


def _page_counts(s: Sheet) -> Iterable[int]:
    """Step 2: bare numbers counting up at page distance."""
    return s.counts


def _lone_numbers(s: Sheet) -> Iterable[int]:
    """Step 3: bare numbers that do not go on with the sentence above."""
    return s.lone


def _specks(s: Sheet) -> Iterable[int]:
    """Step 4: OCR specks alone between blank lines."""
    return s.specks


def _running_edges(s: Sheet) -> Iterable[int]:
    """Step 5: running headers and footers at page edges."""
    return s.edge


def _split_headers(s: Sheet) -> Iterable[int]:
    """Step 6: both halves of a header OCR split in two."""
    return s.split


def _stray_copies(s: Sheet) -> Iterable[int]:
    """Step 7: copies of removed running lines away from the edges."""
    return s.stray


Step = Callable[[Sheet], Iterable[int]]


class PageFurniture(Rule):
    code = "B005"
    name = "page-furniture"
    stage = Stage.BOILERPLATE
    summary = "Remove page numbers and running headers or footers, every copy including the first."
    rationale = (
        "A PDF page repeats the paper's or book's name, the date and the page label at its "
        "top or bottom; none of it is the author's text. Page labels (`— 3 —`, `第 3 页`, "
        "`3 / 9`, numbers counting up) and form feeds mark the page boundaries (the rule "
        "turns form feeds into line breaks); a short line is a running "
        "header or footer when it recurs next to two or more boundaries (or at the top of "
        "the document and again elsewhere). Copies are compared loosely (digits, spacing, "
        "punctuation, OCR misreadings) and all of them go, the first page's too; a heading "
        "that repeats the header just below it stays. Where a page break cut a sentence, "
        "the blank lines of the break go too so that line-wrap repair can rejoin it. "
        "Steps, in order: 1 page-label, 2 page-count, 3 lone-number, 4 speck, "
        "5 running-edge, 6 split-header, 7 stray-copy (see the module docstring)."
    )
    references = ("docs/policy.md (Page furniture)", "docs/robustness.md (B005)")
    limits = (
        "A table whose header row repeats at the top of every page loses it.",
        "Identical lines that the author put at the edges of two pages go.",
        "Without a heading below it, a two-line header keeps its title once on the first "
        "page.",
        "A bare number is judged by the line above, which may itself be a removed page "
        "number: `0\\n0` takes two passes (docs/robustness.md).",
    )
    examples = (
        Example(
            "晨报 2021年3月5日 第 2 版\n正文第一页\n\n12\n\n晨报 2021年3月5日 第 3 版\n正文第二页",
            "正文第一页\n\n正文第二页",
        ),
        Example(
            "山城文丛\n雾中的码头\n雾中的码头\n江水从峡口涌出来，码头上的挑夫沿着\n石阶一级一级往上走，"
            "肩上的担子压弯了\n— 1 —\n\n山城文丛\n雾中的码头\n扁担。他们一天要走上百趟。",
            "雾中的码头\n江水从峡口涌出来，码头上的挑夫沿着\n石阶一级一级往上走，肩上的担子压弯了\n"
            "扁担。他们一天要走上百趟。".replace("压弯了\n", "压弯了\n"),
        ),
        Example(
            "江城晚报 2020年6月1日 星期一\n夜市重新开张，摊主们早早来到广场。\n第 1 页\n"
            "江城晚报“2020年6月1日 星期一骨\n人们排队买小吃，一直到深夜。\n第 2 页",
            "夜市重新开张，摊主们早早来到广场。\n人们排队买小吃，一直到深夜。",
        ),
        Example("全年增长\n12\n个百分点"),
        Example(
            "第一章 总则\n第二章 附则\n\n第一章 总则\n本办法适用于全市。\n\n"
            "第二章 附则\n本办法自公布之日起施行。"
        ),
    )

    STEPS: tuple[tuple[str, Step], ...] = (
        ("1 page-label", _page_labels),
        ("2 page-count", _page_counts),
        ("3 lone-number", _lone_numbers),
        ("4 speck", _specks),
        ("5 running-edge", _running_edges),
        ("6 split-header", _split_headers),
        ("7 stray-copy", _stray_copies),
    )

    def apply(self, doc: Document) -> str:
        s = Sheet(doc.text)
        doomed = taken(self.STEPS, s)
        return drop_lines(s.lines, s.cores, doomed) if doomed else doc.text.replace("\f", "\n")

    def decisions(self, doc: Document) -> list[Decision]:
        s = Sheet(doc.text)
        return drops(self.STEPS, s, lambda i: s.cores[i][:40])

