"""Character width and punctuation: what Chinese text uses, where it uses it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from cleaner_rules.text.chars import CJK_PUNCT, FULLWIDTH_ALNUM, HAN

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
    examples = (
        Example("1．3亿元，30＋作品，H＋X，50％", "1.3亿元，30+作品，H+X，50%"),
        Example("1．模式创新"),
        Example("互联网＋时代，华为云＋终端云"),
    )

    def gate(self, text: str) -> bool:
        return any(c in text for c in "．＋－＝／＊＜＞％：")

    def apply(self, doc: Document) -> str:
        text = _BETWEEN.sub(lambda m: m.group().translate(_OPERATOR_TABLE), doc.text)
        return _AFTER.sub(lambda m: m.group().translate(_OPERATOR_TABLE), text)


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
            if (run == "…" or not run.strip(".")) and not (_is_cjk(before) or _is_cjk(after)):
                return run
            return "……"

        out = _DASH.sub("——", _ELLIPSIS.sub(ellipsis, doc.text))
        return _SPACE_BY_MARK.sub("", out) if out != doc.text else out


_CJK_CHAR = re.compile(f"[{HAN}{CJK_PUNCT}]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK_CHAR.match(ch) is not None


_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT = re.compile(r"[,;:?!]")
# `(?<! )`: a space run is tried from its start only, so a long run stays linear.
_SPACE_BY_FULLWIDTH = re.compile("(?<! ) +(?=[，；：？！。])|(?<=[，；：？！]) +")
# A sentence-final period after Han or after a Chinese closing mark (`）.`, `”.`), spaces
# between allowed (`攻关 .`); the match starts at the first space so they go with it.
_PERIOD = re.compile(f"\\.(?=[ ]*(?:$|\\n|[{HAN}“”（]))", re.M)
_PERIOD_AFTER_HAN = re.compile(f"(?<=[{HAN}）」』”]) *\\.")
# ASCII classes on purpose: `\w` also matches Han and makes these scans several times slower.
_URLISH = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]*[A-Za-z0-9/#=&%_~+-]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.]+|`[^`\n]*`"
)


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
        protected = []
        if "://" in text or "@" in text or "`" in text:
            protected = [(m.start(), m.end()) for m in _URLISH.finditer(text)]
        starts = [s for s, _ in protected]
        # Every mark that may convert: `, ; : ? !`, a period after Han, `(` `)` in pairs or
        # alone. A converted mark is Chinese context for the mark beside it, so conversion
        # spreads along neighbours: one pass does what a second pass would (idempotence).
        nodes = [("punct", (m.start(),)) for m in _PUNCT.finditer(text)]
        nodes += [("period", (m.end() - 1,)) for m in _PERIOD_AFTER_HAN.finditer(text)]
        nodes += [("paren", unit) for unit in _paren_units(text)]
        owner = {p: k for k, (_, where) in enumerate(nodes) for p in where}
        han = re.compile(f"[{HAN}]")
        hit: list[int] = []
        links: dict[int, list[int]] = {}
        for k, (kind, where) in enumerate(nodes):
            s, e = where[0], where[-1]
            b, a = _neighbour_at(text, s - 1, -1), _neighbour_at(text, e + 1, 1)
            before, after = text[b] if b >= 0 else "", text[a] if a >= 0 else ""
            sources = [b, a]
            if kind == "punct":
                if text[s] in ",:" and before.isdigit() and after.isdigit():
                    continue
                i = bisect_right(starts, s) - 1
                if i >= 0 and s < protected[i][1]:
                    continue
                found = _is_cjk(before) or _is_cjk(after)
            elif kind == "period":  # Han before it (found); Chinese, or `（` after it
                found = _PERIOD.match(text, s) is not None
                sources = [a] if after == "(" else []
            else:
                found = s != e and han.search(text, s + 1, e) is not None
                found = found or _is_cjk(before) or _is_cjk(after)
            if found:
                hit.append(k)
            for j in sources:
                if j in owner:
                    links.setdefault(owner[j], []).append(k)
        done = _spread(hit, links)
        if not done:
            return text
        chars = list(text)
        for kind, where in (nodes[k] for k in done):
            for p in where:
                if kind == "punct":
                    chars[p] = _HALF[text[p]]
                else:
                    chars[p] = {".": "。", "(": "（", ")": "）"}[text[p]]
        out = "".join(chars)
        if any(nodes[k][0] in ("punct", "period") for k in done):
            out = _SPACE_BY_FULLWIDTH.sub("", out)
        if any(nodes[k][0] == "paren" for k in done):
            out = _SPACE_BY_PAREN.sub("", out)
        return out


def _neighbour_at(text: str, i: int, step: int) -> int:
    """Index of the first non-space character from `i` towards `step` on its line, or -1."""
    while 0 <= i < len(text) and text[i] == " ":
        i += step
    return i if 0 <= i < len(text) and text[i] != "\n" else -1


def _neighbour(text: str, i: int, step: int) -> str:
    j = _neighbour_at(text, i, step)
    return text[j] if j >= 0 else ""


def _spread(hit: Iterable[int], links: dict[int, list[int]]) -> set[int]:
    """`hit` and everything linked to it: a converted mark is Chinese context for the mark
    beside it, so one pass converts what a second pass would (the rules stay idempotent)."""
    done = set(hit)
    todo = list(done)
    while todo:
        for k in links.get(todo.pop(), ()):
            if k not in done:
                done.add(k)
                todo.append(k)
    return done


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


_SPACE_BY_PAREN = re.compile("(?<! ) +(?=[（）])|(?<=[（）]) +")


class StraightQuotes(Rule):
    code = "P005"
    name = "straight-quotes"
    stage = Stage.PUNCTUATION
    touches = '"“” '
    summary = 'Straight double quotes around Chinese text become paired “ ”.'
    rationale = (
        "Chinese uses curly double quotes; straight ones come from ASCII keyboards and "
        "machine conversion and are often mixed with curly ones in the same paragraph. "
        "Quotes around Latin-only text keep their form."
    )
    examples = (
        Example('完成"打卡拍照"的操作', "完成“打卡拍照”的操作"),
        Example('一个 "认知盈余" 的概念', "一个“认知盈余”的概念"),
        Example('He said "fine" and left.'),
    )

    def gate(self, text: str) -> bool:
        return '"' in text

    def apply(self, doc: Document) -> str:
        return "\n".join(_quote_line(line) if '"' in line else line
                         for line in doc.text.split("\n"))


def _quote_line(line: str) -> str:
    han = re.compile(f"[{HAN}]")
    if not han.search(line):
        return line
    chars = list(line)
    # Curly and straight quotes share one open/close state: machine-converted text mixes them.
    opened: int | None = None
    pairs: list[tuple[int | None, int | None]] = []
    for i, c in enumerate(line):
        if c == "“" or (c == '"' and opened is None):
            if opened is not None:
                pairs.append((opened, None))
            opened = i
        elif c == "”" or c == '"':
            pairs.append((opened, i))
            opened = None
    if opened is not None:
        pairs.append((opened, None))
    owner = {p: k for k, pair in enumerate(pairs) for p in pair if p is not None and line[p] == '"'}
    hit: list[int] = []
    links: dict[int, list[int]] = {}
    for k, (s, e) in enumerate(pairs):
        found = s is not None and e is not None and han.search(line, s + 1, e) is not None
        # Outside and just inside each quote.
        near = [] if s is None else [_neighbour_at(line, s - 1, -1), _neighbour_at(line, s + 1, 1)]
        if e is not None:
            near += [_neighbour_at(line, e + 1, 1), _neighbour_at(line, e - 1, -1)]
        for j in near:
            if j in owner:
                if owner[j] != k:
                    links.setdefault(owner[j], []).append(k)
            elif j >= 0 and _is_cjk(line[j]):
                found = True
        if found:
            hit.append(k)
    for s, e in (pairs[k] for k in _spread(hit, links)):
        if s is not None and chars[s] == '"':
            chars[s] = "“"
        if e is not None and chars[e] == '"':
            chars[e] = "”"
    out = "".join(chars)
    if out == line:
        return out
    out = re.sub(f"(?<=[{HAN}{CJK_PUNCT}]) +(?=“)|(?<=“) +|(?<=[^ ]) +(?=”)", "", out)
    return re.sub(f"(?<=”) +(?=[{HAN}{CJK_PUNCT}])", "", out)
