"""Chinese words of two to four Han characters, from jieba's dictionary.

Line-wrap repair and the continuity signal ask one question of it: does a word run across
a line break? A break inside a word is strong evidence that layout, not the author, ended
the line, and that the next line is the one the text continues on. The native core asks it
and reads the words out of dict.txt (native/src/wrap/lexicon.rs: common all-Han words of
2-4 characters); this module finds the file and hands its bytes over, once per process, on
the first question. jieba itself is never imported. Without jieba there is no lexicon and
the question has no answer.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from cleaner import _native


def dictionary() -> Path | None:
    """jieba's dict.txt, or None when jieba is not installed."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.is_file() else None


@cache
def install() -> None:
    """Hand dict.txt's bytes (None without jieba) to the native core, once per process."""
    path = dictionary()
    _native.wrap_lexicon(None if path is None else path.read_bytes())
