"""Visual lines: put back together one visual line an extractor cut in pieces around a
number, a Latin word or a quotation mark (`（3690 英里）` / `，其中的…`, `…困扰。` / `“这`),
so that columns are measured on whole lines (docs/line-wrap.md, "Visual lines").
"""

from __future__ import annotations

from cleaner_rules.text.chars import OPENERS
from cleaner_rules.text.seams import join_fragments

from cleaner.rule import Decision

from .lines import NO_LINE_START, Line, columns, excerpt

STEP = "visual-line"  # how `decisions` names a piece joined here, before the numbered steps


def visual_lines(
    lines: list[Line], tolerance: int, max_gap: int, indent: int | None = None,
    joined: list[Decision] | None = None,
) -> list[Line]:
    """The lines with pieces of one visual line joined (each recorded in `joined`).

    A piece opening with a mark no line starts with joins the line above when together
    they fit the column of the whole lines around, and better than the piece alone;
    where such pieces inside paragraphs are mostly as wide as the column, the typesetter
    lets a comma open a line and every line is its own. A piece opening with a quotation
    mark or bracket joins only when together they fit the column better than either
    alone (after a sentence end, than the piece with the document's first-line `indent`:
    a paragraph's first line is full, or short by an indent), and it stops mid-word with
    the next line right under it; only given `indent`, in text known to be hard-wrapped
    (elsewhere such a line is the author's).
    """
    mark = [line.text[0] in NO_LINE_START for line in lines]
    opener = [indent is not None and line.text[0] in OPENERS for line in lines]
    if not any(mark) and not any(opener):
        return lines
    fits = _fits(lines, mark, opener, tolerance, max_gap, indent)
    return _join_pieces(lines, fits, joined)


def _whole_columns(lines: list[Line], cut: list[bool], max_gap: int) -> tuple[list[int], int]:
    """The column from whole lines only (pieces, lines cut short before a piece and lines
    ending a sentence, a paragraph's last line, say nothing about it), and the document's
    upper quartile of them for where no whole line is near (most lines of wrapped text are
    full)."""
    n = len(lines)
    whole = [
        0 if cut[k] or line.end or (k + 1 < n and cut[k + 1]) else line.size
        for k, line in enumerate(lines)
    ]
    sizes = sorted(size for size in whole if size)
    return columns(lines, max_gap, whole), sizes[len(sizes) * 3 // 4] if sizes else 0


def _fits(
    lines: list[Line], mark: list[bool], opener: list[bool], tolerance: int, max_gap: int,
    indent: int | None,
) -> list[bool]:
    """Which lines are pieces that join the line above."""
    n = len(lines)
    cut = [mark[k] or opener[k] for k in range(n)]
    col, typical = _whole_columns(lines, cut, max_gap)
    fits = [False] * n
    alone = inside = 0
    for i in range(1, n):
        a, b = lines[i - 1], lines[i]
        if not cut[i] or a.block or b.block or b.gap > max_gap:
            continue
        width = max(col[i - 1], col[i]) or typical
        tol = max(tolerance, width // 8) + (a.narrow + b.narrow) // 2
        both = a.size + b.size
        off = abs(both - width)
        if mark[i]:
            fits[i] = not width or (both <= width + tol and off < abs(width - b.size))
            if not b.end:
                inside += 1
                alone += b.size + 2 + b.narrow // 2 >= width
        elif width and b.open and not b.gap and i + 1 < n and not lines[i + 1].gap:
            short = width - b.size - (indent or 0 if a.end else 0)
            fits[i] = both <= width + tol and off < short and off < width - a.size
    if not inside or alone * 2 > inside:  # no piece inside a paragraph: no evidence
        fits = [fit and not mark[k] for k, fit in enumerate(fits)]
    return fits


def _join_pieces(lines: list[Line], fits: list[bool], joined: list[Decision] | None) -> list[Line]:
    out: list[Line] = []
    for i, b in enumerate(lines):
        if not fits[i]:
            out.append(b)
            continue
        a = out[-1]
        if joined is not None:
            joined.append(Decision(a.row + 1, STEP, "join", excerpt(a.text, b.text)))
        if a.soft:
            a.text += b.text
        else:
            a.text = join_fragments(a.text, b.text)
        a.soft, a.open, a.end, a.row = b.soft, b.open, b.end, b.row
        a.size += b.size
        a.narrow += b.narrow
        a.spaced = a.spaced and b.spaced
    return out
