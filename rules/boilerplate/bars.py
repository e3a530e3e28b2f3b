"""Button bars: short lines made of interface labels and counters (`分享 | 收藏 | 举报`).

B001 finds them anywhere between the first and last body line, and by share of interface
tokens in the top and bottom zones. The tests run in the native core (native/src/chrome.rs):
B001 asks them of a whole page at once (`ChromeLines.shapes`), `is_ui_bar` of one line.
"""

from __future__ import annotations

from cleaner_rules.boilerplate.vocabulary import chrome_words


def is_ui_bar(line: str, share: float = 1.0) -> bool:
    """A short line made of interface labels: at least `share` of its tokens are UI tokens.

    A token is an interface token when it is a UI word, a counter (`123`, `5条`), or a UI
    word with its counter (`评论5`, `阅读123次`). With the default share of 1 every token
    must be one and two distinct UI words must occur (`分享 收藏 举报`), or four distinct UI
    words make most of a longer bar: such a line is chrome wherever it stands. A lower
    share is for the top and bottom zones. A line with a clause, a sentence or a quotation
    is never a bar.
    """
    return chrome_words().is_ui_bar(line.encode("utf-32-le", "surrogatepass"), share)
