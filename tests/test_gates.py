"""A gate only spares a rule work: where it shuts, the rule would have changed nothing."""

from __future__ import annotations

from cleaner_rules.punctuation.fullwidth import FullwidthOperators
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Document


@given(st.text("1a．＋－＝／＊＜＞％：中 .Z9\n", max_size=12))
@settings(max_examples=500)
def test_p002_gate_shuts_only_on_text_its_rule_leaves_alone(text):
    rule = FullwidthOperators()
    if not rule.gate(text):
        assert rule.apply(Document.from_text(text, source="t")) == text
