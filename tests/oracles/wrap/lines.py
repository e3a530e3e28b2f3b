"""The lines of a document as line-wrap repair measures them (docs/line-wrap.md,
"Measurements"): width in display columns, characters whose width varies, sentence end,
letter spacing, the blank lines before each, and the column each line sits in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner_rules.text.chars import CJK, HAN, display_width, ends_sentence

from .markdown import markdown_lines, may_be_markdown

_LETTER_SPACED = re.compile(f"[{CJK}] (?=[{CJK}])")
# A space inside a Latin run is a character the line needs; spaces beside CJK are not.
_LATIN_SPACE = re.compile(r"(?<=[!-~]) (?=[!-~])")
# One space between a CJK character and a Latin letter or digit: the glue a typesetter puts
# there and stretches in a justified line. Its width is unknown, so it adds tolerance.
_GLUE_SPACE = re.compile(f"(?<=[{CJK}]) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?=[{CJK}])")
# U002 keeps a soft hyphen that ends a line after a Latin letter (extractors write the
# hyphen of a word broken at the line end as U+00AD or U+FFFE): it is a break hyphen.
SOFT_HYPHEN = "\u00ad"
WORD_CHAR = re.compile(f"[{HAN}A-Za-z0-9]")
# Marks that Chinese typesetting never puts at the start of a line (kinsoku, W3C clreq
# "prohibition rules for line start"): a line that opens with one continues the line above.
NO_LINE_START = "，。、；：？！）》」』”’〕】〉"


@dataclass(slots=True)
class Line:
    text: str  # stripped, without a break soft hyphen
    gap: int  # blank lines before this one
    indent: bool
    row: int = 0  # the input line (0-based) this line ends on: pieces joined end on the last
    block: bool = False  # Markdown structure
    soft: bool = False  # ended with a break soft hyphen
    open: bool = False  # stops mid-word: ends in a Han character, letter or digit
    spaced: bool = False  # letter-spaced, hence justified to the column
    size: int = 0  # width in the measure that fits the document (display columns)
    narrow: int = 0  # characters one column wide: their real width varies most
    end: bool = False  # ends a sentence
    spacing: bool = False  # a blank line before this one was the extractor's line spacing


def excerpt(a: str, b: str, k: int = 6) -> str:
    """The text on both sides of a line boundary, as `cleaner explain` shows it."""
    head = a if len(a) <= k else "…" + a[-k:]
    tail = b if len(b) <= k else b[:k] + "…"
    return f"{head} | {tail}"


def read_lines(text: str) -> list[Line]:
    """The non-empty lines, stripped, each with the blank lines before it."""
    raw_lines = text.split("\n")
    marks = markdown_lines(raw_lines) if may_be_markdown(text) else None
    out: list[Line] = []
    gap = 0
    for k, raw in enumerate(raw_lines):
        core = raw.strip()
        word = core.rstrip(SOFT_HYPHEN) if core[-1:] == SOFT_HYPHEN else core
        if not word:  # blank, or nothing but invisible soft hyphens
            gap += 1
            continue
        line = Line(core, gap, raw[:1].isspace(), k)
        if marks and marks[k]:  # kept as written: indented code keeps its indent
            line.block = True
            line.text = raw.rstrip()
        if len(word) < len(core):
            line.text, line.soft = word, True
        last = line.text[-1]  # the common Han block first: a comparison, not a regex
        line.open = "\u4e00" <= last <= "\u9fff" or WORD_CHAR.match(last) is not None
        out.append(line)
        gap = 0
    return out


def need(n: int) -> int:
    """Boundaries of evidence a document of n lines needs to count as hard-wrapped."""
    return 1 if n <= 3 else max(2, -(-(n - 1) // 6))


def may_be_wrapped(lines: list[Line]) -> bool:
    """Enough lines stop mid-word for the hard-wrapping test to find its evidence? (A cheap
    bound: evidence is only ever found after such a line.)"""
    left = need(len(lines))
    for i in range(len(lines) - 1):
        if lines[i].open and not lines[i].block and not lines[i + 1].block:
            left -= 1
            if not left:
                return True
    return False


def measure(lines: list[Line]) -> list[int]:
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


def single_space(lines: list[Line]) -> None:
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


def columns(lines: list[Line], max_gap: int, sizes: list[int] | None = None) -> list[int]:
    """The widest line of each line's neighbourhood: up to two lines either side, not
    across a sentence end (a paragraph may change width after it), a long gap or
    Markdown structure."""
    sizes = sizes or [line.size for line in lines]
    n = len(lines)
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


def choose_measure(lines: list[Line], tolerance: int, max_gap: int) -> None:
    """Measure the lines in display width or in characters, whichever fits the document.

    Real extractors' lines vary with proportional letters and digits; a text wrapped by a
    program counts characters. Take the measure under which more lines that stop
    mid-sentence reach their column (they differ only where Latin letters and digits are a
    good share of the text).
    """
    chars = measure(lines)
    widths = [line.size for line in lines]
    narrow = sum(line.narrow for line in lines)
    if narrow * 10 >= sum(widths) and _fit(lines, chars, False, tolerance, max_gap) > _fit(
        lines, widths, True, tolerance, max_gap
    ):
        for line, size in zip(lines, chars, strict=True):
            line.size, line.narrow = size, 0


def _fit(lines: list[Line], sizes: list[int], narrow: bool, tolerance: int, max_gap: int) -> int:
    """Lines that stop mid-word and reach their column under this measure (with the
    tolerance for narrow characters when they are measured as narrow)."""
    cols = columns(lines, max_gap, sizes)
    return sum(
        1 for i in range(len(lines) - 1)
        if lines[i].open
        and sizes[i] >= cols[i] - tolerance - (lines[i].narrow // 2 if narrow else 0)
    )
