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

from cleaner_rules.text.chars import (
    CLOSERS,
    HAN,
    HAN_RE,
    OPENERS,
    SENTENCE_END,
    at_least,
    ends_sentence,
)
from cleaner_rules.text.linescan import LineScanner
from rapidfuzz import fuzz, process

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

MAX_CHROME_CHARS = 60


@cache
def _chrome_sections() -> dict[str, list[str]]:
    """The sections of `rules/data/chrome.txt` as lists of lines."""
    sections: dict[str, list[str]] = {}
    current = None
    text = (resources.files("cleaner_rules") / "data" / "chrome.txt").read_text("utf-8")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in ("[anywhere]", "[edge]", "[list-header]", "[interstitial]", "[ui-words]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"chrome.txt: pattern before any [section]: {line}")
        if current != "ui-words":
            re.compile(line)
        sections[current].append(line)
    return sections


@cache
def ui_words() -> frozenset[str]:
    """Interface labels from the `[ui-words]` section of chrome.txt."""
    return frozenset(_chrome_sections().get("ui-words", ()))


@cache
def _nav_word() -> re.Pattern[str]:
    """Any UI word of two characters or more, or a navigation noun, inside a label."""
    words = {w for w in ui_words() if len(w) >= 2} | set(_NAV_NOUNS)
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


# Nouns that name a site's sections: inside a short label they mark a navigation link.
_NAV_NOUNS = (
    "频道", "论坛", "社区", "博客", "邮箱", "相册", "排行", "专题", "公告", "存档",
    "分类", "主页", "黄页", "专栏", "栏目", "版块", "首页", "聚合", "统计", "简介",
)  # fmt: skip
MAX_UI_CHARS = 40
# Separators between the labels of a button bar or a menu.
_UI_SEP_CHARS = (
    r"\s|｜/／·•・\[\]【】()（）<>〈〉《》:：,，、;；?？!！»›«‹←→↑↓\-–—_*★☆■□●○◆◇▶►▼▲~～"
)
_UI_SEP = re.compile(f"[{_UI_SEP_CHARS}]+")  # the same characters as _SEP_CHARS below
_COUNT = re.compile(r"[\d,.万千kKwW+]+[次条人楼]?")
_COUNT_IN = re.compile(r"[\d,.]+[次条人楼]?")
_BREADCRUMB = re.compile(r"(?:>>?|->|——>|»|›|→)")
_QUOTE = re.compile(r"[“”\"「」]")


def ui_tokens(line: str) -> tuple[int, int, int]:
    """(tokens, interface tokens, distinct interface words) of a short line.

    A token is an interface token when it is a UI word, a counter (`123`, `5条`), or a UI
    word with its counter (`评论5`, `阅读123次`).
    """
    words = ui_words()
    tokens = [t for t in _UI_SEP.split(line) if t]
    ui, seen = 0, set()
    for token in tokens:
        if token in words:
            ui += 1
            seen.add(token)
        elif _COUNT.fullmatch(token):
            ui += 1
        else:
            bare = _COUNT_IN.sub("", token)
            if bare != token and bare in words:
                ui += 1
                seen.add(bare)
    return len(tokens), ui, len(seen)


@cache
def _ui_word_end() -> re.Pattern[str]:
    """A UI word that ends a token: it is followed by a separator or the end of the line."""
    words = "|".join(sorted(map(re.escape, ui_words()), key=len, reverse=True))
    return re.compile(rf"(?:{words})(?![^{_UI_SEP_CHARS}])")


# A counter inside a token, as `_COUNT_IN` takes it out (a comma is a separator).
_COUNT_RUN = re.compile(r"[\d.]+[次条人楼]?")


def _has_ui_token(core: str) -> bool:
    """Could a token of the line be a UI word, alone or with counters (`评论12`)? One or two
    C-level searches spare splitting a line of prose into tokens. Counters never span a
    separator, so taking them out of the whole line takes them out of every token."""
    if _ui_word_end().search(core):
        return True
    bare = _COUNT_RUN.sub("", core)
    return bare != core and _ui_word_end().search(bare) is not None


def is_ui_bar(line: str, share: float = 1.0) -> bool:
    """A short line made of interface labels: at least `share` of its tokens are UI tokens.

    With the default share of 1 every token must be one and two distinct UI words must
    occur (`分享 收藏 举报`), or four distinct UI words make most of a longer bar: such a
    line is chrome wherever it stands. A lower share is for
    the top and bottom zones. A line with a clause, a sentence or a quotation is never a
    bar.
    """
    core = line.strip()
    if not core or len(core) > MAX_UI_CHARS or "。" in core or "，" in core:
        return False
    if not _has_ui_token(core):  # every bar has a UI word
        return False
    if _UI_SEP.search(core) is None:  # one token: no need to split
        if share >= 1.0:
            return False
        return core in ui_words() or _COUNT_IN.sub("", core) in ui_words()
    n, ui, distinct = ui_tokens(core)
    if share >= 1.0:
        # All labels, or a long bar of four different buttons among a few other labels.
        full = n >= 2 and ui == n and distinct >= 2
        return (full or (distinct >= 4 and ui >= 0.6 * n)) and not _QUOTE.search(core)
    return distinct >= 1 and ui >= share * n


MAX_LABEL_CHARS = 20
MIN_LINK_RUN = 4


def _label(line: str) -> bool:
    """Could be a link label: short, no clause or sentence punctuation."""
    return (
        0 < len(line) <= MAX_LABEL_CHARS
        and "，" not in line and "。" not in line and "；" not in line
        and not ends_sentence(line)
    )


_MENU_SEP = re.compile(r"\s*[|｜·•・/／]\s*")


def _menu(line: str) -> bool:
    """A menu bar: three or more short labels between menu separators, one of them naming
    a part of the site or the interface (`首页 | 新闻 | 体育 | 联系我们`)."""
    labels = [t for t in _MENU_SEP.split(line) if t]
    return (
        len(labels) >= 3
        and all(len(t) <= 6 for t in labels)
        and any(t in ui_words() or _nav_word().search(t) for t in labels)
    )


def _nav(line: str) -> bool:
    """A label that names a part of the site or the interface."""
    return (
        is_ui_bar(line, 0.5)
        or _nav_word().search(line) is not None
        or len(_BREADCRUMB.findall(line)) >= 2
    )


_SEP_CHARS = (
    r" \t\u3000|｜/／·•・\[\]【】()（）<>〈〉《》:：,，、;；?？!！»›«‹←→↑↓"
    r"\-–—_*★☆■□●○◆◇▶►▼▲~～"
)


@cache
def _bar_line() -> re.Pattern[str]:
    """After a line break, a whole line of UI labels and counters between separators, for
    one C-level scan that jumps from line break to line break; a first-character test
    rejects most lines before the words are tried. No separator matches a newline, so a
    match never runs on into the next line."""
    words = "|".join(sorted(map(re.escape, ui_words()), key=len, reverse=True))
    counter = r"\d,.万千kKwW+"
    starts = "".join(sorted({re.escape(w[0]) for w in ui_words()})) + counter
    token = rf"(?:(?:{words})[\d,.]*[次条人]?|[{counter}]+[次条人楼]?)"
    # Two tokens or more, each followed by separators or the end of the line.
    return re.compile(
        rf"\n(?=[{_SEP_CHARS}]*[{starts}])(?=[^\n]{{3,{MAX_UI_CHARS}}}$)"
        rf"[{_SEP_CHARS}]*(?:(?=[{starts}]){token}(?:[{_SEP_CHARS}]+|$)){{2,}}$",
        re.M,
    )


def structural_chrome(lines: list[str], first: int, last: int, text: str) -> set[int]:
    """Chrome recognised by shape rather than wording.

    Anywhere: a button bar, every token a UI label (`分享 | 收藏 | 举报`). In the top zone
    (before line `first`) and the bottom zone (after line `last`): a line whose tokens are
    mostly UI labels, a menu bar, a breadcrumb (`首页 > 新闻 > 正文`), and a navigation
    list, i.e. a run of at least four short label lines without clause punctuation, most
    of them naming a part of the site; its nav lines go, and a short label between two of
    them. A page without a body paragraph has no zones (and no bars: they count between
    the zones).
    """
    if last < first:  # without a body paragraph there is no top or bottom zone to judge
        return set()
    doomed: set[int] = set()
    # Scan the lines after `first` up to `last` (`text` is `lines` joined); line `first`
    # is a body line, so no bar.
    start = sum(map(len, lines[:first])) + first
    stop = start + sum(map(len, lines[first:last + 1])) + last - first
    line_no, pos = first, start
    for m in _bar_line().finditer(text, start, stop):
        line_no += text.count("\n", pos, m.end())
        pos = m.end()
        if is_ui_bar(lines[line_no]):
            doomed.add(line_no)
    doomed |= _edge_chrome(lines, range(first))
    doomed |= _edge_chrome(lines, range(last + 1, len(lines)))
    return doomed


# A clause mark: a line with one is no button bar and no link label.
_CLAUSE = re.compile("[，。]")
# Two menu separators or breadcrumb arrows: the least a menu bar or a breadcrumb has.
_TWO_SEPS = re.compile(r"[|｜·•・/／>»›→].*[|｜·•・/／>»›→]")


def _edge_chrome(lines: list[str], zone: range) -> set[int]:
    doomed: set[int] = set()
    # Every structural test needs a UI word or a breadcrumb arrow: one C-level look first.
    text = "\n".join(lines[zone.start:zone.stop])
    if _nav_word().search(text) is None and _BREADCRUMB.search(text) is None:
        return doomed
    run: list[int] = []
    for i in zone:
        line = lines[i].strip()
        if not line:
            continue
        if len(line) > MAX_UI_CHARS:
            if run:
                _close_run(lines, run, doomed)
            continue
        # The cheap necessary conditions first: most short lines in a zone are prose.
        clause = _CLAUSE.search(line) is not None
        if (not clause and is_ui_bar(line, 0.6)) or (_TWO_SEPS.search(line) and (
            _menu(line) or (len(_BREADCRUMB.findall(line)) >= 2 and not ends_sentence(line))
        )):
            doomed.add(i)
        if not clause and _label(line):
            run.append(i)
        elif run:
            _close_run(lines, run, doomed)
    if run:
        _close_run(lines, run, doomed)
    return doomed


def _close_run(lines: list[str], run: list[int], doomed: set[int]) -> None:
    """A run of label lines ends: if it is a navigation list, its nav lines go, and a short
    label between two of them."""
    if len(run) >= MIN_LINK_RUN:
        nav = [_nav(lines[i].strip()) for i in run]
        if sum(nav) >= 0.6 * len(run):
            for k, i in enumerate(run):
                sandwiched = 0 < k < len(run) - 1 and nav[k - 1] and nav[k + 1]
                if nav[k] or (sandwiched and len(lines[i].strip()) <= 6):
                    doomed.add(i)
    run.clear()


@cache
def _scanners() -> dict[str, LineScanner]:
    """The same sections as whole-line patterns, each found in a few C-level scans."""
    return {
        name: LineScanner(pats, MAX_CHROME_CHARS)
        for name, pats in _chrome_sections().items()
        if name != "ui-words"
    }


def _is(kind: str, line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= MAX_CHROME_CHARS and _scanners()[kind].fullmatch(line)


def matching_lines(kind: str, text: str, offset: int = 0) -> set[int]:
    """Indices of the lines of `text` that are chrome of `kind`, found in one C-level scan.

    `offset` is added to every index, for a text that is a slice of a longer one.
    """
    found: set[int] = set()
    if not text:  # an empty top or bottom zone
        return found
    line, pos = offset, 0
    for m in _scanners()[kind].finditer(text):
        line += text.count("\n", pos, m.start())  # matches come in order: count incrementally
        pos = m.start()
        if "\n" in m.group():  # a pattern's `\s` ran on across lines: judge each line alone
            found.update(line + k for k, part in enumerate(m.group().split("\n"))
                         if _is(kind, part))
        elif 0 < len(m.group().strip()) <= MAX_CHROME_CHARS:
            found.add(line)
    return found


def _is_chrome(line: str) -> bool:
    return any(_is(kind, line) for kind in ("anywhere", "edge", "list-header")) or is_ui_bar(line)


def _is_body(line: str) -> bool:
    """A line that is clearly article text: a sentence with enough Han characters."""
    return (
        len(line) >= 12
        and ends_sentence(line)
        and at_least(HAN_RE, line, 12)
        and not _is_chrome(line)
    )


# The end of a line that ends a sentence (`ends_sentence`): the mark, closing quotes or
# brackets and spaces, then any blanks. A scan for it skips from mark to mark.
_SENTENCE_LINE_END = re.compile(
    rf"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS)} ]*[^\S\n]*(?=\n|\Z)"
)


def body_span(text: str, lines: list[str]) -> tuple[int, int]:
    """The first and the last body line of `text` (split into `lines`), or
    `(len(lines), -1)`. A body line ends a sentence: one scan for sentence ends finds the
    only lines worth a look."""
    ends = [m.start() for m in _SENTENCE_LINE_END.finditer(text)]
    line, pos, seen = 0, 0, -1
    for k, end in enumerate(ends):
        line += text.count("\n", pos, end)
        pos = end
        if line != seen:  # each line is judged once, however many ends it holds
            seen = line
            if _is_body(lines[line]):
                return line, _last_body(text, lines, ends[k:], line)
    return len(lines), -1


def _last_body(text: str, lines: list[str], ends: list[int], first: int) -> int:
    """The last body line among the sentence ends `ends`, the first of which is on body
    line `first`: looking back from the end, counting line breaks as it goes."""
    line, pos = first + text.count("\n", ends[0], ends[-1]), ends[-1]
    seen = -1
    for end in reversed(ends):
        line -= text.count("\n", end, pos)
        pos = end
        if line != seen:  # each line is judged once, however many ends it holds
            seen = line
            if _is_body(lines[line]):
                return line
    return first  # not reached: line `first` is a body line


class SiteChrome(Rule):
    code = "B001"
    name = "site-chrome"
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
        first, last = body_span(text, lines)
        doomed = matching_lines("anywhere", text)
        top = "\n".join(lines[:first])
        bottom = "\n".join(lines[last + 1:]) if last >= 0 else ""
        for kind in ("edge", "list-header"):
            doomed |= matching_lines(kind, top)
        doomed |= matching_lines("edge", bottom, last + 1)
        headers = sorted(matching_lines("list-header", bottom, last + 1))
        if headers:  # a related-articles list runs to the end of the page
            doomed.update(range(headers[0], len(lines)))
        doomed |= structural_chrome(lines, first, last, text)
        return "\n".join(remove_lines(lines, doomed)) if doomed else text


MAX_BAIT_CHARS = 30
# Prefixes that announce a link rather than the article's own words: a hint, not a need.
_BAIT_PREFIX = re.compile(
    r"[【\[]?(推荐|推荐阅读|延伸阅读|相关阅读|热门|热读|热点|广告|推广|猜你想看|猜你喜欢|"
    r"你可能感兴趣|精彩推荐|今日推荐|编辑推荐|往期精选)[】\]]?\s*[:：|｜】\]]"
)
_BAIT_END = re.compile(f"[？！?!][{re.escape(CLOSERS)}]*$")
_CONTINUES = re.compile(f"[{HAN}，。、；：！？”’」』）》]")
_LIST_START = re.compile(
    r"(?:第[一二三四五六七八九十百零\d]+[章节条部分篇回]|[（(]?[一二三四五六七八九十\d]+[)）、.．]"
    r"|[•·●■◆▶▪\-*#>])"
)


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
        and _CONTINUES.match(nxt) is not None
        and _LIST_START.match(nxt) is None
    )


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
        "where every line stops mid-sentence, only a 推荐：-style prefix marks a link."
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

    def apply(self, doc: Document) -> str:
        lines = doc.text.split("\n")
        known = matching_lines("interstitial", doc.text)
        candidates = known | {
            i for i, line in enumerate(lines) if 2 <= len(line.strip()) <= MAX_BAIT_CHARS
            and _BAIT_END.search(line.strip()) or _BAIT_PREFIX.match(line.strip())
        }
        if not candidates:
            return doc.text
        wrapped = _hard_wrapped(lines)
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if i not in candidates:
                out.append(line)
                i += 1
                continue
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            k = len(out)
            while k and not out[k - 1].strip():
                k -= 1
            prev = out[k - 1] if k else ""
            nxt = lines[j] if j < len(lines) else ""
            if i in known and not ends_sentence(line):
                if prev and nxt and not ends_sentence(prev):
                    del out[k:]
                    out[-1] = join_fragments(out[-1], nxt.strip())
                    i = j + 1
                    continue
                i += 1
                # Drop one of the blank lines that framed the ad.
                if out and not out[-1].strip() and i < len(lines) and not lines[i].strip():
                    i += 1
                continue
            if prev and nxt and _bait(line, prev, nxt, wrapped):
                del out[k:]
                out[-1] = join_fragments(out[-1], nxt.strip())
                i = j + 1
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
        if a == b and len(set(a)) > 2 and at_least(HAN_RE, a, 2):
            return a
    return line


class TruncatedDuplicate(Rule):
    code = "B004"
    name = "truncated-duplicate"
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
        copies = {i for i in _repeated_starts(cores) if _copy_candidate(cores[i])}
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


def _repeated_starts(cores: list[str]) -> list[int]:
    """Lines (5 to MAX_COPY characters) whose first five characters begin an earlier line:
    only those can be a copy, and most documents have none, so this cheap pass spares
    them the per-line tests of `_copy_candidate`."""
    seen: set[str] = set()
    out = []
    for i, core in enumerate(cores):
        if len(core) >= 5:
            start = core[:5]
            if start in seen:
                if len(core) <= MAX_COPY:
                    out.append(i)
            else:
                seen.add(start)
    return out


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
        and at_least(HAN_RE, core, 5)
    )


# A page label standing alone on its line: `— 3 —`, `- 3 -`, `第 3 页`, `第3页 共9页`,
# `3 / 9`, `Page 3 of 9`. OCR reads the dashes of `— 3 —` as `一`, and may lose one of
# them: `3一` is a bare page number (it goes where it stands alone).
_PAGE_LABEL = re.compile(
    r"(?:[-—–－~一]+\s*\d{1,4}\s*[-—–－~一]+|第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?"
    r"|共\s*\d{1,4}\s*[页頁]\s*[,，]?\s*第\s*\d{1,4}\s*[页頁]|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp](?:age|\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)"
)
_LABEL_STARTS = "-—–－~一第共Pp"  # with a digit (`\\d`): the first characters of both patterns
_BARE_NUMBER = re.compile(r"[-—–\s]*(\d{1,4})[-—–\s]*|(\d{1,4})\s*一{1,2}|一{1,2}\s*(\d{1,4})")
# What OCR makes of a rule, a box edge or a picture: a bar with a glyph or two on one side,
# or a Han glyph between two stray Latin letters, alone between blank lines.
_SPECK = re.compile(rf"[A-Za-z][{HAN}]{{1,2}}[A-Za-z]|[^|¦\s]{{0,2}}[|¦]|[|¦][^|¦\s]{{0,2}}")
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
    """Looser than `_shape`, for OCR: punctuation (often misread) goes too. A line that a
    layout gap splits (`丛书名      篇名`, from OCR or `-layout`) is keyed by its first part,
    which is what the header's copies on other pages share."""
    if "   " in line:
        line = _GAP.split(line, 1)[0]
    return _DIGITS.sub("#", _NOT_WORD.sub("", line)).lower()


_GAP = re.compile(r"\s{3,}")


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
            if not (core[0] in _LABEL_STARTS or core[0].isdecimal()):
                continue  # what every label and bare number begins with
            if len(core) <= 24 and _PAGE_LABEL.fullmatch(core):
                pages.add(i)
            elif len(core) <= 12 and (m := _BARE_NUMBER.fullmatch(core)):
                bare[i] = int(m.group(1) or m.group(2) or m.group(3))
        pages |= _page_sequence(bare, nonblank)
        pages |= {i for i in bare if _standalone(lines, i)}
        specks = {
            i for i in nonblank
            if not (i and cores[i - 1]) and not (i + 1 < len(cores) and cores[i + 1])
            and len(cores[i]) <= 5 and _SPECK.fullmatch(cores[i])
        }
        doomed = pages | specks | _running_lines(cores, nonblank, pages)
        return drop_lines(lines, cores, doomed) if doomed else doc.text


EDGE = 5  # non-blank lines at a page's top or bottom where running headers stand
MIN_GAP = 8  # lines between two page numbers, or two copies of one header
MAX_FURNITURE = 60
_MAX_REPS = 64  # cluster representatives for the loose comparison: keeps it linear
_ELLIPSIS = ("…", "⋯", "...")


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
        0 < len(core)
        and (len(core) <= MAX_FURNITURE or len(core) - core.count(" ") <= MAX_FURNITURE)
        and (not ends_sentence(core) or core.endswith(_ELLIPSIS))
    )


class _Clusters:
    """Lines grouped by their loose key; near keys (OCR noise) join the same group."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        self.by_end: dict[str, list[tuple[str, int]]] = {}  # key[:2] and key[-2:]
        self.entries = 0  # in the lists of by_end

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
        if len(key) >= 6 and self.entries < _MAX_REPS:
            for end in {key[:2], key[-2:]}:
                self.by_end.setdefault(end, []).append((key, found))
                self.entries += 1
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
    # Without page labels the only page edges are the document's top and bottom, and lines
    # go from an edge inward: unless its first or last line can be furniture, nothing can.
    if not pages and not any(
        _eligible(cores[i]) and _key(cores[i]) for i in nonblank[:1] + nonblank[-1:]
    ):
        return set()
    zones = _zones(nonblank, pages)
    rank = {i: k for k, i in enumerate(nonblank)}
    clusters = _Clusters()
    where: dict[int, list[int]] = {}  # cluster: ranks of its lines at page edges
    member: dict[int, int] = {}
    keys: dict[int, str] = {}  # the members' keys
    for zone in zones:
        for i in zone:
            if i not in member and _eligible(cores[i]) and (key := _key(cores[i])):
                c = clusters.find(key, add=True)
                assert c is not None
                member[i] = c
                keys[i] = key
                where.setdefault(c, []).append(rank[i])
    if not member:
        return set()
    # OCR may split a header line in two at its gap (`晨报` over `3月5日 第2版`) on one page
    # and read it whole on another: two lines at an edge whose keys joined match a copy.
    halves: dict[int, int] = {}
    for zone in zones:
        for i, j in zip(zone, zone[1:], strict=False):
            # Zones of short pages overlap: a line pairs once, as either half.
            if i in member and j in member and not {i, j} & (halves.keys() | halves.values()):
                c = clusters.find(keys[i] + keys[j], add=False)
                if c is not None and c != member[i] and c != member[j]:
                    for k in (i, j):
                        where[member[k]].remove(rank[k])
                        member[k] = c
                    where[c].append(rank[i])
                    where[c].sort()
                    halves[j] = i
    where = {c: ranks for c, ranks in where.items() if ranks}
    bounds = sorted(rank[i] for i in pages)
    # Copies anywhere else (OCR puts a header inside a column; a page without a label), of
    # the groups that can still be running: at two page edges, at the document's top, or
    # standing alone between blank lines as OCR leaves a header.
    focus = _Clusters()
    for i, c in member.items():
        ranks = where[c]
        if (
            ranks[0] < EDGE
            or (len(ranks) >= 2 and _apart(bounds, min(ranks), max(ranks)))
            or (0 < i < len(cores) - 1 and not cores[i - 1] and not cores[i + 1])
        ):
            focus.put(keys[i], c)
    copies: dict[int, list[int]] = {}
    # A copy must be short enough to be furniture: in unwrapped text most lines are not.
    others = [
        i for i in nonblank
        if (len(cores[i]) <= MAX_FURNITURE or _eligible(cores[i]))
        and i not in pages and i not in member
    ] if focus.by_key else []
    for i in _maybe_found(cores, others, focus):
        if not _eligible(cores[i]):
            continue
        key = _key(cores[i])
        if key and (c := focus.find(key, add=False)) is not None:
            copies.setdefault(c, []).append(i)
    running, recurring = set(), set()
    for c, ranks in where.items():
        others = copies.get(c, ())
        # Copies at the document's top count once: there the first page's heading stands
        # just below the header that repeats it.
        spots = sorted(ranks + [rank[i] for i in others])
        spots = spots[:1] + [k for k in spots[1:] if k >= EDGE]
        hint = any(_FURNITURE_HINT.search(cores[i]) for i in others) or any(
            _FURNITURE_HINT.search(cores[nonblank[k]]) for k in ranks[1:])
        cut = 2 * sum(_cuts(cores, nonblank, rank[i]) for i in others) > len(others)
        # Without a page boundary between copies, only a line at the very top of the
        # document that recurs page-far apart (three times, or twice with a date, a page
        # label, or where the copy cuts a sentence in two: the next page's top) counts: a
        # refrain or a list repeats closer. A header that OCR reads into a column cuts
        # sentences where it stands: three copies, most of them cutting one, are furniture.
        if len(spots) >= 2 and _spread(spots) and (
            ranks[0] < EDGE or (len(spots) >= 3 and cut)
        ):
            recurring.add(c)
        if (len(ranks) >= 2 and _apart(bounds, min(ranks), max(ranks))) or (
            c in recurring and (len(spots) >= 3 or hint or cut)
        ):
            running.add(c)
    if not running:
        return set()
    walks = []
    for n, zone in enumerate(zones):
        walk: dict[int, int] = {}
        pos = 0
        while pos < len(zone):
            i = zone[pos]
            c = member.get(i)
            # Below a running line at the document's top, a line that recurs elsewhere
            # page-far is the header's second line (the other copy is OCR's, in a column).
            if not (i in halves and walk.get(c) == halves[i]):
                if c in walk or not (c in running or (n == 0 and walk and c in recurring)):
                    break
                walk[c] = i
            pos += 1
        if n == 0 and len(walk) >= 2:
            # The first page's heading stays: the last line of the top header when the
            # body follows (no later copy of it, no cut title ending in an ellipsis).
            last_c, last = list(walk.items())[-1]
            after = zone[pos] if pos < len(zone) else None
            if member.get(after) != last_c and not cores[last].endswith(_ELLIPSIS):
                del walk[last_c]
                pos = zone.index(last)
        if walk:
            walks.append((walk, zone[:pos]))
    # A header of several lines comes whole; one line of it alone at a page edge is the
    # title that the header repeats (the first page's headline), and stays.
    groups = Counter(frozenset(w) for w, _ in walks)
    doomed = set()
    for walk, lines in walks:
        if len(walk) == 1 and any(
            n >= 2 and len(g) > 1 and not walk.keys() - g for g, n in groups.items()
        ):
            continue
        doomed.update(lines)
    # Copies away from the page edges go when they match a removed copy itself (not just
    # a line it was grouped with) and are not the heading that repeats a header.
    removed = _Clusters()
    for i in doomed:
        removed.find(_key(cores[i]), add=True)
    for c in {member[i] for i in doomed}:
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


# Punctuation that can open or close a line; none of it is in a key (no word character).
_PUNCT = "，。、；：！？…—·“”‘’「」『』（）《》〈〉【】〔〕,.;:!?'\"()[]- "


def _maybe_found(cores: list[str], lines: list[int], clusters: _Clusters) -> list[int]:
    """The lines whose key `clusters.find(key, add=False)` may find, without computing the
    keys: finding needs a shared two-character end (an equal key the same start, a near
    one a start or end among `by_end`). Past punctuation, a line's first and last letters
    are its key's when a key keeps them as they are: where they match no start or end,
    the line is out; most lines of a long text are."""
    starts = {key[:2] for key in clusters.by_key} | clusters.by_end.keys()
    ends = clusters.by_end.keys()
    firsts = {pair[0] for pair in starts}
    lasts = {pair[-1] for pair in ends}
    found = []
    for i in lines:
        core = cores[i]
        if "   " not in core:  # a layout gap: the key ends where the gap begins
            # A key keeps letters that lowercasing leaves alone as they are (a word
            # character, never a digit): Han characters, lowercase Latin.
            head = core.lstrip(_PUNCT)[:2]
            if head not in starts and head.isalpha() and head.lower() == head or (
                (h := head[:1]) not in firsts and h.isalpha() and h.lower() == h
            ):
                tail = core.rstrip(_PUNCT)[-2:]
                if tail not in ends and tail.isalpha() and tail.lower() == tail or (
                    (t := tail[-1:]) not in lasts and t.isalpha() and t.lower() == t
                ):
                    continue
        found.append(i)
    return found


def _cuts(cores: list[str], nonblank: list[int], k: int) -> bool:
    """Does the line of rank `k` stand alone (blank lines around it, as OCR and a page
    break leave them) between two halves of a sentence?"""
    if not 0 < k < len(nonblank) - 1:
        return False
    i = nonblank[k]
    if cores[i - 1] or cores[i + 1]:
        return False
    prev, nxt = cores[nonblank[k - 1]], cores[nonblank[k + 1]]
    return len(prev) >= 8 and not ends_sentence(prev) and _CONTINUES.match(nxt) is not None


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
