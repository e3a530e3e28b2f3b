"""A page's zones: where its article starts and ends.

Chrome clusters before the first and after the last body line (a sentence with enough Han
characters that no chrome pattern takes); most chrome tests apply only in those zones, so a
sentence that merely mentions 登录 survives.
"""

from __future__ import annotations

from cleaner_rules.boilerplate.bars import is_ui_bar
from cleaner_rules.boilerplate.vocabulary import MAX_CHROME_CHARS, chrome_lines, matches

from cleaner import _native


def _is_chrome(line: str) -> bool:
    """Does a chrome pattern or the button-bar test take the line (then it is no body)?"""
    core = line.strip()
    # Both tests strip the line and take none longer than MAX_CHROME_CHARS (bars: fewer).
    if not 0 < len(core) <= MAX_CHROME_CHARS:
        return False
    kinds = ("anywhere", "edge", "list-header")
    return any(matches(kind, core) for kind in kinds) or is_ui_bar(core)


def body_span(
    text: str, lines: list[str], scan: _native.ChromeLines | None = None
) -> tuple[int, int]:
    """The first and the last body line of `text` (split into `lines`), or
    `(len(lines), -1)`; `scan` is `chrome_lines(text)` when the caller has it already.

    A body line is a sentence of 12 characters and 12 Han characters or more, which the
    native pass finds (`ChromeLines.sentences`), that no chrome test takes (`_is_chrome`):
    the first is looked for from the start, the last back from the end down to it.
    """
    sentences = (chrome_lines(text) if scan is None else scan).sentences()
    for k, first in enumerate(sentences):
        if not _is_chrome(lines[first]):
            later = (i for i in reversed(sentences[k + 1:]) if not _is_chrome(lines[i]))
            return first, next(later, first)
    return len(lines), -1
