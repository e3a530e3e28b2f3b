"""P004's native decisions (native/src/halfwidth.rs) are the ones the Python made.

The Python implementation of `cleaner_rules.punctuation.halfwidth`'s nodes and steps that
the native core replaced is kept here, and only here, as the oracle: hypothesis text of
marks, Han, digits (superscript and circled ones too), Latin, URLs, e-mail, code, spaces
and line breaks, and every text that reaches P004 in the default pipeline, must get the
same conversions from the same steps.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

import pytest
from cleaner_rules.punctuation.context import (
    CONVERT,
    KEEP,
    first_opinion,
    is_cjk,
    neighbour_at,
    spread,
)
from cleaner_rules.punctuation.halfwidth import _decide as native_decide
from cleaner_rules.text.chars import HAN
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, ROOT, documents, reaching

# --- oracle: cleaner_rules/punctuation/halfwidth.py before the native core ----------------

_PUNCT = re.compile(r"[,;:?!]")
_HAN = re.compile(f"[{HAN}]")
# A sentence-final period after Han or after a Chinese closing mark (`）.`, `”.`), spaces
# between allowed (`攻关 .`); the match starts at the first space so they go with it.
_PERIOD = re.compile(f"\\.(?=[ ]*(?:$|\\n|[{HAN}“”（]))", re.M)
_PERIOD_AFTER_HAN = re.compile(f"(?<=[{HAN}）」』”]) *\\.")
# ASCII classes on purpose: `\w` also matches Han and makes these scans several times slower.
_URLISH = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://[!-~]*[A-Za-z0-9/#=&%_~+-]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.]+|`[^`\n]*`"
)


class _Mark(NamedTuple):
    """A node: its kind, its positions, its neighbours, and the positions whose conversion
    makes it Chinese context (step 6)."""

    kind: str
    where: tuple[int, ...]
    before: str
    after: str
    sources: tuple[int, ...]


class _Text(NamedTuple):
    """The text a step looks at, with the spans of URLs, e-mail and code in it."""

    text: str
    protected: list[tuple[int, int]]
    starts: list[int]


def digit_group(t: _Text, mark: _Mark) -> str | None:
    """1: `,` or `:` between digits is a digit group or a time."""
    if mark.kind == "punct" and t.text[mark.where[0]] in ",:":
        if mark.before.isdigit() and mark.after.isdigit():
            return KEEP
    return None


def protected(t: _Text, mark: _Mark) -> str | None:
    """2: a mark inside a URL, an e-mail address or inline code belongs to it."""
    if mark.kind != "punct":
        return None
    s = mark.where[0]
    i = bisect_right(t.starts, s) - 1
    return KEEP if i >= 0 and s < t.protected[i][1] else None


def period_context(t: _Text, mark: _Mark) -> str | None:
    """3: a period after Han ends a Chinese sentence before the line's end or Chinese."""
    if mark.kind == "period" and _PERIOD.match(t.text, mark.where[0]) is not None:
        return CONVERT
    return None


def han_inside(t: _Text, mark: _Mark) -> str | None:
    """4: parentheses around Han are Chinese parentheses."""
    s, e = mark.where[0], mark.where[-1]
    if mark.kind == "paren" and s != e and _HAN.search(t.text, s + 1, e) is not None:
        return CONVERT
    return None


def cjk_neighbour(t: _Text, mark: _Mark) -> str | None:
    """5: a mark beside Han or a CJK mark is in Chinese context (not a period: step 3)."""
    if mark.kind != "period" and (is_cjk(mark.before) or is_cjk(mark.after)):
        return CONVERT
    return None


STEPS: tuple[tuple[str, Callable[[_Text, _Mark], str | None]], ...] = (
    ("1 digit-group", digit_group),
    ("2 protected", protected),
    ("3 period-context", period_context),
    ("4 han-inside", han_inside),
    ("5 cjk-neighbour", cjk_neighbour),
)
SPREAD = "6 spread"


def _marks(text: str) -> list[_Mark]:
    """Every node of `text`: `, ; : ? !`, periods after Han, parentheses."""
    units = [("punct", (m.start(),)) for m in _PUNCT.finditer(text)]
    units += [("period", (m.end() - 1,)) for m in _PERIOD_AFTER_HAN.finditer(text)]
    units += [("paren", unit) for unit in _paren_units(text)]
    marks = []
    for kind, where in units:
        b, a = neighbour_at(text, where[0] - 1, -1), neighbour_at(text, where[-1] + 1, 1)
        before, after = text[b] if b >= 0 else "", text[a] if a >= 0 else ""
        if kind == "period":  # Chinese context only through a `(` after it
            sources = (a,) if after == "(" else ()
        else:
            sources = (b, a)
        marks.append(_Mark(kind, where, before, after, sources))
    return marks


def _decide(text: str) -> tuple[list[_Mark], dict[int, str]]:
    """The nodes of `text`, and for each node that converts the step that decided it."""
    found = []
    if "://" in text or "@" in text or "`" in text:
        found = [(m.start(), m.end()) for m in _URLISH.finditer(text)]
    t = _Text(text, found, [s for s, _ in found])
    marks = _marks(text)
    owner = {p: k for k, mark in enumerate(marks) for p in mark.where}
    decided: dict[int, str] = {}
    links: dict[int, list[int]] = {}
    for k, mark in enumerate(marks):
        step, verdict = first_opinion(STEPS, t, mark)
        if verdict == KEEP:
            continue
        if verdict == CONVERT:
            decided[k] = step
        for j in mark.sources:
            if j in owner:
                links.setdefault(owner[j], []).append(k)
    for k in spread(list(decided), links) - decided.keys():
        decided[k] = SPREAD
    return marks, decided


def _paren_units(text: str) -> list[tuple[int, ...]]:
    """Positions of `(`/`)`: matched pairs within a line as (open, close), the rest alone."""
    if "(" not in text and ")" not in text:
        return []
    stack: list[int] = []
    pairs: list[tuple[int, ...]] = []
    lone: list[int] = []
    for i, c in enumerate(text):
        if c == "\n":
            lone.extend(stack)
            stack.clear()
        elif c == "(":
            stack.append(i)
        elif c == ")":
            if stack:
                pairs.append((stack.pop(), i))
            else:
                lone.append(i)
    lone.extend(stack)
    return pairs + [(i,) for i in lone]


def py_decide(text: str) -> list[tuple[int, str]]:
    marks, decided = _decide(text)
    return sorted((p, step) for k, step in decided.items() for p in marks[k].where)


# --- the differential tests -------------------------------------------------------------

_PIECES = st.sampled_from([
    *"中文的了”）」』“（", *",;:?!.()", " ", "  ", "\n", "1", "22", "²", "①", "٣", "a", "Z",
    "，", "。", "—", "…", "http://a.cn/b,c", "ftp://x.org/?q=1;2", "someone@example.cn",
    "a.b@c", "`x,y`", "`", "@", "://", "\ud800", "🙂", "\u3000",
])


@settings(max_examples=4000, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_halfwidth_decisions_agree(text: str) -> None:
    assert native_decide(text) == py_decide(text)


@pytest.mark.parametrize("name", [*CORPORA, "synthetic"])
def test_halfwidth_agrees_on_what_p004_sees(name: str) -> None:
    if name == "synthetic":
        from cleaner.evaluate.synthetic import CLASSES, damage

        clean = [p.read_text("utf-8") for p in (ROOT / "cleaner/sample/clean").glob("*.txt")]
        texts = [damage(text, list(CLASSES), seed) for text in clean for seed in (0, 1)]
    else:
        texts = [d.text for d in reaching("P004", documents(CORPORA[name]))]
    converted = 0
    for text in texts:
        expected = py_decide(text)
        assert native_decide(text) == expected
        converted += bool(expected)
    assert converted >= 2
