"""The distributed engine: the same rules on Ray Data, the same deterministic output.

Each input file is one Ray task: it is read with the same reader, cleaned with the same
pipeline and returned as one batch result. Ray keeps the order of the files
(`preserve_order`), and the driver merges the results with the same writer as the local
engine, so `--engine ray` and `--workers N` give byte-identical shards. Tasks, not an
actor pool, do the work: an actor pool that holds every CPU starves the read stage.
Files must be readable at the same path on every node (a shared filesystem).
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cleaner.config import Config
from cleaner.document import Quarantined
from cleaner.io.readers import InputFile, Walk, plan_inputs, read_file
from cleaner.pipeline import Pipeline, PipelineSpec
from cleaner.run.batches import BatchResult, batch_path, record
from cleaner.run.batches import save as save_batch
from cleaner.run.runner import (
    WORK,
    RunError,
    RunResult,
    clean_batch,
    finish,
    prepare_work,
    run_fingerprint,
)

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


def run_ray(
    config: Config,
    out_dir: Path,
    inputs: list[Path],
    address: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    resume: bool = False,
) -> RunResult:
    """Clean `inputs` on a Ray cluster (or a local Ray) into `out_dir`."""
    if resume:
        raise RunError("--resume works with the local engine only")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray
    import ray.data

    start = time.perf_counter()
    spec = PipelineSpec.from_config(config)
    main = spec.build()
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / WORK
    prepare_work(work, run_fingerprint(config, inputs, main), resume=False)
    walk = Walk.excluding(out_dir)  # never read a run's own output back as input
    planned: list[InputFile | Quarantined] = list(plan_inputs(inputs, walk))
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address, include_dashboard=False, log_to_driver=False,
                 num_cpus=None if address else (config.workers or os.cpu_count() or 1))
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True  # before the dataset is built
        ctx.enable_progress_bars = False
        items = [{"index": k, "item": pickle.dumps(p)} for k, p in enumerate(planned)]
        dataset = ray.data.from_items(items, override_num_blocks=max(1, len(items)))
        cleaned = dataset.map_batches(
            _clean_file, batch_size=1, batch_format="pyarrow",
            fn_kwargs={"spec": spec, "text_field": config.text_field,
                       "limit": config.max_decompressed_mb * 2**20},
        )
        read = chars = 0
        for row in cleaned.iter_rows():
            result: BatchResult = pickle.loads(row["result"])
            record(work, row["index"], save_batch(batch_path(work, row["index"]), result))
            read += len(result.items)
            chars += result.chars_in
            if on_progress:
                on_progress(read, chars)
    finally:
        if started_here:
            ray.shutdown()
    return finish(config, main, out_dir, inputs, len(planned), config.workers or 0, start,
                  engine="ray", walk=walk)
