"""B002 interstitial ads: an ad or link-bait line that cuts a sentence in two.

Each candidate line (known ad wording, or a short question, exclamation or 推荐：-style
line) goes through an ordered list of named steps (`InterstitialAd.STEPS`), each saying
join (the line goes and the two halves of the sentence it cut are joined), drop (the line
goes) or nothing:

1. known-ad: wording from `[interstitial]` in rules/data/chrome.txt that does not end a
   sentence: join where it stands between two halves of a sentence, else drop.
2. bait: any other short line (up to 30 characters) that is a question, an exclamation or
   a 推荐：-style link, where the line before stops mid-sentence and the line after goes on
   with it: join. In hard-wrapped text only the link prefix counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cleaner_rules.boilerplate.lines import CONTINUES
from cleaner_rules.boilerplate.vocabulary import matching_lines
from cleaner_rules.text.chars import CLOSERS, HAN_RE, OPENERS, ends_sentence
from cleaner_rules.text.seams import join_fragments

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Decision, Example, Rule, Stage

MAX_BAIT_CHARS = 30
# Prefixes that announce a link rather than the article's own words: a hint, not a need.
_BAIT_WORDS = (
    "推荐", "推荐阅读", "延伸阅读", "相关阅读", "热门", "热读", "热点", "广告", "推广", "猜你想看",
    "猜你喜欢", "你可能感兴趣", "精彩推荐", "今日推荐", "编辑推荐", "往期精选",
)
_BAIT_PREFIX = re.compile(rf"[【\[]?({'|'.join(_BAIT_WORDS)})[】\]]?\s*[:：|｜】\]]")
_BAIT_STARTS = "【[" + "".join(sorted({w[0] for w in _BAIT_WORDS}))  # what a prefix begins with
_BAIT_ENDS = "？！?!"  # a question or an exclamation, closing quotes or brackets after it
_BAIT_END = re.compile(f"[{_BAIT_ENDS}][{re.escape(CLOSERS)}]*$")
_LIST_START = re.compile(
    r"(?:第[一二三四五六七八九十百零\d]+[章节条部分篇回]|[（(]?[一二三四五六七八九十\d]+[)）、.．]"
    r"|[•·●■◆▶▪\-*#>])"
)


def _bait_candidates(text: str, lines: list[str]) -> set[int]:
    """Lines of up to MAX_BAIT_CHARS characters that are a question or an exclamation, and
    lines with a link prefix (推荐：), stripped; the native core finds the first and the
    lines that can be the second (native/src/bait.rs)."""
    ending, starting = _native.bait_lines(
        utf32(text), MAX_BAIT_CHARS, _BAIT_ENDS, CLOSERS,
        _BAIT_STARTS,
    )
    return {*ending, *(i for i in starting if _BAIT_PREFIX.match(lines[i].strip()))}


def _hard_wrapped(lines: list[str]) -> bool:
    """Most lines stop mid-sentence and the text goes on in the next non-blank line: a
    hard-wrapped layout (pdfminer-style extraction puts blank lines between them too)."""
    runs = total = 0
    prev = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if len(prev) >= 8:
            total += 1
            runs += not ends_sentence(prev)
        prev = line
    return total >= 3 and runs >= 0.5 * total


def _bait(line: str, prev: str, nxt: str, wrapped: bool) -> bool:
    """A short self-contained line (a question, an exclamation or a "推荐：" link) that
    stands between two halves of one sentence: `prev` stops mid-sentence and `nxt` goes on.

    In a hard-wrapped text every line stops mid-sentence, and a paragraph's short last
    line may end with ？ right before the next paragraph: there only a 推荐：-style prefix
    marks the line as a link.
    """
    core = line.strip()
    if not 2 <= len(core) <= MAX_BAIT_CHARS:
        return False
    prefix = _BAIT_PREFIX.match(core) is not None
    if not (prefix or (_BAIT_END.search(core) and not wrapped)):
        return False
    if "。" in core or core[0] in OPENERS:
        return False
    prev, nxt = prev.strip(), nxt.strip()
    return (
        len(prev) >= 8
        and len(core) < max(len(prev), len(nxt))
        and (prev[-1] in "，、" or HAN_RE.match(prev[-1]) is not None)
        and CONTINUES.match(nxt) is not None
        and _LIST_START.match(nxt) is None
    )




def _known_ad(known: bool, line: str, prev: str, nxt: str, wrapped: bool) -> str | None:
    """Step 1: known ad wording goes, and rejoins the sentence it cut."""
    if not known or ends_sentence(line):
        return None
    return "join" if prev and nxt and not ends_sentence(prev) else "drop"


def _bait_line(known: bool, line: str, prev: str, nxt: str, wrapped: bool) -> str | None:
    """Step 2: a short bait line that cuts a sentence goes, and the halves are joined."""
    return "join" if prev and nxt and _bait(line, prev, nxt, wrapped) else None


Step = Callable[[bool, str, str, str, bool], "str | None"]


class InterstitialAd(Rule):
    code = "B002"
    name = "interstitial-ad"
    stage = Stage.BOILERPLATE
    summary = "Remove an ad or link-bait line that cuts a sentence in two, and rejoin it."
    rationale = (
        "Content farms and aggregators insert ad lines inside paragraphs, sometimes "
        "mid-sentence; removing the line alone would leave the sentence split in two. "
        "Known ad wording (rules/data/chrome.txt) goes wherever it stands; any other short "
        "question, exclamation or 推荐：-style line goes only where it cuts a sentence: the "
        "line before stops mid-sentence, the line after continues it. In hard-wrapped text, "
        "where every line stops mid-sentence, only a 推荐：-style prefix marks a link. "
        "Steps, in order: 1 known-ad, 2 bait (see the module docstring)."
    )
    references = ("docs/policy.md (Interstitials)", "rules/data/chrome.txt [interstitial]")
    limits = (
        "Unknown ad wording that does not cut a sentence (between two paragraphs) stays.",
        "In hard-wrapped text a bait question or exclamation without a 推荐：-style prefix "
        "stays.",
        "Bait longer than 30 characters, or with a 。 in it, stays.",
    )
    examples = (
        Example("我们在调研中发现\n【广告】点击领取新人红包>>\n许多老人并不会使用手机。",
                "我们在调研中发现许多老人并不会使用手机。"),
        Example("第一段结束了。\n\n推荐：十个最好用的小工具>>\n\n第二段开始。",
                "第一段结束了。\n\n第二段开始。"),
        Example("他点击查看了说明书。"),
        Example(
            "晚饭后，老周照例沿着河堤散步，走到第三座桥时，\n每天喝八杯水真的健康吗？\n"
            "他看见桥下停着一条没有人的小船。",
            "晚饭后，老周照例沿着河堤散步，走到第三座桥时，他看见桥下停着一条没有人的小船。",
        ),
        Example(  # the question ends a paragraph: the next line does not continue the first
            "大家都在问，这座老房子到底该不该拆？\n谁也说不清。\n第二天，施工队来了。"
        ),
        Example(  # hard-wrapped text: a short line ending with ？ is a paragraph's last line
            "村里的老人们常常坐在槐树下议论，这\n条新修的公路究竟会给大家带来什么\n"
            "样的变化呢？\n年轻人却早已经收拾行李，准备进城\n去闯一闯，看看外面的世界。"
        ),
    )

    STEPS: tuple[tuple[str, Step], ...] = (("1 known-ad", _known_ad), ("2 bait", _bait_line))

    def apply(self, doc: Document) -> str:
        return self._cut(doc, None)

    def decisions(self, doc: Document) -> list[Decision]:
        log: list[Decision] = []
        self._cut(doc, log)
        return log

    def _cut(self, doc: Document, log: list[Decision] | None) -> str:
        """The text without its ad lines; each decision goes to `log` when one is given."""
        lines = doc.text.split("\n")
        known = matching_lines("interstitial", doc.text)
        candidates = known | _bait_candidates(doc.text, lines)
        if not candidates:
            return doc.text
        wrapped = _hard_wrapped(lines)
        out: list[str] = []
        i = 0
        while i < len(lines):
            if i in candidates:
                i = self._judge(lines, i, out, (i in known, wrapped), log)
            else:
                out.append(lines[i])
                i += 1
        return "\n".join(out)

    def _judge(
        self, lines: list[str], i: int, out: list[str], flags: tuple[bool, bool],
        log: list[Decision] | None,
    ) -> int:
        """Decide candidate line `i` after the text so far (`out`, changed in place) and
        return the next line to read. `flags`: (known ad wording, hard-wrapped text)."""
        line = lines[i]
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        k = len(out)
        while k and not out[k - 1].strip():
            k -= 1
        prev = out[k - 1] if k else ""
        nxt = lines[j] if j < len(lines) else ""
        step, verdict = self._verdict(flags[0], line, prev, nxt, flags[1])
        if log is not None and verdict:
            log.append(Decision(i + 1, step, verdict, line.strip()))
        if verdict == "join":
            del out[k:]
            out[-1] = join_fragments(out[-1], nxt.strip())
            return j + 1
        if verdict == "drop":
            # Drop one of the blank lines that framed the ad.
            framed = bool(out) and not out[-1].strip() and i + 1 < len(lines)
            return i + 2 if framed and not lines[i + 1].strip() else i + 1
        out.append(line)
        return i + 1

    def _verdict(
        self, known: bool, line: str, prev: str, nxt: str, wrapped: bool
    ) -> tuple[str, str | None]:
        """The first step with an opinion on the line: (its name, join or drop)."""
        for name, step in self.STEPS:
            verdict = step(known, line, prev, nxt, wrapped)
            if verdict:
                return name, verdict
        return "", None
