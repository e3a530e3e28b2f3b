"""Text set as a narrow PDF column: the shared layout of the layout damage classes.

`set_column` wraps the paragraphs at a drawn width (`wrap_paragraph`, with the line-breaking
rules of Chinese typesetting), the layout classes place their damage in the column
(`interstitial`, `page_break`, `letter_spacing`), and `render` prints it with the blank
lines a PDF extractor leaves between paragraphs. Together they make one pass, so classes
combined damage the same column.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from cleaner.evaluate.synthetic.text import (
    clearly_ends,
    display_width,
    is_alnum,
    is_cjk,
    is_heading,
    mid_sentence,
    paragraphs,
)

# Line-breaking rules of Chinese typesetting (kinsoku): these never start or end a line.
_NO_LINE_START = "，。、；：？！”’）》」』】〕…—%·,.;:?!)"
_NO_LINE_END = "“‘（《「『【〔("


def atoms(par: str) -> list[tuple[str, str]]:
    """Split a paragraph into unbreakable atoms, each with the separator before it.

    A break may fall between two characters unless both are ASCII (never inside a Latin word
    or number), one is a space, or typesetting forbids it (closing punctuation at a line
    start, opening punctuation at a line end). A single space whose neighbours are
    letters/digits or CJK is a break opportunity that the break consumes: joining Latin words
    restores one space, joining next to CJK restores none, as the policy's join rule does.
    """

    def breakable(a: str, b: str) -> bool:
        return a not in _NO_LINE_END and b not in _NO_LINE_START

    out: list[tuple[str, str]] = []
    cur, sep = "", ""
    n = len(par)
    for i, ch in enumerate(par):
        if ch == " " and 0 < i < n - 1 and cur:
            a, b = par[i - 1], par[i + 1]
            if (is_alnum(a) or is_cjk(a)) and (is_alnum(b) or is_cjk(b)) and breakable(a, b):
                out.append((sep, cur))
                cur, sep = "", " "
                continue
        if (
            cur
            and not (ch.isspace() or cur[-1].isspace())
            and not (ch.isascii() and cur[-1].isascii())
            and breakable(cur[-1], ch)
        ):
            out.append((sep, cur))
            cur, sep = "", ""
        cur += ch
    if cur:
        out.append((sep, cur))
    return out


def wrap_paragraph(par: str, cols: int) -> list[str]:
    """Greedy wrap at `cols` display columns; an atom wider than `cols` gets a line of its own."""
    lines: list[str] = []
    line, width = "", 0
    for sep, atom in atoms(par):
        aw = display_width(atom)
        if not line:
            line, width = atom, aw
        elif width + len(sep) + aw <= cols:
            line, width = line + sep + atom, width + len(sep) + aw
        else:
            lines.append(line)
            line, width = atom, aw
    if line:
        lines.append(line)
    return lines


@dataclass
class Par:
    """One paragraph of the column: its lines, and extra lines placed after line i."""

    lines: list[str]
    heading: bool
    after: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class Column:
    """The laid-out text before printing, where the layout classes place their damage.

    `inner` lists (paragraph, line) of every line of a wrapped paragraph but its last;
    `mid` those of them that end mid-sentence, where an ad or a page break may fall.
    """

    width: int
    pars: list[Par]
    inner: list[tuple[int, int]]
    mid: list[tuple[int, int]]


def set_column(text: str, rng: random.Random) -> Column:
    """Wrap the text as a narrow PDF column.

    The first draw of `rng` picks the column width: 8-24 CJK characters (16-48 columns).
    Headings stay whole on their own lines.
    """
    cols = 2 * rng.randint(8, 24)
    pars = [
        Par([p], True) if is_heading(p) else Par(wrap_paragraph(p, cols), False)
        for p in paragraphs(text)
    ]
    inner = [
        (pi, li)
        for pi, par in enumerate(pars)
        if not par.heading
        for li in range(len(par.lines) - 1)
    ]
    mid = [(pi, li) for pi, li in inner if mid_sentence(pars[pi].lines[li])]
    return Column(cols, pars, inner, mid)


def render(col: Column, rng: random.Random) -> str:
    """Print the column, extra lines included.

    Headings have blank lines around them. Paragraphs are separated by a blank line, except
    sometimes after a paragraph whose last line is clearly short and ends a sentence, which
    is how newspaper columns show a paragraph end.
    """
    pars = col.pars

    def looks_like_end(line: str) -> bool:
        return display_width(line) <= col.width - 8 and clearly_ends(line)

    # Paragraphs may run on without a blank line only if no line inside a paragraph (cut
    # short by a long unbreakable atom) could be mistaken for a paragraph end.
    may_run_on = not any(looks_like_end(pars[pi].lines[li]) for pi, li in col.inner)
    out: list[str] = []
    for k, par in enumerate(pars):
        if k:
            prev = pars[k - 1]
            tight = (
                may_run_on
                and not prev.heading
                and not par.heading
                and looks_like_end(prev.lines[-1])
                and rng.random() < 0.5
            )
            if not tight:
                out.append("")
        for li, line in enumerate(par.lines):
            out.append(line)
            out.extend(par.after.get(li, ()))
    return "\n".join(out)
