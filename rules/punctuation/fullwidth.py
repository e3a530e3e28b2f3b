"""Full-width Latin letters, digits and operators (P001, P002) become half-width."""

from __future__ import annotations

import re

from cleaner_rules.text.chars import FULLWIDTH_ALNUM

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

_FW_ALNUM = re.compile(f"[{FULLWIDTH_ALNUM}]")
_FW_TABLE = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                       *range(0xFF41, 0xFF5B))}
)


class FullwidthAlnum(Rule):
    code = "P001"
    name = "fullwidth-alnum"
    stage = Stage.PUNCTUATION
    summary = "Full-width ASCII letters and digits become half-width."
    rationale = (
        "`２０２３` and `２０２３` are the same number to a reader but different tokens to "
        "a model; Chinese typesetting standards write Latin letters and digits half-width."
    )
    references = (
        "GB/T 15834-2011 General rules for punctuation; Unicode Halfwidth and Fullwidth Forms",
    )
    limits = (
        "Full-width letters set on purpose (emphasis, vertical text) become half-width too",
    )
    examples = (
        Example("Ｈ２Ｏ与２０２３年", "H2O与2023年"),
        Example("全角标点，保持不变。"),
    )

    def gate(self, text: str) -> bool:
        return _FW_ALNUM.search(text) is not None

    def apply(self, doc: Document) -> str:
        return doc.text.translate(_FW_TABLE)


_OPERATOR_TABLE = str.maketrans("．＋－＝／＊＜＞％：", ".+-=/*<>%:")
# Between two half-width operands: decimal points, operators, ratios, times.
_BETWEEN = re.compile("(?<=[A-Za-z0-9])[．＋－＝／＊＜＞：](?=[A-Za-z0-9])")
# After a half-width operand: a trailing plus or percent (`30＋`, `50％`).
_AFTER = re.compile("(?<=[A-Za-z0-9])[＋％](?![A-Za-z0-9])")
# What both need: an operator right after a half-width operand. Most Chinese text has a
# full-width colon; few have it after a digit or a letter. Led by a character class, this
# scans far faster than the look-behinds, which are tried at every position.
_AFTER_OPERAND = re.compile("[A-Za-z0-9][．＋－＝／＊＜＞％：]")


class FullwidthOperators(Rule):
    code = "P002"
    name = "fullwidth-operators"
    stage = Stage.PUNCTUATION
    touches = "．＋－＝／＊＜＞％：.+-=/*<>%:"
    summary = "Full-width decimal points and operators between half-width operands become ASCII."
    rationale = (
        "Input methods produce `1．3亿` and `30＋`; the number is `1.3`. Symbols next to "
        "Chinese operands (`互联网＋`) and list numbers opening a paragraph (`1．`) are "
        "typography, not arithmetic, and stay."
    )
    references = (
        "GB/T 15835-2011 General rules for writing numerals in publications",
    )
    limits = (
        "Operators beside Chinese operands (`互联网＋`) and a leading `1．` stay, by design",
    )
    examples = (
        Example("1．3亿元，30＋作品，H＋X，50％", "1.3亿元，30+作品，H+X，50%"),
        Example("1．模式创新"),
        Example("互联网＋时代，华为云＋终端云"),
    )

    def gate(self, text: str) -> bool:
        return _AFTER_OPERAND.search(text) is not None

    def apply(self, doc: Document) -> str:
        text = _BETWEEN.sub(lambda m: m.group().translate(_OPERATOR_TABLE), doc.text)
        return _AFTER.sub(lambda m: m.group().translate(_OPERATOR_TABLE), text)

