"""Fidelity on material from outside the project: the dev sets, the seeds, clean text.

Prints the numbers issue reports and closing notes quote, all from one run of the
default ruleset:

- web pages (`../shared/dev/web`): plain CER of the cleaned text, micro over pages;
- PDF extractions (`../shared/dev/pdf`): error reduction and paragraph-break F1 for
  files whose reading order survived, for OCR files, and for files whose columns the
  extractor interleaved (labelled here by raw CER against gold above 0.5; that label is
  a measuring device only, no rule sees it), those among them that `pdftotext -layout`
  printed side by side, all but OCR pooled, and per extractor;
- PDF groups also count the documents flagged `columns_interleaved` (B006/L002);
- the seeds: error reduction and break F1;
- gold texts fed back in (they are already clean): how many came out changed.

    python benchmarks/fidelity.py [--shared ../shared] [--json]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from cleaner_rules.text.continuity import FLAG

from cleaner.document import Document
from cleaner.evaluate.metrics import DocScore, summarize
from cleaner.evaluate.scoring import clean_text, cleaned, load_pairs, score
from cleaner.pipeline import Pipeline, PipelineSpec

INTERLEAVED_RAW_CER = 0.5


def _score_pdf(
    pipeline: Pipeline, pairs: list[tuple[Document, str]]
) -> tuple[list[DocScore], set[str]]:
    """The scores of the PDF pairs, and the sources of those flagged as interleaved, from
    one cleaning of each."""
    scores, flagged = [], set()
    for doc, gold in pairs:
        out = cleaned(pipeline, doc)
        scores.append(DocScore.from_texts(doc.source, doc.text, out.text, gold))
        if out.extra.get(FLAG) is True:
            flagged.add(doc.source)
    return scores, flagged


def _pdf_groups(shared: Path, scores: list[DocScore]) -> dict[str, list[DocScore]]:
    index = json.loads((shared / "dev/pdf/index.json").read_text("utf-8"))
    groups: dict[str, list[DocScore]] = defaultdict(list)
    for s in scores:
        info = index.get(Path(s.name).stem, {})
        extractor = info.get("extractor", "?")
        if extractor.startswith(("tesseract", "ocr")):
            kind = "ocr"
        elif s.raw_cer > INTERLEAVED_RAW_CER and extractor.endswith("_layout"):
            kind = "side by side"  # `-layout` prints the columns side by side: L001 reads them
        elif s.raw_cer > INTERLEAVED_RAW_CER:
            kind = "interleaved"
        else:
            kind = "intact"
        groups[kind].append(s)
        if kind != "ocr":
            groups["not OCR, all"].append(s)
        if kind not in ("interleaved", "side by side"):
            groups[f"{kind}: {extractor}"].append(s)
            groups[f"{kind}: {info.get('engine', '?')} {info.get('columns', '?')} col"].append(s)
    return dict(sorted(groups.items()))


def _unchanged(pipeline: Any, folders: list[Path]) -> dict[str, int]:
    """Gold texts are clean: run each through the pipeline and count what changed."""
    docs = changed = 0
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text("utf-8").strip()
            doc = Document.from_text(text, source=path.name)
            out = clean_text(pipeline, doc)
            docs += 1
            changed += out != text
    return {"docs": docs, "changed": changed}


def _row(summary: dict[str, Any]) -> dict[str, Any]:
    keys = ("docs", "raw_cer", "clean_cer", "micro_reduction", "break_precision",
            "break_recall", "break_f1")
    return {k: summary[k] for k in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    shared: Path = args.shared
    pipeline = PipelineSpec().build()
    out: dict[str, Any] = {}
    web = score(pipeline, load_pairs(shared / "dev/web/raw", shared / "dev/web/gold"))
    out["web"] = _row(summarize(web))
    pairs = load_pairs(shared / "dev/pdf/raw", shared / "dev/pdf/gold")
    pdf, flagged = _score_pdf(pipeline, pairs)
    out["pdf"] = {
        k: {**_row(summarize(v)), "flagged": sum(s.name in flagged for s in v)}
        for k, v in _pdf_groups(shared, pdf).items()
    }
    seeds = score(pipeline, load_pairs(shared / "seeds/raw", shared / "seeds/gold"))
    out["seeds"] = _row(summarize(seeds))
    out["clean_in"] = _unchanged(pipeline, [shared / "dev/pdf/gold", shared / "seeds/gold"])
    if args.json:
        print(json.dumps(out, indent=1))
        return
    print(f"{'set':34} {'docs':>4} {'clean CER':>9} {'reduction':>9} "
          f"{'break P':>7} {'break R':>7} {'break F1':>8} {'flagged':>7}")
    rows = [("web (plain CER)", out["web"]), ("seeds", out["seeds"])]
    rows += [(f"pdf {k}", v) for k, v in out["pdf"].items()]
    for name, r in rows:
        print(f"{name:34} {r['docs']:>4} {r['clean_cer']:>9.2%} {r['micro_reduction']:>+9.1%} "
              f"{r['break_precision']:>7.1%} {r['break_recall']:>7.1%} {r['break_f1']:>8.1%}"
              f"{r['flagged'] if 'flagged' in r else '':>8}")
    c = out["clean_in"]
    print(f"gold texts fed back in: {c['changed']} of {c['docs']} changed")


if __name__ == "__main__":
    main()
