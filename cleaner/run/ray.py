"""The Ray executor: the same batches cleaned as Ray Data tasks, the same output.

Each input file is one Ray task and one batch: it is read with the same reader, cleaned
with the same pipeline and returned as one batch result, which the driver saves in the
work folder. Ray keeps the order of the files (`preserve_order`), and the shared merge
writes the output, so `--engine ray` and `--workers N` give byte-identical shards. Tasks,
not an actor pool, do the work: an actor pool that holds every CPU starves the read stage.
Files must be readable at the same path on every node (a shared filesystem).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cleaner.config import Config
from cleaner.document import Quarantined
from cleaner.io.plan import InputFile, plan_inputs
from cleaner.io.readers import read_file
from cleaner.pipeline import Pipeline, PipelineSpec
from cleaner.run.batches import BatchResult, batch_path, record
from cleaner.run.batches import save as save_batch
from cleaner.run.clean import clean_batch
from cleaner.run.executor import Executor, Job, Progress
from cleaner.run.result import RunError

# One pipeline per Ray worker process, built on first use.
_PIPELINES: dict[str, Pipeline] = {}


def _clean_file(batch: dict[str, Any], spec: PipelineSpec, text_field: str, limit: int) -> Any:
    """A Ray `map_batches` function: one planned input in, one pickled batch result out."""
    import pyarrow as pa

    key = repr(spec)
    pipeline = _PIPELINES.get(key) or _PIPELINES.setdefault(key, spec.build())
    results = []
    for blob in batch["item"].to_pylist():
        item = pickle.loads(blob)
        docs = [item] if isinstance(item, Quarantined) else list(
            read_file(item, text_field, limit)
        )
        results.append(pickle.dumps(clean_batch(pipeline, docs)))
    return pa.table({"index": batch["index"], "result": pa.array(results, pa.binary())})


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

        planned: list[InputFile | Quarantined] = list(plan_inputs(job.inputs, job.walk))
        started_here = not ray.is_initialized()
        if started_here:
            cpus = None if self.address else (self.config.workers or os.cpu_count() or 1)
            ray.init(address=self.address, include_dashboard=False, log_to_driver=False,
                     num_cpus=cpus)
        try:
            for index, result in self._cleaned(job.spec, planned):
                record(job.work, index, save_batch(batch_path(job.work, index), result))
                job.progress(len(result.items), result.chars_in)
        finally:
            if started_here:
                ray.shutdown()
        return len(planned)

    def _cleaned(
        self, spec: PipelineSpec, planned: list[InputFile | Quarantined]
    ) -> Iterator[tuple[int, BatchResult]]:
        """Each planned input's batch result, in input order, as the tasks finish."""
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
            yield row["index"], pickle.loads(row["result"])
