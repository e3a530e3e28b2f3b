"""W001 line-wrap: join lines broken by page layout back into paragraphs.

The algorithm is described in docs/line-wrap.md. In short: the document as a whole must
show hard wrapping (lines that stop mid-sentence at one column width, `layout.py`); then
every boundary between two non-empty lines goes through an ordered list of named steps
(`steps.STEPS`, numbered as in the docs), each saying join, break, or nothing. Markdown
structure (`markdown.py`) is never entered. `decisions` names the step behind every join.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner_rules.text.seams import seam

from cleaner.document import Document
from cleaner.rule import Decision

from .layout import Layout, build_layout
from .lines import NO_LINE_START, excerpt
from .steps import NUMBER, STEPS, Check, decide


class LineWrap:
    """W001's algorithm as the Python rule ran it, with its options as arguments."""

    def __init__(self, tolerance: int = 4, max_gap: int = 2) -> None:
        self.tolerance, self.max_gap = tolerance, max_gap

    STEPS: tuple[tuple[str, Check], ...] = STEPS

    def gate(self, text: str) -> bool:
        return "\n" in text

    def apply(self, doc: Document) -> str:
        layout = build_layout(doc.text, self.tolerance, self.max_gap)
        lines = layout.lines
        if not lines:
            return ""
        paragraphs: list[str] = []
        parts = [lines[0].text]  # pieces of the current paragraph, joined once at its end
        for i, _, join in self.verdicts(layout):
            text = lines[i + 1].text
            if not join:
                paragraphs.append("".join(parts))
                parts = [text]
            elif lines[i].soft:
                parts.append(text)
            else:
                drop, sep = seam(parts[-1], text)
                if drop:
                    parts[-1] = parts[-1][:-1]
                parts.extend((sep, text) if sep else (text,))
        paragraphs.append("".join(parts))
        return "\n".join(paragraphs)

    def verdicts(self, layout: Layout) -> Iterator[tuple[int, str, bool]]:
        """(i, deciding step, join?) for the boundary after each line i but the last: the
        one loop behind both `apply` and `decisions`, so the two cannot disagree."""
        lines = layout.lines
        first = 0  # index of the current paragraph's first line
        wrapped = layout.wrapped
        for i in range(1, len(lines)):
            a = lines[i - 1]
            # Without hard wrapping only steps 2, 4 and 5 can join: skip the rest quickly.
            if not wrapped and not (
                lines[i].text[0] in NO_LINE_START or a.soft or a.text[-1] in "-：:"
            ):
                name, join = "unwrapped", False  # (or structure, far: all break the same)
            else:
                name, join = decide(self.STEPS, layout, i - 1, first)
            if not join:
                first = i
            yield i - 1, name, join

    def decisions(self, doc: Document) -> list[Decision]:
        """Every line break `apply` joins, with the step that joined it (`9 run-on`), in
        line order; pieces of one visual line, joined before the steps, as `visual-line`.
        W001 inserts no breaks, so a boundary it keeps is no change and is not listed."""
        layout = build_layout(doc.text, self.tolerance, self.max_gap, pieces=True)
        lines = layout.lines
        out = list(layout.pieces)
        for i, name, join in self.verdicts(layout):
            if join:
                label = f"{NUMBER[name]} {name}"
                out.append(Decision(lines[i].row + 1, label, "join",
                                    excerpt(lines[i].text, lines[i + 1].text)))
        return sorted(out, key=lambda d: d.line)
