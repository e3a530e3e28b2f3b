"""L002 puts interleaved columns back in order, and leaves every other text alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from cleaner_rules.layout.deinterleave import (
    _BAMBOO,
    _MARKET,
    _WELL,
    ColumnsReordered,
    _across,
    deinterleave,
)
from cleaner_rules.text.continuity import FLAG, interleaved

from cleaner.document import Document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "cleaner" / "sample"
GOLD = ROOT.parent / "shared" / "dev" / "pdf" / "gold"


def _run(text: str) -> tuple[str, Document]:
    doc = Document.from_text(text, source="t")
    return ColumnsReordered().apply(doc), doc


CLEAN = sorted(p for p in (SAMPLE / "clean").glob("*") if not p.name.endswith(".meta.json"))


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_sample_texts_are_unchanged(path):
    text = path.read_text("utf-8")
    out, doc = _run(text)
    assert out == text
    assert FLAG not in doc.extra


def test_clean_pdf_gold_texts_are_unchanged():
    if not GOLD.is_dir():
        pytest.skip("../shared is not available (a fresh clone has none)")
    changed = [p.name for p in sorted(GOLD.glob("*.txt")) if deinterleave_if_flagged(p)]
    assert changed == []


def deinterleave_if_flagged(path: Path) -> bool:
    text = path.read_text("utf-8")
    return _run(text)[0] != text


def test_three_columns_split_over_pages_come_back_in_order():
    text = _across(_WELL, _MARKET, _BAMBOO) + "\f" + _across(_MARKET, _WELL)
    out, doc = _run(text)
    assert out == "\n".join(_WELL + _MARKET + _BAMBOO) + "\f" + "\n".join(_MARKET + _WELL)
    assert doc.extra[FLAG] is True


def test_a_page_that_does_not_read_better_stays():
    # The columns already in order: every k-th line would only break them apart.
    page = "\n".join(_WELL + _MARKET)
    assert deinterleave(page) == page


def test_the_repair_is_linear_in_its_input():
    assert deinterleave("") == ""
    assert deinterleave("\f\f") == "\f\f"


def _hard_wrapped(text: str, width: int) -> list[str]:
    return [para[i:i + width] for para in text.split("\n") for i in range(0, len(para), width)]


def test_one_column_is_rarely_taken_for_columns_taking_turns() -> None:
    # Our own texts cut at a column width, no indent: the chance pairs of characters of a
    # short text alone flagged about one in nine; a word running across the break is
    # evidence they lack. Two of them taking turns line by line are always flagged.
    texts = [p.read_text("utf-8") for p in sorted((SAMPLE / "clean").glob("*.txt"))]
    texts = [t for t in texts if len(t) >= 600]
    columns = [_hard_wrapped(t, width) for t in texts for width in range(16, 32, 2)]
    flagged = sum(interleaved("\n".join(lines)) for lines in columns)
    assert flagged <= 0.05 * len(columns), (flagged, len(columns))
    for k, text in enumerate(texts):
        for width in (16, 22, 28):
            a, b = _hard_wrapped(text, width), _hard_wrapped(texts[k - 1], width)
            turns = [line for pair in zip(a, b, strict=False) for line in pair]
            assert interleaved("\n".join(turns))
