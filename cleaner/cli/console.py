"""What every command shares: the two consoles, exit codes, errors and JSON on stdout."""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO

import typer
from rich.console import Console

err = Console(stderr=True)
out = Console()

EXIT_OK, EXIT_QUARANTINE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_WRITE = 3  # the output could not be written (disk full, permissions)
EXIT_PUSH = 4  # the Hub refused the token, the repo or the upload


class PipeSafeStdout:
    """stdout for which a closed pipe (`cleaner run | head`) means silence, not an error.

    Click turns EPIPE into exit 1, which would fail a CI step that only wanted the first
    lines; the rest of the output goes to /dev/null and the command's own exit code stands.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._to_devnull()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._to_devnull()

    def _to_devnull(self) -> None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print `error: message` on stderr; return the exit for the caller to raise."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def print_json(data: object) -> None:
    """JSON on stdout: coloured for a person at a terminal, plain bytes for everything else.

    Plain even when FORCE_COLOR is set (as some CI systems do), so `--json | jq` never sees
    escape codes.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if sys.stdout.isatty():
        out.print_json(text)
    else:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
