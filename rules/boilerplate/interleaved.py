"""What page layout did to the reading order: columns that an extractor interleaved.

No rule can put interleaved columns back together (the pieces of two texts alternate line by
line, or stand side by side on one line), but the text itself shows it, so the document is
flagged in its metadata for users to filter.
"""

from __future__ import annotations

import re
from collections import Counter

from cleaner_rules.text.chars import CLOSERS, HAN, HAN_RE, SENTENCE_END, at_least, sample

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

FLAG = "columns_interleaved"
_CLOSING = CLOSERS + " "
_ENDS = frozenset(SENTENCE_END)
MIN_VOTES = 6  # line breaks that must take sides before the text is judged
# Two columns side by side on one line (`pdftotext -layout`): text, a gutter, text.
_GUTTER = re.compile(rf"\S{{2}}[ \t\u3000]{{3,}}[{HAN}\w]")
_HAN_SPACE_HAN = re.compile(f"(?<=[{HAN}，。、；：])[ \t]+(?=[{HAN}])")
# What either kind of gutter needs somewhere in the text (most texts have neither): three
# spaces, or spaces between Han characters. Written to begin with the space, which `re`
# then finds by a fast scan instead of trying every Han character as a start.
_SPACED = re.compile(f"[ \t\u3000](?:[ \t\u3000]{{2}}|(?<=[{HAN}，。、；：][ \t])[ \t]*[{HAN}])")


class ColumnsInterleaved(Rule):
    code = "B006"
    name = "columns-interleaved"
    stage = Stage.BOILERPLATE
    summary = "Flag a document whose page columns the extractor interleaved (meta only)."
    rationale = (
        "Some PDF extractors read a multi-column page across the columns: lines alternate "
        "between two texts, or two columns stand side by side on one line where L001 could "
        "not read them (a one-space gutter). Nothing can undo that, but it shows: in "
        "hard-wrapped text a line's last character forms a pair seen "
        "elsewhere in the document with the first character of the next line, and in "
        "interleaved text it does so with the line after next. The document gets "
        "`columns_interleaved: true` in its metadata; its text is left as it is."
    )
    references = ("docs/policy.md (Interleaved columns)",)
    limits = (
        "It only flags: the interleaved text stays as it is (no rule can undo it).",
        "A text with fewer than six mid-sentence breaks at the column width is not judged.",
        "Columns joined by one space are found only where most lines split at one column.",
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

    def gate(self, text: str) -> bool:
        # Interleaving shows only over many wrapped lines (MIN_VOTES breaks at least), and
        # side-by-side columns only with the spaces of a gutter.
        return text.count("\n") >= MIN_VOTES or ("  " in text and "\n" in text)

    def apply(self, doc: Document) -> str:
        if interleaved(doc.text):
            doc.extra[FLAG] = True
        return doc.text


def interleaved(text: str) -> bool:
    """Do the lines read as two texts taking turns (or standing side by side)?"""
    text = sample(text)  # a ratio: three slices of a long text tell it as well
    lines = [core for line in text.split("\n") if (core := line.strip())]
    if len(lines) < 3:
        return False
    # Either kind shows in lines that stop mid-sentence; text without them is not wrapped.
    # (`ends_sentence` on a stripped line, inline: it runs on every line of every text.)
    ended = [line.rstrip(_CLOSING)[-1:] in _ENDS for line in lines]
    cut = len(lines) - sum(ended)
    if cut < 3 or cut < 0.5 * len(lines):
        return False
    if _SPACED.search(text):
        wide = [line for line in lines if len(line) >= 10 and at_least(HAN_RE, line, 8)]
        if len(wide) >= 3 and (
            sum(1 for line in wide if _GUTTER.search(line)) >= 0.3 * len(wide)
            or _one_gutter(wide)
        ):
            return True
    if cut < MIN_VOTES:
        return False
    # Only breaks inside a sentence at the column width say how the text runs on; each
    # casts at most one vote.
    median = sorted(map(len, lines))[len(lines) // 2]
    breaks = [
        k for k in range(len(lines) - 2) if not ended[k] and len(lines[k]) >= 0.7 * median
    ]
    if len(breaks) < MIN_VOTES:
        return False
    # Character pairs of the text read as one run (this break's own pair counted out).
    asked = {lines[k][-1] + lines[k + d][0] for k in breaks for d in (1, 2)}
    pairs = _pair_counts("".join(lines), asked)
    after_next = after_one = 0
    for k in breaks:
        last = lines[k][-1]
        one = pairs[last + lines[k + 1][0]] - 1
        two = pairs[last + lines[k + 2][0]]
        after_one += one > two
        after_next += two > one
    return after_one + after_next >= MIN_VOTES and after_next >= 0.5 * after_one


MAX_ASKED = 32  # pairs counted one by one; with more, all pairs of the text in one pass


def _pair_counts(text: str, asked: set[str]) -> dict[str, int]:
    """How often each pair of characters in `asked` occurs in `text`, overlaps included.
    A few pairs are cheapest to count with `str.count` (exact for two different characters,
    which cannot overlap); otherwise every pair of the text is counted at once, as the
    8-byte words of its UTF-32 form (even pairs from byte 0, odd ones from byte 4), which
    is far cheaper than making a string of each pair."""
    if len(asked) <= MAX_ASKED and all(pair[0] != pair[1] for pair in asked):
        return {pair: text.count(pair) for pair in asked}
    data = text.encode("utf-32-le", "surrogatepass")
    counts = Counter(memoryview(data[: len(data) // 8 * 8]).cast("Q"))
    counts.update(memoryview(data[4: 4 + (len(data) - 4) // 8 * 8]).cast("Q"))
    pairs = list(asked)
    words = memoryview("".join(pairs).encode("utf-32-le", "surrogatepass")).cast("Q")
    return {pair: counts[word] for pair, word in zip(pairs, words, strict=True)}


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
