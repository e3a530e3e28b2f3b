"""Mojibake repair: text that was decoded with the wrong codec somewhere upstream."""

from __future__ import annotations

import re

import ftfy

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

# UTF-8 lead byte read as Latin-1/cp1252 (Â..ô) followed by a continuation byte read the
# same way. Chinese UTF-8 read as cp1252 always produces such pairs; running text almost
# never does, so this finds exactly the documents ftfy would change at a fraction of its
# cost.
_LATIN_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


class Mojibake(Rule):
    code = "D001"
    name = "mojibake"
    family = "decode"
    stage = Stage.DECODE
    summary = "Repair text decoded with the wrong codec (UTF-8 read as cp1252, Latin-1 and kin)."
    rationale = (
        "Scraped pages are often decoded twice or with the wrong codec, turning every Chinese "
        "character into two or three junk characters. ftfy reverses Latin-side mojibake; it is "
        "configured not to touch quotes, widths or line breaks, which Chinese text needs as "
        "they are, and gated by a cheap pattern because it is the slowest step there is. "
        "UTF-8 read as GBK loses bytes (every odd byte becomes U+FFFD) and cannot be undone."
    )
    examples = (
        Example("ä¸\xadæ–‡å\xad—ç¬¦", "中文字符"),
        Example("æµ‹è¯•ï¼šé€šè¿‡", "测试：通过"),
        Example("Café “引号”保持不变，全角ＡＢ也不变。"),
    )

    def gate(self, text: str) -> bool:
        return _LATIN_MOJIBAKE.search(text) is not None

    def apply(self, doc: Document) -> str:
        return ftfy.fix_text(doc.text, _FTFY)
