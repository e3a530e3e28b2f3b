"""What the rules work out of a text more than once, kept while its batch is cleaned: its
code points as the native core reads them (UTF-32-LE bytes, lone surrogates included),
and any verdict a rule marks `per_text`.

The rules ask for the code points of the same texts again and again: a dozen gates and
kernels read a document before any of them changes it, and a batch is cleaned rule by
rule (`Pipeline.process_batch`), so each rule asks for every text of the batch in turn;
L002 and B006 both ask whether the same text's columns are interleaved. While a batch is
cleaned (`keeping`), what was worked out for its recent texts is kept, and all of it is
dropped when the batch ends; outside a batch, only the last text's. A value is handed
out again while the text is the same object; a kept text is held, so its `id` cannot
pass to another text. A very long text's code points are not kept: four bytes a
character would outlive the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TypeVar

T = TypeVar("T")

MAX_KEPT_CHARS = 1 << 20  # a longer text is encoded each time it is asked for
MAX_KEPT_BYTES = 1 << 25  # all kept encodings together, oldest dropped first
MAX_KEPT_VERDICTS = 4096  # per `per_text` function, oldest dropped first

_kept: dict[int, tuple[str, bytes]] = {}
_kept_bytes = 0
_verdicts: list[dict[int, tuple[str, object]]] = []  # one per `per_text` function
_keeping = 0  # batches being cleaned (`keeping` blocks entered and not left)


@contextmanager
def keeping() -> Iterator[None]:
    """Keep what is worked out of many texts while the block runs; none of it outlives it."""
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


def per_text(fn: Callable[[str], T]) -> Callable[[str], T]:
    """`fn` of a text, worked out once per text object while a batch is cleaned."""
    memo: dict[int, tuple[str, object]] = {}
    _verdicts.append(memo)

    @wraps(fn)
    def kept(text: str) -> T:
        hit = memo.get(id(text))
        if hit is not None and hit[0] is text:
            return hit[1]  # type: ignore[return-value]  # what `fn` returned for it
        value = fn(text)
        if not _keeping:
            memo.clear()
        memo[id(text)] = (text, value)
        if len(memo) > MAX_KEPT_VERDICTS:
            memo.pop(next(iter(memo)), None)
        return value

    return kept


def _drop_all() -> None:
    global _kept_bytes
    _kept.clear()
    _kept_bytes = 0
    for memo in _verdicts:
        memo.clear()
