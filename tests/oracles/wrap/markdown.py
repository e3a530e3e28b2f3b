"""Markdown structure: the lines line-wrap repair keeps as written and never joins.

A document counts as Markdown only when it shows a heading, table, block quote, fence or
front matter; there, list items, rules and indented code are structure too (in plain text
a line starting `1.` or `-` may well be a wrapped sentence's continuation).
"""

from __future__ import annotations

import re

_MD_HINT = re.compile(r"^(?: {0,3}(?:```|~~~|#{1,6}(?: |$)|>)|[ \t]*\|)|\A---[ \t]*\n", re.M)
_MD_MARKS = "`~#>|"  # every hint but front matter has one: scanning for them is far cheaper
_FENCE = re.compile(r" {0,3}(```|~~~)")
_MD_BLOCK = re.compile(r" {0,3}(?:#{1,6}(?: |$)|>)|[ \t]*\|.*\|[ \t]*$")
_MD_LIST = re.compile(r" {0,3}(?:[-*+]|\d{1,3}[.)])(?: |$)|(?: {0,3}([-*_=])(?: *\1){2,} *$)")


def may_be_markdown(text: str) -> bool:
    """Does the text show a Markdown hint (a heading, table, quote, fence, front matter)?"""
    return (
        any(mark in text for mark in _MD_MARKS) or text.startswith("---")
    ) and _MD_HINT.search(text) is not None


def markdown_lines(lines: list[str]) -> list[bool] | None:
    """Which lines are Markdown structure; None when the text shows no Markdown.

    Headings, tables, block quotes, fenced code and front matter mark a document as
    Markdown; there, list items, rules and indented code are structure too.
    """
    marks = [False] * len(lines)
    start = _front_matter(lines, marks)
    found = start > 0
    fence = ""
    for j in range(start, len(lines)):
        line = lines[j]
        if fence:
            marks[j] = True
            if line.lstrip().startswith(fence):
                fence = ""
        elif m := _FENCE.match(line):
            fence = m.group(1)
            marks[j] = found = True
        elif _MD_BLOCK.match(line):
            marks[j] = found = True
    if not found:
        return None
    _mark_lists_and_code(lines, marks)
    return marks


def _front_matter(lines: list[str], marks: list[bool]) -> int:
    """Mark front matter (`---`, then `---` or `...` within 200 lines); return the first
    line after it, 0 when there is none (a lone `---` is no fence and no block anyway)."""
    if not lines or lines[0].strip() != "---":
        return 0
    closing = (j for j in range(1, min(len(lines), 200)) if lines[j].strip() in ("---", "..."))
    end = next(closing, 0)
    if not end:
        return 0
    marks[:end + 1] = [True] * (end + 1)
    return end + 1


def _mark_lists_and_code(lines: list[str], marks: list[bool]) -> None:
    """In a Markdown document, list items, rules and indented code (after a blank line or
    more structure) are structure too."""
    blank = True
    for j, line in enumerate(lines):
        if not marks[j] and (
            _MD_LIST.match(line)
            or (line[:4] == "    " or line[:1] == "\t") and (blank or marks[j - 1])
        ):
            marks[j] = True
        blank = not line.strip()
