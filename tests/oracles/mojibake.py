"""D001's repair of UTF-8 read as GBK before the native core took it over
(rules/decode/mojibake.py's `_repair_gbk` and its helpers, as they were)."""

from __future__ import annotations

import re

from cleaner.charsets import common_chars

_CONTINUATION = range(0x80, 0xC0)
_EURO = re.compile("€")
_FFFD = re.compile("\ufffd")
_TRAILING_MARKERS = re.compile("[\ufffd?]+$")
_SPAN = re.compile(r"[^\x00-\x7f](?:[^\x00-\x7f]|\?)*")
_PIECES = re.compile("(\ufffd+|\\?|锟斤拷)")
_GB18030_PUA = re.compile("[\ue000-\ue765]")
_MIN_REPAIRED_COMMON = 0.8
_MIN_GAIN = 0.25


def _common_share(text: str) -> tuple[float, int]:
    """Share of non-ASCII characters that are common Han or CJK punctuation, and their count."""
    common = common_chars()
    n = hits = 0
    for ch in text:
        if ch >= "\x80":
            n += 1
            hits += ch in common
    return (hits / n if n else 0.0), n


def _undo_piece(
    piece: str, cut_head: bool, cut_tail: bool, min_chars: int,
    lost: re.Pattern[str] | None = None,
) -> tuple[str, bool, bool] | None:
    """`_undo_bytes` of the piece; `€` is first read as GB18030 and cp936 encode it (0xA2E3),
    and only where that gives no repair as the lone 0x80 that cp936 also decodes to `€`."""
    if lost is not None:
        return _undo_bytes(piece, cut_head, cut_tail, min_chars, lost)
    found = _undo_bytes(piece, cut_head, cut_tail, min_chars, None)
    if found is None and "€" in piece:
        found = _undo_bytes(piece, cut_head, cut_tail, min_chars, _EURO)
    return found


def _undo_bytes(
    piece: str, cut_head: bool, cut_tail: bool, min_chars: int, lost: re.Pattern[str] | None
) -> tuple[str, bool, bool] | None:
    """UTF-8 text behind a GBK reading of `piece`, and whether its head and tail were cut.

    `cut_head`/`cut_tail`: a damage marker stands before/after the piece, so bytes of the
    character it replaced may be left over at that end (continuation bytes at the head, an
    incomplete sequence at the tail). None when the bytes are not UTF-8 or the result does
    not read as Chinese; `min_chars` is 0 for a piece that may be nothing but leftovers.
    `lost` matches the characters that stand for a lone 0x80 byte (None: no such character).
    """
    try:
        # Browsers and cp936 read a lone 0x80 as the euro sign; GB18030 encodes € elsewhere.
        parts = lost.split(piece) if lost is not None else [piece]
        data = b"\x80".join(part.encode("gb18030") for part in parts)
    except UnicodeEncodeError:
        return None
    skip = 0
    if cut_head:
        while skip < min(3, len(data)) and data[skip] in _CONTINUATION:
            skip += 1
    cut = False
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        if not cut_tail or exc.reason != "unexpected end of data":
            return None
        text, cut = data[skip : skip + exc.start].decode("utf-8"), True
    if not text:  # nothing but the leftovers of a lost character
        return ("", skip > 0, cut) if min_chars == 0 and (skip or cut) else None
    share, n = _common_share(text)
    if n < min_chars or share < _MIN_REPAIRED_COMMON:
        return None
    if share - _common_share(piece)[0] < _MIN_GAIN:
        return None
    return text, skip > 0, cut


def _repair_span(span: str, fffd_is_0x80: bool) -> str:
    """Repair a span whole, else piece by piece; markers by a cut character become one U+FFFD.

    A piece must give two or more characters to be judged alone. Once one piece of the span
    is repaired the span is known mojibake, and shorter pieces (one character, or only the
    leftover bytes of a lost one) are repaired on a second pass.
    """
    if fffd_is_0x80 and "锟斤拷" not in span:  # whole span first, U+FFFD inside as 0x80
        core = _TRAILING_MARKERS.sub("", span)
        found = _undo_piece(core, False, True, 2, _FFFD)
        if found is not None:
            text, _, cut = found
            return text + "\ufffd" if cut else text + span[len(core) :]
    parts = _PIECES.split(span)  # pieces at even indexes, separators at odd ones
    repaired = [False] * len(parts)
    for min_chars in (2, 0):
        for i in range(0, len(parts), 2):
            if not parts[i] or repaired[i]:
                continue
            before = parts[i - 1] if i else ""
            after = parts[i + 1] if i + 1 < len(parts) else ""
            # The last piece may end cut when the first decoder dropped bytes ("ignore").
            cut_tail = _is_marker(after) or not after
            found = _undo_piece(parts[i], _is_marker(before), cut_tail, min_chars)
            if found is None:
                continue
            parts[i], head_cut, tail_cut = found
            repaired[i] = True
            if head_cut:
                parts[i - 1] = "\ufffd"
            if tail_cut:
                if after:
                    parts[i + 1] = "\ufffd"
                else:
                    parts[i] += "\ufffd"
        if not any(repaired):
            break
    return "".join(parts)


def _is_marker(separator: str) -> bool:
    return separator == "?" or separator.startswith("\ufffd")


def _repair_gbk(text: str) -> str:
    """Undo UTF-8 read as GBK/GB18030, span by span (a span never crosses ASCII)."""
    fffd_is_0x80 = _GB18030_PUA.search(text) is not None
    return _SPAN.sub(lambda m: _repair_span(m.group(), fffd_is_0x80), text)
