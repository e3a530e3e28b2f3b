"""B004 before the native core took it over (rules/boilerplate/truncated.py): the lines
that could be cut copies, and the cut copies among them."""

from __future__ import annotations

import re

from cleaner_rules.text.chars import CLOSERS, HAN_RE, OPENERS, at_least, ends_sentence


def repeated_starts(cores: list[str], max_copy: int) -> list[int]:
    seen: set[str] = set()
    out = []
    for i, core in enumerate(cores):
        if len(core) >= 5:
            start = core[:5]
            if start in seen:
                if len(core) <= max_copy:
                    out.append(i)
            else:
                seen.add(start)
    return out


def _cut_copies(text: str) -> set[int]:
    """The lines (by number) that are cut copies. An earlier line that goes on only with an
    ellipsis is itself the cut one, and proves nothing. Only a line (5 to MAX_COPY
    characters once stripped) whose first five characters begin an earlier line can be a
    copy, and most documents have none: the native core finds those lines
    (native/src/truncated.rs), which spares the rest of the document every other test."""
    starts = repeated_starts([line.strip() for line in text.split("\n")], MAX_COPY)
    if not starts:
        return set()
    cores = [line.strip() for line in text.split("\n")]
    copies = {i for i in starts if _copy_candidate(cores[i])}
    if not copies:
        return set()
    # Prefix index: for every prefix that a candidate copy could be, the characters
    # that followed it in earlier lines. Only lines sharing a candidate's first five
    # characters are indexed, at most MAX_COPY prefixes each: linear in the input.
    wanted: dict[str, set[int]] = {}
    for i in copies:
        wanted.setdefault(cores[i][:5], set()).add(len(cores[i]))
    followers: dict[str, set[str]] = {}
    after = _following(cores)
    doomed = set()
    for i, core in enumerate(cores):
        if i in copies and core in followers and after[i] not in followers[core]:
            doomed.add(i)
            continue
        for n in wanted.get(core[:5], ()):
            if n < len(core) and _ELLIPSIS.fullmatch(core[n:]) is None:
                followers.setdefault(core[:n], set()).add(core[n:].lstrip()[:1])
            elif n == len(core) and _unclosed(core):
                # A line with an open quote or bracket is cut from a longer text: an
                # equal later line is a cut copy too (a heading repeated stays).
                followers.setdefault(core, set()).add(after[i])
    return doomed


MAX_COPY = 40
# What a running header shortening a long title puts where it cut: that line is the short
# copy, so the full title under it is not one.
_ELLIPSIS = re.compile(r"\s*(?:…+|\.{3,}|⋯+)\s*")


def _following(cores: list[str]) -> list[str]:
    """For each line, the first character of the text after it, over any blank lines
    (later rules drop them: judged across them, the decision is the same on a second
    pass)."""
    out, nxt = [""] * len(cores), ""
    for i in range(len(cores) - 1, -1, -1):
        out[i] = nxt
        if cores[i]:
            nxt = cores[i][0]
    return out


def _unclosed(core: str) -> bool:
    """An open quote or bracket (straight quotes too: width rules pair them later)."""
    if _OPENER_RE.search(core) is None:
        return False
    opened = sum(map(core.count, OPENERS)) > sum(map(core.count, CLOSERS))
    return opened or core.count('"') % 2 == 1


_OPENER_RE = re.compile(f"[{re.escape(OPENERS)}\"]")


def _copy_candidate(core: str) -> bool:
    """A line that could be a truncated echo: short, Chinese, not a finished sentence."""
    return (
        5 <= len(core) <= MAX_COPY
        and not ends_sentence(core)
        and at_least(HAN_RE, core, 5)
    )

