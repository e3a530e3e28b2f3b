"""Simplified and traditional script (C001): detect the dominant one, convert the leftovers.

Only characters that exist in one script alone are evidence of a leftover. A character
that is standard in both (干 后 了 合 准 范 里) changes only where an OpenCC phrase through
it contains such a character (后来 in a traditional text): OpenCC's tables, applied to text
that is already correct, turn 烏干達 into 烏幹達 and 發明了 into 發明瞭, and correct text in
the dominant script must come out as written. The evidence is read in `evidence`, the
leftovers converted in `leftovers`, mixed documents handled in `mixed`, on OpenCC and the
data tables of `tables`.
"""

from __future__ import annotations

import copy

from cleaner_rules.script.evidence import (
    dominant_script,
    mojibake,
    script_counts,
    scripts_in,
    utf32,
)
from cleaner_rules.script.leftovers import convert_leftovers, leftover_steps
from cleaner_rules.script.mixed import mixed_document
from cleaner_rules.script.tables import converter

from cleaner.document import Document
from cleaner.rule import Decision, Example, Option, Rule, Stage


class ScriptConversion(Rule):
    code = "C001"
    name = "script-conversion"
    stage = Stage.SCRIPT
    summary = "Convert characters of the minority script to the document's dominant script."
    rationale = (
        "Machine conversion between simplified and traditional leaves characters behind "
        "(并, 来, 云 in a traditional text), which splits the vocabulary a model learns. "
        "Only a character that exists in the minority script alone is converted, with "
        "OpenCC's phrase conversion (阿里巴巴 stays); a character standard in both scripts "
        "(后 干 了 合 准 范 里) changes only inside an OpenCC phrase that holds such a "
        "character (后来 in a traditional text), so correct text (三王一后, 烏干達, 發明了) "
        "stays as written. OpenCC's own candidate lists say which characters are standard "
        "in both. Documents with unrepaired mojibake are left alone. The document's script "
        "is recorded in `script`."
    )
    references = (
        "OpenCC (Open Chinese Convert): character candidate lists and phrase tables",
        "docs/policy.md, Script: which evidence converts a character standard in both scripts",
    )
    limits = (
        "A lone leftover standard in both scripts (`后`) with no phrase evidence stays",
        "A document whose conversion changes a segment's length stays as it is",
        "Regional variants (s2tw, s2twp, s2hk) convert the whole text, not only the evidence",
    )
    options = (
        Option("target", "dominant", "dominant, hans, hant or keep",
               choices=("dominant", "hans", "hant", "keep")),
        Option("variant", "s2t", "OpenCC conversion to traditional",
               choices=("s2t", "s2tw", "s2hk", "s2twp")),
    )
    examples = (
        Example("這是傳統的文字，并且后来雲端的服務里有么？",
                "這是傳統的文字，並且後來雲端的服務里有麼？"),
        Example("這個群組的布局很好，阿里巴巴的產品。"),
        Example("他發明了新的方法，曾在烏干達與范德堡工作，三王一后的故事。"),
        Example("准許進入的場合，欲望與家人，征收稅款。"),
        Example("這些工作说明了一切，他們發明了機器。", "這些工作說明了一切，他們發明了機器。"),
        Example("这是简体中文的文章，里面有些內容。", "这是简体中文的文章，里面有些内容。"),
        Example("这是简体中文的文章，乾隆年间的事情。"),
        Example("這個說法锟斤拷锟斤拷里没有道理，的確是這樣。"),
        # Mixed throughout (并 in three clauses): 余 is a leftover too; 了 keeps its reading.
        Example("這篇文章并不長，并且他發明了新方法，我們并沒有認知盈余的問題。",
                "這篇文章並不長，並且他發明了新方法，我們並沒有認知盈餘的問題。"),
        # One quoted simplified name is no mixed document: 盈余 needs its own evidence.
        Example("這是《人民日报》的報導，認知盈余的說法。",
                "這是《人民日報》的報導，認知盈余的說法。"),
        Example("这是简体中文。", "這是簡體中文。", options={"target": "hant"}),
    )

    def apply(self, doc: Document) -> str:
        text = doc.text
        codes = utf32(text)
        if self.target in ("hans", "hant"):
            doc.script = "zh-Hans" if self.target == "hans" else "zh-Hant"
            if mojibake(doc, codes):
                return text
            return converter("t2s" if self.target == "hans" else self.variant).convert(text)
        # Most documents hold characters of one script alone: a native scan says so, and
        # then nothing is converted (a character standard in both needs evidence).
        has_simp, has_trad = scripts_in(codes)
        if has_simp and has_trad:
            doc.script = dominant_script(*script_counts(text))
        else:
            doc.script = "zh-Hant" if has_trad else "zh-Hans" if has_simp else "und"
        if self.target == "keep" or mojibake(doc, codes):
            return text
        if doc.script == "zh-Hant":
            out = convert_leftovers(text, "s2t", self.variant)
            if not has_simp:  # no minority-only character: never a mixed document
                return out
            return mixed_document(text, out, "s2t", self.variant)
        if has_trad:
            out = convert_leftovers(text, "t2s", "t2s")
            return mixed_document(text, out, "t2s", "t2s")
        return text

    def decisions(self, doc: Document) -> list[Decision]:
        """One decision per character converted, naming the step of `leftovers` (1-6) or
        `mixed` (7) that converted it. With a fixed target no step decides: none are named."""
        text = doc.text
        probe = copy.copy(doc)
        out = self.apply(probe)
        if self.target != "dominant" or out == text:
            return []
        how = ("s2t", self.variant) if probe.script == "zh-Hant" else ("t2s", "t2s")
        steps = leftover_steps(text, *how)
        left = convert_leftovers(text, *how)
        return [
            Decision(
                text.count("\n", 0, k) + 1,
                steps.get(k, "6 shown-elsewhere") if left[k] != c else "7 mixed-document",
                "convert", text[max(0, k - 6):k + 7],
            )
            for k, c in enumerate(text) if out[k] != c
        ]
