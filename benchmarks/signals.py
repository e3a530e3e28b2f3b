"""Cost of the quality signals (cleaner/signals.py) on the throughput benchmark's corpus.

Runs `cleaner run` on the corpus of benchmarks/throughput.py (the signals are computed in
it), then the default pipeline document by document, timing `signals()` alone on each
document the rules keep, and prints its MB/s and its share of the run's wall time.

    python benchmarks/signals.py --mb 5
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from cleaner.config import Config
from cleaner.document import Document
from cleaner.pipeline import PipelineSpec
from cleaner.run import run
from cleaner.signals import signals

sys.path.insert(0, str(Path(__file__).parent))
from throughput import build_corpus  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB")
    ap.add_argument("--tmp", default=None, help="folder for the corpus and output")
    ap.add_argument("--no-html", action="store_true", help="text only, as throughput.py")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        build_corpus(corpus, args.mb, html=not args.no_html)
        size = corpus.stat().st_size / 1e6
        result = run(Config(workers=1), Path(tmp) / "out", [corpus])
        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    # Every document the per-document rules keep gets signals, also those a corpus filter
    # (exact duplicates) drops later: time them all, after the rules, as the worker does.
    pipeline = PipelineSpec().build()
    cleaning = measuring = 0.0
    text_mb = 0.0
    for text in texts:
        doc = Document.from_text(text, source="bench")
        start = time.perf_counter()
        outcome = pipeline.process(doc)
        middle = time.perf_counter()
        if outcome.dropped_by is None and outcome.error is None:
            signals(doc)
            text_mb += len(doc.text.encode("utf-8")) / 1e6
        cleaning += middle - start
        measuring += time.perf_counter() - middle
    print(f"corpus: {size:.1f} MB, {len(texts):,} documents; cleaned text {text_mb:.1f} MB")
    print(f"cleaner run: {result.seconds:.2f} s ({size / result.seconds:.2f} MB/s, 1 worker)")
    print(f"signals: {measuring:.2f} s, {text_mb / measuring:.1f} MB/s of cleaned text, "
          f"{size / measuring:.1f} MB/s of input; {measuring / result.seconds:.1%} of the run, "
          f"{measuring / cleaning:.1%} of the rules' time (which includes them)")


if __name__ == "__main__":
    main()
