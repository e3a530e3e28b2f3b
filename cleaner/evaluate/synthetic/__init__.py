"""Synthetic damage of clean Chinese text, one function per artifact class.

`cleaner eval --synthetic` damages policy-clean texts, cleans them again and scores each class
separately, so regressions show up per artifact without needing more gold data. Every function
here therefore only produces damage that CLEANING-POLICY.md says to repair and that a correct
cleaner can undo *exactly*: ambiguous damage would measure luck, not the ruleset. When a text
offers no place for a class (no digits for `ocr_digits`, no heading for `fake_bold`) the
function returns the text unchanged rather than inventing a weaker variant.

Input: clean text, paragraphs separated by one ``\\n``. All randomness comes from the
`random.Random` passed in (`damage` derives one per class from its seed), so results are
reproducible across runs and machines.
"""

from __future__ import annotations

import html as _html
import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

import ftfy
import ftfy.bad_codecs  # noqa: F401  registers "sloppy-windows-1252" and friends

__all__ = [
    "ALONE",
    "CLASSES",
    "FTFY_CONFIG",
    "LAYOUT_CLASSES",
    "ORDER",
    "damage",
    "display_width",
    "wrap_paragraph",
]

Damage = Callable[[str, random.Random], str]
T = TypeVar("T")

# How the mojibake check runs ftfy: configured for Chinese as the policy asks (keep curly
# quotes, keep full-width characters, leave HTML entities to the markup rules).
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
)

# ---------------------------------------------------------------------------------------------
# character helpers

_SENT_END = "。！？…"
_CLOSERS = "”’」』）》】"
# A line ending in one of these is not "mid-sentence": no layout blank line or ad after it.
_NOT_MID = _SENT_END + _CLOSERS + "；：.!?;:)\"'"
# A paragraph whose text ends in one of these is not heading-like.
_PARA_END = _SENT_END + "；：，、.!?;:,"


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def _is_cjk(ch: str) -> bool:
    """Non-ASCII, visible: Han, CJK punctuation, full-width forms, Chinese quotes."""
    return not ch.isascii() and not ch.isspace()


def _is_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if ch in "“”‘’…—·":
        return 2
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    """Display columns as a PDF column sees them: CJK and full-width count 2, the rest 1."""
    return sum(_char_width(c) for c in text)


def _is_heading(par: str) -> bool:
    """Short standalone line without sentence punctuation: never wrapped or merged."""
    return 0 < len(par) <= 32 and par[-1] not in _PARA_END and "。" not in par


def _clearly_ends(line: str) -> bool:
    """Line ends a sentence, so a short line like it reads as a paragraph end."""
    if not line:
        return False
    if line[-1] in _SENT_END:
        return True
    return len(line) >= 2 and line[-1] in "”」』" and line[-2] in _SENT_END


def _mid_sentence(line: str) -> bool:
    return bool(line) and line[-1] not in _NOT_MID


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _pick(rng: random.Random, items: Sequence[T], share: float, at_least: int = 1) -> list[T]:
    """A random subset of about `share` of the items (at least `at_least`), in original order."""
    if not items:
        return []
    k = min(len(items), max(at_least, round(len(items) * share)))
    idx = sorted(rng.sample(range(len(items)), k))
    return [items[i] for i in idx]


def _apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping (start, end, new) spans."""
    out, pos = [], 0
    for start, end, new in sorted(edits):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# inline classes


def fullwidth_alnum(text: str, rng: random.Random) -> str:
    """Turn some ASCII letter/digit runs (or parts of them) into full-width forms."""
    runs = [m.span() for m in re.finditer(r"[A-Za-z0-9]+", text)]
    edits = []
    for start, end in _pick(rng, runs, 0.4):
        if end - start > 1 and rng.random() < 0.3:
            a = rng.randrange(start, end - 1)
            start, end = a, rng.randrange(a + 1, end + 1)
        edits.append((start, end, "".join(chr(ord(c) + 0xFEE0) for c in text[start:end])))
    return _apply_edits(text, edits)


_OCR_RUN = re.compile(r"(?<![A-Za-z0-9.,])[0-9]{2,}(?=[年月日元%万])")
_OCR_MAP = {"0": "O", "1": "l"}


def ocr_digits(text: str, rng: random.Random) -> str:
    """OCR look-alikes inside numbers before 年/月/日/元/%/万: 0→O, 1→l.

    Every replaced character keeps a real digit as neighbour, so the run still reads as a
    number (`2O2O年`, `l0月`), which is the only context the policy lets a cleaner fix.
    """
    edits = []
    for m in _OCR_RUN.finditer(text):
        run = m.group()
        cands = [i for i, c in enumerate(run) if c in _OCR_MAP]
        if not cands:
            continue
        rng.shuffle(cands)
        chosen: set[int] = set()
        for i in cands:
            trial = chosen | {i}
            if all(
                any(0 <= n < len(run) and n not in trial for n in (j - 1, j + 1)) for j in trial
            ):
                chosen = trial
            if len(chosen) * 2 >= len(run) or rng.random() < 0.3:
                break
        if chosen:
            new = "".join(_OCR_MAP[c] if i in chosen else c for i, c in enumerate(run))
            edits.append((m.start(), m.end(), new))
    if not edits:
        return text
    return _apply_edits(text, _pick(rng, edits, 0.6))


_PUNCT_HALF = {"，": ",", "：": ":", "；": ";", "？": "?", "！": "!"}
# Closers that halfwidth_punct itself may turn ASCII (）”) are left out: `),` is not context.
_PREV_OK = "」』》】…"


def halfwidth_punct(text: str, rng: random.Random) -> str:
    """Half-width punctuation in Chinese context, as typed on a Western keyboard.

    Only where both sides are Chinese (so `22:30` or `1,000` can never be produced), brackets
    and quotes only in pairs around Chinese text.
    """
    cands: list[list[tuple[int, int, str]]] = []
    for i, ch in enumerate(text):
        if i == 0:
            continue
        prev, nxt = text[i - 1], text[i + 1] if i + 1 < len(text) else "\n"
        prev_ok = _is_han(prev) or prev in _PREV_OK
        next_ok = nxt == "\n" or _is_han(nxt) or nxt in "「《"
        if ch in _PUNCT_HALF and prev_ok and next_ok:
            cands.append([(i, i + 1, _PUNCT_HALF[ch])])
        elif ch == "。" and nxt == "\n" and _is_han(prev):
            cands.append([(i, i + 1, ".")])
        elif text.startswith("……", i) and prev_ok:
            after = text[i + 2] if i + 2 < len(text) else "\n"
            if after == "\n" or _is_han(after):
                cands.append([(i, i + 2, "...")])
        elif text.startswith("——", i) and _is_han(prev):
            if i + 2 < len(text) and (_is_han(text[i + 2]) or text[i + 2] in "“（"):
                cands.append([(i, i + 2, "--")])
    for line_m in re.finditer(r"[^\n]+", text):
        line, base = line_m.group(), line_m.start()
        for m in re.finditer(r"（([^（）()\n]*)）", line):
            if any(_is_han(c) for c in m.group(1)):
                s, e = base + m.start(), base + m.end()
                cands.append([(s, s + 1, "("), (e - 1, e, ")")])
        if '"' in line:
            continue  # straight quotes already there would make the pairing ambiguous
        for m in re.finditer(r"“([^“”\n]*)”", line):
            if any(_is_han(c) for c in m.group(1)):
                s, e = base + m.start(), base + m.end()
                cands.append([(s, s + 1, '"'), (e - 1, e, '"')])
    if not cands:
        return text
    chosen = _pick(rng, cands, rng.uniform(0.25, 0.6))
    return _apply_edits(text, [e for group in chosen for e in group])


def cjk_spacing(text: str, rng: random.Random) -> str:
    """Pangu-style spaces between Han and ASCII letters/digits (`于 1991 年`, `QQ 音乐`)."""
    cands = [
        i
        for i in range(1, len(text))
        if (_is_han(text[i - 1]) and _is_alnum(text[i]))
        or (_is_alnum(text[i - 1]) and _is_han(text[i]))
    ]
    return _apply_edits(text, [(i, i, " ") for i in _pick(rng, cands, 0.7)])


def fake_bold(text: str, rng: random.Random) -> str:
    """Double a short heading (`ABCABC`, fake bold from PDF extraction), maybe add a truncated copy.

    Headings of 4-16 characters only: shorter ones could be a real repetition, longer ones
    would stop looking like headings once doubled.
    """
    pars = text.split("\n")
    seen = set(pars)
    cands = [
        i
        for i, p in enumerate(pars)
        if _is_heading(p) and 4 <= len(p) <= 16 and p[: len(p) // 2] * 2 != p
    ]
    if not cands:
        return text
    for i in sorted(_pick(rng, cands, 0.3), reverse=True):
        head = pars[i]
        new = [head * 2]
        if rng.random() < 0.5:
            prefix = head[: rng.randint(2, len(head) - 2)]
            if prefix not in seen and prefix.strip() == prefix:
                new.append(prefix)
        pars[i : i + 1] = new
    return "\n".join(pars)


# ---------------------------------------------------------------------------------------------
# script mix


@lru_cache(maxsize=4)
def _cc(config: str) -> Any:
    """Cached OpenCC converter; imported lazily as only script_mix needs it."""
    import opencc

    return opencc.OpenCC(config)


def _per_char(config: str, chars: list[str]) -> dict[str, str]:
    """Convert characters one by one (newline-separated so no phrase spans two of them)."""
    if not chars:
        return {}
    out = _cc(config).convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # pragma: no cover - OpenCC keeps newlines
        return {}
    return dict(zip(chars, out, strict=True))


def _is_traditional(text: str) -> bool:
    """Dominant script from characters that exist in only one script."""
    han = sorted({c for c in text if _is_han(c)})
    to_t, to_s = _per_char("s2t", han), _per_char("t2s", han)
    simp = sum(1 for c in text if c in to_t and to_t[c] != c and to_s[c] == c)
    trad = sum(1 for c in text if c in to_s and to_s[c] != c and to_t[c] == c)
    return trad > simp


def script_mix(text: str, rng: random.Random) -> str:
    """Leave a few characters in the other script, as a partial machine conversion does.

    A simplified text gets a few traditional characters, a traditional one a few simplified
    characters. A position qualifies only if the character converts the same way alone and in
    context, and converting the damaged context back with the policy's phrase-aware OpenCC
    (`t2s`, or `s2t` for a traditional text) restores the original character: `后` in `皇后`
    never becomes `後`. At most 8 characters (one per 40 Han), so the dominant script stays.
    """
    trad = _is_traditional(text)
    there, back = ("t2s", "s2t") if trad else ("s2t", "t2s")
    conv = _cc(there).convert(text)
    if len(conv) != len(text):
        return text
    positions = [i for i, (a, b) in enumerate(zip(text, conv, strict=True)) if a != b]
    if not positions:
        return text
    alone_there = _per_char(there, sorted({text[i] for i in positions}))
    alone_back = _per_char(back, sorted({conv[i] for i in positions}))
    rng.shuffle(positions)
    n_han = sum(1 for c in text if _is_han(c))
    limit = max(1, min(8, n_han // 40))
    chosen: list[int] = []
    for i in positions:
        if len(chosen) >= limit:
            break
        orig, new = text[i], conv[i]
        if alone_there.get(orig) != new or alone_back.get(new) != orig:
            continue
        if any(abs(i - j) < 10 for j in chosen):
            continue
        lo, hi = max(0, i - 6), min(len(text), i + 7)
        window = text[lo:i] + new + text[i + 1 : hi]
        restored = _cc(back).convert(window)
        if len(restored) == len(window) and restored[i - lo] == orig:
            chosen.append(i)
    return _apply_edits(text, [(i, i + 1, conv[i]) for i in chosen])


# ---------------------------------------------------------------------------------------------
# layout: hard wraps, page breaks, letter spacing, interstitial ads


# Line-breaking rules of Chinese typesetting (kinsoku): these never start or end a line.
_NO_LINE_START = "，。、；：？！”’）》」』】〕…—%·,.;:?!)"
_NO_LINE_END = "“‘（《「『【〔("


def _atoms(par: str) -> list[tuple[str, str]]:
    """Split a paragraph into unbreakable atoms, each with the separator before it.

    A break may fall between two characters unless both are ASCII (never inside a Latin word
    or number), one is a space, or typesetting forbids it (closing punctuation at a line
    start, opening punctuation at a line end). A single space whose neighbours are
    letters/digits or CJK is a break opportunity that the break consumes: joining Latin words
    restores one space, joining next to CJK restores none, as the policy's join rule does.
    """

    def breakable(a: str, b: str) -> bool:
        return a not in _NO_LINE_END and b not in _NO_LINE_START

    atoms: list[tuple[str, str]] = []
    cur, sep = "", ""
    n = len(par)
    for i, ch in enumerate(par):
        if ch == " " and 0 < i < n - 1 and cur:
            a, b = par[i - 1], par[i + 1]
            if (_is_alnum(a) or _is_cjk(a)) and (_is_alnum(b) or _is_cjk(b)) and breakable(a, b):
                atoms.append((sep, cur))
                cur, sep = "", " "
                continue
        if (
            cur
            and not (ch.isspace() or cur[-1].isspace())
            and not (ch.isascii() and cur[-1].isascii())
            and breakable(cur[-1], ch)
        ):
            atoms.append((sep, cur))
            cur, sep = "", ""
        cur += ch
    if cur:
        atoms.append((sep, cur))
    return atoms


def wrap_paragraph(par: str, cols: int) -> list[str]:
    """Greedy wrap at `cols` display columns; an atom wider than `cols` gets a line of its own."""
    lines: list[str] = []
    line, width = "", 0
    for sep, atom in _atoms(par):
        aw = display_width(atom)
        if not line:
            line, width = atom, aw
        elif width + len(sep) + aw <= cols:
            line, width = line + sep + atom, width + len(sep) + aw
        else:
            lines.append(line)
            line, width = atom, aw
    if line:
        lines.append(line)
    return lines


_AD_LEAD = ("", "", "【广告】", "▲ ", "↓↓↓ ", ">>> ", "（推广）")
_AD_BODY = (
    "点击下方链接，领取新人专享红包",
    "扫码关注公众号，回复“福利”免费领取资料",
    "下载客户端，看更多精彩内容",
    "限时特惠：家用净水器一折起，点击抢购",
    "推荐阅读：这三个习惯正在悄悄伤害你的眼睛",
    "点击阅读原文，参与抽奖赢取新款手机",
    "长按识别二维码，加入读者交流群",
    "打开APP，解锁全部精彩内容",
)
_AD_TAIL = ("", "", ">>", " ↓↓↓", "！", "（广告）")


def _ad_line(rng: random.Random) -> str:
    return rng.choice(_AD_LEAD) + rng.choice(_AD_BODY) + rng.choice(_AD_TAIL)


@dataclass
class _Par:
    lines: list[str]
    heading: bool
    after: dict[int, list[str]] = field(default_factory=dict)  # extra lines after line i


def _layout(
    text: str,
    rng: random.Random,
    *,
    page_breaks: bool = False,
    letter_spacing: bool = False,
    interstitial: bool = False,
) -> tuple[str, bool]:
    """Render the text as a narrow PDF column; returns (text, every requested extra placed).

    The first draw of `rng` picks the column width: 8-24 CJK characters (16-48 columns).
    Headings stay whole on their own lines with blank lines around them. Paragraphs are
    separated by a blank line, except sometimes after a paragraph whose last line is clearly
    short and ends a sentence, which is how newspaper columns show a paragraph end.
    """
    cols = 2 * rng.randint(8, 24)
    pars = [
        _Par([p], True) if _is_heading(p) else _Par(wrap_paragraph(p, cols), False)
        for p in _paragraphs(text)
    ]
    inner = [
        (pi, li)
        for pi, par in enumerate(pars)
        if not par.heading
        for li in range(len(par.lines) - 1)
    ]
    mid = [(pi, li) for pi, li in inner if _mid_sentence(pars[pi].lines[li])]
    placed = True
    if interstitial:
        spots = _pick(rng, mid, 0.0, at_least=2 if rng.random() < 0.3 else 1)
        placed &= bool(spots)
        for pi, li in spots:
            ad = _ad_line(rng)
            pars[pi].after[li] = ["", ad, ""] if rng.random() < 0.6 else [ad]
        mid = [s for s in mid if s not in spots]
    if page_breaks:
        spots = _pick(rng, mid, 0.12)
        placed &= bool(spots)
        for pi, li in spots:
            pars[pi].after[li] = [""] * rng.choice((1, 1, 1, 2))
    if letter_spacing:
        spaced = [
            (pi, li)
            for pi, li in inner
            if len(pars[pi].lines[li]) >= 4 and all(_is_cjk(c) for c in pars[pi].lines[li])
        ]
        spots = _pick(rng, spaced, 0.2)
        placed &= bool(spots)
        for pi, li in spots:
            pars[pi].lines[li] = " ".join(pars[pi].lines[li])

    def looks_like_end(line: str) -> bool:
        return display_width(line) <= cols - 8 and _clearly_ends(line)

    # Paragraphs may run on without a blank line only if no line inside a paragraph (cut
    # short by a long unbreakable atom) could be mistaken for a paragraph end.
    may_run_on = not any(looks_like_end(pars[pi].lines[li]) for pi, li in inner)
    out: list[str] = []
    for k, par in enumerate(pars):
        if k:
            prev = pars[k - 1]
            tight = (
                may_run_on
                and not prev.heading
                and not par.heading
                and looks_like_end(prev.lines[-1])
                and rng.random() < 0.5
            )
            if not tight:
                out.append("")
        for li, line in enumerate(par.lines):
            out.append(line)
            out.extend(par.after.get(li, ()))
    return "\n".join(out), placed


def _side_by_side(text: str, rng: random.Random) -> str:
    """Set laid-out lines as two columns side by side, as `pdftotext -layout` prints a
    two-column page: each row holds a line of the left column, the gutter's spaces, and a
    line of the right column, which starts at the same place on every page; pages end with
    a form feed. A heading wider than the column wraps in it, as a typesetter wraps it."""
    lines = text.split("\n")
    # The column is as wide as the widest wrapped line (headings were left whole).
    cols = max((display_width(line) for line in lines if not _is_heading(line)), default=0)
    lines = [part for line in lines
             for part in (wrap_paragraph(line, cols) if 0 < cols < display_width(line)
                          else [line])]
    rows = rng.randint(12, 30)
    at = max(len(line) for line in lines) + rng.randint(3, 6)
    pages = []
    for top in range(0, len(lines), 2 * rows):
        left, right = lines[top:top + rows], lines[top + rows:top + 2 * rows]
        right += [""] * (len(left) - len(right))
        rows_text = ((a.ljust(at) + b).rstrip() for a, b in zip(left, right, strict=True))
        pages.append("\n".join(rows_text))
    return "\f".join(pages)


def side_by_side(text: str, rng: random.Random) -> str:
    """Hard wraps in two columns printed side by side on each line (`pdftotext -layout`)."""
    return _side_by_side(_layout(text, rng)[0], rng)


def hard_wrap(text: str, rng: random.Random) -> str:
    """Column hard wraps of a newspaper PDF (see `_layout` for the width draw)."""
    return _layout(text, rng)[0]


def page_break(text: str, rng: random.Random) -> str:
    """Hard wraps plus blank lines after some lines that end mid-sentence (page/column breaks)."""
    out, placed = _layout(text, rng, page_breaks=True)
    return out if placed else text


def letter_spacing(text: str, rng: random.Random) -> str:
    """Hard wraps with some all-CJK lines letter-spaced, as justified PDF lines extract."""
    out, placed = _layout(text, rng, letter_spacing=True)
    return out if placed else text


def interstitial(text: str, rng: random.Random) -> str:
    """An ad/link-bait line cutting a hard-wrapped paragraph mid-sentence (never at its end)."""
    out, placed = _layout(text, rng, interstitial=True)
    return out if placed else text


# ---------------------------------------------------------------------------------------------
# site chrome

_TOP = (
    "打开APP",
    "未登录",
    "userphoto",
    "登录 | 注册",
    "登录后可同步阅读进度",
    "开通VIP，免广告畅读全站文章",
    "VIP会员限时5折，立即开通",
    "扫码关注，每天早上收到新闻早报",
    "下载客户端，阅读体验更佳",
    "0",
)
_BOTTOM = (
    "打开APP，查看完整内容",
    "打开APP，阅读全文并收藏",
    "分享 收藏 点赞 举报",
    "分享到：微信 微博 QQ空间",
    "收藏 | 转发 | 下载文章",
    "扫一扫，在手机上阅读本文",
    "VIP专享：畅听有声书等10项特权",
    "联系客服",
    "意见反馈",
    "0",
    "userphoto",
)
_DISCLAIMERS = (
    "本站仅提供信息存储空间服务，文章内容由用户上传，如有侵权请联系删除。",
    "本文内容由网友自发贡献，版权归原作者所有，本站不承担相关法律责任。",
    "声明：本平台仅提供存储服务，如发现违规内容，请点击举报。",
)
_RELATED = ("相关推荐", "猜你喜欢", "相关文章", "你可能还喜欢", "热门推荐")
_T_SUBJ = (
    "城市夜市", "老街茶馆", "乡村图书馆", "新能源汽车", "社区菜园", "高校食堂", "露营经济",
    "智能手表", "地铁早高峰", "旧书市场", "无人便利店", "博物馆夜场", "县城咖啡馆", "跨境网购",
)  # fmt: skip
_T_PRED = (
    "迎来新变化", "为什么越来越火", "背后的那些故事", "的五个冷知识", "年轻人怎么看",
    "还能火多久", "悄悄改变了生活", "正在被重新定义", "值得一看", "的未来在哪里",
)  # fmt: skip
_T_PRE = ("", "", "", "【热】", "独家：", "深度｜")
_T_POST = ("", "", "", "（附视频）", "（图）", "（内含数据）")


def _title(rng: random.Random) -> str:
    return rng.choice(_T_PRE) + rng.choice(_T_SUBJ) + rng.choice(_T_PRED) + rng.choice(_T_POST)


def chrome(text: str, rng: random.Random) -> str:
    """Site chrome above and below the article: login/app/VIP prompts, share bars, related list.

    Chrome blocks are set off by a blank line when the body itself uses blank lines (a wrapped
    layout), so a chrome line never sits inside a paragraph.
    """
    blank = "\n\n" in text
    top = rng.sample(_TOP, rng.randint(1, 4))
    bottom: list[str] = []
    if rng.random() < 0.7:
        bottom.append(rng.choice(_DISCLAIMERS))
    bottom += rng.sample(_BOTTOM, rng.randint(1, 3))
    if rng.random() < 0.8:
        titles: list[str] = []
        n_titles = rng.randint(3, 6)
        while len(titles) < n_titles:
            t = _title(rng)
            if t not in titles:
                titles.append(t)
        bottom += [rng.choice(_RELATED), *titles]
        if rng.random() < 0.5:
            bottom.append("更多相关文章 >>")
    bottom += rng.sample(_BOTTOM, rng.randint(0, 2))

    def join(lines: list[str]) -> str:
        return "".join(line + ("\n\n" if rng.random() < 0.3 else "\n") for line in lines)

    sep = "\n\n" if blank else rng.choice(("\n", "\n\n"))
    return join(top).rstrip("\n") + sep + text + sep + join(bottom).rstrip("\n")


# ---------------------------------------------------------------------------------------------
# HTML

_STYLES = (
    "",
    ' style="text-indent: 2em;"',
    ' style="text-indent: 2em; text-align: left;"',
    ' class="content"',
)
_ALTS = ("图片", "配图", "图为活动现场", "示意图", "资料图", "image")
_INLINE = (
    ('<a href="https://example.com/tag/{n}" target="_blank">', "</a>"),
    ('<span style="color: #333;">', "</span>"),
    ("<em>", "</em>"),
    ("<b>", "</b>"),
)


def _esc(text: str, rng: random.Random) -> str:
    """Escape for HTML: & < > always, some quotes and characters as named/numeric entities."""
    out = []
    for ch in text:
        r = rng.random()
        if ch in "&<>":
            out.append(_html.escape(ch, quote=False))
        elif ch in "“”—" and r < 0.3:
            out.append({"“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;"}[ch])
        elif _is_han(ch) and r < 0.01:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def _html_block(lines: list[str], rng: random.Random, *, strong: bool = False) -> str:
    if strong or (len(lines) == 1 and _is_heading(lines[0]) and rng.random() < 0.8):
        inner = _esc(lines[0], rng)
        if strong or rng.random() < 0.75:
            return f"<p{rng.choice(_STYLES)}><strong>{inner}</strong></p>"
        return f"<h3>{inner}</h3>"
    parts = []
    for line in lines:
        if len(line) > 6 and rng.random() < 0.3:
            i = rng.randrange(1, len(line) - 3)
            j = rng.randrange(i + 1, len(line))
            open_, close = rng.choice(_INLINE)
            open_ = open_.format(n=rng.randrange(1000))
            parts.append(
                _esc(line[:i], rng) + open_ + _esc(line[i:j], rng) + close + _esc(line[j:], rng)
            )
        else:
            parts.append(_esc(line, rng))
    return f"<p{rng.choice(_STYLES)}>" + "<br>".join(parts) + "</p>"


def _to_html(text: str, rng: random.Random, *, blocks: bool) -> str:
    """Wrap the text as a saved web page.

    `blocks=False`: every line is a paragraph. `blocks=True` (text already laid out): runs of
    lines between blank lines become one `<p>` with `<br>` between the lines, so the line
    structure survives exactly as in the plain-text layout.
    """
    if blocks:
        groups = [b.split("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
    else:
        groups = [[p] for p in _paragraphs(text)]
    groups = [[line for line in g if line.strip()] for g in groups]
    heads = [g[0] for g in groups if len(g) == 1 and _is_heading(g[0])]
    first = heads[0] if heads else (groups[0][0][:12] if groups else "")
    title = first + rng.choice(("", "_新闻频道", " - 资讯网", "｜深度阅读"))
    first_head = next((i for i, g in enumerate(groups) if len(g) == 1 and _is_heading(g[0])), -1)
    body = [_html_block(g, rng, strong=i == first_head) for i, g in enumerate(groups)]
    extras = [
        f'<img src="/upload/{rng.randrange(10**6)}.jpg" alt="{rng.choice(_ALTS)}">',
        "<!-- " + rng.choice(("广告位", "ad slot", "正文开始", "end of content")) + " -->",
        "<script>window.dataLayer = window.dataLayer || [];"
        " dataLayer.push({event: 'pv'});</script>",
    ]
    for extra in extras:
        body.insert(rng.randrange(len(body) + 1), extra)
    head = (
        '<head><meta charset="utf-8">'
        f"<title>{_html.escape(title, quote=False)}</title>"
        "<style>p { line-height: 1.8; } .ad > a { color: red; }</style></head>"
    )
    wrapper = rng.choice(('<div class="article">', '<div id="content" class="rich_media">'))
    return (
        "<!DOCTYPE html>\n<html>" + head + "\n<body>\n" + wrapper + "\n"
        + "\n".join(body)
        + "\n</div>\n</body>\n</html>"
    )  # fmt: skip


def html(text: str, rng: random.Random) -> str:
    """The text as a saved web page: `<p>`, `<strong>` headings, img/script/style/comment."""
    return _to_html(text, rng, blocks=False)


# ---------------------------------------------------------------------------------------------
# invisible characters

_ZW = ("\u200b", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060")
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
_RAW_TEXT_TAG = re.compile(r"<(title|script|style)\b", re.IGNORECASE)
_P_TAG = re.compile(r"<p\b[^>]*>", re.IGNORECASE)


def _invisible_segment(seg: str, rng: random.Random, *, after_p: bool, blank: bool) -> str:
    chars = list(seg)
    for i in range(1, len(seg) - 1):
        if seg[i] == " " and _is_alnum(seg[i - 1]) and _is_alnum(seg[i + 1]) and rng.random() < 0.5:
            chars[i] = "\u00a0"
    inserts: dict[int, str] = {}
    for i in range(1, len(seg)):
        if _is_cjk(seg[i - 1]) and _is_cjk(seg[i]) and rng.random() < 0.03:
            inserts[i] = rng.choice(_ZW)
    for i, ch in enumerate(seg):
        if i == 0:
            start = after_p
        else:
            # Without blank lines every line is a paragraph; with them (a wrapped layout) only
            # a line after a blank line certainly starts one.
            start = seg[i - 1] == "\n" and (not blank or (i >= 2 and seg[i - 2] == "\n"))
        if start and _is_cjk(ch) and rng.random() < 0.3:
            inserts[i] = "\u3000" * rng.choice((1, 2)) + inserts.get(i, "")
    return "".join(inserts.get(i, "") + c for i, c in enumerate(chars))


def invisible(text: str, rng: random.Random) -> str:
    """Invisible damage: zero-width characters and soft hyphens between CJK characters, NBSP
    for spaces inside Latin runs, U+3000 indents at paragraph starts.

    Tags, entities and the content of title/script/style are left intact.
    """
    pieces = _MARKUP.split(text)  # even indices are text, odd ones markup
    blank = "\n\n" in text
    raw_text = False
    eligible: list[int] = []
    for k in range(0, len(pieces), 2):
        if k:
            tag = pieces[k - 1]
            if _RAW_TEXT_TAG.match(tag):
                raw_text = True
            elif tag.startswith("</"):
                raw_text = False
        if raw_text or not pieces[k]:
            continue
        eligible.append(k)
        after_p = k == 0 or bool(_P_TAG.fullmatch(pieces[k - 1]))
        pieces[k] = _invisible_segment(pieces[k], rng, after_p=after_p, blank=blank)
    out = "".join(pieces)
    if out != text:
        return out
    # Guarantee the class shows up: one zero-width space at the first CJK pair in body text.
    for k in eligible:
        seg = pieces[k]
        for i in range(1, len(seg)):
            if _is_cjk(seg[i - 1]) and _is_cjk(seg[i]):
                pieces[k] = seg[:i] + "\u200b" + seg[i:]
                return "".join(pieces)
    return text


# ---------------------------------------------------------------------------------------------
# mojibake

_CODECS = ("sloppy-windows-1252", "sloppy-windows-1252", "latin-1", "gbk")


def _fix(text: str) -> str:
    return ftfy.fix_text(text, FTFY_CONFIG)


def _spans(line: str, rng: random.Random) -> list[tuple[int, int]]:
    """Candidate spans for mojibake, largest first: whole line, one sentence, a few chars."""
    spans = [(0, len(line))]
    sentences = [m.span() for m in re.finditer(r"[^。！？]+[。！？]?", line)]
    if len(sentences) > 1:
        spans.append(rng.choice(sentences))
    cjk = [i for i, c in enumerate(line) if _is_cjk(c)]
    if cjk:
        s = rng.choice(cjk)
        spans.append((s, min(len(line), s + rng.randint(2, 6))))
    return spans


def mojibake(text: str, rng: random.Random) -> str:
    """UTF-8 bytes read as cp1252/latin-1/GBK in one or two lines, the way real mojibake occurs.

    Each candidate is kept only if ftfy (configured as `FTFY_CONFIG`) turns the damaged line
    back into what it makes of the original line; otherwise a smaller span or another codec is
    tried. In practice GBK misreadings are lossy and rarely pass, so most damage is cp1252-style.
    """
    lines = text.split("\n")
    # Body lines only: a damaged <title> would hit metadata, not the text being scored.
    cands = [
        i
        for i, line in enumerate(lines)
        if "<title" not in line and any(not c.isascii() for c in _MARKUP.sub("", line))
    ]
    rng.shuffle(cands)
    want, done = rng.choice((1, 1, 2)), 0
    for li in cands:
        if done >= want:
            break
        line = lines[li]
        target = _fix(line)
        codecs = list(_CODECS)
        rng.shuffle(codecs)
        for start, end in _spans(line, rng):
            hit = None
            for codec in codecs:
                try:
                    bad = line[start:end].encode("utf-8").decode(codec)
                except UnicodeDecodeError:
                    continue
                new = line[:start] + bad + line[end:]
                if new != line and _fix(new) == target:
                    hit = new
                    break
            if hit is not None:
                lines[li] = hit
                done += 1
                break
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# registry and composition

CLASSES: dict[str, Damage] = {
    "hard_wrap": hard_wrap,
    "page_break": page_break,
    "letter_spacing": letter_spacing,
    "halfwidth_punct": halfwidth_punct,
    "fullwidth_alnum": fullwidth_alnum,
    "script_mix": script_mix,
    "mojibake": mojibake,
    "invisible": invisible,
    "chrome": chrome,
    "interstitial": interstitial,
    "side_by_side": side_by_side,
    "html": html,
    "fake_bold": fake_bold,
    "ocr_digits": ocr_digits,
    "cjk_spacing": cjk_spacing,
}

LAYOUT_CLASSES = ("hard_wrap", "page_break", "letter_spacing", "interstitial", "side_by_side")
# Classes measured alone only: `-layout` text never also arrives as HTML or with site chrome.
ALONE = ("side_by_side",)
# Inline damage first (it works on clean paragraphs), then layout, chrome around the laid-out
# body, markup around everything, and byte-level damage last as storage would cause it.
# fullwidth_alnum precedes ocr_digits so a look-alike is never also widened.
ORDER = (
    "script_mix",
    "fullwidth_alnum",
    "ocr_digits",
    "halfwidth_punct",
    "cjk_spacing",
    "fake_bold",
    *LAYOUT_CLASSES,
    "chrome",
    "html",
    "invisible",
    "mojibake",
)


def _rng(seed: int, name: str) -> random.Random:
    """One generator per class, so adding a class does not change the others' choices."""
    return random.Random(f"{seed}:{name}")


def damage(text: str, classes: Sequence[str], seed: int) -> str:
    """Apply `classes` in the fixed `ORDER`, each with its own generator derived from `seed`.

    Layout classes combine into one layout pass (one column width), so e.g. `page_break` and
    `letter_spacing` together damage the same wrapped column. Unknown names raise ValueError.
    """
    unknown = sorted(set(classes) - set(CLASSES))
    if unknown:
        raise ValueError(f"unknown damage classes: {', '.join(unknown)}")
    wanted = set(classes)
    layout = [c for c in LAYOUT_CLASSES if c in wanted]
    for name in ORDER:
        if name not in wanted:
            continue
        if name in LAYOUT_CLASSES:
            if name == layout[0]:
                rng = _rng(seed, "layout")
                text = _layout(
                    text,
                    rng,
                    page_breaks="page_break" in wanted,
                    letter_spacing="letter_spacing" in wanted,
                    interstitial="interstitial" in wanted,
                )[0]
                if "side_by_side" in wanted:
                    text = _side_by_side(text, rng)
        elif name == "html":
            text = _to_html(text, _rng(seed, name), blocks=bool(layout))
        else:
            text = CLASSES[name](text, _rng(seed, name))
    return text
