"""A gate or a faster pattern only spares a rule work: where a gate shuts, the rule would
have changed nothing, and a pattern rewritten for speed matches what it replaced."""

from __future__ import annotations

import re

from cleaner_rules.punctuation import halfwidth
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


# P004's space runs beside the marks, as they were written before they led with the space.
_SPACE_PATTERNS = (
    (halfwidth._SPACE_BY_FULLWIDTH, re.compile("(?<! ) +(?=[，；：？！。])|(?<=[，；：？！]) +")),
    (halfwidth._SPACE_BY_PAREN, re.compile("(?<! ) +(?=[（）])|(?<=[（）]) +")),
)


@given(st.text(" \u3000，；：？！。（）a文\n", max_size=14))
@settings(max_examples=1000)
def test_p004_space_patterns_remove_what_the_look_behinds_removed(text):
    for fast, slow in _SPACE_PATTERNS:
        assert fast.sub("", text) == slow.sub("", text)
