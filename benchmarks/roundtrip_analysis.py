"""What the cleaned text still gets wrong against gold, classified by mechanism.

For benchmarks/pdf_roundtrip.py `--analyse`. Character residue comes from the edit
alignment of the cleaned text with the gold, lines joined (extra, lost and substituted
spans); paragraph residue from the break alignment the project's break score uses
(breaks missed or added, and what the extractor had there). Each span or break gets one
mechanism from what it looks like (a page-number form, a piece of the title, a space,
punctuation, a heading neighbour...), so the counts say which rule to look at; the
examples are there to check the label. Each output's labelled spans are written to
`WORK/diff/`. A rule ledger and a split of the outputs that lost their reading order
follow.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein
from roundtrip_typeset import is_heading

from cleaner.evaluate.metrics import _break_offsets, _map_offsets, break_score, normalize_ws

_GLUED = "heading/caption/verse line glued (break missed)"
# mechanism -> the rule that owns it (see docs/rules.md)
OWNER = {
    "page number kept": "B005 page-furniture",
    "running header kept": "B005 page-furniture",
    "running header kept (one-page PDF)": "B005 (no repeat to see)",
    "extra space": "S001/S002 spacing, W001 join",
    "space lost": "S001/S002 spacing, W001 join",
    "punctuation changed": "P00x punctuation",
    "character substituted": "C001 script / OCR (O00x)",
    "text lost": "B004/B005/T002 (deleting rules)",
    "heading text lost": "B004 truncated-duplicate / B005",
    "stray digits (page number, OCR)": "B005 / OCR",
    "extra text": "?",
    "text out of order": "L002 columns-reordered",
    "(cid:N) placeholder kept": "U001/O002 (no rule reads it)",
    "glyph variant (⋯ ⸺ ﹪ …)": "P003 / U004",
    _GLUED: "W001 line-wrap",
    "paragraphs joined (break missed)": "W001 line-wrap",
    "line kept at sentence end (extra break)": "W001 line-wrap",
    "line kept mid-sentence (extra break)": "W001 line-wrap",
    "break beside furniture (extra break)": "B005 page-furniture",
}
_PAGE_NO = re.compile(r"^[\s\u2010-\u2015\-第页共/\d]*\d[\s\u2010-\u2015\-第页共/\d]*$")
_LATIN_SEAM = re.compile(r"^[A-Za-z0-9]{2}$")
_PUNCT = re.compile(r"^[\s\W_]+$")
_VARIANT = re.compile("[\u22ef\u2e3a\u2e3b\ufe6a\ufe6b\u2f00-\u2fdf\u2e80-\u2eff]")


def _flat(text: str) -> str:
    """Lines whitespace-normalised and joined without a separator (breaks are scored
    apart), with a space between two Latin words as a reader would see it."""
    out = ""
    for line in (normalize_ws(x) for x in text.split("\n")):
        if line:
            out += " " + line if _LATIN_SEAM.match(out[-1:] + line[:1]) else line
    return out


def _common(a: str, b: str) -> int:
    """Length of the longest common substring (short strings only)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = j - i
    return best


def _extra(seg: str, title: str, ref: str) -> str:
    core = seg.strip()
    if not core:
        return "extra space"
    if "cid:" in core:
        return "(cid:N) placeholder kept"
    if len(core) >= 8 and core in ref:
        return "text out of order"
    if _PAGE_NO.match(core):
        return "page number kept" if not core.isdigit() else "stray digits (page number, OCR)"
    if _common(core, title) >= min(4, len(title)) and len(core) <= len(title) + 10:
        return "running header kept"
    return "punctuation changed" if _PUNCT.match(core) else "extra text"


def _lost(seg: str, gold_lines: list[str], hyp: str) -> str:
    core = seg.strip()
    if not core:
        return "space lost"
    if len(core) >= 8 and core in hyp:
        return "text out of order"
    if _PUNCT.match(core):
        return "punctuation changed"
    if any(core in line for line in gold_lines if is_heading(line)):
        return "heading text lost"
    return "text lost"


def _swap(hyp: str, ref: str) -> str:
    if "cid:" in hyp:
        return "(cid:N) placeholder kept"
    if _VARIANT.search(hyp):
        return "glyph variant (⋯ ⸺ ﹪ …)"
    if _PUNCT.match(hyp) and _PUNCT.match(ref):
        return "punctuation changed"
    if len(hyp) <= 2 and len(ref) <= 2:
        return "character substituted"
    return "extra text"


def char_residue(cleaned: str, gold: str, title: str) -> list[tuple[str, str]]:
    """(mechanism, example) for every edited span of the cleaned text against gold."""
    hyp, ref = _flat(cleaned), _flat(gold)
    lines, out = gold.split("\n"), []
    for op in Levenshtein.opcodes(hyp, ref):
        h, r = hyp[op.src_start:op.src_end], ref[op.dest_start:op.dest_end]
        if op.tag == "equal":
            continue
        if op.tag == "delete":
            mech = _extra(h, title, ref)
        elif op.tag == "insert":
            mech = _lost(r, lines, hyp)
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


def _raw_gaps(raw: str) -> tuple[str, dict[int, int]]:
    """The raw text without whitespace, and at each line end the blank lines after it."""
    flat, gaps, pos = [], {}, 0
    for line in raw.split("\n"):
        core = re.sub(r"\s+", "", line)
        if core:
            flat.append(core)
            pos += len(core)
            gaps[pos] = 0
        elif pos in gaps:
            gaps[pos] += 1
    return "".join(flat), gaps


def _in_raw(raw: tuple[str, dict[int, int]], text: str, offsets: list[int]) -> list[str]:
    """What the extractor gave at each (sorted) offset of `text`: a blank line, a line
    break, or none (it ran the two paragraphs together)."""
    flat, gaps = raw
    out = []
    for pos in _map_offsets(text, flat, offsets):
        near = [gaps[p] for p in (pos, pos - 1, pos + 1) if p in gaps]
        out.append("no break" if not near else "blank line" if near[0] else "line break")
    return out


def break_residue(cleaned: str, gold: str, raw: str) -> list[tuple[str, str]]:
    """(mechanism, example) for every paragraph break missed or added, with what the
    extractor had there."""
    hyp_s, hyp_b = _break_offsets(cleaned)
    ref_s, ref_b = _break_offsets(gold)
    if not hyp_b or not ref_b:
        return []
    lone, missed = _unmatched(_map_offsets(hyp_s, ref_s, hyp_b), ref_b)
    hyp_lines = [re.sub(r"\s+", "", x) for x in cleaned.split("\n") if x.strip()]
    ref_lines = [re.sub(r"\s+", "", x) for x in gold.split("\n") if x.strip()]
    gaps, out = _raw_gaps(raw), []
    for pos, had in zip(missed, _in_raw(gaps, ref_s, missed), strict=True):
        before, after = _paragraph_at(ref_lines, pos, 0), _paragraph_at(ref_lines, pos, 1)
        glued = is_heading(before) or is_heading(after)
        mech = _GLUED if glued else "paragraphs joined (break missed)"
        out.append((f"{mech}; raw: {had}", f"…{before[-12:]}‖{after[:12]}…"))
    had = _in_raw(gaps, hyp_s, [hyp_b[k] for k in lone])
    for k, where in zip(lone, had, strict=True):
        before, after = hyp_lines[k], hyp_lines[k + 1]
        out.append((f"{_split_kind(before, after)}; raw: {where}",
                    f"…{before[-12:]}‖{after[:12]}…"))
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
    spots: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        found = char_residue(row["cleaned"], row["gold"], row["title"])
        if row["pages"] == 1:  # nothing repeats on a single page
            found = [(f"{m} (one-page PDF)" if m == "running header kept" else m, e)
                     for m, e in found]
        found += break_residue(row["cleaned"], row["gold"], row["raw"])
        where = f"{row['layout']}/{row['extractor']}/{row['name']}"
        _write_diff(work / "diff" / f"{where}.txt", found)
        for mech, example in found:
            counts[mech] += 1
            spots[mech].update((row["layout"], row["extractor"]))
            if len(examples[mech]) < 40:
                examples[mech].append(f"{where}: {example}")
    print(f"\nresidual errors of {len(rows)} intact and OCR outputs, by mechanism:")
    for mech, n in counts.most_common():
        top = ", ".join(f"{k} {v}" for k, v in spots[mech].most_common(4))
        owner = OWNER.get(mech.split(";")[0], "?")
        print(f"{n:6}  {mech}  [{owner}]  most in: {top}")
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


def ledger(rows: list[dict[str, Any]]) -> None:
    """Rule by rule (as `cleaner explain` runs them): edits and paragraph breaks each rule
    won or lost against gold, summed over documents; a rule's harm is its worse steps."""
    from cleaner.document import Document
    from cleaner.inspect.explain import trace
    from cleaner.pipeline import PipelineSpec
    pipeline = PipelineSpec().build()
    book: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        doc = Document.from_text(row["raw"], source=row["name"])
        for step in trace(pipeline, doc).steps:
            _book_step(book[f"{step.code} {step.name}"], step.before, step.after, row["gold"])
    print(f"\n{'rule':32} {'docs':>5} {'edits -':>8} {'edits +':>8} "
          f"{'breaks won':>10} {'breaks lost':>11} {'bad cut':>8} {'bad made':>8}")
    for rule, c in sorted(book.items(), key=lambda kv: -kv[1]["harm"]):
        print(f"{rule:32} {c['docs']:>5} {c['help']:>8} {c['harm']:>8} {c['won']:>10} "
              f"{c['lost']:>11} {c['cut']:>8} {c['made']:>8}")


def _book_step(c: Counter[str], before: str, after: str, gold: str) -> None:
    ref = normalize_ws(gold)
    delta = (Levenshtein.distance(normalize_ws(after), ref)
             - Levenshtein.distance(normalize_ws(before), ref))
    b0, b1 = break_score(before, gold), break_score(after, gold)
    bad0, bad1 = b0.hyp - b0.matched, b1.hyp - b1.matched
    c.update(docs=1, help=max(0, -delta), harm=max(0, delta),
             won=max(0, b1.matched - b0.matched), lost=max(0, b0.matched - b1.matched),
             cut=max(0, bad0 - bad1), made=max(0, bad1 - bad0))


def continuity(raw: str, gold: str) -> float:
    """Share of consecutive raw lines that also follow each other in gold: near 1 when
    the extractor moved whole blocks, low when it interleaved the columns line by line."""
    flat = re.sub(r"\s+", "", gold)
    lines = [re.sub(r"\s+", "", x) for x in raw.split("\n")]
    lines = [x for x in lines if x]
    pairs = list(zip(lines, lines[1:], strict=False))
    return sum(a + b in flat for a, b in pairs) / len(pairs) if pairs else 1.0


_MERGED = re.compile(r"^\S*[\u3400-\u9fff\uff00-\uffef\u3000-\u303f“”] [\u3400-\u9fff“]\S*$")


def _order_kind(row: dict[str, Any]) -> str:
    """How the extractor lost the reading order of this output."""
    if row["extractor"].endswith("_layout"):
        return "side by side"
    lines = [x.strip() for x in row["raw"].split("\n") if x.strip()]
    if sum(bool(_MERGED.match(x)) for x in lines) >= 0.3 * len(lines):
        return "two columns, one space"
    return "blocks moved" if continuity(row["raw"], row["gold"]) >= 0.6 else "lines mixed"


def reading_order(rows: list[dict[str, Any]]) -> None:
    """Outputs whose raw CER says 'interleaved': blocks moved, or lines interleaved."""
    from cleaner.evaluate.metrics import summarize
    split: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        how = _order_kind(row)
        split[f"{how}: {row['layout']}"].append(row["score"])
        split[f"{how}: {row['extractor']}"].append(row["score"])
    print(f"\n{'raw CER > 0.5, by reading order':34} {'docs':>4} {'raw CER':>8} {'clean CER':>9}")
    for key, scores in sorted(split.items()):
        s = summarize(scores)
        print(f"{key:34} {s['docs']:>4} {s['raw_cer']:>8.2%} {s['clean_cer']:>9.2%}")
