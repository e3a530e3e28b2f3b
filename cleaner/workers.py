"""How worker processes are started, with nothing imported but the standard library.

Workers fork from a fork server that imported the rules and built their tables once
(`cleaner.run.warm`), where the platform has one; else they are spawned, each doing that
itself. Never a plain fork of the main process, which may hold threads (the progress
display). The module is separate from `cleaner.run` so the CLI can start the fork server
before it imports the rules: the server's ~0.6 s of imports and warm-up then overlaps the
main process's own instead of following it.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
from multiprocessing import forkserver

# `__main__` too: a worker imports the main module (the `cleaner` script) again.
PRELOAD = ["__main__", "cleaner.run.warm"]


def count(configured: int | None) -> int:
    """The number of workers of a local run: as configured, else one per CPU."""
    return configured or os.cpu_count() or 1


def context() -> multiprocessing.context.BaseContext:
    """The start method the local executor's workers use."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start_early(workers: int) -> None:
    """Start the fork server now if the run will have several workers; the pool uses
    the same server (there is one per process). A no-op for one worker or no fork server."""
    if workers > 1 and isinstance(context(), multiprocessing.context.ForkServerContext):
        forkserver.ensure_running()
