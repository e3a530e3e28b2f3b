"""Throughput of the full default ruleset, with a peer-style reference in the same run.

Builds a JSONL corpus of about --mb megabytes by damaging the sample corpus's clean texts
with the synthetic artifact classes at the rates of `CLASS_RATES`, runs `cleaner run` on it (read to
Parquet written), and prints MB/s per core, documents/s, peak RSS and seconds per rule.
The reference runs ftfy's default `fix_text` plus a few regexes over the same documents,
the way peer pipelines do, so the ratio between the two is machine-independent.

    python benchmarks/throughput.py --mb 20 --workers 1
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import tempfile
import time
from pathlib import Path

import ftfy

from cleaner.config import Config, sample_corpus
from cleaner.evaluate.scoring import _clean_texts
from cleaner.evaluate.synthetic import CLASSES, damage
from cleaner.run import run

_TAGS = re.compile(r"<[^>]+>")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")
_BREAK = re.compile(r"(?<![。！？])\n(?!\n)")


# How often each artifact class hits a document in a web-and-PDF crawl (our estimate):
# layout damage from PDF extraction, markup and chrome from the web, careless editing
# everywhere, and rare mojibake and script mixing.
CLASS_RATES = {
    "hard_wrap": 0.25, "page_break": 0.10, "letter_spacing": 0.05, "html": 0.30,
    "chrome": 0.30, "interstitial": 0.05, "halfwidth_punct": 0.40, "cjk_spacing": 0.30,
    "fullwidth_alnum": 0.10, "invisible": 0.20, "script_mix": 0.05, "mojibake": 0.02,
    "fake_bold": 0.03, "ocr_digits": 0.03,
}


BASE_MB = 20  # distinct damaged documents; larger corpora repeat them with a serial line


def build_corpus(path: Path, megabytes: float, seed: int = 0, html: bool = True) -> int:
    """Write damaged documents until the file holds `megabytes` of UTF-8; return the count.

    Damage is generated for the first `BASE_MB`; beyond that the same documents repeat,
    each with a serial number of its own so no filter drops them as duplicates.
    """
    # Classes without a rate stay out, so the corpus stays the one older code was timed on:
    # `side_by_side` (only `pdftotext -layout` makes it; L001's gate still sees every text).
    assert set(CLASS_RATES) <= set(CLASSES)
    texts = [t for _, t in _clean_texts(sample_corpus().parent / "clean")]
    rng = random.Random(seed)
    target = int(megabytes * 1e6)
    base: list[str] = []
    written = n = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            if written < BASE_MB * 1e6:
                classes = [c for c, rate in CLASS_RATES.items() if rng.random() < rate]
                if not html:  # text only: HTML extraction is measured on its own
                    classes = [c for c in classes if c != "html"]
                text = damage(texts[n % len(texts)], classes, seed=n)
                base.append(text)
            else:
                text = f"第{n}号文档\n{base[n % len(base)]}"
            line = json.dumps({"text": text}, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def reference(path: Path) -> float:
    """Peer-style cleaning: ftfy defaults on every document and three regexes."""
    start = time.perf_counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            text = ftfy.fix_text(json.loads(line)["text"])
            text = _BREAK.sub("", _CJK_SPACE.sub("", _TAGS.sub("", text)))
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB")
    ap.add_argument("--tmp", default=None, help="folder for the corpus and output")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-reference", action="store_true", help="skip the peer-style reference")
    ap.add_argument("--no-html", action="store_true",
                    help="text only (no html class): throughput on text, without HTML extraction, "
                         "which benchmarks/html_throughput.py measures in MB of HTML")
    # The corpus is the sample's 16 clean texts damaged many ways: after cleaning most are
    # near copies of each other, so F004 would drop nearly all and nothing would be
    # written. benchmarks/neardup.py times the duplicate filters.
    ap.add_argument("--ignore", default="F004", help="rule codes to leave out (comma list)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        docs = build_corpus(corpus, args.mb, html=not args.no_html)
        size = corpus.stat().st_size / 1e6
        ignore = [code for code in args.ignore.split(",") if code]
        result = run(Config(workers=args.workers, ignore=ignore), Path(tmp) / "out", [corpus])
        ours = result.seconds
        ref = None if args.no_reference else reference(corpus)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus: {docs:,} documents, {size:.1f} MB (JSONL, UTF-8)")
    print(f"cleaner run: {ours:.2f} s, {size / ours:.2f} MB/s with {args.workers} worker(s), "
          f"{size / ours / args.workers:.2f} MB/s per core, {docs / ours:,.0f} docs/s")
    print(f"peak RSS: {rss:.0f} MB (main), {children:.0f} MB (largest worker)")
    if ref is not None:
        print(f"peer-style reference (ftfy defaults + regexes): {ref:.2f} s, "
              f"{size / ref:.2f} MB/s")
        print(f"ratio cleaner / reference speed: {ref / ours:.2f}x")
    print("seconds per rule (summed over workers):")
    timings = result.report["timings"]["rule_seconds"]
    for code, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        print(f"  {code}  {seconds:8.3f}  {size / seconds if seconds else float('inf'):10.1f} MB/s")


if __name__ == "__main__":
    main()
