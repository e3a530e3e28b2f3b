"""Command line: `cleaner run`, `eval`, `rules`, `publish` and `check`."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

from cleaner import __version__
from cleaner.config import Config, ConfigError, load, parse_set

if TYPE_CHECKING:
    from cleaner.run import RunResult

app = typer.Typer(
    help="Clean messy Chinese text corpora into versioned Parquet datasets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
rules_app = typer.Typer(help="List and inspect the rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

err = Console(stderr=True)
out = Console()

EXIT_OK, EXIT_QUARANTINE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_WRITE = 3  # the output could not be written (disk full, permissions)
EXIT_PUSH = 4  # the Hub refused the token, the repo or the upload


class _PipeSafeStdout:
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


def entry() -> None:
    """The `cleaner` command."""
    sys.stdout = _PipeSafeStdout(sys.stdout)  # type: ignore[assignment]
    app()


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


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


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def _configure(
    config_path: Path | None,
    select: list[str] | None,
    ignore: list[str] | None,
    sets: list[str] | None,
    text_field: str | None = None,
    workers: int | None = None,
    recorded: dict[str, Any] | None = None,
) -> Config:
    """The config file, then (for `check`) what a release `recorded`, then the flags."""
    cfg = load(config_path)
    if recorded is not None:
        cfg.select = recorded.get("select")
        cfg.ignore = list(recorded.get("ignore", []))
        cfg.options = dict(recorded.get("options", {}))
        cfg.text_field = recorded.get("text_field", cfg.text_field)
    if select:
        cfg.select = _split(select)
    if ignore:
        cfg.ignore = [*cfg.ignore, *(_split(ignore) or [])]
    cfg.options.update(parse_set(sets or []))
    if text_field:
        cfg.text_field = text_field
    if workers is not None:
        cfg.workers = workers
    return cfg.validate()


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="Config file (default: cleaner.toml or pyproject.toml)."),
]
SelectOpt = Annotated[
    list[str] | None, typer.Option("--select", help="Rule codes or prefixes to run (or ALL).")
]
IgnoreOpt = Annotated[
    list[str] | None, typer.Option("--ignore", help="Rule codes or prefixes to skip.")
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Set a rule option, e.g. --set spacing.cjk_latin=add."),
]


@app.command()
def run(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the sample).")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output folder.")] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Processes (default: all cores).")
    ] = None,
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    sets: SetOpt = None,
    text_field: Annotated[
        str | None, typer.Option("--text-field", help="Text field in JSON/Parquet input.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when anything was quarantined.")
    ] = False,
    keep_dropped: Annotated[
        bool, typer.Option("--keep-dropped",
                           help="Write what filters dropped to OUT/dropped/ (Parquet, with "
                                "dropped_by and duplicate_of).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run into the same -o.")
    ] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local (processes) or ray (Ray Data cluster).")
    ] = "local",
    ray_address: Annotated[
        str | None, typer.Option("--ray-address", help="Ray cluster address (default: local).")
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress",
                     help="Progress on stderr (default: on a terminal, unless -q or --json); "
                          "without a terminal, a line every 10 s."),
    ] = None,
) -> None:
    """Clean INPUTS (files or folders) into Parquet shards, a report and a quarantine file."""
    from cleaner.config import sample_corpus
    from cleaner.run import RunError
    from cleaner.run import run as run_pipeline

    try:
        cfg = _configure(config_path, select, ignore, sets, text_field, workers)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    cfg.keep_dropped = cfg.keep_dropped or keep_dropped
    paths = list(inputs) if inputs else [cfg.resolve(p) for p in cfg.inputs]
    demo = not paths and cfg.source is None
    if demo:  # no inputs and no config at all: the bundled sample, and the summary says so
        paths = [sample_corpus()]
        cfg.dataset = cfg.dataset or "sample"
    elif not paths:
        raise _fail(f"no inputs: give INPUTS or set `inputs` in {cfg.source}")
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise _fail(f"input not found: {p}")
    dataset = cfg.dataset or paths[0].resolve().name.split(".")[0] or "dataset"
    if output is None and not cfg.output and (
        Path(dataset).name != dataset or dataset.startswith(".") or "\\" in dataset
    ):  # it names a folder under dist_data/: never a path that leads out of it
        raise _fail(f"dataset must be a plain name, not a path: {dataset!r}")
    out_dir = output or (cfg.resolve(cfg.output) if cfg.output else None)
    if out_dir is None:
        out_dir = Path("dist_data") / dataset / "unreleased"
    if engine not in ("local", "ray"):
        raise _fail(f"--engine must be local or ray, got {engine!r}")
    run_pipeline = partial(run_pipeline, engine=engine, ray_address=ray_address)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        show = progress if progress is not None else not (quiet or as_json)
        if show and not sys.stderr.isatty():  # CI logs: a plain line every 10 s
            result = _run_with_log_progress(run_pipeline, cfg, out_dir, paths, resume)
        else:
            result = _run_with_progress(run_pipeline, cfg, out_dir, paths, not show, resume)
    except RunError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        err.print(f"interrupted: finished batches are kept; continue with "
                  f"`cleaner run ... -o {out_dir} --resume`", highlight=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as exc:  # inputs never raise (quarantined): the output could not be written
        where = f" ({exc.filename})" if exc.filename else ""
        reason = " ".join(str(exc.strerror or exc).split())
        err.print(f"[bold red]error:[/] cannot write to {out_dir}: {reason}{where}; this run "
                  "finished no output there (earlier output is untouched); fix it and rerun "
                  "with --resume", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_WRITE) from None
    if as_json:
        _print_json(result.report)
    elif not quiet:
        _print_summary(result)
        if demo:
            out.print("no inputs and no config file: this cleaned the bundled sample corpus "
                      "(give INPUTS to clean your own)", highlight=False)
    if cfg.strict or strict:
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




def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM ends a run like Ctrl-C: workers stop, finished batches stay for --resume."""
    raise KeyboardInterrupt


def _run_with_progress(
    run_pipeline: Callable[..., RunResult], cfg: Config, out_dir: Path, paths: list[Path],
    quiet: bool, resume: bool,
) -> RunResult:
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


def _print_summary(result) -> None:  # type: ignore[no-untyped-def]
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
    out.print(table)
    top = sorted(rep["rules"].items(), key=lambda kv: -kv[1]["docs_changed"])[:8]
    rules = Table(title="top rules by documents changed")
    for col in ("rule", "docs", "+chars", "-chars"):
        rules.add_column(col, justify="right" if col != "rule" else "left")
    for code, s in top:
        if s["docs_changed"]:
            rules.add_row(code, f"{s['docs_changed']:,}", f"{s['chars_added']:,}",
                          f"{s['chars_removed']:,}")
    out.print(rules)
    if docs["quarantined"]:
        out.print(f"quarantined inputs are kept in {result.out_dir / 'quarantine.jsonl'}")
    if rep.get("skipped_files"):
        skipped = ", ".join(f"{n} {ext}" for ext, n in rep["skipped_files"].items())
        out.print(f"skipped (no reader for these types): {skipped}", highlight=False)


@rules_app.command("list")
def rules_list() -> None:
    """List every rule: code, name, stage, default, summary."""
    from cleaner.registry import all_rules

    table = Table()
    for col in ("code", "name", "stage", "default", "summary"):
        table.add_column(col)
    for code, rule in all_rules().items():
        table.add_row(code, rule.name, rule.stage.label, "on" if rule.default_enabled else "off",
                      rule.summary)
    out.print(table)


@rules_app.command("show")
def rules_show(code: str) -> None:
    """Show one rule: rationale, options and examples."""
    from cleaner.registry import all_rules

    rule = all_rules().get(code)
    if rule is None:
        raise _fail(f"no rule with code {code!r}")
    out.print(f"[bold]{rule.code} {rule.name}[/] (stage {rule.stage.label})")
    out.print(rule.summary)
    out.print(f"\n{rule.rationale}")
    for opt in rule.options:
        choices = f" one of {', '.join(map(str, opt.choices))}" if opt.choices else ""
        out.print(f"  {rule.stage.label}.{opt.name} = {opt.default!r}{choices}: {opt.help}")
    for ex in rule.examples:
        out.print(f"  before: {ex.before!r}\n  after:  {ex.expected!r}")


@app.command("eval")
def evaluate(
    raw: Annotated[Path | None, typer.Argument(help="Raw documents.")] = None,
    gold: Annotated[Path | None, typer.Argument(help="Gold texts with the same stems.")] = None,
    synthetic: Annotated[
        Path | None, typer.Option("--synthetic", help="Damage clean texts and score per class.")
    ] = None,
    ablation: Annotated[bool, typer.Option("--ablation", help="Score with each rule off.")] = False,
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    sets: SetOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results as JSON.")] = False,
) -> None:
    """Score cleaning against gold: CER and error reduction per document and overall."""
    from cleaner import evaluate as ev

    try:
        cfg = _configure(config_path, select, ignore, sets)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    if synthetic is not None:
        result = ev.synthetic_eval(cfg, synthetic)
    elif raw is not None and gold is not None:
        if not raw.exists() or not gold.exists():
            raise _fail(f"not found: {raw if not raw.exists() else gold}")
        result = ev.gold_eval(cfg, raw, gold, ablation=ablation)
    else:
        raise _fail("give RAW and GOLD, or --synthetic CLEAN_DIR")
    if as_json:
        _print_json(result)
    else:
        ev.print_result(result, out)


@app.command()
def publish(
    run_dir: Annotated[Path, typer.Argument(help="A `cleaner run` output folder.")],
    name: Annotated[str, typer.Option("--name", help="Dataset name (folder under --dist).")],
    version: Annotated[
        str | None, typer.Option("--version", help="Release version X.Y.Z.")
    ] = None,
    bump: Annotated[
        str | None, typer.Option("--bump", help="major, minor or patch of the latest release.")
    ] = None,
    dist: Annotated[Path, typer.Option("--dist", help="Releases folder.")] = Path("dist_data"),
    license: Annotated[
        str | None, typer.Option("--license", help="SPDX-style license id for the card.")
    ] = None,
    shard_mb: Annotated[
        int | None, typer.Option("--shard-mb", help="Uncompressed MB per shard.")
    ] = None,
    push_to: Annotated[
        str | None, typer.Option("--push", help="Also upload to the Hub as ORG/NAME.")
    ] = None,
    allow_empty: Annotated[
        bool, typer.Option("--allow-empty", help="Release a run that wrote no document.")
    ] = False,
    config_path: ConfigOpt = None,
) -> None:
    """Turn a run into an immutable release DIST/NAME/vX.Y.Z with a data card and changelog."""
    from cleaner.publish import PublishError, PushError, preflight
    from cleaner.publish import publish as make_release

    try:
        cfg = load(config_path)
        if push_to:  # token and repo first: a release written before a refused push is stuck
            preflight(push_to)
        release = make_release(
            run_dir, name, version=version, bump=bump, dist=dist,
            license=license or cfg.license, pretty_name=cfg.pretty_name,
            repo=push_to or cfg.repo, shard_mb=shard_mb or cfg.shard_mb,
            row_group_mb=cfg.row_group_mb, allow_empty=allow_empty,
        )
    except PushError as exc:
        raise _fail(str(exc), EXIT_PUSH) from None
    except (PublishError, ConfigError) as exc:
        raise _fail(str(exc)) from None
    out.print(f"released {release}")
    if push_to:
        _push(release, push_to, f"cleaner push {name} {release.name[1:]} --repo {push_to}")


def _push(release: Path, repo: str, retry: str) -> None:
    from cleaner.publish import PushError, push

    try:
        url = push(release, repo)
    except PushError as exc:
        raise _fail(f"{exc}; the release is kept locally, retry with `{retry}`",
                    EXIT_PUSH) from None
    out.print(f"pushed {release.name} to {repo}: {url}", highlight=False)


@app.command("push")
def push_release(
    name: Annotated[str, typer.Argument(help="Dataset name under --dist.")],
    version: Annotated[str, typer.Argument(help="Release version X.Y.Z.")],
    repo: Annotated[str, typer.Option("--repo", help="Hub dataset repo ORG/NAME.")],
    dist: Annotated[Path, typer.Option("--dist", help="Releases folder.")] = Path("dist_data"),
) -> None:
    """Upload an existing release to the Hub (again): files already there are not resent."""
    from cleaner.publish import PublishError, PushError, Version, preflight

    try:
        release = dist / name / f"v{Version.parse(version)}"
        if not (release / "manifest.json").is_file():
            raise PublishError(f"no release {release}")
        preflight(repo)
    except PushError as exc:
        raise _fail(str(exc), EXIT_PUSH) from None
    except PublishError as exc:
        raise _fail(str(exc)) from None
    _push(release, repo, f"cleaner push {name} {version} --repo {repo}")


@app.command()
def check(
    name: Annotated[str, typer.Argument(help="Dataset name under --dist.")],
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Inputs (default: config, then the release's).")
    ] = None,
    dist: Annotated[Path, typer.Option("--dist", help="Releases folder.")] = Path("dist_data"),
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    sets: SetOpt = None,
) -> None:
    """Re-run the inputs with the current rules; exit 1 if the latest release would change."""
    import tempfile

    from cleaner.config import SAMPLE, sample_corpus
    from cleaner.publish import PublishError, compare, latest, recorded_inputs
    from cleaner.run import run as run_pipeline

    try:
        ver, release = latest(dist, name)
        manifest = json.loads((release / "manifest.json").read_text("utf-8"))
        # The selection, options and text field the release was made with, not today's
        # defaults: a release made with `--set spacing.cjk_latin=add` is checked with it.
        cfg = _configure(config_path, select, ignore, sets,
                         recorded=manifest.get("config", {}))
    except (ConfigError, PublishError) as exc:
        raise _fail(str(exc)) from None
    recorded = [sample_corpus() if i == SAMPLE else Path(i)
                for i in recorded_inputs(release, manifest)]
    paths = list(inputs) if inputs else recorded
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise _fail(f"{len(missing)} input(s) of {name} v{ver} not found: {', '.join(missing)} "
                    "(pass the inputs as arguments)")
    with tempfile.TemporaryDirectory() as tmp:
        run_pipeline(cfg, Path(tmp), paths)
        result = compare(release, Path(tmp))
    from cleaner.publish import describe_rule

    if result["identical"]:
        out.print(f"{name} v{ver}: up to date ({manifest['documents']:,} documents)")
        if result["rules"]:  # same data, different work: worth knowing, not a failure
            out.print("  the documents are identical; rule counts differ:")
            for r in result["rules"]:
                out.print(f"  {describe_rule(r)}", highlight=False)
        return
    out.print(f"[bold yellow]{name} v{ver} would change:[/]")
    for key in ("documents_added", "documents_removed", "documents_changed"):
        ids = result[key]
        sample = ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")
        out.print(f"  {key.replace('_', ' ')}: {len(ids)}" + (f" ({sample})" if ids else ""))
    for r in result["rules"]:
        out.print(f"  {describe_rule(r)}", highlight=False)
    if result["ruleset_changed"]:
        out.print("  the ruleset fingerprint differs (rule code, data files or options changed)")
    raise typer.Exit(EXIT_QUARANTINE)


def _print_json(data: object) -> None:
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


@rules_app.command("new")
def rules_new(
    name: Annotated[str, typer.Argument(help="Rule name: lowercase words and hyphens.")],
    stage: Annotated[
        str, typer.Option("--stage", help="Stage name (spacing, tidy, …) or its code letter.")
    ],
    code: Annotated[
        str | None, typer.Option("--code", help="Rule code (default: next free for the stage).")
    ] = None,
    rules_dir: Annotated[
        Path | None,
        typer.Option("--dir", help="Rules folder (default: ./rules, else the installed one)."),
    ] = None,
) -> None:
    """Scaffold rules/STAGE/NAME.py: a registered rule with a failing example to fill in."""
    from cleaner.authoring.scaffold import ScaffoldError, installed_rules_dir, parse_stage, scaffold

    try:
        made = scaffold(name, parse_stage(stage), code=code, rules_dir=rules_dir)
    except ScaffoldError as exc:
        raise _fail(str(exc)) from None
    shown = made.path
    try:
        shown = made.path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    out.print(f"created {shown}: [bold]{made.code} {made.name}[/] "
              f"(class {made.class_name}, stage {made.stage.label})",
              highlight=False, soft_wrap=True)
    if made.path.parent.resolve() != installed_rules_dir():
        err.print(f"[yellow]warning:[/] the installed cleaner loads rules from "
                  f"{installed_rules_dir()}; run `pip install -e .` in this checkout so the "
                  "new rule is picked up", highlight=False, soft_wrap=True)
    out.print(
        "next steps:\n"
        f"  1. edit {shown}: summary, rationale, examples (damaged → fixed, and\n"
        "     look-alikes that must stay unchanged), then gate() and apply()\n"
        f"  2. cleaner rules test {made.code}        (its first example fails until then)\n"
        "  3. cleaner eval cleaner/sample/raw cleaner/sample/clean --ablation\n"
        "     cleaner eval --synthetic cleaner/sample/clean\n"
        "  4. cleaner rules docs                 (regenerates docs/rules.md)\n"
        "  5. a CHANGELOG.md entry; if the sample output changed, a new sample release\n"
        "  see CONTRIBUTING.md",
        highlight=False, markup=False, soft_wrap=True,
    )


@rules_app.command("test")
def rules_test(
    code: Annotated[
        str | None, typer.Argument(help="Rule code, code prefix or name (default: all rules).")
    ] = None,
    failures_only: Annotated[
        bool, typer.Option("--failures", help="Print only failing examples.")
    ] = False,
) -> None:
    """Run rule examples: PASS/FAIL per example, a diff for each failure; exit 1 on failure."""
    from rich.markup import escape

    from cleaner.authoring.scaffold import check_rules, text_diff
    from cleaner.registry import all_rules

    rules = list(all_rules().values())
    if code is not None:
        rules = [r for r in rules if r.code == code.upper() or r.name == code
                 or r.code.startswith(code.upper())]
        if not rules:
            raise _fail(f"no rule matches {code!r}")
    results = check_rules(rules)
    for res in results:
        if res.passed:
            if not failures_only:
                preview = res.example.before.replace("\n", "↵")
                preview = preview if len(preview) <= 40 else preview[:39] + "…"
                out.print(f"[green]PASS[/] {res.label}  [dim]{escape(preview)}[/]",
                          highlight=False, soft_wrap=True)
            continue
        out.print(f"[bold red]FAIL[/] {res.label}  {escape(res.problem)}",
                  highlight=False, soft_wrap=True)
        for line in text_diff(res.expected, res.got) if res.problem == "output differs" else []:
            style = "red" if line.startswith("-") else "green" if line.startswith("+") else "dim"
            out.print(f"    {escape(line)}", style=style, highlight=False, soft_wrap=True)
    failed = sum(not r.passed for r in results)
    summary = f"{len(results) - failed} passed, {failed} failed ({len(rules)} rules)"
    out.print(f"[bold red]{summary}[/]" if failed else f"[green]{summary}[/]")
    if failed:
        raise typer.Exit(EXIT_QUARANTINE)


@rules_app.command("docs")
def rules_docs(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write ('-' for stdout).")
    ] = Path("docs/rules.md"),
    check_only: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if the file is out of date.")
    ] = False,
) -> None:
    """Generate the rule reference (docs/rules.md) from the rules' own metadata."""
    from cleaner.authoring.ruledocs import render

    text = render()
    if str(output) == "-":
        sys.stdout.write(text)
        return
    current = output.read_bytes().decode("utf-8") if output.is_file() else None
    if check_only:
        if current != text:
            err.print(f"{output} is out of date; run `cleaner rules docs -o {output}`",
                      soft_wrap=True)
            raise typer.Exit(EXIT_QUARANTINE)
        out.print(f"{output} is up to date", soft_wrap=True)
        return
    if current == text:
        out.print(f"{output} is up to date", soft_wrap=True)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(text.encode("utf-8"))
    out.print(f"wrote {output}", soft_wrap=True)


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="A file (or folder) the document is in.")],
    source: Annotated[
        str | None,
        typer.Option("--source", "-s",
                     help="Which document, e.g. posts.jsonl:3 (or just 3) in a multi-document "
                          "file."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the trace as JSON.")] = False,
    context: Annotated[
        int, typer.Option("--context", help="Unchanged characters shown around a change "
                                            "(-1: all).")
    ] = 40,
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    sets: SetOpt = None,
    text_field: Annotated[
        str | None, typer.Option("--text-field", help="Text field in JSON/Parquet input.")
    ] = None,
) -> None:
    """Run one document rule by rule and show what each rule changed."""
    from cleaner.inspect.explain import ExplainError, find_document, render, to_json, trace
    from cleaner.pipeline import PipelineSpec

    if not file.exists():
        raise _fail(f"not found: {file}")
    try:
        cfg = _configure(config_path, select, ignore, sets, text_field)
        doc = find_document(file, source, cfg.text_field)
    except (ConfigError, ExplainError) as exc:
        raise _fail(str(exc)) from None
    result = trace(PipelineSpec.from_config(cfg).build(), doc)
    if as_json:
        _print_json(to_json(result))
    else:
        render(result, out, context=context)


@app.command()
def report(
    run_dir: Annotated[Path, typer.Argument(help="A `cleaner run` output folder.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="HTML file (default: RUN_DIR/report.html)."),
    ] = None,
    samples: Annotated[
        int, typer.Option("--samples", help="Documents in the browser (chosen by id hash).")
    ] = 200,
    inputs: Annotated[
        list[Path] | None,
        typer.Option("--input", help="Inputs to re-read instead of those report.json records."),
    ] = None,
) -> None:
    """Write one self-contained HTML page: charts of the run and before/after of a sample."""
    from cleaner.inspect.report import ReportError, build
    from cleaner.io.writer import atomic_write_text

    if samples < 0:
        raise _fail("--samples must be >= 0")
    try:
        page, got = build(run_dir, inputs=inputs, samples=samples,
                          warn=lambda m: err.print(f"[yellow]warning:[/] {m}",
                                                   highlight=False, soft_wrap=True))
    except ReportError as exc:
        raise _fail(str(exc)) from None
    target = output or run_dir / "report.html"
    atomic_write_text(target, page)
    out.print(f"wrote {target} ({len(got.docs)} sample documents, {_size(len(page))})",
              highlight=False, soft_wrap=True)


def _size(n: int) -> str:
    """Bytes for people: 812 bytes, 41.3 KB, 2.5 MB."""
    if n < 1000:
        return f"{n} bytes"
    return f"{n / 1e3:.1f} KB" if n < 1_000_000 else f"{n / 1e6:.1f} MB"


def _run_with_log_progress(
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
