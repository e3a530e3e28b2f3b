"""Character classes shared by the rules, as regex fragments without astral code points.

An astral code point inside a character class makes `re` much slower, so CJK extension B
and beyond are left out; they are rare in running text and never decide a rule alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

from cleaner import _native
from cleaner.codepoints import utf32

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007"
# CJK and full-width punctuation, plus the general-punctuation marks Chinese text uses.
CJK_PUNCT = (
    "\u3001-\u3006\u3008-\u3011\u3014-\u301f\u30fb\uff01-\uff0f\uff1a-"
    "\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u00b7\u2018\u2019"
    "\u201c\u201d\u2027\u25b2\u25c0\u25b6\u25bc\u25a0\u25a1\u25cf\u2605"
)
CJK = HAN + CJK_PUNCT
FULLWIDTH_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"

# Marks that can end a sentence, optionally followed by closing quotes or brackets.
SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》〉】〕"
OPENERS = "“‘「『（(《〈【〔"


# What opens a numbered list item or section: `1.`, `（二）`, `三、`, `第四章`.
NUMBERED = (
    r"\d{1,2}[．.、)）](?!\d)"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|[一二三四五六七八九十]{1,3}、"
    r"|第[一二三四五六七八九十百\d]{1,4}[章节条部篇回]"
)
HAN_RE = re.compile(f"[{HAN}]")  # one Han character
_SAMPLE = 8_000


def display_width(text: str) -> int:
    """Display columns: characters from U+0800 up (CJK, full-width forms, Chinese quotes,
    dashes and symbols) count 2, the rest 1.

    Read off the UTF-8 length, which Python computes at C speed: such characters take
    three bytes, ASCII one. The rare two-byte characters (accented Latin, Greek, Cyrillic)
    count 1.5, which is well inside the tolerance of every use.
    """
    return len(text) + (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2


def sample(text: str) -> str:
    """Up to three slices of a long text: enough to estimate a ratio, at a fixed cost."""
    if len(text) <= 3 * _SAMPLE:
        return text
    mid = len(text) // 2
    return text[:_SAMPLE] + text[mid:mid + _SAMPLE] + text[-_SAMPLE:]


def han_ratio(text: str) -> float:
    """Share of Han characters among the non-space characters (estimated on long texts)."""
    han, visible = _native.han_counts(utf32(sample(text)))
    return han / visible if visible else 0.0


def ends_sentence(line: str) -> bool:
    """Does the line end a sentence (closing quotes or brackets may follow the mark)?"""
    core = line.rstrip().rstrip(CLOSERS + " ")
    return bool(core) and core[-1] in SENTENCE_END


# Code is the author's verbatim text: fenced blocks (``` or ~~~ lines) and inline `code`.
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_INLINE_CODE = re.compile(r"`[^`\n]+`")


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of fenced code blocks, fence lines included (an unclosed fence runs to
    the end), in order."""
    if "```" not in text and "~~~" not in text:
        return []
    spans: list[tuple[int, int]] = []
    start = fence = None
    for m in _FENCE_LINE.finditer(text):
        if start is None:
            start, fence = m.start(), m.group(1)[0]
        elif m.group(1)[0] == fence:
            end = text.find("\n", m.end())
            spans.append((start, len(text) if end < 0 else end))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of fenced code blocks and of inline code outside them, in order; empty
    when the text has no backtick or tilde fence."""
    if "`" not in text and "~~~" not in text:
        return []
    spans = fenced_blocks(text)
    inline: list[tuple[int, int]] = []
    k = 0
    for m in _INLINE_CODE.finditer(text):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] <= m.start():
            continue  # inside a fenced block already
        inline.append(m.span())
    return sorted(spans + inline)


def outside_code(text: str, fix: Callable[[str], str]) -> str:
    """Apply `fix` to the text between code spans only; code comes back as it was."""
    spans = code_spans(text)
    if not spans:
        return fix(text)
    out, pos = [], 0
    for start, end in spans:
        out.append(fix(text[pos:start]))
        out.append(text[start:end])
        pos = end
    out.append(fix(text[pos:]))
    return "".join(out)


def at_least(pattern: re.Pattern[str], text: str, n: int) -> bool:
    """Does `pattern` match `text` `n` times or more? Stops at the n-th match, and holds no
    list of matches (`len(findall)` on a 10 MB line builds millions of strings)."""
    return sum(1 for _ in islice(pattern.finditer(text), n)) >= n


def replace_at(text: str, edits: dict[int, str]) -> str:
    """`text` with the character at each position of `edits` replaced by its value.

    The edits are kept apart from the text rather than in `list(text)`: such a list holds
    one str object per character (about 80 bytes for a Han character, 40 times its UTF-8
    size), which is what made a 50 MB document need gigabytes.
    """
    if not edits:
        return text
    pieces, done = [], 0
    for k in sorted(edits):
        pieces += [text[done:k], edits[k]]
        done = k + 1
    pieces.append(text[done:])
    return "".join(pieces)
