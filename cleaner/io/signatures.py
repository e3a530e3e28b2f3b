"""File signatures of formats that are never text: images, archives, executables, media.

A file that starts with one of them is binary whatever its bytes would decode to, as long
as it is not valid UTF-8 without NULs (the caller checks): a text that happens to start with
"%PDF-" or "PK" is still text.
"""

from __future__ import annotations

__all__ = ["SIGNATURES", "binary_kind"]

SIGNATURES = (
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


def binary_kind(data: bytes) -> str | None:
    """What the first matching signature says `data` is ("PNG image"), or None."""
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    return None
