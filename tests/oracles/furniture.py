"""B005's Sheet pass and steps as they were in Python before the native core (rules/
boilerplate/furniture.py before native/src/sheet.rs; the running lines are
tests/oracles/running.py, the keys and near groups tests/oracles/clusters.py): the oracle of
tests/test_native_furniture_sheet.py."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from cleaner_rules.boilerplate.lines import drop_lines
from cleaner_rules.boilerplate.steps import drops, taken
from cleaner_rules.text.chars import HAN, ends_sentence

from cleaner.rule import Decision
from oracles import running

# A page label standing alone on its line: `— 3 —`, `- 3 -`, `第 3 页`, `第3页 共9页`,
# `3 / 9`, `Page 3 of 9`. OCR reads the dashes of `— 3 —` as `一`, and may lose one of
# them: `3一` is a bare page number (it goes where it stands alone).
# Dashes as fonts and extractors write them: hyphen-minus, U+2010-2015 (PyMuPDF reads a
# Noto `-` as the non-breaking U+2011), minus sign, small and full-width hyphen-minus.
_DASHES = "-‐‑‒–—―−﹣－"
_PAGE_LABEL = re.compile(
    rf"(?:[{_DASHES}~一]+\s*\d{{1,4}}\s*[{_DASHES}~一]+"
    r"|第\s*\d{1,4}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页頁])?"
    r"|共\s*\d{1,4}\s*[页頁]\s*[,，]?\s*第\s*\d{1,4}\s*[页頁]|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp](?:age|\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)"
)
_LABEL_STARTS = _DASHES + "~一第共Pp"  # with a digit (`\\d`): the first characters of both patterns
_BARE_NUMBER = re.compile(
    rf"[{_DASHES}\s]*(\d{{1,4}})[{_DASHES}\s]*|(\d{{1,4}})\s*一{{1,2}}|一{{1,2}}\s*(\d{{1,4}})"
)
# What OCR makes of a rule, a box edge or a picture: a bar with a glyph or two on one side,
# or a Han glyph between two stray Latin letters, alone between blank lines.
_SPECK = re.compile(rf"[A-Za-z][{HAN}]{{1,2}}[A-Za-z]|[^|¦\s]{{0,2}}[|¦]|[|¦][^|¦\s]{{0,2}}")


class Sheet:
    """A document's lines as the steps read them: the stripped lines, the page labels and
    bare numbers, and the running lines."""

    def __init__(self, text: str) -> None:
        # Form feeds (page breaks, as U001 leaves them) bound pages, then are line breaks.
        self.breaks = _page_breaks(text)
        self.lines = text.replace("\f", "\n").split("\n")
        self.cores = cores = [line.strip() for line in self.lines]
        self.nonblank = [i for i, core in enumerate(cores) if core]
        self.labels: set[int] = set()
        self.bare: dict[int, int] = {}  # line: its number
        for i in self.nonblank:
            core = cores[i]
            if not (core[0] in _LABEL_STARTS or core[0].isdecimal()):
                continue  # what every label and bare number begins with
            if len(core) <= 24 and _PAGE_LABEL.fullmatch(core):
                self.labels.add(i)
            elif len(core) <= 12 and (m := _BARE_NUMBER.fullmatch(core)):
                self.bare[i] = int(m.group(1) or m.group(2) or m.group(3))
        self.counts = _page_sequence(self.bare, self.nonblank)
        self.lone = {i for i in self.bare if _standalone(self.lines, i)}
        # Steps 5-7 are found together; the lines of steps 1-3 are the page boundaries.
        pages = self.labels | self.counts | self.lone
        self.running = running.running_lines(self.cores, self.nonblank, pages, self.breaks)


def _page_labels(s: Sheet) -> Iterable[int]:
    """Step 1: page labels alone on their line."""
    return s.labels


def _page_counts(s: Sheet) -> Iterable[int]:
    """Step 2: bare numbers counting up at page distance."""
    return s.counts


def _lone_numbers(s: Sheet) -> Iterable[int]:
    """Step 3: bare numbers that do not go on with the sentence above."""
    return s.lone


def _specks(s: Sheet) -> Iterable[int]:
    """Step 4: OCR specks alone between blank lines."""
    cores = s.cores
    return [
        i for i in s.nonblank
        if not (i and cores[i - 1]) and not (i + 1 < len(cores) and cores[i + 1])
        and len(cores[i]) <= 5 and _SPECK.fullmatch(cores[i])
    ]


def _running_edges(s: Sheet) -> Iterable[int]:
    """Step 5: running headers and footers at page edges."""
    return s.running.edge


def _split_headers(s: Sheet) -> Iterable[int]:
    """Step 6: both halves of a header OCR split in two."""
    return s.running.split


def _stray_copies(s: Sheet) -> Iterable[int]:
    """Step 7: copies of removed running lines away from the edges."""
    return s.running.stray


def _page_breaks(text: str) -> list[int]:
    """The first line of each page after a form feed, counting the form feeds as line
    breaks."""
    if "\f" not in text:
        return []
    breaks, line = [], 0
    for page in text.split("\f")[:-1]:
        line += page.count("\n") + 1
        breaks.append(line)
    return breaks


def _page_sequence(bare: dict[int, int], nonblank: list[int]) -> set[int]:
    """Bare numbers that count pages: N and N+1 stand at least running.MIN_GAP lines apart."""
    if len(bare) < 2:
        return set()
    rank = {i: k for k, i in enumerate(nonblank)}
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for i, v in bare.items():
        first.setdefault(v, rank[i])
        last[v] = rank[i]
    return {
        i for i, v in bare.items()
        if (v + 1 in last and last[v + 1] >= rank[i] + running.MIN_GAP)
        or (v - 1 in first and first[v - 1] <= rank[i] - running.MIN_GAP)
    }


def _standalone(lines: list[str], i: int) -> bool:
    """A bare number is a page number unless it continues the sentence of the line above."""
    prev = next((lines[j].strip() for j in range(i - 1, -1, -1) if lines[j].strip()), "")
    if not prev:
        return True
    return ends_sentence(prev) or not lines[i - 1].strip() or i + 1 >= len(lines)


Step = Callable[[Sheet], Iterable[int]]
STEPS: tuple[tuple[str, Step], ...] = (
    ("1 page-label", _page_labels),
    ("2 page-count", _page_counts),
    ("3 lone-number", _lone_numbers),
    ("4 speck", _specks),
    ("5 running-edge", _running_edges),
    ("6 split-header", _split_headers),
    ("7 stray-copy", _stray_copies),
)


def apply(text: str) -> str:
    """`PageFurniture.apply` of the text."""
    s = Sheet(text)
    doomed = taken(STEPS, s)
    return drop_lines(s.lines, s.cores, doomed) if doomed else "\n".join(s.lines)


def decisions(text: str) -> list[Decision]:
    """`PageFurniture.decisions` of the text."""
    s = Sheet(text)
    return drops(STEPS, s, lambda i: s.cores[i][:40])
