"""W001 line-wrap: join lines broken by page layout back into paragraphs.

The algorithm is described in docs/line-wrap.md and runs in the native core
(native/src/wrap/, one module per concern). In short: the document as a whole must show
hard wrapping (lines that stop mid-sentence at one column width); then every boundary
between two non-empty lines goes through an ordered list of named steps (`STEPS`,
numbered as in the docs), each saying join, break, or nothing. Markdown structure is never
entered. One native pass gives the text and, for `decisions`, the step behind every join.
"""

from __future__ import annotations

from cleaner_rules.text import lexicon

from cleaner import _native
from cleaner.document import Document
from cleaner.rule import Decision, Example, Option, Rule, Stage

SOFT_HYPHEN = "\u00ad"  # a break hyphen U002 keeps at a line end
# Every character the rule can add or remove: whitespace `str.strip` removes, and hyphens.
_TOUCHED = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "-" + SOFT_HYPHEN


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
    references = (
        "docs/line-wrap.md: the measurements and the numbered decision steps",
        "W3C, Requirements for Chinese Text Layout (clreq), prohibition rules for line start "
        "and line end: https://www.w3.org/TR/clreq/#prohibition_rules_for_line_start_end",
        "jieba's dictionary (dict.txt) for words across the break: "
        "https://github.com/fxsjy/jieba",
    )
    limits = (
        "A paragraph whose last line ends its sentence at the column edge joins the next one "
        "when the document shows no first-line indents.",
        "A heading as wide as a narrow column joins the paragraph under it when a word seems "
        "to run across, unless the paragraph restates it.",
        "Two headline lines of column width join, and so does a headline and a dateline "
        "that names no source, or a short credit line of similar width under it.",
        "A paragraph's tiny last line followed by a quotation opening the next paragraph, "
        "short by exactly that much, reads as one visual line cut at the quotation mark.",
        "In very short documents, pieces of visual lines can hide the evidence of hard "
        "wrapping.",
        "The lexicon is simplified Chinese: in traditional text the word step rarely fires.",
        "Columns interleaved line by line by the extractor cannot be repaired.",
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

    # The numbered steps, (name, number): `cleaner explain` shows `9 run-on`.
    STEPS: tuple[tuple[str, int], ...] = tuple(
        (name, k) for k, name in enumerate(_native.wrap_steps(), 1)
    )

    def gate(self, text: str) -> bool:
        return "\n" in text

    def apply(self, doc: Document) -> str:
        lexicon.install()
        return _native.wrap_lines(doc.text, self.tolerance, self.max_gap)[0]

    def decisions(self, doc: Document) -> list[Decision]:
        """Every line break `apply` joins, with the step that joined it (`9 run-on`), in
        line order; pieces of one visual line, joined before the steps, as `visual-line`.
        W001 inserts no breaks, so a boundary it keeps is no change and is not listed."""
        lexicon.install()
        _, joins = _native.wrap_lines(doc.text, self.tolerance, self.max_gap, True)
        return [Decision(line, step, "join", excerpt) for line, step, excerpt in joins]
