"""Line-wrap repair: join lines broken by page layout back into paragraphs.

The algorithm is described in docs/line-wrap.md. In short: the document as a whole must
show hard wrapping (lines that stop mid-sentence at one column width); then every boundary
between two non-empty lines goes through an ordered list of named steps (`LineWrap.STEPS`,
numbered as in the docs), each saying join, break, or nothing. Markdown structure (tables,
code, headings, lists, quotes, front matter) is never entered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cleaner_rules.boilerplate.lines import join_fragments, seam
from cleaner_rules.text import lexicon
from cleaner_rules.text.chars import (
    CJK,
    CJK_PUNCT,
    HAN,
    NUMBERED,
    OPENERS,
    display_width,
    ends_sentence,
)

from cleaner.document import Document
from cleaner.rule import Example, Option, Rule, Stage

_LETTER_SPACED = re.compile(f"[{CJK}] (?=[{CJK}])")
# A space inside a Latin run is a character the line needs; spaces beside CJK are not.
_LATIN_SPACE = re.compile(r"(?<=[!-~]) (?=[!-~])")
# One space between a CJK character and a Latin letter or digit: the glue a typesetter puts
# there and stretches in a justified line. Its width is unknown, so it adds tolerance.
_GLUE_SPACE = re.compile(f"(?<=[{CJK}]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=[{CJK}])")
_PUNCT = re.compile(f"[{CJK_PUNCT},;:.!?]")
_MARKER = re.compile(
    r"(?:[▲△◀◁▶▷►●○■□◆◇★☆※•·*]\s*|[-–—]\s+"
    f"|{NUMBERED}"
    # A dateline: the news source, then 讯 (`本报讯`, `某某体育讯`), or 本报电 / 据新华社.
    r"|(?:本报电|据新华社|[\u4e00-\u9fff]{2,7}(?<![通资快喜简电审死闻音传])讯)"
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
_CREDIT_LAST = "摄图发)）"  # every credit ends with one of these: a character test first
_HYPHEN_BREAK = re.compile(r"[A-Za-z]-$")
# U002 keeps a soft hyphen that ends a line after a Latin letter (extractors write the
# hyphen of a word broken at the line end as U+00AD or U+FFFE): it is a break hyphen.
_SOFT_HYPHEN = "\u00ad"
# Every character the rule can add or remove: whitespace `str.strip` removes, and hyphens.
_TOUCHED = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "-" + _SOFT_HYPHEN
# Function words that cannot end a sentence or a heading: the line runs on.
_FUNCTION_END = "的地得和与及或在对把被将从向于为是让使给跟比"
_QUOTE_OPEN = "“「『\"'‘"
# Marks that Chinese typesetting never puts at the start of a line (kinsoku): a line that
# opens with one continues the line above.
_NO_LINE_START = "，。、；：？！）》」』”’〕】〉"
_WORD_CHAR = re.compile(f"[{HAN}A-Za-z0-9]")


# A number or Latin word a typesetter will not break at a line end.
_UNBREAKABLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%]*")


def _pushed_down(line: str) -> bool:
    """Does the line open with a character and a mark no line may start with (`线，`)?
    Then the typesetter pushed that character down with the mark (line-start rules), and
    the line above it is short by one character although the text ran on."""
    return len(line) >= 2 and line[1] in _NO_LINE_START and _WORD_CHAR.match(line) is not None

# Markdown structure: lines wrap repair never joins, to anything.
_MD_HINT = re.compile(r"^(?: {0,3}(?:```|~~~|#{1,6}(?: |$)|>)|[ \t]*\|)|\A---[ \t]*\n", re.M)
_MD_MARKS = "`~#>|"  # every hint but front matter has one: scanning for them is far cheaper
_FENCE = re.compile(r" {0,3}(```|~~~)")
_MD_BLOCK = re.compile(r" {0,3}(?:#{1,6}(?: |$)|>)|[ \t]*\|.*\|[ \t]*$")
_MD_LIST = re.compile(r" {0,3}(?:[-*+]|\d{1,3}[.)])(?: |$)|(?: {0,3}([-*_=])(?: *\1){2,} *$)")


def _restated(a: str, b: str) -> bool:
    """Does B open with A's words (a heading its paragraph restates: `某某线` / `某某线，
    编号…`)? A wrapped sentence never repeats itself at the start of the next line."""
    if len(a) < 4 or a[:4] != b[:4]:
        return False
    k = 4
    for x, y in zip(a[4:], b[4:], strict=False):
        if x != y:
            break
        k += 1
    return 3 * k >= 2 * len(a)


def _may_be_markdown(text: str) -> bool:
    """Does the text show a Markdown hint (a heading, table, quote, fence, front matter)?"""
    return (
        any(mark in text for mark in _MD_MARKS) or text.startswith("---")
    ) and _MD_HINT.search(text) is not None


def _markdown(lines: list[str]) -> list[bool] | None:
    """Which lines are Markdown structure; None when the text shows no Markdown.

    Headings, tables, block quotes, fenced code and front matter mark a document as
    Markdown; there, list items, rules and indented code are structure too.
    """
    marks = [False] * len(lines)
    found = False
    start = 0
    if lines and lines[0].strip() == "---":
        closing = (j for j in range(1, min(len(lines), 200)) if lines[j].strip() in ("---", "..."))
        end = next(closing, 0)
        marks[:end + 1] = [True] * (end + 1) if end else marks[:1]
        found, start = bool(end), end + 1
    fence = ""
    for j in range(start, len(lines)):
        line = lines[j]
        if fence:
            marks[j] = True
            if line.lstrip().startswith(fence):
                fence = ""
        elif m := _FENCE.match(line):
            fence = m.group(1)
            marks[j] = found = True
        elif _MD_BLOCK.match(line):
            marks[j] = found = True
    if not found:
        return None
    blank = True
    for j, line in enumerate(lines):
        if not marks[j] and (
            _MD_LIST.match(line)
            or (line[:4] == "    " or line[:1] == "\t") and (blank or marks[j - 1])
        ):
            marks[j] = True
        blank = not line.strip()
    return marks


@dataclass(slots=True)
class _Line:
    text: str  # stripped, without a break soft hyphen
    gap: int  # blank lines before this one
    indent: bool
    block: bool = False  # Markdown structure
    soft: bool = False  # ended with a break soft hyphen
    open: bool = False  # stops mid-word: ends in a Han character, letter or digit
    spaced: bool = False  # letter-spaced, hence justified to the column
    size: int = 0  # width in the measure that fits the document (display columns)
    narrow: int = 0  # characters one column wide: their real width varies most
    end: bool = False  # ends a sentence
    spacing: bool = False  # a blank line before this one was the extractor's line spacing


@dataclass(slots=True)
class _Layout:
    """The lines of one document and what they say about its layout."""

    lines: list[_Line]
    col: list[int]  # the column each line sits in: widest line near it (unwrapped: empty)
    uses_indent: bool  # paragraphs start with indented lines
    indent: int  # columns a paragraph's first line falls short by (pdftotext drops indents)
    wrapped: bool  # hard-wrapped: lines end where the column ends, not where the author did


Verdict = bool | None  # join, break, no opinion
Step = Callable[["LineWrap", _Layout, int, int], Verdict]


class LineWrap(Rule):
    code = "W001"
    name = "line-wrap"
    stage = Stage.WRAP
    summary = "Join lines broken by page layout into paragraphs; keep real paragraph breaks."
    rationale = (
        "PDF and OCR extraction keep the page's line breaks: a Chinese sentence ends up cut "
        "every 10 to 25 characters, often with blank lines from page and column breaks in "
        "the middle. Joining needs evidence of hard wrapping (lines ending mid-sentence at "
        "one column width, words cut by the break); one paragraph or sentence per line, "
        "verse, headings, lists and Markdown structure keep their lines."
    )
    touches = _TOUCHED  # joining removes line breaks, edge whitespace, break hyphens; adds spaces
    options = (
        Option("tolerance", 4, "display columns a full line may fall short of its column"),
        Option("max_gap", 2, "most blank lines a sentence may run across"),
    )
    examples = (
        Example(
            "清晨的集市上已经挤满了人，卖菜的\n老人把刚摘下的豆角摆成整齐的一排，\n等着第一位客人。",
            "清晨的集市上已经挤满了人，卖菜的老人把刚摘下的豆角摆成整齐的一排，等着第一位客人。",
        ),
        Example(  # a heading stays apart; the page break inside a sentence is layout
            "社区图书角开放\n\n街道在居民楼下开辟了一间小小的阅\n读室，书架上的旧书都是邻居们捐赠\n\n"
            "的，周末总有孩子在这里安静地看书。",
            "社区图书角开放\n街道在居民楼下开辟了一间小小的阅读室，书架上的旧书都是邻居们捐赠"
            "的，周末总有孩子在这里安静地看书。",
        ),
        Example("老师问道：\n\n“谁愿意先来试一试？”", "老师问道：“谁愿意先来试一试？”"),
        Example(  # a dateline (the source, then 讯) opens the story under its headline
            "城南社区医院今天正式开门接诊\n江城晚报讯记者从市卫健委获悉，城南\n新建的社区医院今天正式开诊，"
            "设有全\n科、儿科和康复科，每天可接待病人三\n百多人次。",
            "城南社区医院今天正式开门接诊\n江城晚报讯记者从市卫健委获悉，城南新建的社区医院今天正式开诊，"
            "设有全科、儿科和康复科，每天可接待病人三百多人次。",
        ),
        Example(  # a dash that opens a line without a space is no bullet: a route runs on
            "新建的图书馆一共有五层，一楼\n是儿童阅览室和报刊区，二楼到\n四楼是各类图书，五楼是自习室\n"
            "和报告厅。每个周末的讲座按历\n史—文学—科学—艺术—音乐\n—体育的顺序轮流举办。",
            "新建的图书馆一共有五层，一楼是儿童阅览室和报刊区，二楼到四楼是各类图书，五楼是自习室"
            "和报告厅。每个周末的讲座按历史—文学—科学—艺术—音乐—体育的顺序轮流举办。",
        ),
        Example(  # a line never starts with a comma: the number was wider than counted
            "这座大桥全长约 2380 米（合 1.48 英里）\n，于去年年底正式通车。",
            "这座大桥全长约 2380 米（合 1.48 英里），于去年年底正式通车。",
        ),
        Example(  # a word cut by the break joins a line left short by proportional digits
            "项目组在 2019 年到 2021 年间走访了\n32 个村庄，收集了大量第一手资料，并\n"
            "对其中的典型案例做了深入的分\n析研究。",
            "项目组在 2019 年到 2021 年间走访了32 个村庄，收集了大量第一手资料，并"
            "对其中的典型案例做了深入的分析研究。",
        ),
        Example(  # a heading as wide as a narrow column, restated by its paragraph
            "城南旧书市集\n城南旧书市集设\n在老电影院门口\n的空地上，每逢\n周六上午开张。",
            "城南旧书市集\n城南旧书市集设在老电影院门口的空地上，每逢周六上午开张。",
        ),
        Example(  # pieces of one visual line (pdftotext): their width says nothing alone
            "傍晚的河边步道上散步\n的人约有\n，一半是老人\n和孩子，大家在树下乘\n凉聊天。\n"
            "周末还有志愿者在这里\n为游客义务讲解。",
            "傍晚的河边步道上散步的人约有，一半是老人和孩子，大家在树下乘凉聊天。\n"
            "周末还有志愿者在这里为游客义务讲解。",
        ),
        Example(
            "The river ran high after three\ndays of rain, and the old ferry-\nman stayed ashore.",
            "The river ran high after three days of rain, and the old ferryman stayed ashore.",
        ),
        Example("The inter\u00ad\nnational office", "The international office"),
        # One paragraph per line, one sentence per line, short paragraphs of one width:
        # the author's breaks.
        Example("午后下了一场雨。\n街上的行人少了。\n只有报亭还开着。"),
        Example("会议决定把活动推迟到下个月举行。\n请各位提前安排好自己的时间。"),
        Example("床前的灯还亮着，\n窗外的雪还下着，\n远方的人还没有回来。"),
        Example("春风吹过山岗\n细雨落在心上\n我在窗前等你"),
        Example("要点如下：\n1．第一条内容。\n2．第二条内容。"),
        Example("| 城市 | 人口 |\n| --- | --- |\n| 甲市 | 120 |\n| 乙市 | 95 |"),
        Example("## 安装步骤\n先下载安装包，然后双击运行，按照提示\n```\npip install demo\n```"),
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
        wrapped = layout.wrapped
        for i in range(1, len(lines)):
            text = lines[i].text
            # Without hard wrapping only steps 2, 4 and 5 can join: skip the rest quickly.
            quick = not wrapped and not (
                text[0] in _NO_LINE_START or lines[i - 1].soft or lines[i - 1].text[-1] in "-：:"
            )
            if not quick and self._join(layout, i - 1, first):
                if lines[i - 1].soft:
                    parts.append(text)
                    continue
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

    def decide(self, layout: _Layout, i: int, first: int) -> tuple[str, bool]:
        """The first step with an opinion on the boundary after line i: (step, join?)."""
        for name, step in self.STEPS:
            verdict = step(self, layout, i, first)
            if verdict is not None:
                return name, verdict
        return "default", False

    def _join(self, layout: _Layout, i: int, first: int) -> bool:
        """`decide` without the step's name: the loop `apply` runs once per boundary."""
        for _, step in self.STEPS:
            verdict = step(self, layout, i, first)
            if verdict is not None:
                return verdict
        return False

    # -- layout -----------------------------------------------------------------------

    def _layout(self, text: str) -> _Layout:
        lines = self._lines(text)
        if not self._may_be_wrapped(lines):
            # Most documents (one paragraph per line) end here: the steps up to `unwrapped`,
            # the only ones that run without hard wrapping, need no widths or columns.
            return _Layout(lines, [], False, 0, False)
        chars = self._measure(lines)
        # Real extractors' lines vary with proportional letters and digits; a text wrapped
        # by a program counts characters. Take the measure under which more lines that stop
        # mid-sentence reach their column (they differ only where Latin letters and digits
        # are a good share of the text).
        widths = [line.size for line in lines]
        narrow = sum(line.narrow for line in lines)
        if narrow * 10 >= sum(widths) and self._fit(lines, chars, False) > self._fit(
            lines, widths, True
        ):
            for line, size in zip(lines, chars, strict=True):
                line.size, line.narrow = size, 0
        self._single_space(lines)
        lines = self._visual_lines(lines)
        col = self._columns(lines)
        # Indentation only marks paragraphs when some lines have it and others do not.
        indented = sum(line.indent for line in lines if not line.block)
        if indented * 2 > len(lines):
            for line in lines:
                line.indent = False
        n = len(lines)
        uses_indent = indented >= 2 and indented * 20 >= n and indented * 2 <= n
        layout = _Layout(lines, col, uses_indent, 4, True)
        layout.indent = self._first_line_indent(layout)
        layout.wrapped = self._wrapped(layout)
        if layout.wrapped and any(line.text[0] in OPENERS for line in lines):
            merged = self._visual_lines(lines, layout.indent)
            if len(merged) < len(lines):
                layout.lines, layout.col = merged, self._columns(merged)
                layout.indent = self._first_line_indent(layout)
        return layout

    def _lines(self, text: str) -> list[_Line]:
        """The non-empty lines, stripped, each with the blank lines before it."""
        raw_lines = text.split("\n")
        marks = _markdown(raw_lines) if _may_be_markdown(text) else None
        out: list[_Line] = []
        gap = 0
        for k, raw in enumerate(raw_lines):
            core = raw.strip()
            word = core.rstrip(_SOFT_HYPHEN) if core[-1:] == _SOFT_HYPHEN else core
            if not word:  # blank, or nothing but invisible soft hyphens
                gap += 1
                continue
            line = _Line(core, gap, raw[:1].isspace())
            if marks and marks[k]:  # kept as written: indented code keeps its indent
                line.block = True
                line.text = raw.rstrip()
            if len(word) < len(core):
                line.text, line.soft = word, True
            last = line.text[-1]  # the common Han block first: a comparison, not a regex
            line.open = "\u4e00" <= last <= "\u9fff" or _WORD_CHAR.match(last) is not None
            out.append(line)
            gap = 0
        return out

    @staticmethod
    def _need(n: int) -> int:
        """Boundaries of evidence a document of n lines needs to count as hard-wrapped."""
        return 1 if n <= 3 else max(2, -(-(n - 1) // 6))

    def _may_be_wrapped(self, lines: list[_Line]) -> bool:
        """Enough lines stop mid-word for `_wrapped` to find its evidence? (A cheap bound:
        evidence is only ever found after such a line.)"""
        need = self._need(len(lines))
        for i in range(len(lines) - 1):
            if lines[i].open and not lines[i].block and not lines[i + 1].block:
                need -= 1
                if not need:
                    return True
        return False

    @staticmethod
    def _measure(lines: list[_Line]) -> list[int]:
        """Set each line's width, sentence end and letter spacing; return the other measure
        (every character two columns)."""
        chars: list[int] = []
        for line in lines:
            core = line.text.lstrip() if line.block else line.text
            if " " in core:
                squeezed = core.replace(" ", "")
                latin = len(_LATIN_SPACE.findall(core))
                size = display_width(squeezed) + latin
                count = len(squeezed) + latin
                pairs = len(_LETTER_SPACED.findall(core))
                line.spaced = pairs >= 3 and pairs * 2 >= len(squeezed)
                glue = len(_GLUE_SPACE.findall(core))
            else:
                size = display_width(core)
                count = len(core)
                glue = 0
            line.size = size
            line.narrow = max(0, 2 * count - size) + glue
            line.end = not line.open and ends_sentence(core)  # an open line runs on
            chars.append(2 * count)
        return chars

    @staticmethod
    def _single_space(lines: list[_Line]) -> None:
        """A blank line after (nearly) every line, those stopping mid-word included, is the
        extractor's line spacing (pdfminer writes one between all lines), not a paragraph
        or page break: take it away. (Where only lines ending paragraphs are followed by
        one, as on web pages, the blank lines are the author's.)"""
        n = len(lines) - 1
        spaced = sum(1 for line in lines[1:] if line.gap)
        if n < 4 or spaced * 10 < n * 9:
            return
        cut = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a.open)
        cut_spaced = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a.open and b.gap)
        if cut_spaced * 10 >= cut * 9:
            for line in lines[1:]:
                if line.gap:
                    line.gap -= 1
                    line.spacing = True

    def _visual_lines(self, lines: list[_Line], indent: int | None = None) -> list[_Line]:
        """Put back together a visual line the extractor cut in pieces around a number, a
        Latin word or a quotation mark (`（3690 英里）` / `，其中的…`, `…困扰。` / `“这`).

        A piece opening with a mark no line starts with joins the line above when together
        they fit the column of the whole lines around, and better than the piece alone;
        where such pieces inside paragraphs are mostly as wide as the column, the typesetter
        lets a comma open a line and every line is its own. A piece opening with a quotation
        mark or bracket joins only when together they fit the column better than either
        alone (after a sentence end, than the piece with the document's first-line `indent`:
        a paragraph's first line is full, or short by an indent), and it stops mid-word with
        the next line right under it; only given `indent`, in text known to be hard-wrapped
        (elsewhere such a line is the author's).
        """
        mark = [line.text[0] in _NO_LINE_START for line in lines]
        opener = [indent is not None and line.text[0] in OPENERS for line in lines]
        if not any(mark) and not any(opener):
            return lines
        n = len(lines)
        # The column from whole lines only: pieces, lines cut short before a piece and lines
        # ending a sentence (a paragraph's last line) say nothing about it.
        cut = [mark[k] or opener[k] for k in range(n)]
        whole = [
            0 if cut[k] or line.end or (k + 1 < n and cut[k + 1]) else line.size
            for k, line in enumerate(lines)
        ]
        col = self._columns(lines, whole)
        # Where no whole line is near, the document's: most lines of wrapped text are full.
        sizes = sorted(size for size in whole if size)
        typical = sizes[len(sizes) * 3 // 4] if sizes else 0
        fits = [False] * n
        alone = inside = 0
        for i in range(1, n):
            a, b = lines[i - 1], lines[i]
            if not cut[i] or a.block or b.block or b.gap > self.max_gap:
                continue
            width = max(col[i - 1], col[i]) or typical
            tol = max(self.tolerance, width // 8) + (a.narrow + b.narrow) // 2
            both = a.size + b.size
            off = abs(both - width)
            if mark[i]:
                fits[i] = not width or (both <= width + tol and off < abs(width - b.size))
                if not b.end:
                    inside += 1
                    alone += b.size + 2 + b.narrow // 2 >= width
            elif width and b.open and not b.gap and i + 1 < n and not lines[i + 1].gap:
                short = width - b.size - (indent or 0 if a.end else 0)
                fits[i] = both <= width + tol and off < short and off < width - a.size
        if not inside or alone * 2 > inside:  # no piece inside a paragraph: no evidence
            fits = [fit and not mark[k] for k, fit in enumerate(fits)]
        out: list[_Line] = []
        for i, b in enumerate(lines):
            if not fits[i]:
                out.append(b)
                continue
            a = out[-1]
            if a.soft:
                a.text += b.text
            else:
                a.text = join_fragments(a.text, b.text)
            a.soft, a.open, a.end = b.soft, b.open, b.end
            a.size += b.size
            a.narrow += b.narrow
            a.spaced = a.spaced and b.spaced
        return out

    def _columns(self, lines: list[_Line], sizes: list[int] | None = None) -> list[int]:
        """The widest line of each line's neighbourhood: up to two lines either side, not
        across a sentence end (a paragraph may change width after it), a long gap or
        Markdown structure."""
        sizes = sizes or [line.size for line in lines]
        n, max_gap = len(lines), self.max_gap
        # May line k and line k + 1 share a column?
        link = [
            not (a.end or a.block or b.block or b.gap > max_gap)
            for a, b in zip(lines, lines[1:], strict=False)
        ] + [False]
        cols = sizes[:]
        for i in range(n):
            best = sizes[i]
            if i and link[i - 1]:
                if sizes[i - 1] > best:
                    best = sizes[i - 1]
                if i > 1 and link[i - 2] and sizes[i - 2] > best:
                    best = sizes[i - 2]
            if link[i]:
                if sizes[i + 1] > best:
                    best = sizes[i + 1]
                if link[i + 1] and sizes[i + 2] > best:
                    best = sizes[i + 2]
            cols[i] = best
        return cols

    def _fit(self, lines: list[_Line], sizes: list[int], narrow: bool) -> int:
        """Lines that stop mid-word and reach their column under this measure (with the
        tolerance for narrow characters when they are measured as narrow)."""
        cols = self._columns(lines, sizes)
        return sum(
            1 for i in range(len(lines) - 1)
            if lines[i].open
            and sizes[i] >= cols[i] - self.tolerance - (lines[i].narrow // 2 if narrow else 0)
        )

    def _first_line_indent(self, layout: _Layout) -> int:
        """Columns a paragraph's first line may be short: 4 when first lines show an indent."""
        lines, col = layout.lines, layout.col
        short = seen = 0
        for i in range(len(lines) - 1):
            if (i == 0 or lines[i - 1].end) and not lines[i].end:
                if lines[i + 1].gap == 0 and not lines[i].block:
                    seen += 1
                    short += 3 <= col[i] - lines[i].size <= 6 + lines[i].narrow // 2
        return 4 if not seen or short * 2 >= seen else 0

    def _wrapped(self, layout: _Layout) -> bool:
        """Does the text show hard wrapping: lines stopping mid-word at a shared width, with
        the sentence running on (punctuation nearby, or a word cut by the break)?"""
        lines = layout.lines
        n = len(lines)
        need = self._need(n)
        evidence = 0
        for i in range(n - 1):
            a, b = lines[i], lines[i + 1]
            if a.block or b.block or not a.open:
                continue
            if a.spaced or a.soft:
                evidence += 1
                if evidence >= need:
                    return True
                continue
            tol = self.tolerance + a.narrow // 2
            if a.size < layout.col[i] - tol:
                continue
            if n > 2 and not any(
                abs(lines[j].size - a.size) <= tol
                for j in range(max(0, i - 3), min(n, i + 4)) if j != i and not lines[j].block
            ):
                continue
            if _PUNCT.search(a.text) or _PUNCT.search(b.text) or lexicon.spans(a.text, b.text):
                evidence += 1
                if evidence >= need:
                    return True
        return False

    def _full(self, layout: _Layout, i: int, first: int, strict: bool = False) -> bool:
        """Is line i as wide as its column, i.e. did layout rather than the author end it?

        Widths are only approximate (proportional Latin letters and digits, spaces in
        justified lines), so a line that does not end a sentence may fall short by an eighth.
        """
        a = layout.lines[i]
        if a.spaced:
            return True
        col = layout.col[i]
        tol = (1 + a.narrow // 3 if strict else max(self.tolerance, col // 8) + a.narrow // 2)
        if i == first:
            tol += layout.indent
        if i + 1 < len(layout.lines):
            b = layout.lines[i + 1].text
            if not strict and _pushed_down(b):
                tol += 2
            run = _UNBREAKABLE.match(b)
            if run:  # a number or Latin word too wide for the rest of A moved down whole
                tol += min(len(run.group()), col // 3)
        return a.size >= col - tol

    def _continues(self, layout: _Layout, i: int, first: int) -> bool:
        """Across blank lines: does the text on both sides look like one column?"""
        lines = layout.lines
        a = lines[i]
        if a.spaced:
            return True
        tol = max(self.tolerance, a.size // 20) + a.narrow // 2
        if i > first:
            prev = lines[i - 1].size
            return abs(a.size - prev) <= tol or (i - 1 == first and abs(a.size - prev - 4) <= tol)
        # A one-line block short of the column, before a paragraph of several lines, is a
        # heading; it joins across a blank line only where every line stands alone
        # (double-spaced text).
        col = max((lines[j].size for j in range(i + 1, min(len(lines), i + 3))), default=0)
        b = lines[i + 1]
        if a.size < col - 2 and not b.end:
            after_b = lines[i + 2] if i + 2 < len(lines) else None
            if after_b is not None and after_b.gap == 0:
                return False
        return a.size + 4 >= col - tol and a.size <= col + tol

    # -- steps, in order (numbered as in docs/line-wrap.md) --------------------------------

    def _structure(self, layout: _Layout, i: int, first: int) -> Verdict:
        """1. Markdown structure on either side: break."""
        return False if layout.lines[i].block or layout.lines[i + 1].block else None

    def _break_hyphen(self, layout: _Layout, i: int, first: int) -> Verdict:
        """2. A Latin word hyphenated across the break (or a break soft hyphen): join."""
        a, b = layout.lines[i], layout.lines[i + 1]
        if b.gap == 0 and b.text[0].islower() and (a.soft or _HYPHEN_BREAK.search(a.text)):
            return True
        return None

    def _far(self, layout: _Layout, i: int, first: int) -> Verdict:
        """3. More than `max_gap` blank lines: break."""
        return False if layout.lines[i + 1].gap > self.max_gap else None

    def _line_start_mark(self, layout: _Layout, i: int, first: int) -> Verdict:
        """4. B opens with a mark no line starts with (`，` `。` `）` `”` ...): join."""
        return True if layout.lines[i + 1].text[0] in _NO_LINE_START else None

    def _unwrapped(self, layout: _Layout, i: int, first: int) -> Verdict:
        """6. The document is not hard-wrapped: every line is the author's."""
        return None if layout.wrapped else False

    def _new_block(self, layout: _Layout, i: int, first: int) -> Verdict:
        """7. B opens a block (indent, bullet, list number, dateline) or restates heading A,
        a byline on either side, or A ends short with a photo credit: break."""
        a, b = layout.lines[i], layout.lines[i + 1]
        if (
            b.indent
            or _restated(a.text, b.text)
            or _MARKER.match(b.text)
            or _BYLINE.fullmatch(a.text)
            or _BYLINE.fullmatch(b.text)
            or (
                a.text[-1] in _CREDIT_LAST
                and _CREDIT.search(a.text, max(0, len(a.text) - 24))
                and not self._full(layout, i, first, strict=True)
            )
        ):
            return False
        return None

    def _colon(self, layout: _Layout, i: int, first: int) -> Verdict:
        """5. A ends with a colon: a quotation after a blank line joins (a full line too in
        hard-wrapped text), anything else only a full line inside a hard-wrapped paragraph."""
        a, b = layout.lines[i], layout.lines[i + 1]
        if a.text[-1] not in _COLON:
            return None
        if b.text[0] in _QUOTE_OPEN:
            return b.gap > 0 or (layout.wrapped and self._full(layout, i, first))
        if not layout.wrapped:
            return False
        return b.gap == 0 and i > first and self._full(layout, i, first, strict=True)

    def _sentence_end(self, layout: _Layout, i: int, first: int) -> Verdict:
        """8. A ends a sentence: join only a full line (justified text can end a sentence at
        the column edge) not followed by a line that opens a paragraph."""
        lines = layout.lines
        if not lines[i].end:
            return None
        b = lines[i + 1]
        if b.gap or b.spacing:
            return False
        if layout.uses_indent:  # paragraphs start indented, so B continues this one
            return True
        if not self._full(layout, i, first, strict=True):
            return False
        # B short by an indent while its sentence runs on to the next line: a new paragraph.
        opens = (
            layout.indent
            and i + 2 < len(lines)
            and lines[i + 2].gap == 0
            and not b.end
            and b.size + self.tolerance // 2 + b.narrow // 2 < layout.col[i + 1]
        )
        return not opens

    def _run_on(self, layout: _Layout, i: int, first: int) -> Verdict:
        """9. A full line that does not end a sentence, B right under it: join (every later
        step would join it too, so the lexicon is asked only where width does not decide)."""
        return True if layout.lines[i + 1].gap == 0 and self._full(layout, i, first) else None

    def _word_split(self, layout: _Layout, i: int, first: int) -> Verdict:
        """10. A word runs across the break from a nearly full line: join."""
        a, b = layout.lines[i], layout.lines[i + 1]
        col = layout.col[i]
        slack = max(2 * self.tolerance, col // 4) + a.narrow // 2
        if a.size < col - slack or (b.gap and not self._full(layout, i, first)):
            return None
        return True if lexicon.spans(a.text, b.text) else None

    def _function_word(self, layout: _Layout, i: int, first: int) -> Verdict:
        """11. A ends with a function word no sentence or heading ends with: join."""
        a, b = layout.lines[i], layout.lines[i + 1]
        return True if a.text[-1] in _FUNCTION_END and b.gap == 0 else None

    def _soft_end(self, layout: _Layout, i: int, first: int) -> Verdict:
        """12. A ends with a comma, enumeration comma, semicolon, dash or opening bracket:
        join when A is full."""
        if layout.lines[i].text[-1] not in _SOFT_END:
            return None
        return self._full(layout, i, first)

    def _full_line(self, layout: _Layout, i: int, first: int) -> Verdict:
        """13. Otherwise join a full line; across blank lines only when both sides look like
        one column. A short line (a heading, a paragraph's end) breaks."""
        if not self._full(layout, i, first):
            return False
        return layout.lines[i + 1].gap == 0 or self._continues(layout, i, first)

    STEPS: tuple[tuple[str, Step], ...] = (
        ("structure", _structure),
        ("break-hyphen", _break_hyphen),
        ("far", _far),
        ("line-start-mark", _line_start_mark),
        ("colon", _colon),
        ("unwrapped", _unwrapped),
        ("new-block", _new_block),
        ("sentence-end", _sentence_end),
        ("run-on", _run_on),
        ("word-split", _word_split),
        ("function-word", _function_word),
        ("soft-end", _soft_end),
        ("full-line", _full_line),
    )
