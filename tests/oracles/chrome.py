"""B001's per-line work as it was in Python before the native core (rules/boilerplate/
bars.py, zones.py and chrome.py at the port): the button-bar tests and bar scan, the body
span, the zone shapes and the eight steps over them. The oracle of
tests/test_native_chrome.py; the section patterns of rules/data/chrome.txt run on `re` as
they did (tests/oracles/linescan.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from cleaner_rules.boilerplate.lines import remove_lines
from cleaner_rules.boilerplate.steps import drops, taken
from cleaner_rules.boilerplate.vocabulary import MAX_CHROME_CHARS, nav_words, ui_words
from cleaner_rules.text.chars import CLOSERS, HAN, SENTENCE_END, ends_sentence

from oracles.linescan import matches, matching_lines

MAX_UI_CHARS = 40
MAX_LABEL_CHARS = 20
MIN_LINK_RUN = 4

# bars.py
_UI_SEP_CHARS = (
    r"\s|｜/／·•・\[\]【】()（）<>〈〉《》:：,，、;；?？!！»›«‹←→↑↓\-–—_*★☆■□●○◆◇▶►▼▲~～"
)
_UI_SEP = re.compile(f"[{_UI_SEP_CHARS}]+")
_COUNT = re.compile(r"[\d,.万千kKwW+]+[次条人楼]?")
_COUNT_IN = re.compile(r"[\d,.]+[次条人楼]?")
_QUOTE = re.compile(r"[“”\"「」]")
_COUNT_RUN = re.compile(r"[\d.]+[次条人楼]?")
_SEP_CHARS = (
    r" \t\u3000|｜/／·•・\[\]【】()（）<>〈〉《》:：,，、;；?？!！»›«‹←→↑↓"
    r"\-–—_*★☆■□●○◆◇▶►▼▲~～"
)


@cache
def nav_word() -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, nav_words()), key=len, reverse=True)))


def ui_tokens(line: str) -> tuple[int, int, int]:
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
    words = "|".join(sorted(map(re.escape, ui_words()), key=len, reverse=True))
    return re.compile(rf"(?:{words})(?![^{_UI_SEP_CHARS}])")


def _has_ui_token(core: str) -> bool:
    if _ui_word_end().search(core):
        return True
    bare = _COUNT_RUN.sub("", core)
    return bare != core and _ui_word_end().search(bare) is not None


def is_ui_bar(line: str, share: float = 1.0) -> bool:
    core = line.strip()
    if not core or len(core) > MAX_UI_CHARS or "。" in core or "，" in core:
        return False
    if not _has_ui_token(core):
        return False
    if _UI_SEP.search(core) is None:
        if share >= 1.0:
            return False
        return core in ui_words() or _COUNT_IN.sub("", core) in ui_words()
    n, ui, distinct = ui_tokens(core)
    if share >= 1.0:
        full = n >= 2 and ui == n and distinct >= 2
        return (full or (distinct >= 4 and ui >= 0.6 * n)) and not _QUOTE.search(core)
    return distinct >= 1 and ui >= share * n


@cache
def bar_line() -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, ui_words()), key=len, reverse=True))
    counter = r"\d,.万千kKwW+"
    starts = "".join(sorted({re.escape(w[0]) for w in ui_words()})) + counter
    token = rf"(?:(?:{words})[\d,.]*[次条人]?|[{counter}]+[次条人楼]?)"
    return re.compile(
        rf"\n(?=[{_SEP_CHARS}]*[{starts}])(?=[^\n]{{3,{MAX_UI_CHARS}}}$)"
        rf"[{_SEP_CHARS}]*(?:(?=[{starts}]){token}(?:[{_SEP_CHARS}]+|$)){{2,}}$",
        re.M,
    )


# zones.py
def is_chrome(line: str) -> bool:
    """Does a chrome pattern or the button-bar test take the line (then it is no body)?"""
    core = line.strip()
    if not 0 < len(core) <= MAX_CHROME_CHARS:
        return False
    kinds = ("anywhere", "edge", "list-header")
    return any(matches(kind, core) for kind in kinds) or is_ui_bar(core)


_TWELVE_HAN = re.compile(f"(?:[^{HAN}]*[{HAN}]){{12}}", re.S)


def _is_body(line: str) -> bool:
    return (
        len(line) >= 12
        and ends_sentence(line)
        and _TWELVE_HAN.match(line) is not None
        and not is_chrome(line)
    )


SENTENCE_LINE_END = re.compile(
    rf"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS)} ]*[^\S\n]*(?=\n|\Z)"
)


def body_span(text: str, lines: list[str]) -> tuple[int, int]:
    line, pos, seen = 0, 0, -1
    for m in SENTENCE_LINE_END.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if line != seen:
            seen = line
            if _is_body(lines[line]):
                return line, _last_body(lines, line)
    return len(lines), -1


def _last_body(lines: list[str], first: int) -> int:
    for i in range(len(lines) - 1, first, -1):
        if _is_body(lines[i]):
            return i
    return first


# chrome.py
class Shapes(NamedTuple):
    """What steps 2 and 5-8 find, each in line order."""

    bars: list[int]
    labels: list[int]
    menus: list[int]
    breadcrumbs: list[int]
    nav_lists: list[int]


_BREADCRUMB = re.compile(r"(?:>>?|->|——>|»|›|→)")
_MENU_SEP = re.compile(r"\s*[|｜·•・/／]\s*")
_CLAUSE = re.compile("[，。]")
_TWO_SEPS = re.compile(r"[|｜·•・/／>»›→].*[|｜·•・/／>»›→]")


def page(text: str) -> Page:
    """The page as the Python rule split it: `shapes` holds (labels, menus, breadcrumbs,
    nav_lists) and `bars` is the old step 2, run on the page."""
    lines = text.split("\n")
    first, last = body_span(text, lines)
    found: tuple[list[int], list[int], list[int], set[int]] = ([], [], [], set())
    if last >= first:
        for zone in (range(first), range(last + 1, len(lines))):
            _find_shapes(lines, zone, found)
    p = Page(text, lines, first, last, Shapes([], *found))
    return p._replace(shapes=p.shapes._replace(bars=button_bars(p)))


class Page(NamedTuple):
    """The page as the steps read it, its zones' patterns matched by `re` on the zone's
    lines joined."""

    text: str
    lines: list[str]
    first: int
    last: int
    shapes: Shapes

    def matching(self, kind: str, start: int, end: int) -> set[int]:
        if start >= end:
            return set()
        return matching_lines(kind, "\n".join(self.lines[start:end]), start)


def _find_shapes(lines: list[str], zone: range, found: tuple) -> None:
    labels, menus, breadcrumbs, nav_lists = found
    text = "\n".join(lines[zone.start:zone.stop])
    if nav_word().search(text) is None and _BREADCRUMB.search(text) is None:
        return
    run: list[int] = []
    for i in zone:
        line = lines[i].strip()
        if not line:
            continue
        if len(line) > MAX_UI_CHARS:
            if run:
                _close_run(lines, run, nav_lists)
            continue
        clause = _CLAUSE.search(line) is not None
        if not clause and is_ui_bar(line, 0.6):
            labels.append(i)
        elif _TWO_SEPS.search(line):
            if _menu(line):
                menus.append(i)
            elif _breadcrumb(line):
                breadcrumbs.append(i)
        if not clause and _label(line):
            run.append(i)
        elif run:
            _close_run(lines, run, nav_lists)
    if run:
        _close_run(lines, run, nav_lists)


def button_bars(p: Page) -> list[int]:
    if p.last < p.first:
        return []
    lines, first, last = p.lines, p.first, p.last
    start = sum(map(len, lines[:first])) + first
    stop = start + sum(map(len, lines[first:last + 1])) + last - first
    found = []
    line_no, pos = first, start
    for m in bar_line().finditer(p.text, start, stop):
        line_no += p.text.count("\n", pos, m.end())
        pos = m.end()
        if is_ui_bar(lines[line_no]):
            found.append(line_no)
    return found


def _close_run(lines: list[str], run: list[int], found: set[int]) -> None:
    if len(run) >= MIN_LINK_RUN:
        nav = [_nav(lines[i].strip()) for i in run]
        if sum(nav) >= 0.6 * len(run):
            for k, i in enumerate(run):
                sandwiched = 0 < k < len(run) - 1 and nav[k - 1] and nav[k + 1]
                if nav[k] or (sandwiched and len(lines[i].strip()) <= 6):
                    found.add(i)
    run.clear()


def _breadcrumb(line: str) -> bool:
    return len(_BREADCRUMB.findall(line)) >= 2 and not ends_sentence(line)


def _label(line: str) -> bool:
    return (
        0 < len(line) <= MAX_LABEL_CHARS
        and "，" not in line and "。" not in line and "；" not in line
        and not ends_sentence(line)
    )


def _menu(line: str) -> bool:
    labels = [t for t in _MENU_SEP.split(line) if t]
    return (
        len(labels) >= 3
        and all(len(t) <= 6 for t in labels)
        and any(t in ui_words() or nav_word().search(t) for t in labels)
    )


def _nav(line: str) -> bool:
    return (
        is_ui_bar(line, 0.5)
        or nav_word().search(line) is not None
        or len(_BREADCRUMB.findall(line)) >= 2
    )


def _anywhere(p: Page) -> Iterable[int]:
    return p.matching("anywhere", 0, len(p.lines))


def _bottom_end(p: Page) -> int:
    return len(p.lines) if p.last >= 0 else 0


def _edge(p: Page) -> Iterable[int]:
    return p.matching("edge", 0, p.first) | p.matching("edge", p.last + 1, _bottom_end(p))


def _list_header(p: Page) -> Iterable[int]:
    found = p.matching("list-header", 0, p.first)
    headers = p.matching("list-header", p.last + 1, _bottom_end(p))
    if headers:
        found.update(range(min(headers), len(p.lines)))
    return found


STEPS = (
    ("1 anywhere", _anywhere),
    ("2 button-bar", lambda p: p.shapes.bars),
    ("3 edge", _edge),
    ("4 list-header", _list_header),
    ("5 labels", lambda p: p.shapes.labels),
    ("6 menu", lambda p: p.shapes.menus),
    ("7 breadcrumb", lambda p: p.shapes.breadcrumbs),
    ("8 nav-list", lambda p: p.shapes.nav_lists),
)


def steps(text: str) -> list[set[int]]:
    """The lines each step took, in the steps' order."""
    p = page(text)
    return [set(step(p)) for _, step in STEPS]


def apply(text: str) -> str:
    """SiteChrome.apply as it was."""
    p = page(text)
    doomed = taken(STEPS, p)
    return "\n".join(remove_lines(p.lines, doomed)) if doomed else text


def decisions(text: str) -> list[tuple[int, str]]:
    """SiteChrome.decisions as it was: (line, step) of each drop."""
    p = page(text)
    return [(d.line, d.step) for d in drops(STEPS, p, lambda i: "")]
