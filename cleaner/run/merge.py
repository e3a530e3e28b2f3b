"""Phase two of a run: the batch results, in input order, into the output files.

The merge runs in the main process whatever the executor, so the output depends on the
batches alone: the corpus rules get their statistics first, then every document of every
batch goes, in input order, to the shards, the quarantine file or (with `--keep-dropped`)
the dropped shards, and every one of them is counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from cleaner.config import Config
from cleaner.document import Document
from cleaner.io.rows import DROPPED_FIELDS, Rows
from cleaner.io.writer import QuarantineWriter, ShardWriter
from cleaner.pipeline import Pipeline, RuleStats
from cleaner.run.batches import BatchResult, recorded
from cleaner.run.batches import load as load_batch
from cleaner.run.corpus import prepare_corpus_rules
from cleaner.run.result import FLAGS, RunResult

DROPPED = "dropped"  # with --keep-dropped: OUT/dropped/*.parquet
SAMPLES = 10  # dropped duplicates listed per filter in report.json


def merge_batches(
    config: Config, main: Pipeline, out_dir: Path, work: Path, batches: int
) -> RunResult:
    """Phase two: batch results, in input order, into shards, quarantine and counts."""
    result = RunResult(out_dir=out_dir, shards=[])
    totals = {r.code: RuleStats() for r in main.rules}
    if not config.keep_dropped:
        _remove_dropped(out_dir)  # an earlier run's would no longer match this output
    prepare_corpus_rules(main, work, batches)
    with _open_sinks(config, out_dir) as sinks:
        merger = _Merger(main, sinks, result, totals)
        hashes = recorded(work)
        for index in range(batches):
            merger.batch(load_batch(work, index, hashes[index]))
        result.shards = sinks.shards.close()
        if sinks.dropped is not None:
            result.dropped_shards = sinks.dropped.close()
        sinks.quarantine.close()
    for code, s in main.take_stats().items():
        totals[code].add(s)
    result.rules = totals
    if result.accounted != result.read:  # pragma: no cover - a bug, never a user error
        raise AssertionError(f"accounting: read {result.read} != accounted {result.accounted}")
    return result


@dataclass
class _Sinks:
    """Where merged documents go."""

    shards: ShardWriter
    quarantine: QuarantineWriter
    dropped: ShardWriter | None  # only with --keep-dropped


@contextmanager
def _open_sinks(config: Config, out_dir: Path) -> Iterator[_Sinks]:
    sizes = {"row_group_bytes": config.row_group_mb * 2**20, "shard_bytes": config.shard_mb * 2**20}
    with (
        ShardWriter(out_dir, **sizes) as writer,
        QuarantineWriter(out_dir / "quarantine.jsonl") as quarantine,
        (ShardWriter(out_dir, folder=DROPPED, extra_fields=DROPPED_FIELDS, **sizes)
         if config.keep_dropped else nullcontext()) as dropped,
    ):
        yield _Sinks(writer, quarantine, dropped)


@dataclass
class _Merger:
    """Sends each document of the batches to its sink and counts it in `result`."""

    main: Pipeline
    sinks: _Sinks
    result: RunResult
    totals: dict[str, RuleStats]

    def batch(self, batch: BatchResult) -> None:
        for code, s in batch.stats.items():
            self.totals[code].add(s)
        self.result.chars_in += batch.chars_in
        self.result.bytes_in += batch.bytes_in
        kept = 0  # the kept documents' place in the batch's `observed` and `evidence` lists
        for kind, payload in batch.items:
            self.result.read += 1
            if kind == "quarantine":
                self.sinks.quarantine.write(payload)
                self.result.quarantined[payload.reason] += 1
            elif kind == "drop":
                reason, doc = payload
                self.place(doc, reason, None, None)
            else:
                observed = {code: keys[kept][1:] for code, keys in batch.observed.items()}
                evidence = {code: values[kept] for code, values in batch.evidence.items()}
                self.document(payload, observed, evidence, batch.row(kept))
                kept += 1

    def document(
        self, doc: Document, observed: dict[str, list[int]], evidence: dict[str, bytes | None],
        row: tuple[Rows, int] | None,
    ) -> None:
        """A kept document: the corpus rules, then the corpus filters, may still drop it.
        What the worker worked out from it (evidence, row) holds while no corpus rule
        looks at it."""
        if self.main.corpus_rules_pass(observed):
            reason, duplicate_of = self.main.corpus_filter(doc, evidence) or (None, None)
            self.place(doc, reason, duplicate_of, row)
            return
        text = doc.text
        reason = self.main.corpus_rules_apply(doc, observed)
        duplicate_of = None
        if reason is None:
            unchanged = doc.text is text
            reason, duplicate_of = (
                self.main.corpus_filter(doc, evidence if unchanged else None) or (None, None)
            )
        self.place(doc, reason, duplicate_of, None)

    def place(
        self, doc: Document, reason: str | None, duplicate_of: str | None,
        row: tuple[Rows, int] | None,
    ) -> None:
        """Into the shards (its row, if it has one), or counted as dropped by `reason`
        (and kept aside if asked)."""
        result = self.result
        if not reason:
            if row is None:
                self.sinks.shards.write(doc)
            else:
                self.sinks.shards.write_row(*row)
            result.written += 1
            result.flagged.update(f for f in FLAGS if doc.extra.get(f) is True)
            result.chars_out += len(doc.text)
            return
        result.dropped[reason] += 1
        # only duplicate filters get an entry (`duplicates` is a defaultdict)
        if duplicate_of is not None and len(result.duplicates[reason]) < SAMPLES:
            result.duplicates[reason].append([doc.id, duplicate_of])
        if self.sinks.dropped is not None:
            fields: dict[str, str | None] = {"dropped_by": reason, "duplicate_of": duplicate_of}
            if row is None:
                self.sinks.dropped.write(doc, fields)
            else:
                self.sinks.dropped.write_row(*row, fields)


def _remove_dropped(out_dir: Path) -> None:
    """Remove the shards an earlier `--keep-dropped` run left in this output folder."""
    folder = out_dir / DROPPED
    if folder.is_dir():
        for shard in folder.glob("*.parquet"):
            shard.unlink()
        if not any(folder.iterdir()):
            folder.rmdir()
