"""A page's zones: where its article starts and ends.

Chrome clusters before the first and after the last body line (a sentence with enough Han
characters that no chrome pattern takes); most chrome tests apply only in those zones, so a
sentence that merely mentions 登录 survives.
"""

from __future__ import annotations

import re

from cleaner_rules.boilerplate.bars import is_ui_bar
from cleaner_rules.boilerplate.vocabulary import MAX_CHROME_CHARS, matches
from cleaner_rules.text.chars import CLOSERS, HAN, SENTENCE_END, ends_sentence


def _is_chrome(line: str) -> bool:
    """Does a chrome pattern or the button-bar test take the line (then it is no body)?"""
    core = line.strip()
    # Both tests strip the line and take none longer than MAX_CHROME_CHARS (bars: fewer).
    if not 0 < len(core) <= MAX_CHROME_CHARS:
        return False
    kinds = ("anywhere", "edge", "list-header")
    return any(matches(kind, core) for kind in kinds) or is_ui_bar(core)


# Twelve Han characters, anything between: `at_least(HAN_RE, line, 12)` in one match.
_TWELVE_HAN = re.compile(f"(?:[^{HAN}]*[{HAN}]){{12}}", re.S)


def _is_body(line: str) -> bool:
    """A line that is clearly article text: a sentence with enough Han characters."""
    return (
        len(line) >= 12
        and ends_sentence(line)
        and _TWELVE_HAN.match(line) is not None
        and not _is_chrome(line)
    )


# The end of a line that ends a sentence (`ends_sentence`): the mark, closing quotes or
# brackets and spaces, then any blanks. A scan for it skips from mark to mark.
_SENTENCE_LINE_END = re.compile(
    rf"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS)} ]*[^\S\n]*(?=\n|\Z)"
)


def body_span(text: str, lines: list[str]) -> tuple[int, int]:
    """The first and the last body line of `text` (split into `lines`), or
    `(len(lines), -1)`.

    A body line ends a sentence, and every line that does holds a match of
    `_SENTENCE_LINE_END` (its mark, then the closers and blanks `ends_sentence` strips):
    so a lazy scan for those matches visits every candidate for the first body line and
    stops there. The last one is looked for line by line back from the end, down to the
    first: `_is_body` is the whole test, the scan only skipped lines it rejects anyway.
    """
    line, pos, seen = 0, 0, -1
    for m in _SENTENCE_LINE_END.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if line != seen:  # each line is judged once, however many ends it holds
            seen = line
            if _is_body(lines[line]):
                return line, _last_body(lines, line)
    return len(lines), -1


def _last_body(lines: list[str], first: int) -> int:
    """The last body line, looking back from the end to body line `first`."""
    for i in range(len(lines) - 1, first, -1):
        if _is_body(lines[i]):
            return i
    return first
