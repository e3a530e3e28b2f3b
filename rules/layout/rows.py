"""Rows read across short columns (L003): OCR's lines that hold a line of every column.

Tesseract finds text lines before it finds columns. Where a page's columns are tall it
keeps them apart, but the short columns at the end of an article (a balanced last page, a
column broken by a figure) give it rows that run across the gutter: each output line is
line 1 of every column, then line 2, with the gutter read as a run of spaces, a `|` or a
speck of punctuation. Unlike columns interleaved line by line, such a row can be cut: the
document's other lines say how many characters a column line holds. The rule cuts rows
at the gutter nearest that width and writes the block column after column.
"""

from __future__ import annotations

from cleaner import _native
from cleaner.codepoints import utf32
from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

MIN_LINES = 12  # column lines a document needs before its width is trusted


def _rows(*columns: tuple[str, ...], gutter: str = " | ") -> list[str]:
    """Short columns read across, as OCR reads them (for examples)."""
    depth = max(map(len, columns))
    return [
        gutter.join(c[i] for c in columns if i < len(c)) for i in range(depth)
    ]


_STORY = (
    "晚风吹过河堤，柳枝轻轻摆动，河面上漂着几只小船，船上的渔民正在收网，网里的鱼活蹦乱跳。"
    "岸边的孩子们看得入迷，一直等到天黑才肯回家去吃饭。"
) * 3
_BODY = "\n".join(_STORY[i:i + 14] for i in range(0, len(_STORY), 14))
_LEFT = ("第二天一早，渔民们又出发了，", "他们说今年的鱼比往年多，价钱", "也好，日子会越过越红火。")
_RIGHT = ("孩子们跟在后面跑到河边，看着", "小船慢慢划远，才恋恋不舍地回", "去上学。")


class RowsAcrossColumns(Rule):
    code = "L003"
    name = "rows-across-columns"
    stage = Stage.LAYOUT
    summary = "Cut OCR rows that run across short columns and read them column by column."
    rationale = (
        "Tesseract keeps tall columns apart, but the short columns at the end of an "
        "article give it text lines that run across the gutter: each line holds a line of "
        "every column, the gutter read as spaces, a `|` or a speck of punctuation. Where "
        "the document is set in narrow columns (most of its lines about one width), a row "
        "half again as long is cut at the gutters nearest that width, and the block of "
        "such rows, which runs to the page's end, is written column after column. Lines "
        "of ordinary width, and long lines elsewhere on a page, stay as they are."
    )
    references = ("docs/policy.md (Columns side by side)",)
    limits = (
        "The block must end its page: rows across columns in mid-page stay.",
        "A row whose gutter OCR read as nothing at all, between two Han characters, is cut "
        "only when it is too long for one column line.",
        "A column line OCR split off its row and put elsewhere is not moved back.",
    )
    examples = (
        Example(
            _BODY + "\n\n" + "\n".join(_rows(_LEFT, _RIGHT)) + "\n\n— 2 —",
            _BODY + "\n\n" + "\n".join(_LEFT + _RIGHT) + "\n\n— 2 —",
        ),
        Example(
            _BODY + "\n" + "\n".join(_rows(_LEFT, _RIGHT, gutter="    ")),
            _BODY + "\n" + "\n".join(_LEFT + _RIGHT),
        ),
        # A long line in mid-page is not a row across columns.
        Example(_BODY.replace("\n", "", 1) + "\n" + "\n".join(_LEFT)),
    )

    def gate(self, text: str) -> bool:
        return text.count("\n") >= MIN_LINES

    def apply(self, doc: Document) -> str:
        # native/src/rows.rs; Markdown with code or a table keeps its spacing.
        out = _native.unfold_rows(utf32(doc.text))
        return doc.text if out is None else out.decode("utf-32-le", "surrogatepass")
