"""Python `re` patterns in the syntax of Rust's `regex` crate, for the native core.

The pattern is read by `re`'s own parser and written out construct by construct, so it
means in Rust what it means in Python: `.` any character but a newline, `\\s` what
`str.isspace` accepts (Rust's `\\s` lacks U+001C-1F), `\\d` a decimal digit (Nd), groups
without captures, repeats greedy or lazy as written. Leftmost-first, the `regex` crate's
match is the one Python's backtracking finds first. What has no such counterpart gives
None, and the caller keeps the pattern on `re`: look-arounds, back-references, anchors and
word boundaries inside a pattern, flags, `\\w`, possessive and atomic groups, and any
class or literal that holds U+FFFD or a surrogate (the core reads a lone surrogate as
U+FFFD, so only classes that treat the two alike translate).
"""

from __future__ import annotations

try:  # the parser of the `re` module: public as sre_parse before Python 3.11
    import re._constants as sre
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# Python's `\s`: Rust's Unicode White_Space and U+001C-1F (native/src/chars.rs SPACE_CLASS).
_SPACE = (
    r"\x{9}-\x{D}\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}"
    r"\x{202F}\x{205F}\x{3000}"
)
_CATEGORIES = {
    sre.CATEGORY_SPACE: _SPACE,
    sre.CATEGORY_NOT_SPACE: f"[^{_SPACE}]",
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
}


class Untranslatable(Exception):
    """A construct with no exact counterpart in the `regex` crate."""


def to_rust(pattern: str) -> str | None:
    """`pattern` in the `regex` crate's syntax, or None when it has no exact translation."""
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags & ~sre.SRE_FLAG_UNICODE:
        return None
    try:
        return _sequence(list(parsed))
    except Untranslatable:
        return None


def _sequence(items: list) -> str:
    return "".join(_item(op, av) for op, av in items)


def _item(op: object, av: object) -> str:
    if op == sre.LITERAL:
        return _char(av)  # type: ignore[arg-type]
    if op == sre.NOT_LITERAL:
        return f"[^{_char(av)}]"  # type: ignore[arg-type]
    if op == sre.ANY:
        return "."
    if op == sre.IN:
        return _class(av)  # type: ignore[arg-type]
    if op == sre.BRANCH:
        return "(?:" + "|".join(_sequence(list(b)) for b in av[1]) + ")"  # type: ignore[index]
    if op == sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av  # type: ignore[misc]
        if add_flags or del_flags:
            raise Untranslatable("flags inside the pattern")
        return f"(?:{_sequence(list(sub))})"
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = av  # type: ignore[misc]
        bound = f"{{{low},}}" if high == sre.MAXREPEAT else f"{{{low},{high}}}"
        return f"(?:{_sequence(list(sub))}){bound}" + ("?" if op == sre.MIN_REPEAT else "")
    raise Untranslatable(str(op))


def _char(code: int) -> str:
    """One literal character, escaped unless it is a letter or digit of ASCII or beyond."""
    if code == 0xFFFD or 0xD800 <= code <= 0xDFFF:
        raise Untranslatable("U+FFFD or a surrogate")
    c = chr(code)
    return c if c.isalnum() and not c.isspace() else f"\\x{{{code:X}}}"


def _class(members: list) -> str:
    negate = bool(members) and members[0][0] == sre.NEGATE
    parts = []
    for op, av in members[1:] if negate else members:
        if op == sre.LITERAL:
            parts.append(_char(av))
        elif op == sre.RANGE:
            low, high = av
            if low <= 0xFFFD <= high or (low <= 0xDFFF and high >= 0xD800):
                raise Untranslatable("a range over U+FFFD or the surrogates")
            parts.append(f"{_char(low)}-{_char(high)}")
        elif op == sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            raise Untranslatable(f"{op} in a class")
    if not parts:
        raise Untranslatable("an empty class")
    return "[" + ("^" if negate else "") + "".join(parts) + "]"
