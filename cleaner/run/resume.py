"""The work folder `OUT/.work/`: its fingerprint, and what a resumed run can keep.

The folder's `run.json` records what the batches were cleaned with (version, config,
ruleset, inputs, batch bounds and file format). A resume continues only under the same
fingerprint, and then keeps only the batches whose files still have their recorded hash.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from cleaner import __version__
from cleaner.config import Config
from cleaner.io.writer import atomic_write_text
from cleaner.pipeline import Pipeline
from cleaner.run.batches import FORMAT, verified
from cleaner.run.plan import BATCH_CHARS, BATCH_DOCS
from cleaner.run.result import RunError

WORK = ".work"


def run_fingerprint(config: Config, inputs: list[Path], pipeline: Pipeline) -> dict[str, Any]:
    """What the batches depend on; a resume under any other fingerprint is refused."""
    return {
        "cleaner": __version__,
        "config": config.output_hash(),
        "ruleset": pipeline.fingerprint(),
        "inputs": [str(p.resolve()) for p in inputs],
        "batch": [BATCH_DOCS, BATCH_CHARS, FORMAT],
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
