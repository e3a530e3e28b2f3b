"""`report.json`: what a run read, wrote, dropped and quarantined, and with what.

Everything but `timings` is deterministic, so two runs of the same inputs and rules give
the same report whatever the executor or the number of workers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow

from cleaner import __version__
from cleaner.config import SAMPLE, Config, sample_corpus
from cleaner.io.plan import input_fingerprint
from cleaner.pipeline import Pipeline
from cleaner.run.result import FLAGS, RunResult


def build_report(
    config: Config, pipeline: Pipeline, result: RunResult, inputs: list[Path], workers: int
) -> dict[str, Any]:
    """The run report; everything but `timings` is deterministic."""
    return {
        "documents": _documents(result),
        # files in input folders that no reader supports, by extension (never read)
        "skipped_files": dict(sorted(result.skipped.items())),
        # read = written + dropped + quarantined, also asserted in merge_batches
        "accounting": {"read": result.read, "accounted": result.accounted,
                       "ok": result.accounted == result.read},
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
        **_inputs(inputs, result.out_dir),
        "timings": _timings(result, workers),
    }


def _documents(result: RunResult) -> dict[str, Any]:
    return {
        "read": result.read,
        "written": result.written,
        "dropped": dict(sorted(result.dropped.items())),
        "quarantined": dict(sorted(result.quarantined.items())),
        # written documents carrying a damage flag a rule set in their metadata
        "flagged": {f: result.flagged[f] for f in FLAGS},
        # a few documents each duplicate filter dropped: [dropped id, id of the kept copy]
        "duplicates": dict(sorted(result.duplicates.items())),
    }


def _input_label(path: Path) -> str:
    """How the report names an input: the sample by a marker, others as given."""
    return SAMPLE if path == sample_corpus() else str(path)


def _inputs(inputs: list[Path], out_dir: Path) -> dict[str, Any]:
    return {
        "inputs": [_input_label(p) for p in inputs],
        # absolute, so a release can record them relative to its own folder
        "input_paths": [SAMPLE if _input_label(p) == SAMPLE else str(p.resolve())
                        for p in inputs],
        "input_files": input_fingerprint(inputs, out_dir),
    }


def _timings(result: RunResult, workers: int) -> dict[str, Any]:
    mb = result.bytes_in / 1e6  # UTF-8 bytes of the text read
    return {
        "seconds": round(result.seconds, 3),
        "workers": workers,
        "docs_per_second": round(result.read / result.seconds, 1) if result.seconds else None,
        "mb_per_second": round(mb / result.seconds, 2) if result.seconds else None,
        # wall-clock seconds inside each rule, summed over workers (not CPU time)
        "rule_seconds": {c: round(s.seconds, 4) for c, s in result.rules.items()},
    }
