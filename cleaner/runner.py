"""`cleaner run`: read, clean, filter and write, accounting for every input document."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow

from cleaner import __version__
from cleaner.config import Config
from cleaner.document import Document, Quarantined
from cleaner.engine import Outcome, Pipeline, PipelineSpec, RuleStats
from cleaner.io.readers import input_files, iter_documents
from cleaner.io.writer import QuarantineWriter, ShardWriter, atomic_write_text

BATCH_DOCS = 64
BATCH_CHARS = 4_000_000


SAMPLE = "<sample>"


def sample_corpus() -> Path:
    """The embedded sample corpus shipped inside the package."""
    return Path(str(resources.files("cleaner") / "sample" / "raw"))


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
    chars_out: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    quarantined: Counter[str] = field(default_factory=Counter)
    rules: dict[str, RuleStats] = field(default_factory=dict)
    seconds: float = 0.0
    report: dict[str, Any] = field(default_factory=dict)


# Worker side: each process builds its own pipeline once.
_PIPELINE: Pipeline | None = None


def _init_worker(spec: PipelineSpec) -> None:
    global _PIPELINE
    _PIPELINE = spec.build()


def _work(batch: list[Document]) -> tuple[list[Outcome], dict[str, RuleStats]]:
    assert _PIPELINE is not None
    outcomes = [_PIPELINE.process(doc) for doc in batch]
    return outcomes, _PIPELINE.take_stats()


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


def _process(
    spec: PipelineSpec, items: Iterable[Document | Quarantined], workers: int
) -> Iterator[tuple[list[Document | Quarantined], list[Outcome], dict[str, RuleStats]]]:
    """Yield (batch, outcomes, stats) in input order with a bounded number in flight."""
    if workers <= 1:
        _init_worker(spec)
        for batch in _batches(items):
            docs = [d for d in batch if isinstance(d, Document)]
            yield (batch, *_work(docs))
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(spec,)) as pool:
        pending: deque[tuple[list[Document | Quarantined], Any]] = deque()
        for batch in _batches(items):
            docs = [d for d in batch if isinstance(d, Document)]
            pending.append((batch, pool.apply_async(_work, (docs,))))
            if len(pending) >= 2 * workers:
                done, res = pending.popleft()
                yield (done, *res.get())
        while pending:
            done, res = pending.popleft()
            yield (done, *res.get())


def run(
    config: Config,
    out_dir: Path,
    inputs: list[Path],
    on_progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Clean `inputs` into `out_dir`; nothing read is ever unaccounted for."""
    start = time.perf_counter()
    spec = PipelineSpec(config.select, config.ignore, config.options)
    main = spec.build()
    workers = config.workers or os.cpu_count() or 1
    out_dir.mkdir(parents=True, exist_ok=True)
    result = RunResult(out_dir=out_dir, shards=[])
    totals = {r.code: RuleStats() for r in main.rules}
    items = iter_documents(
        inputs, text_field=config.text_field,
        max_decompressed_bytes=config.max_decompressed_mb * 2**20,
    )
    with (
        ShardWriter(
            out_dir,
            row_group_bytes=config.row_group_mb * 2**20,
            shard_bytes=config.shard_mb * 2**20,
        ) as writer,
        QuarantineWriter(out_dir / "quarantine.jsonl") as quarantine,
    ):
        for batch, outcomes, stats in _process(spec, items, workers):
            for code, s in stats.items():
                totals[code].add(s)
            results = iter(outcomes)
            for item in batch:
                result.read += 1
                if isinstance(item, Quarantined):
                    quarantine.write(item)
                    result.quarantined[item.reason] += 1
                    continue
                result.chars_in += len(item.text)
                outcome = next(results)
                if outcome.error is not None:
                    q = Quarantined(item.source, "rule-error", outcome.error, item.text)
                    quarantine.write(q)
                    result.quarantined["rule-error"] += 1
                    continue
                reason = outcome.dropped_by or main.corpus_filter(outcome.doc)
                if reason:
                    result.dropped[reason] += 1
                    continue
                writer.write(outcome.doc)
                result.written += 1
                result.chars_out += len(outcome.doc.text)
            if on_progress:
                on_progress(result.read, result.chars_in)
        result.shards = writer.close()
        quarantine.close()
    for code, s in main.take_stats().items():
        totals[code].add(s)
    result.rules = totals
    result.seconds = time.perf_counter() - start
    result.report = build_report(config, main, result, inputs, workers)
    atomic_write_text(
        out_dir / "report.json", json.dumps(result.report, ensure_ascii=False, indent=2) + "\n"
    )
    accounted = result.written + sum(result.dropped.values()) + sum(result.quarantined.values())
    if accounted != result.read:  # pragma: no cover - a bug, never a user error
        raise AssertionError(f"accounting: read {result.read} != accounted {accounted}")
    return result


def input_fingerprint(inputs: list[Path]) -> list[dict[str, Any]]:
    """Every input file with its size and sha256, so a release says exactly what it read."""
    out = []
    for source, path in input_files(inputs):
        h = hashlib.sha256()
        try:
            with path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            out.append({"source": source, "bytes": path.stat().st_size, "sha256": h.hexdigest()})
        except OSError as exc:
            out.append({"source": source, "error": str(exc)})
    return out


def build_report(
    config: Config, pipeline: Pipeline, result: RunResult, inputs: list[Path], workers: int
) -> dict[str, Any]:
    """The run report; everything but `timings` is deterministic."""
    mb = result.chars_in * 3 / 1e6  # CJK text is ~3 bytes per char in UTF-8
    return {
        "documents": {
            "read": result.read,
            "written": result.written,
            "dropped": dict(sorted(result.dropped.items())),
            "quarantined": dict(sorted(result.quarantined.items())),
        },
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
        "versions": {
            "cleaner": __version__,
            "ruleset": pipeline.fingerprint(),
            "pyarrow": pyarrow.__version__,
        },
        "config_hash": config.output_hash(),
        "config": config.public(),
        "pipeline": pipeline.describe(),
        "inputs": [_input_label(p) for p in inputs],
        "input_files": input_fingerprint(inputs),
        "timings": {
            "seconds": round(result.seconds, 3),
            "workers": workers,
            "docs_per_second": round(result.read / result.seconds, 1) if result.seconds else None,
            "approx_mb_per_second": round(mb / result.seconds, 2) if result.seconds else None,
            "rule_seconds": {c: round(s.seconds, 4) for c, s in result.rules.items()},
        },
    }
