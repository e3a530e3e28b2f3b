"""`cleaner explain`: run one document rule by rule and show what each rule changed.

The run report says how often a rule fired; this shows where and how, which is what a
reviewer needs to trust a rule (or to find the rule that damaged a document).
"""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from cleaner.changes import char_diff_counts
from cleaner.document import Document, Quarantined
from cleaner.inspect.diff import Op, diff_ops
from cleaner.io.readers import iter_documents
from cleaner.pipeline import Pipeline
from cleaner.rule import CorpusFilter, Decision, Filter, Rule

_FIELDS = ("title", "url", "date", "author", "script")


class ExplainError(ValueError):
    """The document cannot be found or read; the message says which and why."""


@dataclass
class Step:
    """A rule that changed the document: its text before and after, and changed fields."""

    code: str
    name: str
    stage: str
    before: str
    after: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    counts: tuple[int, int] = (0, 0)  # (chars_added, chars_removed) as the run report counts
    decisions: list[Decision] = field(default_factory=list)  # the rule's steps behind it


@dataclass
class Trace:
    """One document's way through the pipeline."""

    doc: Document
    original: str
    steps: list[Step]
    ran: list[str]
    dropped_by: str | None = None
    error: str | None = None
    skipped: list[str] = field(default_factory=list)


def _snapshot(doc: Document) -> dict[str, Any]:
    snap = {name: getattr(doc, name) for name in _FIELDS}
    for key, value in doc.extra.items():
        snap[f"meta.{key}"] = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return snap


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    out = {}
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a != b:
            if key.startswith("meta."):
                a = None if a is None else json.loads(a)
                b = None if b is None else json.loads(b)
            out[key] = (a, b)
    return out


def trace(pipeline: Pipeline, doc: Document, corpus_filters: bool = False) -> Trace:
    """Run `doc` through the pipeline like `Pipeline.process`, keeping every change.

    Corpus filters (duplicates) need the whole corpus, so they are skipped unless asked for;
    a rule that raises ends the trace with `error` set, as it quarantines in a run.
    """
    result = Trace(doc=doc, original=doc.text, steps=[], ran=[])
    for rule in pipeline.rules:
        if isinstance(rule, CorpusFilter) and not corpus_filters:
            result.skipped.append(rule.code)
            continue
        result.ran.append(rule.code)
        try:
            if isinstance(rule, Filter):
                if rule.reject(doc):
                    result.dropped_by = f"{rule.code} {rule.name}"
                    return result
                continue
            step = _run(rule, doc)
        except Exception as exc:  # noqa: BLE001 - report it, as a run would quarantine it
            result.error = f"{rule.code} {type(exc).__name__}: {exc}"
            return result
        if step is not None:
            result.steps.append(step)
    return result


def _run(rule: Rule, doc: Document) -> Step | None:
    """Apply one rewriting rule to `doc`; what it changed, with the named steps behind the
    text's changes when the rule names them (asked of a copy of `doc` as it was before)."""
    before_fields = _snapshot(doc)
    before = doc.text
    if not rule.gate(before):
        return None
    names_steps = type(rule).decisions is not Rule.decisions
    as_before = copy.deepcopy(doc) if names_steps else None
    after = rule.apply(doc)
    fields = _changed_fields(before_fields, _snapshot(doc))
    if after == before and not fields:
        return None
    doc.text = after
    decisions = rule.decisions(as_before) if as_before is not None and after != before else []
    return Step(rule.code, rule.name, rule.stage.label, before, after, fields,
                _counts(rule, before, after), decisions)


def _counts(rule: Rule, before: str, after: str) -> tuple[int, int]:
    """Count as the engine does: with the rule's own counter when it has one."""
    if before == after:
        return 0, 0
    counter = getattr(rule, "count_changes", None)
    return counter(before, after) if counter is not None else char_diff_counts(before, after)


# --- finding the document -------------------------------------------------------------------


def _matches(source: str, wanted: str) -> bool:
    # `forum/thread.jsonl:3` as a run over the folder printed it, for `thread.jsonl:3` read
    # from the file itself (and the converse, a bare name for a path inside a folder).
    if source == wanted or wanted.endswith("/" + source) or source.endswith("/" + wanted):
        return True
    if wanted.isdigit():  # `3` for `posts.jsonl:3` or `table.parquet#3`
        return source.endswith((f":{wanted}", f"#{wanted}"))
    return False


def find_document(path: Path, source: str | None = None, text_field: str = "text") -> Document:
    """The document in `path` named `source`; without `source` the file must hold just one."""
    items: Iterator[Document | Quarantined] = iter_documents([path], text_field=text_field)
    if source is None:
        first = next(items, None)
        if first is None:
            raise ExplainError(f"{path}: no documents")
        second = next(items, None)
        if second is not None:
            names = [first.source, second.source]
            names += [item.source for _, item in zip(range(4), items, strict=False)]
            raise ExplainError(
                f"{path} holds several documents; pick one with --source, e.g. "
                + ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
            )
        item = first
    else:
        found = next((i for i in items if _matches(i.source, source)), None)
        if found is None:
            raise ExplainError(f"{path}: no document with source {source!r}")
        item = found
    if isinstance(item, Quarantined):
        raise ExplainError(f"{item.source} could not be read ({item.reason}): {item.detail}")
    return item


# --- output ---------------------------------------------------------------------------------

_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zs", "Zl", "Zp"})


def show_invisible(text: str, keep_space: bool = False, newline: str = "↵") -> str:
    """Make spaces, tabs, newlines and invisible characters visible in a changed span."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append(newline)
        elif ch == " ":
            out.append(" " if keep_space else "·")
        elif ch == "\t":
            out.append("→")
        elif unicodedata.category(ch) in _INVISIBLE:
            out.append(f"⟨U+{ord(ch):04X}⟩")
        else:
            out.append(ch)
    return "".join(out)


def _safe(text: str) -> str:
    """Unchanged text as is, except controls that would garble a terminal."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Cn")
        else f"⟨U+{ord(ch):04X}⟩"
        for ch in text
    )


def _elide(text: str, context: int, first: bool, last: bool) -> str:
    if context < 0 or len(text) <= 2 * context + 3:
        return text
    head = "" if first else text[:context]
    tail = "" if last else text[len(text) - context:]
    return f"{head} … {tail}" if head and tail else (f"… {tail}" if tail else f"{head} …")


def render_ops(ops: list[Op], context: int = 40, plain: bool = False) -> Text:
    """Inline diff: deletions struck through in red, insertions in green, context elided.

    `plain` (output without colours: a pipe, a log, NO_COLOR) marks them in the text
    itself, as `git diff --word-diff` does: `[-deleted-]` and `{+inserted+}`.
    """
    text = Text()
    for n, (tag, chunk) in enumerate(ops):
        if tag == "equal":
            text.append(_safe(_elide(chunk, context, n == 0, n == len(ops) - 1)))
        elif tag == "delete":
            shown = show_invisible(chunk)
            text.append(f"[-{shown}-]" if plain else shown, style="red strike")
        else:
            shown = show_invisible(chunk, newline="↵\n")
            text.append(f"{{+{shown}+}}" if plain else shown, style="bold green")
    return text


_DONE = {"join": "joined", "break": "break inserted"}


def show_decision(decision: Decision) -> str:
    """One named decision under its rule's diff: `  line 3 ↵ joined: 9 run-on (…的 | 发展…)`."""
    done = _DONE.get(decision.verdict, decision.verdict)
    shown = f"  line {decision.line} ↵ {done}: {decision.step}"
    return shown + (f" ({_safe(decision.excerpt)})" if decision.excerpt else "")


def render(result: Trace, console: Console, context: int = 40, label: str = "") -> None:
    """Print a trace: a header, one inline diff per rule that changed the document."""
    doc = result.doc
    console.print(f"[bold]{label or doc.source}[/]  id {doc.id}", highlight=False)
    final = result.steps[-1].after if result.steps else result.original
    console.print(f"{len(result.original):,} → {len(final):,} characters; "
                  f"{len(result.ran)} rules ran, {len(result.steps)} changed the document",
                  highlight=False)
    for step in result.steps:
        added, removed = step.counts
        console.rule(Text.from_markup(f"[bold]{step.code}[/] {step.name} ({step.stage})  "
                                      f"[green]+{added}[/] [red]−{removed}[/]  "
                                      f"{len(step.before):,} → {len(step.after):,}"),
                     align="left")
        if step.before != step.after:
            plain = console.no_color or console.color_system is None
            console.print(render_ops(diff_ops(step.before, step.after), context, plain),
                          highlight=False, markup=False)
        for decision in step.decisions:
            console.print(show_decision(decision), highlight=False, markup=False)
        for key, (old, new) in step.fields.items():
            console.print(f"  {key}: {old!r} → {new!r}", highlight=False, markup=False)
    console.rule()
    if result.dropped_by:
        console.print(f"[bold yellow]dropped by {result.dropped_by}[/]")
    elif result.error:
        console.print(f"[bold red]quarantined: {result.error}[/]", highlight=False)
    else:
        console.print("kept")
    if result.skipped:
        console.print(f"[dim]not applied to a single document: {', '.join(result.skipped)} "
                      "(needs the whole corpus)[/]")


def to_json(result: Trace) -> dict[str, Any]:
    """The trace for tools: per changed rule the counts and a lossless edit script."""
    final = result.steps[-1].after if result.steps else result.original
    return {
        "source": result.doc.source,
        "id": result.doc.id,
        "chars_before": len(result.original),
        "chars_after": len(final),
        "dropped_by": result.dropped_by,
        "error": result.error,
        "rules_run": result.ran,
        "rules": [
            {
                "code": s.code,
                "name": s.name,
                "stage": s.stage,
                "before_len": len(s.before),
                "after_len": len(s.after),
                "chars_added": s.counts[0],
                "chars_removed": s.counts[1],
                "fields": {k: {"before": a, "after": b} for k, (a, b) in s.fields.items()},
                "ops": [{"op": tag, "text": text} for tag, text in diff_ops(s.before, s.after)],
                "decisions": [asdict(d) for d in s.decisions],
            }
            for s in result.steps
        ],
        "text": final,
    }
