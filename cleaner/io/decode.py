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
from functools import lru_cache

__all__ = [
    "MAX_INVALID_SHARE",
    "DecodeError",
    "Decoded",
    "common_chars",
    "decode",
    "decode_bytes",
    "invalid_allowance",
]

# Only the first characters are scored: the statistic converges quickly and long files
# must not cost a Python-level loop over every character.
_SAMPLE_CHARS = 1 << 16
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

# File signatures of formats that are never text. Checked only when the data is not valid
# UTF-8 or holds a NUL (a real image, archive or executable does), so a text that starts
# with "%PDF-" or "PK" is still text.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (doc/xls/ppt)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\\x90\\x00", "DOS/Windows executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"OggS\x00", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"RIFF", "RIFF media (WAV/AVI/WebP)"),
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

    Order: BOM, UTF-16 by NUL pattern, strict UTF-8; a file signature (binary) unless the
    data is UTF-8 without NULs; BOM-less UTF-16 without NULs; then the control-byte share
    (binary), "mostly UTF-8" (stray bytes become U+FFFD rather than the file being re-read
    as GB18030 mojibake), then GB18030 vs Big5 by share of common Han characters, invalid
    bytes counting as rare ones. With `lossy`, up to `invalid_allowance` invalid bytes are
    replaced; without it any raises. NUL and control bytes in text are left to the rules.
    `base_line`/`base_offset` shift positions in error details, for data cut from a larger
    file (one JSON line, say).
    """
    if not data:
        return Decoded("", "utf-8")
    where = _Where(data, base_line, base_offset)
    allowed = invalid_allowance(len(data)) if lossy else 0

    for bom, encoding in _BOMS:
        if data.startswith(bom):
            result = _decode_bom(data, bom, encoding, where, allowed)
            if result is not None:
                return result

    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text, utf8_error = None, exc

    if b"\0" in data:
        result = _utf16_by_nuls(data, where, allowed)
        if result is not None:
            return result

    if text is None or b"\0" in data:
        _check_signature(data, where)
    if text is None:
        # Before the control-byte test: UTF-16 low bytes are often control bytes.
        found = _utf16_without_nuls(data)
        if found is not None:
            return Decoded(*found)

    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(data):
        first = _CONTROL_RE.search(data).start()  # type: ignore[union-attr]
        raise DecodeError(
            "binary",
            f"{where(first)}: {controls} of {len(data)} bytes are control bytes",
            base_offset + first,
        )
    if text is not None:
        return Decoded(text, "utf-8")

    marked, bad = _decode_marked(data, "utf-8")
    if _mostly_utf8(marked, bad):
        if bad <= allowed:
            return Decoded(_unmark(marked), "utf-8", bad)
        pos = utf8_error.start
        raise DecodeError(
            "undecodable-bytes",
            f"{where(pos)}: invalid UTF-8 ({utf8_error.reason}, byte 0x{data[pos]:02x})"
            f" in otherwise valid UTF-8{_too_many(bad, allowed, len(data))}",
            base_offset + pos,
        )
    return _decode_chinese_legacy(data, where, allowed)


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
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
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


def _mostly_utf8(marked: str, bad: int) -> bool:
    """True when invalid bytes (marked) are rare next to valid multi-byte sequences."""
    multi = len(marked) - len(marked.encode("ascii", "ignore")) - bad
    return multi > 0 and bad <= _MAX_UTF8_BAD_SHARE * (bad + multi)


def _decode_chinese_legacy(data: bytes, where: _Where, allowed: int) -> Decoded:
    """Pick GB18030 or Big5 by share of common characters; cp950 and Big5-HKSCS back up Big5.

    Nearly any Big5 file is also valid GB18030 (and many GBK files valid Big5), so strict
    decoding alone cannot choose: the wrong reading is full of rare characters. A reading
    with a few invalid bytes competes on the same score, its invalid bytes counting as rare
    characters, so a GBK page with three cut characters is still GBK, not Big5. Too few
    characters to score excuse a strict reading only: a few bytes that are neither valid
    UTF-8 nor valid GB18030 tell nothing about the encoding.
    """
    gb_common, big5_common = _common_sets()
    best: tuple[float, int, int, str, str] | None = None
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
        score, scored = _score(text, gb_common if encoding == "gb18030" else big5_common)
        if best is None or (score, -bad) > (best[0], -best[2]):
            best = (score, scored, bad, encoding, text)
        if encoding != "gb18030" and not bad:
            break
    if best is not None:
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
    pos, encoding, reason = max(errors)
    raise DecodeError(
        "undecodable-bytes",
        f"{where(pos)}: invalid byte 0x{data[pos]:02x} (not UTF-8, GB18030 or Big5; {encoding}:"
        f" {reason}){_too_many(fewest, allowed, len(data))}",
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


def common_chars() -> frozenset[str]:
    """Common Han of either script and the CJK punctuation rows of GB2312 and Big5."""
    gb_common, big5_common = _common_sets()
    return _union(gb_common, big5_common)


@lru_cache(maxsize=1)
def _union(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return a | b


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
