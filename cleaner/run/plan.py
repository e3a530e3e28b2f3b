"""The run's plan: the input stream cut into fixed batches, the unit of work and of resume.

Batches are cut by count and size alone, never by timing, so the same input gives the
same batches on every executor and every number of workers; the batch bounds are part of
the work folder's fingerprint (`resume.run_fingerprint`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cleaner.document import Document, Quarantined
from cleaner.io.jsonl import JsonLine

BATCH_DOCS = 256
BATCH_CHARS = 8_000_000

# What a reader yields: a document, an input it could not read, or a JSON line it left
# to the worker to parse (`JsonLine`, measured by its bytes here).
Item = Document | Quarantined | JsonLine


def batches(items: Iterable[Item]) -> Iterator[list[Item]]:
    """Fixed batching by count and size, so results never depend on timing."""
    batch: list[Item] = []
    size = 0
    for item in items:
        batch.append(item)
        size += (len(item.text) if isinstance(item, Document)
                 else len(item.line) if isinstance(item, JsonLine) else 0)
        if len(batch) >= BATCH_DOCS or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch
