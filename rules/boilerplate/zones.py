"""A page's zones: where its article starts and ends.

Chrome clusters before the first and after the last body line (a sentence with enough Han
characters that no chrome pattern takes); most chrome tests apply only in those zones, so a
sentence that merely mentions 登录 survives.
"""

from __future__ import annotations

import re

from cleaner_rules.boilerplate.bars import is_ui_bar
from cleaner_rules.boilerplate.vocabulary import matches
from cleaner_rules.text.chars import CLOSERS, HAN_RE, SENTENCE_END, at_least, ends_sentence


def _is_chrome(line: str) -> bool:
    """Does a chrome pattern or the button-bar test take the line (then it is no body)?"""
    kinds = ("anywhere", "edge", "list-header")
    return any(matches(kind, line) for kind in kinds) or is_ui_bar(line)


def _is_body(line: str) -> bool:
    """A line that is clearly article text: a sentence with enough Han characters."""
    return (
        len(line) >= 12
        and ends_sentence(line)
        and at_least(HAN_RE, line, 12)
        and not _is_chrome(line)
    )


# The end of a line that ends a sentence (`ends_sentence`): the mark, closing quotes or
# brackets and spaces, then any blanks. A scan for it skips from mark to mark.
_SENTENCE_LINE_END = re.compile(
    rf"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS)} ]*[^\S\n]*(?=\n|\Z)"
)


def body_span(text: str, lines: list[str]) -> tuple[int, int]:
    """The first and the last body line of `text` (split into `lines`), or
    `(len(lines), -1)`. A body line ends a sentence: one scan for sentence ends finds the
    only lines worth a look."""
    ends = [m.start() for m in _SENTENCE_LINE_END.finditer(text)]
    line, pos, seen = 0, 0, -1
    for k, end in enumerate(ends):
        line += text.count("\n", pos, end)
        pos = end
        if line != seen:  # each line is judged once, however many ends it holds
            seen = line
            if _is_body(lines[line]):
                return line, _last_body(text, lines, ends[k:], line)
    return len(lines), -1


def _last_body(text: str, lines: list[str], ends: list[int], first: int) -> int:
    """The last body line among the sentence ends `ends`, the first of which is on body
    line `first`: looking back from the end, counting line breaks as it goes."""
    line, pos = first + text.count("\n", ends[0], ends[-1]), ends[-1]
    seen = -1
    for end in reversed(ends):
        line -= text.count("\n", end, pos)
        pos = end
        if line != seen:  # each line is judged once, however many ends it holds
            seen = line
            if _is_body(lines[line]):
                return line
    return first  # not reached: line `first` is a body line

