"""`cleaner report`: one self-contained HTML page about a run, for people rather than tools.

`sampling.collect` gathers what the page shows beyond report.json (a re-cleaned sample of
documents, length and script histograms); `render` lays it out in the page of
templates/report.html with the charts of `charts`; `build` does both for a run folder.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cleaner.inspect.charts import bar_chart, esc, length_chart
from cleaner.inspect.explain import show_invisible
from cleaner.inspect.report_template import CSS, JS, PAGE
from cleaner.inspect.sampling import DISPLAY_CHARS, SAMPLES, Collected, collect

__all__ = ["ReportError", "build", "collect", "render"]


class ReportError(ValueError):
    """The run folder cannot be reported on; the message says why."""


def _cards(report: dict[str, Any]) -> str:
    docs = report.get("documents", {})
    chars = report.get("characters", {})
    before, after = chars.get("before", 0), chars.get("after", 0)
    change = f"{(after - before) / before:+.1%}" if before else "–"
    cards = [
        ("documents read", f"{docs.get('read', 0):,}"),
        ("written", f"{docs.get('written', 0):,}"),
        ("dropped", f"{sum(docs.get('dropped', {}).values()):,}"),
        ("quarantined", f"{sum(docs.get('quarantined', {}).values()):,}"),
        ("characters before", f"{before:,}"),
        ("characters after", f"{after:,} ({change})"),
        ("rules changed ≥ 1 document",
         f"{sum(1 for r in report.get('rules', {}).values() if r.get('docs_changed'))}"
         f" of {len(report.get('rules', {}))}"),
    ]
    return "".join(f'<div class="card"><div class="n">{esc(n)}</div>'
                   f'<div class="l">{esc(label)}</div></div>' for label, n in cards)


def _run_table(report: dict[str, Any]) -> str:
    versions = report.get("versions", {})
    timings = report.get("timings", {})
    rows = [
        ("inputs", ", ".join(report.get("inputs", []))),
        ("cleaner", versions.get("cleaner", "")),
        ("ruleset", versions.get("ruleset", "")),
        ("pyarrow", versions.get("pyarrow", "")),
        ("config hash", report.get("config_hash", "")),
        ("options", json.dumps(report.get("config", {}).get("options", {}), ensure_ascii=False,
                               sort_keys=True)),
        ("seconds", timings.get("seconds", "")),
        ("documents per second", timings.get("docs_per_second", "")),
        ("workers", timings.get("workers", "")),
    ]
    return '<table class="kv">' + "".join(
        f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in rows) + "</table>"


def _op(tag: str, text: str) -> list[str]:
    """[kind, text], plus a visible label for a change made only of invisible characters."""
    kind = {"equal": "=", "delete": "-", "insert": "+"}[tag]
    if kind != "=" and all(ch.isspace() or not ch.isprintable() for ch in text):
        return [kind, text, show_invisible(text)]
    return [kind, text]


def _json_for_script(data: Any) -> str:
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render(run_dir: Path, report: dict[str, Any], got: Collected) -> str:
    """The page; the same run folder and inputs always give the same bytes."""
    names = {step["code"]: step["name"] for step in report.get("pipeline", [])}
    dataset = report.get("config", {}).get("dataset") or run_dir.resolve().name
    versions = report.get("versions", {})
    return PAGE.substitute(
        title=esc(f"cleaner report: {dataset}"),
        subtitle=esc(f"{run_dir.as_posix()} · cleaner {versions.get('cleaner', '')} · "
                     f"ruleset {versions.get('ruleset', '')}"),
        warnings="".join(f'<div class="warn">{esc(w)}</div>' for w in got.warnings),
        css=CSS,
        js=JS,
        cards=_cards(report),
        rule_chart=bar_chart(_rule_rows(report, names), "rule-chart"),
        length_chart=length_chart(got.lengths_before, got.lengths_after),
        length_note=esc("Characters per document; bins grow roughly ×2. Before: every document "
                        f"read ({got.read:,}); after: every document written "
                        f"({sum(got.lengths_after):,})."),
        script_chart=bar_chart([(k, v, f"{k}: {v:,}") for k, v in sorted(got.scripts.items())],
                               "script-chart"),
        drop_chart=bar_chart(_drop_rows(report), "drop-chart"),
        options=_rule_options(report, names, got),
        n_docs=len(got.docs),
        sample_note=esc(_sample_note(got)),
        run_table=_run_table(report),
        data=_json_for_script(_page_data(got)),
    )


def _rule_rows(report: dict[str, Any], names: dict[str, str]) -> list[tuple[str, int, str]]:
    """Bars of the rule chart: documents changed per rule, characters in the tooltip."""
    return [
        (f"{code} {names.get(code, '')}".strip(), s.get("docs_changed", 0),
         f"{code}: {s.get('docs_changed', 0):,} documents, +{s.get('chars_added', 0):,} "
         f"−{s.get('chars_removed', 0):,} characters")
        for code, s in report.get("rules", {}).items()
    ]


def _drop_rows(report: dict[str, Any]) -> list[tuple[str, int, str]]:
    """Bars of the drop chart: documents dropped per filter, then quarantined per reason."""
    docs = report.get("documents", {})
    rows = [(f"dropped: {k}", v, f"dropped by {k}: {v:,}")
            for k, v in docs.get("dropped", {}).items()]
    rows += [(f"quarantined: {k}", v, f"quarantined ({k}): {v:,}")
             for k, v in docs.get("quarantined", {}).items()]
    return rows


def _rule_options(report: dict[str, Any], names: dict[str, str], got: Collected) -> str:
    """The document browser's rule filter, with how many sampled documents each rule changed."""
    in_sample = Counter(code for d in got.docs for code, *_ in d.rules)
    options = [f'<option value="">all documents ({len(got.docs)})</option>']
    for code in report.get("rules", {}):
        options.append(f'<option value="{esc(code)}">{esc(code)} {esc(names.get(code, ""))}'
                       f" ({in_sample.get(code, 0)})</option>")
    return "".join(options)


def _sample_note(got: Collected) -> str:
    if got.read == 0:
        return "No documents: the inputs could not be re-read."
    return (
        f"{len(got.docs)} of {got.read:,} documents, chosen by a hash of their id "
        "(deterministic). Deletions are struck through in red on the left, insertions "
        "green on the right; the chips name the rules that changed the document."
    )


def _page_data(got: Collected) -> dict[str, Any]:
    """What the page's script draws the document browser from."""
    return {
        "display_chars": DISPLAY_CHARS,
        "docs": [
            {
                "source": d.source,
                "id": d.id,
                "before_len": d.before_len,
                "after_len": d.after_len,
                "status": d.status,
                "truncated": d.truncated,
                "rules": [list(r) for r in d.rules],
                "ops": [_op(t, s) for t, s in d.ops],
            }
            for d in got.docs
        ],
    }


def build(
    run_dir: Path,
    inputs: Sequence[Path] | None = None,
    samples: int = SAMPLES,
    warn: Callable[[str], None] | None = None,
) -> tuple[str, Collected]:
    """Read RUN_DIR/report.json, collect samples and return the page and what was collected."""
    path = run_dir / "report.json"
    if not path.is_file():
        raise ReportError(f"{run_dir} has no report.json (is it a `cleaner run` output?)")
    try:
        report = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}: not valid JSON ({exc})") from None
    got = collect(run_dir, report, inputs, samples)
    for message in got.warnings:
        if warn:
            warn(message)
    return render(run_dir, report, got), got
