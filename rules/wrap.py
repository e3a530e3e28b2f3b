"""Line-wrap repair: join lines broken by page layout back into paragraphs.

The algorithm is described in docs/line-wrap.md. In short: every boundary between two
non-empty lines is judged from the text alone: does the upper line end a sentence, is it
as wide as the column it sits in (estimated from its neighbours' display widths, so
several column widths in one document are fine), does the lower line open a new block
(bullet, list number, byline, indentation), and for a boundary across blank lines, is
there evidence on both sides that the text runs on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.document import Document
from cleaner.rule import Example, Option, Rule, Stage
from rules.boilerplate import seam
from rules.chars import CJK, OPENERS, display_width, ends_sentence

# Letter-spacing between two CJK characters is justification, not width the text needs.
_SPACE_NEAR_CJK = re.compile(f"(?<=[{CJK}]) +(?=[{CJK}])")
_LETTER_SPACED = re.compile(f"[{CJK}] (?=[{CJK}])")
_MARKER = re.compile(
    r"(?:[▲△◀◁▶▷►●○■□◆◇★☆※•·\-–—*]\s*"
    r"|\d{1,2}[．.、)）](?!\d)"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}、"
    r"|第[一二三四五六七八九十百\d]{1,4}[章节条部篇回]"
    r"|(?:本报讯|本报电|据新华社)"
    r")"
)
# A byline is a line of its own: the role, then one or more short names.
_BYLINE = re.compile(
    r"(?:(?:本报记者|本报通讯员|本报特约记者|记者|通讯员|特约记者|实习生|新华社记者|文|图|摄影?)"
    r"[\s/|｜:：]*[\u4e00-\u9fff·]{2,4}(?:[\s、,，]+[\u4e00-\u9fff·]{2,4}){0,4}\s*){1,4}摄?"
)
_SOFT_END = "，、；,;—-" + OPENERS
_COLON = "：:"
# A photo credit or source note closes its caption: 本报记者某某摄, 新华社发, （资料图片）.
_CREDIT = re.compile(
    r"(?:(?:记者|通讯员|摄影|社|网|报|台)[^，。,]{0,10}(?:摄|供图|发|图)"
    r"|(?:^|[。！？\s])[\u4e00-\u9fff·]{2,4}\s?摄"
    r"|[（(][^（）()]{0,8}(?:图片|照片|供图|摄)[)）])$"
)
_HYPHEN_BREAK = re.compile(r"[A-Za-z]-$")
# Every character the rule can add or remove: whitespace `str.strip` removes, and hyphens.
_TOUCHED = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "-"
# Function words that cannot end a sentence or a heading: the line runs on.
_FUNCTION_END = "的地得和与及或在对把被将从向于为是让使给跟比"
_QUOTE_OPEN = "“「『\"'‘"


@dataclass
class _Layout:
    """The lines of one document and what they say about its layout."""

    lines: list[_Line]
    uses_indent: bool  # paragraphs start indented
    wrapped: bool  # hard-wrapped: lines end where the column ends, not where the author did
    evenly: bool  # wrapped, with at least three lines of evidence


@dataclass
class _Line:
    text: str
    gap: int  # blank lines before this one
    indent: bool
    width: int = 0
    spaced: bool = False


def _width(text: str) -> int:
    return display_width(_SPACE_NEAR_CJK.sub("", text))


class LineWrap(Rule):
    code = "W001"
    name = "line-wrap"
    family = "wrap"
    stage = Stage.WRAP
    summary = "Join lines broken by page layout into paragraphs; keep real paragraph breaks."
    rationale = (
        "PDF and OCR extraction keep the page's line breaks: a Chinese sentence ends up cut "
        "every 10 to 25 characters, often with blank lines from page and column breaks in "
        "the middle. Layout widths are estimated from the text itself (CJK counts 2 columns) "
        "so headings, bylines, captions, list items and short lines stay on their own."
    )
    touches = _TOUCHED  # joining removes line breaks, edge whitespace, break hyphens; adds spaces
    options = (
        Option("tolerance", 4, "display columns a full line may fall short of its column"),
        Option("max_gap", 2, "most blank lines a sentence may run across"),
    )
    examples = (
        Example(
            "塞加斯看到了其中的机遇。他在报\n纸上读到公司的相关报道，于是写\n信表明他对芯片非常感兴趣。",
            "塞加斯看到了其中的机遇。他在报纸上读到公司的相关报道，于是写信表明他对芯片非常感兴趣。",
        ),
        Example(
            "音乐社区亮点纷呈\n\n打开手机音乐软件，欣赏一首自己喜\n爱的歌曲，在评论区留下心情。",
            "音乐社区亮点纷呈\n打开手机音乐软件，欣赏一首自己喜爱的歌曲，在评论区留下心情。",
        ),
        Example(
            "这是一段跨页的文字，它在这一页的末\n尾被截断了，而下一页接着写完了这\n\n句话的剩余部分。",
            "这是一段跨页的文字，它在这一页的末尾被截断了，而下一页接着写完了这句话的剩余部分。",
        ),
        Example("他说：\n\n“我们一定会成功。”", "他说：“我们一定会成功。”"),
        Example(
            "The new com-\nputer arrived on\nMonday morning.",
            "The new computer arrived on Monday morning.",
        ),
        Example("第一段在这里结束。\n第二段从这里开始。"),
        Example("要点如下：\n1．第一条内容。\n2．第二条内容。"),
    )

    def gate(self, text: str) -> bool:
        return "\n" in text

    def apply(self, doc: Document) -> str:
        layout = self._layout(doc.text)
        lines = layout.lines
        if not lines:
            return ""
        paragraphs: list[str] = []
        parts = [lines[0].text]  # pieces of the current paragraph, joined once at its end
        first = 0  # index of the current paragraph's first line
        for i in range(1, len(lines)):
            text = lines[i].text
            if self._join(layout, i, first):
                drop, sep = seam(parts[-1], text)
                if drop:
                    parts[-1] = parts[-1][:-1]
                parts.extend((sep, text) if sep else (text,))
            else:
                paragraphs.append("".join(parts))
                parts = [text]
                first = i
        paragraphs.append("".join(parts))
        return "\n".join(paragraphs)

    def _layout(self, text: str) -> _Layout:
        out: list[_Line] = []
        gap = 0
        for raw in text.split("\n"):
            core = raw.strip()
            if not core:
                gap += 1
                continue
            line = _Line(core, gap, raw[:1].isspace())
            if " " in core:
                line.width = _width(core)
                pairs = len(_LETTER_SPACED.findall(core))
                line.spaced = pairs >= 3 and pairs * 2 >= len(core.replace(" ", ""))
            else:
                line.width = display_width(core)
            out.append(line)
            gap = 0
        # Indentation only marks paragraphs when some lines have it and others do not.
        indented = sum(line.indent for line in out)
        if indented * 2 > len(out):
            for line in out:
                line.indent = False
        uses_indent = indented >= 2 and indented * 20 >= len(out) and indented * 2 <= len(out)
        # Hard-wrapped text: most lines are as wide as a neighbour, or most lines that stop
        # mid-sentence are as wide as the widest line around them.
        tol = self.tolerance
        even = sum(
            1 for k, line in enumerate(out)
            if (k and abs(line.width - out[k - 1].width) <= tol)
            or (k + 1 < len(out) and abs(line.width - out[k + 1].width) <= tol)
        )
        mids = [k for k in range(len(out) - 1) if not ends_sentence(out[k].text)]
        full = sum(
            1 for k in mids
            if out[k].width >= max(line.width for line in out[max(0, k - 3):k + 4]) - tol
        )
        wrapped = len(out) <= 2 or even * 2 >= len(out) or (len(mids) >= 2 and full * 2 > len(mids))
        return _Layout(out, uses_indent, wrapped, len(out) >= 3 and wrapped)

    def _column(self, lines: list[_Line], i: int) -> int:
        """Width of the column a first line opens: the widest of the two lines after it."""
        after = [
            lines[j].width for j in range(i + 1, min(len(lines), i + 3))
            if lines[j].gap <= self.max_gap
        ]
        return max(after, default=0)

    def _full(self, lines: list[_Line], i: int, first: int, strict: bool = False) -> bool:
        """Is line i as wide as its column, i.e. did layout rather than the author end it?

        Widths are only approximate (Latin letters and spaces in justified lines vary), so
        inside a paragraph a line that does not end a sentence may fall short by a sixth.
        """
        a = lines[i]
        if a.spaced:
            return True
        col = self._column(lines, i)
        if i > first:
            ref = lines[i - 1].width
            tol = 2 if strict else max(self.tolerance, ref // 6)
            return a.width >= min(ref, col or ref) - tol
        # A paragraph's first line may be indented by two characters.
        return a.width + 4 >= col - self.tolerance

    def _continues(self, lines: list[_Line], i: int, first: int) -> bool:
        """Across blank lines: does the text on both sides look like one column?"""
        a = lines[i]
        if a.spaced:
            return True
        tol = max(self.tolerance, a.width // 20)
        if i > first:
            prev = lines[i - 1].width
            # The paragraph's first line may have been indented by two characters.
            return abs(a.width - prev) <= tol or (i - 1 == first and abs(a.width - prev - 4) <= tol)
        col = self._column(lines, i)
        # A one-line block short of the column, before a paragraph of several lines, is a
        # heading; it joins across a blank line only where every line stands alone
        # (double-spaced text).
        b = lines[i + 1]
        if a.width < col - 2 and not ends_sentence(b.text):
            after_b = lines[i + 2] if i + 2 < len(lines) else None
            if after_b is not None and after_b.gap == 0:
                return False
        return a.width + 4 >= col - tol and a.width <= col + tol

    def _join(self, layout: _Layout, j: int, first: int) -> bool:
        lines = layout.lines
        i = j - 1
        a, b = lines[i], lines[j]
        if a.text[-1] == "-" and _HYPHEN_BREAK.search(a.text) and b.text[0].islower():
            return b.gap == 0
        if not layout.wrapped:  # one paragraph per line: the author's breaks
            return False
        if b.gap > self.max_gap or b.indent or _MARKER.match(b.text):
            return False
        if (
            _BYLINE.fullmatch(a.text)
            or _BYLINE.fullmatch(b.text)
            or _CREDIT.search(a.text, max(0, len(a.text) - 24))
        ):
            return False
        last = a.text[-1]
        if last in _COLON:
            if b.text[0] in _QUOTE_OPEN:
                return b.gap > 0 or self._full(lines, i, first)
            return b.gap == 0 and i > first and self._full(lines, i, first, strict=True)
        if ends_sentence(a.text):
            if b.gap:
                return False
            if layout.uses_indent:  # paragraphs start indented, so B continues this one
                return True
            if i > first:
                return self._full(lines, i, first, strict=True)
            # A justified first line can end a sentence right at the column edge.
            return layout.evenly and a.width >= self._column(lines, i) - 2
        if last in _FUNCTION_END and b.gap == 0:
            return True
        if last in _SOFT_END:
            return self._full(lines, i, first)
        if not self._full(lines, i, first):
            return False
        return b.gap == 0 or self._continues(lines, i, first)
