"""The executor interface: what every way of running the batches shares.

An executor is how a run's batches are cleaned: `local.LocalExecutor` in worker processes
on this machine, `ray.RayExecutor` as Ray Data tasks on a cluster. The base class owns the
whole run around that (in the manner of datatrove's `executor/base.py`): the preamble
(pipeline, output and work folders, the resume state, the input walk), then, once the
subclass's `clean` has saved every batch result in the work folder, the merge, the report
and the removal of the work folder. A subclass says only how the batches are cleaned.
"""

from __future__ import annotations

import json
import shutil
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from cleaner.config import Config
from cleaner.io.plan import Walk
from cleaner.io.writer import atomic_write_text
from cleaner.pipeline import Pipeline, PipelineSpec
from cleaner.run.merge import merge_batches
from cleaner.run.report import build_report
from cleaner.run.result import RunResult
from cleaner.run.resume import WORK, prepare_work, run_fingerprint

Progress = Callable[[int, int], None]  # (documents read, characters read) so far


@dataclass
class Job:
    """What an executor is handed: the batches to clean and where their results go."""

    spec: PipelineSpec  # each worker builds its own pipeline from it
    inputs: list[Path]
    work: Path  # batch results go here, one file per batch (`batches.save`, `record`)
    done: set[int]  # batches a resumed run kept: not to be cleaned again
    walk: Walk  # how input folders are walked (the run's own output left out)
    on_progress: Progress | None = None
    read: int = field(default=0, init=False)
    chars: int = field(default=0, init=False)

    def progress(self, docs: int, chars: int) -> None:
        """Count a batch read (cleaned or kept from before) and tell the caller."""
        self.read += docs
        self.chars += chars
        if self.on_progress:
            self.on_progress(self.read, self.chars)


class Executor(ABC):
    """How a run's batches are cleaned; `run` is the rest of the run, shared by all."""

    name: ClassVar[str]  # the engine, as `--engine` and the report's timings name it

    def __init__(
        self, config: Config, out_dir: Path, inputs: list[Path],
        on_progress: Progress | None = None, resume: bool = False,
    ) -> None:
        self.config = config
        self.out_dir = out_dir
        self.inputs = inputs
        self.on_progress = on_progress
        self.resume = resume

    @property
    @abstractmethod
    def workers(self) -> int:
        """The number of workers, as the report records it."""

    @abstractmethod
    def clean(self, job: Job) -> int:
        """Clean every batch not in `job.done`, save each result in `job.work` and record
        it there, in any order; return the number of batches of the whole input."""

    def run(self) -> RunResult:
        """Clean the inputs into the output folder; nothing read is ever unaccounted for."""
        start = time.perf_counter()
        spec = PipelineSpec.from_config(self.config)
        main = spec.build()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        work = self.out_dir / WORK
        fingerprint = run_fingerprint(self.config, self.inputs, main)
        done = prepare_work(work, fingerprint, self.resume)
        walk = Walk.excluding(self.out_dir)  # never read a run's own output back as input
        batches = self.clean(Job(spec, self.inputs, work, done, walk, self.on_progress))
        return self.finish(main, batches, start, walk)

    def finish(self, main: Pipeline, batches: int, start: float, walk: Walk) -> RunResult:
        """Merge the batch results, write the report and drop the work folder."""
        work = self.out_dir / WORK
        result = merge_batches(self.config, main, self.out_dir, work, batches)
        result.skipped = walk.skipped
        result.seconds = time.perf_counter() - start
        result.report = build_report(self.config, main, result, self.inputs, self.workers)
        result.report["timings"]["engine"] = self.name
        atomic_write_text(
            self.out_dir / "report.json",
            json.dumps(result.report, ensure_ascii=False, indent=2) + "\n",
        )
        shutil.rmtree(work, ignore_errors=True)
        return result
