"""A page's zones: where its article starts and ends.

Chrome clusters before the first and after the last body line (a sentence with enough Han
characters that no chrome pattern takes); most chrome tests apply only in those zones, so a
sentence that merely mentions 登录 survives.
"""

from __future__ import annotations

from cleaner_rules.boilerplate.vocabulary import chrome_lines, sections

from cleaner import _native


def body_span(text: str, scan: _native.ChromeLines | None = None) -> tuple[int, int]:
    """The first and the last body line of `text`, or `(number of lines, -1)`; `scan` is
    `chrome_lines(text)` when the caller has it already.

    A body line is a sentence of 12 characters and 12 Han characters or more that no
    chrome test takes (an `[anywhere]`, `[edge]` or `[list-header]` pattern, or the
    button-bar test): the first is looked for from the start, the last back from the end
    down to it. The native pass asks it all (`ChromeLines.body_span`).
    """
    kinds = [sections()[kind] for kind in ("anywhere", "edge", "list-header")]
    return (chrome_lines(text) if scan is None else scan).body_span(kinds)
