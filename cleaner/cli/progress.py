"""How `cleaner run` shows progress on stderr: a spinner on a terminal, a line every 10 s
in a CI log, nothing when asked to be quiet."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.cli.console import err
from cleaner.config import Config

if TYPE_CHECKING:
    from cleaner.run import RunResult


def with_spinner(
    run_pipeline: Callable[..., RunResult], cfg: Config, out_dir: Path, paths: list[Path],
    quiet: bool, resume: bool,
) -> RunResult:
    """Run with a live docs/s and MB/s line on a terminal; without a terminal, silently."""
    if quiet or not sys.stderr.isatty():
        return run_pipeline(cfg, out_dir, paths, resume=resume)
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=err, transient=True,
    ) as progress:
        task = progress.add_task("cleaning", total=None)
        started = progress.get_time()

        def tick(docs: int, chars: int) -> None:
            elapsed = max(progress.get_time() - started, 1e-6)
            progress.update(
                task,
                description=f"{docs:,} docs  {docs / elapsed:,.0f} docs/s  "
                f"{chars * 3 / 1e6 / elapsed:,.1f} MB/s",
            )

        return run_pipeline(cfg, out_dir, paths, on_progress=tick, resume=resume)


def with_log_lines(
    run_pipeline: Callable[..., RunResult], cfg: Config, out_dir: Path, paths: list[Path],
    resume: bool, every: float = 10.0,
) -> RunResult:
    """`--progress` without a terminal (CI logs): a plain line on stderr every `every` s.

    Keeps long CI jobs from being killed for silence, without escape codes in the log.
    """
    import time

    started = last = time.monotonic()

    def tick(docs: int, chars: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < every:
            return
        last = now
        elapsed = max(now - started, 1e-6)
        sys.stderr.write(f"cleaner: {docs:,} docs  {docs / elapsed:,.0f} docs/s  "
                         f"{chars * 3 / 1e6 / elapsed:,.1f} MB/s  {elapsed:,.0f} s\n")
        sys.stderr.flush()

    result = run_pipeline(cfg, out_dir, paths, on_progress=tick, resume=resume)
    sys.stderr.write(f"cleaner: {result.read:,} docs in {time.monotonic() - started:,.1f} s\n")
    return result
