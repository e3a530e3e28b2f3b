"""Spacing between CJK characters, and between CJK and Latin letters or digits."""

from __future__ import annotations

import re

from cleaner_rules.text.chars import CJK, HAN, outside_code

from cleaner.document import Document
from cleaner.rule import Example, Option, Rule, Stage

# The literal space comes first so `re` can scan for it quickly (about 8x faster than a
# pattern that starts with a look-behind); the look-behind then checks the character before.
_CJK_SPACE = re.compile(f" (?<=[{CJK}] ) *(?=[{CJK}])")
# A letter-spaced run: four or more single characters, one space apart (`2 0 1 6 年`).
_SPACED_RUN = re.compile(r"(?<!\S)\S(?: \S(?!\S)){3,}")
_CJK_CHAR = re.compile(f"[{CJK}]")


def _unspace(match: re.Match[str]) -> str:
    """Inside a letter-spaced run with CJK in it, digits and Latin letters lose their spaces
    too (`2 0 1 6 年` -> `2016年`, `B 2 B` -> `B2B`); a run of Latin letters alone stays."""
    run = match.group()
    return run.replace(" ", "") if len(_CJK_CHAR.findall(run)) >= 2 else run


# Full-width punctuation that never wants a space beside it (curly quotes handled apart).
_FW_PUNCT = (
    "\u3001\u3002\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20"
    "\uff3b\uff3d\uff5b-\uff5e\u2026\u2014"
)
_ALNUM = "A-Za-z0-9%"
_PUNCT_SPACE_AFTER = re.compile(f" (?<=[{_FW_PUNCT}] ) *(?=[{_ALNUM}])")
_PUNCT_SPACE_BEFORE = re.compile(f" (?<=[{_ALNUM}] ) *(?=[{_FW_PUNCT}])")
# Curly quotes belong to the Chinese side only when Chinese text is on their inner side.
_QUOTE_OPEN_SPACE = re.compile(f" (?<=[{_ALNUM}] ) *(?=[“‘][{HAN}])")
_QUOTE_CLOSE_SPACE = re.compile(f" (?<=[{HAN}][”’] ) *(?=[{_ALNUM}])")
_HAN_LATIN = re.compile(f" (?<=[{HAN}] ) *(?=[A-Za-z0-9])")
_LATIN_HAN = re.compile(f" (?<=[{_ALNUM}] ) *(?=[{HAN}])")
_ADD_HAN_LATIN = re.compile(f"(?<=[{HAN}])(?=[A-Za-z0-9])")
_ADD_LATIN_HAN = re.compile(f"(?<=[{_ALNUM}])(?=[{HAN}])")


class CJKSpaces(Rule):
    code = "S001"
    name = "cjk-spaces"
    stage = Stage.SPACING
    touches = " "
    summary = "Remove spaces between two CJK characters, CJK punctuation included."
    rationale = (
        "Chinese is written without spaces. Spaces between CJK characters come from "
        "letter-spaced justified PDF lines, OCR and careless editing; they inflate token "
        "counts and break n-gram statistics. Nothing is put in their place. Inside a "
        "letter-spaced run digits and Latin letters lose their spaces too."
    )
    references = (
        "W3C Requirements for Chinese Text Layout (clreq): no spaces between Han characters",
    )
    limits = (
        "Letter-spacing needs four single characters spaced out; shorter runs keep digit spaces",
    )
    examples = (
        Example("作 为 一 位 老 师 ， 她", "作为一位老师，她"),
        Example("本报记者 王小明", "本报记者王小明"),
        Example("本报电 （李 明） 由", "本报电（李明）由"),
        Example("Open Source 社区"),
        Example("运行：\n```\ncleaner run 输入 输出\n```\n或者 `cleaner run 目录 结果` 也行。"),
        Example("始 建 于 2 0 1 6 年 ， 采 用 B 2 B 模 式", "始建于2016年，采用B2B模式"),
        Example("西蒙·塞加斯（Simon Segars）于 1991 年加入"),
        Example("选项 A B C D 任选其一"),
    )

    def gate(self, text: str) -> bool:
        return " " in text

    def apply(self, doc: Document) -> str:
        return outside_code(doc.text, self._fix)  # code keeps the author's spaces

    @staticmethod
    def _fix(text: str) -> str:
        if _CJK_SPACE.search(text):  # letter-spaced lines always space two CJK characters
            text = _SPACED_RUN.sub(_unspace, text)
        return _CJK_SPACE.sub("", text)


class CJKLatinSpacing(Rule):
    code = "S002"
    name = "cjk-latin-spacing"
    stage = Stage.SPACING
    touches = " "
    summary = "Space between CJK and Latin letters or digits: remove, add or keep."
    rationale = (
        "Mainland typesetting writes `于1991年` and `QQ音乐`; pangu and AutoCorrect style "
        "puts one space there. A corpus should be consistent, so one option decides for "
        "the whole run. In every mode there is no space beside full-width punctuation."
    )
    references = (
        "W3C clreq: spacing between Han and Western text; the pangu.js convention",
    )
    limits = (
        "One setting for the whole run: a corpus keeps no document's own convention",
    )
    options = (
        Option("cjk_latin", "remove", "remove, add or keep spaces between CJK and Latin/digits",
               choices=("remove", "add", "keep")),
    )
    examples = (
        Example("于 1991 年加入 QQ 音乐", "于1991年加入QQ音乐"),
        Example("于1991年加入QQ音乐", "于 1991 年加入 QQ 音乐", options={"cjk_latin": "add"}),
        Example("于 1991年", options={"cjk_latin": "keep"}),
        Example("Mlog （即 Music log，音乐日志）", "Mlog（即Music log，音乐日志）"),
        Example("01 “一张名片”", "01“一张名片”"),
        Example('He said “hello” to me.'),
    )

    def gate(self, text: str) -> bool:
        return self.cjk_latin == "add" or " " in text

    def apply(self, doc: Document) -> str:
        return outside_code(doc.text, self._fix)  # code keeps the author's spaces

    def _fix(self, text: str) -> str:
        for pattern in (_PUNCT_SPACE_AFTER, _PUNCT_SPACE_BEFORE, _QUOTE_OPEN_SPACE,
                        _QUOTE_CLOSE_SPACE):
            text = pattern.sub("", text)
        if self.cjk_latin == "remove":
            text = _LATIN_HAN.sub("", _HAN_LATIN.sub("", text))
        elif self.cjk_latin == "add":
            text = _ADD_LATIN_HAN.sub(" ", _ADD_HAN_LATIN.sub(" ", text))
        return text
