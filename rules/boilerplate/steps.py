"""Named steps that take lines: how B001 and B005 run theirs and say which step took what.

A step is a `(name, function)` pair; the function looks at the whole page (B001's `Page`,
B005's `Sheet`) and returns the indices of the lines it takes. Every step runs; a line is
removed when any step takes it, and `cleaner explain` names the first one that did.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from cleaner.rule import Decision

Subject = TypeVar("Subject")
Step = tuple[str, Callable[[Subject], Iterable[int]]]


def taken(steps: Sequence[Step], subject: Subject) -> set[int]:
    """The lines any step takes."""
    doomed: set[int] = set()
    for _, step in steps:
        doomed.update(step(subject))
    return doomed


def drops(steps: Sequence[Step], subject: Subject, excerpt: Callable[[int], str]) -> list[Decision]:
    """One `drop` decision per line taken, named after the first step that took it."""
    first: dict[int, str] = {}
    for name, step in steps:
        for i in step(subject):
            first.setdefault(i, name)
    return [Decision(i + 1, name, "drop", excerpt(i)) for i, name in sorted(first.items())]
