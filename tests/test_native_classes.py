"""The native character classes the unicode gates ask (native/src/classes.rs) hold exactly
the code points the regex classes they replaced hold, and the gates open on exactly the
texts the regexes opened them on."""

from __future__ import annotations

import re

import pytest
from cleaner_rules.unicode import characters as u
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import _native

BODIES = {
    "U001": "\r\u2028\u2029\x85" + u._CONTROL_CHARS,
    "U002": f"{u._INVISIBLE}\ue000-\uf8ff",
    "U003": u._SPACES[1:],
    "U005": "\u2e80-\u2fdf",
}
ALL = "".join(map(chr, range(0x110000)))


@pytest.mark.parametrize("rule", sorted(BODIES))
def test_a_class_holds_every_code_point_its_regex_holds_and_no_other(rule):
    body = BODIES[rule]
    native = _native.CharClass(body)
    expected = {ord(m.group()) for m in re.finditer(f"[{body}]", ALL)}
    found = {c for c in range(0x110000)
             if native.found_in(chr(c).encode("utf-32-le", "surrogatepass"))}
    assert found == expected


def test_a_class_body_is_read_as_a_regex_reads_it():
    assert not _native.CharClass("-a-").found_in("b".encode("utf-32-le"))
    assert _native.CharClass("-a-").found_in("x-y".encode("utf-32-le"))
    with pytest.raises(ValueError):
        _native.CharClass("z-a")


_OLD_GATES = {
    "U001": lambda t: re.search("\r\n?|[\u2028\u2029\x85]", t) is not None
    or re.search(f"[{u._CONTROL_CHARS}]", t) is not None,
    "U002": lambda t: re.search(f"[{u._INVISIBLE}\ue000-\uf8ff]", t) is not None
    or "\ufffe" in t or "(cid:" in t,
    "U003": lambda t: re.search(
        f"[{u._SPACES[1:]}]|(?<![^\\s])\\t|\\t(?![^\\s])" if "\t" in t else f"[{u._SPACES[1:]}]",
        t) is not None,
    "U005": lambda t: re.search("[\u2e80-\u2fdf]", t) is not None,
}
RULES = {r.code: r() for r in (u.ControlCharacters, u.InvisibleCharacters, u.ExoticSpaces,
                               u.CJKRadicals)}


@given(st.text(st.sampled_from("文a \t\n\r\x85\u2028\x07\x9f\u200b\ue000\ufffe(cid:\u3000"
                               "\u00a0\u2e80\u2fdf\u2fe0\ud800"), max_size=10))
@settings(max_examples=500)
def test_the_gates_open_where_the_regexes_opened_them(text):
    for code, old in _OLD_GATES.items():
        assert RULES[code].gate(text) == old(text), code
