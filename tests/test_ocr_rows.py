"""L003 on real tesseract output of short columns (tests/fixtures/ocr_rows, README there)."""

import re
import runpy
from pathlib import Path

import pytest
from cleaner_rules.layout.rows import RowsAcrossColumns
from rapidfuzz.distance import Levenshtein

from cleaner import _native
from cleaner.document import Document

HERE = Path(__file__).parent / "fixtures" / "ocr_rows"
PARAS = runpy.run_path(str(HERE / "library_story.py"))["PARAS"]

READ_ACROSS = {"col2_w14_rule", "col2_w16_plain", "col3_w10_rule", "col3_w12_plain"}
TRUTH = "".join(PARAS)


def _distance(text: str) -> int:
    """Edit distance to the story, whitespace aside (headers and OCR misreads cost the same
    before and after; a line out of column order costs twice its length)."""
    return Levenshtein.distance(re.sub(r"\s+", "", text), TRUTH)


@pytest.mark.parametrize("path", sorted(HERE.glob("*.txt")), ids=lambda p: p.stem)
def test_rows_across_columns_are_read_column_by_column(path: Path) -> None:
    raw = path.read_text("utf-8")
    out = RowsAcrossColumns().apply(Document.from_text(raw))
    if path.stem in READ_ACROSS:
        # Every line put back in its column: what is left is OCR's own misreads.
        assert _distance(out) <= _distance(raw) - 15
    else:
        assert out == raw


def test_every_fixture_is_there() -> None:
    assert {p.stem for p in HERE.glob("*.txt")} >= READ_ACROSS


def test_the_core_counts_what_split_keeps_for_every_whitespace_character() -> None:
    # native/src/rows.rs measures lines and pieces by their characters other than these.
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    for space in spaces:
        text = f"{space}两栏{space}{space}排版 a{space}"
        visible = _native.han_counts(text.encode("utf-32-le", "surrogatepass"))[1]
        assert visible == len("".join(text.split())), hex(ord(space))
