"""Site chrome learned from the corpus: lines that many pages of one source repeat.

Word lists (B001) know the chrome of sites someone looked at; every other site prints its
own navigation labels, footers, copyright lines and editor signatures. They show by
repetition: the same short line on a large share of one site's pages. This rule counts,
over the whole corpus, in how many documents of each source group every short line
stands, and removes the lines that pass both thresholds, wherever they stand.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from urllib.parse import urlsplit

from cleaner_rules.text.chars import NUMBERED

from cleaner.document import Document
from cleaner.rule import CorpusRule, Example, Option, Stage

# A line that opens a numbered section or list is the author's structure, even where a
# site's reports all use the same headings (`一、基本情况`, `1. 工作目标`, `第二章 总则`).
_NUMBERED = re.compile(f"(?:{NUMBERED})")
# Dialogue is the author's even where every chapter has it (`“嗯。”`, `「好。」`).
_SPEECH = tuple("“「『\"‘")
GROUPS = ("auto", "host", "folder", "file", "corpus")


def _key(group: str, line: str) -> int:
    """An 8-byte key for a line of a group (the empty line counts the group's documents)."""
    data = f"{group}\n{line}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


class RepeatedLines(CorpusRule):
    code = "B008"
    name = "repeated-lines"
    stage = Stage.BOILERPLATE
    summary = "Remove short lines that many documents of one source repeat (site chrome)."
    rationale = (
        "Every site repeats its own chrome on every page: navigation labels, footers, "
        "copyright and ICP lines, editor signatures, 'related articles' headings. No word "
        "list knows them all, but the corpus does: a short line that stands in at least "
        "`min_docs` documents of one source group and in `min_share` of them is the "
        "site's, not an author's. Groups come from the URL's host, or else the folder of "
        "the source path (`group`). Long lines (a quotation, a standard legal sentence), "
        "numbered headings and lines of dialogue (`“嗯。”` in every chapter) never count; "
        "the first pass keeps only 8-byte hashes and counts, "
        "and exact duplicate documents are counted once."
    )
    references = ("docs/policy.md (Chrome learned from the corpus)",)
    limits = (
        "A short sentence a tenth of a site's pages really share (a standard disclaimer) "
        "goes with the chrome.",
        "Near-duplicate reposts still count once each, and can make their lines chrome.",
        "Chrome longer than `max_chars`, or of a site with fewer than `min_docs` pages, stays.",
    )
    options = (
        Option("min_docs", 5, "documents of one group a line must stand in"),
        Option("min_share", 0.1, "share of the group's documents a line must stand in"),
        Option("max_chars", 60, "longer lines never count as chrome"),
        Option("group", "auto", "source group: auto (url host, else folder), host, folder, "
               "file or corpus", choices=GROUPS),
    )
    examples = (
        Example(
            "\f".join(
                f"城西晚报 首页 | 本地 | 社会\n第{n}篇报道的正文写在这里，每一篇都不一样。\n"
                "本网站所刊登的内容版权归城西晚报所有"
                for n in range(1, 7)
            ),
            "\f".join(f"第{n}篇报道的正文写在这里，每一篇都不一样。" for n in range(1, 7)),
            options={"min_docs": 5},
        ),
        # Two articles that quote the same sentence keep it: two documents are not a site.
        Example("春天来了。\n他说：“今天的风真大。”\f秋天到了。\n他说：“今天的风真大。”"),
    )

    def __init__(self, **values: object) -> None:
        super().__init__(**values)
        self.totals: dict[int, int] = {}

    @property
    def min_count(self) -> int:
        """Keys seen fewer times cannot matter: the combiner may drop them."""
        return self.min_docs

    def group_of(self, doc: Document) -> str:
        """The document's source group, as the `group` option says."""
        mode = self.group
        if mode in ("auto", "host") and doc.url:
            host = urlsplit(doc.url).hostname
            if host:
                return "host:" + host.removeprefix("www.")
        if mode == "corpus":
            return "corpus"
        file = doc.source.rsplit(":", 1)[0] if ":" in doc.source else doc.source
        if mode == "file":
            return "file:" + file
        return "folder:" + posixpath.dirname(file.replace("\\", "/"))

    def _eligible(self, line: str) -> bool:
        """May this (stripped) line be chrome: short, not a numbered heading, not speech?"""
        return (
            bool(line)
            and len(line) <= self.max_chars
            and not line.startswith(_SPEECH)
            and not _NUMBERED.match(line)
        )

    def _lines(self, text: str) -> set[str]:
        """The document's lines that may be chrome."""
        return {core for line in text.split("\n") if self._eligible(core := line.strip())}

    def observe(self, doc: Document) -> list[int]:
        group = self.group_of(doc)
        return [_key(group, ""), *sorted(_key(group, line) for line in self._lines(doc.text))]

    def prepare(self, totals: dict[int, int]) -> None:
        self.totals = totals

    def may_change(self, keys: list[int]) -> bool:
        """Exactly when `apply` removes a line: `keys[0]` counts the group's documents,
        the others are the document's eligible lines. Most documents pass without a line
        hashed again."""
        totals = self.totals
        docs = totals.get(keys[0], 0)
        if docs < self.min_docs:
            return False
        need = max(self.min_docs, self.min_share * docs)
        return any(totals.get(key, 0) >= need for key in keys[1:])

    def gate(self, text: str) -> bool:
        return bool(self.totals) and bool(text)

    def apply(self, doc: Document) -> str:
        group = self.group_of(doc)
        docs = self.totals.get(_key(group, ""), 0)
        need = max(self.min_docs, self.min_share * docs)
        if docs < self.min_docs:
            return doc.text
        lines = doc.text.split("\n")
        kept = [
            line for line in lines
            if not (
                self._eligible(core := line.strip())
                and self.totals.get(_key(group, core), 0) >= need
            )
        ]
        return doc.text if len(kept) == len(lines) else "\n".join(kept)
