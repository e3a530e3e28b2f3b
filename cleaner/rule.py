"""What a rule is: a small self-describing unit with options and runnable examples.

Modelled on ruff and sqlfluff rules: a stable code, a name, a stage, a summary and a
rationale, typed options with defaults, and examples (bad input with the fixed output, and
inputs that must stay unchanged) that the test suite runs for every registered rule.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cleaner.changes import change_counts, touched_counts
from cleaner.document import Document


class Stage(enum.IntEnum):
    """Stages in the order they run; rules within a stage run in code order.

    A stage's label names everything about it: the rule package (`rules/wrap/`), the
    namespace of its rules' options (`wrap.tolerance`), the section of docs/rules.md and
    the label in reports. Its letter starts the codes of its rules (W001).
    """

    DECODE = 0
    MARKUP = 1
    LAYOUT = 2
    UNICODE = 3
    BOILERPLATE = 4
    WRAP = 5
    SPACING = 6
    PUNCTUATION = 7
    SCRIPT = 8
    OCR = 9
    TIDY = 10
    FILTER = 11

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def letter(self) -> str:
        """The first letter of the stage's rule codes."""
        return _LETTERS[self]


_LETTERS = dict(zip(Stage, "DMLUBWSPCOTF", strict=True))  # C: script conversion


class OptionError(ValueError):
    """A bad option name or value; the message names the key."""


@dataclass(frozen=True)
class Option:
    """A typed rule option, set as `stage.name` in config or with `--set`."""

    name: str
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None

    def parse(self, key: str, value: Any) -> Any:
        """Coerce a config or CLI value to the default's type, or raise naming `key`."""
        kind = type(self.default)
        try:
            if isinstance(value, str) and kind is not str:
                if kind is bool:
                    if value.lower() not in ("true", "false", "1", "0", "yes", "no"):
                        raise ValueError(value)
                    value = value.lower() in ("true", "1", "yes")
                elif kind in (list, tuple):
                    value = [v.strip() for v in value.split(",") if v.strip()]
                else:
                    value = kind(value)
            elif kind is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if kind in (list, tuple):
                value = tuple(value)
            elif not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise TypeError(value)
        except (TypeError, ValueError):
            raise OptionError(
                f"option {key}: expected {kind.__name__}, got {value!r}"
            ) from None
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(map(str, self.choices))
            raise OptionError(f"option {key}: {value!r} is not one of: {allowed}")
        return value


@dataclass(frozen=True)
class Example:
    """Input and expected output; `after=None` means the input must stay unchanged.

    For filters, `after` is unused and `dropped` says whether the document is dropped;
    `fields` presets document fields (e.g. a `date` read from JSON); `meta` lists metadata
    the rule must set: document fields by name, anything else in `extra`. With
    `pipeline=True` the example runs through the whole default pipeline (with this rule in
    it, and its options), for a rule whose effect depends on what others do before or after.
    """

    before: str
    after: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    format: str = "text"
    dropped: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    pipeline: bool = False

    @property
    def expected(self) -> str:
        return self.before if self.after is None else self.after


@dataclass(frozen=True)
class Decision:
    """Which named step of a rule decided what, where: what `cleaner explain` shows.

    `line` is the 1-based line of the rule's input text the decision is about (for a line
    break, the line it ends); `step` names the step as the rule's documentation numbers it
    (`3 sentence-end`); `verdict` is what the step decided (`join`, `break`, `drop`, ...).
    """

    line: int
    step: str
    verdict: str
    excerpt: str = ""


class Rule:
    """Base class of all rules. Subclasses set the class attributes and `apply`."""

    code: ClassVar[str]
    name: ClassVar[str]
    stage: ClassVar[Stage]
    summary: ClassVar[str]
    rationale: ClassVar[str]
    options: ClassVar[tuple[Option, ...]] = ()
    examples: ClassVar[tuple[Example, ...]] = ()
    default_enabled: ClassVar[bool] = True
    # Where the method comes from (standards, papers, a page in docs/) and what it cannot do
    # yet: shown by `cleaner rules show` and in docs/rules.md.
    references: ClassVar[tuple[str, ...]] = ()
    limits: ClassVar[tuple[str, ...]] = ()
    # Every character the rule can add or remove, when that is a small known set: the
    # engine then counts the change by counting those characters, far cheaper than a diff.
    touches: ClassVar[str | None] = None

    def __init__(self, **values: Any) -> None:
        known = {o.name: o for o in self.options}
        settings = {o.name: o.default for o in self.options}
        for key, value in values.items():
            if key not in known:
                raise OptionError(f"unknown option {self.stage.label}.{key} for rule {self.code}")
            settings[key] = known[key].parse(f"{self.stage.label}.{key}", value)
        self.settings: dict[str, Any] = settings
        for key, value in settings.items():
            setattr(self, key, value)

    def gate(self, text: str) -> bool:
        """Cheap check; `apply` runs only when it is true. Override for costly rules."""
        return True

    def apply(self, doc: Document) -> str:
        """Return the repaired text; may also set metadata fields on `doc`."""
        raise NotImplementedError

    def decisions(self, doc: Document) -> list[Decision]:
        """The named steps behind what `apply` would change in `doc` (for `cleaner explain`).

        A rule whose `apply` is a sequence of named steps overrides this; it must not change
        `doc`. The default names no steps.
        """
        return []

    def count_changes(self, before: str, after: str) -> tuple[int, int]:
        """(characters added, removed): the multiset difference of the two texts."""
        if self.touches is None:
            return change_counts(before, after)
        return touched_counts(self.touches, before, after)

    def run_example(self, example: Example) -> tuple[str, bool, Document]:
        """Run one example in isolation: (output text, dropped, the document)."""
        doc = Document.from_text(
            example.before, source="<example>", format=example.format, **example.fields
        )
        if isinstance(self, Filter):
            return doc.text, self.reject(doc), doc
        return (self.apply(doc) if self.gate(doc.text) else doc.text), False, doc


class Filter(Rule):
    """A document-level decision: drop the document, counted under the filter's name."""

    stage = Stage.FILTER

    def reject(self, doc: Document) -> bool:
        raise NotImplementedError

    def apply(self, doc: Document) -> str:
        return doc.text


class CorpusFilter(Filter):
    """A filter that needs to see every document (e.g. duplicates): runs in the main process.

    A filter that remembers the documents it let through is told with `forget` when a
    later filter dropped one after all, so it never names a dropped document as the copy
    that was kept. A duplicate filter sets `duplicate_of` on every drop: the id of the
    document kept in its place."""

    duplicate_of: str | None = None

    def evidence(self, text: str) -> bytes | None:
        """What the filter reads of a text (a digest, a signature), worked out where the
        documents are cleaned, in parallel, so that the one process that merges does not;
        None when the filter reads the document itself."""
        return None

    def judge(self, doc: Document, evidence: bytes | None) -> bool:
        """`reject` with `evidence(doc.text)` at hand (the merge has it from the worker).
        A filter that has evidence overrides this and `reject`; one without, only `reject`."""
        return self.reject(doc)

    def forget(self, doc: Document, duplicate_of: str | None) -> None:
        """A later filter dropped `doc` (as a copy of `duplicate_of`, if it says)."""


class CorpusRule(Rule):
    """A rule that decides from statistics over the whole corpus (lines a site repeats).

    It runs in two halves. In the workers, right after the per-document rules, `observe`
    returns what one document contributes: 8-byte keys (hashes) to count, never text. The
    main process adds the contributions of every batch up (`prepare_corpus_rules` in
    cleaner/run/corpus.py, the same on every engine), keeps the keys seen `min_count` times
    or more, calls `prepare` once with those totals, and then `apply` on every kept
    document in input order, before the corpus filters. Examples hold several documents of
    one source separated by form feeds; the output is the documents after the rule.
    """

    min_count: int = 1  # keys seen fewer times cannot matter to the rule

    def observe(self, doc: Document) -> list[int]:
        raise NotImplementedError

    def prepare(self, totals: dict[int, int]) -> None:
        raise NotImplementedError

    def may_change(self, keys: list[int]) -> bool:
        """Whether `apply` can change a document whose text gave `keys` to `observe`,
        given the totals `prepare` had: False lets the merge pass the document by."""
        return True

    def run_example(self, example: Example) -> tuple[str, bool, Document]:
        docs = [
            Document.from_text(text, source=f"<example>/{k}", format=example.format)
            for k, text in enumerate(example.before.split("\f"))
        ]
        totals: dict[int, int] = {}
        for doc in docs:
            for key in self.observe(doc):
                totals[key] = totals.get(key, 0) + 1
        self.prepare(totals)
        for doc in docs:
            doc.text = self.apply(doc) if self.gate(doc.text) else doc.text
        return "\f".join(doc.text for doc in docs), False, docs[0]

