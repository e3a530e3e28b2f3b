"""B001 site chrome: the site's interface that a saved web page keeps around its article.

Which line is chrome is decided by an ordered list of named steps (`SiteChrome.STEPS`).
Each step looks at the whole page at once (one C-level scan where it can) and returns the
lines it finds chrome; it has no opinion on the others. A line goes when any step takes it;
`decisions` names the first step that did. The zones are the lines before the first and
after the last body line (`zones.body_span`); a page without a body line has only a top
zone, for steps 3 and 4.

1. anywhere: a prompt that is never article text (QR codes, "open the app", WeChat follow
   and 阅读原文 prompts, storage disclaimers), wherever it stands (`[anywhere]` patterns).
2. button-bar: between the zones, a line whose tokens are all interface labels or
   counters (`分享 | 收藏 | 举报`).
3. edge: in a zone, login and registration blocks, VIP prompts, counters, 责任编辑,
   licence and copyright footers (`[edge]` patterns).
4. list-header: a related-articles header (`[list-header]`): the line in the top zone; in
   the bottom zone it and every line after it.
5. labels: in a zone, a line whose tokens are mostly interface labels.
6. menu: in a zone, three or more labels of up to six characters between `|`, `·` or `/`,
   one naming a part of the site (`首页 | 新闻 | 体育`).
7. breadcrumb: in a zone, two arrows between labels (`首页 > 新闻 > 正文`).
8. nav-list: in a zone, a run of four or more label lines (no clause punctuation) most of
   which name a part of the site: those lines go, and a short label between two of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from cleaner_rules.boilerplate.bars import MAX_UI_CHARS, bar_line, is_ui_bar
from cleaner_rules.boilerplate.lines import remove_lines
from cleaner_rules.boilerplate.steps import drops, taken
from cleaner_rules.boilerplate.vocabulary import matching_lines, nav_word, ui_words
from cleaner_rules.boilerplate.zones import body_span
from cleaner_rules.text.chars import ends_sentence

from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage

MAX_LABEL_CHARS = 20
MIN_LINK_RUN = 4
_BREADCRUMB = re.compile(r"(?:>>?|->|——>|»|›|→)")
_MENU_SEP = re.compile(r"\s*[|｜·•・/／]\s*")
# A clause mark: a line with one is no button bar and no link label.
_CLAUSE = re.compile("[，。]")
# Two menu separators or breadcrumb arrows: the least a menu bar or a breadcrumb has.
_TWO_SEPS = re.compile(r"[|｜·•・/／>»›→].*[|｜·•・/／>»›→]")


class Shapes(NamedTuple):
    """What steps 5-8 find in the zones, in one pass over their lines."""

    labels: list[int]
    menus: list[int]
    breadcrumbs: list[int]
    nav_lists: set[int]


_NO_SHAPES = Shapes([], [], [], set())  # never changed: a page without zones shares it


class Page(NamedTuple):
    """A document split for the steps: its body span, zone texts and zone shapes."""

    text: str
    lines: list[str]
    first: int  # the first body line, or len(lines)
    last: int  # the last body line, or -1
    top: str  # the lines before `first`, joined
    bottom: str  # the lines after `last`, joined
    shapes: Shapes


def page(text: str) -> Page:
    """Split `text` once for every step."""
    lines = text.split("\n")
    first, last = body_span(text, lines)
    top = "\n".join(lines[:first])
    bottom = "\n".join(lines[last + 1:]) if last >= 0 else ""
    shapes = _NO_SHAPES
    if last >= first:  # without a body paragraph there is no top or bottom zone to judge
        shapes = Shapes([], [], [], set())
        for zone in (range(first), range(last + 1, len(lines))):
            _find_shapes(lines, zone, shapes)
    return Page(text, lines, first, last, top, bottom, shapes)


def _find_shapes(lines: list[str], zone: range, found: Shapes) -> None:
    """Steps 5-8 on one zone, in one pass: a line goes to the first of steps 5-7 that
    takes it, and runs of label lines (step 8) are measured as they pass."""
    # Every structural test needs a UI word or a breadcrumb arrow: one C-level look first.
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
                _close_run(lines, run, found.nav_lists)
            continue
        # The cheap necessary conditions first: most short lines in a zone are prose.
        clause = _CLAUSE.search(line) is not None
        if not clause and is_ui_bar(line, 0.6):
            found.labels.append(i)
        elif _TWO_SEPS.search(line):
            if _menu(line):
                found.menus.append(i)
            elif _breadcrumb(line):
                found.breadcrumbs.append(i)
        if not clause and _label(line):
            run.append(i)
        elif run:
            _close_run(lines, run, found.nav_lists)
    if run:
        _close_run(lines, run, found.nav_lists)


def _anywhere(p: Page) -> Iterable[int]:
    """Step 1: `[anywhere]` prompts, wherever they stand."""
    return matching_lines("anywhere", p.text)


def _button_bars(p: Page) -> Iterable[int]:
    """Step 2: lines between the zones that `bar_line` finds in one scan and `is_ui_bar` confirms.
    Line `first` is a body line, so the scan starts at its end."""
    if p.last < p.first:
        return ()
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


def _edge(p: Page) -> Iterable[int]:
    """Step 3: `[edge]` patterns in the top and bottom zones."""
    return matching_lines("edge", p.top) | matching_lines("edge", p.bottom, p.last + 1)


def _list_header(p: Page) -> Iterable[int]:
    """Step 4: a related-articles header; in the bottom zone, the rest of the page."""
    found = matching_lines("list-header", p.top)
    headers = matching_lines("list-header", p.bottom, p.last + 1)
    if headers:  # a related-articles list runs to the end of the page
        found.update(range(min(headers), len(p.lines)))
    return found


def _labels(p: Page) -> Iterable[int]:
    """Step 5: zone lines mostly of interface labels."""
    return p.shapes.labels


def _menus(p: Page) -> Iterable[int]:
    """Step 6: menu bars in the zones."""
    return p.shapes.menus


def _breadcrumbs(p: Page) -> Iterable[int]:
    """Step 7: breadcrumbs in the zones."""
    return p.shapes.breadcrumbs


def _nav_lists(p: Page) -> Iterable[int]:
    """Step 8: navigation lists in the zones."""
    return p.shapes.nav_lists


def _close_run(lines: list[str], run: list[int], found: set[int]) -> None:
    """A run of label lines ends: if it is a navigation list, its nav lines go, and a short
    label between two of them."""
    if len(run) >= MIN_LINK_RUN:
        nav = [_nav(lines[i].strip()) for i in run]
        if sum(nav) >= 0.6 * len(run):
            for k, i in enumerate(run):
                sandwiched = 0 < k < len(run) - 1 and nav[k - 1] and nav[k + 1]
                if nav[k] or (sandwiched and len(lines[i].strip()) <= 6):
                    found.add(i)
    run.clear()


def _breadcrumb(line: str) -> bool:
    """A breadcrumb: two arrows between labels (`首页 > 新闻 > 正文`), no sentence."""
    return len(_BREADCRUMB.findall(line)) >= 2 and not ends_sentence(line)


def _label(line: str) -> bool:
    """Could be a link label: short, no clause or sentence punctuation."""
    return (
        0 < len(line) <= MAX_LABEL_CHARS
        and "，" not in line and "。" not in line and "；" not in line
        and not ends_sentence(line)
    )


def _menu(line: str) -> bool:
    """A menu bar: three or more short labels between menu separators, one of them naming
    a part of the site or the interface (`首页 | 新闻 | 体育 | 联系我们`)."""
    labels = [t for t in _MENU_SEP.split(line) if t]
    return (
        len(labels) >= 3
        and all(len(t) <= 6 for t in labels)
        and any(t in ui_words() or nav_word().search(t) for t in labels)
    )


def _nav(line: str) -> bool:
    """A label that names a part of the site or the interface."""
    return (
        is_ui_bar(line, 0.5)
        or nav_word().search(line) is not None
        or len(_BREADCRUMB.findall(line)) >= 2
    )


Step = Callable[[Page], Iterable[int]]


class SiteChrome(Rule):
    code = "B001"
    name = "site-chrome"
    stage = Stage.BOILERPLATE
    summary = "Remove site chrome: login, app and VIP prompts, share bars, related lists."
    rationale = (
        "Saved web pages keep the site's interface around the article. Chrome clusters "
        "before the first and after the last body paragraph, so most patterns only apply "
        "there and a sentence that merely mentions 登录 survives; QR and app prompts and "
        "storage disclaimers go wherever they stand. Patterns live in rules/data/chrome.txt. "
        "Steps, in order: 1 anywhere, 2 button-bar, 3 edge, 4 list-header, 5 labels, "
        "6 menu, 7 breadcrumb, 8 nav-list (see the module docstring)."
    )
    references = (
        "docs/policy.md (Boilerplate)",
        "rules/data/chrome.txt (patterns and interface words)",
    )
    limits = (
        "Chrome between body paragraphs stays unless it is a button bar or an [anywhere] "
        "prompt.",
        "Interface wording no pattern or UI word knows stays (B008 learns a site's own).",
        "A page without a sentence-ending body line has no bottom zone: only top-zone "
        "patterns apply.",
        "An article's own list of short links at the very top or bottom can read as a "
        "navigation list.",
    )
    examples = (
        Example(
            "打开APP\nuserphoto\n未登录\n标题在这里\n这是正文的第一段，内容足够长，讲述了一个完整的故事。\n"
            "猜你喜欢\n另一篇文章的标题\n联系客服",
            "标题在这里\n这是正文的第一段，内容足够长，讲述了一个完整的故事。",
        ),
        Example(
            "这是正文，用户需要先登录才能看到评论区的全部内容，这是网站的规定。\n0",
            "这是正文，用户需要先登录才能看到评论区的全部内容，这是网站的规定。",
        ),
        Example("正文里提到扫码支付已经很普遍，老人也学会了使用。"),
    )
    STEPS: tuple[tuple[str, Step], ...] = (
        ("1 anywhere", _anywhere),
        ("2 button-bar", _button_bars),
        ("3 edge", _edge),
        ("4 list-header", _list_header),
        ("5 labels", _labels),
        ("6 menu", _menus),
        ("7 breadcrumb", _breadcrumbs),
        ("8 nav-list", _nav_lists),
    )

    def apply(self, doc: Document) -> str:
        p = page(doc.text)
        doomed = taken(self.STEPS, p)
        return "\n".join(remove_lines(p.lines, doomed)) if doomed else doc.text

    def decisions(self, doc: Document) -> list[Decision]:
        p = page(doc.text)
        return drops(self.STEPS, p, lambda i: p.lines[i].strip()[:40])
