"""T001's line tidying before the native core took it over (rules/tidy/lines.py)."""

from __future__ import annotations

import re
import unicodedata

from cleaner_rules.text.chars import fenced_blocks

_SPACES = re.compile(r" {2,}")
_TABLE_RULE = re.compile(r"\|? *:?-{3,}:? *(?:\| *:?-{3,}:? *)+\|?")
_SPEECH_MARKS = frozenset("…？！?!")


def _only_punct(line: str) -> bool:
    return all(unicodedata.category(c)[0] in "PSZ" for c in line) and not (
        _SPEECH_MARKS.intersection(line)
    )


def _tidy(text: str, markdown: bool) -> list[str]:
    out: list[str] = []
    code = False
    blank = True
    for raw in text.split("\n"):
        code = markdown and (blank or code) and raw.startswith(("    ", "\t")) and bool(
            raw.strip())
        blank = not raw.strip()
        if code:
            out.append(raw.rstrip())
            continue
        line = _SPACES.sub(" ", raw.strip())
        if line and (markdown or _TABLE_RULE.fullmatch(line) or not _only_punct(line)):
            out.append(line)
    return out


def apply(text: str, markdown: bool) -> str:
    text = text.replace("\f", "\n")
    out: list[str] = []
    pos = 0
    for start, end in fenced_blocks(text):
        out.extend(_tidy(text[pos:start], markdown))
        out.append(text[start:end].strip("\n"))
        pos = end
    out.extend(_tidy(text[pos:], markdown))
    return "\n".join(out)
