"""Removing lines: what B001, B002, B004, B005 and B007 share. Joining the two halves of a
sentence a removed line cut apart is `cleaner_rules.text.seams`, which W001 uses too."""

from __future__ import annotations

import re
from collections.abc import Container

from cleaner_rules.text.chars import HAN, ends_sentence

# The start of a line that goes on with the sentence above: a Han character or a mark that
# cannot open a sentence.
CONTINUES = re.compile(f"[{HAN}，。、；：！？”’」』）》]")


def remove_lines(lines: list[str], doomed: Container[int]) -> list[str]:
    """Drop lines without leaving their blank lines behind as extra paragraph gaps."""
    out: list[str] = []
    skipping = False
    for i, line in enumerate(lines):
        if i in doomed:
            skipping = bool(out) and not out[-1].strip()
            continue
        if skipping and not line.strip():
            continue
        skipping = False
        out.append(line)
    return out


def drop_lines(lines: list[str], cores: list[str], doomed: Container[int]) -> str:
    """Remove the doomed lines. Where they cut a sentence at a page break, the break's
    blank lines go too; elsewhere one blank line is left for each run of them."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i not in doomed:
            out.append(lines[i])
            i += 1
            continue
        j, blank = i, False
        while j < len(lines) and (j in doomed or not cores[j]):
            blank |= j not in doomed
            j += 1
        while out and not out[-1].strip():
            out.pop()
            blank = True
        prev = out[-1].strip() if out else ""
        if blank and out and j < len(lines) and (ends_sentence(prev) or len(prev) < 8):
            out.append("")
        i = j
    return "\n".join(out)
