"""What a document's lines say about its layout (docs/line-wrap.md, "Measurements"): the
column of each line, first-line indents, whether the text is hard-wrapped at all, and
whether a given line is full, i.e. whether layout rather than the author ended it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cleaner_rules.text.chars import CJK_PUNCT, OPENERS

from cleaner.rule import Decision

from . import lexicon
from .lines import (
    NO_LINE_START,
    WORD_CHAR,
    Line,
    choose_measure,
    columns,
    may_be_wrapped,
    need,
    read_lines,
    single_space,
)
from .visual import visual_lines

_PUNCT = re.compile(f"[{CJK_PUNCT},;:.!?]")
# A number or Latin word a typesetter will not break at a line end.
_UNBREAKABLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%]*")


@dataclass(slots=True)
class Layout:
    """The lines of one document and what they say about its layout."""

    lines: list[Line]
    col: list[int]  # the column each line sits in: widest line near it (unwrapped: empty)
    uses_indent: bool  # paragraphs start with indented lines
    indent: int  # columns a paragraph's first line falls short by (pdftotext drops indents)
    wrapped: bool  # hard-wrapped: lines end where the column ends, not where the author did
    tolerance: int = 4  # the rule's options, which the steps measure with
    max_gap: int = 2
    pieces: list[Decision] = field(default_factory=list)  # visual lines put back together


def build_layout(
    text: str, tolerance: int, max_gap: int, precheck: bool = True, pieces: bool = False,
) -> Layout:
    """The layout of `text`. `precheck` skips measuring a document whose lines cannot show
    hard wrapping (the steps that run there need no widths); `pieces` records the pieces of
    visual lines joined, for `decisions`."""
    lines = read_lines(text)
    if precheck and not may_be_wrapped(lines):
        # Most documents (one paragraph per line) end here: the steps up to `unwrapped`,
        # the only ones that run without hard wrapping, need no widths or columns.
        return Layout(lines, [], False, 0, False, tolerance, max_gap)
    joined: list[Decision] | None = [] if pieces else None
    choose_measure(lines, tolerance, max_gap)
    single_space(lines)
    lines = visual_lines(lines, tolerance, max_gap, joined=joined)
    # Indentation only marks paragraphs when some lines have it and others do not.
    indented = sum(line.indent for line in lines if not line.block)
    if indented * 2 > len(lines):
        for line in lines:
            line.indent = False
    n = len(lines)
    uses_indent = indented >= 2 and indented * 20 >= n and indented * 2 <= n
    layout = Layout(lines, columns(lines, max_gap), uses_indent, 4, True, tolerance, max_gap)
    layout.indent = first_line_indent(layout)
    layout.wrapped = hard_wrapped(layout)
    if layout.wrapped and any(line.text[0] in OPENERS for line in lines):
        merged = visual_lines(lines, tolerance, max_gap, layout.indent, joined)
        if len(merged) < len(lines):
            layout.lines, layout.col = merged, columns(merged, max_gap)
            layout.indent = first_line_indent(layout)
    layout.pieces = joined or []
    return layout


def first_line_indent(layout: Layout) -> int:
    """Columns a paragraph's first line may be short: 4 when first lines show an indent."""
    lines, col = layout.lines, layout.col
    short = seen = 0
    for i in range(len(lines) - 1):
        if (i == 0 or lines[i - 1].end) and not lines[i].end:
            if lines[i + 1].gap == 0 and not lines[i].block:
                seen += 1
                short += 3 <= col[i] - lines[i].size <= 6 + lines[i].narrow // 2
    return 4 if not seen or short * 2 >= seen else 0


def hard_wrapped(layout: Layout) -> bool:
    """Does the text show hard wrapping: lines stopping mid-word at a shared width, with
    the sentence running on (punctuation nearby, or a word cut by the break)?"""
    lines = layout.lines
    left = need(len(lines))
    for i in range(len(lines) - 1):
        if _evidence(layout, i):
            left -= 1
            if not left:
                return True
    return False


def _evidence(layout: Layout, i: int) -> bool:
    """Is the boundary after line i evidence of hard wrapping?"""
    lines = layout.lines
    n = len(lines)
    a, b = lines[i], lines[i + 1]
    if a.block or b.block or not a.open:
        return False
    if a.spaced or a.soft:
        return True
    tol = layout.tolerance + a.narrow // 2
    if a.size < layout.col[i] - tol:
        return False
    if n > 2 and not any(
        abs(lines[j].size - a.size) <= tol
        for j in range(max(0, i - 3), min(n, i + 4)) if j != i and not lines[j].block
    ):
        return False
    return bool(_PUNCT.search(a.text) or _PUNCT.search(b.text) or lexicon.spans(a.text, b.text))


def pushed_down(line: str) -> bool:
    """Does the line open with a character and a mark no line may start with (`线，`)?
    Then the typesetter pushed that character down with the mark (line-start rules), and
    the line above it is short by one character although the text ran on."""
    return len(line) >= 2 and line[1] in NO_LINE_START and WORD_CHAR.match(line) is not None


def full(layout: Layout, i: int, first: int, strict: bool = False) -> bool:
    """Is line i as wide as its column, i.e. did layout rather than the author end it?

    Widths are only approximate (proportional Latin letters and digits, spaces in
    justified lines), so a line that does not end a sentence may fall short by an eighth;
    `strict` (a line ending a sentence) allows 1 column.
    """
    a = layout.lines[i]
    if a.spaced:
        return True
    col = layout.col[i]
    tol = (1 + a.narrow // 3 if strict else max(layout.tolerance, col // 8) + a.narrow // 2)
    if i == first:
        tol += layout.indent
    if i + 1 < len(layout.lines):
        b = layout.lines[i + 1].text
        if not strict and pushed_down(b):
            tol += 2
        run = _UNBREAKABLE.match(b)
        if run:  # a number or Latin word too wide for the rest of A moved down whole
            tol += min(len(run.group()), col // 3)
    return a.size >= col - tol


def continues(layout: Layout, i: int, first: int) -> bool:
    """Across blank lines: does the text on both sides look like one column?"""
    lines = layout.lines
    a = lines[i]
    if a.spaced:
        return True
    tol = max(layout.tolerance, a.size // 20) + a.narrow // 2
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
