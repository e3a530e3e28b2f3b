"""B005's per-line work as it was in Python before the native core (rules/boilerplate/
clusters.py and running.py at the port): the oracle of tests/test_native_furniture.py."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaner_rules.boilerplate.clusters import Clusters
from cleaner_rules.text.chars import ends_sentence

MAX_FURNITURE = 60
_ELLIPSIS = ("…", "⋯", "...")
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[\W_]+")
_GAP = re.compile(r"\s{3,}")
# Punctuation that can open or close a line; none of it is in a key (no word character).
PUNCT = "，。、；：！？…—·“”‘’「」『』（）《》〈〉【】〔〕,.;:!?'\"()[]- "


def loose_key(line: str) -> str:
    """A line without digits (one `#` for each run), spacing and punctuation, lowercased;
    a line that a layout gap splits is keyed by its first part."""
    if "   " in line:
        line = _GAP.split(line, 1)[0]
    return _DIGITS.sub("#", _NOT_WORD.sub("", line)).lower()


def eligible(core: str) -> bool:
    """A line that can be furniture: short, and no finished sentence (a cut title may
    end in an ellipsis)."""
    return (
        0 < len(core)
        and (len(core) <= MAX_FURNITURE or len(core) - core.count(" ") <= MAX_FURNITURE)
        and (not ends_sentence(core) or core.endswith(_ELLIPSIS))
    )


def furniture_key(core: str) -> str:
    """`running._eligible(core) and loose_key(core)` of the rule, "" for a line that cannot
    be furniture."""
    return loose_key(core) if eligible(core) else ""


def maybe_found(cores: list[str], lines: Iterable[int], clusters: Clusters) -> list[int]:
    """The lines whose key `clusters.find(key, add=False)` may find, without computing the
    keys (a shared two-character start or end, past punctuation)."""
    starts = {key[:2] for key in clusters.by_key} | clusters.by_end.keys()
    ends = clusters.by_end.keys()
    firsts = {pair[0] for pair in starts}
    lasts = {pair[-1] for pair in ends}
    found = []
    for i in lines:
        core = cores[i]
        if "   " not in core:
            head = core.lstrip(PUNCT)[:2]
            if head not in starts and head.isalpha() and head.lower() == head or (
                (h := head[:1]) not in firsts and h.isalpha() and h.lower() == h
            ):
                tail = core.rstrip(PUNCT)[-2:]
                if tail not in ends and tail.isalpha() and tail.lower() == tail or (
                    (t := tail[-1:]) not in lasts and t.isalpha() and t.lower() == t
                ):
                    continue
        found.append(i)
    return found


def copies(cores: list[str], skip: set[int], clusters: Clusters) -> list[tuple[int, str]]:
    """The copy scan of `running` (`_unrepeated`, `_Edges.find_copies`): the non-blank
    lines but `skip` that `maybe_found` keeps and that can be furniture, with their keys."""
    lines = [i for i, core in enumerate(cores) if core and i not in skip]
    return [
        (i, key) for i in maybe_found(cores, lines, clusters)
        if (key := furniture_key(cores[i]))
    ]
