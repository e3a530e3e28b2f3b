"""What the punctuation rules share: is a character Chinese, who is its neighbour, and how
a conversion spreads to the marks beside it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from cleaner_rules.text.chars import CJK_PUNCT, HAN

_CJK_CHAR = re.compile(f"[{HAN}{CJK_PUNCT}]")


def is_cjk(ch: str) -> bool:
    """A Han character or a CJK punctuation mark (False for "", no character)."""
    return bool(ch) and _CJK_CHAR.match(ch) is not None


def neighbour_at(text: str, i: int, step: int) -> int:
    """Index of the first non-space character from `i` towards `step` on its line, or -1."""
    while 0 <= i < len(text) and text[i] == " ":
        i += step
    return i if 0 <= i < len(text) and text[i] != "\n" else -1


KEEP, CONVERT = "keep", "convert"  # what a step of P004 or P005 decides


def first_opinion(steps: Iterable[tuple[str, Callable[..., str | None]]], *args: object
                  ) -> tuple[str, str | None]:
    """(name, verdict) of the first step with an opinion on `args`, ("", None) if none has."""
    for name, step in steps:
        verdict = step(*args)
        if verdict is not None:
            return name, verdict
    return "", None


def spread(hit: Iterable[int], links: dict[int, list[int]]) -> set[int]:
    """`hit` and everything linked to it: a converted mark is Chinese context for the mark
    beside it, so one pass converts what a second pass would (the rules stay idempotent)."""
    done = set(hit)
    todo = list(done)
    while todo:
        for k in links.get(todo.pop(), ()):
            if k not in done:
                done.add(k)
                todo.append(k)
    return done

