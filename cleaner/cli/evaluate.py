"""`cleaner eval`: score cleaning against gold texts, or against synthetic damage."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cleaner.cli.console import fail, out, print_json
from cleaner.cli.options import ConfigOpt, IgnoreOpt, SelectOpt, SetOpt, configure
from cleaner.config import ConfigError

RawArg = Annotated[Path | None, typer.Argument(help="Raw documents.")]
GoldArg = Annotated[Path | None, typer.Argument(help="Gold texts with the same stems.")]
SyntheticOpt = Annotated[
    Path | None, typer.Option("--synthetic", help="Damage clean texts and score per class.")
]
AblationOpt = Annotated[bool, typer.Option("--ablation", help="Score with each rule off.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print results as JSON.")]


def evaluate(
    raw: RawArg = None,
    gold: GoldArg = None,
    synthetic: SyntheticOpt = None,
    ablation: AblationOpt = False,
    config_path: ConfigOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    sets: SetOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Score cleaning against gold: CER and error reduction per document and overall."""
    from cleaner import evaluate as ev

    try:
        cfg = configure(config_path, select, ignore, sets)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    if synthetic is not None:
        result = ev.synthetic_eval(cfg, synthetic)
    elif raw is not None and gold is not None:
        if not raw.exists() or not gold.exists():
            raise fail(f"not found: {raw if not raw.exists() else gold}")
        result = ev.gold_eval(cfg, raw, gold, ablation=ablation)
    else:
        raise fail("give RAW and GOLD, or --synthetic CLEAN_DIR")
    if as_json:
        print_json(result)
    else:
        ev.print_result(result, out)
