"""Ellipsis and dash (P003): `...` and `。。。` in Chinese text become `……`, `--` becomes `——`.

The glyph variants that fonts and extractors put in their place go the same way: the
midline ellipsis `⋯` (PyMuPDF reads a CJK font's `…` as U+22EF) and the two-em dash `⸺`
(one code point for `——`).
"""

from __future__ import annotations

import re

from cleaner_rules.punctuation.context import is_cjk
from cleaner_rules.text.chars import CJK_PUNCT, HAN, HAN_RE

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

# A whole run of ellipsis pieces at once: `...。。。` is one ellipsis, not two. The first
# piece is spelled out so that each alternative opens with a literal, which `re` scans for
# fast (eight times faster than the plain `(?:\.{3,}|。{3,}|[…⋯])+`, same matches).
_ELLIPSIS = re.compile(r"(?:\.\.\.+|。。。+|…|⋯)(?:\.{3,}|。{3,}|[…⋯])*")
_ONE = ("…", "⋯")  # a single ellipsis character stays beside Latin (`a…b`, `x₁+⋯+xₙ`)
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
    touches = ".。…⋯-—⸺ "
    summary = "`...`, `。。。` and `⋯⋯` in Chinese text become `……`; `--` and `⸺` become `——`."
    rationale = (
        "The Chinese ellipsis is two `…` and the dash two `—`; ASCII stand-ins typed on "
        "Western keyboards split into odd tokens, and so do the glyph variants PDF text "
        "comes back with (`⋯⋯` for `……`, `⸺` for `——`). Runs in Latin text and code stay."
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
        Example("他想了想⋯⋯还是算了。⸺摘自来信", "他想了想……还是算了。——摘自来信"),
        Example("x₁+⋯+xₙ ⸺ a Latin line"),
    )

    def gate(self, text: str) -> bool:
        return any(mark in text for mark in ("...", "。。。", "--", "…", "⋯", "⸺"))

    def apply(self, doc: Document) -> str:
        def ellipsis(m: re.Match[str]) -> str:
            s, e = m.start(), m.end()
            before = doc.text[s - 1] if s else ""
            after = doc.text[e] if e < len(doc.text) else ""
            run = m.group()
            if run == "……" or (run in _ONE and after.isascii() and after.isalnum()):
                return run
            if (run in _ONE or not run.strip(".")) and not (is_cjk(before) or is_cjk(after)):
                return run
            return "……"

        out = _ELLIPSIS.sub(ellipsis, doc.text)
        if "--" in out:  # what `_DASH` needs: its look-behinds are tried everywhere
            out = _DASH.sub("——", out)
        if "⸺" in out:
            out = "\n".join(_two_em(line) for line in out.split("\n"))
        if out == doc.text or " " not in out or ("……" not in out and "——" not in out):
            return out  # no space beside a new mark
        return _SPACE_BY_MARK.sub("", out)


def _two_em(line: str) -> str:
    """The two-em dash `⸺` on a line with Han is the Chinese dash `——`."""
    return line.replace("⸺", "——") if "⸺" in line and HAN_RE.search(line) else line
