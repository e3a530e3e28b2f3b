"""Simplified and traditional script: detect the dominant one, convert the leftovers."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import opencc

from cleaner.document import Document
from cleaner.rule import Example, Option, Rule, Stage
from rules.chars import sample


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _char_class(chars: list[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


@cache
def keep_hant() -> frozenset[str]:
    """Characters standard in traditional text that s2t may still replace (rules/data)."""
    text = (resources.files("rules") / "data" / "hant_keep.txt").read_text("utf-8")
    return frozenset(
        line.split("#", 1)[0].strip() for line in text.splitlines()
        if line.split("#", 1)[0].strip()
    )


@cache
def script_evidence() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes for characters that exist in only one script (simplified, traditional)."""
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    joined = "\n".join(chars)
    to_trad = converter("s2t").convert(joined).split("\n")
    to_simp = converter("t2s").convert(joined).split("\n")
    keep = keep_hant()
    simplified = [c for c, t in zip(chars, to_trad, strict=True) if t != c and c not in keep]
    traditional = [c for c, s in zip(chars, to_simp, strict=True) if s != c]
    return _char_class(simplified), _char_class(traditional)


def script_counts(text: str) -> tuple[int, int]:
    """Characters found only in simplified and only in traditional script (long texts are
    sampled: the counts decide which script dominates, not what gets converted)."""
    simp, trad = script_evidence()
    text = sample(text)
    return len(simp.findall(text)), len(trad.findall(text))


def dominant_script(n_simp: int, n_trad: int) -> str:
    if n_simp == n_trad == 0:
        return "und"
    return "zh-Hant" if n_trad > n_simp else "zh-Hans"


@cache
def transliteration_chars() -> frozenset[str]:
    text = (resources.files("rules") / "data" / "transliteration.txt").read_text("utf-8")
    return frozenset("".join(line for line in text.splitlines() if not line.startswith("#")))


def _merge(
    original: str, direct: str, roundtrip: str, keep: frozenset[str], variant_of: opencc.OpenCC
) -> str:
    """Take a converted character only where the original is not standard already.

    The direct conversion sees leftovers in their context; the round trip through
    simplified also fixes phrases that mix both scripts (關系 to 關係), so it is used where
    the direct one sees nothing to change, but never to replace a traditional-only form.
    """
    if not len(original) == len(direct) == len(roundtrip):
        return direct
    lines = zip(original.split("\n"), direct.split("\n"), roundtrip.split("\n"), strict=True)
    return "\n".join(
        _merge_line(o, d, r, keep, variant_of) if not o == d == r else o for o, d, r in lines
    )


def _merge_line(
    original: str, direct: str, roundtrip: str, keep: frozenset[str], variant_of: opencc.OpenCC
) -> str:
    names = transliteration_chars()
    _, traditional = script_evidence()
    out = []
    for k, (a, d, r) in enumerate(zip(original, direct, roundtrip, strict=True)):
        if a == d == r:
            out.append(a)
            continue
        # A character that exists only in traditional script is standard there: keep it.
        b = d if d != a or traditional.match(a) else r
        keep_a = a != b and (
            a in keep
            or variant_of.convert(b) == a
            or (a == "里" and (original[k - 1:k] in names or original[k + 1:k + 2] in names))
        )
        out.append(a if keep_a else b)
    return "".join(out)


class ScriptConversion(Rule):
    code = "C001"
    name = "script-conversion"
    family = "script"
    stage = Stage.SCRIPT
    summary = "Convert characters of the minority script to the document's dominant script."
    rationale = (
        "Machine conversion between simplified and traditional leaves characters behind "
        "(并, 后, 云 in a traditional text), which splits the vocabulary a model learns. "
        "OpenCC's phrase conversion picks the right form in context (阿里巴巴 stays); "
        "characters already standard in the target script stay even where OpenCC prefers "
        "a variant (群, 布局). The document's script is recorded in `script`."
    )
    options = (
        Option("target", "dominant", "dominant, hans, hant or keep",
               choices=("dominant", "hans", "hant", "keep")),
        Option("variant", "s2t", "OpenCC conversion to traditional",
               choices=("s2t", "s2tw", "s2hk", "s2twp")),
    )
    examples = (
        Example("這是傳統的文字，并且后來雲端的服務里有么？",
                "這是傳統的文字，並且後來雲端的服務裏有麼？"),
        Example("這個群組的布局很好，阿里巴巴的產品。"),
        Example("这是简体中文的文章，里面有些內容。", "这是简体中文的文章，里面有些内容。"),
        Example("这是简体中文。", "這是簡體中文。", options={"target": "hant"}),
    )

    def apply(self, doc: Document) -> str:
        if self.target in ("dominant", "hans"):
            # Most documents have no traditional-only character at all: one conversion,
            # at C speed, says so and is the answer too.
            simplified = converter("t2s").convert(doc.text)
            if simplified == doc.text:
                simp, _ = script_evidence()
                doc.script = "zh-Hans" if simp.search(doc.text) or self.target == "hans" else "und"
                return doc.text
        n_simp, n_trad = script_counts(doc.text)
        script = dominant_script(n_simp, n_trad)
        target = {"hans": "zh-Hans", "hant": "zh-Hant"}.get(self.target, script)
        doc.script = target if self.target != "keep" else script
        if self.target == "keep" or target == "und":
            return doc.text
        if target == "zh-Hant":
            if self.target == "hant":
                return converter(self.variant).convert(doc.text)
            to_hant = converter(self.variant)
            direct = to_hant.convert(doc.text)
            roundtrip = to_hant.convert(converter("t2s").convert(doc.text))
            return _merge(doc.text, direct, roundtrip, keep_hant(), converter("t2tw"))
        return converter("t2s").convert(doc.text)
