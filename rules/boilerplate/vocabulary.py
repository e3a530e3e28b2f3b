"""The chrome vocabulary: `rules/data/chrome.txt` loaded once, and its line patterns found.

The file has sections of whole-line patterns (`[anywhere]`, `[edge]`, `[list-header]`,
`[interstitial]`) and one of plain interface words (`[ui-words]`); B001 and B002 read
them here. A section's patterns run in the native core (native/src/patterns.rs),
translated to the `regex` crate's syntax; a pattern without an exact translation is
refused when the file is loaded. The interface words go to the native core once, for
B001's per-line tests (`chrome_words`).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from cleaner_rules.text.linescan import contained_literals, split_alternatives
from cleaner_rules.text.regex_syntax import to_rust

from cleaner import _native
from cleaner.codepoints import utf32

MAX_CHROME_CHARS = 60


@cache
def _chrome_sections() -> dict[str, list[str]]:
    """The sections of `rules/data/chrome.txt` as lists of lines, each pattern checked."""
    sections: dict[str, list[str]] = {}
    current = None
    text = (resources.files("cleaner_rules") / "data" / "chrome.txt").read_text("utf-8")
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in ("[anywhere]", "[edge]", "[list-header]", "[interstitial]", "[ui-words]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"chrome.txt line {number}: pattern before any [section]: {line}")
        if current != "ui-words":
            _check(line, number)
        sections[current].append(line)
    return sections


@cache
def ui_words() -> frozenset[str]:
    """Interface labels from the `[ui-words]` section of chrome.txt."""
    return frozenset(_chrome_sections().get("ui-words", ()))


@cache
def nav_words() -> frozenset[str]:
    """The UI words of two characters or more and the navigation nouns: inside a label,
    any of them marks a navigation link."""
    return frozenset({w for w in ui_words() if len(w) >= 2} | set(_NAV_NOUNS))


@cache
def chrome_words() -> _native.ChromeWords:
    """The interface words as B001's native tests look them up (native/src/chrome.rs)."""
    return _native.ChromeWords(sorted(ui_words()), sorted(nav_words()))


def chrome_lines(text: str) -> _native.ChromeLines:
    """`text` split into lines for B001's native tests."""
    return chrome_words().lines(utf32(text))


# Nouns that name a site's sections: inside a short label they mark a navigation link.
_NAV_NOUNS = (
    "频道", "论坛", "社区", "博客", "邮箱", "相册", "排行", "专题", "公告", "存档",
    "分类", "主页", "黄页", "专栏", "栏目", "版块", "首页", "聚合", "统计", "简介",
)  # fmt: skip


_rust = cache(to_rust)


def _check(pattern: str, number: int) -> None:
    """A pattern must parse and have a translation for the native core."""
    try:
        rust = _rust(pattern)
    except re.error as e:
        raise ValueError(f"chrome.txt line {number}: {e}: {pattern}") from None
    if rust is None:
        raise ValueError(
            f"chrome.txt line {number}: the native matcher cannot run this pattern (no "
            f"look-arounds, back-references, anchors, flags, \\w or U+FFFD): {pattern}"
        )


def section(alternatives: list[str], max_chars: int = MAX_CHROME_CHARS) -> _native.LinePatterns:
    """The alternatives as one matcher of lines of up to `max_chars` characters in the
    core (native/src/patterns.rs), with the literals that rule lines out for them
    (`split_alternatives`)."""
    first, near, free = split_alternatives(alternatives)
    return _native.LinePatterns(
        _union(alternatives),
        _union(free) if free else None,
        _needs(free),
        {lit: 0 for lit in first} | near,  # a literal at the start is one within offset 0
        max_chars,
    )


def _needs(free: list[str]) -> str | None:
    """A pattern of the literals one of which every match of a free alternative holds, or
    None when some free alternative needs none (or there are none)."""
    contained = [contained_literals(alt) for alt in free]
    if not free or any(c is None for c in contained):
        return None
    rust = [_rust(re.escape(lit)) for lit in sorted(set().union(*contained))]
    return None if any(r is None for r in rust) else "|".join(f"(?:{r})" for r in rust)


def _union(alternatives: list[str]) -> str:
    return "|".join(f"(?:{_rust(alt)})" for alt in alternatives)


@cache
def sections() -> dict[str, _native.LinePatterns]:
    """Each pattern section of chrome.txt as a native matcher."""
    return {
        name: section(pats) for name, pats in _chrome_sections().items() if name != "ui-words"
    }


def matching_lines(kind: str, text: str, offset: int = 0) -> set[int]:
    """Indices of the lines of `text` that are chrome of `kind`: those a pattern matches
    whole (spaces and tabs around it allowed) within `MAX_CHROME_CHARS`, where a match
    that runs on across lines counts each of its lines that matches alone.

    `offset` is added to every index, for a text that is a slice of a longer one.
    """
    return set(sections()[kind].lines(utf32(text), offset)) if text else set()
