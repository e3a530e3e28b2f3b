"""One batch through the pipeline: the task every executor runs, wherever it runs it."""

from __future__ import annotations

import hashlib
from typing import Any

from cleaner.codepoints import keeping
from cleaner.document import Document, Quarantined
from cleaner.io.jsonl import JsonLine
from cleaner.io.rows import encode_rows
from cleaner.pipeline import Outcome, Pipeline
from cleaner.run.batches import BatchResult
from cleaner.run.plan import Item


def clean_batch(pipeline: Pipeline, batch: list[Item]) -> BatchResult:
    """Run the per-document rules over a batch, rule by rule (`Pipeline.process_batch`);
    quarantined inputs pass through. For the merge, each kept document's keys for the
    corpus rules, evidence for the corpus filters and shard row are worked out here, where
    batches run in parallel, each rule over the batch in turn as well; so are the JSON
    lines the reader left unparsed."""
    read = parsed(batch)
    docs = [item for item in read if not isinstance(item, Quarantined)]
    raws = [doc.text for doc in docs]  # a rule error quarantines the text as it came in
    chars_in = sum(map(len, raws))
    bytes_in = sum(len(raw.encode("utf-8", "surrogatepass")) for raw in raws)
    with keeping():  # the evidence reads the code points the rules last encoded
        items, kept = _sorted(read, pipeline.process_batch(docs), raws)
        evidence = {r.code: [r.evidence(doc.text) for doc in kept] for r in pipeline.corpus_filters}
        observed = _observed(pipeline, kept)
    rows, kept_rows = encode_rows(kept)
    return BatchResult(items, chars_in, pipeline.take_stats(), bytes_in, observed, evidence,
                       rows, kept_rows)


def parsed(batch: list[Item]) -> list[Document | Quarantined]:
    """The batch with every `JsonLine` parsed into its item."""
    return [item.parse() if isinstance(item, JsonLine) else item for item in batch]


def _sorted(
    batch: list[Document | Quarantined], outcomes: list[Outcome], raws: list[str]
) -> tuple[list[tuple[str, Any]], list[Document]]:
    """The batch's items in input order, each as kept, dropped or quarantined, and the
    documents kept."""
    done = iter(zip(outcomes, raws, strict=True))
    items: list[tuple[str, Any]] = []
    kept: list[Document] = []
    for item in batch:
        if isinstance(item, Quarantined):
            items.append(("quarantine", item))
            continue
        outcome, raw = next(done)
        if outcome.error is not None:
            items.append(("quarantine", Quarantined(item.source, "rule-error", outcome.error, raw)))
        elif outcome.dropped_by is not None:
            items.append(("drop", (outcome.dropped_by, outcome.doc)))
        else:
            items.append(("doc", outcome.doc))
            kept.append(outcome.doc)
    return items, kept


def _observed(pipeline: Pipeline, kept: list[Document]) -> dict[str, list[list[int]]]:
    """Per corpus rule, each kept document's text digest and what the rule observed."""
    keyed = [(_digest(doc.text), doc) for doc in kept] if pipeline.corpus_rules else []
    return {rule.code: [[digest, *rule.observe(doc)] for digest, doc in keyed]
            for rule in pipeline.corpus_rules}


def _digest(text: str) -> int:
    """8 bytes of a text's hash: exact duplicates count once in the corpus statistics."""
    data = text.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")
