"""What the cleaned text still gets wrong against gold, classified by mechanism.

For benchmarks/pdf_roundtrip.py `--analyse`. Character residue comes from the edit
alignment of the whitespace-normalised cleaned text with the gold (extra, lost and
substituted spans); paragraph residue from the break alignment the project's break score
uses (breaks missed or added). Each span or break gets one mechanism from what it looks
like (a page-number form, a piece of the title, a space, punctuation, a heading
neighbour...), so the counts say which rule to look at; the examples are there to check
the label. Every cleaned text and its diff is written under `WORK/diff/`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein
from roundtrip_typeset import is_heading

from cleaner.evaluate.metrics import _break_offsets, _map_offsets, normalize_ws

# mechanism -> the rule that owns it (see docs/rules.md)
OWNER = {
    "page number kept": "B005 page-furniture",
    "running header kept": "B005 page-furniture",
    "extra space": "S001/S002 spacing, W001 join",
    "space lost": "S001/S002 spacing, W001 join",
    "punctuation changed": "P00x punctuation",
    "character substituted": "C001 script / OCR (O00x)",
    "text lost": "B004/B005/T002 (deleting rules)",
    "heading text lost": "B004 truncated-duplicate / B005",
    "extra text": "L002/B006 columns, B005",
    "heading glued (break missed)": "W001 line-wrap",
    "paragraphs joined (break missed)": "W001 line-wrap",
    "line kept at sentence end (extra break)": "W001 line-wrap",
    "line kept mid-sentence (extra break)": "W001 line-wrap",
    "break beside furniture (extra break)": "B005 page-furniture",
}
_PAGE_NO = re.compile(r"^[\s—–\-第页共/\d]*\d[\s—–\-第页共/\d]*$")
_PUNCT = re.compile(r"^[\s\W_]+$")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _common(a: str, b: str) -> int:
    """Length of the longest common substring (short strings only)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = j - i
    return best


def _extra(seg: str, title: str) -> str:
    core = seg.strip()
    if not core:
        return "extra space"
    if _PAGE_NO.match(core):
        return "page number kept"
    if _common(core, title) >= min(4, len(title)) and len(core) <= len(title) + 10:
        return "running header kept"
    return "punctuation changed" if _PUNCT.match(core) else "extra text"


def _lost(seg: str, gold_lines: list[str]) -> str:
    core = seg.strip()
    if not core:
        return "space lost"
    if _PUNCT.match(core):
        return "punctuation changed"
    if any(core in line for line in gold_lines if is_heading(line)):
        return "heading text lost"
    return "text lost"


def _swap(hyp: str, ref: str) -> str:
    if _PUNCT.match(hyp) and _PUNCT.match(ref):
        return "punctuation changed"
    if len(hyp) <= 2 and len(ref) <= 2:
        return "character substituted"
    return "extra text"


def char_residue(cleaned: str, gold: str, title: str) -> list[tuple[str, str]]:
    """(mechanism, example) for every edited span of the cleaned text against gold."""
    hyp, ref = normalize_ws(cleaned), normalize_ws(gold)
    lines, out = gold.split("\n"), []
    for op in Levenshtein.opcodes(hyp, ref):
        h, r = hyp[op.src_start:op.src_end], ref[op.dest_start:op.dest_end]
        if op.tag == "equal":
            continue
        if op.tag == "delete":
            mech = _extra(h, title)
        elif op.tag == "insert":
            mech = _lost(r, lines)
        else:
            mech = _swap(h, r)
        left, right = hyp[max(0, op.src_start - 10):op.src_start], hyp[op.src_end:][:10]
        out.append((mech, f"…{left}[{h}→{r}]{right}…"))
    return out


def _unmatched(mapped: list[int], targets: list[int]) -> tuple[list[int], list[int]]:
    """Indices of `mapped` with no target within one character, and targets left free."""
    free, lone = sorted(targets), []
    for k, pos in enumerate(mapped):
        hit = next((t for t in free if abs(t - pos) <= 1), None)
        if hit is None:
            lone.append(k)
        else:
            free.remove(hit)
    return lone, free


def _paragraph_at(lines: list[str], offset: int, side: int) -> str:
    """The non-empty line that ends (side 0) or starts (side 1) at a break offset."""
    pos = 0
    for k, line in enumerate(lines):
        pos += len(line)
        if pos >= offset:
            return lines[min(k + side, len(lines) - 1)]
    return ""


def break_residue(cleaned: str, gold: str) -> list[tuple[str, str]]:
    """(mechanism, example) for every paragraph break missed or added."""
    hyp_s, hyp_b = _break_offsets(cleaned)
    ref_s, ref_b = _break_offsets(gold)
    if not hyp_b or not ref_b:
        return []
    lone, missed = _unmatched(_map_offsets(hyp_s, ref_s, hyp_b), ref_b)
    hyp_lines = [re.sub(r"\s+", "", x) for x in cleaned.split("\n") if x.strip()]
    ref_lines = [re.sub(r"\s+", "", x) for x in gold.split("\n") if x.strip()]
    out = []
    for pos in missed:
        before, after = _paragraph_at(ref_lines, pos, 0), _paragraph_at(ref_lines, pos, 1)
        glued = is_heading(before) or is_heading(after)
        mech = "heading glued (break missed)" if glued else "paragraphs joined (break missed)"
        out.append((mech, f"…{before[-12:]}‖{after[:12]}…"))
    for k in lone:
        before, after = hyp_lines[k], hyp_lines[k + 1]
        out.append((_split_kind(before, after), f"…{before[-12:]}‖{after[:12]}…"))
    return out


def _split_kind(before: str, after: str) -> str:
    if _PAGE_NO.match(before) or _PAGE_NO.match(after):
        return "break beside furniture (extra break)"
    if before.endswith(tuple("。！？”…")):
        return "line kept at sentence end (extra break)"
    return "line kept mid-sentence (extra break)"


def report(rows: list[dict[str, Any]], work: Path) -> None:
    """Print mechanisms ranked by count of edit spans and breaks, with examples."""
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        found = char_residue(row["cleaned"], row["gold"], row["title"])
        found += break_residue(row["cleaned"], row["gold"])
        where = f"{row['layout']}/{row['extractor']}/{row['name']}"
        _write_diff(work / "diff" / f"{where}.txt", found)
        for mech, example in found:
            counts[mech] += 1
            if len(examples[mech]) < 40:
                examples[mech].append(f"{where}: {example}")
    print(f"\nresidual errors of {len(rows)} intact and OCR outputs, by mechanism:")
    for mech, n in counts.most_common():
        print(f"{n:6}  {mech}  [{OWNER.get(mech, '?')}]")
        for example in _spread(examples[mech]):
            print(f"          {example}")


def _spread(examples: list[str], k: int = 3) -> list[str]:
    """Up to k examples from different documents."""
    seen, out = set(), []
    for e in examples:
        doc = e.split(":")[0].rsplit("/", 1)[-1]
        if doc not in seen:
            seen.add(doc)
            out.append(e)
    return out[:k]


def _write_diff(path: Path, found: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{m}\t{e}\n" for m, e in found), "utf-8")
