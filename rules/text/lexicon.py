"""Chinese words of two to four Han characters, read lazily from jieba's dictionary.

Line-wrap repair and the continuity signal ask one question of it: does a word run across
a line break? A break inside a word is strong evidence that layout, not the author, ended
the line, and that the next line is the one the text continues on. The native core asks it
(native/src/wrap/lexicon.rs); this module reads the set and hands it over (`install`).
Only the dictionary file is read (jieba itself is never imported), only common all-Han
words of 2-4 characters are kept, and only once per process, on the first question.
Without jieba the lexicon is `None` and the question has no answer.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

from cleaner import _native

# One entry of dict.txt (word, frequency, part of speech), matched on the UTF-8 bytes so
# that the 5 MB file is never decoded: 2-4 characters from U+4000-U+9FFF, frequency >= 30
# (rare entries, names and odd compounds, would make chance pairs of characters words).
# Anchored on the newline before the entry (a literal the scan finds fast; the file gets one
# in front) and possessive (a failed entry is not retried shorter): 40% faster than `^`.
_ENTRY = re.compile(rb"\n((?:[\xe4-\xe9][\x80-\xbf]{2}){2,4}+) (?:[3-9]\d|\d{3,}+) ")


@cache
def words() -> frozenset[str] | None:
    """The word set, or None when jieba's dictionary is not installed."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    if not path.is_file():
        return None
    found = _ENTRY.findall(b"\n" + path.read_bytes())
    return frozenset(b"\n".join(found).decode().split("\n")) if found else frozenset()



@cache
def install() -> None:
    """Hand the word set (None without jieba) to the native core, once per process."""
    _native.wrap_lexicon(words())
