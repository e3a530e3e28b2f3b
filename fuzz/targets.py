"""Fuzz targets: each takes raw bytes, runs one reader, and checks what must always hold.

Used by `tests/test_fuzz.py` (hypothesis, a few seconds each in CI) and by `fuzz/run.py`
(hypothesis or atheris, as long as you like). A target raises AssertionError when an
invariant breaks and lets any other exception through: both are findings.
"""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

from cleaner_rules.markup.front_matter import FrontMatter
from cleaner_rules.markup.html_to_text import HTMLToText, html_to_text

from cleaner.document import Document, Quarantined
from cleaner.io.decode import DecodeError, decode_bytes
from cleaner.io.readers import iter_documents

_TMP = Path(tempfile.mkdtemp(prefix="cleaner-fuzz-"))
_LIMIT = 1 << 20


def _lines(data: bytes) -> list[bytes]:
    """JSON lines as the reader sees them: split on LF, a trailing CR dropped."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


def check_item(item: object, prefix: str) -> None:
    assert isinstance(item, Document | Quarantined), type(item)
    assert item.source.startswith(prefix), item.source
    if isinstance(item, Document):
        item.text.encode("utf-8")  # never a lone surrogate: Parquet could not store it
        json.dumps(item.extra, ensure_ascii=False).encode("utf-8")
        for value in (item.title, item.url, item.date, item.author):
            assert value is None or isinstance(value, str)
    else:
        assert item.reason and isinstance(item.detail, str)
        assert isinstance(item.payload, bytes | str)


def jsonl(data: bytes) -> None:
    """JSON lines: one item per non-blank line, in order, quarantined lines kept verbatim."""
    path = _TMP / "f.jsonl"
    path.write_bytes(data)
    items = list(iter_documents([path], max_decompressed_bytes=_LIMIT))
    lines = _lines(data)
    expected = [n for n, line in enumerate(lines, 1) if line.strip()]
    if any(isinstance(i, Quarantined) and i.source == "f.jsonl" for i in items):
        return  # a file-level failure (unreadable): nothing more to check
    assert [int(i.source.split(":")[1]) for i in items] == expected
    for item in items:
        check_item(item, "f.jsonl:")
        if isinstance(item, Quarantined):
            assert item.payload == lines[int(item.source.split(":")[1]) - 1]


def json_array(data: bytes) -> None:
    """A `.json` file: JSON lines, or one array streamed element by element."""
    path = _TMP / "f.json"
    path.write_bytes(data)
    for item in iter_documents([path], max_decompressed_bytes=_LIMIT):
        check_item(item, "f.json")


def html(data: bytes) -> None:
    """HTML to text: paragraphs of trimmed lines, no markers left, metadata as strings."""
    text = data.decode("utf-8", "replace")
    out, meta = html_to_text(text)
    assert isinstance(out, str)
    assert "\ufdd0" not in out and "\ufdd1" not in out
    for block in out.split("\n\n") if out else []:
        for line in block.split("\n"):
            assert line and line == line.strip(" "), repr(out)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta.items())
    doc = Document.from_text(text, format="html")
    rule = HTMLToText()
    if rule.gate(text):
        assert isinstance(rule.apply(doc), str)


def front_matter(data: bytes) -> None:
    """Front matter: the text left is a suffix of the input, metadata is JSON-writable."""
    text = data.decode("utf-8", "replace")
    doc = Document.from_text(text)
    rule = FrontMatter()
    out = rule.apply(doc) if rule.gate(text) else text
    assert text.endswith(out)
    for value in (doc.title, doc.url, doc.date, doc.author):
        assert value is None or isinstance(value, str)
        if value is not None:
            assert len(value) <= len(text), "metadata larger than its input"
    json.dumps(doc.extra, ensure_ascii=False).encode("utf-8")


_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"


def decode(data: bytes) -> None:
    """Encoding detection: strict decodes only, UTF-8 first, round trips where defined."""
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        assert exc.reason in ("binary", "undecodable-bytes"), exc.reason
        assert "byte" in exc.detail
        return
    text.encode("utf-8")
    assert not any(unicodedata.category(c) == "Cs" for c in text)
    if encoding == "utf-8":
        assert data.decode("utf-8") == text
    elif encoding.startswith(("utf-16", "utf-32")) or encoding == "gb18030":
        codec = encoding.removesuffix("-sig")
        assert data.endswith(text.encode(codec)), encoding
    try:
        plain = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    controls = len(data) - len(data.translate(None, _CONTROL))
    if b"\0" not in data and controls <= 0.1 * len(data) and not data.startswith(
        (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x84\x31\x95\x33")
    ):
        assert (text, encoding) == (plain, "utf-8"), "valid UTF-8 must be read as UTF-8"


TARGETS = {
    "jsonl": jsonl,
    "json": json_array,
    "html": html,
    "front-matter": front_matter,
    "decode": decode,
}
