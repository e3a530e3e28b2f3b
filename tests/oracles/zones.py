"""`body_span` of rules/boilerplate/zones.py before it scanned lazily and walked back from
the end: every sentence end found first, each line judged with `at_least` and every chrome
test whatever the line's length. The oracle of tests/test_chrome.py's body-span test."""

from __future__ import annotations

from cleaner_rules.text.chars import HAN_RE, at_least, ends_sentence

from oracles.chrome import SENTENCE_LINE_END as _SENTENCE_LINE_END
from oracles.chrome import is_ui_bar
from oracles.linescan import matches


def _is_body(line: str) -> bool:
    chrome = any(matches(k, line) for k in ("anywhere", "edge", "list-header"))
    return (
        len(line) >= 12 and ends_sentence(line) and at_least(HAN_RE, line, 12)
        and not (chrome or is_ui_bar(line))
    )


def body_span(text: str, lines: list[str]) -> tuple[int, int]:
    ends = [m.start() for m in _SENTENCE_LINE_END.finditer(text)]
    line, pos, seen = 0, 0, -1
    for k, end in enumerate(ends):
        line += text.count("\n", pos, end)
        pos = end
        if line != seen:
            seen = line
            if _is_body(lines[line]):
                return line, _last_body(text, lines, ends[k:], line)
    return len(lines), -1


def _last_body(text: str, lines: list[str], ends: list[int], first: int) -> int:
    line, pos = first + text.count("\n", ends[0], ends[-1]), ends[-1]
    seen = -1
    for end in reversed(ends):
        line -= text.count("\n", end, pos)
        pos = end
        if line != seen:
            seen = line
            if _is_body(lines[line]):
                return line
    return first
