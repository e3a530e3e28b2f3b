"""M002's nesting tests before the native core scanned the tags
(rules/markup/html_to_text.py): `too_deep`, one scan per limit, and `nesting`, the one scan
in Python that answered both."""

from __future__ import annotations

from cleaner_rules.markup.html_to_text import _TAG

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


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


def nesting(html: str, limit: int) -> int:
    depth = deepest = 0
    for closing, name, empty in (m.groups() for m in _TAG.finditer(html)):
        if empty or name.lower() in _VOID:
            continue
        depth += -1 if closing else 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest
