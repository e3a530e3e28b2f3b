"""Command line: `cleaner run`, `eval`, `publish`, `push`, `check`, `explain`, `report`, `rules`.

One module per command group, each a plain function over its options, registered here in
the order `cleaner --help` lists them:

- run.py: `run` (progress.py: its progress display)
- evaluate.py: `eval`
- publish.py: `publish`, `push`, `check`
- inspect.py: `explain`, `report`
- rules.py: the `rules` group (`list`, `show`, `new`, `test`, `docs`)

console.py holds what they share (consoles, exit codes, `fail`, JSON output) and
options.py the shared options and how flags are laid over the config file.
"""

from __future__ import annotations

import os
import sys

# numpy (pulled in by pyarrow) starts OpenBLAS threads that busy-wait about 0.1 CPU-s each
# at import, and nothing here calls BLAS: one thread, set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
from typing import Annotated

import typer

from cleaner import __version__
from cleaner.cli import evaluate, inspect, publish, rules, run
from cleaner.cli.console import PipeSafeStdout, out

app = typer.Typer(
    help="Clean messy Chinese text corpora into versioned Parquet datasets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(rules.app, name="rules")
app.command()(run.run)
app.command("eval")(evaluate.evaluate)
app.command()(publish.publish)
app.command("push")(publish.push_release)
app.command()(publish.check)
app.command()(inspect.explain)
app.command()(inspect.report)


def entry() -> None:
    """The `cleaner` command."""
    sys.stdout = PipeSafeStdout(sys.stdout)  # type: ignore[assignment]
    app()


def _version(value: bool) -> None:
    if value:
        out.print(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """cleaner: rule-based cleaning for Chinese text corpora."""


__all__ = ["app", "entry"]
