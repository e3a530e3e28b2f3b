"""A text as the native core reads it: its code points as UTF-32-LE bytes, lone
surrogates included.

The rules ask for the code points of the same texts again and again: a dozen gates and
kernels read a document before any of them changes it, and a batch is cleaned rule by
rule (`Pipeline.process_batch`), so each rule asks for every text of the batch in turn.
While a batch is cleaned (`keeping`), the encodings of its recent texts are kept, up to
`MAX_KEPT_BYTES`, and all are dropped when it ends; outside a batch, only the last text's.
An encoding is handed out again while the text is the same object; a kept text is held,
so its `id` cannot pass to another text. A very long text is not kept: its four bytes a
character would outlive the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

MAX_KEPT_CHARS = 1 << 20  # a longer text is encoded each time it is asked for
MAX_KEPT_BYTES = 1 << 25  # all kept encodings together, oldest dropped first

_kept: dict[int, tuple[str, bytes]] = {}
_kept_bytes = 0
_keeping = 0  # batches being cleaned (`keeping` blocks entered and not left)


@contextmanager
def keeping() -> Iterator[None]:
    """Keep the encodings of many texts while the block runs; none outlives it."""
    global _keeping
    _keeping += 1
    try:
        yield
    finally:
        _keeping -= 1
        if not _keeping:
            _drop_all()


def utf32(text: str) -> bytes:
    """`text.encode("utf-32-le", "surrogatepass")`, kept while the text is recent."""
    global _kept_bytes
    hit = _kept.get(id(text))
    if hit is not None and hit[0] is text:
        return hit[1]
    codes = text.encode("utf-32-le", "surrogatepass")
    if len(text) <= MAX_KEPT_CHARS:
        if not _keeping:
            _drop_all()
        _kept[id(text)] = (text, codes)
        _kept_bytes += len(codes)
        while _kept_bytes > MAX_KEPT_BYTES and _kept:
            oldest = _kept.pop(next(iter(_kept)), None)
            _kept_bytes -= len(oldest[1]) if oldest else 0
    return codes


def _drop_all() -> None:
    global _kept_bytes
    _kept.clear()
    _kept_bytes = 0
