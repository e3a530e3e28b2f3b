"""B001 site chrome: the site's interface that a saved web page keeps around its article.

Which line is chrome is decided by an ordered list of named steps (`SiteChrome.STEPS`).
Each step looks at the whole page at once and takes the lines it finds chrome; it has no
opinion on the others. A line goes when any step takes it; `decisions` names the first step
that did. The zones are the lines before the first and after the last body line: a
sentence of 12 characters and 12 Han characters or more that no chrome test takes (an
`[anywhere]`, `[edge]` or `[list-header]` pattern, or the button-bar test), the first
looked for from the start, the last back from the end down to it. Chrome clusters there,
so a sentence that merely mentions 登录 survives; a page without a body line has only a
top zone, for steps 3 and 4. One native call per page runs every step
(`ChromeLines.steps`, native/src/chrome.rs): steps 1, 3 and 4 are the patterns of
rules/data/chrome.txt, run by the `regex` crate (native/src/patterns.rs), steps 2 and 5-8
one pass over the page's lines.

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

from operator import itemgetter

from cleaner_rules.boilerplate.lines import remove_lines
from cleaner_rules.boilerplate.steps import drops, taken
from cleaner_rules.boilerplate.vocabulary import chrome_lines, sections

from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage

_NAMES = ("1 anywhere", "2 button-bar", "3 edge", "4 list-header", "5 labels", "6 menu",
          "7 breadcrumb", "8 nav-list")


def found(text: str) -> list[list[int]]:
    """The lines each step takes, in the steps' order (one native call for the page)."""
    kinds = sections()
    return chrome_lines(text).steps(kinds["anywhere"], kinds["edge"], kinds["list-header"])


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
    # Each step reads its own list of what `found` returns.
    STEPS = tuple((name, itemgetter(k)) for k, name in enumerate(_NAMES))

    def apply(self, doc: Document) -> str:
        doomed = taken(self.STEPS, found(doc.text))
        return "\n".join(remove_lines(doc.text.split("\n"), doomed)) if doomed else doc.text

    def decisions(self, doc: Document) -> list[Decision]:
        lines = doc.text.split("\n")
        return drops(self.STEPS, found(doc.text), lambda i: lines[i].strip()[:40])
