"""Running a pipeline over a corpus: plan the batches, clean them, merge, resume.

`run` is the whole of `cleaner run`: it reads the inputs in fixed batches (`plan`), has
an executor clean them (`local`: worker processes here; `ray`: Ray Data across a
cluster; both `executor.Executor`), saves each batch result in the work folder
(`batches`, `resume`), then merges the results in input order into the output shards
(`corpus`, `merge`) and writes the report (`report`). Every executor produces the same
bytes. The user names the executor with `--engine local|ray`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cleaner.config import Config
from cleaner.run.executor import Executor
from cleaner.run.local import LocalExecutor
from cleaner.run.result import RunError, RunResult


def executor_for(
    engine: str, config: Config, out_dir: Path, inputs: list[Path],
    on_progress: Callable[[int, int], None] | None = None, resume: bool = False,
    ray_address: str | None = None,
) -> Executor:
    """The executor the engine names; RunError for an unknown engine or a missing Ray."""
    if engine == "local":
        return LocalExecutor(config, out_dir, inputs, on_progress, resume)
    if engine == "ray":
        from cleaner.run.ray import RayExecutor

        return RayExecutor(config, out_dir, inputs, on_progress, resume, address=ray_address)
    raise RunError(f"--engine must be local or ray, got {engine!r}")


def run(
    config: Config,
    out_dir: Path,
    inputs: list[Path],
    on_progress: Callable[[int, int], None] | None = None,
    resume: bool = False,
    engine: str = "local",
    ray_address: str | None = None,
) -> RunResult:
    """Clean `inputs` into `out_dir` with the executor `engine` names; nothing read is
    ever unaccounted for. `on_progress(documents, characters)` is called as batches finish."""
    return executor_for(engine, config, out_dir, inputs, on_progress, resume, ray_address).run()


__all__ = ["Executor", "RunError", "RunResult", "executor_for", "run"]
