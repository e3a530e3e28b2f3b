"""`cleaner run`: clean inputs into Parquet shards, a report and a quarantine file."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cleaner.cli.console import (
    EXIT_INTERRUPTED,
    EXIT_QUARANTINE,
    EXIT_WRITE,
    err,
    fail,
    out,
    print_json,
)
from cleaner.cli.options import ConfigOpt, IgnoreOpt, SelectOpt, SetOpt, TextFieldOpt, configure
from cleaner.cli.progress import with_log_lines, with_spinner
from cleaner.config import Config, ConfigError
from cleaner.workers import count as count_workers
from cleaner.workers import start_server

if TYPE_CHECKING:
    from cleaner.run import RunResult

InputsArg = Annotated[
    list[Path] | None, typer.Argument(help="Files or folders (default: the sample).")
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Output folder.")]
WorkersOpt = Annotated[
    int | None, typer.Option("--workers", "-w", help="Processes (default: all cores).")
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit 1 when anything was quarantined.")]
KeepDroppedOpt = Annotated[
    bool, typer.Option("--keep-dropped",
                       help="Write what filters dropped to OUT/dropped/ (Parquet, with "
                            "dropped_by and duplicate_of).")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
ResumeOpt = Annotated[
    bool, typer.Option("--resume", help="Continue an interrupted run into the same -o.")
]
EngineOpt = Annotated[
    str, typer.Option("--engine", help="local (processes) or ray (Ray Data cluster).")
]
RayAddressOpt = Annotated[
    str | None, typer.Option("--ray-address", help="Ray cluster address (default: local).")
]
ProgressOpt = Annotated[
    bool | None,
    typer.Option("--progress/--no-progress",
                 help="Progress on stderr (default: on a terminal, unless -q or --json); "
                      "without a terminal, a line every 10 s."),
]


def run(
    inputs: InputsArg = None,
    output: OutputOpt = None,
    workers: WorkersOpt = None,
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    sets: SetOpt = None,
    text_field: TextFieldOpt = None,
    strict: StrictOpt = False,
    keep_dropped: KeepDroppedOpt = False,
    quiet: QuietOpt = False,
    as_json: JsonOpt = False,
    resume: ResumeOpt = False,
    engine: EngineOpt = "local",
    ray_address: RayAddressOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Clean INPUTS (files or folders) into Parquet shards, a report and a quarantine file."""
    try:
        cfg = configure(config_path, select, ignore, sets, text_field, workers, validate=False)
        if engine == "local":  # the fork server warms up while the rules are imported here
            start_server(count_workers(cfg.workers))
        cfg.validate()
    except ConfigError as exc:
        raise fail(str(exc)) from None
    cfg.keep_dropped = cfg.keep_dropped or keep_dropped
    paths, demo = _inputs(cfg, inputs)
    out_dir = _output_dir(cfg, paths, output)
    run_pipeline = _executor(engine, ray_address)
    show = progress if progress is not None else not (quiet or as_json)
    result = _execute(run_pipeline, cfg, out_dir, paths, show=show, resume=resume)
    if as_json:
        print_json(result.report)
    elif not quiet:
        _print_summary(result, demo)
    if cfg.strict or strict:
        _exit_if_strict_fails(result)


def _inputs(cfg: Config, inputs: list[Path] | None) -> tuple[list[Path], bool]:
    """The paths to clean, and whether they are the bundled sample (no inputs, no config)."""
    from cleaner.config import sample_corpus

    paths = list(inputs) if inputs else [cfg.resolve(p) for p in cfg.inputs]
    demo = not paths and cfg.source is None
    if demo:  # no inputs and no config at all: the bundled sample, and the summary says so
        paths = [sample_corpus()]
        cfg.dataset = cfg.dataset or "sample"
    elif not paths:
        raise fail(f"no inputs: give INPUTS or set `inputs` in {cfg.source}")
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise fail(f"input not found: {p}")
    return paths, demo


def _output_dir(cfg: Config, paths: list[Path], output: Path | None) -> Path:
    """-o, else the config's `output`, else dist_data/DATASET/unreleased."""
    dataset = cfg.dataset or paths[0].resolve().name.split(".")[0] or "dataset"
    if output is None and not cfg.output and (
        Path(dataset).name != dataset or dataset.startswith(".") or "\\" in dataset
    ):  # it names a folder under dist_data/: never a path that leads out of it
        raise fail(f"dataset must be a plain name, not a path: {dataset!r}")
    out_dir = output or (cfg.resolve(cfg.output) if cfg.output else None)
    if out_dir is None:
        out_dir = Path("dist_data") / dataset / "unreleased"
    return out_dir


def _executor(engine: str, ray_address: str | None) -> Callable[..., RunResult]:
    """The function that runs the pipeline over the inputs: local processes or Ray."""
    from cleaner.run import run as run_pipeline

    if engine not in ("local", "ray"):
        raise fail(f"--engine must be local or ray, got {engine!r}")
    return partial(run_pipeline, engine=engine, ray_address=ray_address)


def _execute(
    run_pipeline: Callable[..., RunResult], cfg: Config, out_dir: Path, paths: list[Path], *,
    show: bool, resume: bool,
) -> RunResult:
    """Run with the progress display asked for; failures become messages and exit codes."""
    from cleaner.run import RunError

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        if show and not sys.stderr.isatty():  # CI logs: a plain line every 10 s
            return with_log_lines(run_pipeline, cfg, out_dir, paths, resume)
        return with_spinner(run_pipeline, cfg, out_dir, paths, not show, resume)
    except RunError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        err.print(f"interrupted: finished batches are kept; continue with "
                  f"`cleaner run ... -o {out_dir} --resume`", highlight=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as exc:  # inputs never raise (quarantined): the output could not be written
        raise _write_failed(exc, out_dir) from None


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends a run like Ctrl-C: workers stop, finished batches stay for --resume."""
    raise KeyboardInterrupt


def _write_failed(exc: OSError, out_dir: Path) -> typer.Exit:
    """Say why the output could not be written, and that earlier output is untouched."""
    where = f" ({exc.filename})" if exc.filename else ""
    reason = " ".join(str(exc.strerror or exc).split())
    err.print(f"[bold red]error:[/] cannot write to {out_dir}: {reason}{where}; this run "
              "finished no output there (earlier output is untouched); fix it and rerun "
              "with --resume", highlight=False, soft_wrap=True)
    return typer.Exit(EXIT_WRITE)


def _exit_if_strict_fails(result: RunResult) -> None:
    reason = _strict_failure(result)
    if reason:
        err.print(f"strict: {reason}", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_QUARANTINE)


def _strict_failure(result: RunResult) -> str | None:
    """Why a `--strict` run fails, in one line, or None: quarantines, or nothing read."""
    docs = result.report["documents"]
    if result.quarantined:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(docs["quarantined"].items()))
        return (f"{sum(result.quarantined.values())} input(s) quarantined ({reasons}); "
                f"see {result.out_dir / 'quarantine.jsonl'}")
    if docs["read"] == 0:
        skipped = result.report.get("skipped_files", {})
        detail = ", ".join(f"{n} {ext}" for ext, n in sorted(skipped.items()))
        return "no documents read" + (f" (unsupported files skipped: {detail})" if detail else "")
    return None


def _print_summary(result: RunResult, demo: bool) -> None:
    """The totals, the rules that changed most documents, and where the leftovers went."""
    rep = result.report
    out.print(_totals_table(result))
    out.print(_rules_table(rep["rules"]))
    if rep["documents"]["quarantined"]:
        out.print(f"quarantined inputs are kept in {result.out_dir / 'quarantine.jsonl'}")
    if rep.get("skipped_files"):
        skipped = ", ".join(f"{n} {ext}" for ext, n in rep["skipped_files"].items())
        out.print(f"skipped (no reader for these types): {skipped}", highlight=False)
    if demo:
        out.print("no inputs and no config file: this cleaned the bundled sample corpus "
                  "(give INPUTS to clean your own)", highlight=False)


def _totals_table(result: RunResult) -> Table:
    rep = result.report
    docs = rep["documents"]
    table = Table(title=f"cleaner run → {result.out_dir}", show_header=False)
    table.add_row("documents read", f"{docs['read']:,}")
    table.add_row("written", f"{docs['written']:,}")
    for name, n in docs["dropped"].items():
        table.add_row(f"dropped: {name}", f"{n:,}")
    for name, n in docs["quarantined"].items():
        table.add_row(f"quarantined: {name}", f"{n:,}", style="yellow")
    table.add_row("characters before → after",
                  f"{rep['characters']['before']:,} → {rep['characters']['after']:,}")
    table.add_row("seconds", f"{rep['timings']['seconds']}")
    return table


def _rules_table(stats: dict[str, dict[str, int]]) -> Table:
    """The eight rules that changed most documents (rules that changed none are left out)."""
    top = sorted(stats.items(), key=lambda kv: -kv[1]["docs_changed"])[:8]
    rules = Table(title="top rules by documents changed")
    for col in ("rule", "docs", "+chars", "-chars"):
        rules.add_column(col, justify="right" if col != "rule" else "left")
    for code, s in top:
        if s["docs_changed"]:
            rules.add_row(code, f"{s['docs_changed']:,}", f"{s['chars_added']:,}",
                          f"{s['chars_removed']:,}")
    return rules
