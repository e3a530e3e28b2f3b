"""How two pieces of one sentence meet again once the break between them goes.

Shared by the rules that join pieces: W001 (a hard-wrapped line), B002 (an ad line cut out
of a sentence), and the page-furniture rules.
"""

from __future__ import annotations


def seam(left: str, right: str) -> tuple[bool, str]:
    """How two stripped pieces of one sentence meet: (drop a break hyphen, separator).

    Nothing between CJK; one space between Latin words; a word hyphenated across the break
    loses its hyphen.
    """
    if not left or not right:
        return False, ""
    a, b = left[-1], right[0]
    if a == "-" and left[-2:-1].isascii() and left[-2:-1].isalpha() and b.islower():
        return True, ""
    if b.isascii() and b.isalnum() and ((a.isascii() and a.isalnum()) or a in ",;:.!?)"):
        return False, " "
    return False, ""


def join_fragments(left: str, right: str) -> str:
    """Join two pieces of one sentence (see `seam`)."""
    left, right = left.rstrip(), right.lstrip()
    drop, sep = seam(left, right)
    return (left[:-1] if drop else left) + sep + right
