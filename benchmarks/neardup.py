"""Speed and memory of the duplicate filters (F003, F004) on the throughput corpus.

Cleans the corpus of benchmarks/throughput.py in this process with every per-document
rule, then times the corpus filters alone on the cleaned texts, in input order, as the
runner calls them. That corpus repeats 16 sample texts under different damage, so after
cleaning almost all of it is duplicates; a second pass replaces 30% of each text's word
characters at random, so every document is kept and indexed (the costlier path).

    python benchmarks/neardup.py --mb 10
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from cleaner_rules.filter.documents import ExactDuplicate
from cleaner_rules.filter.near_duplicate import NearDuplicate, signature
from throughput import build_corpus

from cleaner.document import Document
from cleaner.pipeline import PipelineSpec


def cleaned(path: Path) -> list[Document]:
    pipeline = PipelineSpec(ignore=["F003", "F004"]).build()
    docs = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            doc = Document.from_text(json.loads(line)["text"], source=f"corpus.jsonl:{n}")
            outcome = pipeline.process(doc)
            if not outcome.dropped_by and not outcome.error:
                docs.append(doc)
    return docs


def scrambled(docs: list[Document], seed: int = 5) -> list[Document]:
    rng = random.Random(seed)
    out = []
    for doc in docs:
        chars = [chr(0x4E00 + rng.randrange(0x5000)) if c.isalnum() and rng.random() < 0.3
                 else c for c in doc.text]
        out.append(Document(id=doc.id, text="".join(chars), source=doc.source))
    return out


def timed(label: str, docs: list[Document], repeat: int) -> None:
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    both = alone = float("inf")
    for _ in range(repeat):
        exact, near = ExactDuplicate(), NearDuplicate()
        start = time.perf_counter()
        dropped = sum(exact.reject(d) or near.reject(d) for d in docs)
        both = min(both, time.perf_counter() - start)
        near = NearDuplicate()
        start = time.perf_counter()
        for d in docs:
            near.reject(d)
        alone = min(alone, time.perf_counter() - start)
    print(f"{label}: {len(docs):,} documents, {mb:.1f} MB cleaned, {dropped:,} dropped; "
          f"F003+F004 {mb / both:.1f} MB/s, F004 alone {mb / alone:.1f} MB/s "
          f"({len(docs) / alone:,.0f} docs/s); F004 holds "
          f"{near.nbytes / max(near.kept, 1):,.0f} bytes per kept document "
          f"({near.kept:,} kept, bands x rows = {near.bands} x {near.rows})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (the best counts)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        build_corpus(corpus, args.mb)
        docs = cleaned(corpus)
    signature("预热", 5, 128)  # the code point table is built once, on first use
    timed("throughput corpus", docs, args.repeat)
    timed("all distinct", scrambled(docs), args.repeat)


if __name__ == "__main__":
    main()
