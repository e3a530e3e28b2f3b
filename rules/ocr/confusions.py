"""OCR confusions that context makes unambiguous, and a count of what cannot be repaired."""

from __future__ import annotations

import re

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

_UNITS = "年月日号號时時点點分秒元万萬亿億%％个個岁歲度米"
# A run mixing digits and their look-alikes, not part of a Latin word.
_RUN = re.compile(r"(?<![A-Za-z0-9])[0-9OoIl〇]{2,}(?![A-Za-z0-9])")
# Matched only from the start of a run (look-behind): from inside a long run the engine
# would retry every suffix and take quadratic time on `OOOO…` or `二O二O…`.
_HAN_NUMERAL_RUN = re.compile(
    "(?<![〇一二三四五六七八九零Oo])[〇一二三四五六七八九零]*[Oo][〇一二三四五六七八九零Oo]*(?=年)"
)
_DIGIT_TABLE = str.maketrans("OoIl〇", "00110")


def _fix_run(m: re.Match[str], text: str) -> str:
    """Digits win when real digits make up half the run or a unit follows (2O2O年, l0月)."""
    run = m.group()
    digits = sum(c.isdigit() for c in run)
    if digits == len(run) or digits == 0:
        return run
    after = text[m.end():m.end() + 1]
    if digits * 2 >= len(run) or (after and after in _UNITS):
        return run.translate(_DIGIT_TABLE)
    return run


class OCRDigits(Rule):
    code = "O001"
    name = "ocr-digits"
    stage = Stage.OCR
    touches = "OoIl〇01"
    summary = "Letters read for digits inside numbers (2O2O年, l0月) become digits."
    rationale = (
        "OCR confuses O/0 and l/1. Inside a run of digits, or a number followed by a unit "
        "such as 年, 月 or 元, only one reading makes sense. Look-alike Chinese characters "
        "are never guessed."
    )
    references = (
        "docs/policy.md, OCR: the O/0 and l/1 confusions of OCR engines",
    )
    limits = (
        "A run with fewer real digits than letters and no unit after it (`lO`) stays",
    )
    examples = (
        Example("2O2O年l0月3日，花费1O0元", "2020年10月3日，花费100元"),
        Example("二O二一年", "二〇二一年"),
        Example("O2O模式和B2B平台，iPhone与COOL"),
    )

    def gate(self, text: str) -> bool:
        # A run is repaired only where a look-alike touches a digit, or O/o a Han numeral
        # (a mixed run has such a pair somewhere): the native core looks for the pair.
        return any(c in text for c in "OoIl〇") and _native.ocr_digit_candidates(
            utf32(text)
        )

    def apply(self, doc: Document) -> str:
        text = _RUN.sub(lambda m: _fix_run(m, doc.text), doc.text)
        return _HAN_NUMERAL_RUN.sub(
            lambda m: m.group().replace("O", "〇").replace("o", "〇")
            if any(c in m.group() for c in "〇一二三四五六七八九零")
            else m.group(),
            text,
        )


_DAMAGE = re.compile("\ufffd|[□■]+")


class OCRDamage(Rule):
    code = "O002"
    name = "ocr-damage"
    stage = Stage.OCR
    summary = "Count unrecognised-character placeholders (U+FFFD, □, ■) into metadata."
    rationale = (
        "Placeholders stand for characters nobody can restore without the page image; "
        "guessing would invent text. Their count in `meta.ocr_damage` lets users filter "
        "badly damaged documents."
    )
    references = (
        "docs/policy.md, OCR: placeholders are counted, never guessed",
    )
    limits = (
        "Counts placeholders only; what they stand for needs the page image",
    )
    examples = (
        Example("这是一个\ufffd字和□□符号。", meta={"ocr_damage": 2}),
        Example("没有损坏的文字。", meta={}),
    )

    def gate(self, text: str) -> bool:
        return "\ufffd" in text or "□" in text or "■" in text  # what `_DAMAGE` matches

    def apply(self, doc: Document) -> str:
        doc.extra["ocr_damage"] = len(_DAMAGE.findall(doc.text))
        return doc.text


# A bracket whose partner is the other kind: OCR reads the full-width （ as 〈 and ） as 〉,
# and a single angle bracket as a double one.
_ANGLE_ROUND = re.compile("〈([^〈〉（）\n]*)）")
_ROUND_ANGLE = re.compile("（([^〈〉（）\n]*)〉")
_SINGLE_DOUBLE = re.compile("〈([^〈〉《》\n]*)》")
_DOUBLE_SINGLE = re.compile("《([^〈〉《》\n]*)〉")


class OCRBrackets(Rule):
    code = "O003"
    name = "ocr-brackets"
    stage = Stage.OCR
    touches = "〈〉《》（）"
    summary = "Bracket pairs of two kinds (`〈…）`, `〈…》`) become one kind."
    rationale = (
        "OCR reads the full-width round bracket as the angle bracket, whose glyph is "
        "almost the same, and a single angle bracket as a double one. A pair of two kinds "
        "(nothing bracket-like between, on one line) was one kind when written: round "
        "where one half is round (`〈…）`, `（…〉`: OCR turns round into angle, not the "
        "reverse), else the opener's kind (`〈…》`, `《…〉`). Matching pairs (`〈书名〉`, "
        "`（注）`) stay: there is nothing to tell them apart."
    )
    references = (
        "docs/policy.md, OCR: bracket pairs of two kinds",
    )
    limits = (
        "A matching pair of the wrong kind (`〈注〉` for `（注）`) looks real and stays",
    )
    examples = (
        Example("全长约5公里〈3英里）。", "全长约5公里（3英里）。"),
        Example("他在（北方〉住了十年。", "他在（北方）住了十年。"),
        Example("他在信中提到〈与友人书》一文。", "他在信中提到〈与友人书〉一文。"),
        Example("读了《春晓〉这首诗", "读了《春晓》这首诗"),
        Example("读了〈春晓〉这首诗（唐代）和《静夜思》。"),
        Example("〈甲（乙）丙〉"),
    )

    def gate(self, text: str) -> bool:
        return "〈" in text or "〉" in text

    def apply(self, doc: Document) -> str:
        text = _ANGLE_ROUND.sub(r"（\1）", doc.text)
        text = _ROUND_ANGLE.sub(r"（\1）", text)
        text = _SINGLE_DOUBLE.sub(r"〈\1〉", text)
        return _DOUBLE_SINGLE.sub(r"《\1》", text)


class OCRStopComma(Rule):
    code = "O004"
    name = "ocr-stop-comma"
    stage = Stage.OCR
    touches = "。"
    summary = "`。，` (a full stop glued to a comma) becomes `，`."
    rationale = (
        "OCR reads one full-width comma as a full stop followed by a comma: the comma "
        "sits low in its cell where the stop does. No writing puts the two together, and "
        "the comma is what the text goes on with."
    )
    references = (
        "docs/policy.md, OCR: a full stop glued to a comma",
    )
    limits = (
        "Only `。，`; other glued pairs stay as they are",
    )
    examples = (
        Example("到了1628年。，议会起草了请愿书。", "到了1628年，议会起草了请愿书。"),
        Example("他说完了。“好，走吧。”"),
    )

    def gate(self, text: str) -> bool:
        return "。，" in text

    def apply(self, doc: Document) -> str:
        return doc.text.replace("。，", "，")
