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
from rules.chars import CLOSERS, HAN, OPENERS, SENTENCE_END, ends_sentence
from rules.linescan import LineScanner

MAX_CHROME_CHARS = 60
_HAN_RE = re.compile(f"[{HAN}]")


@cache
def _chrome_sections() -> dict[str, list[str]]:
    """The sections of `rules/data/chrome.txt` as lists of lines."""
    sections: dict[str, list[str]] = {}
    current = None
    text = (resources.files("rules") / "data" / "chrome.txt").read_text("utf-8")
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
        and len(_HAN_RE.findall(line)) >= 12
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
    line, pos = 0, 0
    for k, end in enumerate(ends):
        line += text.count("\n", pos, end)
        pos = end
        if _is_body(lines[line]):
            return line, _last_body(text, lines, ends[k:], line)
    return len(lines), -1


def _last_body(text: str, lines: list[str], ends: list[int], first: int) -> int:
    """The last body line among the sentence ends `ends`, the first of which is on body
    line `first`: looking back from the end, counting line breaks as it goes."""
    line, pos = first + text.count("\n", ends[0], ends[-1]), ends[-1]
    for end in reversed(ends):
        line -= text.count("\n", end, pos)
        pos = end
        if _is_body(lines[line]):
            return line
    return first  # not reached: line `first` is a body line


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
        and (prev[-1] in "，、" or _HAN_RE.match(prev[-1]) is not None)
        and _CONTINUES.match(nxt) is not None
        and _LIST_START.match(nxt) is None
    )


class InterstitialAd(Rule):
    code = "B002"
    name = "interstitial-ad"
    family = "boilerplate"
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
