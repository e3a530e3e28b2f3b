"""B004's first pass before the native core took it over (rules/boilerplate/truncated.py)."""

from __future__ import annotations


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
