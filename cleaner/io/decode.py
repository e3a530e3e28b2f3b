"""Turn raw bytes of unknown encoding into text, or say precisely why not.

Chinese corpora mix UTF-8, UTF-16, GB18030/GBK and Big5. Guessing wrong silently produces
mojibake that no later rule can repair, so every step here either decodes strictly or raises
`DecodeError`; nothing is decoded with ``errors="replace"``.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

__all__ = ["DecodeError", "decode_bytes"]

# Only the first characters are scored: the statistic converges quickly and long files
# must not cost a Python-level loop over every character.
_SAMPLE_CHARS = 1 << 16
# Below this share of "common" non-ASCII characters a GB18030/Big5 decode is mojibake.
_MIN_PLAUSIBLE = 0.6
# Fewer non-ASCII characters than this are too few to reject on plausibility alone.
_MIN_SCORED = 16
# "Mostly UTF-8": at most this share of invalid bytes among all non-ASCII units.
_MAX_UTF8_BAD_SHARE = 0.2
# Share of C0 control bytes (other than whitespace and ESC) above which data is binary.
_MAX_CONTROL_SHARE = 0.1
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_CONTROL_RE = re.compile(b"[" + re.escape(_CONTROL_BYTES) + b"]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)


class DecodeError(ValueError):
    """Bytes that cannot be decoded with confidence.

    `reason` is a quarantine reason (``undecodable-bytes`` or ``binary``); `detail` names the
    line (1-based) and byte offset (0-based) of the first offending byte; `offset` is that
    byte offset, or None when no single byte is to blame.
    """

    def __init__(self, reason: str, detail: str, offset: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.offset = offset


def decode_bytes(data: bytes, *, base_line: int = 1, base_offset: int = 0) -> tuple[str, str]:
    """Decode `data` and return ``(text, encoding)``; raise `DecodeError` when unsure.

    Order: BOM, UTF-16 by NUL pattern (else NULs mean binary), strict UTF-8, BOM-less UTF-16
    without NULs, control-byte share (binary), "mostly UTF-8" (stray bytes are reported rather than
    re-read as GB18030 mojibake), then GB18030 vs Big5 by share of common Han characters.
    `base_line`/`base_offset` shift positions in error details, for data cut from a larger
    file (one JSON line, say).
    """
    if not data:
        return "", "utf-8"
    where = _Where(data, base_line, base_offset)

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            result = _decode_bom(data, bom, encoding, where)
            if result is not None:
                return result

    if b"\0" in data:
        result = _utf16_by_nuls(data, where)
        if result is not None:
            return result
        first = data.index(b"\0")
        raise DecodeError(
            "binary",
            f"{where(first)}: {data.count(0)} NUL bytes not explained by UTF-16",
            base_offset + first,
        )

    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text, utf8_error = None, exc
        # Before the control-byte test: UTF-16 low bytes are often control bytes.
        result = _utf16_without_nuls(data)
        if result is not None:
            return result

    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        first = _CONTROL_RE.search(data).start()  # type: ignore[union-attr]
        raise DecodeError(
            "binary",
            f"{where(first)}: {controls} of {len(data)} bytes are control bytes",
            base_offset + first,
        )
    if text is not None:
        return text, "utf-8"

    if _mostly_utf8(data):
        pos = utf8_error.start
        raise DecodeError(
            "undecodable-bytes",
            f"{where(pos)}: invalid UTF-8 ({utf8_error.reason}, byte 0x{data[pos]:02x})"
            " in otherwise valid UTF-8",
            base_offset + pos,
        )
    return _decode_chinese_legacy(data, where)


class _Where:
    """Formats 'line N, byte M' for an offset; line numbers are computed only when needed."""

    def __init__(self, data: bytes, base_line: int, base_offset: int) -> None:
        self.data = data
        self.base_line = base_line
        self.base_offset = base_offset

    def __call__(self, offset: int, encoding: str | None = None) -> str:
        if encoding and encoding.startswith(("utf-16", "utf-32")):
            width = 2 if encoding.startswith("utf-16") else 4
            prefix = self.data[: offset - offset % width]
            line = prefix.decode(encoding, "replace").count("\n") + 1
        else:
            line = self.data.count(b"\n", 0, offset) + 1
        return f"line {self.base_line + line - 1}, byte {self.base_offset + offset}"


def _decode_bom(data: bytes, bom: bytes, encoding: str, where: _Where) -> tuple[str, str] | None:
    """Decode after a BOM; a UTF-32-LE BOM that fails may still be UTF-16-LE + U+0000."""
    try:
        text = data[len(bom) :].decode(encoding.removesuffix("-sig"))
    except UnicodeDecodeError as exc:
        if encoding == "utf-32-le":
            return None
        pos = exc.start + len(bom)
        raise DecodeError(
            "undecodable-bytes",
            f"{where(pos, encoding)}: invalid {encoding} after BOM ({exc.reason})",
            where.base_offset + pos,
        ) from None
    return text, encoding


def _utf16_by_nuls(data: bytes, where: _Where) -> tuple[str, str] | None:
    """UTF-16 without BOM, recognised because its NULs decode to plausible text.

    Both byte orders are scored: a swapped reading turns ASCII into rare Han and CJK into
    scattered symbols, while binary data and UTF-8 with a stray NUL give rare characters
    and controls in either order.
    """
    usable = len(data) - len(data) % 2
    found = _best_utf16(data[:usable], min_score=0.75)
    if found is None:
        return None
    text, encoding = found
    if usable != len(data):
        raise DecodeError(
            "undecodable-bytes",
            f"{where(usable, encoding)}: truncated {encoding} (odd number of bytes)",
            where.base_offset + usable,
        )
    return text, encoding


def _utf16_without_nuls(data: bytes) -> tuple[str, str] | None:
    """Pure-Han UTF-16 has no NULs; accept it only when nearly every unit is common text."""
    if len(data) % 2 or len(data) < 16:
        return None
    return _best_utf16(data, min_score=0.9, min_han=4)


def _best_utf16(data: bytes, *, min_score: float, min_han: int = 0) -> tuple[str, str] | None:
    scored = []
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score, han = _utf16_score(text)
        scored.append((score, han, encoding, text))
    if not scored:
        return None
    scored.sort(reverse=True)
    score, han, encoding, text = scored[0]
    if score < min_score or han < min_han or (len(scored) == 2 and scored[1][0] == score):
        return None
    return text, encoding


def _utf16_score(text: str) -> tuple[float, int]:
    """Share of characters that real (mostly Chinese) text is made of, and the Han count.

    Common Han, ASCII text, CJK and general punctuation, fullwidth forms, Latin, Greek,
    Cyrillic and kana count; rare Han, Hangul, controls and everything else do not.
    """
    common = _common_han()
    sample = text[:_SAMPLE_CHARS]
    good = han = 0
    for ch in sample:
        o = ord(ch)
        if o < 0x80:
            good += o >= 0x20 or ch in "\t\n\r\f\v"
        elif 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF:
            han += 1
            good += ch in common
        else:
            good += (
                0x3000 <= o <= 0x30FF
                or 0xFF00 <= o <= 0xFFEF
                or 0x2000 <= o <= 0x206F
                or 0xA0 <= o <= 0x24F
                or 0x370 <= o <= 0x4FF
            )
    return (good / len(sample) if sample else 0.0), han


def _mostly_utf8(data: bytes) -> bool:
    """True when invalid bytes are rare next to valid multi-byte sequences."""
    text = data.decode("utf-8", "surrogateescape")
    bad = multi = 0
    for ch in text[:_SAMPLE_CHARS]:
        if ch >= "\x80":
            if "\udc80" <= ch <= "\udcff":
                bad += 1
            else:
                multi += 1
    return multi > 0 and bad <= _MAX_UTF8_BAD_SHARE * (bad + multi)


def _decode_chinese_legacy(data: bytes, where: _Where) -> tuple[str, str]:
    """Pick GB18030 or Big5 by share of common characters; cp950 and Big5-HKSCS back up Big5.

    Nearly any Big5 file is also valid GB18030 (and many GBK files valid Big5), so strict
    decoding alone cannot choose: the wrong reading is full of rare characters.
    """
    gb_common, big5_common = _common_sets()
    best: tuple[float, int, str, str] | None = None
    errors: list[tuple[int, str, str]] = []
    big5_ok = False
    for encoding in ("gb18030", "big5", "cp950", "big5hkscs"):
        if big5_ok:
            break
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            errors.append((exc.start, encoding, exc.reason))
            continue
        big5_ok = encoding != "gb18030"
        score, scored = _score(text, gb_common if encoding == "gb18030" else big5_common)
        if best is None or score > best[0]:
            best = (score, scored, encoding, text)
    if best is not None:
        score, scored, encoding, text = best
        if score >= _MIN_PLAUSIBLE or scored < _MIN_SCORED:
            return text, encoding
        first = next(i for i, b in enumerate(data) if b >= 0x80)
        raise DecodeError(
            "undecodable-bytes",
            f"{where(first)}: no plausible encoding (best {encoding}, {score:.0%} common"
            " characters)",
            where.base_offset + first,
        )
    pos, encoding, reason = max(errors)
    raise DecodeError(
        "undecodable-bytes",
        f"{where(pos)}: invalid byte 0x{data[pos]:02x} (not UTF-8, GB18030 or Big5; {encoding}:"
        f" {reason})",
        where.base_offset + pos,
    )


def _score(text: str, common: frozenset[str]) -> tuple[float, int]:
    """Share of non-ASCII characters that are common Han or CJK punctuation, and their count."""
    n = hits = 0
    for ch in text[:_SAMPLE_CHARS]:
        if ch >= "\x80":
            n += 1
            hits += ch in common
    return (hits / n if n else 1.0), n


def _decode_cells(encoding: str, leads: range, trails: list[int], last: int = 0xFFFF) -> set[str]:
    out = set()
    for lead in leads:
        for trail in trails:
            if (lead << 8 | trail) > last:
                break
            try:
                out.add(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                pass
    return out


@lru_cache(maxsize=1)
def _common_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Common Han (GB2312 level 1 ∪ Big5 frequent) plus each encoding's punctuation rows.

    GB2312 level 1 is the official list of the ~3,750 most used simplified characters and
    Big5 A440-C67E the ~5,400 frequent traditional ones; both come from the codecs, so no
    frequency table ships with the package.
    """
    gb_trails = list(range(0xA1, 0xFF))
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    han = _common_han()
    gb_punct = _decode_cells("gb2312", range(0xA1, 0xA4), gb_trails)
    big5_punct = _decode_cells("big5", range(0xA1, 0xA4), big5_trails, last=0xA3BF)
    return frozenset(han | gb_punct), frozenset(han | big5_punct)


@lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    gb_level1 = _decode_cells("gb2312", range(0xB0, 0xD8), list(range(0xA1, 0xFF)))
    big5_frequent = _decode_cells(
        "big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], last=0xC67E
    )
    return frozenset(gb_level1 | big5_frequent)
