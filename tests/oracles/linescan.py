"""The whole-line patterns of rules/data/chrome.txt as Python's `re` ran them before the
native core (rules/boilerplate/vocabulary.py's `matches` and `matching_lines`, which
LineScanner sped up with the same results): the oracle of native/src/patterns.rs."""

from __future__ import annotations

import re
from functools import cache

from cleaner_rules.boilerplate.vocabulary import MAX_CHROME_CHARS, _chrome_sections


def whole_line(alternatives: list[str], max_chars: int = MAX_CHROME_CHARS) -> re.Pattern[str]:
    """A line of at most `max_chars` characters (after leading spaces) that one of the
    alternatives matches whole, spaces and tabs around it allowed."""
    body = "|".join(f"(?:{p})" for p in alternatives)
    return re.compile(rf"^[ \t]*(?=[^\n]{{1,{max_chars}}}$)(?:{body})[ \t]*$", re.M)


@cache
def pattern(kind: str) -> re.Pattern[str]:
    return whole_line(_chrome_sections()[kind])


def fullmatch(compiled: re.Pattern[str], line: str, max_chars: int = MAX_CHROME_CHARS) -> bool:
    core = line.strip()
    return 0 < len(core) <= max_chars and compiled.match(core) is not None


def lines(compiled: re.Pattern[str], text: str, offset: int = 0,
          max_chars: int = MAX_CHROME_CHARS) -> set[int]:
    found: set[int] = set()
    line, pos = offset, 0
    for m in compiled.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if "\n" in m.group():  # a pattern's `\s` ran on across lines: judge each line alone
            found.update(line + k for k, part in enumerate(m.group().split("\n"))
                         if fullmatch(compiled, part, max_chars))
        elif 0 < len(m.group().strip()) <= max_chars:
            found.add(line)
    return found


def matches(kind: str, line: str) -> bool:
    return fullmatch(pattern(kind), line)


def matching_lines(kind: str, text: str, offset: int = 0) -> set[int]:
    return lines(pattern(kind), text, offset)
