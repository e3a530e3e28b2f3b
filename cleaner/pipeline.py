"""The pipeline: run one document through the selected rules, counting what each changed."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from cleaner.codepoints import keeping
from cleaner.document import Document
from cleaner.registry import instantiate, select
from cleaner.rule import CorpusFilter, CorpusRule, Example, Filter, Rule
from cleaner.signals import signals

if TYPE_CHECKING:
    from importlib.abc import Traversable

    from cleaner.config import Config


@dataclass
class RuleStats:
    """Per-rule counters; they add up across batches and workers."""

    docs_changed: int = 0
    chars_added: int = 0
    chars_removed: int = 0
    seconds: float = 0.0

    def add(self, other: RuleStats) -> None:
        self.docs_changed += other.docs_changed
        self.chars_added += other.chars_added
        self.chars_removed += other.chars_removed
        self.seconds += other.seconds


@dataclass
class Outcome:
    """What became of one document: kept, dropped by a filter, or failed in a rule."""

    doc: Document
    dropped_by: str | None = None
    error: str | None = None


def run_example(rule: type[Rule], example: Example) -> tuple[str, bool, Document]:
    """Run a rule's example alone, or through the default pipeline if it asks for that."""
    if not example.pipeline:
        return rule(**example.options).run_example(example)
    options = {f"{rule.stage.label}.{key}": value for key, value in example.options.items()}
    default = select()
    chosen = default if rule in default else [*default, rule]
    pipeline = Pipeline(instantiate(sorted(chosen, key=lambda r: (r.stage, r.code)), options))
    doc = Document.from_text(
        example.before, source="<example>", format=example.format, **example.fields
    )
    outcome = pipeline.process(doc)
    return doc.text, outcome.dropped_by is not None, doc


@dataclass
class PipelineSpec:
    """A picklable description of a pipeline, so worker processes can rebuild it."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: Config, ignore: Sequence[str] = ()) -> PipelineSpec:
        """The pipeline a run's configuration asks for, with `ignore` switched off too."""
        return cls(config.select, [*config.ignore, *ignore], config.options)

    def build(self) -> Pipeline:
        return Pipeline(instantiate(select(self.select, self.ignore), self.options))


def _rewrite(rule: Rule, doc: Document, stats: RuleStats) -> bool:
    """Apply one rewriting rule (if its gate lets the text through) and count the change."""
    if not rule.gate(doc.text):
        return False
    before = doc.text
    after = rule.apply(doc)
    if after == before:
        return False
    doc.text = after
    added, removed = rule.count_changes(before, after)
    stats.docs_changed += 1
    stats.chars_added += added
    stats.chars_removed += removed
    return True


def _survives(
    rule: Rule, doc: Document, stats: RuleStats, outcomes: list[Outcome | None], k: int
) -> bool:
    """Run one rule on document `k`; False, with its outcome set, if that ended its run."""
    try:
        if not isinstance(rule, Filter):
            _rewrite(rule, doc, stats)
            return True
        if not rule.reject(doc):
            return True
        stats.docs_changed += 1
        outcomes[k] = Outcome(doc, dropped_by=rule.name)
    except Exception as exc:  # noqa: BLE001 - one bad document must not stop a run
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{tb.filename.rsplit('/', 1)[-1]}:{tb.lineno}"
        outcomes[k] = Outcome(doc, error=f"{rule.code} {type(exc).__name__}: {exc} ({where})")
    return False


class Pipeline:
    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.doc_rules = [r for r in rules if not isinstance(r, (CorpusFilter, CorpusRule))]
        self.corpus_rules = [r for r in rules if isinstance(r, CorpusRule)]
        self.corpus_filters = [r for r in rules if isinstance(r, CorpusFilter)]
        self.filters = [r for r in self.doc_rules if isinstance(r, Filter)]
        self.stats: dict[str, RuleStats] = {r.code: RuleStats() for r in rules}

    def process(self, doc: Document) -> Outcome:
        """Run the per-document rules on one document (`process_batch` of one)."""
        return self.process_batch([doc])[0]

    def process_batch(self, docs: Sequence[Document]) -> list[Outcome]:
        """Run the per-document rules over a batch, one rule over every document still in
        the batch before the next rule starts, and say what became of each document.

        Rule by rule, not document by document: a rule's tables, automata and code stay
        in the CPU's caches while it runs (the batch cleans about 1.4x faster,
        docs/performance.md), and every document still meets the rules in their order, so
        each comes out as it would alone. A rule that raises on a document ends that
        document's run with the error, never the batch's.
        """
        outcomes: list[Outcome | None] = [None] * len(docs)
        alive = list(range(len(docs)))
        with keeping():  # each rule reads the batch's code points: encoded once per text
            for rule in self.doc_rules:
                stats = self.stats[rule.code]
                start = time.perf_counter()
                alive = [k for k in alive if _survives(rule, docs[k], stats, outcomes, k)]
                stats.seconds += time.perf_counter() - start
            for k in alive:
                doc = docs[k]
                doc.signals = signals(doc)  # in the worker: on the final text, in parallel
                outcomes[k] = Outcome(doc)
        return outcomes  # type: ignore[return-value]  # every document has its outcome now

    def corpus_rules_pass(self, observed: dict[str, list[int]]) -> bool:
        """Whether every corpus rule says the keys it `observe`d cannot matter: the
        document, as a worker left it, is then the one the corpus filters judge."""
        return not any(rule.may_change(observed[rule.code]) for rule in self.corpus_rules)

    def corpus_rules_apply(
        self, doc: Document, observed: dict[str, list[int]] | None = None
    ) -> str | None:
        """The corpus rules on a kept document (main process, input order, after
        `prepare`); a document they changed meets the per-document filters again (a page
        that was only chrome is now too short). Returns the name of a filter that drops it.

        `observed` holds what each rule's `observe` returned for the text in the worker:
        a rule that says those keys cannot matter is passed by while the text is that one."""
        changed = False
        for rule in self.corpus_rules:
            if not changed and observed is not None and not rule.may_change(observed[rule.code]):
                continue
            stats = self.stats[rule.code]
            start = time.perf_counter()
            changed |= _rewrite(rule, doc, stats)
            stats.seconds += time.perf_counter() - start
        if changed:
            doc.signals = None  # measured on the text before: the writer measures again
            for rule in self.filters:
                if rule.reject(doc):
                    self.stats[rule.code].docs_changed += 1
                    return rule.name
        return None

    def evidence(self, text: str) -> dict[str, bytes | None]:
        """What each corpus filter reads of a text (in the workers, for the merge)."""
        return {rule.code: rule.evidence(text) for rule in self.corpus_filters}

    def corpus_filter(
        self, doc: Document, evidence: dict[str, bytes | None] | None = None
    ) -> tuple[str, str | None] | None:
        """Filters that see the whole corpus; called in input order in one process, with
        the `evidence` of the document's text if a worker worked it out. A drop is
        (filter name, id of the document it duplicates, if the filter says)."""
        if evidence is None:
            evidence = self.evidence(doc.text)
        for k, rule in enumerate(self.corpus_filters):
            if rule.judge(doc, evidence[rule.code]):
                self.stats[rule.code].docs_changed += 1
                for earlier in self.corpus_filters[:k]:
                    earlier.forget(doc, rule.duplicate_of)
                return rule.name, rule.duplicate_of
        return None

    def take_stats(self) -> dict[str, RuleStats]:
        """Hand over the counters and start from zero (for batch-wise merging)."""
        stats, self.stats = self.stats, {r.code: RuleStats() for r in self.rules}
        return stats

    def describe(self) -> list[dict[str, Any]]:
        return [
            {"code": r.code, "name": r.name, "stage": r.stage.label, "options": r.settings}
            for r in self.rules
        ]

    def fingerprint(self) -> str:
        """Hash of rule codes, option values, and every file of the rule packages in use.

        Whole packages, not only the modules that define the selected rules: a shared helper
        module or a data file changes output as surely as a rule's own code does, and
        `--resume` and `cleaner check` must see it.
        """
        h = hashlib.sha256()
        h.update(json.dumps(self.describe(), sort_keys=True, default=str).encode())
        for package in sorted({type(r).__module__.split(".")[0] for r in self.rules}):
            h.update(package.encode())
            for name, data in _package_files(package):
                h.update(f"{len(name)}:{name}{len(data)}:".encode() + data)
        return h.hexdigest()[:16]


def _package_files(package: str) -> list[tuple[str, bytes]]:
    """(relative path, bytes) of every source and data file of an imported package."""
    module = importlib.import_module(package)
    if not hasattr(module, "__path__"):  # a single-module rule pack
        return [(package, inspect.getsource(module).encode())]
    files: list[tuple[str, bytes]] = []

    def walk(folder: Traversable, rel: str) -> None:
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name == "__pycache__" or item.name.endswith((".pyc", ".pyo")):
                continue
            if item.is_dir():
                walk(item, f"{rel}{item.name}/")
            elif item.is_file():
                files.append((rel + item.name, item.read_bytes()))

    walk(resources.files(package), "")
    return files
