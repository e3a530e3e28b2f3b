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
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


def start_server(workers: int) -> None:
    """Start the fork server now if the run will have several workers; the pool uses
    the same server (there is one per process). A no-op for one worker or no fork server."""
    if workers > 1 and isinstance(context(), multiprocessing.context.ForkServerContext):
        with _environ(PYTHONSAFEPATH="1", PYTHONPATH=os.pathsep.join(_import_path())):
            forkserver.ensure_running()


def _import_path() -> list[str]:
    """This process's `sys.path`, for the fork server. The server is `python -c`, which
    puts its working directory first, and Python 3.11 ignores the path it is handed: run
    from a source checkout, it imported the checkout's `cleaner` (no native core built)
    instead of the installed one."""
    return [os.path.abspath(p) for p in sys.path]


@contextmanager
def _environ(**values: str) -> Iterator[None]:
    """The variables set while the server is launched (it inherits them), then restored."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
