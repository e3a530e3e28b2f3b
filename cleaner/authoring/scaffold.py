"""Rule authoring tools: `cleaner rules new` (scaffold) and `cleaner rules test` (examples).

The scaffold writes a complete, registered rule whose first example fails on purpose, so a
contributor starts from a red test and the suite picks the rule up without being told.
"""

from __future__ import annotations

import difflib
import importlib
import keyword
import re
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cleaner.document import Document
from cleaner.pipeline import run_example
from cleaner.rule import Example, Filter, Rule, Stage

_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
_CODE = re.compile(r"[A-Z]\d{3}\Z")
_CODE_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])[A-Z]\d{3}(?![0-9])")  # also beside Han


class ScaffoldError(ValueError):
    """A name, stage or code that cannot be scaffolded; the message says why."""


def parse_stage(value: str) -> Stage:
    """A stage from its name (`spacing`), its letter (`S`) or an old name (`width`, `filters`)."""
    key = value.strip().lower()
    key = {"width": "punctuation", "filters": "filter"}.get(key, key)
    for stage in Stage:
        if key in (stage.label, stage.letter.lower()):
            return stage
    names = ", ".join(f"{s.label} ({s.letter})" for s in Stage)
    raise ScaffoldError(f"unknown stage {value!r}; one of: {names}")


def used_codes(rules_dir: Path, registered: Iterable[str], changelog: Path | None) -> set[str]:
    """Every code ever taken: registered, written in a rule module, or named in the changelog.

    Codes are never reused, so a removed rule's code (which its CHANGELOG entry names) stays
    taken even after its module is gone.
    """
    codes = set(registered)
    for path in sorted(rules_dir.rglob("*.py")):
        codes.update(re.findall(r"code\s*=\s*\"([A-Z]\d{3})\"", path.read_text("utf-8")))
    if changelog is not None and changelog.is_file():
        codes.update(_CODE_IN_TEXT.findall(changelog.read_text("utf-8")))
    return {c for c in codes if _CODE.match(c)}


def next_code(stage: Stage, taken: Iterable[str]) -> str:
    """The stage's letter and one more than the highest number ever used: gaps stay gaps."""
    letter = stage.letter
    numbers = [int(c[1:]) for c in taken if c[0] == letter and c[1:].isdigit()]
    number = max(numbers, default=0) + 1
    if number > 999:
        raise ScaffoldError(f"stage {stage.label} has used every code {letter}001–{letter}999")
    return f"{letter}{number:03d}"


def class_name(name: str) -> str:
    """`cjk-latin-spacing` to `CjkLatinSpacing`."""
    return "".join(part.capitalize() for part in name.split("-"))


_RULE_TEMPLATE = '''\
"""{title}: TODO say in one line what damage this repairs and where it comes from."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage


class {cls}(Rule):
    code = "{code}"
    name = "{name}"
    stage = Stage.{stage}
    summary = "TODO: one line, imperative: what the rule changes."
    rationale = (
        "TODO: why. Where does this damage come from (scraper, PDF layout, OCR, editor)? "
        "Why is the fix safe for text that only looks similar?"
    )
    # A new rule runs by default in every `cleaner run` (and changes published data). Set
    # `default_enabled = False` while it is experimental: then it runs only when selected
    # (`--select {code}` or `select = [...]` in cleaner.toml).
    default_enabled = True
    # Options (import Option from cleaner.rule) are set as `{stage_label}.NAME` in cleaner.toml
    # or with --set, e.g. options = (Option("max_chars", 40, "longest damaged line"),)
    examples = (
        # Bad input and the fixed output: fill in real-looking (but invented) text.
        Example("TODO: damaged input", "TODO: repaired output"),
        # Input that must stay unchanged: the nearest thing that is not damage.
        Example("这一句没有问题，必须保持原样。"),
        # Where the effect depends on other rules, run an example through the whole
        # default pipeline: Example(before, after, pipeline=True).
    )

    def gate(self, text: str) -> bool:
        """Cheap test (a substring, a length); `apply` runs only when it is true."""
        return True

    def apply(self, doc: Document) -> str:
        """Return the repaired text; never mutate anything but metadata on `doc`."""
        return doc.text
'''

_FILTER_TEMPLATE = '''\
"""{title}: TODO say in one line which documents this drops and why they are useless."""

from __future__ import annotations

from cleaner.document import Document
from cleaner.rule import Example, Filter


class {cls}(Filter):
    code = "{code}"
    name = "{name}"
    summary = "TODO: one line: which documents are dropped."
    rationale = (
        "TODO: why. What makes such a document useless for a corpus, and why does the "
        "test not drop good documents that look alike?"
    )
    # Options (import Option from cleaner.rule) are set as `{stage_label}.NAME`, e.g.
    # options = (Option("min_lines", 3, "fewest lines a kept document has"),)
    examples = (
        Example("TODO: a document this filter drops", dropped=True),
        Example("这是一篇正常的中文文章，内容足够长，应当保留下来。"),
    )

    def reject(self, doc: Document) -> bool:
        """True drops the document; the drop is counted under the filter's name."""
        return False
'''


@dataclass(frozen=True)
class Scaffold:
    path: Path
    code: str
    name: str
    stage: Stage
    class_name: str


def default_rules_dir() -> Path:
    """`./rules` when run from a checkout, else the installed `rules` package."""
    here = Path.cwd() / "rules"
    if (here / "__init__.py").is_file():
        return here
    return installed_rules_dir()


def installed_rules_dir() -> Path:
    """Where the registry loads the bundled rules from."""
    module = importlib.import_module("cleaner_rules")
    return Path(module.__file__ or "").resolve().parent


def scaffold(
    name: str,
    stage: Stage,
    *,
    code: str | None = None,
    rules_dir: Path | None = None,
    registered: dict[str, type[Rule]] | None = None,
    changelog: Path | None = None,
) -> Scaffold:
    """Write `rules/<stage>/<name>.py` with a Rule (or Filter) subclass; never overwrite."""
    module = _module_name(name)
    rules_dir = rules_dir or default_rules_dir()
    registered = registered if registered is not None else _registry()
    path = rules_dir / stage.label / f"{module}.py"
    if path.exists():
        raise ScaffoldError(f"{path} exists; refusing to overwrite it")
    if any(r.name == name for r in registered.values()):
        raise ScaffoldError(f"a rule named {name!r} exists already")
    taken = used_codes(rules_dir, registered, changelog or rules_dir.parent / "CHANGELOG.md")
    code = next_code(stage, taken) if code is None else _checked_code(code, stage, taken)
    template = _FILTER_TEMPLATE if stage is Stage.FILTER else _RULE_TEMPLATE
    cls = class_name(name)
    text = template.format(title=name, cls=cls, code=code, name=name,
                           stage_label=stage.label, stage=stage.name)
    _make_stage_package(path.parent, stage)
    with path.open("x", encoding="utf-8") as fh:  # "x": fails rather than overwrite
        fh.write(text)
    return Scaffold(path=path, code=code, name=name, stage=stage, class_name=cls)


def _module_name(name: str) -> str:
    """The module a rule name becomes, or an error saying what is wrong with the name."""
    if not _NAME.match(name):
        raise ScaffoldError(
            f"rule name {name!r}: use lowercase words joined by hyphens, e.g. ad-footer"
        )
    module = name.replace("-", "_")
    if keyword.iskeyword(module):
        raise ScaffoldError(f"rule name {name!r} is a Python keyword")
    return module


def _checked_code(code: str, stage: Stage, taken: set[str]) -> str:
    """A code the user chose: well formed, of the stage's letter, and never used before."""
    code = code.upper()
    if not _CODE.match(code):
        raise ScaffoldError(f"code {code!r}: a letter and three digits, e.g. S003")
    if code[0] != stage.letter:
        raise ScaffoldError(
            f"code {code} does not match stage {stage.label} (prefix {stage.letter})"
        )
    if code in taken:
        raise ScaffoldError(f"code {code} is taken (codes are never reused)")
    return code


def _make_stage_package(folder: Path, stage: Stage) -> None:
    """A rule pack without the stage's package yet gets one (with a docstring to fill in)."""
    folder.mkdir(exist_ok=True)
    init = folder / "__init__.py"
    if not init.exists():
        doc = f"Stage `{stage.label}` ({stage.letter}): TODO what its rules repair."
        init.write_text(f'"""{doc}"""\n', encoding="utf-8")


def _registry() -> dict[str, type[Rule]]:
    from cleaner.registry import all_rules

    return all_rules()


# --- running examples -----------------------------------------------------------------------


@dataclass(frozen=True)
class ExampleResult:
    """One example's outcome; `problem` says what went wrong, empty when it passed."""

    code: str
    index: int
    example: Example
    problem: str = ""
    expected: str = ""
    got: str = ""

    @property
    def passed(self) -> bool:
        return not self.problem

    @property
    def label(self) -> str:
        return f"{self.code}-{self.index}"


def check_example(rule: type[Rule], index: int, example: Example) -> ExampleResult:
    """Run one example exactly as tests/test_rule_examples.py does."""
    try:
        output, dropped, doc = run_example(rule, example)
    except Exception as exc:  # noqa: BLE001 - a crashing example is a failure to report
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return ExampleResult(rule.code, index, example,
                             f"raised {type(exc).__name__}: {exc} "
                             f"({Path(where.filename).name}:{where.lineno})")
    if issubclass(rule, Filter):
        if dropped != example.dropped:
            want = "dropped" if example.dropped else "kept"
            return ExampleResult(rule.code, index, example,
                                 f"expected the document to be {want}")
    elif output != example.expected:
        return ExampleResult(rule.code, index, example, "output differs",
                             expected=example.expected, got=output)
    for key, value in example.meta.items():
        got = getattr(doc, key) if key in Document.__slots__ else doc.extra.get(key)
        if got != value:
            return ExampleResult(rule.code, index, example,
                                 f"metadata {key}: expected {value!r}, got {got!r}")
    return ExampleResult(rule.code, index, example)


def check_rules(rules: Iterable[type[Rule]]) -> list[ExampleResult]:
    """Every example of every given rule, in order; a rule without examples fails."""
    results = []
    for rule in rules:
        if not rule.examples:
            results.append(ExampleResult(rule.code, 0, Example(""), "the rule has no examples"))
        for n, example in enumerate(rule.examples):
            results.append(check_example(rule, n, example))
    return results


def text_diff(expected: str, got: str) -> list[str]:
    """A line diff of expected and actual output, with invisible characters made visible."""
    return list(difflib.unified_diff(
        [_visible(line) for line in expected.split("\n")],
        [_visible(line) for line in got.split("\n")],
        "expected", "got", lineterm="", n=2,
    ))


def _visible(line: str) -> str:
    from cleaner.inspect.explain import show_invisible

    return show_invisible(line)
