"""The native literal scan of B001's and B002's line patterns (native/src/linescan.rs)
finds every line where a pattern matches, so `LineScanner` finds what `finditer` finds.

The Python scan it replaced is kept as the oracle in tests/oracles/linescan.py. The native
one is tighter (it also leaves out lines too long for the pattern's look-ahead), so the
two must agree on where the pattern matches, and the native set must be what its
definition says: a short line start with a literal at most its offset past the lead.
"""

from __future__ import annotations

import re

import pytest
from cleaner_rules.boilerplate.vocabulary import MAX_CHROME_CHARS, _scanners
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, ROOT, documents, reaching
from oracles.linescan import candidates as oracle_candidates

_SCANNERS = list(_scanners().values())
_LEAD = re.compile(r"[ \t]*")


def native(scanner, text: str) -> list[int]:
    return scanner.literal_lines.candidates(text.encode("utf-32-le", "surrogatepass"))


def defined(scanner, text: str) -> list[int]:
    """The definition, line by line: a line of 1 to MAX_CHROME_CHARS characters once some
    leading spaces and tabs are left out, and a literal beginning between its start and
    its lead's end plus the literal's offset."""
    offsets = {lit: 0 for lit in scanner.first_literals} | scanner.near_offsets
    found, start = [], 0
    for line in text.split("\n"):
        lead_end = _LEAD.match(text, start).end()
        short = len(line) >= 1 and start + len(line) - lead_end <= MAX_CHROME_CHARS
        if short and any(
            text.find(lit, start, lead_end + at + len(lit)) >= 0 for lit, at in offsets.items()
        ):
            found.append(start)
        start += len(line) + 1
    return found


def check(text: str) -> None:
    for scanner in _SCANNERS:
        if scanner.literal_lines is None:
            continue
        new = native(scanner, text)
        assert new == defined(scanner, text)
        free = set()
        if scanner.free is not None:
            free = {s for s in oracle_candidates(scanner, text) if scanner.free.match(text, s)}
        matching = {s for s in oracle_candidates(scanner, text) if scanner.pattern.match(text, s)}
        assert {s for s in set(new) | free if scanner.pattern.match(text, s)} == matching
        assert [m.span() for m in scanner.finditer(text)] == [
            m.span() for m in scanner.pattern.finditer(text)
        ]


_PIECES = st.sampled_from([
    *(lit for s in _SCANNERS for lit in (*s.first_literals, *s.near_offsets)),
    "的", "老街", "修缮", "字", "，", "。", "|", "12", "x" * 30, "字" * 25,
    " ", "\t", "\u3000", "\r", "\n", "\n", "\n\n", "\ud800", "\U00020000",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=50).map("".join))
def test_native_scan_on_pieces(text: str) -> None:
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("登录扫码 \t\n字点击VIP阅读"), max_size=200))
def test_native_scan_on_characters(text: str) -> None:
    check(text)


FOLDERS = {**CORPORA, "fixtures": ROOT / "tests" / "fixtures" / "chrome"}


@pytest.mark.parametrize("name", FOLDERS)
def test_native_scan_on_documents_reaching_b001(name: str) -> None:
    for doc in reaching("B001", documents(FOLDERS[name])):
        check(doc.text)


def test_every_section_but_list_header_has_literals() -> None:
    """The scan is in use: only the list-header section lacks literals near its start."""
    with_literals = {n for n, s in _scanners().items() if s.literal_lines is not None}
    assert with_literals == {"anywhere", "edge", "interstitial"}
