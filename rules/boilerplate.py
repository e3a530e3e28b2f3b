"""Page and site boilerplate: chrome, interstitial ads, fake bold, duplicates, page furniture.

All rules here work on lines before line-wrap repair, because that is where the medium's
additions are still visible as whole lines.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage
from rules.chars import CLOSERS, HAN, OPENERS, ends_sentence

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
    summary = "Drop a short line that is a cut-short copy of the start of an earlier line."
    rationale = (
        "Extraction of overlapping text boxes repeats a caption or title, cut short. The "
        "copy is later, shorter than the original (or as long, when the original has an "
        "unclosed quote or bracket), and the text after it does not go on as the original "
        "does: a paragraph that restates a heading (heading `某某线`, paragraph `某某线，"
        "编号…` wrapped after `某某`) continues the heading's words and stays whole. The "
        "rule drops whole lines only, never the start of a line, and leaves other exact "
        "repeats (running headers, a heading in a table of contents) to B005 and T002."
    )
    examples = (
        Example("“第三届青年摄影大赛”获奖\n作品展开幕。\n\n“第三届青年摄影\n下一段正文。",
                "“第三届青年摄影大赛”获奖\n作品展开幕。\n\n下一段正文。"),
        Example("“第三届青年摄影大\n赛”获奖作品展。\n\n“第三届青年摄影大\n下一段正文。",
                "“第三届青年摄影大\n赛”获奖作品展。\n\n下一段正文。"),
        Example("城市轨道交通十八号线\n城市轨道交通十八号\n线，编号八，贯穿城市南北。"),
        Example("第一章总则\n第二章附则\n第一章总则\n正文。"),
        Example("第一章\n正文。\n第一章结束语很短。"),
    )

    def apply(self, doc: Document) -> str:
        lines = doc.text.split("\n")
        cores = [line.strip() for line in lines]
        copies = {i for i, core in enumerate(cores) if _copy_candidate(core)}
        if not copies:
            return doc.text
        # Prefix index: for every prefix that a candidate copy could be, the characters
        # that followed it in earlier lines. Only lines sharing a candidate's first five
        # characters are indexed, at most MAX_COPY prefixes each: linear in the input.
        wanted: dict[str, set[int]] = {}
        for i in copies:
            wanted.setdefault(cores[i][:5], set()).add(len(cores[i]))
        followers: dict[str, set[str]] = {}
        doomed = set()
        for i, core in enumerate(cores):
            if i in copies and core in followers and _after(cores, i) not in followers[core]:
                doomed.add(i)
                continue
            for n in wanted.get(core[:5], ()):
                if n < len(core):
                    followers.setdefault(core[:n], set()).add(core[n:].lstrip()[:1])
                elif n == len(core) and _unclosed(core):
                    # A line with an open quote or bracket is cut from a longer text: an
                    # equal later line is a cut copy too (a heading repeated stays).
                    followers.setdefault(core, set()).add(_after(cores, i))
        return "\n".join(remove_lines(lines, doomed)) if doomed else doc.text


MAX_COPY = 40


def _after(cores: list[str], i: int) -> str:
    """The first character of the text after line `i` (over one blank line)."""
    return next((c[0] for c in cores[i + 1:i + 3] if c), "")


def _unclosed(core: str) -> bool:
    """An open quote or bracket (straight quotes too: width rules pair them later)."""
    if _OPENER_RE.search(core) is None:
        return False
    opened = sum(map(core.count, OPENERS)) > sum(map(core.count, CLOSERS))
    return opened or core.count('"') % 2 == 1


_OPENER_RE = re.compile(f"[{re.escape(OPENERS)}\"]")



def _copy_candidate(core: str) -> bool:
    """A line that could be a truncated echo: short, Chinese, not a finished sentence."""
    return (
        5 <= len(core) <= MAX_COPY
        and not ends_sentence(core)
        and len(_HAN_RE.findall(core)) >= 5
    )


# A page label standing alone on its line: `— 3 —`, `- 3 -`, `第 3 页`, `第3页 共9页`,
# `3 / 9`, `Page 3 of 9`. OCR reads the dashes of `— 3 —` as `一`.
_PAGE_LABEL = re.compile(
    r"(?:[-—–－~一]+\s*\d{1,4}\s*[-—–－~一]+|第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?"
    r"|共\s*\d{1,4}\s*[页頁]\s*[,，]?\s*第\s*\d{1,4}\s*[页頁]|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp](?:age|\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)"
)
_BARE_NUMBER = re.compile(r"[-—–\s]*(\d{1,4})[-—–\s]*")
_FURNITURE_HINT = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|第\s*\d+\s*[版页頁期]|[Pp]age|[A-Z]\d{2}\b"
)
_DIGITS = re.compile(r"\d+")
_WS = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")


def _shape(line: str) -> str:
    """A running header's shape: its page number and spacing may change from page to page."""
    return _DIGITS.sub("#", _WS.sub("", line))


def _key(line: str) -> str:
    """Looser than `_shape`, for OCR: punctuation (often misread) goes too."""
    return _DIGITS.sub("#", _NOT_WORD.sub("", line)).lower()


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
    summary = "Remove page numbers and running headers or footers, every copy including the first."
    rationale = (
        "A PDF page repeats the paper's or book's name, the date and the page label at its "
        "top or bottom; none of it is the author's text. Page labels (`— 3 —`, `第 3 页`, "
        "`3 / 9`, numbers counting up) mark the page boundaries; a short line is a running "
        "header or footer when it recurs next to two or more boundaries (or at the top of "
        "the document and again elsewhere). Copies are compared loosely (digits, spacing, "
        "punctuation, OCR misreadings) and all of them go, the first page's too; a heading "
        "that repeats the header just below it stays. Where a page break cut a sentence, "
        "the blank lines of the break go too so that line-wrap repair can rejoin it."
    )
    examples = (
        Example(
            "晨报 2021年3月5日 第 2 版\n正文第一页\n\n12\n\n晨报 2021年3月5日 第 3 版\n正文第二页",
            "正文第一页\n\n正文第二页",
        ),
        Example(
            "山城文丛\n雾中的码头\n雾中的码头\n江水从峡口涌出来，码头上的挑夫沿着\n石阶一级一级往上走，"
            "肩上的担子压弯了\n— 1 —\n\n山城文丛\n雾中的码头\n扁担。他们一天要走上百趟。",
            "雾中的码头\n江水从峡口涌出来，码头上的挑夫沿着\n石阶一级一级往上走，肩上的担子压弯了\n"
            "扁担。他们一天要走上百趟。".replace("压弯了\n", "压弯了\n"),
        ),
        Example(
            "江城晚报 2020年6月1日 星期一\n夜市重新开张，摊主们早早来到广场。\n第 1 页\n"
            "江城晚报“2020年6月1日 星期一骨\n人们排队买小吃，一直到深夜。\n第 2 页",
            "夜市重新开张，摊主们早早来到广场。\n人们排队买小吃，一直到深夜。",
        ),
        Example("全年增长\n12\n个百分点"),
        Example(
            "第一章 总则\n第二章 附则\n\n第一章 总则\n本办法适用于全市。\n\n"
            "第二章 附则\n本办法自公布之日起施行。"
        ),
    )

    def apply(self, doc: Document) -> str:
        lines = doc.text.split("\n")
        cores = [line.strip() for line in lines]
        nonblank = [i for i, core in enumerate(cores) if core]
        bare = {}
        pages = set()
        for i in nonblank:
            core = cores[i]
            if len(core) <= 24 and _PAGE_LABEL.fullmatch(core):
                pages.add(i)
            elif len(core) <= 12 and (m := _BARE_NUMBER.fullmatch(core)):
                bare[i] = int(m.group(1))
        pages |= _page_sequence(bare, nonblank)
        pages |= {i for i in bare if _standalone(lines, i)}
        doomed = pages | _running_lines(cores, nonblank, pages)
        return drop_lines(lines, cores, doomed) if doomed else doc.text


EDGE = 5  # non-blank lines at a page's top or bottom where running headers stand
MIN_GAP = 8  # lines between two page numbers, or two copies of one header
MAX_FURNITURE = 60
_MAX_REPS = 64  # cluster representatives for the loose comparison: keeps it linear
_ELLIPSIS = ("…", "⋯")


def _page_sequence(bare: dict[int, int], nonblank: list[int]) -> set[int]:
    """Bare numbers that count pages: N and N+1 stand at least MIN_GAP lines apart."""
    if len(bare) < 2:
        return set()
    rank = {i: k for k, i in enumerate(nonblank)}
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, v in bare.items():
        first.setdefault(v, rank[i])
        last[v] = rank[i]
    return {
        i for i, v in bare.items()
        if (v + 1 in last and last[v + 1] >= rank[i] + MIN_GAP)
        or (v - 1 in first and first[v - 1] <= rank[i] - MIN_GAP)
    }


def _eligible(core: str) -> bool:
    """A line that can be furniture: short, and no finished sentence (a cut title may
    end in an ellipsis)."""
    return (
        0 < len(core) <= MAX_FURNITURE
        and (not ends_sentence(core) or core.endswith(_ELLIPSIS))
    )


class _Clusters:
    """Lines grouped by their loose key; near keys (OCR noise) join the same group."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_end: dict[str, list[tuple[str, int]]] = {}  # key[:2] and key[-2:]

    def find(self, key: str, add: bool) -> int | None:
        if key in self.by_key:
            return self.by_key[key]
        found = None
        if len(key) >= 6:
            seen: list[tuple[str, int]] = self.by_end.get(key[:2], []) + self.by_end.get(
                key[-2:], [])
            best = process.extractOne(
                key, [k for k, _ in seen], scorer=fuzz.ratio, score_cutoff=90
            ) if seen else None
            if best is not None:
                found = seen[best[2]][1]
        if found is None and not add:
            return None
        return self.put(key, len(self.by_key) if found is None else found)

    def put(self, key: str, found: int) -> int:
        self.by_key[key] = found
        if len(key) >= 6 and sum(map(len, self.by_end.values())) < _MAX_REPS:
            for end in {key[:2], key[-2:]}:
                self.by_end.setdefault(end, []).append((key, found))
        return found


def _zones(nonblank: list[int], pages: set[int]) -> list[list[int]]:
    """The lines at each page edge, from the edge inward: the document's top and bottom
    and both sides of every page label."""
    body = [i for i in nonblank if i not in pages]
    pos = 0
    zones = [body[:EDGE], body[::-1][:EDGE]]
    for b in sorted(pages):
        while pos < len(body) and body[pos] < b:
            pos += 1
        zones.append(body[max(pos - EDGE, 0):pos][::-1])
        zones.append(body[pos:pos + EDGE])
    return [z for z in zones if z]


def _running_lines(cores: list[str], nonblank: list[int], pages: set[int]) -> set[int]:
    """Running headers and footers: every copy, the first page's included."""
    zones = _zones(nonblank, pages)
    rank = {i: k for k, i in enumerate(nonblank)}
    clusters = _Clusters()
    where: dict[int, list[int]] = {}  # cluster: ranks of its lines at page edges
    member: dict[int, int] = {}
    for zone in zones:
        for i in zone:
            if i not in member and _eligible(cores[i]) and (key := _key(cores[i])):
                c = clusters.find(key, add=True)
                assert c is not None
                member[i] = c
                where.setdefault(c, []).append(rank[i])
    if not member:
        return set()
    bounds = sorted(rank[i] for i in pages)
    # Copies anywhere else (OCR puts a header inside a column; a page without a label), of
    # the groups that can still be running: at two page edges, or at the document's top.
    focus = _Clusters()
    for i, c in member.items():
        ranks = where[c]
        if ranks[0] < EDGE or (len(ranks) >= 2 and _apart(bounds, min(ranks), max(ranks))):
            focus.put(_key(cores[i]), c)
    copies: dict[int, list[int]] = {}
    for i in nonblank if focus.by_key else ():
        if i in pages or i in member or not _eligible(cores[i]):
            continue
        key = _key(cores[i])
        if key and (c := focus.find(key, add=False)) is not None:
            copies.setdefault(c, []).append(i)
    running = set()
    for c, ranks in where.items():
        others = copies.get(c, ())
        total = len(ranks) + len(others)
        # Without a page boundary between copies, only a line at the very top of the
        # document that recurs page-far apart (three times, or twice with a date or page
        # label) counts: a refrain or a list repeats closer.
        if (len(ranks) >= 2 and _apart(bounds, min(ranks), max(ranks))) or (
            ranks[0] < EDGE
            and (total >= 3 or (total >= 2 and any(
                _FURNITURE_HINT.search(cores[i]) for i in others)))
            and _spread(sorted(ranks + [rank[i] for i in others]))
        ):
            running.add(c)
    if not running:
        return set()
    walks = []
    for zone in zones:
        walk: dict[int, int] = {}
        for i in zone:
            c = member.get(i)
            if c not in running or c in walk:
                break
            walk[c] = i
        if walk:
            walks.append(walk)
    # A header of several lines comes whole; one line of it alone at a page edge is the
    # title that the header repeats (the first page's headline), and stays.
    groups = Counter(frozenset(w) for w in walks)
    doomed = set()
    for walk in walks:
        if len(walk) == 1 and any(
            n >= 2 and len(g) > 1 and not walk.keys() - g for g, n in groups.items()
        ):
            continue
        doomed.update(walk.values())
    # Copies away from the page edges go when they match a removed copy itself (not just
    # a line it was grouped with) and are not the heading that repeats a header.
    removed = _Clusters()
    for i in doomed:
        removed.find(_key(cores[i]), add=True)
    for c in running:
        near = [rank[i] for i in doomed if member.get(i) == c]
        for i in copies.get(c, ()):
            key = _key(cores[i])
            if (
                len(key) >= 2
                and removed.find(key, add=False) is not None
                and all(abs(rank[i] - k) >= MIN_GAP for k in near)
            ):
                doomed.add(i)
    return doomed


def _spread(ranks: list[int]) -> bool:
    """Do successive copies stand at least MIN_GAP lines apart?"""
    return all(b - a >= MIN_GAP for a, b in zip(ranks, ranks[1:], strict=False))


def _apart(bounds: list[int], lo: int, hi: int) -> bool:
    """Is there a page boundary between the ranks `lo` and `hi`?"""
    k = bisect.bisect_right(bounds, lo)
    return k < len(bounds) and bounds[k] < hi


def drop_lines(lines: list[str], cores: list[str], doomed: set[int]) -> str:
    """Remove the doomed lines. Where they cut a sentence at a page break, the break's
    blank lines go too; elsewhere one blank line is left for each run of them."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i not in doomed:
            out.append(lines[i])
            i += 1
            continue
        j, blank = i, False
        while j < len(lines) and (j in doomed or not cores[j]):
            blank |= j not in doomed
            j += 1
        while out and not out[-1].strip():
            out.pop()
            blank = True
        prev = out[-1].strip() if out else ""
        if blank and out and j < len(lines) and (ends_sentence(prev) or len(prev) < 8):
            out.append("")
        i = j
    return "\n".join(out)


def _standalone(lines: list[str], i: int) -> bool:
    """A bare number is a page number unless it continues the sentence of the line above."""
    prev = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
    if not prev:
        return True
    return ends_sentence(prev) or not lines[i - 1].strip() or i + 1 >= len(lines)
