"""Invisible characters: zero-width characters, soft hyphens, NBSP in Latin runs, U+3000 indents."""

from __future__ import annotations

import random
import re

from cleaner.evaluate.synthetic.text import MARKUP, is_alnum, is_cjk

_ZW = ("\u200b", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2060")
_RAW_TEXT_TAG = re.compile(r"<(title|script|style)\b", re.IGNORECASE)
_P_TAG = re.compile(r"<p\b[^>]*>", re.IGNORECASE)


def _invisible_segment(seg: str, rng: random.Random, *, after_p: bool, blank: bool) -> str:
    chars = list(seg)
    for i in range(1, len(seg) - 1):
        if seg[i] == " " and is_alnum(seg[i - 1]) and is_alnum(seg[i + 1]) and rng.random() < 0.5:
            chars[i] = "\u00a0"
    inserts: dict[int, str] = {}
    for i in range(1, len(seg)):
        if is_cjk(seg[i - 1]) and is_cjk(seg[i]) and rng.random() < 0.03:
            inserts[i] = rng.choice(_ZW)
    for i, ch in enumerate(seg):
        if i == 0:
            start = after_p
        else:
            # Without blank lines every line is a paragraph; with them (a wrapped layout) only
            # a line after a blank line certainly starts one.
            start = seg[i - 1] == "\n" and (not blank or (i >= 2 and seg[i - 2] == "\n"))
        if start and is_cjk(ch) and rng.random() < 0.3:
            inserts[i] = "\u3000" * rng.choice((1, 2)) + inserts.get(i, "")
    return "".join(inserts.get(i, "") + c for i, c in enumerate(chars))


def invisible(text: str, rng: random.Random) -> str:
    """Invisible damage: zero-width characters and soft hyphens between CJK characters, NBSP
    for spaces inside Latin runs, U+3000 indents at paragraph starts.

    Tags, entities and the content of title/script/style are left intact.
    """
    pieces = MARKUP.split(text)  # even indices are text, odd ones markup
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
            if is_cjk(seg[i - 1]) and is_cjk(seg[i]):
                pieces[k] = seg[:i] + "\u200b" + seg[i:]
                return "".join(pieces)
    return text
