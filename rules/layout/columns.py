"""Page columns that a layout-preserving extractor set side by side on one line.

`pdftotext -layout` (and other extractors that keep the page's geometry) print a
multi-column page row by row: each output line holds one line of every column, separated
by the gutter's run of spaces. Unlike columns interleaved line by line, this can be undone:
the gutter says where each column's piece of the row is. The rule reads every page column
by column, as a reader would.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass

from cleaner_rules.text.chars import HAN, HAN_RE, at_least, display_width, ends_sentence

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

# Two pieces of text with a gutter (two spaces or more) between them, Han on both sides.
_GUTTER = re.compile(f"[{HAN}，。、；：！？”）》]  +[{HAN}“（《\\w]")
_PIECE = re.compile(r"\S+(?: \S+)*")
_CLOSING = "，。、；：！？”）》"
MAX_COLUMNS = 4  # newspapers set up to four columns on a page; more gutters are a table
MIN_ROWS = 6  # rows of two columns or more a document needs before it is read as columns
MAX_STEP = 3  # piece starts this close (in characters) belong to one column
MAX_SHIFT = 6  # how far a one-space gutter may stand from the column's usual start
MIN_SHARE = 0.15  # of the split rows that must start a piece in a column
MIN_GUTTER = 8  # a row indented this far (in characters) can only be a later column
MAX_ENDED = 0.4  # share of a column's pieces that may end a sentence
MIN_FULL = 0.5  # share of the first column's pieces that must be full lines
TRUSTED_INDENTS = 0.7  # share of indented lines that must follow a sentence end


@dataclass(frozen=True)
class _Piece:
    start: int  # character index in the row
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _rows(*pairs: tuple[str, str], at: int = 18) -> str:
    """Two columns set side by side as `pdftotext -layout` prints them (for examples)."""
    return "\n".join((left.ljust(at) + right).rstrip() for left, right in pairs)


class SideBySideColumns(Rule):
    code = "L001"
    name = "side-by-side-columns"
    stage = Stage.LAYOUT
    summary = "Read a page whose columns stand side by side on each line column by column."
    rationale = (
        "`pdftotext -layout` and other extractors that keep a page's geometry print a "
        "two- or three-column page row by row: every line holds a piece of each column, "
        "with the gutter's spaces between them. Read as it stands, the text alternates "
        "between columns in mid-sentence. Where most rows of a page split at gutters that "
        "line up (the same columns on every page), each row's pieces go to their columns "
        "and the page is written column after column; a headline or running header above "
        "the columns and a footer below them stay where they are. Prose with a run of "
        "spaces here and there, tables of short cells and code are not columns."
    )
    references = (
        "Poppler's pdftotext -layout output, which prints a page's columns row by row",
    )
    limits = (
        "A glossary of equally long terms with explanations over several rows reads as columns",
        "At most four columns; a blank row in one column only is not kept",
    )
    examples = (
        Example(
            "晚报 第2版\n\n"
            + _rows(
                ("  清晨的菜市场已经热闹起来，", "鱼摊前围满了人，摊主一边称"),
                ("卖菜的老人把青菜摆得整整齐齐", "鱼一边和熟客聊天。买完鱼的"),
                ("，一捆一捆码在竹筐里。买菜的", "人又去隔壁买豆腐，豆腐还冒"),
                ("人从四面八方赶来，挑好了菜就", "着热气。"),
                ("去旁边的摊子上买鱼。", "  太阳升起来以后，菜市场慢"),
                ("  卖肉的摊子在最里面，肉是天", "慢安静了，卖豆腐的摊主收了"),
                ("不亮就从城外运来的。", "摊，推着车回家去了。"),
            )
            + "\n\n— 2 —",
            "晚报 第2版\n\n  清晨的菜市场已经热闹起来，\n卖菜的老人把青菜摆得整整齐齐\n"
            "，一捆一捆码在竹筐里。买菜的\n人从四面八方赶来，挑好了菜就\n去旁边的摊子上买鱼。\n"
            "  卖肉的摊子在最里面，肉是天\n不亮就从城外运来的。\n鱼摊前围满了人，摊主一边称\n"
            "鱼一边和熟客聊天。买完鱼的\n人又去隔壁买豆腐，豆腐还冒\n着热气。\n"
            "  太阳升起来以后，菜市场慢\n慢安静了，卖豆腐的摊主收了\n摊，推着车回家去了。\n\n— 2 —",
        ),
        # The columns' rows drift apart: the second column's lines stand on rows of their
        # own, and a row's text runs on in one column below the last row of two.
        Example(
            _rows(
                ("山路两旁的竹子又高又密，风", "溪水从石缝里流出来，清得"),
                ("一吹就沙沙地响。走到半山腰", "能看见水底的小鱼。村里的"),
                ("，能看见一条小溪。", ""),
                ("", "孩子常在溪边捉鱼，捉到了"),
                ("再往上走是一片茶园，茶园里", "就放进木桶里带回家。傍晚"),
                ("的茶树排得整整齐齐，采茶的", "的时候，山上起了雾，茶园"),
                ("人背着竹篓在树中间走来走去", "和竹林都看不清了，采茶的"),
                ("，竹篓里的茶叶越装越满。", "人也下山了。"),
            ),
            "山路两旁的竹子又高又密，风\n一吹就沙沙地响。走到半山腰\n，能看见一条小溪。\n"
            "再往上走是一片茶园，茶园里\n的茶树排得整整齐齐，采茶的\n人背着竹篓在树中间走来走去\n"
            "，竹篓里的茶叶越装越满。\n溪水从石缝里流出来，清得\n能看见水底的小鱼。村里的\n孩子常在溪边捉鱼，捉到了\n"
            "就放进木桶里带回家。傍晚\n的时候，山上起了雾，茶园\n和竹林都看不清了，采茶的\n"
            "人也下山了。",
        ),
        # A table of short cells is not columns of prose.
        Example(
            "城市    人口    面积\n北京    两千万  一万六\n上海    两千万  六千三\n"
            "广州    一千八  七千四\n深圳    一千七  两千\n成都    两千    一万四\n"
            "重庆    三千    八万"
        ),
        # Prose with a stray run of spaces stays as written.
        Example("他说：  “明天见。”\n第二天一早，  他就出门了。"),
    )

    def gate(self, text: str) -> bool:
        # Each gutter holds a run of two spaces of its own: counting those (one C scan)
        # shuts the gate on most text before the pattern tries every Han character.
        return text.count("  ") >= MIN_ROWS and at_least(_GUTTER, text, MIN_ROWS)

    def apply(self, doc: Document) -> str:
        text = doc.text
        if "```" in text or "~~~" in text:
            return text  # Markdown: a run of spaces in code is the author's
        pages = [page.split("\n") for page in text.split("\f")]
        starts = _column_starts([row for rows in pages for row in rows])
        if starts is None:
            return text
        read = [_read_page(rows, starts) for rows in pages]
        blocks = [part for parts in read for part in parts if isinstance(part, _Block)]
        if not blocks:
            return text
        indents = _trust_indents(blocks, starts)
        return "\f".join(
            "\n".join(_lines(parts, starts, indents)) for parts in read
        )


Cells = dict[int, _Piece]  # a row's text by column


@dataclass(frozen=True)
class _Block:
    """Rows that hold the columns side by side."""

    rows: list[Cells]


def _table_row(row: str) -> bool:
    """A Markdown or tab-separated table row: its cells are not columns of prose."""
    return "|" in row or "\t" in row


def _pieces(row: str) -> list[_Piece]:
    """The row's runs of text between gaps of two spaces or more."""
    return [_Piece(m.start(), m.group()) for m in _PIECE.finditer(row)]


def _prose(piece: _Piece) -> bool:
    """A piece of a column of prose: a few Han characters at least."""
    return at_least(HAN_RE, piece.text, 4)


def _column_starts(rows: list[str]) -> list[int] | None:
    """Where each column starts, in characters, or None when the text has no columns.

    The starts of the second and later pieces of rows that split into prose are counted,
    and rows of prose that stand far to the right (a later column alone on its row);
    starts within `MAX_STEP` of each other are one column (the typesetter's x position maps
    to a character index only roughly). A column needs `MIN_ROWS` rows and `MIN_SHARE` of
    the split rows; the first column starts at the left margin."""
    counts: Counter[int] = Counter()
    margins: Counter[int] = Counter()
    split_rows = 0
    split: list[list[_Piece]] = []
    for row in rows:
        if _table_row(row):
            continue
        pieces = _pieces(row)
        if not pieces or not all(_prose(p) for p in pieces):
            continue
        if len(pieces) == 1:
            if pieces[0].start >= MIN_GUTTER:
                counts[pieces[0].start] += 1
            continue
        split_rows += 1
        split.append(pieces)
        margins[pieces[0].start] += 1
        counts.update(p.start for p in pieces[1:])
    if split_rows < MIN_ROWS or not _wraps(split):
        return None
    clusters: list[list[int]] = []
    for start in sorted(counts):
        if clusters and start - clusters[-1][-1] <= MAX_STEP:
            clusters[-1].append(start)
        else:
            clusters.append([start])
    need = max(MIN_ROWS, MIN_SHARE * split_rows)
    starts = [_centre(c, counts) for c in clusters if sum(counts[s] for s in c) >= need]
    if not starts or len(starts) > MAX_COLUMNS:
        return None
    return [min(margins), *starts]


def _wraps(split: list[list[_Piece]]) -> bool:
    """Do the split rows read as wrapped columns of prose rather than a table whose cells
    are a term and a sentence? A column wraps its text: most pieces stop mid-sentence, and
    most of the first column's pieces are full lines, about as wide as its widest."""
    pieces = [p for row in split for p in row]
    ended = sum(ends_sentence(p.text) for p in pieces)
    widths = sorted(display_width(row[0].text) for row in split)
    widest = widths[int(len(widths) * 0.9)]
    full = sum(width >= 0.8 * widest for width in widths)
    return ended <= MAX_ENDED * len(pieces) and full >= MIN_FULL * len(widths)


def _centre(cluster: list[int], counts: Counter[int]) -> int:
    """The start most of the cluster's pieces have."""
    return max(cluster, key=lambda s: (counts[s], -s))


def _column(piece: _Piece, starts: list[int]) -> int:
    """The column a piece stands in: the one whose start is nearest to the piece's."""
    return min(range(len(starts)), key=lambda j: (abs(piece.start - starts[j]), j))


def _read_page(rows: list[str], starts: list[int]) -> list[str | _Block]:
    """The page as rows that stay where they are (a running header, a headline across the
    columns, a footer) and blocks of columns."""
    placed = [_place(row, starts) for row in rows]
    full = _full_width(placed)
    parts: list[str | _Block] = []
    i = 0
    while i < len(rows):
        if not _opens(placed, i, full, starts):
            parts.append(rows[i])
            i += 1
            continue
        last = _block_end(placed, i, full)
        parts.append(_Block([cells for cells in placed[i:last + 1] if cells is not None]))
        i = last + 1
    return parts


def _place(row: str, starts: list[int]) -> Cells | None:
    """The row's pieces by column, {} for a blank row, None for a row that does not fit the
    columns (a piece running across a gutter that no single space cuts)."""
    if _table_row(row):
        return None
    cells: Cells = {}
    pieces = deque(_pieces(row))
    while pieces:
        piece = pieces.popleft()
        j = _column(piece, starts)
        right = starts[j + 1] if j + 1 < len(starts) else None
        if right is not None and piece.end > right:
            halves = _split_at_gutter(piece, right)
            if halves is None:
                return None
            pieces.extendleft(reversed(halves))
            continue
        if j in cells:  # two pieces in one column: a wide space inside it
            cells[j] = _Piece(cells[j].start, cells[j].text + " " + piece.text)
        else:
            cells[j] = piece
    return cells


def _split_at_gutter(piece: _Piece, right: int) -> list[_Piece] | None:
    """A piece that runs across the next column's start, cut at a one-space gutter near it
    (justified text fills the column to the gutter's edge), or None: a line across both."""
    spaces = [k for k, char in enumerate(piece.text) if char == " "]
    near = [k for k in spaces if abs(piece.start + k + 1 - right) <= MAX_SHIFT]
    if not near:
        return None
    k = min(near, key=lambda k: abs(piece.start + k + 1 - right))
    left, rest = piece.text[:k], piece.text[k + 1:]
    if not (HAN_RE.match(left[-1]) or left[-1] in _CLOSING) or not HAN_RE.match(rest[0]):
        return None
    return [_Piece(piece.start, left), _Piece(piece.start + k + 1, rest)]


def _full_width(placed: list[Cells | None]) -> int:
    """The typical length of a first column's piece in rows that fill two columns or more."""
    lengths = sorted(len(p[0].text) for p in placed if p and 0 in p and len(p) >= 2)
    return lengths[len(lengths) // 2] if lengths else 0


def _opens(placed: list[Cells | None], i: int, full: int, starts: list[int]) -> bool:
    """Does row `i` open a block: prose in every column (a column may open with a short
    heading), one piece at least half as long as usual, and right below it (one row down,
    or two where the columns' rows drift apart) another row with text in two columns? A
    running header of short pieces, or a date beside a title with blank rows under it,
    does not open one."""
    cells = placed[i]
    if not cells or len(cells) != len(starts):
        return False
    if max(len(piece.text) for piece in cells.values()) * 2 < full:
        return False
    if not all(_prose(piece) for piece in cells.values()):
        return False
    after = placed[i + 1:i + 3]
    return bool(after) and after[0] != {} and any(p is not None and len(p) >= 2 for p in after)


def _block_end(placed: list[Cells | None], first: int, full: int) -> int:
    """The block's last row: the last that fits the columns before one that runs across a
    gutter (a footer line, the next headline) or the page's end; a short line of its own
    under a blank row at the very end (a page label, a footer) stays out of it."""
    last = first
    for i in range(first, len(placed)):
        cells = placed[i]
        if cells is None:
            break
        if cells:
            last = i
    cells = placed[last]
    if (
        last > first + 1
        and cells
        and len(cells) == 1
        and _footer(next(iter(cells.values())), full)
        and placed[last - 1] == {}
    ):
        last -= 1
        while last > first and placed[last] == {}:
            last -= 1
    return last


def _footer(piece: _Piece, full: int) -> bool:
    """Could this piece be a footer: short, or a page label rather than prose?"""
    return len(piece.text) * 2 < full or not _prose(piece)


def _indent(piece: _Piece, start: int) -> bool:
    """Does the piece stand a paragraph indent (one or two Han characters) right of its
    column's start?"""
    return 2 <= piece.start - start <= 4


def _trust_indents(blocks: list[_Block], starts: list[int]) -> bool:
    """Are the indents in later columns paragraph indents? Where the extractor places a
    column's pieces exactly (ReportLab, WeasyPrint) they are; where it places them only
    roughly (justified XeLaTeX lines with Latin or digits), pieces wander a few
    characters either way. A real indent opens a paragraph, so the line above it in its
    column ends a sentence; most wandering pieces follow a line cut mid-sentence."""
    indented = after_end = 0
    for block in blocks:
        for j, start in enumerate(starts):
            above = None
            for cells in block.rows:
                piece = cells.get(j)
                if piece is None:
                    continue
                if above is not None and _indent(piece, start):
                    indented += 1
                    after_end += ends_sentence(above.text)
                above = piece
    return after_end >= TRUSTED_INDENTS * indented


def _lines(parts: list[str | _Block], starts: list[int], indents: bool) -> list[str]:
    """The page's lines: rows as they stand, each block column after column; a blank row
    is a blank line in every column. Rows outside the blocks lose the page's left margin
    (the columns' pieces do not have it either); without trusted indents no line keeps
    its leading spaces, so that line-wrap repair does not read the rest's as paragraph
    marks."""
    lines: list[str] = []
    for part in parts:
        if isinstance(part, str):
            row = part.rstrip()
            margin = len(row) - len(row.lstrip(" "))
            lines.append(row[min(margin, starts[0]):] if indents else row.lstrip(" "))
            continue
        for j, start in enumerate(starts):
            for cells in part.rows:
                if not cells:
                    lines.append("")
                elif j in cells:
                    piece = cells[j]
                    lines.append(("  " if indents and _indent(piece, start) else "") + piece.text)
    return lines
