"""What page layout did to the reading order: columns that an extractor interleaved.

No rule can put interleaved columns back together (the pieces of two texts alternate line by
line, or stand side by side on one line), but the text itself shows it, so the document is
flagged in its metadata for users to filter.
"""

from __future__ import annotations

import operator
import re
from collections import Counter

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage
from rules.chars import HAN, ends_sentence, sample

FLAG = "columns_interleaved"
MIN_VOTES = 6  # line breaks that must take sides before the text is judged
# Two columns side by side on one line (`pdftotext -layout`): text, a gutter, text.
_GUTTER = re.compile(rf"\S{{2}}[ \t\u3000]{{3,}}[{HAN}\w]")
_HAN_RE = re.compile(f"[{HAN}]")
_HAN_SPACE_HAN = re.compile(f"(?<=[{HAN}，。、；：])[ \t]+(?=[{HAN}])")


class ColumnsInterleaved(Rule):
    code = "B006"
    name = "columns-interleaved"
    family = "boilerplate"
    stage = Stage.BOILERPLATE
    summary = "Flag a document whose page columns the extractor interleaved (meta only)."
    rationale = (
        "Some PDF extractors read a multi-column page across the columns: lines alternate "
        "between two texts, or two columns stand side by side on one line. Nothing can undo "
        "that, but it shows: in hard-wrapped text a line's last character forms a pair seen "
        "elsewhere in the document with the first character of the next line, and in "
        "interleaved text it does so with the line after next. The document gets "
        "`columns_interleaved: true` in its metadata; its text is left as it is."
    )
    examples = (
        Example(
            "河边的柳树抽出了新芽，孩子\n山上的茶园也忙了起来，采茶\n们在柳树下放风筝，孩子们的\n的姑娘背着竹篓一早就上山去\n"
            "笑声传到河对岸的田里。田里\n了。茶叶要趁露水采，采茶的\n的农民忙着翻地播种，农民们\n姑娘说这样炒出来的茶叶才香\n"
            "说今年的雨水好，田里的庄稼\n。茶园的主人站在山下等着，\n一定长得好。孩子们放完风筝\n茶园的主人说今年茶叶的收成\n"
            "，又跑到河边看农民们翻地，\n会很好。采茶的姑娘们唱着歌\n河边的柳树下坐满了歇脚的农\n下山，竹篓里装满了新茶，茶\n"
            "民。天黑以后，孩子们和农民\n园的主人把新茶倒进锅里，山\n们一起回家，河边的柳树在风\n上山下都是茶叶的香气。",
            meta={FLAG: True},
        ),
        Example(
            "河边的柳树抽出了新芽，孩子\n们在柳树下放风筝，孩子们的\n笑声传到河对岸的田里。田里\n的农民忙着翻地播种，农民们\n"
            "说今年的雨水好，田里的庄稼\n一定长得好。孩子们放完风筝\n，又跑到河边看农民们翻地，\n河边的柳树下坐满了歇脚的农\n"
            "民。天黑以后，孩子们和农民\n们一起回家，河边的柳树在风\n里轻轻摇着。",
            meta={FLAG: None},
        ),
        Example(
            "河边的柳树抽出了新芽，孩子     山上的茶园也忙了起来，采茶\n"
            "们在柳树下放风筝，孩子们的     的姑娘背着竹篓一早就上山去\n"
            "笑声传到河对岸的田里。田里     了。茶叶要趁露水采，采茶的\n"
            "的农民忙着翻地播种，农民们     姑娘说这样炒出来的茶叶才香",
            meta={FLAG: True},
        ),
    )

    def apply(self, doc: Document) -> str:
        if interleaved(doc.text):
            doc.extra[FLAG] = True
        return doc.text


def interleaved(text: str) -> bool:
    """Do the lines read as two texts taking turns (or standing side by side)?"""
    text = sample(text)  # a ratio: three slices of a long text tell it as well
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) < 3:
        return False
    # Either kind shows in lines that stop mid-sentence; text without them is not wrapped.
    cut = sum(1 for line in lines if not ends_sentence(line))
    if cut < 3 or cut < 0.5 * len(lines):
        return False
    if " " in text or "\u3000" in text or "\t" in text:
        wide = [line for line in lines if len(line) >= 10 and len(_HAN_RE.findall(line)) >= 8]
        if len(wide) >= 3 and (
            sum(1 for line in wide if _GUTTER.search(line)) >= 0.3 * len(wide)
            or _one_gutter(wide)
        ):
            return True
    if cut < MIN_VOTES:
        return False
    # Character pairs of the text read as one run (this break's own pair counted out).
    joined = "".join(lines)
    pairs = Counter(map(operator.add, joined, joined[1:]))
    median = sorted(map(len, lines))[len(lines) // 2]
    after_next = after_one = 0
    for k in range(len(lines) - 2):
        line = lines[k]
        # Only breaks inside a sentence at the column width say how the text runs on.
        if len(line) < 0.7 * median or ends_sentence(line):
            continue
        one = pairs[line[-1] + lines[k + 1][0]] - 1
        two = pairs[line[-1] + lines[k + 2][0]]
        after_one += one > two
        after_next += two > one
    return after_one + after_next >= MIN_VOTES and after_next >= 0.5 * after_one


def _one_gutter(wide: list[str]) -> bool:
    """Columns joined by one space (`pdftotext -raw`): most lines split at the same column
    between two runs of Han characters, where Chinese prose has no space at all."""
    at = Counter(
        m.start() for line in wide
        if (m := _HAN_SPACE_HAN.search(line)) and 0.25 < m.start() / len(line) < 0.75
    )
    if not at:
        return False
    col = at.most_common(1)[0][0]
    return at[col - 1] + at[col] + at[col + 1] >= 0.6 * len(wide)
