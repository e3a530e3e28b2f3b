"""`cleaner explain` (one document, rule by rule) and `cleaner report` (a run as HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cleaner.cli.console import err, fail, out, print_json
from cleaner.cli.options import (
    ConfigOpt,
    IgnoreOpt,
    RunDirArg,
    SelectOpt,
    SetOpt,
    TextFieldOpt,
    configure,
)
from cleaner.config import ConfigError

FileArg = Annotated[Path, typer.Argument(help="A file (or folder) the document is in.")]
SourceOpt = Annotated[
    str | None,
    typer.Option("--source", "-s",
                 help="Which document, e.g. posts.jsonl:3 (or just 3) in a multi-document "
                      "file."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the trace as JSON.")]
ContextOpt = Annotated[
    int, typer.Option("--context", help="Unchanged characters shown around a change "
                                        "(-1: all).")
]
ReportOutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="HTML file (default: RUN_DIR/report.html)."),
]
SamplesOpt = Annotated[
    int, typer.Option("--samples", help="Documents in the browser (chosen by id hash).")
]
InputOpt = Annotated[
    list[Path] | None,
    typer.Option("--input", help="Inputs to re-read instead of those report.json records."),
]


def explain(
    file: FileArg,
    source: SourceOpt = None,
    as_json: JsonOpt = False,
    context: ContextOpt = 40,
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    sets: SetOpt = None,
    text_field: TextFieldOpt = None,
) -> None:
    """Run one document rule by rule and show what each rule changed."""
    from cleaner.inspect.explain import ExplainError, find_document, render, to_json, trace
    from cleaner.pipeline import PipelineSpec

    if not file.exists():
        raise fail(f"not found: {file}")
    try:
        cfg = configure(config_path, select, ignore, sets, text_field)
        doc = find_document(file, source, cfg.text_field)
    except (ConfigError, ExplainError) as exc:
        raise fail(str(exc)) from None
    result = trace(PipelineSpec.from_config(cfg).build(), doc)
    if as_json:
        print_json(to_json(result))
    else:
        render(result, out, context=context)


def report(
    run_dir: RunDirArg,
    output: ReportOutputOpt = None,
    samples: SamplesOpt = 200,
    inputs: InputOpt = None,
) -> None:
    """Write one self-contained HTML page: charts of the run and before/after of a sample."""
    from cleaner.inspect.report import ReportError, build
    from cleaner.io.writer import atomic_write_text

    if samples < 0:
        raise fail("--samples must be >= 0")
    try:
        page, got = build(run_dir, inputs=inputs, samples=samples,
                          warn=lambda m: err.print(f"[yellow]warning:[/] {m}",
                                                   highlight=False, soft_wrap=True))
    except ReportError as exc:
        raise fail(str(exc)) from None
    target = output or run_dir / "report.html"
    atomic_write_text(target, page)
    out.print(f"wrote {target} ({len(got.docs)} sample documents, {_size(len(page))})",
              highlight=False, soft_wrap=True)


def _size(n: int) -> str:
    """Bytes for people: 812 bytes, 41.3 KB, 2.5 MB."""
    if n < 1000:
        return f"{n} bytes"
    return f"{n / 1e3:.1f} KB" if n < 1_000_000 else f"{n / 1e6:.1f} MB"
