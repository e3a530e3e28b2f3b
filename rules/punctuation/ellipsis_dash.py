"""Ellipsis and dash (P003): `...` and `。。。` in Chinese text become `……`, `--` becomes `——`."""

from __future__ import annotations

import re

from cleaner_rules.punctuation.context import is_cjk
from cleaner_rules.text.chars import CJK_PUNCT, HAN

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

# A whole run of ellipsis pieces at once: `...。。。` is one ellipsis, not two.
_ELLIPSIS = re.compile(r"(?:\.{3,}|。{3,}|…)+")
# `(?<!-)`: a run is tried from its start only, so a long run of `-` stays linear.
_DASH = re.compile(f"(?<=[{HAN}{CJK_PUNCT}]) *-{{2,}} *|(?<!-)-{{2,}}(?=[{HAN}])")
# No space beside the new marks where the spacing rules (S001, S002) would remove it.
_SPACE_BY_MARK = re.compile(
    f"(?<=[{HAN}{CJK_PUNCT}A-Za-z0-9%]) +(?=……|——)|(?<=……|——) +(?=[{HAN}{CJK_PUNCT}A-Za-z0-9%])"
)


class EllipsisDash(Rule):
    code = "P003"
    name = "ellipsis-dash"
    stage = Stage.PUNCTUATION
    touches = ".。…-— "
    summary = "`...` and `。。。` in Chinese text become `……`; `--` becomes `——`."
    rationale = (
        "The Chinese ellipsis is two `…` and the dash two `—`; ASCII stand-ins typed on "
        "Western keyboards split into odd tokens. Runs in Latin text and code stay."
    )
    references = (
        "GB/T 15834-2011 General rules for punctuation (ellipsis `……`, dash `——`)",
    )
    limits = (
        "Decides from neighbours that P004 converts later: `a…!` needs a second pass of the stage",
    )
    examples = (
        Example("他说...我们走吧。。。", "他说……我们走吧……"),
        Example("答案--就在这里", "答案——就在这里"),
        Example("Wait... what? x--y"),
        Example("已经……是标准写法"),
    )

    def gate(self, text: str) -> bool:
        return "..." in text or "。。。" in text or "--" in text or "…" in text

    def apply(self, doc: Document) -> str:
        def ellipsis(m: re.Match[str]) -> str:
            s, e = m.start(), m.end()
            before = doc.text[s - 1] if s else ""
            after = doc.text[e] if e < len(doc.text) else ""
            run = m.group()
            if run == "……" or (run == "…" and after.isascii() and after.isalnum()):
                return run
            if (run == "…" or not run.strip(".")) and not (is_cjk(before) or is_cjk(after)):
                return run
            return "……"

        out = _DASH.sub("——", _ELLIPSIS.sub(ellipsis, doc.text))
        return _SPACE_BY_MARK.sub("", out) if out != doc.text else out
