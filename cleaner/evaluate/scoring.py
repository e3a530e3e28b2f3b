"""`cleaner eval`: measure cleaning against gold text, per document, per class, per rule.

Score: character error rate after collapsing whitespace runs, and the error reduction
1 - CER(cleaned, gold) / CER(raw, gold). Micro sums edits over documents; macro averages
the per-document reductions. Beside CER, paragraph-break precision, recall and F1 of the
cleaned text against the gold's paragraphs (micro over all breaks).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from cleaner.config import Config
from cleaner.document import Document
from cleaner.evaluate.metrics import DocScore, summarize
from cleaner.evaluate.synthetic import ALONE, CLASSES, damage
from cleaner.io.readers import iter_documents
from cleaner.pipeline import Pipeline, PipelineSpec


def _gold_text(gold_dir: Path, source: str) -> str | None:
    """Gold for `a/b.html` is `a/b.txt`; for `f.jsonl:N` it is line N of gold `f.jsonl`."""
    path, _, line = source.partition(":")
    if line:
        gold = gold_dir / path
        if not gold.is_file():
            return None
        with gold.open(encoding="utf-8") as fh:
            for n, row in enumerate(fh, 1):
                if n == int(line):
                    return json.loads(row)["text"]
        return None
    gold = (gold_dir / path).with_suffix(".txt")
    return gold.read_text("utf-8") if gold.is_file() else None


def load_pairs(raw: Path, gold_dir: Path) -> list[tuple[Document, str]]:
    """Raw documents that have a gold text, in input order."""
    pairs = []
    for item in iter_documents([raw]):
        if isinstance(item, Document):
            gold = _gold_text(gold_dir if gold_dir.is_dir() else gold_dir.parent, item.source)
            if gold is not None:
                pairs.append((item, gold))
    return pairs


def cleaned(pipeline: Pipeline, doc: Document) -> Document:
    """A cleaned copy of the document (its metadata too); a dropped or failed document
    comes back with empty text."""
    copy = replace(doc, extra=dict(doc.extra))
    outcome = pipeline.process(copy)
    if outcome.dropped_by or outcome.error:
        copy.text = ""
    return copy


def clean_text(pipeline: Pipeline, doc: Document) -> str:
    """The cleaned text; a dropped or failed document counts as empty output."""
    return cleaned(pipeline, doc).text


def score(pipeline: Pipeline, pairs: list[tuple[Document, str]]) -> list[DocScore]:
    return [
        DocScore.from_texts(doc.source, doc.text, clean_text(pipeline, doc), gold)
        for doc, gold in pairs
    ]


def gold_eval(config: Config, raw: Path, gold: Path, ablation: bool = False) -> dict[str, Any]:
    spec = PipelineSpec.from_config(config)
    pipeline = spec.build()
    pairs = load_pairs(raw, gold)
    scores = score(pipeline, pairs)
    result: dict[str, Any] = {
        "kind": "gold",
        "documents": [_doc_row(s) for s in scores],
        "overall": summarize(scores),
    }
    if ablation:
        base = result["overall"]["micro_reduction"]
        rows = {}
        for rule in pipeline.rules:
            off = PipelineSpec.from_config(config, ignore=[rule.code])
            summary = summarize(score(off.build(), pairs))
            rows[rule.code] = {
                "name": rule.name,
                "micro_reduction_without": summary["micro_reduction"],
                "loss": base - summary["micro_reduction"],
            }
        result["ablation"] = rows
    return result


def _clean_texts(folder: Path) -> list[tuple[str, str]]:
    """(name, clean text) for every `.txt` file and every row of every `.jsonl` file."""
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".txt":
            out.append((rel, path.read_text("utf-8")))
        elif path.suffix == ".jsonl":
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if line.strip():
                    out.append((f"{rel}:{n}", json.loads(line)["text"]))
    return out


def synthetic_eval(config: Config, clean_dir: Path, seeds: int = 3) -> dict[str, Any]:
    """Damage clean texts with each artifact class alone and all together; score each."""
    pipeline = PipelineSpec.from_config(config).build()
    texts = _clean_texts(clean_dir)
    classes = {name: [name] for name in CLASSES}
    classes["all"] = [name for name in CLASSES if name not in ALONE]
    per_class = {}
    all_scores = []
    for label, damage_classes in classes.items():
        scores = []
        for name, text in texts:
            for seed in range(seeds):
                raw = damage(text, damage_classes, seed)
                if raw == text:
                    continue
                doc = Document.from_text(raw, source=name)
                scores.append(DocScore.from_texts(f"{name}@{seed}", raw,
                                                  clean_text(pipeline, doc), text))
        per_class[label] = summarize(scores)
        all_scores.extend(scores)
    return {"kind": "synthetic", "classes": per_class, "overall": summarize(all_scores)}


def _doc_row(s: DocScore) -> dict[str, Any]:
    return {
        "name": s.name, "chars": s.chars, "raw_cer": s.raw_cer, "clean_cer": s.clean_cer,
        "reduction": s.reduction, "break_precision": s.breaks.precision,
        "break_recall": s.breaks.recall, "break_f1": s.breaks.f1,
    }


def print_result(result: dict[str, Any], console: Console) -> None:
    if result["kind"] == "gold":
        table = Table(title="error reduction against gold")
        for col in ("document", "chars", "raw CER", "clean CER", "reduction", "break F1"):
            table.add_column(col, justify="left" if col == "document" else "right")
        for row in result["documents"]:
            # A raw text that already matches gold has no error to reduce: say so.
            reduction = f"{row['reduction']:+.1%}" if row["raw_cer"] else (
                "kept" if not row["clean_cer"] else "damaged")
            table.add_row(row["name"], str(row["chars"]), f"{row['raw_cer']:.4f}",
                          f"{row['clean_cer']:.4f}", reduction,
                          f"{row['break_f1']:.1%}")
        console.print(table)
    else:
        table = Table(title="synthetic damage, error reduction per artifact class")
        for col in ("class", "docs", "raw CER", "clean CER", "reduction", "break F1"):
            table.add_column(col, justify="left" if col == "class" else "right")
        for name, s in result["classes"].items():
            table.add_row(name, str(s["docs"]), f"{s['raw_cer']:.4f}", f"{s['clean_cer']:.4f}",
                          f"{s['micro_reduction']:+.1%}", f"{s['break_f1']:.1%}")
        console.print(table)
    o = result["overall"]
    console.print(
        f"overall: micro {o['micro_reduction']:+.2%}, macro {o['macro_reduction']:+.2%} "
        f"({o['docs']} documents, {o['chars']:,} characters); clean CER {o['clean_cer']:.2%}; "
        f"paragraph breaks: precision {o['break_precision']:.1%}, "
        f"recall {o['break_recall']:.1%}, F1 {o['break_f1']:.1%}"
    )
    if "ablation" in result:
        table = Table(title="ablation: micro reduction lost with the rule switched off")
        for col in ("rule", "name", "without", "loss"):
            table.add_column(col)
        for code, row in sorted(result["ablation"].items(), key=lambda kv: -kv[1]["loss"]):
            table.add_row(code, row["name"], f"{row['micro_reduction_without']:+.2%}",
                          f"{row['loss']:+.2%}")
        console.print(table)
