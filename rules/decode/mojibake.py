"""Mojibake repair: text that was decoded with the wrong codec somewhere upstream."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from cleaner import _native
from cleaner.charsets import common_chars
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

if TYPE_CHECKING:
    import ftfy

# UTF-8 lead byte read as Latin-1/cp1252 (Â..ô) followed by a continuation byte read the
# same way. Chinese UTF-8 read as cp1252 always produces such pairs; running text almost
# never does, so this finds exactly the documents ftfy would change at a fraction of its
# cost.
_LATIN_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)



@lru_cache(maxsize=4096)
def _in_gbk(ch: str) -> bool:
    try:
        ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def _latin_mojibake(text: str) -> bool:
    """Evidence of UTF-8 read as cp1252: a lead-continuation pair with a character that GBK
    text cannot hold. Pairs made only of GBK's own Latin letters and symbols (`é°`, `×¤`,
    `è…`) are how correct Chinese text with pinyin and signs can look; real mojibake of a
    Chinese sentence always has leads like ä å æ ç or continuations like ¢ © ® ³ that GBK
    lacks."""
    return any(
        not (_in_gbk(m.group()[0]) and _in_gbk(m.group()[1]))
        for m in _LATIN_MOJIBAKE.finditer(text)
    )


def _fix_latin(text: str) -> str:
    """ftfy's codec repair alone (no width, quote or line-break fixes: other rules own
    those). ftfy is imported on the first document that needs it: importing it costs a
    twelfth of a CPU-second in every process, and most corpora have no such document."""
    import ftfy

    return ftfy.fix_text(text, _ftfy_config())


@cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def _gbk_cells(leads: range, trails: range) -> str:
    """Characters GB18030 decodes from these two-byte cells, as a regex class body."""
    out = set()
    for lead in leads:
        for trail in trails:
            try:
                out.add(bytes((lead, trail)).decode("gb18030"))
            except UnicodeDecodeError:
                pass
    return "".join(re.escape(ch) for ch in sorted(out))


# UTF-8 of a CJK character or full-width mark (lead E0-EF, two continuations 80-BF) read
# as GBK pairs its bytes across characters: a lead with a continuation, then a
# continuation with the next lead. Two such neighbours start every mojibake span of two or
# more characters; correct text seldom has them, and `_repair_gbk` judges the rest.
_GBK_MOJIBAKE = re.compile(
    f"[{_gbk_cells(range(0xE0, 0xF0), range(0x80, 0xC0))}]"
    f"[{_gbk_cells(range(0x80, 0xC0), range(0xE0, 0xF0))}]"
)
# Unrecoverable: UTF-8 of U+FFFD read as GBK (锟斤拷), MSVC's fill bytes for uninitialised
# stack and heap memory read as GBK (0xCC 烫, 0xCD 屯). Nothing is left to decode.
_RESIDUE = re.compile("锟斤拷|烫{3,}|屯{3,}")
_RESIDUE_SEEDS = ("锟斤拷", "烫烫烫", "屯屯屯")  # substring tests: far cheaper than the regex


@cache
def _gbk_repair() -> _native.GbkRepair:
    """The native repair's tables: GB18030 of each BMP code point as Python's codec writes
    it (the planes above follow the standard's four-byte run, which the core computes) and
    the common characters."""
    encoded = [b"" if 0xD800 <= c < 0xE000 else chr(c).encode("gb18030") for c in range(0x10000)]
    common = common_chars()
    assert all(ord(c) < 0x10000 for c in common)
    return _native.GbkRepair(b"".join(e.ljust(4, b"\0") for e in encoded),
                             bytes(len(e) for e in encoded), "".join(sorted(common)))


def _repair_gbk(text: str) -> str:
    """Undo UTF-8 read as GBK/GB18030, span by span (a span never crosses ASCII): each
    piece between runs of U+FFFD, `?` and 锟斤拷 is encoded back as GB18030 and read as
    UTF-8, and kept where that reads as common Chinese and the piece did not; bytes of a
    character the first decoder lost become U+FFFD. A private-use character of GB18030's
    user-defined areas says the decoder wrote U+FFFD for a lone 0x80 only, so a span is
    first tried whole with U+FFFD as that byte; `€` is tried as GB18030's own (0xA2E3) and
    then as cp936's 0x80. The native core does it (native/src/mojibake.rs)."""
    changed = _gbk_repair().repair(utf32(text))
    if not changed:
        return text
    pieces, done = [], 0
    for start, end, new in changed:
        pieces += [text[done:start], new.decode("utf-32-le", "surrogatepass")]
        done = end
    return "".join(pieces) + text[done:]


def _has_residue(text: str) -> bool:
    return any(seed in text for seed in _RESIDUE_SEEDS)


class Mojibake(Rule):
    code = "D001"
    name = "mojibake"
    stage = Stage.DECODE
    summary = (
        "Repair text decoded with the wrong codec (UTF-8 read as cp1252, Latin-1 or GBK); "
        "count unrecoverable residue."
    )
    rationale = (
        "Scraped pages are often decoded twice or with the wrong codec, turning every Chinese "
        "character into two or three junk characters. ftfy reverses Latin-side mojibake; it is "
        "configured not to touch quotes, widths or line breaks, which Chinese text needs as "
        "they are, and gated by a cheap pattern because it is the slowest step there is. "
        "UTF-8 read as GBK (浣犲ソ for 你好) is reversed span by span where re-encoding as "
        "GB18030 gives valid UTF-8 that reads as common Chinese and the span did not; a "
        "character whose bytes the first decoder lost becomes U+FFFD. 锟斤拷 (U+FFFD read "
        "as GBK) and 烫烫烫/屯屯屯 (uninitialised memory) have no text behind them: they are "
        "kept, never converted, and counted in `meta.mojibake_residue` (characters)."
    )
    references = (
        "ftfy (Speer): fixes for text decoded with the wrong codec",
        "WHATWG Encoding Standard: the gb18030 index a browser decodes GBK with",
    )
    limits = (
        "cp936 writes `€` for both 0x80 and 0xA2E3: a span that needs both readings stays",
        "锟斤拷, 烫烫烫 and 屯屯屯 have no text behind them: kept and counted, never restored",
        "ftfy reads neighbours that U001/U002 remove later: a second pass can repair more",
        "The `€` of a last character cut short is read as 0xA2E3 first and can invent a character",
    )
    examples = (
        Example("ä¸\xadæ–‡å\xad—ç¬¦", "中文字符"),
        Example("æµ‹è¯•ï¼šé€šè¿‡", "测试：通过"),
        Example("Café “引号”保持不变，全角ＡＢ也不变。"),
        Example("拼音mé°的声调与3×¤的符号都是正确的文字。"),
        Example("娆㈣繋璁块棶鏈\ue102珯", "欢迎访问本站"),
        Example("缃戠珯棣栭〉 鑱旂郴鎴戜滑", "网站首页 联系我们"),
        Example("浠婂ぉ澶╂皵寰堝ソ锛屽嚭鍘昏蛋璧般\ufffd\ufffd", "今天天气很好，出去走走\ufffd"),
        Example("璇疯緭鍏ョ敤鎴峰悕鍜屽瘑鐮?", "请输入用户名和密\ufffd"),
        Example("這個町村推動電氣化，效果很好。"),
        Example("我们学过浣溪沙这个词牌，你知道吗?"),
        Example("文件末尾是锟斤拷锟斤拷，无法恢复。", meta={"mojibake_residue": 6}),
        Example("内存未初始化：烫烫烫烫烫", meta={"mojibake_residue": 5}),
        Example("水很烫，烫烫的茶要慢慢喝。", meta={"mojibake_residue": None}),
    )

    def gate(self, text: str) -> bool:
        return (
            _latin_mojibake(text)
            or _GBK_MOJIBAKE.search(text) is not None
            or _has_residue(text)
        )

    def apply(self, doc: Document) -> str:
        text = doc.text
        if _latin_mojibake(text):
            text = _fix_latin(text)
        if _GBK_MOJIBAKE.search(text):
            text = _repair_gbk(text)
        if _has_residue(text):
            doc.extra["mojibake_residue"] = sum(len(m) for m in _RESIDUE.findall(text))
        return text
