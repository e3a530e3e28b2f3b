"""Half-width punctuation in Chinese context (P004): `, ; : ? ! ( ) .` become full-width.

Every mark that may convert is a node: one of `, ; : ? !` (a `punct`), a period after Han
or after a Chinese closing mark (a `period`), or parentheses (a `paren`: a pair matched
within a line, or one left alone). A node's neighbours are the nearest non-space characters
on its line before and after it. The steps decide in this order, the first with an opinion
deciding:

1. digit-group: `,` or `:` between two digits (`422,000`, `22:30`) stays.
2. protected: `, ; : ? !` inside a URL, an e-mail address or inline code stays.
3. period-context: a period converts where a Chinese sentence ends there: at the end of
   the line, or before Han, `“`, `”` or `（`.
4. han-inside: parentheses with Han between them convert.
5. cjk-neighbour: a `punct` or `paren` beside a Han character or a CJK mark converts.
6. spread: a node beside a converted one converts, for a converted mark is Chinese context
   for the mark next to it (`:::行` converts whole); one pass does what a second would.

Steps 1 and 2 are final: such a mark does not spread either. A node no step converts stays.
Spaces beside a converted mark go (policy: no space beside full-width punctuation).
The nodes and steps run in the native core (native/src/halfwidth.rs), the conversion here.
"""

from __future__ import annotations

import re

from cleaner_rules.punctuation.context import CONVERT
from cleaner_rules.text.chars import replace_at

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
# A space run before or after the marks. `(?<!  )` after the first space: a run is tried
# from its start only, so a long run stays linear; led by the space, a literal the scan
# finds fast (25 times faster than look-behinds tried at every position).
_SPACE_BY_FULLWIDTH = re.compile(" (?:(?<!  ) *(?=[，；：？！。])|(?<=[，；：？！。] ) *)")
_SPACE_BY_PAREN = re.compile(" (?:(?<!  ) *(?=[（）])|(?<=[（）] ) *)")


# The steps, in order, as the native core (native/src/halfwidth.rs) numbers them.
STEPS = ("1 digit-group", "2 protected", "3 period-context", "4 han-inside", "5 cjk-neighbour")
SPREAD = "6 spread"
_NAMES = (*STEPS, SPREAD)


def _decide(text: str) -> list[tuple[int, str]]:
    """(position, step) of every mark that converts, in order."""
    found = _native.halfwidth_decisions(utf32(text))
    return [(p, _NAMES[step - 1]) for p, step in found]


class HalfwidthPunctuation(Rule):
    code = "P004"
    name = "halfwidth-punctuation"
    stage = Stage.PUNCTUATION
    touches = ",;:?!.()，；：？！。（） "
    summary = "Half-width `, ; : ? ! ( ) .` in Chinese context become full-width."
    rationale = (
        "Chinese text takes full-width punctuation; half-width marks typed in a hurry make "
        "the same sentence tokenize differently. Decimals, times, digit groups, URLs, "
        "e-mail, code and Latin-only sentences keep their ASCII marks."
    )
    references = (
        "GB/T 15834-2011 General rules for punctuation (full-width marks in Chinese text)",
        "W3C Requirements for Chinese Text Layout (clreq), 3.1 punctuation marks",
    )
    limits = (
        "Decides before P005 curls the quote beside a mark: `\"中文\";` needs a second pass",
        "A period converts only after Han or a Chinese closing mark, never after Latin",
    )
    examples = (
        Example("微信:从小程序开始,建立生态!真的吗?", "微信：从小程序开始，建立生态！真的吗？"),
        Example("分校(UCLA)第一节点", "分校（UCLA）第一节点"),
        Example("”, 东汉史学家", "”，东汉史学家"),
        Example("时间是22:30,通话422,000,000分钟。", "时间是22:30，通话422,000,000分钟。"),
        Example("他来了.我们走吧.", "他来了。我们走吧。"),
        Example("他来了. 我们走吧.", "他来了。我们走吧。"),
        Example("课题组联合攻关 .规模扩大（见附表）.", "课题组联合攻关。规模扩大（见附表）。"),
        Example("Unitree H1: Humanoid Robot, at the Gala."),
        Example("访问 https://example.com/a,b 获取"),
        Example("参考 https://example.com/docs,或者来信", "参考 https://example.com/docs，或者来信"),
    )

    def gate(self, text: str) -> bool:
        return any(c in text for c in ",;:?!().")

    def apply(self, doc: Document) -> str:
        text = doc.text
        decided = _decide(text)
        if not decided:
            return text
        out = replace_at(text, {p: _FULL[text[p]] for p, _ in decided})
        if any(text[p] not in "()" for p, _ in decided):
            out = _SPACE_BY_FULLWIDTH.sub("", out)
        if any(text[p] in "()" for p, _ in decided):
            out = _SPACE_BY_PAREN.sub("", out)
        return out

    def decisions(self, doc: Document) -> list[Decision]:
        """One decision per mark converted: the step that found its Chinese context."""
        text = doc.text
        return [
            Decision(text.count("\n", 0, p) + 1, step, CONVERT, _excerpt(text, p))
            for p, step in _decide(text)
        ]


def _excerpt(text: str, p: int, reach: int = 8) -> str:
    """The mark at `p` with up to `reach` characters either side on its line."""
    start = max(text.rfind("\n", 0, p) + 1, p - reach)
    end = text.find("\n", p)
    return text[start:min(p + reach + 1, len(text) if end < 0 else end)]
