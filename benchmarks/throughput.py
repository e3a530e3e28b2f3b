"""Throughput of the full default ruleset, with a peer-style reference in the same run.

Builds a JSONL corpus of about --mb megabytes by damaging the sample corpus's clean texts
with the synthetic artifact classes at the rates of `CLASS_RATES`, runs `cleaner run` on it (read to
Parquet written), and prints MB/s per core, documents/s, peak RSS and seconds per rule.
The reference runs ftfy's default `fix_text` plus a few regexes over the same documents,
the way peer pipelines do, so the ratio between the two is machine-independent.
`--datatrove` also runs datatrove's own pipeline (JsonlReader, FTFYFormatter,
SymbolLinesFormatter, ParquetWriter with zstd) on the same corpus in the same process
(`pip install -e '.[bench]'`). `--compare-workers 1,2 --repeat 3` times the two worker
counts alternately on one corpus and prints the speed-up of each pair. `--distinct`
composes each document from the sample's paragraphs, so few are duplicates after cleaning;
`--real DIR` builds the corpus from a folder of real damaged documents instead. `--warm`
leaves start-up out of the numbers (a first run on the corpus's first MB).

    python benchmarks/throughput.py --mb 20 --workers 1
    python benchmarks/throughput.py --mb 10 --workers 1 --datatrove --no-reference
    python benchmarks/throughput.py --mb 10 --compare-workers 1,2 --repeat 3
    python benchmarks/throughput.py --mb 10 --real ../shared/dev/pdf/raw --datatrove
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import re
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ftfy
import opencc

from cleaner.config import Config, sample_corpus
from cleaner.evaluate.scoring import _clean_texts
from cleaner.evaluate.synthetic import CLASSES, damage
from cleaner.io.decode import decode
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


def build_corpus(path: Path, megabytes: float, seed: int = 0, html: bool = True,
                 distinct: bool = False) -> int:
    """Write damaged documents until the file holds `megabytes` of UTF-8; return the count.

    Damage is generated for the first `BASE_MB`; beyond that the same documents repeat,
    each with a serial number of its own so no filter drops them as duplicates. Each
    document damages one of the sample's clean texts, so after cleaning most are exact
    copies of 16 texts; `distinct` instead damages a text composed of the pool's
    paragraphs in a random order (`_composed`), so the writer sees distinct documents.
    """
    # Classes without a rate stay out, so the corpus stays the one older code was timed on:
    # `side_by_side` (only `pdftotext -layout` makes it; L001's gate still sees every text).
    assert set(CLASS_RATES) <= set(CLASSES)
    texts = [t for _, t in _clean_texts(sample_corpus().parent / "clean")]
    rng = random.Random(seed)
    pools = _pools(texts) if distinct else {}
    base: list[str] = []

    def document(n: int, written: int) -> str:
        if written >= BASE_MB * 1e6:
            return f"第{n}号文档\n{base[n % len(base)]}"
        classes = [c for c, rate in CLASS_RATES.items() if rng.random() < rate]
        if not html:  # text only: HTML extraction is measured on its own
            classes = [c for c in classes if c != "html"]
        clean = _composed(texts, pools, rng) if distinct else texts[n % len(texts)]
        base.append(damage(clean, classes, seed=n))
        return base[-1]

    return _write_until(path, megabytes, document)


def _write_until(path: Path, megabytes: float, document: Callable[[int, int], str]) -> int:
    """JSON lines of `document(n, bytes written so far)` until the file holds `megabytes`
    of UTF-8; the number of documents."""
    target = int(megabytes * 1e6)
    written = n = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            line = json.dumps({"text": document(n, written)}, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def _composed(texts: list[str], pools: dict[bool, list[str]], rng: random.Random) -> str:
    """One text's first line as the title, then 4-12 paragraphs drawn from the texts.

    The paragraphs come from texts in the same script as the title's (traditional or
    simplified), as in a real document: a mix would send every document down C001's
    mixed-script path, which only the `script_mix` damage should.
    """
    first = rng.choice(texts)
    title = first.split("\n", 1)[0]
    return "\n".join([title, *rng.sample(pools[_traditional(first)], rng.randint(4, 12))])


def _pools(texts: list[str]) -> dict[bool, list[str]]:
    """The texts' paragraphs after their titles, by script (traditional or not)."""
    return {script: [p for t in texts if _traditional(t) == script
                     for p in t.split("\n")[1:] if p.strip()] for script in (False, True)}


@functools.cache
def _traditional(text: str) -> bool:
    return opencc.OpenCC("t2s").convert(text) != text


def real_corpus(path: Path, megabytes: float, folders: list[Path]) -> int:
    """Every file under `folders` as a document (sorted), repeated until `megabytes`.

    For real damaged documents (PDF extractions, saved pages): a repetition starts with a
    serial line of its own, so the exact-duplicate filter keeps it and every rule sees it.
    Files are decoded as `cleaner run` decodes them (a saved page may be GBK or Big5).
    """
    files = sorted(f for folder in folders for f in folder.rglob("*")
                   if f.is_file() and not f.name.startswith("."))
    texts = [decode(f.read_bytes()).text for f in files]
    if not texts:
        raise SystemExit(f"no files under {', '.join(map(str, folders))}")

    def document(n: int, _written: int) -> str:
        text = texts[n % len(texts)]
        return text if n < len(texts) else f"第{n}号文档\n{text}"

    return _write_until(path, megabytes, document)


def _prefix(corpus: Path, path: Path, size: float) -> Path:
    """The corpus's first lines, about `size` bytes of them."""
    with corpus.open("rb") as src, path.open("wb") as out:
        for line in src:
            out.write(line)
            if out.tell() >= size:
                break
    return path


def reference(path: Path) -> float:
    """Peer-style cleaning: ftfy defaults on every document and three regexes."""
    start = time.perf_counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            text = ftfy.fix_text(json.loads(line)["text"])
            text = _BREAK.sub("", _CJK_SPACE.sub("", _TAGS.sub("", text)))
    return time.perf_counter() - start


def datatrove(path: Path, out: Path) -> tuple[float, float]:
    """datatrove's ftfy pipeline on the corpus, in this process: (wall, CPU) seconds."""
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.formatters import FTFYFormatter, SymbolLinesFormatter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import ParquetWriter

    steps = [
        JsonlReader(str(path.parent), glob_pattern=path.name, recursive=False),
        FTFYFormatter(),
        SymbolLinesFormatter(),
        ParquetWriter(str(out), compression="zstd"),
    ]
    executor = LocalPipelineExecutor(steps, tasks=1, workers=1, logging_dir=str(out / "logs"))
    return _timed(executor.run)


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - wall, _cpu() - cpu


def compare_workers(corpus: Path, tmp: Path, counts: list[int], repeat: int,
                    ignore: list[str]) -> None:
    """The worker counts alternately (order swapped each round); wall-time speed-ups."""
    size = corpus.stat().st_size / 1e6
    walls: dict[int, list[float]] = {n: [] for n in counts}
    for r in range(repeat):
        for n in counts if r % 2 == 0 else counts[::-1]:
            out = tmp / f"out-{n}-{r}"
            wall, cpu = _timed(lambda n=n, out=out: run(Config(workers=n, ignore=ignore),
                                                       out, [corpus]))
            walls[n].append(wall)
            print(f"round {r + 1}, {n} worker(s): {wall:.2f} s wall, {cpu:.2f} CPU-s, "
                  f"{size / wall:.2f} MB/s, load {os.getloadavg()[0]:.2f}", flush=True)
    first, *others = counts
    for n in others:
        pairs = [a / b for a, b in zip(walls[first], walls[n], strict=True)]
        print(f"{n} workers / {first}: " + ", ".join(f"{p:.2f}x" for p in pairs)
              + f"; median {statistics.median(pairs):.2f}x, best walls "
              f"{min(walls[first]):.2f} / {min(walls[n]):.2f} s "
              f"({min(walls[first]) / min(walls[n]):.2f}x)")


def main() -> None:
    args = _arguments()
    ignore = [code for code in args.ignore.split(",") if code]
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        if args.real:
            docs = real_corpus(corpus, args.mb, [Path(f) for f in args.real])
        else:
            docs = build_corpus(corpus, args.mb, html=not args.no_html, distinct=args.distinct)
        size = corpus.stat().st_size / 1e6
        print(f"corpus: {docs:,} documents, {size:.1f} MB (JSONL, UTF-8)")
        if args.compare_workers:
            counts = [int(n) for n in args.compare_workers.split(",")]
            compare_workers(corpus, Path(tmp), counts, args.repeat, ignore)
            return
        if args.warm:  # imports, tables and the fork server, before the clock starts
            warm = _prefix(corpus, Path(tmp) / "warm.jsonl", 1e6)
            run(Config(workers=args.workers, ignore=ignore), Path(tmp) / "warm-out", [warm])
        cpu = _cpu()
        result = run(Config(workers=args.workers, ignore=ignore), Path(tmp) / "out", [corpus])
        ours, ours_cpu = result.seconds, _cpu() - cpu
        ref = None if args.no_reference else reference(corpus)
        if args.datatrove and args.warm:
            datatrove(warm, Path(tmp) / "datatrove-warm")
        peer = datatrove(corpus, Path(tmp) / "datatrove") if args.datatrove else None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"cleaner run: {ours:.2f} s, {size / ours:.2f} MB/s with {args.workers} worker(s), "
          f"{size / ours / args.workers:.2f} MB/s per core, {docs / ours:,.0f} docs/s, "
          f"{ours_cpu:.2f} CPU-s ({size / ours_cpu:.2f} MB per CPU-second)")
    print(f"peak RSS: {rss:.0f} MB (main), {children:.0f} MB (largest worker)")
    if ref is not None:
        print(f"peer-style reference (ftfy defaults + regexes): {ref:.2f} s, "
              f"{size / ref:.2f} MB/s")
        print(f"ratio cleaner / reference speed: {ref / ours:.2f}x")
    if peer is not None:
        wall, cpu = peer
        print(f"datatrove (JsonlReader, FTFYFormatter, SymbolLinesFormatter, ParquetWriter): "
              f"{wall:.2f} s, {cpu:.2f} CPU-s, {size / cpu:.2f} MB per CPU-second")
        print(f"ratio cleaner / datatrove, MB per CPU-second: {cpu / ours_cpu:.2f}x")
    _per_rule(result.report["timings"]["rule_seconds"], size)


def _per_rule(timings: dict[str, float], size: float) -> None:
    print("seconds per rule (summed over workers):")
    for code, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
        print(f"  {code}  {seconds:8.3f}  {size / seconds if seconds else float('inf'):10.1f} MB/s")


def _arguments() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB")
    ap.add_argument("--tmp", default=None, help="folder for the corpus and output")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-reference", action="store_true", help="skip the peer-style reference")
    ap.add_argument("--datatrove", action="store_true",
                    help="also run datatrove's ftfy pipeline on the corpus (the bench extra)")
    ap.add_argument("--compare-workers", default="",
                    help="worker counts to time alternately on one corpus, e.g. 1,2")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of --compare-workers")
    ap.add_argument("--no-html", action="store_true",
                    help="text only (no html class): throughput on text, without HTML extraction, "
                         "which benchmarks/html_throughput.py measures in MB of HTML")
    ap.add_argument("--distinct", action="store_true",
                    help="documents composed of the sample's paragraphs in random orders, so "
                         "few are duplicates after cleaning and the writer is measured")
    ap.add_argument("--real", action="append", default=[], metavar="DIR",
                    help="a folder of real damaged documents (text or HTML files) to build the "
                         "corpus from instead, e.g. ../shared/dev/pdf/raw; may be repeated")
    ap.add_argument("--warm", action="store_true",
                    help="run on the corpus's first MB before the measured run, so the numbers "
                         "leave out start-up (imports, tables, the fork server): the cost per MB "
                         "of a long run")
    # The corpus is the sample's 16 clean texts damaged many ways: after cleaning most are
    # near copies of each other, so F004 would drop nearly all and nothing would be
    # written. benchmarks/neardup.py times the duplicate filters.
    ap.add_argument("--ignore", default="F004", help="rule codes to leave out (comma list)")
    return ap.parse_args()


if __name__ == "__main__":
    main()
