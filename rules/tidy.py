"""Final shape: trimmed lines, single newlines, no empty or punctuation-only lines."""

from __future__ import annotations

import re
import unicodedata

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

_SPACES = re.compile(r" {2,}")


def _only_punct(line: str) -> bool:
    return all(unicodedata.category(c)[0] in "PSZ" for c in line)


class TidyLines(Rule):
    code = "T001"
    name = "tidy-lines"
    family = "tidy"
    stage = Stage.TIDY
    summary = "Trim lines, collapse space runs, drop empty and punctuation-only lines."
    rationale = (
        "The output contract is one paragraph per line with a single newline between; "
        "a line of only punctuation is layout debris (rules, separators, stray marks)."
    )
    examples = (
        Example("  第一段。  \n\n\n第二段  有  空格。\n——\n", "第一段。\n第二段 有 空格。"),
        Example("代码如下：\n```\nx = 1\n```"),
        Example("标题\n***\n正文。", format="markdown"),
        Example("第一段。\n第二段。"),
    )

    def apply(self, doc: Document) -> str:
        lines = (_SPACES.sub(" ", line.strip()) for line in doc.text.split("\n"))
        # Markdown keeps its syntax lines (rules, fences); so does a code fence anywhere.
        markdown = doc.format == "markdown"
        return "\n".join(
            line for line in lines
            if line and (markdown or line.startswith(("```", "~~~")) or not _only_punct(line))
        )


class DuplicateParagraphs(Rule):
    code = "T002"
    name = "duplicate-paragraphs"
    family = "tidy"
    stage = Stage.TIDY
    summary = "Keep an exact duplicate paragraph only once within a document."
    rationale = (
        "Scrapers and PDF extraction repeat paragraphs (pagination overlap, mobile and desktop "
        "copies). Short repeated lines such as photo credits stay: they are content."
    )
    examples = (
        Example("同一段落出现了两次，这是重复。\n中间段。\n同一段落出现了两次，这是重复。",
                "同一段落出现了两次，这是重复。\n中间段。"),
        Example("新华社发\n正文。\n新华社发"),
    )

    def apply(self, doc: Document) -> str:
        seen: set[str] = set()
        out = []
        for line in doc.text.split("\n"):
            if len(line) >= 10:
                if line in seen:
                    continue
                seen.add(line)
            out.append(line)
        return "\n".join(out)
