"""The decision at one line boundary: an ordered list of named steps (`STEPS`), numbered
as in docs/line-wrap.md, "Decisions, in order".

Each step looks at the boundary after line i of a `Layout` (lines i and i + 1, called A
and B; `first` is the first line of A's paragraph) and says join (True), break (False) or
nothing (None); the first step with an opinion decides. The last step always has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cleaner_rules.text.chars import NUMBERED, OPENERS

from . import lexicon
from .layout import Layout, continues, full
from .lines import NO_LINE_START

Verdict = bool | None  # join, break, no opinion
Check = Callable[[Layout, int, int], Verdict]

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
# A photo credit or source note closes its caption: 本报记者某某摄, 新华社发, （资料图片）.
_CREDIT = re.compile(
    r"(?:(?:记者|通讯员|摄影|社|网|报|台)[^，。,]{0,10}(?:摄|供图|发|图)"
    r"|(?:^|[。！？\s])[\u4e00-\u9fff·]{2,4}\s?摄"
    r"|[（(][^（）()]{0,8}(?:图片|照片|供图|摄)[)）])$"
)
_CREDIT_LAST = "摄图发)）"  # every credit ends with one of these: a character test first
_HYPHEN_BREAK = re.compile(r"[A-Za-z]-$")
_COLON = "：:"
_QUOTE_OPEN = "“「『\"'‘"
# Function words that cannot end a sentence or a heading: the line runs on.
_FUNCTION_END = "的地得和与及或在对把被将从向于为是让使给跟比"
_SOFT_END = "，、；,;—-" + OPENERS


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


def structure(layout: Layout, i: int, first: int) -> Verdict:
    """1. Markdown structure on either side: break."""
    return False if layout.lines[i].block or layout.lines[i + 1].block else None


def break_hyphen(layout: Layout, i: int, first: int) -> Verdict:
    """2. A Latin word hyphenated across the break (or a break soft hyphen), B in lower
    case right under it: join."""
    a, b = layout.lines[i], layout.lines[i + 1]
    if b.gap == 0 and b.text[0].islower() and (a.soft or _HYPHEN_BREAK.search(a.text)):
        return True
    return None


def far(layout: Layout, i: int, first: int) -> Verdict:
    """3. More than `max_gap` blank lines: break."""
    return False if layout.lines[i + 1].gap > layout.max_gap else None


def line_start_mark(layout: Layout, i: int, first: int) -> Verdict:
    """4. B opens with a mark no line starts with (`，` `。` `）` `”` ...): join."""
    return True if layout.lines[i + 1].text[0] in NO_LINE_START else None


def colon(layout: Layout, i: int, first: int) -> Verdict:
    """5. A ends with a colon: a quotation after a blank line joins (a full line too in
    hard-wrapped text), anything else only a full line inside a hard-wrapped paragraph."""
    a, b = layout.lines[i], layout.lines[i + 1]
    if a.text[-1] not in _COLON:
        return None
    if b.text[0] in _QUOTE_OPEN:
        return b.gap > 0 or (layout.wrapped and full(layout, i, first))
    if not layout.wrapped:
        return False
    return b.gap == 0 and i > first and full(layout, i, first, strict=True)


def unwrapped(layout: Layout, i: int, first: int) -> Verdict:
    """6. The document is not hard-wrapped: every line is the author's."""
    return None if layout.wrapped else False


def new_block(layout: Layout, i: int, first: int) -> Verdict:
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
            and not full(layout, i, first, strict=True)
        )
    ):
        return False
    return None


def sentence_end(layout: Layout, i: int, first: int) -> Verdict:
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
    if not full(layout, i, first, strict=True):
        return False
    # B short by an indent while its sentence runs on to the next line: a new paragraph.
    opens = (
        layout.indent
        and i + 2 < len(lines)
        and lines[i + 2].gap == 0
        and not b.end
        and b.size + layout.tolerance // 2 + b.narrow // 2 < layout.col[i + 1]
    )
    return not opens


def run_on(layout: Layout, i: int, first: int) -> Verdict:
    """9. A full line that does not end a sentence, B right under it: join (every later
    step would join it too, so the lexicon is asked only where width does not decide)."""
    return True if layout.lines[i + 1].gap == 0 and full(layout, i, first) else None


def word_split(layout: Layout, i: int, first: int) -> Verdict:
    """10. A word runs across the break from a nearly full line: join."""
    a, b = layout.lines[i], layout.lines[i + 1]
    col = layout.col[i]
    slack = max(2 * layout.tolerance, col // 4) + a.narrow // 2
    if a.size < col - slack or (b.gap and not full(layout, i, first)):
        return None
    return True if lexicon.spans(a.text, b.text) else None


def function_word(layout: Layout, i: int, first: int) -> Verdict:
    """11. A ends with a function word no sentence or heading ends with: join."""
    a, b = layout.lines[i], layout.lines[i + 1]
    return True if a.text[-1] in _FUNCTION_END and b.gap == 0 else None


def soft_end(layout: Layout, i: int, first: int) -> Verdict:
    """12. A ends with a comma, enumeration comma, semicolon, dash or opening bracket:
    join when A is full."""
    if layout.lines[i].text[-1] not in _SOFT_END:
        return None
    return full(layout, i, first)


def full_line(layout: Layout, i: int, first: int) -> Verdict:
    """13. Otherwise join a full line; across blank lines only when both sides look like
    one column. A short line (a heading, a paragraph's end) breaks."""
    if not full(layout, i, first):
        return False
    return layout.lines[i + 1].gap == 0 or continues(layout, i, first)


STEPS: tuple[tuple[str, Check], ...] = (
    ("structure", structure),
    ("break-hyphen", break_hyphen),
    ("far", far),
    ("line-start-mark", line_start_mark),
    ("colon", colon),
    ("unwrapped", unwrapped),
    ("new-block", new_block),
    ("sentence-end", sentence_end),
    ("run-on", run_on),
    ("word-split", word_split),
    ("function-word", function_word),
    ("soft-end", soft_end),
    ("full-line", full_line),
)
# The number docs/line-wrap.md gives each step: `cleaner explain` shows `9 run-on`.
NUMBER = {name: k for k, (name, _) in enumerate(STEPS, 1)}


def decide(
    steps: tuple[tuple[str, Check], ...], layout: Layout, i: int, first: int
) -> tuple[str, bool]:
    """The first step with an opinion on the boundary after line i: (its name, join?).
    The last step always has one; a list without it breaks where no step decides."""
    for name, check in steps:
        verdict = check(layout, i, first)
        if verdict is not None:
            return name, verdict
    return steps[-1][0], False
