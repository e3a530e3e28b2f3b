"""What `cleaner report` shows that report.json does not: a re-cleaned sample and histograms.

A run's output holds only cleaned text, so the raw side is recovered by re-reading the
inputs recorded in `report.json` and re-running the pipeline on a sample of documents
(matched by id). Memory stays bounded: one pass keeps at most `samples` raw documents and
fixed-size histograms; shards are read in batches.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from cleaner.config import SAMPLE, sample_corpus
from cleaner.document import Document
from cleaner.inspect.charts import LENGTH_BINS, length_bin
from cleaner.inspect.explain import Op, diff_ops, trace
from cleaner.io.readers import iter_documents
from cleaner.pipeline import Pipeline, PipelineSpec
from cleaner.rule import CorpusFilter

__all__ = ["DISPLAY_CHARS", "SAMPLES", "Collected", "Sampled", "collect", "recorded_inputs"]

SAMPLES = 200
DISPLAY_CHARS = 20_000  # per document in the page; the diff itself is on the whole text
_DIFFERS = "differs from the run's output"


@dataclass
class Sampled:
    """One sampled document: where it came from, its per-rule changes and its diff."""

    order: int
    source: str
    id: str
    before_len: int
    after_len: int
    rules: list[tuple[str, str, int, int]]
    ops: list[Op]
    truncated: bool
    status: str = ""


@dataclass
class Collected:
    """Everything the page shows that is not in report.json."""

    docs: list[Sampled] = field(default_factory=list)
    lengths_before: list[int] = field(default_factory=lambda: [0] * len(LENGTH_BINS))
    lengths_after: list[int] = field(default_factory=lambda: [0] * len(LENGTH_BINS))
    scripts: Counter[str] = field(default_factory=Counter)
    read: int = 0
    warnings: list[str] = field(default_factory=list)


def _key(doc_id: str) -> int:
    """Sample order: a hash of the id, so the choice is deterministic and unbiased."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "big")


def recorded_inputs(report: dict[str, Any]) -> list[Path]:
    """The inputs a run read, as report.json names them (`<sample>` is the bundled corpus)."""
    return [sample_corpus() if i == SAMPLE else Path(i) for i in report.get("inputs", [])]


def _truncate(ops: list[Op], limit: int) -> tuple[list[Op], bool]:
    out: list[Op] = []
    used = 0
    for tag, text in ops:
        if tag != "insert" and used + len(text) > limit:
            out.append((tag, text[: max(limit - used, 0)]))
            return out, True
        if tag != "insert":
            used += len(text)
        out.append((tag, text))
    return out, False


def collect(
    run_dir: Path,
    report: dict[str, Any],
    inputs: Sequence[Path] | None = None,
    samples: int = SAMPLES,
) -> Collected:
    """Re-read the inputs, sample documents, re-run the pipeline on them, scan the shards."""
    got = Collected()
    config = report.get("config", {})
    chosen = _sample(_readable_inputs(report, inputs, got), config, samples, got)
    written = _scan_shards(run_dir, report, got, {doc.id for _, doc in chosen})
    if not chosen:
        return got
    pipeline = _rebuild_pipeline(config, report, got)
    if pipeline is None:
        return got
    counts = report.get("rules", {})
    droppers = [f for f in pipeline.corpus_filters if counts.get(f.code, {}).get("docs_changed")]
    got.docs = [_sampled(pipeline, order, doc, written, droppers) for order, doc in chosen]
    differs = sum(1 for d in got.docs if d.status == _DIFFERS)
    if differs:
        got.warnings.append(f"{differs} sampled documents differ from the run's shards.")
    # The page opens on documents some rule changed; untouched ones follow.
    got.docs.sort(key=lambda d: (not d.rules, d.order))
    return got


def _readable_inputs(
    report: dict[str, Any], inputs: Sequence[Path] | None, got: Collected
) -> list[Path]:
    """The inputs to re-read (given, else recorded); none, with a warning, if any is missing."""
    paths = list(inputs) if inputs else recorded_inputs(report)
    missing = [p for p in paths if not p.exists()]
    if missing or not paths:
        got.warnings.append(
            "Inputs not found (" + ", ".join(map(str, missing or ["none recorded"])) + "): "
            "lengths before cleaning and the document browser are not available. "
            "Run `cleaner report` where the run was made, or pass --input."
        )
        return []
    return paths


def _sample(
    paths: list[Path], config: dict[str, Any], samples: int, got: Collected
) -> list[tuple[int, Document]]:
    """(input order, document) of the `samples` documents with the smallest id hashes.

    One pass with a bounded heap; every document read also counts in the length histogram.
    """
    heap: list[tuple[int, int, Document]] = []
    items = iter_documents(paths, text_field=config.get("text_field", "text"),
                           max_decompressed_bytes=config.get("max_decompressed_mb", 2048) * 2**20)
    for order, item in enumerate(items):
        if not isinstance(item, Document):
            continue
        got.read += 1
        got.lengths_before[length_bin(len(item.text))] += 1
        if samples <= 0:
            continue
        entry = (-_key(item.id), order, item)
        if len(heap) < samples:
            heapq.heappush(heap, entry)
        elif entry[0] > heap[0][0]:
            heapq.heapreplace(heap, entry)
    return [(order, doc) for _, order, doc in sorted(heap, key=lambda e: e[1])]


def _rebuild_pipeline(
    config: dict[str, Any], report: dict[str, Any], got: Collected
) -> Pipeline | None:
    """The run's pipeline from its recorded configuration, warning if the rules changed."""
    try:
        pipeline = PipelineSpec(config.get("select"), config.get("ignore", []),
                                config.get("options", {})).build()
    except ValueError as exc:
        got.warnings.append(f"Cannot rebuild the run's pipeline: {exc}")
        return None
    if pipeline.fingerprint() != report.get("versions", {}).get("ruleset"):
        got.warnings.append(
            "The rules changed since this run (ruleset fingerprint differs): documents "
            "show what the current rules do."
        )
    return pipeline


def _sampled(
    pipeline: Pipeline,
    order: int,
    doc: Document,
    written: dict[str, str | None],
    droppers: list[CorpusFilter],
) -> Sampled:
    """One sampled document re-cleaned: its diff, the rules that changed it, its status."""
    t = trace(pipeline, doc)
    final = t.steps[-1].after if t.steps else t.original
    ops, truncated = _truncate(diff_ops(t.original, final), DISPLAY_CHARS)
    # Text changes only, plus the dropping filter: what report.json counts.
    rules = [(s.code, s.name, *s.counts) for s in t.steps if s.before != s.after]
    if t.dropped_by:
        code, _, name = t.dropped_by.partition(" ")
        rules.append((code, name, 0, 0))
    elif doc.id not in written and len(droppers) == 1:
        dropper = droppers[0]  # the only corpus filter that dropped anything
        rules.append((dropper.code, dropper.name, 0, 0))
    return Sampled(order, doc.source, doc.id, len(t.original), len(final), rules, ops,
                   truncated, _status(t.error, t.dropped_by, doc.id, written, final))


def _status(
    error: str | None, dropped_by: str | None, doc_id: str, written: dict[str, str | None],
    final: str,
) -> str:
    """What became of a sampled document, when it is not simply written as re-cleaned."""
    if error:
        return f"quarantined: {error}"
    if dropped_by:
        return f"dropped: {dropped_by}"
    if doc_id not in written:
        return "dropped by a corpus filter"
    if written[doc_id] is not None and written[doc_id] != final:
        return _DIFFERS
    return ""


def _scan_shards(
    run_dir: Path, report: dict[str, Any], got: Collected, wanted: set[str]
) -> dict[str, str | None]:
    """Length histogram and script split of written documents; texts of the wanted ids."""
    written: dict[str, str | None] = {}
    for rel in report.get("shards", []):
        path = run_dir / rel
        if not path.is_file():
            got.warnings.append(f"Shard missing: {rel}")
            continue
        shard = pq.ParquetFile(path)
        for batch in shard.iter_batches(batch_size=2048, columns=["id", "n_chars", "script"]):
            cols = batch.to_pydict()
            for doc_id, n, script in zip(cols["id"], cols["n_chars"], cols["script"],
                                         strict=True):
                got.lengths_after[length_bin(n)] += 1
                got.scripts[script] += 1
                if doc_id in wanted:
                    written[doc_id] = None
        if not any(k in written for k in wanted):
            continue
        for batch in shard.iter_batches(batch_size=2048, columns=["id", "text"]):
            cols = batch.to_pydict()
            for doc_id, text in zip(cols["id"], cols["text"], strict=True):
                if doc_id in wanted:
                    written[doc_id] = text
    return written
