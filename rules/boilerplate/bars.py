"""Button bars: short lines made of interface labels and counters (`分享 | 收藏 | 举报`).

B001 finds them anywhere between the first and last body line with one C-level scan
(`bar_line`), and by share of interface tokens in the top and bottom zones.
"""

from __future__ import annotations

import re
from functools import cache

from cleaner_rules.boilerplate.vocabulary import ui_words

MAX_UI_CHARS = 40
# Separators between the labels of a button bar or a menu.
_UI_SEP_CHARS = (
    r"\s|｜/／·•・\[\]【】()（）<>〈〉《》:：,，、;；?？!！»›«‹←→↑↓\-–—_*★☆■□●○◆◇▶►▼▲~～"
)
_UI_SEP = re.compile(f"[{_UI_SEP_CHARS}]+")  # the same characters as _SEP_CHARS below
_COUNT = re.compile(r"[\d,.万千kKwW+]+[次条人楼]?")
_COUNT_IN = re.compile(r"[\d,.]+[次条人楼]?")
_QUOTE = re.compile(r"[“”\"「」]")


def ui_tokens(line: str) -> tuple[int, int, int]:
    """(tokens, interface tokens, distinct interface words) of a short line.

    A token is an interface token when it is a UI word, a counter (`123`, `5条`), or a UI
    word with its counter (`评论5`, `阅读123次`).
    """
    words = ui_words()
    tokens = [t for t in _UI_SEP.split(line) if t]
    ui, seen = 0, set()
    for token in tokens:
        if token in words:
            ui += 1
            seen.add(token)
        elif _COUNT.fullmatch(token):
            ui += 1
        else:
            bare = _COUNT_IN.sub("", token)
            if bare != token and bare in words:
                ui += 1
                seen.add(bare)
    return len(tokens), ui, len(seen)


@cache
def _ui_word_end() -> re.Pattern[str]:
    """A UI word that ends a token: it is followed by a separator or the end of the line."""
    words = "|".join(sorted(map(re.escape, ui_words()), key=len, reverse=True))
    return re.compile(rf"(?:{words})(?![^{_UI_SEP_CHARS}])")


# A counter inside a token, as `_COUNT_IN` takes it out (a comma is a separator).
_COUNT_RUN = re.compile(r"[\d.]+[次条人楼]?")


def _has_ui_token(core: str) -> bool:
    """Could a token of the line be a UI word, alone or with counters (`评论12`)? One or two
    C-level searches spare splitting a line of prose into tokens. Counters never span a
    separator, so taking them out of the whole line takes them out of every token."""
    if _ui_word_end().search(core):
        return True
    bare = _COUNT_RUN.sub("", core)
    return bare != core and _ui_word_end().search(bare) is not None


def is_ui_bar(line: str, share: float = 1.0) -> bool:
    """A short line made of interface labels: at least `share` of its tokens are UI tokens.

    With the default share of 1 every token must be one and two distinct UI words must
    occur (`分享 收藏 举报`), or four distinct UI words make most of a longer bar: such a
    line is chrome wherever it stands. A lower share is for
    the top and bottom zones. A line with a clause, a sentence or a quotation is never a
    bar.
    """
    core = line.strip()
    if not core or len(core) > MAX_UI_CHARS or "。" in core or "，" in core:
        return False
    if not _has_ui_token(core):  # every bar has a UI word
        return False
    if _UI_SEP.search(core) is None:  # one token: no need to split
        if share >= 1.0:
            return False
        return core in ui_words() or _COUNT_IN.sub("", core) in ui_words()
    n, ui, distinct = ui_tokens(core)
    if share >= 1.0:
        # All labels, or a long bar of four different buttons among a few other labels.
        full = n >= 2 and ui == n and distinct >= 2
        return (full or (distinct >= 4 and ui >= 0.6 * n)) and not _QUOTE.search(core)
    return distinct >= 1 and ui >= share * n


_SEP_CHARS = (
    r" \t\u3000|｜/／·•・\[\]【】()（）<>〈〉《》:：,，、;；?？!！»›«‹←→↑↓"
    r"\-–—_*★☆■□●○◆◇▶►▼▲~～"
)


@cache
def bar_line() -> re.Pattern[str]:
    """After a line break, a whole line of UI labels and counters between separators, for
    one C-level scan that jumps from line break to line break; a first-character test
    rejects most lines before the words are tried. No separator matches a newline, so a
    match never runs on into the next line."""
    words = "|".join(sorted(map(re.escape, ui_words()), key=len, reverse=True))
    counter = r"\d,.万千kKwW+"
    starts = "".join(sorted({re.escape(w[0]) for w in ui_words()})) + counter
    token = rf"(?:(?:{words})[\d,.]*[次条人]?|[{counter}]+[次条人楼]?)"
    # Two tokens or more, each followed by separators or the end of the line.
    return re.compile(
        rf"\n(?=[{_SEP_CHARS}]*[{starts}])(?=[^\n]{{3,{MAX_UI_CHARS}}}$)"
        rf"[{_SEP_CHARS}]*(?:(?=[{starts}]){token}(?:[{_SEP_CHARS}]+|$)){{2,}}$",
        re.M,
    )

