"""Every registered rule's examples run here: a new rule is tested without a new test."""

from __future__ import annotations

import pytest

from cleaner.document import Document
from cleaner.pipeline import run_example
from cleaner.registry import all_rules
from cleaner.rule import Filter, Stage

CASES = [
    pytest.param(rule, example, id=f"{code}-{n}")
    for code, rule in all_rules().items()
    for n, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule, example):
    output, dropped, doc = run_example(rule, example)
    if issubclass(rule, Filter):
        assert dropped == example.dropped
    else:
        assert output == example.expected
    for key, value in example.meta.items():
        got = getattr(doc, key) if key in Document.__slots__ else doc.extra.get(key)
        assert got == value, key


@pytest.mark.parametrize("rule", list(all_rules().values()), ids=list(all_rules()))
def test_rule_is_self_describing(rule):
    assert rule.code[0].isalpha() and rule.code[1:].isdigit() and len(rule.code) == 4
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
    assert isinstance(rule.stage, Stage)
    assert rule.summary and rule.rationale and rule.stage.label
    assert rule.examples, f"{rule.code} has no examples"
    if not issubclass(rule, Filter):
        assert any(e.after is not None or e.meta for e in rule.examples), "needs a fix example"
    for option in rule.options:
        assert option.help
        if option.choices is not None:
            assert option.default in option.choices


@pytest.mark.parametrize("rule", list(all_rules().values()), ids=list(all_rules()))
def test_one_name_per_thing(rule):
    """Code letter, package and option namespace all follow the stage; the class the name."""
    assert rule.code[0] == rule.stage.letter
    pack, stage_package, *_ = rule.__module__.split(".")
    if pack == "cleaner_rules":
        assert stage_package == rule.stage.label, "a bundled rule lives in its stage's package"
    assert rule.__name__.lower() == rule.name.replace("-", "").lower()


def test_codes_names_and_option_keys_unique():
    rules = list(all_rules().values())
    assert len({r.name for r in rules}) == len(rules)
    keys = [f"{r.stage.label}.{o.name}" for r in rules for o in r.options]
    assert len(keys) == len(set(keys))


def test_breaking_an_example_fails():
    """The harness really compares: a wrong expectation is caught."""
    from cleaner.rule import Example

    rule = all_rules()["S001"]
    output, _, _ = rule().run_example(Example("中 文", "中 文 被改坏"))
    assert output != "中 文 被改坏"


def test_pipeline_examples_run_through_every_rule():
    """`pipeline=True` runs the default pipeline: the other rules' repairs show up too."""
    from cleaner.pipeline import run_example
    from cleaner.rule import Example

    rule = all_rules()["S001"]
    alone, _, _ = run_example(rule, Example("作 为 一 位,老师"))
    together, _, _ = run_example(rule, Example("作 为 一 位,老师", pipeline=True))
    assert alone == "作为一位,老师"
    assert together == "作为一位，老师"  # P004 ran as well
