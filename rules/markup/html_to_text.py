"""HTML to text (M002): one paragraph per block element, head metadata to fields.

A whole page with site chrome keeps only its main content, chosen in `html_main`.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

from cleaner_rules.markup.date_field import iso_date
from cleaner_rules.markup.html_main import BR_MARK, MAX_DEPTH, has_chrome, is_full_page, main_html
from selectolax.lexbor import LexborHTMLParser

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

# `[^<>]*`, not `[^>]*`: a tag never runs past the next `<`, so `<div <div <div …` without
# any `>` is scanned once instead of once per `<` (quadratic).
_TAG_HINT = re.compile(r"</?(?:p|div|br|span|a|img|strong|b|em|h[1-6]|li|ul|ol|table|tr|td|"
                       r"section|article|blockquote|html|body|head|script|style)\b[^<>]*>", re.I)
_BLOCK = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li "
    "main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
_DROP = frozenset("script style noscript template img svg iframe object embed head title "
                  "button select input textarea canvas video audio map".split())
_BLOCK_SELECTOR = ",".join(sorted(_BLOCK))
_WS = re.compile(r"[ \t\r\n\f]+")
_BREAK = "\ufdd0"  # noncharacters: never in real text, so they can only be our marks
_LINE_BREAK = "\ufdd1"
_CELL = "\ufdd2"
_CELLS = re.compile(f" ?{_CELL}[ {_CELL}]*")  # after `_WS`, no space runs are left
_MIN_MAIN = 20  # characters: an extraction shorter than a sentence failed; keep the page
_KEEP_SHARE = 0.5  # without chrome, an extraction must keep this share of the page


# Case-insensitive (`i`): Chinese CMSs write `PubDate`, `Author`, `ArticleTitle`.
_HEAD_META = (
    ("title", 'meta[property="og:title" i]', "content"),
    ("title", 'meta[name="ArticleTitle" i]', "content"),
    ("author", 'meta[name="author" i]', "content"),
    ("author", 'meta[property="article:author" i]', "content"),
    ("date", 'meta[property="article:published_time" i]', "content"),
    ("date", 'meta[name="PubDate" i]', "content"),
    ("date", 'meta[name="publishdate" i]', "content"),
    ("date", 'meta[name="date" i]', "content"),
    ("date", 'meta[itemprop="datePublished" i]', "content"),
    ("url", 'link[rel="canonical" i]', "href"),
    ("url", 'meta[property="og:url" i]', "content"),
    ("keywords", 'meta[name="keywords" i]', "content"),
    ("source", 'meta[name="ContentSource" i]', "content"),
)


def _head_metadata(tree: LexborHTMLParser) -> dict[str, str]:
    """Title, author, date, canonical URL, keywords and source declared in the page head;
    the `<title>` first, then the page's own title fields."""
    found: dict[str, str] = {}
    title_node = tree.css_first("title")
    if title_node is not None and _WS.sub(" ", title_node.text()).strip():
        found["title"] = _WS.sub(" ", title_node.text()).strip()
    for key, selector, attr in _HEAD_META:
        node = tree.css_first(selector)
        value = (node.attributes.get(attr) or "").strip() if node is not None else ""
        if value and key not in found:
            found[key] = value
    return found


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>")
_MAX_DEPTH = 1000
# Unclosed, they run to the end (as in a browser): one scan, not one per opening tag.
_DROPPED_BLOCK = re.compile(
    r"<(script|style|noscript|template|svg|head)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)",
    re.S | re.I,
)


def _nesting(html: str) -> int:
    """How deep the tags nest, counted up to one past `_MAX_DEPTH` (nesting beyond real
    pages, where the HTML5 tree builder is quadratic in depth), or 0 where the page has too
    few tags to pass `MAX_DEPTH` (readability's limit). One scan answers both limits, over
    the tags `_TAG` finds, in the native core (native/src/markup.rs)."""
    if html.count("<") <= MAX_DEPTH:
        return 0
    return _native.tag_depth(utf32(html), _MAX_DEPTH)


def _flat_text(html: str) -> str:
    """Tag-level fallback for pathological nesting: blocks break lines, tags go."""
    text = _DROPPED_BLOCK.sub(" ", html)
    def mark(m: re.Match[str]) -> str:
        tag = m.group(2).lower()
        return _LINE_BREAK if tag == "br" else _BREAK if tag in _BLOCK else ""

    return _paragraphs(_WS.sub(" ", htmllib.unescape(_TAG.sub(mark, text))))


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """Text with one paragraph per block element, and head metadata; never fetches anything.

    A whole page with site chrome around its text keeps only its main content (see
    `cleaner_rules.markup.html_main`); a fragment, or a page without chrome, keeps everything.
    """
    depth = _nesting(html)
    if depth > _MAX_DEPTH:
        return _flat_text(html), {}
    tree = LexborHTMLParser(html)
    meta = _head_metadata(tree)
    chrome = has_chrome(tree)
    if (chrome or is_full_page(html)) and depth <= MAX_DEPTH:
        main = main_html(html)
        text = _tree_text(LexborHTMLParser(main)) if main else ""
        if chrome and len(text) >= _MIN_MAIN:
            return text, meta  # the whole page's text is not needed to decide
        whole = _tree_text(tree)
        if not chrome and len(text) >= _KEEP_SHARE * len(whole):
            return text, meta
        return whole, meta
    return _tree_text(tree), meta


def _tree_text(tree: LexborHTMLParser) -> str:
    """The tree work happens in Lexbor: dropped elements are removed, block boundaries and
    `<br>` are marked with a noncharacter, and the text is taken in one call, so the cost
    does not depend on Python visiting nodes (50,000 nested divs are fine).

    A table cell with only inline content is a cell of a data row: the row becomes one line,
    its cells separated by a tab; a cell holding blocks (a layout table) stays a block."""
    tree.strip_tags(sorted(_DROP))
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css("pre"):
        node.replace_with(_BREAK.join(node.text(deep=True).split("\n")))
    blocks = root.css(_BLOCK_SELECTOR)
    breaks = root.css("br")
    layout = _layout_cells([*blocks, *breaks])
    for node in blocks:
        if node.tag in ("td", "th") and node.mem_id not in layout:
            node.insert_after(_CELL)
            continue
        if BR_MARK in node.attributes:  # a run between `<br>`s: a line, as it was
            node.insert_before(_LINE_BREAK)
            node.insert_after(_LINE_BREAK)
            continue
        node.insert_before(_BREAK)
        node.insert_after(_BREAK)
    for node in breaks:
        node.insert_after(_LINE_BREAK)
    return _paragraphs(_WS.sub(" ", root.text(deep=True, separator="", strip=False)))


def _layout_cells(nodes: list[Any]) -> set[int]:
    """Cells (by `mem_id`) that hold a block or a `<br>`: each node walks up to its nearest
    cell, and no ancestor is walked twice, so the cost is linear in the tree."""
    seen: set[int] = set()
    cells: set[int] = set()
    for node in nodes:
        up = node.parent
        while up is not None and up.mem_id not in seen:
            seen.add(up.mem_id)
            if up.tag in ("td", "th"):
                cells.add(up.mem_id)
                break
            up = up.parent
    return cells


def _paragraphs(text: str) -> str:
    """Blocks become paragraphs separated by a blank line, `<br>` a line break: the line-wrap
    rule then knows a block boundary from a break inside one."""
    blocks = []
    for block in text.split(_BREAK):
        lines = [_CELLS.sub("\t", line.strip(" " + _CELL)) for line in block.split(_LINE_BREAK)]
        joined = "\n".join(line for line in lines if line)
        if joined:
            blocks.append(joined)
    return "\n\n".join(blocks)


class HTMLToText(Rule):
    code = "M002"
    name = "html-to-text"
    stage = Stage.MARKUP
    summary = (
        "Turn HTML into paragraphs: blocks become breaks, scripts, styles and images go; "
        "a whole page keeps its main content only."
    )
    rationale = (
        "Saved web pages and CMS exports carry markup that is not text. A real HTML parser "
        "(Lexbor via selectolax) decodes entities and handles broken markup the way browsers "
        "do; regex tag stripping glues paragraphs together and keeps script bodies. A whole "
        "page with site chrome (navigation, sidebars, link lists, comments, footers) keeps the "
        "node Readability scores as the article (`rules/markup/html_main.py`), since chrome "
        "lines outnumber the article on portal pages; a page without chrome is kept whole unless "
        "the article keeps at least half of it. Table rows with inline cells become one line."
    )
    references = (
        "WHATWG HTML parsing, by Lexbor (selectolax)",
        "Readability (readability-lxml) for the main content of a whole page",
    )
    limits = (
        "A page of several posts keeps every post the article node holds, not only the main one",
        "Pages nested deeper than 150 elements skip main-content extraction",
        "A `<pre>` block loses its indentation and becomes one paragraph per line",
        "One tag with tens of thousands of distinct attribute names is quadratic in Lexbor",
    )
    examples = (
        Example(
            "<p>第一段。</p><p>第二段&amp;结尾。</p>", "第一段。\n\n第二段&结尾。", format="html"
        ),
        Example(
            '<div><p><strong>小标题</strong></p><p>正文<img src="a.jpg" alt="图">继续。</p>'
            "<script>var x=1;</script></div>",
            "小标题\n\n正文继续。",
        ),
        Example("<html><head><title>页面标题</title></head><body>行一<br>行二</body></html>",
                "行一\n行二", format="html"),
        Example("数学里 a<b 且 b>c 不是标签。"),
        Example(  # a whole page: navigation, sidebar, footer and comments go
            '<html><head><title>秋收</title><meta name="PubDate" content="2020-09-20"></head>'
            '<body><nav><a href="/">首页</a><a href="/n">新闻</a><a href="/t">图片</a>'
            '<a href="/v">视频</a></nav><div class="content"><p>今年的稻谷比去年早熟了十天，'
            "村里的收割机从清早一直忙到天黑，晒场上铺满了金黄的谷子。</p><p>合作社的账上，"
            "每亩多收了将近一百斤，种粮大户们算着账，脸上都是笑。</p></div>"
            '<div id="comments"><p>网友：看着真喜人！</p></div>'
            '<div class="sidebar"><a href="/1">热点一</a><a href="/2">热点二</a>'
            '<a href="/3">热点三</a><a href="/4">热点四</a></div>'
            "<footer>版权所有 示例网</footer></body></html>",
            "今年的稻谷比去年早熟了十天，村里的收割机从清早一直忙到天黑，晒场上铺满了金黄的谷子。"
            "\n\n合作社的账上，每亩多收了将近一百斤，种粮大户们算着账，脸上都是笑。",
            format="html", meta={"title": "秋收", "date": "2020-09-20"},
        ),
        Example(  # a data table: one line per row, cells separated by a tab
            "<p>各班人数：</p><table><tr><th>班级</th><th>人数</th></tr>"
            "<tr><td>一班</td><td>42</td></tr><tr><td>二班</td><td>39</td></tr></table>",
            "各班人数：\n\n班级\t人数\n\n一班\t42\n\n二班\t39", format="html",
        ),
        Example(  # a fragment without chrome keeps everything, headings and all
            "<h2>一、起因</h2><p>水管在夜里冻裂了。</p><h2>二、经过</h2><p>邻居帮忙关了总阀。</p>",
            "一、起因\n\n水管在夜里冻裂了。\n\n二、经过\n\n邻居帮忙关了总阀。", format="html",
        ),
    )

    def gate(self, text: str) -> bool:
        return _TAG_HINT.search(text) is not None

    def count_changes(self, before: str, after: str) -> tuple[int, int]:
        """Markup removal rewrites the whole text: count the change in length."""
        return max(len(after) - len(before), 0), max(len(before) - len(after), 0)

    def apply(self, doc: Document) -> str:
        if doc.format != "html" and len(_TAG_HINT.findall(text := doc.text, 0, 20000)) < 2:
            return text
        body, meta = html_to_text(doc.text)
        doc.title = doc.title or meta.get("title")
        doc.author = doc.author or meta.get("author")
        doc.url = doc.url or meta.get("url")
        if doc.date is None and "date" in meta:
            doc.date = iso_date(meta["date"])
        if "source" in meta:
            doc.extra.setdefault("source_name", meta["source"])
        if "keywords" in meta and "tags" not in doc.extra:
            keywords = re.split("[,，]", meta["keywords"])
            doc.extra["tags"] = [k.strip() for k in keywords if k.strip()]
        return body
