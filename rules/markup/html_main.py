"""Main content of a whole web page: the article or first post, without the site around it.

The node is chosen by readability-lxml (the Readability scoring: paragraphs vote for their
parent and grandparent, link-heavy and `nav`/`sidebar`/`comment`-labelled branches lose).
Two things happen around it, both for pages as Chinese sites wrote them:

- before: text runs separated only by `<br>` (forum posts, old table layouts, `<td>`s and
  `<div>`s without `<p>`) become `<p>`s, since Readability only counts `<p>`, `<td>`, `<pre>`
  and `<blockquote>` as paragraphs and a 3,000-character post written with `<br>` would
  score like one short line;
- after: the chosen HTML goes back to `html_to_text`, whose block-to-paragraph conversion
  keeps headings, list items and table rows as lines.

Whether to use the result is decided in `html_to_text`: a page without chrome is kept whole.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborHTMLParser

if TYPE_CHECKING:
    import lxml.html

# A full page declares itself (`<html>`, `<body>`, `<frameset>`) or carries site structure.
_FULL_PAGE = re.compile(r"<(?:html|body|frameset)\b", re.I)
# Elements and labels that only site chrome has.
_CHROME_TAGS = "nav, aside, header, footer, menu"
_CHROME_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], ' \
    '[role="complementary"]'
_CHROME_LABEL = re.compile(r"nav|menu|sidebar|footer|header|breadcrumb|comment|toolbar", re.I)
_CLUSTER_LINKS = 4  # links in one block, which are most of its text
_CLUSTER_SHARE = 0.5
_CELLS = frozenset("li p td th tr tbody thead tfoot dt dd".split())
# Readability's own passes visit every `<div>` with its subtree: keep them off freak nesting.
MAX_DEPTH = 150

_INLINE = frozenset(
    "a abbr acronym b bdi bdo big cite code del dfn em font i ins kbd label mark nobr q s "
    "samp small span strike strong sub sup time tt u var wbr".split()
)
_PARA_HOSTS = ("td", "th", "div", "blockquote", "article", "section", "main", "body",
               "center", "dd", "li", "font", "span")
_KEEP_ATTRS = frozenset(("id", "class", "style", "hidden", "href", "role", "data-cleaner-table",
                         "colspan", "rowspan"))
# Marks the `<p>`s made from `<br>` runs, so that they turn back into lines, not paragraphs.
BR_MARK = "data-cleaner-br"
logging.getLogger("readability.readability").setLevel(logging.CRITICAL)


def is_full_page(html: str) -> bool:
    """A whole page declares itself: `<html>`, `<body>`, `<frameset>`."""
    return _FULL_PAGE.search(html) is not None


def has_chrome(tree: LexborHTMLParser) -> bool:
    """The page has site structure around its text: chrome elements or labels, or a link
    cluster (a block that is mostly links: a navigation bar, a link list, a sidebar), which
    is how old table layouts show chrome without labelling it."""
    root = tree.body or tree.root
    if root is None:
        return False
    if tree.css_first(_CHROME_TAGS) is not None or tree.css_first(_CHROME_ROLES) is not None:
        return True
    for node in root.css("[id], [class]"):
        label = f"{node.attributes.get('id') or ''} {node.attributes.get('class') or ''}"
        if _CHROME_LABEL.search(label):
            return True
    clusters: dict[int, list[Any]] = {}
    for link in root.css("a"):
        box = link.parent
        while box is not None and box.tag in _INLINE:
            box = box.parent
        outer = box  # one link per item or cell: the cluster is the list or table too
        while outer is not None and outer.tag in _CELLS:
            outer = outer.parent
        for node in {box, outer}:
            if node is not None:
                entry = clusters.setdefault(node.mem_id, [node, 0, 0])
                entry[1] += 1
                entry[2] += len(link.text(deep=True).strip())
    for box, count, link_chars in clusters.values():
        if count >= _CLUSTER_LINKS and link_chars >= _CLUSTER_SHARE * len(
            "".join(box.text(deep=True).split())
        ):
            return True
    return False


def _keep_attributes(root: lxml.html.HtmlElement) -> None:
    """Only the attributes Readability reads stay: its attribute cleaner passes over the whole
    page once per unwanted attribute of the most crowded tag."""
    for node in root.iter():
        if isinstance(node.tag, str):
            for name in [n for n in node.attrib if n not in _KEEP_ATTRS]:
                del node.attrib[name]


def _paragraph(text: str, run: list[Any], out: list[Any]) -> None:
    """Append a `<p>` of `text` and inline elements `run` to `out`, unless it is empty."""
    if text.strip() or run:
        import lxml.html

        para = lxml.html.Element("p", {BR_MARK: ""})
        para.text = text
        para.extend(run)
        out.append(para)


def _br_paragraphs(root: lxml.html.HtmlElement) -> None:
    """Runs of text and inline elements between `<br>`s (and block children) become `<p>`s,
    in every block that has a `<br>` of its own. Each element's children are visited once."""
    for host in list(root.iter(*_PARA_HOSTS)):
        children = list(host)
        if not any(child.tag == "br" for child in children):
            continue
        if host.tag in _INLINE and any(
            isinstance(c.tag, str) and c.tag not in _INLINE and c.tag != "br" for c in children
        ):
            continue  # a `<font>` around blocks: its blocks are hosts of their own
        out: list[Any] = []
        text, run = host.text or "", []
        host.text = None
        for child in children:
            host.remove(child)
            if child.tag == "br" or (isinstance(child.tag, str) and child.tag not in _INLINE):
                tail, child.tail = child.tail, None
                _paragraph(text, run, out)
                if child.tag != "br":
                    out.append(child)
                text, run = tail or "", []
            else:
                run.append(child)
        _paragraph(text, run, out)
        host.extend(out)


_BLOCKS_IN_CELL = ("table", "div", "p", "ul", "ol", "dl", "blockquote", "pre", "br",
                   "h1", "h2", "h3", "h4", "h5", "h6", "form")
TABLE_MARK = "data-cleaner-table"


def _is_data_table(table: lxml.html.HtmlElement) -> bool:
    """Two or more rows of cells holding only inline content: data, not page layout."""
    rows = table.findall(".//tr")
    if len(rows) < 2 or any(True for _ in table.iterdescendants(*_BLOCKS_IN_CELL)):
        return False
    return sum(1 for row in rows if len(row.findall("./td") + row.findall("./th")) >= 2) >= 2


def _shelve_tables(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Swap each data table for a `<p>` of its text, and return the tables.

    Readability's conditional cleaning drops blocks of short texts, which is what a table of
    figures is; as a paragraph of its cells it is scored like the text it is, and
    `_restore_tables` puts the table back where the paragraph ended up.
    """
    import lxml.html

    shelved = []
    for table in list(root.iter("table")):
        if table.getparent() is None or not _is_data_table(table):
            continue
        cells = [" ".join(c.text_content().split()) for c in table.iter("td", "th")]
        stand_in = lxml.html.Element("p", {TABLE_MARK: str(len(shelved))})
        stand_in.text = "，".join(cell for cell in cells if cell)
        stand_in.tail = table.tail
        table.tail = None
        table.getparent().replace(table, stand_in)
        shelved.append(table)
    return shelved


def _restore_tables(summary: str, shelved: list[lxml.html.HtmlElement]) -> str:
    """Put the shelved tables back in place of their stand-in paragraphs."""
    if not shelved or TABLE_MARK not in summary:
        return summary
    import lxml.html

    fragment = lxml.html.fragment_fromstring(summary, create_parent="div")
    for stand_in in list(fragment.iter("p")):
        index = stand_in.get(TABLE_MARK)
        if index is not None and index.isdigit() and int(index) < len(shelved):
            table = shelved[int(index)]
            table.tail = stand_in.tail
            stand_in.getparent().replace(stand_in, table)
    return lxml.html.tostring(fragment, encoding="unicode")


@cache
def _parser() -> lxml.html.HTMLParser:
    import lxml.html

    return lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


def main_html(html: str) -> str | None:
    """The main content of a page as an HTML fragment, or None when none can be chosen."""
    # Imported here: lxml and readability (which pulls in urllib and http.client) cost a
    # tenth of a CPU-second that a worker cleaning plain text should not pay.
    import lxml.etree
    import lxml.html
    from readability import Document as Readability
    from readability.readability import Unparseable

    try:
        root = lxml.html.document_fromstring(
            html.replace("\x00", "").encode("utf-8", "replace"), parser=_parser()
        )
        _keep_attributes(root)
        _br_paragraphs(root)
        shelved = _shelve_tables(root)
        return _restore_tables(Readability(root).summary(html_partial=True), shelved)
    except (lxml.etree.LxmlError, Unparseable, ValueError):
        return None
