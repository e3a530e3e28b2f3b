"""One batch through the pipeline: the task every executor runs, wherever it runs it."""

from __future__ import annotations

import hashlib
from typing import Any

from cleaner.document import Quarantined
from cleaner.pipeline import Pipeline
from cleaner.run.batches import BatchResult
from cleaner.run.plan import Item


def clean_batch(pipeline: Pipeline, batch: list[Item]) -> BatchResult:
    """Run the per-document rules over a batch; quarantined inputs pass through. For the
    merge, each kept document's keys for the corpus rules and evidence for the corpus
    filters are worked out here, where batches run in parallel."""
    items: list[tuple[str, Any]] = []
    observed: dict[str, list[list[int]]] = {r.code: [] for r in pipeline.corpus_rules}
    evidence: dict[str, list[bytes | None]] = {r.code: [] for r in pipeline.corpus_filters}
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
            for code, value in pipeline.evidence(outcome.doc.text).items():
                evidence[code].append(value)
            if pipeline.corpus_rules:
                digest = _digest(outcome.doc.text)
                for rule in pipeline.corpus_rules:
                    observed[rule.code].append([digest, *rule.observe(outcome.doc)])
    return BatchResult(items, chars_in, pipeline.take_stats(), bytes_in, observed, evidence)


def _digest(text: str) -> int:
    """8 bytes of a text's hash: exact duplicates count once in the corpus statistics."""
    data = text.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")
