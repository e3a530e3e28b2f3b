"""A gate or a faster pattern only spares a rule work: where a gate shuts, the rule would
have changed nothing, and a pattern rewritten for speed matches what it replaced."""

from __future__ import annotations

import re

from cleaner_rules.punctuation import ellipsis_dash, halfwidth, quotes
from cleaner_rules.punctuation.fullwidth import FullwidthOperators
from cleaner_rules.text.chars import CJK_PUNCT, HAN
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
    (halfwidth._SPACE_BY_FULLWIDTH, re.compile("(?<! ) +(?=[，；：？！。])|(?<=[，；：？！。]) +")),
    (halfwidth._SPACE_BY_PAREN, re.compile("(?<! ) +(?=[（）])|(?<=[（）]) +")),
)


@given(st.text(" \u3000，；：？！。（）a文\n", max_size=14))
@settings(max_examples=1000)
def test_p004_space_patterns_remove_what_the_look_behinds_removed(text):
    for fast, slow in _SPACE_PATTERNS:
        assert fast.sub("", text) == slow.sub("", text)


@given(st.text(".。…⋯a文 ", max_size=14))
@settings(max_examples=1000)
def test_p003_ellipsis_runs_are_the_runs_of_the_plain_pattern(text):
    plain = re.compile(r"(?:\.{3,}|。{3,}|[…⋯])+")
    spans = [m.span() for m in ellipsis_dash._ELLIPSIS.finditer(text)]
    assert spans == [m.span() for m in plain.finditer(text)]


@given(st.text("-—⸺.。…⋯ a文，", max_size=14))
@settings(max_examples=1000)
def test_p003_skips_only_substitutions_that_would_change_nothing(text):
    """`_DASH` is skipped without `--`; the spaces beside new marks without a space or
    without a `……` or `——`."""
    if "--" not in text:
        assert ellipsis_dash._DASH.sub("——", text) == text
    if " " not in text or ("……" not in text and "——" not in text):
        assert ellipsis_dash._SPACE_BY_MARK.sub("", text) == text


# P005's space runs beside quotes, as they were written before they led with the space.
_QUOTE_SPACES = (
    (quotes._SPACE_INSIDE,
     re.compile(f"(?<=[{HAN}{CJK_PUNCT}]) +(?=“)|(?<=“) +|(?<=[^ ]) +(?=”)")),
    (quotes._SPACE_AFTER, re.compile(f"(?<=”) +(?=[{HAN}{CJK_PUNCT}])")),
)


@given(st.text(" 　“”\"文a，。\n", max_size=14))
@settings(max_examples=1000)
def test_p005_space_patterns_remove_what_the_look_behinds_removed(text):
    for fast, slow in _QUOTE_SPACES:
        assert fast.sub("", text) == slow.sub("", text)


_GUTTER_PIECES = ["中  文", "。   “", "a  中", "  ", " ", "中", "\n", "\t", "，", "1"]


@given(st.lists(st.sampled_from(_GUTTER_PIECES), max_size=30).map("".join))
@settings(max_examples=1000)
def test_l001_gate_counts_gutters_as_the_pattern_alone_did(text):
    """Each gutter the pattern finds holds a two-space run of its own, so the count of
    such runs shuts the gate only where the pattern finds too few gutters."""
    from cleaner_rules.layout.columns import _GUTTER, MIN_ROWS, SideBySideColumns
    from cleaner_rules.text.chars import at_least

    assert SideBySideColumns().gate(text) == at_least(_GUTTER, text, MIN_ROWS)


@given(st.text(" \t\n中①⑳²⁰[［]］1０x", max_size=16))
@settings(max_examples=1000)
def test_b007_gate_is_the_pattern_alone(text):
    from cleaner_rules.boilerplate.footnotes import _NOTE_ANYWHERE, Footnotes

    assert Footnotes().gate(text) == (_NOTE_ANYWHERE.search(text) is not None)
