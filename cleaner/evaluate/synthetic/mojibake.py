"""Mojibake: UTF-8 bytes read as cp1252, latin-1 or GBK, only where ftfy can undo it exactly."""

from __future__ import annotations

import random
import re

import ftfy
import ftfy.bad_codecs  # noqa: F401  registers "sloppy-windows-1252" and friends

from cleaner.evaluate.synthetic.text import MARKUP, is_cjk

# How the mojibake check runs ftfy: configured for Chinese as the policy asks (keep curly
# quotes, keep full-width characters, leave HTML entities to the markup rules).
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
)


_CODECS = ("sloppy-windows-1252", "sloppy-windows-1252", "latin-1", "gbk")


def _fix(text: str) -> str:
    return ftfy.fix_text(text, FTFY_CONFIG)


def _spans(line: str, rng: random.Random) -> list[tuple[int, int]]:
    """Candidate spans for mojibake, largest first: whole line, one sentence, a few chars."""
    spans = [(0, len(line))]
    sentences = [m.span() for m in re.finditer(r"[^。！？]+[。！？]?", line)]
    if len(sentences) > 1:
        spans.append(rng.choice(sentences))
    cjk = [i for i, c in enumerate(line) if is_cjk(c)]
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
        if "<title" not in line and any(not c.isascii() for c in MARKUP.sub("", line))
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
