"""M002's nesting test before one scan answered both limits
(rules/markup/html_to_text.py's `_too_deep`)."""

from __future__ import annotations

from cleaner_rules.markup.html_to_text import _TAG, _VOID


def too_deep(html: str, limit: int) -> bool:
    if html.count("<") < limit:
        return False
    depth = 0
    for m in _TAG.finditer(html):
        if m.group(3) or m.group(2).lower() in _VOID:
            continue
        depth += -1 if m.group(1) else 1
        if depth > limit:
            return True
    return False
