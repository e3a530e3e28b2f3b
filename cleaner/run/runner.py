"""`cleaner run`: read, clean, filter and write, accounting for every input document.

A run has two phases. First the input is read in fixed batches; each batch is cleaned (in
worker processes when there are several) and its result saved under `OUT/.work/` as one
file, written atomically. Then the batch results are merged in input order into the
shards, the quarantine file and the report, and the work folder is removed. A killed run
keeps its finished batches, so `--resume` redoes only the unfinished ones, and the merge
makes the output identical to an uninterrupted run whatever the number of workers.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow

from cleaner import __version__
from cleaner.config import SAMPLE, Config, sample_corpus
from cleaner.document import Document, Quarantined
from cleaner.io.readers import Walk, input_fingerprint, iter_documents
from cleaner.io.writer import DROPPED_FIELDS, QuarantineWriter, ShardWriter, atomic_write_text
from cleaner.pipeline import Pipeline, PipelineSpec, RuleStats
from cleaner.run.batches import BatchResult, batch_path, load_observed, record, recorded, verified
from cleaner.run.batches import load as load_batch
from cleaner.run.batches import save as save_batch

BATCH_DOCS = 256
BATCH_CHARS = 8_000_000
WORK = ".work"
DROPPED = "dropped"  # with --keep-dropped: OUT/dropped/*.parquet
SAMPLES = 10  # dropped duplicates listed per filter in report.json
# Metadata flags that rules set on damage no rule can repair; report.json counts them.
FLAGS = ("columns_interleaved",)


class RunError(Exception):
    """A run that cannot start or continue; the message says why, in one line."""


def _input_label(path: Path) -> str:
    """How the report names an input: the sample by a marker, others as given."""
    return SAMPLE if path == sample_corpus() else str(path)


@dataclass
class RunResult:
    out_dir: Path
    shards: list[Path]
    read: int = 0
    written: int = 0
    chars_in: int = 0
    bytes_in: int = 0
    chars_out: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    quarantined: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)  # written docs by meta flag
    # A few drops per duplicate filter: [dropped id, id of the copy kept].
    duplicates: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    dropped_shards: list[Path] = field(default_factory=list)  # with --keep-dropped
    rules: dict[str, RuleStats] = field(default_factory=dict)
    seconds: float = 0.0
    report: dict[str, Any] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)  # unsupported files, by extension


# Worker side: each process builds its own pipeline once.
_PIPELINE: Pipeline | None = None


def _init_worker(spec: PipelineSpec) -> None:
    global _PIPELINE
    # Ctrl-C reaches the whole process group; the parent decides, the workers carry on.
    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PIPELINE = spec.build()


def clean_batch(pipeline: Pipeline, batch: list[Document | Quarantined]) -> BatchResult:
    """Run the per-document rules over a batch; quarantined inputs pass through."""
    items: list[tuple[str, Any]] = []
    observed: dict[str, list[list[int]]] = {r.code: [] for r in pipeline.corpus_rules}
    chars_in = bytes_in = 0
    for item in batch:
        if isinstance(item, Quarantined):
            items.append(("quarantine", item))
            continue
        chars_in += len(item.text)
        raw = item.text
        bytes_in += len(raw.encode("utf-8", "surrogatepass"))
        outcome = pipeline.process(item)
        if outcome.error is not None:
            items.append(("quarantine", Quarantined(item.source, "rule-error", outcome.error, raw)))
        elif outcome.dropped_by is not None:
            items.append(("drop", (outcome.dropped_by, outcome.doc)))
        else:
            items.append(("doc", outcome.doc))
            if pipeline.corpus_rules:
                digest = _digest(outcome.doc.text)
                for rule in pipeline.corpus_rules:
                    observed[rule.code].append([digest, *rule.observe(outcome.doc)])
    return BatchResult(items, chars_in, pipeline.take_stats(), bytes_in, observed)


def _digest(text: str) -> int:
    """8 bytes of a text's hash: exact duplicates count once in the corpus statistics."""
    data = text.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def prepare_corpus_rules(main: Pipeline, work: Path, batches: int) -> None:
    """First half of the merge: add up every batch's statistics (texts seen twice count
    once) and hand each corpus rule its totals; keys below the rule's `min_count` go."""
    if not main.corpus_rules:
        return
    hashes = recorded(work)
    keys: dict[str, list[np.ndarray]] = {r.code: [] for r in main.corpus_rules}
    seen: set[int] = set()
    for index in range(batches):
        observed = load_observed(work, index, hashes[index])
        # Every rule's list has one entry per kept document, in the same order.
        entries = next(iter(observed.values()), [])
        fresh = []
        for k, entry in enumerate(entries):
            if entry[0] not in seen:
                seen.add(entry[0])
                fresh.append(k)
        for code in keys:
            doc_keys = observed.get(code, [])
            flat = [key for k in fresh for key in doc_keys[k][1:]]
            keys[code].append(np.array(flat, dtype=np.uint64))
    for rule in main.corpus_rules:
        every = np.concatenate(keys[rule.code]) if keys[rule.code] else np.zeros(0, np.uint64)
        values, counts = np.unique(every, return_counts=True)
        frequent = counts >= rule.min_count
        rule.prepare(dict(zip(values[frequent].tolist(), counts[frequent].tolist(),
                              strict=True)))


def _work(job: tuple[int, list[Document | Quarantined], str]) -> str:
    """Clean one batch into its file in the work folder; return the file's SHA-256."""
    index, batch, work = job
    assert _PIPELINE is not None
    result = clean_batch(_PIPELINE, batch)
    return save_batch(batch_path(Path(work), index), result)


def _batches(items: Iterable[Document | Quarantined]) -> Iterator[list[Document | Quarantined]]:
    """Fixed batching by count and size, so results never depend on timing."""
    batch: list[Document | Quarantined] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item.text) if isinstance(item, Document) else 0
        if len(batch) >= BATCH_DOCS or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _clean_all(
    spec: PipelineSpec,
    items: Iterable[Document | Quarantined],
    work: Path,
    done: set[int],
    workers: int,
    on_progress: Callable[[int, int], None] | None,
) -> int:
    """Phase one: clean every batch not already done into `work`; return the batch count."""
    read = chars = 0
    count = 0

    def progress(batch: list[Document | Quarantined]) -> None:
        nonlocal read, chars
        read += len(batch)
        chars += sum(len(d.text) for d in batch if isinstance(d, Document))
        if on_progress:
            on_progress(read, chars)

    if workers <= 1:
        _init_worker(spec)
        for index, batch in enumerate(_batches(items)):
            count = index + 1
            if index not in done:
                record(work, index, _work((index, batch, str(work))))
            progress(batch)
        return count
    # An executor, not multiprocessing.Pool: a Pool deadlocks on shutdown when a worker
    # was killed holding its queue lock, which is exactly what Ctrl-C and kill do.
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker, initargs=(spec,),
    )
    try:
        pending: deque[tuple[int, list[Document | Quarantined], Future[str]]] = deque()
        for index, batch in enumerate(_batches(items)):
            count = index + 1
            if index in done:
                progress(batch)
                continue
            pending.append((index, batch, pool.submit(_work, (index, batch, str(work)))))
            while len(pending) >= 2 * workers:  # bounded: memory does not grow with input
                finished, batch_done, future = pending.popleft()
                record(work, finished, future.result())
                progress(batch_done)
        while pending:
            finished, batch_done, future = pending.popleft()
            record(work, finished, future.result())
            progress(batch_done)
    except BaseException:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return count


def run_fingerprint(config: Config, inputs: list[Path], pipeline: Pipeline) -> dict[str, Any]:
    return {
        "cleaner": __version__,
        "config": config.output_hash(),
        "ruleset": pipeline.fingerprint(),
        "inputs": [str(p.resolve()) for p in inputs],
        "batch": [BATCH_DOCS, BATCH_CHARS],
    }


def prepare_work(work: Path, fingerprint: dict[str, Any], resume: bool) -> set[int]:
    """The work folder, and the batches a resumed run need not redo."""
    marker = work / "run.json"
    if resume and marker.is_file():
        if json.loads(marker.read_text("utf-8")) != fingerprint:
            raise RunError(
                f"cannot resume in {work.parent}: the inputs, rules or config changed since "
                "the interrupted run; run again without --resume"
            )
        return verified(work)  # only batches whose files still have the recorded hash
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    atomic_write_text(marker, json.dumps(fingerprint, sort_keys=True))
    return set()


def run(
    config: Config,
    out_dir: Path,
    inputs: list[Path],
    on_progress: Callable[[int, int], None] | None = None,
    resume: bool = False,
) -> RunResult:
    """Clean `inputs` into `out_dir`; nothing read is ever unaccounted for."""
    start = time.perf_counter()
    spec = PipelineSpec.from_config(config)
    main = spec.build()
    workers = config.workers or os.cpu_count() or 1
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / WORK
    done = prepare_work(work, run_fingerprint(config, inputs, main), resume)
    walk = Walk.excluding(out_dir)  # never read a run's own output back as input
    items = iter_documents(
        inputs, text_field=config.text_field,
        max_decompressed_bytes=config.max_decompressed_mb * 2**20, walk=walk,
    )
    batches = _clean_all(spec, items, work, done, workers, on_progress)
    return finish(config, main, out_dir, inputs, batches, workers, start, walk=walk)


def finish(
    config: Config, main: Pipeline, out_dir: Path, inputs: list[Path], batches: int,
    workers: int, start: float, engine: str = "local", walk: Walk | None = None,
) -> RunResult:
    """Merge the batch results, write the report and drop the work folder (every engine)."""
    work = out_dir / WORK
    result = merge_batches(config, main, out_dir, work, batches)
    result.skipped = walk.skipped if walk else Counter()
    result.seconds = time.perf_counter() - start
    result.report = build_report(config, main, result, inputs, workers)
    result.report["timings"]["engine"] = engine
    atomic_write_text(
        out_dir / "report.json", json.dumps(result.report, ensure_ascii=False, indent=2) + "\n"
    )
    shutil.rmtree(work, ignore_errors=True)
    return result


def merge_batches(
    config: Config, main: Pipeline, out_dir: Path, work: Path, batches: int
) -> RunResult:
    """Phase two: batch results, in input order, into shards, quarantine and counts."""
    result = RunResult(out_dir=out_dir, shards=[])
    totals = {r.code: RuleStats() for r in main.rules}
    sizes = {"row_group_bytes": config.row_group_mb * 2**20, "shard_bytes": config.shard_mb * 2**20}
    if not config.keep_dropped:
        _remove_dropped(out_dir)  # an earlier run's would no longer match this output
    prepare_corpus_rules(main, work, batches)
    with (
        ShardWriter(out_dir, **sizes) as writer,
        QuarantineWriter(out_dir / "quarantine.jsonl") as quarantine,
        (ShardWriter(out_dir, folder=DROPPED, extra_fields=DROPPED_FIELDS, **sizes)
         if config.keep_dropped else nullcontext()) as dropped,
    ):
        hashes = recorded(work)
        for index in range(batches):
            batch = load_batch(work, index, hashes[index])
            for code, s in batch.stats.items():
                totals[code].add(s)
            result.chars_in += batch.chars_in
            result.bytes_in += batch.bytes_in
            for kind, payload in batch.items:
                result.read += 1
                if kind == "quarantine":
                    quarantine.write(payload)
                    result.quarantined[payload.reason] += 1
                    continue
                duplicate_of = None
                if kind == "drop":
                    reason, doc = payload
                else:
                    doc = payload
                    reason = main.corpus_rules_apply(doc)
                    if reason is None:
                        reason, duplicate_of = main.corpus_filter(doc) or (None, None)
                if reason:
                    result.dropped[reason] += 1
                    if duplicate_of is not None and len(result.duplicates[reason]) < SAMPLES:
                        result.duplicates[reason].append([doc.id, duplicate_of])
                    if dropped is not None:
                        dropped.write(doc, {"dropped_by": reason, "duplicate_of": duplicate_of})
                    continue
                writer.write(payload)
                result.written += 1
                result.flagged.update(f for f in FLAGS if payload.extra.get(f) is True)
                result.chars_out += len(payload.text)
        result.shards = writer.close()
        if dropped is not None:
            result.dropped_shards = dropped.close()
        quarantine.close()
    for code, s in main.take_stats().items():
        totals[code].add(s)
    result.rules = totals
    accounted = result.written + sum(result.dropped.values()) + sum(result.quarantined.values())
    if accounted != result.read:  # pragma: no cover - a bug, never a user error
        raise AssertionError(f"accounting: read {result.read} != accounted {accounted}")
    return result


def _remove_dropped(out_dir: Path) -> None:
    """Remove the shards an earlier `--keep-dropped` run left in this output folder."""
    folder = out_dir / DROPPED
    if folder.is_dir():
        for shard in folder.glob("*.parquet"):
            shard.unlink()
        if not any(folder.iterdir()):
            folder.rmdir()


def build_report(
    config: Config, pipeline: Pipeline, result: RunResult, inputs: list[Path], workers: int
) -> dict[str, Any]:
    """The run report; everything but `timings` is deterministic."""
    mb = result.bytes_in / 1e6  # UTF-8 bytes of the text read
    accounted = result.written + sum(result.dropped.values()) + sum(result.quarantined.values())
    return {
        "documents": {
            "read": result.read,
            "written": result.written,
            "dropped": dict(sorted(result.dropped.items())),
            "quarantined": dict(sorted(result.quarantined.items())),
            # written documents carrying a damage flag a rule set in their metadata
            "flagged": {f: result.flagged[f] for f in FLAGS},
            # a few documents each duplicate filter dropped: [dropped id, id of the kept copy]
            "duplicates": dict(sorted(result.duplicates.items())),
        },
        # files in input folders that no reader supports, by extension (never read)
        "skipped_files": dict(sorted(result.skipped.items())),
        # read = written + dropped + quarantined, also asserted in merge_batches
        "accounting": {"read": result.read, "accounted": accounted, "ok": accounted == result.read},
        "characters": {"before": result.chars_in, "after": result.chars_out},
        "rules": {
            code: {
                "docs_changed": s.docs_changed,
                "chars_added": s.chars_added,
                "chars_removed": s.chars_removed,
            }
            for code, s in result.rules.items()
        },
        "shards": [p.relative_to(result.out_dir).as_posix() for p in result.shards],
        # --keep-dropped: every dropped document, with `dropped_by` and `duplicate_of`
        "dropped_shards": [p.relative_to(result.out_dir).as_posix() for p in result.dropped_shards],
        "versions": {
            "cleaner": __version__,
            "ruleset": pipeline.fingerprint(),
            "pyarrow": pyarrow.__version__,
        },
        "config_hash": config.output_hash(),
        "config": config.public(),
        "pipeline": pipeline.describe(),
        "inputs": [_input_label(p) for p in inputs],
        # absolute, so a release can record them relative to its own folder
        "input_paths": [SAMPLE if _input_label(p) == SAMPLE else str(p.resolve())
                        for p in inputs],
        "input_files": input_fingerprint(inputs, result.out_dir),
        "timings": {
            "seconds": round(result.seconds, 3),
            "workers": workers,
            "docs_per_second": round(result.read / result.seconds, 1) if result.seconds else None,
            "mb_per_second": round(mb / result.seconds, 2) if result.seconds else None,
            # wall-clock seconds inside each rule, summed over workers (not CPU time)
            "rule_seconds": {c: round(s.seconds, 4) for c, s in result.rules.items()},
        },
    }
