"""B001 site chrome: the site's interface that a saved web page keeps around its article.

Which line is chrome is decided by an ordered list of named steps (`SiteChrome.STEPS`).
Each step looks at the whole page at once and returns the lines it finds chrome; it has no
opinion on the others. A line goes when any step takes it; `decisions` names the first step
that did. The zones are the lines before the first and after the last body line
(`zones.body_span`); a page without a body line has only a top zone, for steps 3 and 4.
Steps 1, 3 and 4 are the patterns of rules/data/chrome.txt, run by the `regex` crate on
the page's lines (native/src/patterns.rs); steps 2 and 5-8 read what one native pass over
the page's lines found (native/src/chrome.rs).

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

from collections.abc import Callable, Iterable
from typing import NamedTuple

from cleaner_rules.boilerplate.lines import remove_lines
from cleaner_rules.boilerplate.steps import drops, taken
from cleaner_rules.boilerplate.vocabulary import chrome_lines, sections
from cleaner_rules.boilerplate.zones import body_span

from cleaner import _native
from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage


class Shapes(NamedTuple):
    """What steps 2 and 5-8 find, in one native pass over the page's lines
    (native/src/chrome.rs `ChromeLines.shapes`), each in line order."""

    bars: list[int]
    labels: list[int]
    menus: list[int]
    breadcrumbs: list[int]
    nav_lists: list[int]


_NO_SHAPES = Shapes([], [], [], [], [])  # never changed: a page without a body shares it


class Page(NamedTuple):
    """A document split for the steps: its lines, their native scan, body span and shapes."""

    lines: list[str]
    scan: _native.ChromeLines
    first: int  # the first body line, or len(lines)
    last: int  # the last body line, or -1
    shapes: Shapes

    def matching(self, kind: str, start: int, end: int) -> set[int]:
        """The lines `start` to `end - 1` that a `kind` pattern takes (the text of those
        lines joined, as `matching_lines` reads it)."""
        return set(self.scan.matching(sections()[kind], start, end))


def page(text: str) -> Page:
    """Split `text` once for every step."""
    lines = text.split("\n")
    scan = chrome_lines(text)
    first, last = body_span(text, scan)
    # Without a body paragraph there is nothing between the zones, and no zone to judge.
    shapes = Shapes(*scan.shapes(first, last)) if last >= first else _NO_SHAPES
    return Page(lines, scan, first, last, shapes)


def _anywhere(p: Page) -> Iterable[int]:
    """Step 1: `[anywhere]` prompts, wherever they stand."""
    return p.matching("anywhere", 0, len(p.lines))


def _bottom_end(p: Page) -> int:
    """The end of the bottom zone: a page without a body has none."""
    return len(p.lines) if p.last >= 0 else 0


def _button_bars(p: Page) -> Iterable[int]:
    """Step 2: button bars between the zones (lines after the first body line, up to the
    last)."""
    return p.shapes.bars


def _edge(p: Page) -> Iterable[int]:
    """Step 3: `[edge]` patterns in the top and bottom zones."""
    return p.matching("edge", 0, p.first) | p.matching("edge", p.last + 1, _bottom_end(p))


def _list_header(p: Page) -> Iterable[int]:
    """Step 4: a related-articles header; in the bottom zone, the rest of the page."""
    found = p.matching("list-header", 0, p.first)
    headers = p.matching("list-header", p.last + 1, _bottom_end(p))
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
