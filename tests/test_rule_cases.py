"""Hard cases as data: every `tests/fixtures/rules/CODE.yml` runs here, case by case.

A rule's in-class examples show what it does; its fixture file holds the hard cases a
maintainer collects over time, in the manner of sqlfluff's `std_rule_cases`:

```yaml
rule: W001
a-name-that-says-what-is-tested:
  input: "damaged text"
  expected: "repaired text"     # left out: the input must come out unchanged
  options: {tolerance: 2}       # the rule's options, without the stage prefix
  pipeline: true                # run through the whole default pipeline
  format: markdown              # how the document is read (text, markdown, html)
  dropped: true                 # filters: the document is dropped
  known_limit: "why it fails"   # a strict xfail: fixing it makes the suite say so
```

Known limits are recorded here rather than in prose, so they are tested: the day a
rule learns the case, its xfail turns into a failure that asks for the flag's removal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cleaner.pipeline import run_example
from cleaner.registry import all_rules
from cleaner.rule import Example

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
KEYS = {"input", "expected", "options", "pipeline", "format", "dropped", "known_limit"}


def _load(path: Path) -> tuple[str, dict[str, dict]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    code = data.pop("rule")
    assert code == path.stem, f"{path.name}: `rule: {code}` must match the file name"
    return code, data


def _cases() -> list:
    params = []
    for path in sorted(FIXTURES.glob("*.yml")):
        code, cases = _load(path)
        for name, case in cases.items():
            marks = ()
            if case.get("known_limit"):
                marks = pytest.mark.xfail(strict=True, reason=case["known_limit"])
            params.append(pytest.param(code, name, case, id=f"{code}-{name}", marks=marks))
    return params


CASES = _cases()


@pytest.mark.parametrize(("code", "name", "case"), CASES)
def test_rule_case(code, name, case):
    assert set(case) <= KEYS, f"unknown keys {sorted(set(case) - KEYS)}"
    rule = all_rules()[code]
    example = Example(
        case["input"], case.get("expected"), options=case.get("options", {}),
        format=case.get("format", "text"), dropped=case.get("dropped", False),
        pipeline=case.get("pipeline", False),
    )
    output, dropped, _ = run_example(rule, example)
    assert dropped == example.dropped
    assert output == example.expected  # a filter leaves the text as it is


def test_every_fixture_names_a_rule():
    for path in sorted(FIXTURES.glob("*.yml")):
        code, cases = _load(path)
        assert code in all_rules(), f"{path.name}: no rule {code}"
        assert cases, f"{path.name} has no cases"


def test_a_wrong_expectation_fails():
    """The harness really compares: a case with a wrong `expected` is caught."""
    with pytest.raises(AssertionError):
        test_rule_case("S001", "wrong", {"input": "中 文", "expected": "中 文 被改坏"})
