"""`cleaner publish` (a run into a release), `push` (a release to the Hub) and `check`
(would the current rules change the latest release?)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from cleaner.cli.console import EXIT_PUSH, EXIT_QUARANTINE, fail, out
from cleaner.cli.options import (
    ConfigOpt,
    DistOpt,
    IgnoreOpt,
    NameArg,
    RunDirArg,
    SelectOpt,
    SetOpt,
    configure,
)
from cleaner.config import ConfigError, load

DatasetNameOpt = Annotated[
    str, typer.Option("--name", help="Dataset name (folder under --dist).")
]
VersionOpt = Annotated[str | None, typer.Option("--version", help="Release version X.Y.Z.")]
BumpOpt = Annotated[
    str | None, typer.Option("--bump", help="major, minor or patch of the latest release.")
]
LicenseOpt = Annotated[
    str | None, typer.Option("--license", help="SPDX-style license id for the card.")
]
ShardMbOpt = Annotated[int | None, typer.Option("--shard-mb", help="Uncompressed MB per shard.")]
PushToOpt = Annotated[
    str | None, typer.Option("--push", help="Also upload to the Hub as ORG/NAME.")
]
AllowEmptyOpt = Annotated[
    bool, typer.Option("--allow-empty", help="Release a run that wrote no document.")
]
VersionArg = Annotated[str, typer.Argument(help="Release version X.Y.Z.")]
RepoOpt = Annotated[str, typer.Option("--repo", help="Hub dataset repo ORG/NAME.")]
CheckInputsArg = Annotated[
    list[Path] | None, typer.Argument(help="Inputs (default: config, then the release's).")
]


def publish(
    run_dir: RunDirArg,
    name: DatasetNameOpt,
    version: VersionOpt = None,
    bump: BumpOpt = None,
    dist: DistOpt = Path("dist_data"),
    license: LicenseOpt = None,
    shard_mb: ShardMbOpt = None,
    push_to: PushToOpt = None,
    allow_empty: AllowEmptyOpt = False,
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
        raise fail(str(exc), EXIT_PUSH) from None
    except (PublishError, ConfigError) as exc:
        raise fail(str(exc)) from None
    out.print(f"released {release}")
    if push_to:
        _push(release, push_to, f"cleaner push {name} {release.name[1:]} --repo {push_to}")


def push_release(
    name: NameArg, version: VersionArg, repo: RepoOpt, dist: DistOpt = Path("dist_data")
) -> None:
    """Upload an existing release to the Hub (again): files already there are not resent."""
    from cleaner.publish import PublishError, PushError, Version, preflight

    try:
        release = dist / name / f"v{Version.parse(version)}"
        if not (release / "manifest.json").is_file():
            raise PublishError(f"no release {release}")
        preflight(repo)
    except PushError as exc:
        raise fail(str(exc), EXIT_PUSH) from None
    except PublishError as exc:
        raise fail(str(exc)) from None
    _push(release, repo, f"cleaner push {name} {version} --repo {repo}")


def _push(release: Path, repo: str, retry: str) -> None:
    from cleaner.publish import PushError, push

    try:
        url = push(release, repo)
    except PushError as exc:
        raise fail(f"{exc}; the release is kept locally, retry with `{retry}`",
                   EXIT_PUSH) from None
    out.print(f"pushed {release.name} to {repo}: {url}", highlight=False)


def check(
    name: NameArg,
    inputs: CheckInputsArg = None,
    dist: DistOpt = Path("dist_data"),
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    sets: SetOpt = None,
) -> None:
    """Re-run the inputs with the current rules; exit 1 if the latest release would change."""
    import tempfile

    from cleaner.publish import PublishError, compare, latest
    from cleaner.run import run as run_pipeline

    try:
        ver, release = latest(dist, name)
        manifest = json.loads((release / "manifest.json").read_text("utf-8"))
        # The selection, options and text field the release was made with, not today's
        # defaults: a release made with `--set spacing.cjk_latin=add` is checked with it.
        cfg = configure(config_path, select, ignore, sets,
                        recorded=manifest.get("config", {}))
    except (ConfigError, PublishError) as exc:
        raise fail(str(exc)) from None
    paths = list(inputs) if inputs else _recorded_paths(release, manifest)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"{len(missing)} input(s) of {name} v{ver} not found: {', '.join(missing)} "
                   "(pass the inputs as arguments)")
    with tempfile.TemporaryDirectory() as tmp:
        run_pipeline(cfg, Path(tmp), paths)
        result = compare(release, Path(tmp))
    _print_comparison(f"{name} v{ver}", manifest, result)


def _recorded_paths(release: Path, manifest: dict[str, Any]) -> list[Path]:
    """The inputs the release was made from, the bundled sample by its marker."""
    from cleaner.config import SAMPLE, sample_corpus
    from cleaner.publish import recorded_inputs

    return [sample_corpus() if i == SAMPLE else Path(i)
            for i in recorded_inputs(release, manifest)]


def _print_comparison(title: str, manifest: dict[str, Any], result: dict[str, Any]) -> None:
    """Up to date (exit 0), or what would change (exit 1): documents, rules, ruleset."""
    from cleaner.publish import describe_rule

    if result["identical"]:
        out.print(f"{title}: up to date ({manifest['documents']:,} documents)")
        if result["rules"]:  # same data, different work: worth knowing, not a failure
            out.print("  the documents are identical; rule counts differ:")
            for r in result["rules"]:
                out.print(f"  {describe_rule(r)}", highlight=False)
        return
    out.print(f"[bold yellow]{title} would change:[/]")
    for key in ("documents_added", "documents_removed", "documents_changed"):
        ids = result[key]
        sample = ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")
        out.print(f"  {key.replace('_', ' ')}: {len(ids)}" + (f" ({sample})" if ids else ""))
    for r in result["rules"]:
        out.print(f"  {describe_rule(r)}", highlight=False)
    if result["ruleset_changed"]:
        out.print("  the ruleset fingerprint differs (rule code, data files or options changed)")
    raise typer.Exit(EXIT_QUARANTINE)
