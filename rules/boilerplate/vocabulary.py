"""The chrome vocabulary: `rules/data/chrome.txt` loaded once, and its line patterns found.

The file has sections of whole-line patterns (`[anywhere]`, `[edge]`, `[list-header]`,
`[interstitial]`) and one of plain interface words (`[ui-words]`); B001 and B002 read
them here, and the patterns of a section are found in a few C-level scans. The interface
words go to the native core once, for B001's per-line tests (`chrome_words`).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from cleaner_rules.text.linescan import LineScanner

from cleaner import _native

MAX_CHROME_CHARS = 60


@cache
def _chrome_sections() -> dict[str, list[str]]:
    """The sections of `rules/data/chrome.txt` as lists of lines."""
    sections: dict[str, list[str]] = {}
    current = None
    text = (resources.files("cleaner_rules") / "data" / "chrome.txt").read_text("utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in ("[anywhere]", "[edge]", "[list-header]", "[interstitial]", "[ui-words]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"chrome.txt: pattern before any [section]: {line}")
        if current != "ui-words":
            re.compile(line)
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
    return chrome_words().lines(text.encode("utf-32-le", "surrogatepass"))


# Nouns that name a site's sections: inside a short label they mark a navigation link.
_NAV_NOUNS = (
    "频道", "论坛", "社区", "博客", "邮箱", "相册", "排行", "专题", "公告", "存档",
    "分类", "主页", "黄页", "专栏", "栏目", "版块", "首页", "聚合", "统计", "简介",
)  # fmt: skip


@cache
def _scanners() -> dict[str, LineScanner]:
    """The same sections as whole-line patterns, each found in a few C-level scans."""
    return {
        name: LineScanner(pats, MAX_CHROME_CHARS)
        for name, pats in _chrome_sections().items()
        if name != "ui-words"
    }


def matches(kind: str, line: str) -> bool:
    """Is the (stripped) line chrome of section `kind`?"""
    line = line.strip()
    return 0 < len(line) <= MAX_CHROME_CHARS and _scanners()[kind].fullmatch(line)


def matching_lines(kind: str, text: str, offset: int = 0) -> set[int]:
    """Indices of the lines of `text` that are chrome of `kind`, found in one C-level scan.

    `offset` is added to every index, for a text that is a slice of a longer one.
    """
    found: set[int] = set()
    if not text:  # an empty top or bottom zone
        return found
    line, pos = offset, 0
    for m in _scanners()[kind].finditer(text):
        line += text.count("\n", pos, m.start())  # matches come in order: count incrementally
        pos = m.start()
        if "\n" in m.group():  # a pattern's `\s` ran on across lines: judge each line alone
            found.update(line + k for k, part in enumerate(m.group().split("\n"))
                         if matches(kind, part))
        elif 0 < len(m.group().strip()) <= MAX_CHROME_CHARS:
            found.add(line)
    return found

