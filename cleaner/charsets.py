"""What real Chinese text is made of, for telling a right decode from mojibake.

The common characters come from the codecs themselves (GB2312 level 1, Big5's frequent
block and each encoding's punctuation rows), so no frequency table ships with the package.
A wrong reading of GB18030 as Big5 (or the reverse), or of UTF-16 in the wrong byte order,
is full of rare characters; the scores here measure that.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["common_chars", "common_sets", "legacy_score", "utf16_score"]

# Only the first characters are scored: the statistic converges quickly and long files
# must not cost a Python-level loop over every character.
_SAMPLE_CHARS = 1 << 16


def utf16_score(text: str) -> tuple[float, int]:
    """Share of characters that real (mostly Chinese) text is made of, and the Han count.

    Common Han, ASCII text, CJK and general punctuation, fullwidth forms, Latin, Greek,
    Cyrillic and kana count; rare Han, Hangul, controls and everything else do not.
    """
    common = _common_han()
    sample = text[:_SAMPLE_CHARS]
    good = han = 0
    for ch in sample:
        o = ord(ch)
        if o < 0x80:
            good += o >= 0x20 or ch in "\t\n\r\f\v"
        elif 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF:
            han += 1
            good += ch in common
        else:
            good += (
                0x3000 <= o <= 0x30FF
                or 0xFF00 <= o <= 0xFFEF
                or 0x2000 <= o <= 0x206F
                or 0xA0 <= o <= 0x24F
                or 0x370 <= o <= 0x4FF
            )
    return (good / len(sample) if sample else 0.0), han


def legacy_score(text: str, common: frozenset[str]) -> tuple[float, int]:
    """Share of non-ASCII characters that are common Han or CJK punctuation, and their count."""
    n = hits = 0
    for ch in text[:_SAMPLE_CHARS]:
        if ch >= "\x80":
            n += 1
            hits += ch in common
    return (hits / n if n else 1.0), n


def common_chars() -> frozenset[str]:
    """Common Han of either script and the CJK punctuation rows of GB2312 and Big5."""
    gb_common, big5_common = common_sets()
    return _union(gb_common, big5_common)


@lru_cache(maxsize=1)
def _union(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return a | b


@lru_cache(maxsize=1)
def common_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Common Han (GB2312 level 1 ∪ Big5 frequent) plus each encoding's punctuation rows.

    GB2312 level 1 is the official list of the ~3,750 most used simplified characters and
    Big5 A440-C67E the ~5,400 frequent traditional ones; both come from the codecs, so no
    frequency table ships with the package.
    """
    gb_trails = list(range(0xA1, 0xFF))
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    han = _common_han()
    gb_punct = _decode_cells("gb2312", range(0xA1, 0xA4), gb_trails)
    big5_punct = _decode_cells("big5", range(0xA1, 0xA4), big5_trails, last=0xA3BF)
    return frozenset(han | gb_punct), frozenset(han | big5_punct)


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    gb_level1 = _decode_cells("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
    big5_frequent = _decode_cells(
        "big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], last=0xC67E
    )
    return frozenset(gb_level1 | big5_frequent)


def _decode_cells(encoding: str, leads: range, trails: list[int], last: int = 0xFFFF) -> set[str]:
    """The characters of a double-byte code table's cells, up to code `last`."""
    out = set()
    for lead in leads:
        for trail in trails:
            if (lead << 8 | trail) > last:
                break
            try:
                out.add(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                pass
    return out
