"""Turn raw bytes of unknown encoding into text, or say precisely why not.

Chinese corpora mix UTF-8, UTF-16, GB18030/GBK and Big5. Guessing wrong silently produces
mojibake that no later rule can repair, so the encoding is chosen from strict decodes and
plausibility; only then may a few invalid byte sequences (a string cut inside a character by
a CMS, a damaged sector) become U+FFFD, counted, so that one bad byte does not cost the
whole document. Input that is mostly undecodable, or binary, raises `DecodeError`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from cleaner.charsets import common_sets, legacy_score, utf16_score
from cleaner.io.signatures import binary_kind

__all__ = [
    "MAX_INVALID_SHARE",
    "DecodeError",
    "Decoded",
    "decode",
    "decode_bytes",
    "invalid_allowance",
]

# Below this share of "common" non-ASCII characters a GB18030/Big5 decode is mojibake.
_MIN_PLAUSIBLE = 0.6
# Fewer non-ASCII characters than this are too few to reject on plausibility alone.
_MIN_SCORED = 16
# "Mostly UTF-8": at most this share of invalid bytes among all non-ASCII units.
_MAX_UTF8_BAD_SHARE = 0.2
# Invalid bytes a document may have and still be read (as U+FFFD): 1% of its bytes, and
# at least one cut character (a CJK character cut in UTF-8 leaves 2 bytes, in GBK 1) but
# never more than 10% of a tiny document, which must still be mostly text. A
# page with a few cuts stays far below; at 1% (about every 30th Chinese character in
# UTF-8) the damage is systemic (mixed encodings, a wrong guess, binary), and a person
# should see the file, which quarantine keeps verbatim.
MAX_INVALID_SHARE = 0.01
_MIN_INVALID_ALLOWED = 2
# Share of C0 control bytes (other than whitespace and ESC) above which data is binary.
# NUL counts: a text extractor writes a few for glyphs it cannot map, binaries many.
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


# Invalid bytes are first decoded to lone surrogates that no decoder produces (U+DC00 for
# every byte of an error but the last, U+DC01 for the last): they count bytes, score as
# rare characters, and each error becomes one U+FFFD at the end.
def _mark_invalid(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "\udc00" * (exc.end - exc.start - 1) + "\udc01", exc.end


codecs.register_error("cleaner-mark-invalid", _mark_invalid)
_MARKS_RE = re.compile("\udc00*\udc01")


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


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec, and how many invalid bytes became U+FFFD (one per error)."""

    text: str
    encoding: str
    invalid_bytes: int = 0


def invalid_allowance(size: int) -> int:
    """Invalid bytes a document of `size` bytes may have and still be read."""
    return max(min(_MIN_INVALID_ALLOWED, size // 10), int(size * MAX_INVALID_SHARE))


def decode_bytes(data: bytes, *, base_line: int = 1, base_offset: int = 0) -> tuple[str, str]:
    """Decode `data` strictly and return ``(text, encoding)``; any invalid byte raises."""
    result = decode(data, base_line=base_line, base_offset=base_offset, lossy=False)
    return result.text, result.encoding


def decode(
    data: bytes, *, base_line: int = 1, base_offset: int = 0, lossy: bool = True
) -> Decoded:
    """Decode `data`; raise `DecodeError` when it is binary or mostly undecodable.

    Steps, in order: (1) a BOM; (2) UTF-16 by NUL pattern, a file signature (binary)
    unless the data is UTF-8 without NULs, BOM-less UTF-16 without NULs; (3) the
    control-byte share (binary); (4) strict UTF-8; (5) "mostly UTF-8" (stray bytes become
    U+FFFD rather than the file being re-read as GB18030 mojibake); (6) GB18030 vs Big5 by
    share of common Han characters, invalid bytes counting as rare ones. With `lossy`, up
    to `invalid_allowance` invalid bytes are replaced; without it any raises. NUL and
    control bytes in text are left to the rules. `base_line`/`base_offset` shift positions
    in error details, for data cut from a larger file (one JSON line, say).
    """
    if not data:
        return Decoded("", "utf-8")
    where = _Where(data, base_line, base_offset)
    allowed = invalid_allowance(len(data)) if lossy else 0
    found = _by_bom(data, where, allowed)
    if found is not None:
        return found
    utf8 = _strict_utf8(data)
    found = _utf16_or_binary(data, utf8, where, allowed)
    if found is not None:
        return found
    _check_controls(data, where)
    if isinstance(utf8, str):
        return Decoded(utf8, "utf-8")
    found = _mostly_utf8_lossy(data, utf8, where, allowed)
    if found is not None:
        return found
    return _decode_chinese_legacy(data, where, allowed)


def _by_bom(data: bytes, where: _Where, allowed: int) -> Decoded | None:
    """Step 1: the encoding a byte order mark names."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            result = _decode_bom(data, bom, encoding, where, allowed)
            if result is not None:
                return result
    return None


def _strict_utf8(data: bytes) -> str | UnicodeDecodeError:
    """The data as strict UTF-8, or the error that says where it is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc


def _utf16_or_binary(
    data: bytes, utf8: str | UnicodeDecodeError, where: _Where, allowed: int
) -> Decoded | None:
    """Step 2: UTF-16 without BOM, or binary by file signature (which raises)."""
    if b"\0" in data:
        result = _utf16_by_nuls(data, where, allowed)
        if result is not None:
            return result
    valid = isinstance(utf8, str)
    if not valid or b"\0" in data:
        _check_signature(data, where)
    if not valid:
        # Before the control-byte test: UTF-16 low bytes are often control bytes.
        found = _utf16_without_nuls(data)
        if found is not None:
            return Decoded(*found)
    return None


def _check_controls(data: bytes, where: _Where) -> None:
    """Step 3: raise for binary data, told by its share of control bytes."""
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        first = _CONTROL_RE.search(data).start()  # type: ignore[union-attr]
        raise DecodeError(
            "binary",
            f"{where(first)}: {controls} of {len(data)} bytes are control bytes",
            where.base_offset + first,
        )


def _mostly_utf8_lossy(
    data: bytes, error: UnicodeDecodeError, where: _Where, allowed: int
) -> Decoded | None:
    """Step 5: UTF-8 with a few invalid bytes as U+FFFD; too many of them raise."""
    marked, bad = _decode_marked(data, "utf-8")
    if not _mostly_utf8(marked, bad):
        return None
    if bad <= allowed:
        return Decoded(_unmark(marked), "utf-8", bad)
    pos = error.start
    raise DecodeError(
        "undecodable-bytes",
        f"{where(pos)}: invalid UTF-8 ({error.reason}, byte 0x{data[pos]:02x})"
        f" in otherwise valid UTF-8{_too_many(bad, allowed, len(data))}",
        where.base_offset + pos,
    )


def _too_many(bad: int, allowed: int, size: int) -> str:
    """Detail suffix of a lossy decode refused for its number of invalid bytes."""
    if not allowed:
        return ""
    return f"; {bad} invalid bytes of {size}, more than the {allowed} allowed"


def _decode_marked(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with invalid bytes marked (see `_mark_invalid`); return text and their count."""
    text = data.decode(encoding, "cleaner-mark-invalid")
    return text, text.count("\udc00") + text.count("\udc01")


def _unmark(text: str) -> str:
    return _MARKS_RE.sub("\ufffd", text)


def _check_signature(data: bytes, where: _Where) -> None:
    kind = binary_kind(data)
    if kind is not None:
        raise DecodeError("binary", f"{where(0)}: {kind} (file signature)", where.base_offset)


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


def _decode_bom(
    data: bytes, bom: bytes, encoding: str, where: _Where, allowed: int
) -> Decoded | None:
    """Decode after a BOM; a UTF-32-LE BOM that fails may still be UTF-16-LE + U+0000."""
    body = data[len(bom) :]
    codec = encoding.removesuffix("-sig")
    try:
        return Decoded(body.decode(codec), encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-32-le":
            return None
        marked, bad = _decode_marked(body, codec)
        if bad <= allowed:
            return Decoded(_unmark(marked), encoding, bad)
        pos = exc.start + len(bom)
        raise DecodeError(
            "undecodable-bytes",
            f"{where(pos, encoding)}: invalid {encoding} after BOM ({exc.reason})"
            f"{_too_many(bad, allowed, len(data))}",
            where.base_offset + pos,
        ) from None


def _utf16_by_nuls(data: bytes, where: _Where, allowed: int) -> Decoded | None:
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
    if usable == len(data):
        return Decoded(text, encoding)
    if allowed:
        return Decoded(text + "\ufffd", encoding, 1)
    raise DecodeError(
        "undecodable-bytes",
        f"{where(usable, encoding)}: truncated {encoding} (odd number of bytes)",
        where.base_offset + usable,
    )


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
        score, han = utf16_score(text)
        scored.append((score, han, encoding, text))
    if not scored:
        return None
    scored.sort(reverse=True)
    score, han, encoding, text = scored[0]
    if score < min_score or han < min_han or (len(scored) == 2 and scored[1][0] == score):
        return None
    return text, encoding


def _mostly_utf8(marked: str, bad: int) -> bool:
    """True when invalid bytes (marked) are rare next to valid multi-byte sequences."""
    multi = len(marked) - len(marked.encode("ascii", "ignore")) - bad
    return multi > 0 and bad <= _MAX_UTF8_BAD_SHARE * (bad + multi)


def _decode_chinese_legacy(data: bytes, where: _Where, allowed: int) -> Decoded:
    """Step 6: GB18030 or Big5 by share of common characters; cp950 and Big5-HKSCS back up Big5.

    Nearly any Big5 file is also valid GB18030 (and many GBK files valid Big5), so strict
    decoding alone cannot choose: the wrong reading is full of rare characters. A reading
    with a few invalid bytes competes on the same score, its invalid bytes counting as rare
    characters, so a GBK page with three cut characters is still GBK, not Big5. Too few
    characters to score excuse a strict reading only: a few bytes that are neither valid
    UTF-8 nor valid GB18030 tell nothing about the encoding.
    """
    best, errors, fewest = _best_legacy_reading(data, allowed)
    if best is None:
        pos, encoding, reason = max(errors)
        raise DecodeError(
            "undecodable-bytes",
            f"{where(pos)}: invalid byte 0x{data[pos]:02x} (not UTF-8, GB18030 or Big5;"
            f" {encoding}: {reason}){_too_many(fewest, allowed, len(data))}",
            where.base_offset + pos,
        )
    score, scored, bad, encoding, text = best
    if score >= _MIN_PLAUSIBLE or (scored < _MIN_SCORED and not bad):
        return Decoded(_unmark(text) if bad else text, encoding, bad)
    first = next(i for i, b in enumerate(data) if b >= 0x80)
    raise DecodeError(
        "undecodable-bytes",
        f"{where(first)}: no plausible encoding (best {encoding}, {score:.0%} common"
        " characters)",
        where.base_offset + first,
    )


_Reading = tuple[float, int, int, str, str]  # score, characters scored, invalid bytes, codec, text


def _best_legacy_reading(
    data: bytes, allowed: int
) -> tuple[_Reading | None, list[tuple[int, str, str]], int]:
    """The best-scoring legacy reading, each codec's first error, and the fewest invalid bytes.

    GB18030 is always read; the Big5 family stops at the first codec that reads strictly.
    """
    gb_common, big5_common = common_sets()
    best: _Reading | None = None
    errors: list[tuple[int, str, str]] = []
    fewest = 0
    for encoding in ("gb18030", "big5", "cp950", "big5hkscs"):
        bad = 0
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            errors.append((exc.start, encoding, exc.reason))
            if not allowed:
                continue
            text, bad = _decode_marked(data, encoding)
            fewest = min(fewest, bad) if fewest else bad
            if bad > allowed:
                continue
        score, scored = legacy_score(text, gb_common if encoding == "gb18030" else big5_common)
        if best is None or (score, -bad) > (best[0], -best[2]):
            best = (score, scored, bad, encoding, text)
        if encoding != "gb18030" and not bad:
            break
    return best, errors, fewest
