"""Does a text read on from line to line, or from each line to the one after next?

The continuity signal behind B006 (flag) and L002 (repair): in hard-wrapped text a line's
last character forms a pair seen elsewhere in the document with the first character of the
next line; where an extractor interleaved k columns, with the line k lines later.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from cleaner_rules.text.chars import CLOSERS, HAN, HAN_RE, SENTENCE_END, at_least, sample

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


# L002 asks before the unicode and boilerplate stages, B006 after them; where those left the
# text as it was, B006 gets the verdict L002 paid for.
@lru_cache(maxsize=1)
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
    pairs = pair_counts("".join(lines), asked)
    after_next = after_one = 0
    for k in breaks:
        last = lines[k][-1]
        one = pairs[last + lines[k + 1][0]] - 1
        two = pairs[last + lines[k + 2][0]]
        after_one += one > two
        after_next += two > one
    return after_one + after_next >= MIN_VOTES and after_next >= 0.5 * after_one


MAX_ASKED = 32  # pairs counted one by one; with more, all pairs of the text in one pass


def pair_counts(text: str, asked: set[str]) -> dict[str, int]:
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
