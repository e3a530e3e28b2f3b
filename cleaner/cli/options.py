"""Options several commands share, and how they are laid over the config file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cleaner.config import Config, load, parse_set

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
TextFieldOpt = Annotated[
    str | None, typer.Option("--text-field", help="Text field in JSON/Parquet input.")
]
DistOpt = Annotated[Path, typer.Option("--dist", help="Releases folder.")]
NameArg = Annotated[str, typer.Argument(help="Dataset name under --dist.")]
RunDirArg = Annotated[Path, typer.Argument(help="A `cleaner run` output folder.")]


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


def configure(
    config_path: Path | None,
    select: list[str] | None,
    ignore: list[str] | None,
    sets: list[str] | None,
    text_field: str | None = None,
    workers: int | None = None,
    recorded: dict[str, Any] | None = None,
    validate: bool = True,
) -> Config:
    """The config file, then (for `check`) what a release `recorded`, then the flags;
    checked against the rules unless `validate` is false (the caller then calls
    `Config.validate`, which imports every rule)."""
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
    return cfg.validate() if validate else cfg
