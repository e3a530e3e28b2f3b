"""B002's candidate lines before the native core found them (rules/boilerplate/interstitial.py)."""

from __future__ import annotations

import re

from cleaner_rules.boilerplate.interstitial import _BAIT_PREFIX, MAX_BAIT_CHARS
from cleaner_rules.text.chars import CLOSERS

_BAIT_END = re.compile(f"[？！?!][{re.escape(CLOSERS)}]*$")


def bait_candidates(lines: list[str]) -> set[int]:
    return {
        i for i, line in enumerate(lines) if 2 <= len(line.strip()) <= MAX_BAIT_CHARS
        and _BAIT_END.search(line.strip()) or _BAIT_PREFIX.match(line.strip())
    }
