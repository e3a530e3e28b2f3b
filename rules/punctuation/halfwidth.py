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
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

from cleaner_rules.punctuation.context import (
    CONVERT,
    KEEP,
    first_opinion,
    is_cjk,
    neighbour_at,
    spread,
)
from cleaner_rules.text.chars import HAN

from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}
_PUNCT = re.compile(r"[,;:?!]")
_HAN = re.compile(f"[{HAN}]")
# `(?<! )`: a space run is tried from its start only, so a long run stays linear.
_SPACE_BY_FULLWIDTH = re.compile("(?<! ) +(?=[，；：？！。])|(?<=[，；：？！]) +")
_SPACE_BY_PAREN = re.compile("(?<! ) +(?=[（）])|(?<=[（）]) +")
# A sentence-final period after Han or after a Chinese closing mark (`）.`, `”.`), spaces
# between allowed (`攻关 .`); the match starts at the first space so they go with it.
_PERIOD = re.compile(f"\\.(?=[ ]*(?:$|\\n|[{HAN}“”（]))", re.M)
_PERIOD_AFTER_HAN = re.compile(f"(?<=[{HAN}）」』”]) *\\.")
# ASCII classes on purpose: `\w` also matches Han and makes these scans several times slower.
_URLISH = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]*[A-Za-z0-9/#=&%_~+-]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.]+|`[^`\n]*`"
)



class _Mark(NamedTuple):
    """A node: its kind, its positions, its neighbours, and the positions whose conversion
    makes it Chinese context (step 6)."""

    kind: str
    where: tuple[int, ...]
    before: str
    after: str
    sources: tuple[int, ...]


class _Text(NamedTuple):
    """The text a step looks at, with the spans of URLs, e-mail and code in it."""

    text: str
    protected: list[tuple[int, int]]
    starts: list[int]


def digit_group(t: _Text, mark: _Mark) -> str | None:
    """1: `,` or `:` between digits is a digit group or a time."""
    if mark.kind == "punct" and t.text[mark.where[0]] in ",:":
        if mark.before.isdigit() and mark.after.isdigit():
            return KEEP
    return None


def protected(t: _Text, mark: _Mark) -> str | None:
    """2: a mark inside a URL, an e-mail address or inline code belongs to it."""
    if mark.kind != "punct":
        return None
    s = mark.where[0]
    i = bisect_right(t.starts, s) - 1
    return KEEP if i >= 0 and s < t.protected[i][1] else None


def period_context(t: _Text, mark: _Mark) -> str | None:
    """3: a period after Han ends a Chinese sentence before the line's end or Chinese."""
    if mark.kind == "period" and _PERIOD.match(t.text, mark.where[0]) is not None:
        return CONVERT
    return None


def han_inside(t: _Text, mark: _Mark) -> str | None:
    """4: parentheses around Han are Chinese parentheses."""
    s, e = mark.where[0], mark.where[-1]
    if mark.kind == "paren" and s != e and _HAN.search(t.text, s + 1, e) is not None:
        return CONVERT
    return None


def cjk_neighbour(t: _Text, mark: _Mark) -> str | None:
    """5: a mark beside Han or a CJK mark is in Chinese context (not a period: step 3)."""
    if mark.kind != "period" and (is_cjk(mark.before) or is_cjk(mark.after)):
        return CONVERT
    return None


STEPS: tuple[tuple[str, Callable[[_Text, _Mark], str | None]], ...] = (
    ("1 digit-group", digit_group),
    ("2 protected", protected),
    ("3 period-context", period_context),
    ("4 han-inside", han_inside),
    ("5 cjk-neighbour", cjk_neighbour),
)
SPREAD = "6 spread"


def _marks(text: str) -> list[_Mark]:
    """Every node of `text`: `, ; : ? !`, periods after Han, parentheses."""
    units = [("punct", (m.start(),)) for m in _PUNCT.finditer(text)]
    units += [("period", (m.end() - 1,)) for m in _PERIOD_AFTER_HAN.finditer(text)]
    units += [("paren", unit) for unit in _paren_units(text)]
    marks = []
    for kind, where in units:
        b, a = neighbour_at(text, where[0] - 1, -1), neighbour_at(text, where[-1] + 1, 1)
        before, after = text[b] if b >= 0 else "", text[a] if a >= 0 else ""
        if kind == "period":  # Chinese context only through a `(` after it
            sources = (a,) if after == "(" else ()
        else:
            sources = (b, a)
        marks.append(_Mark(kind, where, before, after, sources))
    return marks


def _decide(text: str) -> tuple[list[_Mark], dict[int, str]]:
    """The nodes of `text`, and for each node that converts the step that decided it."""
    found = []
    if "://" in text or "@" in text or "`" in text:
        found = [(m.start(), m.end()) for m in _URLISH.finditer(text)]
    t = _Text(text, found, [s for s, _ in found])
    marks = _marks(text)
    owner = {p: k for k, mark in enumerate(marks) for p in mark.where}
    decided: dict[int, str] = {}
    links: dict[int, list[int]] = {}
    for k, mark in enumerate(marks):
        step, verdict = first_opinion(STEPS, t, mark)
        if verdict == KEEP:
            continue
        if verdict == CONVERT:
            decided[k] = step
        for j in mark.sources:
            if j in owner:
                links.setdefault(owner[j], []).append(k)
    for k in spread(list(decided), links) - decided.keys():
        decided[k] = SPREAD
    return marks, decided


def _paren_units(text: str) -> list[tuple[int, ...]]:
    """Positions of `(`/`)`: matched pairs within a line as (open, close), the rest alone."""
    if "(" not in text and ")" not in text:
        return []
    stack: list[int] = []
    pairs: list[tuple[int, ...]] = []
    lone: list[int] = []
    for i, c in enumerate(text):
        if c == "\n":
            lone.extend(stack)
            stack.clear()
        elif c == "(":
            stack.append(i)
        elif c == ")":
            if stack:
                pairs.append((stack.pop(), i))
            else:
                lone.append(i)
    lone.extend(stack)
    return pairs + [(i,) for i in lone]


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
        Example("课题组联合攻关 .规模扩大（见附表）.", "课题组联合攻关。规模扩大（见附表）。"),
        Example("Unitree H1: Humanoid Robot, at the Gala."),
        Example("访问 https://example.com/a,b 获取"),
        Example("参考 https://example.com/docs,或者来信", "参考 https://example.com/docs，或者来信"),
    )

    def gate(self, text: str) -> bool:
        return any(c in text for c in ",;:?!().")

    def apply(self, doc: Document) -> str:
        text = doc.text
        marks, decided = _decide(text)
        if not decided:
            return text
        chars = list(text)
        for k in decided:
            for p in marks[k].where:
                chars[p] = _FULL[text[p]]
        out = "".join(chars)
        if any(marks[k].kind in ("punct", "period") for k in decided):
            out = _SPACE_BY_FULLWIDTH.sub("", out)
        if any(marks[k].kind == "paren" for k in decided):
            out = _SPACE_BY_PAREN.sub("", out)
        return out

    def decisions(self, doc: Document) -> list[Decision]:
        """One decision per mark converted: the step that found its Chinese context."""
        text = doc.text
        marks, decided = _decide(text)
        found = [(p, step) for k, step in decided.items() for p in marks[k].where]
        return [
            Decision(text.count("\n", 0, p) + 1, step, CONVERT, _excerpt(text, p))
            for p, step in sorted(found)
        ]


def _excerpt(text: str, p: int, reach: int = 8) -> str:
    """The mark at `p` with up to `reach` characters either side on its line."""
    start = max(text.rfind("\n", 0, p) + 1, p - reach)
    end = text.find("\n", p)
    return text[start:min(p + reach + 1, len(text) if end < 0 else end)]
