"""T001's lines tidied by the native core (native/src/tidy.rs) as the Python it replaced
tidied them (tests/oracles/tidy.py): on made-up lines of text, separators, table rules,
Markdown code and fences, whitespace Python strips and lone surrogates, in plain and
Markdown documents, and on the real corpora as they reach T001."""

from __future__ import annotations

import unicodedata

import pytest
from cleaner_rules.tidy.lines import TidyLines
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents, reaching
from oracles import tidy as oracle

from cleaner.document import Document

RULE = TidyLines()
PIECES = ["第一段。", "——", "…", "？", "|", "-", "---", ":", " ", "  ", "    ", "\t", "\u3000",
          "\x1c", "\f", "```", "~~~", "*", "★", "a", "\ud800", "“”", "\u2028", "\u00a0", "x = 1"]


def cleaned(text: str, markdown: bool) -> str:
    doc = Document.from_text(text, source="t", format="markdown" if markdown else "text")
    return RULE.apply(doc)


@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=6).map("".join), max_size=10),
       st.booleans())
@settings(max_examples=600)
def test_native_tidying_matches_the_oracle(lines, markdown):
    text = "\n".join(lines)
    assert cleaned(text, markdown) == oracle.apply(text, markdown)


@given(st.text(max_size=12), st.booleans())
@settings(max_examples=400)
def test_any_characters_python_knows_are_tidied_alike(text, markdown):
    if all(unicodedata.category(c) != "Cn" for c in text):
        assert cleaned(text, markdown) == oracle.apply(text, markdown)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_documents_match_the_oracle(name):
    for doc in reaching("T001", documents(CORPORA[name])):
        markdown = doc.format == "markdown"
        assert RULE.apply(doc) == oracle.apply(doc.text, markdown), doc.source
