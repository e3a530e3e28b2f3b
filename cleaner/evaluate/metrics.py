"""Scoring: character error rate against gold text and error reduction relative to the raw input.

The project scores after collapsing whitespace, so a cleaner is not punished for line layout
choices that carry no content (see shared/seeds/README.md). Error reduction says how much of the
distance between raw and gold a cleaner removed: 1.0 is perfect, 0.0 did nothing, negative made
things worse.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

__all__ = [
    "BreakScore",
    "DocScore",
    "break_score",
    "cer",
    "edits",
    "error_reduction",
    "normalize_ws",
    "reduction_from_edits",
    "summarize",
]

# str.split() without arguments knows every Unicode whitespace (NBSP, U+3000, U+2028 ...), but
# a regex is clearer about intent and keeps the single-pass behaviour explicit.
_WS_RE = re.compile(r"\s+")


def normalize_ws(text: str) -> str:
    """Collapse every whitespace run to one space and strip the ends: layout is not scored."""
    return _WS_RE.sub(" ", text).strip()


def edits(hyp: str, ref: str) -> int:
    """Levenshtein distance between the whitespace-normalized strings."""
    return Levenshtein.distance(normalize_ws(hyp), normalize_ws(ref))


def _rate(n_edits: int, chars: int) -> float:
    """Edits per reference character; an empty reference scores 0.0 if matched, else 1.0."""
    if chars == 0:
        return 0.0 if n_edits == 0 else 1.0
    return n_edits / chars


def cer(hyp: str, ref: str) -> float:
    """Character error rate of `hyp` against `ref` after whitespace normalization."""
    ref_n = normalize_ws(ref)
    return _rate(Levenshtein.distance(normalize_ws(hyp), ref_n), len(ref_n))


def reduction_from_edits(raw_edits: int, clean_edits: int) -> float:
    """Error reduction ``1 - clean/raw`` with a floor of one edit for the raw side.

    Both CERs share the gold length as denominator, so the ratio of CERs equals the ratio of
    edit counts; working on counts avoids the 0/0 case. When the raw text already matches gold
    (``raw_edits == 0``) the result is 1.0 if the cleaner kept it intact, otherwise the raw side
    is floored at one edit, giving ``-clean_edits``: every edit a cleaner introduces into an
    already clean document counts as one whole raw error made worse. This is strictly negative,
    and it is the same formula ``(raw - clean) / max(raw, 1)`` used for every other document.
    """
    if raw_edits == 0 and clean_edits == 0:
        return 1.0
    return (raw_edits - clean_edits) / max(raw_edits, 1)


def error_reduction(raw: str, cleaned: str, gold: str) -> float:
    """Share of the raw text's errors (against gold) that cleaning removed.

    Equals ``1 - CER(cleaned, gold) / CER(raw, gold)`` whenever gold is non-empty and the raw
    text differs from it; see `reduction_from_edits` for the floor used when raw already matches.
    """
    return reduction_from_edits(edits(raw, gold), edits(cleaned, gold))


@dataclass(frozen=True, slots=True)
class BreakScore:
    """Paragraph breaks of a hypothesis matched against the reference's breaks.

    A wrong merge or split costs one character of CER but ruins the structure, so breaks are
    scored on their own: precision (breaks the cleaner kept or made that the reference has)
    and recall (reference breaks the cleaner has).
    """

    matched: int = 0
    hyp: int = 0
    ref: int = 0

    def __add__(self, other: BreakScore) -> BreakScore:
        return BreakScore(self.matched + other.matched, self.hyp + other.hyp, self.ref + other.ref)

    @property
    def precision(self) -> float:
        return self.matched / self.hyp if self.hyp else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.ref if self.ref else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _break_offsets(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and the offsets in it where a paragraph ends.

    Only breaks between two non-empty paragraphs count; blank lines and edge breaks carry
    no structure.
    """
    parts = [p for p in (_WS_RE.sub("", line) for line in text.split("\n")) if p]
    offsets, pos = [], 0
    for part in parts[:-1]:
        pos += len(part)
        offsets.append(pos)
    return "".join(parts), offsets


def break_score(hyp: str, ref: str, tolerance: int = 1) -> BreakScore:
    """Match paragraph breaks through a character alignment of the two texts.

    Both sides lose their whitespace; the edit-distance alignment maps every hypothesis
    offset to a reference offset, and a hypothesis break counts as matched when a reference
    break lies within `tolerance` characters of its image (each reference break matches
    once). The tolerance absorbs a kept or dropped mark at the seam.
    """
    hyp_s, hyp_b = _break_offsets(hyp)
    ref_s, ref_b = _break_offsets(ref)
    if not hyp_b or not ref_b:
        return BreakScore(0, len(hyp_b), len(ref_b))
    mapped = _map_offsets(hyp_s, ref_s, hyp_b)
    free = sorted(ref_b)
    taken = [False] * len(free)
    matched = 0
    for pos in mapped:
        k = bisect.bisect_left(free, pos - tolerance)
        while k < len(free) and free[k] <= pos + tolerance:
            if not taken[k]:
                taken[k] = True
                matched += 1
                break
            k += 1
    return BreakScore(matched, len(hyp_b), len(ref_b))


def _map_offsets(hyp: str, ref: str, offsets: list[int]) -> list[int]:
    """Reference offset of each (sorted) hypothesis offset under the edit alignment."""
    out = []
    ops = Levenshtein.opcodes(hyp, ref)
    k = 0
    for op in ops:
        while k < len(offsets) and offsets[k] <= op.src_end:
            off = offsets[k]
            if op.tag in ("equal", "replace"):
                span_s, span_d = op.src_end - op.src_start, op.dest_end - op.dest_start
                rel = (off - op.src_start) * span_d // span_s if span_s else 0
                out.append(op.dest_start + rel)
            else:  # delete: hypothesis text the reference lacks; insert: nothing to map
                out.append(op.dest_start if op.tag == "delete" else op.dest_end)
            k += 1
    out.extend(len(ref) for _ in offsets[k:])
    return out


@dataclass(frozen=True, slots=True)
class DocScore:
    """Edit counts of one document; rates derive from them so that micro averages stay exact."""

    name: str
    chars: int  # length of the whitespace-normalized gold text
    raw_edits: int
    clean_edits: int
    breaks: BreakScore = BreakScore()

    @classmethod
    def from_texts(cls, name: str, raw: str, cleaned: str, gold: str) -> DocScore:
        """Score one document from its three texts."""
        gold_n = normalize_ws(gold)
        return cls(
            name=name,
            chars=len(gold_n),
            raw_edits=Levenshtein.distance(normalize_ws(raw), gold_n),
            clean_edits=Levenshtein.distance(normalize_ws(cleaned), gold_n),
            breaks=break_score(cleaned, gold),
        )

    @property
    def raw_cer(self) -> float:
        return _rate(self.raw_edits, self.chars)

    @property
    def clean_cer(self) -> float:
        return _rate(self.clean_edits, self.chars)

    @property
    def reduction(self) -> float:
        return reduction_from_edits(self.raw_edits, self.clean_edits)


def summarize(scores: Iterable[DocScore]) -> dict[str, float | int]:
    """Corpus-level numbers: micro (edit-weighted) and macro (per-document mean) reduction.

    Micro reduction weighs documents by how damaged they were, macro treats each document as
    one vote; reporting both shows whether a few big documents dominate. With no documents the
    reductions are 0.0 (nothing was shown to improve).
    """
    items = list(scores)
    chars = sum(s.chars for s in items)
    raw = sum(s.raw_edits for s in items)
    clean = sum(s.clean_edits for s in items)
    if items:
        micro = reduction_from_edits(raw, clean)
        macro = sum(s.reduction for s in items) / len(items)
    else:
        micro = macro = 0.0
    breaks = sum((s.breaks for s in items), BreakScore())
    return {
        "docs": len(items),
        "chars": chars,
        "raw_edits": raw,
        "clean_edits": clean,
        "raw_cer": _rate(raw, chars),
        "clean_cer": _rate(clean, chars),
        "micro_reduction": micro,
        "macro_reduction": macro,
        "break_precision": breaks.precision,
        "break_recall": breaks.recall,
        "break_f1": breaks.f1,
    }
