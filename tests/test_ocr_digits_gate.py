"""O001's gate lets through every text the rule would change (a superset, never less)."""

from __future__ import annotations

from cleaner_rules.ocr.confusions import OCRDigits
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Document

ALPHABET = "0123456789OoIl〇一二三四五六七八九零十年月元号aZ \n，。\ud800"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30))
def test_the_gate_passes_whatever_the_rule_changes(text: str) -> None:
    rule = OCRDigits()
    changed = rule.apply(Document.from_text(text)) != text
    assert rule.gate(text) or not changed, text


def test_latin_words_alone_do_not_pass_the_gate() -> None:
    rule = OCRDigits()
    assert not rule.gate("Hello world, look at the 2020 total.")
    assert rule.gate("花费1O0元")
