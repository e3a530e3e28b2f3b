"""Final shape: trimmed lines, single newlines, no empty or punctuation-only lines."""

from __future__ import annotations

from cleaner_rules.text.chars import ends_sentence, fenced_blocks

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage


class TidyLines(Rule):
    code = "T001"
    name = "tidy-lines"
    stage = Stage.TIDY
    summary = "Trim lines, collapse space runs, drop empty lines and lines of separators."
    rationale = (
        "The output contract is one paragraph per line with a single newline between; "
        "a line of only punctuation is layout debris (rules, separators, stray marks), "
        "unless it holds an ellipsis, ? or ! (a speaker's `“……”` is a paragraph)."
    )
    references = (
        "docs/policy.md: one paragraph per line, one newline between",
    )
    limits = (
        "A line of only punctuation goes unless it holds an ellipsis, ? or !",
    )
    examples = (
        Example("  第一段。  \n\n\n第二段  有  空格。\n——\n", "第一段。\n第二段 有 空格。"),
        Example("代码如下：\n```\nx = 1\n```"),
        Example("代码如下：\n```\ndef f():\n    return 1\n```\n完。"),
        Example("| 参数 | 含义 |\n| --- | --- |\n| 输入 | 文件 |"),
        Example("标题\n***\n正文。", format="markdown"),
        Example("示例：\n\n    x = 1\n    y = 2\n\n完。", "示例：\n    x = 1\n    y = 2\n完。",
                format="markdown"),
        Example("第一段。\n第二段。"),
        Example("第一页的末段。\f第二页的首段。", "第一页的末段。\n第二页的首段。"),
        Example("“你到底去不去？”\n“……”\n他低下头，没有回答。"),  # a silent reply stays
    )

    def apply(self, doc: Document) -> str:
        # Markdown keeps its syntax lines (rules, fences, a table's delimiter row) in any
        # document, and fenced code keeps every line as written.
        markdown = doc.format == "markdown"
        text = doc.text.replace("\f", "\n")  # page breaks B005 did not turn (B005 off)
        out: list[str] = []
        pos = 0
        for start, end in fenced_blocks(text):
            out.append(_tidy(text[pos:start], markdown))
            out.append(text[start:end].strip("\n"))
            pos = end
        out.append(_tidy(text[pos:], markdown))
        return "\n".join(piece for piece in out if piece)


def _tidy(text: str, markdown: bool) -> str:
    """The kept lines of `text` (no fence among them), trimmed, runs of spaces made one,
    joined by line feeds: lines of punctuation, symbols and separators only go unless
    they hold an ellipsis, ? or ! or are a table's delimiter row; in Markdown every line
    stays, and indented code keeps its indentation. The native core tidies
    (native/src/tidy.rs)."""
    tidied = _native.tidy_lines(utf32(text), markdown)
    return tidied.decode("utf-32-le", "surrogatepass")


MIN_DOUBLED_CHARS = 10  # a line repeated right after itself is doubled from this length
MIN_SENTENCE_CHARS = 15  # a sentence paragraph repeated anywhere is a copy from this length
MIN_PARAGRAPH_CHARS = 50  # so is any line this long, punctuated or not


def _paragraph(line: str) -> bool:
    """Long enough and sentence-like enough that a second copy cannot be the author's."""
    return len(line) >= MIN_PARAGRAPH_CHARS or (
        len(line) >= MIN_SENTENCE_CHARS and ends_sentence(line)
    )


class DuplicateParagraphs(Rule):
    code = "T002"
    name = "duplicate-paragraphs"
    stage = Stage.TIDY
    summary = "Drop paragraphs doubled by extraction: a copy of a paragraph or of a block."
    rationale = (
        "Scrapers and PDF extraction repeat text (pagination overlap, mobile and desktop "
        "copies, a text box read twice). Doubling looks like this: a line repeated right "
        "after itself, a sentence paragraph that occurred before, or a run of consecutive "
        "lines, one of them a sentence, repeated as a block. Repetition the author or the "
        "page made stays: table cells and list items with the same value, a short line "
        "such as a photo credit, and headings that a table of contents lists again."
    )
    references = (
        "docs/policy.md: text the extractor doubled, not repetition the author made",
    )
    limits = (
        "Short repeated lines (credits, cells, list items) stay, even if an extractor doubled them",
    )
    examples = (
        Example("秋收以后，村里的晒谷场空了下来。\n中间段。\n秋收以后，村里的晒谷场空了下来。",
                "秋收以后，村里的晒谷场空了下来。\n中间段。"),
        Example("新华社发\n正文。\n新华社发"),
        Example(  # a block of heading and paragraph read twice
            "第二节 水源\n河流从北面的山谷流下来，养活了整个盆地。\n第三节 土壤\n"
            "第二节 水源\n河流从北面的山谷流下来，养活了整个盆地。\n第三节 土壤\n结尾。",
            "第二节 水源\n河流从北面的山谷流下来，养活了整个盆地。\n第三节 土壤\n结尾。",
        ),
        Example("老城区更新中的三个难题\n老城区更新中的三个难题\n正文从这里开始。",
                "老城区更新中的三个难题\n正文从这里开始。"),
        Example(  # table cells and a table of contents repeat by design
            "型号\n续航里程：520公里\n型号\n续航里程：520公里\n是\n是\n"
            "目录\n第一章 起源\n第二章 迁徙\n第一章 起源\n人们最早在河边定居。\n第二章 迁徙"
        ),
    )

    def apply(self, doc: Document) -> str:
        lines = doc.text.split("\n")
        first: dict[str, int] = {}  # where each line first occurred
        checked = -1  # lines up to here were already part of a run that was kept
        out: list[str] = []
        last = None  # the last non-blank line kept
        i = 0
        while i < len(lines):
            core = lines[i].strip()
            j = first.get(core) if core else None
            if j is None:
                if core:
                    first[core] = i
                    last = core
                out.append(lines[i])
                i += 1
                continue
            if i > checked:
                run = _run(lines, j, i)
                if run >= 2 and any(_paragraph(lines[i + m].strip()) for m in range(run)):
                    i += run
                    continue
                checked = i + run - 1
            if (core == last and len(core) >= MIN_DOUBLED_CHARS) or _paragraph(core):
                i += 1
                continue
            last = core
            out.append(lines[i])
            i += 1
        return "\n".join(out)


def _run(lines: list[str], j: int, i: int) -> int:
    """How many lines from `i` on repeat those from `j` on (the copy starts after the end
    of the original)."""
    m = 0
    while i + m < len(lines) and j + m < i and lines[i + m].strip() == lines[j + m].strip():
        m += 1
    return m
