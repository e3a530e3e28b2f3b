"""`cleaner report`: one self-contained HTML page about a run, for people rather than tools.

A run's output holds only cleaned text, so the raw side is recovered by re-reading the
inputs recorded in `report.json` and re-running the pipeline on a sample of documents
(matched by id). Memory stays bounded: one pass keeps at most `samples` raw documents and
fixed-size histograms; shards are read in batches.
"""

from __future__ import annotations

import hashlib
import heapq
import html
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from cleaner.config import SAMPLE, sample_corpus
from cleaner.document import Document
from cleaner.inspect.explain import Op, diff_ops, show_invisible, trace
from cleaner.inspect.report_template import CSS, JS, PAGE
from cleaner.io.readers import iter_documents
from cleaner.pipeline import PipelineSpec

SAMPLES = 200
DISPLAY_CHARS = 20_000  # per document in the page; the diff itself is on the whole text
LENGTH_BINS = (0, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


class ReportError(ValueError):
    """The run folder cannot be reported on; the message says why."""


@dataclass
class Sampled:
    """One sampled document: where it came from, its per-rule changes and its diff."""

    order: int
    source: str
    id: str
    before_len: int
    after_len: int
    rules: list[tuple[str, str, int, int]]
    ops: list[Op]
    truncated: bool
    status: str = ""


@dataclass
class Collected:
    """Everything the page shows that is not in report.json."""

    docs: list[Sampled] = field(default_factory=list)
    lengths_before: list[int] = field(default_factory=lambda: [0] * len(LENGTH_BINS))
    lengths_after: list[int] = field(default_factory=lambda: [0] * len(LENGTH_BINS))
    scripts: Counter[str] = field(default_factory=Counter)
    read: int = 0
    warnings: list[str] = field(default_factory=list)


def _bin(n: int) -> int:
    return sum(1 for edge in LENGTH_BINS[1:] if n >= edge)


def _key(doc_id: str) -> int:
    """Sample order: a hash of the id, so the choice is deterministic and unbiased."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "big")


def recorded_inputs(report: dict[str, Any]) -> list[Path]:
    """The inputs a run read, as report.json names them (`<sample>` is the bundled corpus)."""
    return [sample_corpus() if i == SAMPLE else Path(i) for i in report.get("inputs", [])]


def _truncate(ops: list[Op], limit: int) -> tuple[list[Op], bool]:
    out: list[Op] = []
    used = 0
    for tag, text in ops:
        if tag != "insert" and used + len(text) > limit:
            out.append((tag, text[: max(limit - used, 0)]))
            return out, True
        if tag != "insert":
            used += len(text)
        out.append((tag, text))
    return out, False


def collect(
    run_dir: Path,
    report: dict[str, Any],
    inputs: Sequence[Path] | None = None,
    samples: int = SAMPLES,
) -> Collected:
    """Re-read the inputs, sample documents, re-run the pipeline on them, scan the shards."""
    got = Collected()
    config = report.get("config", {})
    paths = list(inputs) if inputs else recorded_inputs(report)
    missing = [p for p in paths if not p.exists()]
    if missing or not paths:
        got.warnings.append(
            "Inputs not found (" + ", ".join(map(str, missing or ["none recorded"])) + "): "
            "lengths before cleaning and the document browser are not available. "
            "Run `cleaner report` where the run was made, or pass --input."
        )
        paths = []
    # One pass: a bounded heap of the `samples` documents with the smallest keys.
    heap: list[tuple[int, int, Document]] = []
    items = iter_documents(paths, text_field=config.get("text_field", "text"),
                           max_decompressed_bytes=config.get("max_decompressed_mb", 2048) * 2**20)
    for order, item in enumerate(items):
        if not isinstance(item, Document):
            continue
        got.read += 1
        got.lengths_before[_bin(len(item.text))] += 1
        if samples <= 0:
            continue
        entry = (-_key(item.id), order, item)
        if len(heap) < samples:
            heapq.heappush(heap, entry)
        elif entry[0] > heap[0][0]:
            heapq.heapreplace(heap, entry)
    chosen = sorted(heap, key=lambda e: e[1])
    del heap

    written = _scan_shards(run_dir, report, got, {doc.id for _, _, doc in chosen})
    if chosen:
        try:
            pipeline = PipelineSpec(config.get("select"), config.get("ignore", []),
                                    config.get("options", {})).build()
        except ValueError as exc:
            got.warnings.append(f"Cannot rebuild the run's pipeline: {exc}")
            return got
        if pipeline.fingerprint() != report.get("versions", {}).get("ruleset"):
            got.warnings.append(
                "The rules changed since this run (ruleset fingerprint differs): documents "
                "show what the current rules do."
            )
        differs = 0
        counts = report.get("rules", {})
        droppers = [f for f in pipeline.corpus_filters
                    if counts.get(f.code, {}).get("docs_changed")]
        for _, order, doc in chosen:
            t = trace(pipeline, doc)
            final = t.steps[-1].after if t.steps else t.original
            status = ""
            if t.error:
                status = f"quarantined: {t.error}"
            elif t.dropped_by:
                status = f"dropped: {t.dropped_by}"
            elif doc.id not in written:
                status = "dropped by a corpus filter"
            elif written[doc.id] is not None and written[doc.id] != final:
                status = "differs from the run's output"
                differs += 1
            ops, truncated = _truncate(diff_ops(t.original, final), DISPLAY_CHARS)
            # Text changes only, plus the dropping filter: what report.json counts.
            rules = [(s.code, s.name, *s.counts) for s in t.steps if s.before != s.after]
            if t.dropped_by:
                code, _, name = t.dropped_by.partition(" ")
                rules.append((code, name, 0, 0))
            elif doc.id not in written and len(droppers) == 1:
                dropper = droppers[0]  # the only corpus filter that dropped anything
                rules.append((dropper.code, dropper.name, 0, 0))
            got.docs.append(Sampled(order, doc.source, doc.id, len(t.original), len(final),
                                    rules, ops, truncated, status))
        if differs:
            got.warnings.append(f"{differs} sampled documents differ from the run's shards.")
        # The page opens on documents some rule changed; untouched ones follow.
        got.docs.sort(key=lambda d: (not d.rules, d.order))
    return got


def _scan_shards(
    run_dir: Path, report: dict[str, Any], got: Collected, wanted: set[str]
) -> dict[str, str | None]:
    """Length histogram and script split of written documents; texts of the wanted ids."""
    written: dict[str, str | None] = {}
    for rel in report.get("shards", []):
        path = run_dir / rel
        if not path.is_file():
            got.warnings.append(f"Shard missing: {rel}")
            continue
        shard = pq.ParquetFile(path)
        for batch in shard.iter_batches(batch_size=2048, columns=["id", "n_chars", "script"]):
            cols = batch.to_pydict()
            for doc_id, n, script in zip(cols["id"], cols["n_chars"], cols["script"],
                                         strict=True):
                got.lengths_after[_bin(n)] += 1
                got.scripts[script] += 1
                if doc_id in wanted:
                    written[doc_id] = None
        if not any(k in written for k in wanted):
            continue
        for batch in shard.iter_batches(batch_size=2048, columns=["id", "text"]):
            cols = batch.to_pydict()
            for doc_id, text in zip(cols["id"], cols["text"], strict=True):
                if doc_id in wanted:
                    written[doc_id] = text
    return written


# --- charts (inline SVG, drawn here so the page needs no plotting library) -------------------


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def bar_chart(rows: Sequence[tuple[str, int, str]], chart_id: str, width: int = 560) -> str:
    """Horizontal bars: (label, value, tooltip) per row."""
    if not rows:
        return '<p class="note">None.</p>'
    top = max(v for _, v, _ in rows) or 1
    # About 7 px per character at 12 px: wide enough for "P002 fullwidth-operators".
    label_w = min(max(len(label) for label, _, _ in rows) * 7 + 16, 260)
    row_h, bar_h = 22, 15
    plot = width - label_w - 60
    height = row_h * len(rows) + 6
    parts = [f'<svg id="{chart_id}" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">']
    for n, (label, value, tip) in enumerate(rows):
        y = 3 + n * row_h
        w = round(plot * value / top, 1)
        parts.append(f'<g><title>{_esc(tip)}</title>'
                     f'<text x="{label_w - 8}" y="{y + 12}" text-anchor="end">{_esc(label)}</text>'
                     f'<rect class="bar" x="{label_w}" y="{y}" width="{w}" height="{bar_h}" '
                     f'rx="2" data-label="{_esc(label)}" data-value="{value}"/>'
                     f'<text class="muted" x="{label_w + w + 6}" y="{y + 12}">{value:,}</text>'
                     '</g>')
    parts.append("</svg>")
    return "".join(parts)


def length_chart(before: list[int], after: list[int], width: int = 560) -> str:
    """Grouped histogram of document lengths before and after cleaning."""
    labels = [f"{_short(a)}–{_short(b)}"
              for a, b in zip(LENGTH_BINS[:-1], LENGTH_BINS[1:], strict=True)]
    labels.append(f"≥{_short(LENGTH_BINS[-1])}")
    top = max(before + after) or 1
    left, bottom, plot_h = 56, 58, 170
    height = plot_h + bottom + 20
    group = (width - left - 10) / len(labels)
    bar = max(group / 2 - 3, 2)
    parts = [f'<svg id="length-chart" class="chart" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">',
             f'<rect class="before" x="{left}" y="2" width="10" height="10"/>'
             f'<text x="{left + 14}" y="11">before: documents read</text>'
             f'<rect class="after" x="{left + 170}" y="2" width="10" height="10"/>'
             f'<text x="{left + 184}" y="11">after: documents written</text>',
             f'<line x1="{left}" y1="{20 + plot_h}" x2="{width - 10}" y2="{20 + plot_h}" '
             'stroke="#999"/>',
             f'<text class="muted" x="{left - 4}" y="{26}" text-anchor="end">{top:,}</text>']
    for k, label in enumerate(labels):
        x = left + k * group + 2
        for j, (series, counts) in enumerate((("before", before), ("after", after))):
            h = round(plot_h * counts[k] / top, 1)
            parts.append(f'<rect class="{series}" x="{x + j * (bar + 1):.1f}" '
                         f'y="{20 + plot_h - h}" width="{bar:.1f}" height="{h}">'
                         f'<title>{label} characters, {series}: {counts[k]:,}</title></rect>')
        cx = x + bar
        parts.append(f'<text class="muted" transform="translate({cx:.1f},{26 + plot_h}) '
                     f'rotate(45)">{_esc(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _short(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 else str(n)


# --- the page --------------------------------------------------------------------------------


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
    return "".join(f'<div class="card"><div class="n">{_esc(n)}</div>'
                   f'<div class="l">{_esc(label)}</div></div>' for label, n in cards)


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
        f"<tr><td>{_esc(k)}</td><td>{_esc(v)}</td></tr>" for k, v in rows) + "</table>"


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
    rule_rows = [
        (f"{code} {names.get(code, '')}".strip(), s.get("docs_changed", 0),
         f"{code}: {s.get('docs_changed', 0):,} documents, +{s.get('chars_added', 0):,} "
         f"−{s.get('chars_removed', 0):,} characters")
        for code, s in report.get("rules", {}).items()
    ]
    docs = report.get("documents", {})
    drop_rows = [(f"dropped: {k}", v, f"dropped by {k}: {v:,}")
                 for k, v in docs.get("dropped", {}).items()]
    drop_rows += [(f"quarantined: {k}", v, f"quarantined ({k}): {v:,}")
                  for k, v in docs.get("quarantined", {}).items()]
    script_rows = [(k, v, f"{k}: {v:,}") for k, v in sorted(got.scripts.items())]
    in_sample = Counter(code for d in got.docs for code, *_ in d.rules)
    options = [f'<option value="">all documents ({len(got.docs)})</option>']
    for code in report.get("rules", {}):
        options.append(f'<option value="{_esc(code)}">{_esc(code)} {_esc(names.get(code, ""))}'
                       f" ({in_sample.get(code, 0)})</option>")
    data = {
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
    dataset = report.get("config", {}).get("dataset") or run_dir.resolve().name
    sample_note = (
        f"{len(got.docs)} of {got.read:,} documents, chosen by a hash of their id "
        "(deterministic). Deletions are struck through in red on the left, insertions "
        "green on the right; the chips name the rules that changed the document."
    )
    if got.read == 0:
        sample_note = "No documents: the inputs could not be re-read."
    warnings = "".join(f'<div class="warn">{_esc(w)}</div>' for w in got.warnings)
    versions = report.get("versions", {})
    return PAGE.substitute(
        title=_esc(f"cleaner report: {dataset}"),
        subtitle=_esc(f"{run_dir.as_posix()} · cleaner {versions.get('cleaner', '')} · "
                      f"ruleset {versions.get('ruleset', '')}"),
        warnings=warnings,
        css=CSS,
        js=JS,
        cards=_cards(report),
        rule_chart=bar_chart(rule_rows, "rule-chart"),
        length_chart=length_chart(got.lengths_before, got.lengths_after),
        length_note=_esc("Characters per document; bins grow roughly ×2. Before: every document "
                         f"read ({got.read:,}); after: every document written "
                         f"({sum(got.lengths_after):,})."),
        script_chart=bar_chart(script_rows, "script-chart"),
        drop_chart=bar_chart(drop_rows, "drop-chart"),
        options="".join(options),
        n_docs=len(got.docs),
        sample_note=_esc(sample_note),
        run_table=_run_table(report),
        data=_json_for_script(data),
    )


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
