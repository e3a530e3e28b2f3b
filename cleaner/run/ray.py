"""The Ray executor: the same batches cleaned as Ray Data tasks, the same output.

Each input file is one Ray task and one batch, and so is each block of a large file
(`cleaner.io.blocks`: JSON lines cut at line starts, Parquet between row groups), so one
big file runs on every CPU: a task reads its file or block with the same reader, cleans it
with the same pipeline and returns one batch result, which the driver saves in the work
folder. Ray keeps the order of the tasks (`preserve_order`), a block reads exactly the
items the whole file gives for its part, and the shared merge writes the output, so
`--engine ray` and `--workers N` give byte-identical output (batch bounds change only
how the counters are added up). Tasks, not an actor pool, do the work: an actor pool that
holds every CPU starves the read stage. Files must be readable at the same path on every
node (a shared filesystem).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cleaner.config import Config
from cleaner.document import Quarantined
from cleaner.io import blocks
from cleaner.io.blocks import Block, Planned, file_failure, read_planned, split_file
from cleaner.io.plan import Walk, plan_inputs
from cleaner.pipeline import Pipeline, PipelineSpec
from cleaner.run.batches import BatchResult, batch_path, record
from cleaner.run.batches import save as save_batch
from cleaner.run.clean import clean_batch
from cleaner.run.executor import Executor, Job, Progress
from cleaner.run.result import RunError

# One pipeline per Ray worker process, built on first use.
_PIPELINES: dict[str, Pipeline] = {}


def _clean_file(batch: dict[str, Any], spec: PipelineSpec, text_field: str, limit: int) -> Any:
    """A Ray `map_batches` function: one planned file or block in, one pickled batch
    result out, and whether it ended in a failure of its whole file."""
    import pyarrow as pa

    key = repr(spec)
    pipeline = _PIPELINES.get(key) or _PIPELINES.setdefault(key, spec.build())
    results, failed = [], []
    for blob in batch["item"].to_pylist():
        item = pickle.loads(blob)
        docs = list(read_planned(item, text_field, limit))
        results.append(pickle.dumps(clean_batch(pipeline, docs)))
        failed.append(file_failure(item, docs))
    return pa.table({"index": batch["index"], "result": pa.array(results, pa.binary()),
                     "failed": pa.array(failed, pa.bool_())})


def plan_blocks(inputs: list[Path], walk: Walk, block_bytes: int) -> list[Planned]:
    """The run's tasks in input order: every planned file, large ones as their blocks."""
    planned: list[Planned] = []
    for entry in plan_inputs(inputs, walk):
        if isinstance(entry, Quarantined):
            planned.append(entry)
        else:
            planned.extend(split_file(entry, block_bytes))
    return planned


class RayExecutor(Executor):
    """`--engine ray`: on the cluster at `address`, or on a Ray started here and stopped
    after the run (with `config.workers` CPUs, all by default)."""

    name = "ray"

    def __init__(
        self, config: Config, out_dir: Path, inputs: list[Path],
        on_progress: Progress | None = None, resume: bool = False,
        address: str | None = None,
    ) -> None:
        if resume:
            raise RunError("--resume works with the local engine only")
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        try:
            import ray.data  # noqa: F401
        except ImportError:
            raise RunError('the ray engine needs Ray: pip install "cleaner[ray]"') from None
        super().__init__(config, out_dir, inputs, on_progress)
        self.address = address

    @property
    def workers(self) -> int:
        return self.config.workers or 0  # 0: as many as the cluster has

    def clean(self, job: Job) -> int:
        import ray

        planned = plan_blocks(job.inputs, job.walk, blocks.BLOCK_BYTES)
        started_here = not ray.is_initialized()
        if started_here:
            cpus = None if self.address else (self.config.workers or os.cpu_count() or 1)
            ray.init(address=self.address, include_dashboard=False, log_to_driver=False,
                     num_cpus=cpus)
        try:
            ended = None  # the file whose block ended in a failure of the whole file
            for index, result, failed in self._cleaned(job.spec, planned):
                item = planned[index]
                if isinstance(item, Block) and item.start > 0 and item.entry == ended:
                    result = BatchResult([], 0, {})  # the whole-file read stopped before
                else:
                    ended = item.entry if failed and isinstance(item, Block) else None
                record(job.work, index, save_batch(batch_path(job.work, index), result))
                job.progress(len(result.items), result.chars_in)
        finally:
            if started_here:
                ray.shutdown()
        return len(planned)

    def _cleaned(
        self, spec: PipelineSpec, planned: list[Planned]
    ) -> Iterator[tuple[int, BatchResult, bool]]:
        """Each task's batch result and whether its file failed, in input order."""
        import ray.data

        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True  # before the dataset is built
        ctx.enable_progress_bars = False
        items = [{"index": k, "item": pickle.dumps(p)} for k, p in enumerate(planned)]
        dataset = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
        cleaned = dataset.map_batches(
            _clean_file, batch_size=1, batch_format="pyarrow",
            fn_kwargs={"spec": spec, "text_field": self.config.text_field,
                       "limit": self.config.max_decompressed_mb * 2**20},
        )
        for row in cleaned.iter_rows():
            yield row["index"], pickle.loads(row["result"]), row["failed"]
