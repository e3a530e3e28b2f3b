"""L003's rows across short columns before the native core took them over
(rules/layout/rows.py): the column width of the document's Han lines, the rows cut at the
gutters nearest it, and the blocks of such rows that end a page, written column after
column."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner_rules.text.chars import HAN, HAN_RE, ends_sentence

MIN_LINES = 12  # column lines a document needs before its width is trusted
MAX_WIDTH = 24  # characters a column line holds at most; wider lines are one column
MIN_SHARE = 0.5  # of the Han lines that must be within TOLERANCE of the width
TOLERANCE = 3  # characters a full column line may fall short of the width (or exceed it
# by one more: digits and Latin letters are narrower than Han)
MAX_COLUMNS = 4
MAX_FOOT = 8  # characters of a page label under the block
_NOISE = "|｜”“。\"'‘’"  # what the gutter's rule or shadow reads as
_GAP = re.compile(f" +(?:[{re.escape(_NOISE)}]{{1,2}} +)?|[|｜] *|(?<! )[“”]{{1,2}}(?! )")
_FOUR_HAN = re.compile(f"(?:[^{HAN}]*[{HAN}]){{4}}")
_TABLE_RULE = re.compile(r"^ *\|? *:?-{3,}:? *\|", re.M)  # a Markdown table's delimiter row
# A closing quote never starts a line (clreq's prohibition rules): at a piece's start it
# is a speck of the gutter, as is a rule's stroke.
_NO_LINE_START = "”’|｜ "


def _visible(text: str) -> int:
    """Characters other than whitespace (`str.split`'s, which is the regex `\\s`). Every
    such whitespace character but the space is unprintable (categories Cc, Zs, Zl, Zp),
    so a printable text's count needs no split."""
    if text.isprintable():
        return len(text) - text.count(" ")
    return len("".join(text.split()))


def column_width(lines: list[str]) -> int | None:
    """How many characters a column line holds, when the document is set in narrow
    columns: the median of its Han lines, when most of them are that long and most of
    those stop mid-phrase (a column wraps anywhere; verse and lists end their lines)."""
    cores = [core for line in lines if _FOUR_HAN.match(core := line.strip())]
    if len(cores) < MIN_LINES:
        return None
    sizes = list(map(_visible, cores))
    width = sorted(sizes)[len(cores) // 2]
    if width > MAX_WIDTH:
        return None
    near = [c for c, n in zip(cores, sizes, strict=True) if abs(n - width - 0.5) <= TOLERANCE + 0.5]
    wrapped = sum(core[-1].isalnum() for core in near)
    if len(near) < MIN_SHARE * len(cores) or wrapped < MIN_SHARE * len(near):
        return None
    return width


@dataclass(frozen=True)
class _Gap:
    start: int  # index in the row where the gutter starts
    end: int  # index where the next column's piece starts
    before: int  # visible characters before it

    def marked(self, row: str) -> bool:
        return self.end - self.start >= 2 or row[self.start:self.end].strip() != ""

    def fits(self, row: str, target: int) -> bool:
        """A gutter between two Han or CJK punctuation characters near the width; a
        single space next to a digit or a Latin letter is OCR's word spacing. A quote
        glued to the text is a gutter only right at the width."""
        if row[self.start] in "“”":
            return abs(self.before - target) <= 1
        if not target - TOLERANCE <= self.before <= target + TOLERANCE + 1:
            return False
        plain = row[self.start:self.end].strip() == "" and self.end - self.start == 1
        return not plain or not (row[self.start - 1].isascii() or row[self.end].isascii())


def _gaps(row: str) -> list[_Gap]:
    gaps, seen, last = [], 0, 0
    for m in _GAP.finditer(row):
        if m.start() == 0 or m.end() == len(row):
            continue
        seen += _visible(row[last:m.start()])
        last = m.start()
        gaps.append(_Gap(m.start(), m.end(), seen))
    return gaps


def split_row(row: str, width: int, opener: bool = True) -> list[str] | None:
    """The row's pieces, one per column, or None when it is one column's line (or
    cannot be cut at gutters near the column width). A row that opens a block must be
    half again as long as a column line; below it, a row whose later columns have ended
    may be shorter, if a gutter cuts it."""
    row = row.strip()
    if opener and len(row) < 1.5 * width + TOLERANCE:
        return None  # shorter than a row could be, spaces and all
    if "\t" in row or row.startswith(("|", "｜")) or row.endswith(("|", "｜")):
        return None  # a table row
    visible = _visible(row)
    if visible > MAX_COLUMNS * (width + TOLERANCE + 1) or (
        opener and visible < 1.5 * width + TOLERANCE
    ):
        return None
    pieces: list[str] = []
    while len(pieces) < MAX_COLUMNS - 1:
        # A piece of a column line's length is cut again only at a marked gutter.
        cut = _cut(row, width, marked=_visible(row) <= width + 1)
        if cut is None:
            break
        pieces.append(row[:cut.start].rstrip())
        row = row[cut.end:].lstrip(_NO_LINE_START)
    if not pieces or _visible(row) > width + TOLERANCE + 1:
        return None
    return [*pieces, row]


def _cut(row: str, width: int, marked: bool) -> _Gap | None:
    """The gutter after the row's first piece: the fitting gap nearest the width, or a
    wide gap after a finished sentence (a paragraph's last line, short); only gaps
    marked as gutters (a rule, a speck, two spaces or more) when `marked`."""
    gaps = [g for g in _gaps(row) if not marked or g.marked(row)]
    fitting = [g for g in gaps if g.fits(row, width)]
    if fitting:
        return min(fitting, key=lambda g: (abs(g.before - width), g.start))
    return next(
        (g for g in gaps if g.end - g.start >= 3 and ends_sentence(row[:g.start])), None
    )


@dataclass
class _Block:
    first: int  # line index of the block's first row
    last: int  # ... and of its last
    rows: list[list[str]]


def _page_blocks(lines: list[str], width: int) -> list[_Block]:
    """Blocks of rows across the columns that run to the page's end: rows of two pieces
    or more (a blank line between them is OCR's; a row of the first column alone between
    two of them), then at most two rows of one column's line (the longest column goes
    on), then at most a page label."""
    blocks: list[_Block] = []
    i = 0
    while i < len(lines):
        pieces = split_row(lines[i], width)
        if pieces is None:
            i += 1
            continue
        block = _Block(i, i, [pieces])
        j = i + 1
        while j < len(lines):
            if not lines[j].strip():
                j += 1
                continue
            more = split_row(lines[j], width, opener=False)
            if more is None:
                more = _lone_row(lines, j, width)
            if more is None:
                break
            block.rows.append(more)
            block.last = j
            j += 1
        block = _tail(block, lines, width)
        if block is not None:
            blocks.append(block)
        i = j
    return blocks


def _lone_row(lines: list[str], j: int, width: int) -> list[str] | None:
    """Line `j` as a row of the first column alone (the others blank there, as where a
    paragraph ends), when a row across the columns follows it."""
    core = lines[j].strip()
    if not _column_line(core, width):
        return None
    after = next((line for line in lines[j + 1:j + 3] if line.strip()), "")
    return [core] if split_row(after, width, opener=False) is not None else None


def _tail(block: _Block, lines: list[str], width: int) -> _Block | None:
    """The block with the lone column lines under it, when nothing but a page label
    follows them on the page; None when the page goes on (a long row in running text)."""
    rest: list[tuple[int, str]] = []
    for k in range(block.last + 1, len(lines)):
        if core := lines[k].strip():
            rest.append((k, core))
            if len(rest) > 3:
                return None  # the page goes on
    if rest and _label(rest[-1][1]):
        rest.pop()
    if len(rest) > 2 or not all(_column_line(core, width) for _, core in rest):
        return None
    rows = block.rows + [[core] for _, core in rest]
    if len(rows) < 2:
        return None
    return _Block(block.first, rest[-1][0] if rest else block.last, rows)


def _label(core: str) -> bool:
    """A page number or label (`— 3 —`, `第2页`): short, with a digit."""
    return _visible(core) <= MAX_FOOT and any(c.isdigit() for c in core)


def _column_line(core: str, width: int) -> bool:
    return HAN_RE.search(core) is not None and _visible(core) <= width + TOLERANCE + 1


def unfold(text: str) -> str:
    """Every page's rows across the columns written column after column."""
    lines = text.split("\n")
    width = column_width(lines)
    if width is None:
        return text
    pages = text.split("\f")
    out = []
    for page in pages:
        rows = page.split("\n")
        for block in reversed(_page_blocks(rows, width)):
            columns = max(map(len, block.rows))
            read = [row[j] for j in range(columns) for row in block.rows if j < len(row)]
            rows[block.first:block.last + 1] = read
        out.append("\n".join(rows))
    return "\f".join(out)


def apply(text: str) -> str:
    """RowsAcrossColumns.apply: Markdown with code or a table keeps its spacing."""
    if "```" in text or "~~~" in text or _TABLE_RULE.search(text):
        return text
    return unfold(text)
