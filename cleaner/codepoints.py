"""A text as the native core reads it: its code points as UTF-32-LE bytes, lone
surrogates included.

The rules of a pipeline ask for the code points of the same text one after another (a
dozen gates and kernels read a document before any of them changes it), so the last
text's encoding is kept and handed out again while the text is the same object. A string
never changes, and the one kept stays alive, so no other text can be taken for it. A very
long text is not kept: its four bytes a character would outlive the document.
"""

from __future__ import annotations

MAX_KEPT_CHARS = 1 << 20
_last: tuple[str, bytes] = ("", b"")


def utf32(text: str) -> bytes:
    """`text.encode("utf-32-le", "surrogatepass")`, once per text object in a row."""
    global _last
    kept, codes = _last
    if text is not kept:
        codes = text.encode("utf-32-le", "surrogatepass")
        if len(text) <= MAX_KEPT_CHARS:
            _last = (text, codes)
    return codes
