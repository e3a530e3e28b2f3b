"""B004 truncated duplicates: a cut-short copy of the start of an earlier line.

One step decides (`1 cut-copy`): a later line of 5 to 40 characters, Chinese, not a
finished sentence, that an earlier line begins with (or equals, when that line has an
unclosed quote or bracket) goes, unless the text after it (over blank lines) goes on as
the earlier line does.
"""

from __future__ import annotations

from cleaner_rules.boilerplate.lines import remove_lines

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage


class TruncatedDuplicate(Rule):
    code = "B004"
    name = "truncated-duplicate"
    stage = Stage.BOILERPLATE
    summary = "Drop a short line that is a cut-short copy of the start of an earlier line."
    rationale = (
        "Extraction of overlapping text boxes repeats a caption or title, cut short. The "
        "copy is later, shorter than the original (or as long, when the original has an "
        "unclosed quote or bracket), and the text after it does not go on as the original "
        "does: a paragraph that restates a heading (heading `某某线`, paragraph `某某线，"
        "编号…` wrapped after `某某`) continues the heading's words and stays whole. The "
        "rule drops whole lines only, never the start of a line, and leaves other exact "
        "repeats (running headers, a heading in a table of contents) to B005 and T002."
    )
    references = ("docs/policy.md (Fake bold and echoes)",)
    limits = (
        "An echo is judged against the lines left after the previous echo went: a chain "
        "of echoes takes one pass per echo (docs/robustness.md).",
        "A copy longer than 40 characters, or a finished sentence, stays.",
        "A copy whose next line happens to go on as the original does stays.",
    )
    examples = (
        Example("“第三届青年摄影大赛”获奖\n作品展开幕。\n\n“第三届青年摄影\n下一段正文。",
                "“第三届青年摄影大赛”获奖\n作品展开幕。\n\n下一段正文。"),
        Example("“第三届青年摄影大\n赛”获奖作品展。\n\n“第三届青年摄影大\n下一段正文。",
                "“第三届青年摄影大\n赛”获奖作品展。\n\n下一段正文。"),
        Example("城市轨道交通十八号线\n城市轨道交通十八号\n线，编号八，贯穿城市南北。"),
        Example("第一章总则\n第二章附则\n第一章总则\n正文。"),
        Example("第一章\n正文。\n第一章结束语很短。"),
    )

    def apply(self, doc: Document) -> str:
        doomed = _cut_copies(doc.text)
        if not doomed:
            return doc.text
        return "\n".join(remove_lines(doc.text.split("\n"), doomed))

    def decisions(self, doc: Document) -> list[Decision]:
        lines = doc.text.split("\n")
        return [
            Decision(i + 1, "1 cut-copy", "drop", lines[i].strip())
            for i in sorted(_cut_copies(doc.text))
        ]


def _cut_copies(text: str) -> set[int]:
    """The lines (by number) that are cut copies: a stripped line of 5 to MAX_COPY
    characters, five of them Han and no finished sentence, whose text an earlier line
    begins with and then goes on differently from the text after it (its first character,
    over blank lines). An earlier line that goes on only with an ellipsis is itself the cut
    one and proves nothing; one with an open quote or bracket is cut from a longer text, so
    an equal later line is a cut copy too. The native core decides (native/src/truncated.rs):
    only lines that share a candidate's first five characters are indexed, so most
    documents cost one pass."""
    return set(_native.cut_copies(utf32(text), MAX_COPY))


MAX_COPY = 40
