"""`LineScanner._candidates` of rules/text/linescan.py before its literal scan moved to
native/src/linescan.rs: the line starts near a required literal, found from the hits of a
non-overlapping scan (hence `reach`), then those where a free alternative matches."""

from __future__ import annotations

import re

from cleaner_rules.text.linescan import LineScanner

_LEAD = re.compile(r"[ \t]*")


def candidates(scanner: LineScanner, text: str) -> set[int]:
    """Line starts where the scanner's pattern may match."""
    first, near = scanner.first_literals, scanner.near_offsets
    first_re = _alternation(first, r"[ \t]*")
    first_in_text = _alternation(first, r"\n[ \t]*")
    near_re = _alternation(set(near))
    reach = _reach(near)
    starts: set[int] = set()
    if first_re is not None:
        if first_re.match(text):
            starts.add(0)
        starts.update(m.start() + 1 for m in first_in_text.finditer(text))
    if near_re is not None:
        prev_at = prev_line = 0
        for m in near_re.finditer(text):
            at = m.start()
            nl = text.rfind("\n", prev_at, at)
            line = nl + 1 if nl >= 0 else prev_line
            prev_at, prev_line = at, line
            _lines_within(text, at, reach[m.group()], starts, line)
    if scanner.free is not None:
        if scanner.free.match(text):
            starts.add(0)
        starts.update(m.start() + 1 for m in scanner.free_in_text.finditer(text))
    return starts


def _reach(offsets: dict[str, int]) -> dict[str, int]:
    """For each literal, the largest offset of any literal that can begin inside it."""
    by_first: dict[str, list[tuple[str, int]]] = {}
    for lit, at in offsets.items():
        by_first.setdefault(lit[0], []).append((lit, at))
    return {
        found: max(
            at
            for k in range(len(found))
            for other, at in by_first.get(found[k], ())
            if found.startswith(other, k) or other.startswith(found[k:])
        )
        for found in offsets
    }


def _lines_within(text: str, at: int, window: int, starts: set[int], line: int) -> None:
    while True:
        if at <= _LEAD.match(text, line).end() + window:
            starts.add(line)
        if line == 0 or line - 1 + window < at:
            return
        line = text.rfind("\n", 0, line - 1) + 1


def _alternation(literals: set[str], prefix: str = "") -> re.Pattern[str] | None:
    if not literals:
        return None
    body = "|".join(map(re.escape, sorted(literals, key=lambda s: (-len(s), s))))
    return re.compile(f"{prefix}(?:{body})")
