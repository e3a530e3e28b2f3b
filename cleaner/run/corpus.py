"""Corpus rules' statistics: every batch's observations added up before the merge.

A corpus rule (a footer the site repeats, say) decides from counts over the whole corpus.
Each batch records, per kept document, the text's digest and the keys the rule observed;
here the main process adds them up, counting a text seen twice once, and hands each rule
the keys that reach its `min_count`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cleaner.pipeline import Pipeline
from cleaner.run.batches import load_observed


def prepare_corpus_rules(main: Pipeline, work: Path, batches: int) -> None:
    """First half of the merge: add up every batch's statistics (texts seen twice count
    once) and hand each corpus rule its totals; keys below the rule's `min_count` go."""
    if not main.corpus_rules:
        return
    keys = _observed_keys(main, work, batches)
    for rule in main.corpus_rules:
        every = np.concatenate(keys[rule.code]) if keys[rule.code] else np.zeros(0, np.uint64)
        values, counts = np.unique(every, return_counts=True)
        frequent = counts >= rule.min_count
        rule.prepare(dict(zip(values[frequent].tolist(), counts[frequent].tolist(),
                              strict=True)))


def _observed_keys(main: Pipeline, work: Path, batches: int) -> dict[str, list[np.ndarray]]:
    """Per corpus rule, one array of keys per batch, from the first copy of each text."""
    keys: dict[str, list[np.ndarray]] = {r.code: [] for r in main.corpus_rules}
    seen: set[int] = set()
    for index in range(batches):
        observed = load_observed(work, index)
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
    return keys
