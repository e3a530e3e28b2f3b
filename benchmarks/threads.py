"""Threads against processes: does cleaning batches in threads of one process pay?

The native kernels release the GIL, so two threads could clean two batches at once where
the time is spent in Rust. This builds `throughput.py`'s text corpus, reads it into the
run's batches, and cleans them three ways in one run, alternating: in this thread; in
`--threads` threads of this process, each with its own pipeline; and in as many worker
processes (the local engine's pool, without its reading, merge or Parquet writing). It
prints wall and CPU seconds and the speed-up of each over one thread, and checks that
every way gives the same cleaned texts.

    python benchmarks/threads.py --mb 10 --threads 2 --repeat 3
"""

from __future__ import annotations

import argparse
import copy
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from throughput import _cpu, build_corpus

from cleaner.document import Document
from cleaner.io.readers import iter_documents
from cleaner.pipeline import Pipeline, PipelineSpec
from cleaner.run.plan import Item, batches

_SPEC = PipelineSpec()
_local = threading.local()
_PROCESS_PIPELINE: Pipeline | None = None


def _texts(pipeline: Pipeline, batch: list[Item]) -> list[str | None]:
    """The batch through the per-document rules: each text, or None if it was dropped."""
    docs = [copy.deepcopy(item) for item in batch if isinstance(item, Document)]
    return [None if o.dropped_by or o.error else o.doc.text
            for o in pipeline.process_batch(docs)]  # every way cleans the same input


def _in_thread(batch: list[Item]) -> list[str | None]:
    """One pipeline per thread: rules keep per-document state on themselves."""
    if not hasattr(_local, "pipeline"):
        _local.pipeline = _SPEC.build()
    return _texts(_local.pipeline, batch)


def _start_process() -> None:
    global _PROCESS_PIPELINE
    _PROCESS_PIPELINE = _SPEC.build()


def _in_process(batch: list[Item]) -> list[str | None]:
    assert _PROCESS_PIPELINE is not None
    return _texts(_PROCESS_PIPELINE, batch)


def _timed(fn: Callable[[], list[list[str | None]]]) -> tuple[float, float, list]:
    wall, cpu = time.perf_counter(), _cpu()
    result = fn()
    return time.perf_counter() - wall, _cpu() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        build_corpus(corpus, args.mb, html=False)
        work = list(batches(iter_documents([corpus])))
    size = args.mb
    print(f"corpus: {sum(len(b) for b in work):,} documents in {len(work)} batches, "
          f"{size:.1f} MB")
    one = _SPEC.build()
    _texts(one, work[0])  # every lazy table built before anything is timed
    n = args.threads
    # Processes are started and warmed before the clock runs: only the cleaning is timed.
    procs = ProcessPoolExecutor(n, initializer=_start_process)
    list(procs.map(_in_process, work[:n]))
    threads = ThreadPoolExecutor(n)
    list(threads.map(_in_thread, work[:n]))
    ways: dict[str, Callable[[], list[list[str | None]]]] = {
        "1 thread": lambda: [_texts(one, b) for b in work],
        f"{n} threads": lambda: list(threads.map(_in_thread, work)),
        f"{n} processes": lambda: list(procs.map(_in_process, work)),
    }
    walls: dict[str, list[float]] = {name: [] for name in ways}
    expected = None
    for r in range(args.repeat):
        order = list(ways) if r % 2 == 0 else list(ways)[::-1]
        for name in order:
            wall, cpu, result = _timed(ways[name])
            if expected is None:
                expected = result
            same = "same texts" if result == expected else "TEXTS DIFFER"
            walls[name].append(wall)
            cpu_note = f"{cpu:.2f} CPU-s" if "process" not in name else "CPU in workers"
            print(f"round {r + 1}, {name}: {wall:.2f} s wall, {cpu_note}, "
                  f"{size / wall:.2f} MB/s, {same}", flush=True)
    base = statistics.median(walls["1 thread"])
    for name, times in walls.items():
        print(f"{name}: median {statistics.median(times):.2f} s wall, "
              f"{base / statistics.median(times):.2f}x one thread")
    procs.shutdown()
    threads.shutdown()


if __name__ == "__main__":
    main()
