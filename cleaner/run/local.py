"""The local executor: batches cleaned in this process or in a pool of worker processes.

The input is read here, in the main process, and cut into the plan's fixed batches (JSON
lines are cut, not parsed: the workers parse them); each batch is cleaned (by a worker
when there are several) and saved under `OUT/.work/` as one file, written atomically. A
killed run keeps its finished batches, so a resumed run cleans only the others; the
shared merge makes the output the same for any number of workers.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from cleaner.document import Document
from cleaner.io.readers import iter_documents
from cleaner.pipeline import Pipeline, PipelineSpec
from cleaner.run.batches import batch_path, record
from cleaner.run.batches import save as save_batch
from cleaner.run.clean import clean_batch, parsed
from cleaner.run.executor import Executor, Job
from cleaner.run.plan import Item, batches
from cleaner.run.result import RunResult
from cleaner.workers import context as workers_context
from cleaner.workers import count as count_workers
from cleaner.workers import start_server

# Worker side: each process builds its own pipeline once.
_PIPELINE: Pipeline | None = None

_Task = tuple[int, list[Item], str]  # batch index, batch, work folder


def _init_worker(spec: PipelineSpec) -> None:
    global _PIPELINE
    # Ctrl-C reaches the whole process group; the parent decides, the workers carry on.
    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PIPELINE = spec.build()


def _work(task: _Task) -> tuple[str, int]:
    """Clean one batch into its file in the work folder; return the file's SHA-256 and
    the characters of the batch's texts."""
    index, batch, work = task
    assert _PIPELINE is not None
    result = clean_batch(_PIPELINE, batch)
    return save_batch(batch_path(Path(work), index), result), result.chars_in


def _read(job: Job, batch: list[Item], chars: int | None = None) -> None:
    """Count a batch read: `chars` as its cleaning counted them, else (a batch a resumed
    run kept) its texts, parsed for it."""
    if chars is None:
        chars = sum(len(item.text) for item in parsed(batch) if isinstance(item, Document))
    job.progress(len(batch), chars)


class LocalExecutor(Executor):
    """`--engine local`: `config.workers` processes (all CPUs by default), or this one."""

    name = "local"
    _pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        return count_workers(self.config.workers)

    def run(self) -> RunResult:
        """With several workers, the pool starts first: its fork server (which the CLI
        starts earlier still, `cleaner.workers.start_server`) imports the rules and builds
        their tables (about a CPU-second, once for all workers) while this process builds
        its own pipeline."""
        if self.workers <= 1:
            return super().run()
        with _pool(self.workers, PipelineSpec.from_config(self.config)) as self._pool:
            return super().run()

    def clean(self, job: Job) -> int:
        items = iter_documents(
            job.inputs, text_field=self.config.text_field,
            max_decompressed_bytes=self.config.max_decompressed_mb * 2**20, walk=job.walk,
            defer=True,
        )
        if self._pool is None:
            return self._clean_here(job, items)
        count = _submit_all(self._pool, job, items, bound=2 * self.workers)
        self._pool.shutdown()  # the workers' memory is not needed by the merge
        return count

    def _clean_here(self, job: Job, items: Iterable[Item]) -> int:
        """One worker: every batch in this process, in order."""
        _init_worker(job.spec)
        count = 0
        for index, batch in enumerate(batches(items)):
            count = index + 1
            if index in job.done:
                _read(job, batch)
                continue
            digest, chars = _work((index, batch, str(job.work)))
            record(job.work, index, digest)
            _read(job, batch, chars)
        return count


@contextmanager
def _pool(workers: int, spec: PipelineSpec) -> Iterator[ProcessPoolExecutor]:
    """Worker processes, all started at once; killed if the run fails or is interrupted."""
    # An executor, not multiprocessing.Pool: a Pool deadlocks on shutdown when a worker
    # was killed holding its queue lock, which is exactly what Ctrl-C and kill do.
    start_server(workers)  # if the CLI has not already
    pool = ProcessPoolExecutor(
        workers, mp_context=workers_context(),
        initializer=_init_worker, initargs=(spec,),
    )
    # A process is spawned per task while none is idle. Spawning waits for the fork server
    # to be ready (half a second of imports and tables), so it happens in a thread while
    # this one gets on with the run's preamble and its first batches.
    starter = threading.Thread(target=lambda: [pool.submit(int) for _ in range(workers)])
    starter.start()
    try:
        yield pool
    except BaseException:
        starter.join()
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    starter.join()
    pool.shutdown()


def _submit_all(pool: ProcessPoolExecutor, job: Job, items: Iterable[Item], bound: int) -> int:
    """Feed the pool the batches not done, at most `bound` in flight, so memory does not
    grow with the input; return the number of batches."""
    pending: deque[tuple[int, list[Item], Future[tuple[str, int]]]] = deque()

    def settle() -> None:
        finished, batch, future = pending.popleft()
        digest, chars = future.result()
        record(job.work, finished, digest)
        _read(job, batch, chars)

    count = 0
    for index, batch in enumerate(batches(items)):
        count = index + 1
        if index in job.done:
            _read(job, batch)
            continue
        pending.append((index, batch, pool.submit(_work, (index, batch, str(job.work)))))
        while len(pending) >= bound:
            settle()
    while pending:
        settle()
    return count
