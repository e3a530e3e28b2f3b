"""B003's line test before the native core took it over (rules/boilerplate/fake_bold.py)."""

from __future__ import annotations

from cleaner_rules.text.chars import HAN_RE, at_least


def undouble(line: str) -> str:
    """The line once, when it is one string of three distinct characters or more twice."""
    core = line.strip()
    n = len(core)
    if n < 6:
        return line
    for half in ((n // 2,) if n % 2 == 0 else ()) + (((n - 1) // 2,) if n % 2 else ()):
        a, b = core[:half].strip(), core[n - half:].strip()
        if a == b and len(set(a)) > 2 and at_least(HAN_RE, a, 2):
            return a
    return line


def apply(text: str) -> str:
    return "\n".join(undouble(line) for line in text.split("\n"))
