"""`cleaner rules`: list, show, scaffold (new), test and document (docs) the rules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cleaner.cli.console import EXIT_QUARANTINE, err, fail, out

if TYPE_CHECKING:
    from cleaner.authoring.scaffold import ExampleResult

app = typer.Typer(help="List and inspect the rules.", no_args_is_help=True)

NameArg = Annotated[str, typer.Argument(help="Rule name: lowercase words and hyphens.")]
StageOpt = Annotated[
    str, typer.Option("--stage", help="Stage name (spacing, tidy, …) or its code letter.")
]
CodeOpt = Annotated[
    str | None, typer.Option("--code", help="Rule code (default: next free for the stage).")
]
RulesDirOpt = Annotated[
    Path | None,
    typer.Option("--dir", help="Rules folder (default: ./rules, else the installed one)."),
]
WhichArg = Annotated[
    str | None, typer.Argument(help="Rule code, code prefix or name (default: all rules).")
]
FailuresOpt = Annotated[bool, typer.Option("--failures", help="Print only failing examples.")]
DocsOutputOpt = Annotated[
    Path, typer.Option("--output", "-o", help="Where to write ('-' for stdout).")
]
CheckOpt = Annotated[
    bool, typer.Option("--check", help="Write nothing; exit 1 if the file is out of date.")
]


@app.command("list")
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


@app.command("show")
def rules_show(code: str) -> None:
    """Show one rule: rationale, options and examples."""
    from cleaner.registry import all_rules

    rule = all_rules().get(code)
    if rule is None:
        raise fail(f"no rule with code {code!r}")
    out.print(f"[bold]{rule.code} {rule.name}[/] (stage {rule.stage.label})")
    out.print(rule.summary)
    out.print(f"\n{rule.rationale}")
    for opt in rule.options:
        choices = f" one of {', '.join(map(str, opt.choices))}" if opt.choices else ""
        out.print(f"  {rule.stage.label}.{opt.name} = {opt.default!r}{choices}: {opt.help}")
    for ex in rule.examples:
        out.print(f"  before: {ex.before!r}\n  after:  {ex.expected!r}")


@app.command("new")
def rules_new(
    name: NameArg, stage: StageOpt, code: CodeOpt = None, rules_dir: RulesDirOpt = None
) -> None:
    """Scaffold rules/STAGE/NAME.py: a registered rule with a failing example to fill in."""
    from cleaner.authoring.scaffold import ScaffoldError, installed_rules_dir, parse_stage, scaffold

    try:
        made = scaffold(name, parse_stage(stage), code=code, rules_dir=rules_dir)
    except ScaffoldError as exc:
        raise fail(str(exc)) from None
    shown = _from_here(made.path)
    out.print(f"created {shown}: [bold]{made.code} {made.name}[/] "
              f"(class {made.class_name}, stage {made.stage.label})",
              highlight=False, soft_wrap=True)
    if made.path.parent.resolve() != installed_rules_dir():
        err.print(f"[yellow]warning:[/] the installed cleaner loads rules from "
                  f"{installed_rules_dir()}; run `pip install -e .` in this checkout so the "
                  "new rule is picked up", highlight=False, soft_wrap=True)
    out.print(_next_steps(shown, made.code), highlight=False, markup=False, soft_wrap=True)


def _from_here(path: Path) -> Path:
    """`path` relative to the working directory when it is below it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _next_steps(shown: Path, code: str) -> str:
    """What to do after `rules new`, in order, with the commands to run."""
    return (
        "next steps:\n"
        f"  1. edit {shown}: summary, rationale, examples (damaged → fixed, and\n"
        "     look-alikes that must stay unchanged), then gate() and apply()\n"
        f"  2. cleaner rules test {code}        (its first example fails until then)\n"
        "  3. cleaner eval cleaner/sample/raw cleaner/sample/clean --ablation\n"
        "     cleaner eval --synthetic cleaner/sample/clean\n"
        "  4. cleaner rules docs                 (regenerates docs/rules.md)\n"
        "  5. a CHANGELOG.md entry; if the sample output changed, a new sample release\n"
        "  see CONTRIBUTING.md"
    )


@app.command("test")
def rules_test(code: WhichArg = None, failures_only: FailuresOpt = False) -> None:
    """Run rule examples: PASS/FAIL per example, a diff for each failure; exit 1 on failure."""
    from cleaner.authoring.scaffold import check_rules
    from cleaner.registry import all_rules

    rules = list(all_rules().values())
    if code is not None:
        rules = [r for r in rules if r.code == code.upper() or r.name == code
                 or r.code.startswith(code.upper())]
        if not rules:
            raise fail(f"no rule matches {code!r}")
    results = check_rules(rules)
    for res in results:
        _print_result(res, failures_only)
    failed = sum(not r.passed for r in results)
    summary = f"{len(results) - failed} passed, {failed} failed ({len(rules)} rules)"
    out.print(f"[bold red]{summary}[/]" if failed else f"[green]{summary}[/]")
    if failed:
        raise typer.Exit(EXIT_QUARANTINE)


def _print_result(res: ExampleResult, failures_only: bool) -> None:
    """PASS and a preview of the input, or FAIL, the problem and a diff of the output."""
    from rich.markup import escape

    from cleaner.authoring.scaffold import text_diff

    if res.passed:
        if not failures_only:
            preview = res.example.before.replace("\n", "↵")
            preview = preview if len(preview) <= 40 else preview[:39] + "…"
            out.print(f"[green]PASS[/] {res.label}  [dim]{escape(preview)}[/]",
                      highlight=False, soft_wrap=True)
        return
    out.print(f"[bold red]FAIL[/] {res.label}  {escape(res.problem)}",
              highlight=False, soft_wrap=True)
    for line in text_diff(res.expected, res.got) if res.problem == "output differs" else []:
        style = "red" if line.startswith("-") else "green" if line.startswith("+") else "dim"
        out.print(f"    {escape(line)}", style=style, highlight=False, soft_wrap=True)


@app.command("docs")
def rules_docs(
    output: DocsOutputOpt = Path("docs/rules.md"), check_only: CheckOpt = False
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
