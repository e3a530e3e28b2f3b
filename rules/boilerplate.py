"""Page and site boilerplate: chrome, interstitial ads, fake bold, duplicates, page furniture.

All rules here work on lines before line-wrap repair, because that is where the medium's
additions are still visible as whole lines.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from importlib import resources

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage
from rules.chars import HAN, ends_sentence

MAX_CHROME_CHARS = 60
_HAN_RE = re.compile(f"[{HAN}]")


@cache
def chrome_patterns() -> dict[str, re.Pattern[str]]:
    """Patterns from `rules/data/chrome.txt`, one alternation per section."""
    sections: dict[str, list[str]] = {}
    current = None
    text = (resources.files("rules") / "data" / "chrome.txt").read_text("utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in ("[anywhere]", "[edge]", "[list-header]", "[interstitial]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"chrome.txt: pattern before any [section]: {line}")
        re.compile(line)
        sections[current].append(line)
    return {name: re.compile("|".join(f"(?:{p})" for p in pats)) for name, pats in sections.items()}


@cache
def _line_patterns() -> dict[str, re.Pattern[str]]:
    """The same sections as whole-line patterns, to find matches in one scan of a text."""
    return {
        # The look-ahead skips long lines before any alternative is tried.
        name: re.compile(
            rf"^[ \t]*(?=[^\n]{{1,{MAX_CHROME_CHARS}}}$)(?:{pattern.pattern})[ \t]*$", re.M
        )
        for name, pattern in chrome_patterns().items()
    }


def _is(kind: str, line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= MAX_CHROME_CHARS
        and chrome_patterns()[kind].fullmatch(line) is not None
    )


def matching_lines(kind: str, text: str, offset: int = 0) -> set[int]:
    """Indices of the lines of `text` that are chrome of `kind`, found in one C-level scan.

    `offset` is added to every index, for a text that is a slice of a longer one.
    """
    found = set()
    line, pos = offset, 0
    for m in _line_patterns()[kind].finditer(text):
        line += text.count("\n", pos, m.start())  # matches come in order: count incrementally
        pos = m.start()
        if "\n" in m.group():  # a pattern's `\s` ran on across lines: judge each line alone
            found.update(line + k for k, part in enumerate(m.group().split("\n"))
                         if _is(kind, part))
        elif 0 < len(m.group().strip()) <= MAX_CHROME_CHARS:
            found.add(line)
    return found


def _is_chrome(line: str) -> bool:
    return any(_is(kind, line) for kind in ("anywhere", "edge", "list-header"))


def _is_body(line: str) -> bool:
    """A line that is clearly article text: a sentence with enough Han characters."""
    return (
        len(line) >= 12
        and ends_sentence(line)
        and len(_HAN_RE.findall(line)) >= 12
        and not _is_chrome(line)
    )


class SiteChrome(Rule):
    code = "B001"
    name = "site-chrome"
    family = "boilerplate"
    stage = Stage.BOILERPLATE
    summary = "Remove site chrome: login, app and VIP prompts, share bars, related lists."
    rationale = (
        "Saved web pages keep the site's interface around the article. Chrome clusters "
        "before the first and after the last body paragraph, so most patterns only apply "
        "there and a sentence that merely mentions 登录 survives; QR and app prompts and "
        "storage disclaimers go wherever they stand. Patterns live in rules/data/chrome.txt."
    )
    examples = (
        Example(
            "打开APP\nuserphoto\n未登录\n标题在这里\n这是正文的第一段，内容足够长，讲述了一个完整的故事。\n"
            "猜你喜欢\n另一篇文章的标题\n联系客服",
            "标题在这里\n这是正文的第一段，内容足够长，讲述了一个完整的故事。",
        ),
        Example(
            "这是正文，用户需要先登录才能看到评论区的全部内容，这是网站的规定。\n0",
            "这是正文，用户需要先登录才能看到评论区的全部内容，这是网站的规定。",
        ),
        Example("正文里提到扫码支付已经很普遍，老人也学会了使用。"),
    )

    def apply(self, doc: Document) -> str:
        text = doc.text
        lines = text.split("\n")
        first = next((i for i, line in enumerate(lines) if _is_body(line)), len(lines))
        last = next((i for i in range(len(lines) - 1, first - 1, -1) if _is_body(lines[i])), -1)
        doomed = matching_lines("anywhere", text)
        top = "\n".join(lines[:first])
        bottom = "\n".join(lines[last + 1:]) if last >= 0 else ""
        for kind in ("edge", "list-header"):
            doomed |= matching_lines(kind, top)
        doomed |= matching_lines("edge", bottom, last + 1)
        headers = sorted(matching_lines("list-header", bottom, last + 1))
        if headers:  # a related-articles list runs to the end of the page
            doomed.update(range(headers[0], len(lines)))
        return "\n".join(remove_lines(lines, doomed)) if doomed else text


class InterstitialAd(Rule):
    code = "B002"
    name = "interstitial-ad"
    family = "boilerplate"
    stage = Stage.BOILERPLATE
    summary = "Remove an ad or link-bait line that cuts a sentence in two, and rejoin it."
    rationale = (
        "Content farms and aggregators insert ad lines inside paragraphs, sometimes "
        "mid-sentence; removing the line alone would leave the sentence split in two."
    )
    examples = (
        Example("我们在调研中发现\n【广告】点击领取新人红包>>\n许多老人并不会使用手机。",
                "我们在调研中发现许多老人并不会使用手机。"),
        Example("第一段结束了。\n\n推荐：十个最好用的小工具>>\n\n第二段开始。",
                "第一段结束了。\n\n第二段开始。"),
        Example("他点击查看了说明书。"),
    )

    def apply(self, doc: Document) -> str:
        if not matching_lines("interstitial", doc.text):
            return doc.text
        lines = doc.text.split("\n")
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if _is("interstitial", line) and not ends_sentence(line):
                j = i + 1
                while j < len(lines) and not lines[j].strip():
                    j += 1
                k = len(out)
                while k and not out[k - 1].strip():
                    k -= 1
                prev = out[k - 1] if k else ""
                if prev and j < len(lines) and not ends_sentence(prev):
                    del out[k:]
                    out[-1] = join_fragments(out[-1], lines[j].strip())
                    i = j + 1
                    continue
                i += 1
                # Drop one of the blank lines that framed the ad.
                if out and not out[-1].strip() and j > i - 1 and i < len(lines) and not lines[
                    i
                ].strip():
                    i += 1
                continue
            out.append(line)
            i += 1
        return "\n".join(out)


def seam(left: str, right: str) -> tuple[bool, str]:
    """How two stripped pieces of one sentence meet: (drop a break hyphen, separator).

    Nothing between CJK; one space between Latin words; a word hyphenated across the break
    loses its hyphen.
    """
    if not left or not right:
        return False, ""
    a, b = left[-1], right[0]
    if a == "-" and left[-2:-1].isascii() and left[-2:-1].isalpha() and b.islower():
        return True, ""
    if b.isascii() and b.isalnum() and ((a.isascii() and a.isalnum()) or a in ",;:.!?)"):
        return False, " "
    return False, ""


def join_fragments(left: str, right: str) -> str:
    """Join two pieces of one sentence (see `seam`)."""
    left, right = left.rstrip(), right.lstrip()
    drop, sep = seam(left, right)
    return (left[:-1] if drop else left) + sep + right


class FakeBold(Rule):
    code = "B003"
    name = "fake-bold"
    family = "boilerplate"
    stage = Stage.BOILERPLATE
    summary = "A line that is the same string twice (ABCABC), from fake-bold extraction, once."
    rationale = (
        "PDF producers draw bold text twice at a tiny offset; extraction then yields every "
        "heading doubled. Repeated words inside a sentence are the author's and stay."
    )
    examples = (
        Example("本版主编本版主编\n正文。", "本版主编\n正文。"),
        Example("城市更新 城市更新", "城市更新"),
        Example("哈哈哈哈"),
        Example("他说：谢谢，谢谢。"),
    )

    def apply(self, doc: Document) -> str:
        return "\n".join(_undouble(line) for line in doc.text.split("\n"))


def _undouble(line: str) -> str:
    core = line.strip()
    n = len(core)
    if n < 6:
        return line
    for half in ((n // 2,) if n % 2 == 0 else ()) + (((n - 1) // 2,) if n % 2 else ()):
        a, b = core[:half].strip(), core[n - half:].strip()
        if a == b and len(set(a)) > 2 and len(_HAN_RE.findall(a)) >= 2:
            return a
    return line


class TruncatedDuplicate(Rule):
    code = "B004"
    name = "truncated-duplicate"
    family = "boilerplate"
    stage = Stage.BOILERPLATE
    summary = "Drop a short line that repeats the start of an earlier line."
    rationale = (
        "Extraction of overlapping text boxes repeats a caption or title, often cut short. "
        "The copy is always later and never longer than the original."
    )
    examples = (
        Example("“第三届青年摄影大\n赛”获奖作品展。\n\n“第三届青年摄影大\n下一段正文。",
                "“第三届青年摄影大\n赛”获奖作品展。\n\n下一段正文。"),
        Example("第一章\n正文。\n第一章结束语很短。"),
    )

    def apply(self, doc: Document) -> str:
        earlier: dict[str, list[str]] = {}  # earlier lines by their first five characters
        out = []
        for line in doc.text.split("\n"):
            core = line.strip()
            if (
                5 <= len(core) <= 40
                and core[:5] in earlier
                and not ends_sentence(core)
                and any(prev.startswith(core) for prev in earlier[core[:5]])
                and len(_HAN_RE.findall(core)) >= 5
            ):
                continue
            if len(core) >= 5:
                earlier.setdefault(core[:5], []).append(core)
            out.append(line)
        return "\n".join(out)


_PAGE_NUMBER = re.compile(
    r"[-—–\s]*(?:\d{1,4}|第\s*\d{1,4}\s*[版页頁]|[Pp]age\s*\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|"
    r"[-—–]\s*\d{1,4}\s*[-—–])[-—–\s]*"
)
_FURNITURE_HINT = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|第\s*\d+\s*[版页頁期]|[Pp]age|[A-Z]\d{2}\b"
)
_DIGITS = re.compile(r"\d+")
_WS = re.compile(r"\s+")


def _shape(line: str) -> str:
    """A running header's shape: its page number and spacing may change from page to page."""
    return _DIGITS.sub("#", _WS.sub("", line))


def remove_lines(lines: list[str], doomed: set[int]) -> list[str]:
    """Drop lines without leaving their blank lines behind as extra paragraph gaps."""
    out: list[str] = []
    skipping = False
    for i, line in enumerate(lines):
        if i in doomed:
            skipping = bool(out) and not out[-1].strip()
            continue
        if skipping and not line.strip():
            continue
        skipping = False
        out.append(line)
    return out


class PageFurniture(Rule):
    code = "B005"
    name = "page-furniture"
    family = "boilerplate"
    stage = Stage.BOILERPLATE
    summary = "Remove bare page numbers and running headers or footers repeated across pages."
    rationale = (
        "PDF pages repeat the paper's name, the date and the page label; a bare number "
        "between paragraphs is a page number. Neither is the author's text."
    )
    examples = (
        Example(
            "晨报 2021年3月5日 第 2 版\n正文第一页\n\n12\n\n晨报 2021年3月5日 第 3 版\n正文第二页",
            "正文第一页\n\n正文第二页",
        ),
        Example("全年增长\n12\n个百分点"),
    )

    def apply(self, doc: Document) -> str:
        lines = doc.text.split("\n")
        # Only short lines with a date or page label can be running headers.
        shapes = {
            i: _shape(line) for i, line in enumerate(lines)
            if 0 < len(line) <= 80 and _FURNITURE_HINT.search(line)
        }
        counts = Counter(shapes.values())
        doomed = set()
        for i, line in enumerate(lines):
            core = line.strip()
            if not core or len(core) > 60:
                continue
            if len(core) <= 12 and _PAGE_NUMBER.fullmatch(core) and _standalone(lines, i):
                doomed.add(i)
            elif (
                i in shapes
                and counts[shapes[i]] >= 2
                and not ends_sentence(core)
                and "，" not in core
            ):
                doomed.add(i)
        return "\n".join(remove_lines(lines, doomed)) if doomed else doc.text


def _standalone(lines: list[str], i: int) -> bool:
    """A bare number is a page number unless it continues the sentence of the line above."""
    prev = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
    if not prev:
        return True
    return ends_sentence(prev) or not lines[i - 1].strip() or i + 1 >= len(lines)
