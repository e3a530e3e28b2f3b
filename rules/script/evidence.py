"""Script evidence: the characters that exist in one script alone, and what they say.

Only such a character is evidence of the script a text is written in, or of a leftover of
the other one; characters standard in both (干 后 了 准 范) say nothing by themselves.
"""

from __future__ import annotations

from functools import cache

from cleaner_rules.script.tables import (
    both_scripts,
    conversion_pairs,
    converter,
    convertible,
    keep_hant,
    transliteration_chars,
)
from cleaner_rules.text.chars import sample

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document

# Unrepaired mojibake (GBK/UTF-8 round trips of 0xEF 0xBF 0xBD, uninitialised MSVC memory):
# script conversion must never "correct" garbage into other garbage.
_GARBAGE = _native.Literals(["锟斤拷", "烫烫烫", "屯屯屯", "锘锘"])


@cache
def only_simplified() -> frozenset[str]:
    """Simplified characters that are no standard traditional form: OpenCC changes them,
    their candidates exclude them, and they are not the Taiwan or Hong Kong standard form
    of their traditional counterpart (群 for 羣, 峰 for 峯 are standard there)."""
    both, keep = both_scripts(), keep_hant()
    pairs = conversion_pairs("s2t")
    # One conversion of all forms, a line each: no OpenCC phrase spans a line break.
    forms = "\n".join(t for _, t in pairs)
    tw = converter("t2tw").convert(forms).split("\n")
    hk = converter("t2hk").convert(forms).split("\n")
    return frozenset(
        c for (c, _), t, h in zip(pairs, tw, hk, strict=True)
        if c not in both and c not in keep and t != c and h != c
    )


@cache
def only_traditional() -> frozenset[str]:
    """Traditional characters that are no standard simplified form."""
    both = both_scripts()
    return frozenset(c for c, _ in conversion_pairs("t2s") if c not in both)


@cache
def script_table() -> _native.ScriptTable:
    """The character sets of script conversion by code point, for the native core: one
    script alone (simplified, traditional), what OpenCC's character tables change (s2t,
    t2s), the traditional forms kept and the characters of transliterated names."""
    sets = (only_simplified(), only_traditional(), convertible("s2t"), convertible("t2s"),
            keep_hant(), transliteration_chars())
    return _native.ScriptTable(*("".join(sorted(chars)) for chars in sets))


def scripts_in(codes: bytes) -> tuple[bool, bool]:
    """Does a text (`codes`, its `utf32`) hold characters found only in simplified, only
    in traditional script?"""
    return script_table().evidence(codes)


def script_counts(text: str) -> tuple[int, int]:
    """Characters found only in simplified and only in traditional script (long texts are
    sampled: the counts decide which script dominates, not what gets converted)."""
    return script_table().counts(utf32(sample(text)))


def dominant_script(n_simp: int, n_trad: int) -> str:
    """The script with more evidence (a tie goes to simplified), `und` without any."""
    if n_simp == n_trad == 0:
        return "und"
    return "zh-Hant" if n_trad > n_simp else "zh-Hans"


def mojibake(doc: Document, codes: bytes) -> bool:
    """Unrepaired mojibake counted by the decode stage, or garbage the rule sees itself in
    the document's text (`codes`, its `utf32`)."""
    return doc.extra.get("mojibake_residue", 0) > 0 or _GARBAGE.found_in(codes)

