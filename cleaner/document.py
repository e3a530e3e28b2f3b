"""The document model shared by readers, rules and writers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SCRIPTS = ("zh-Hans", "zh-Hant", "und")


def document_id(source: str, raw: bytes | str) -> str:
    """Stable id: the same source path and raw content always give the same id."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    h = hashlib.blake2b(digest_size=16)
    h.update(source.encode("utf-8", "surrogateescape"))
    h.update(b"\0")
    h.update(data)
    return h.hexdigest()


@dataclass(slots=True)
class Document:
    """One input document on its way through the pipeline.

    `format` tells rules how the text was captured (`text`, `markdown`, `html`);
    it is not written out. Everything in `extra` ends up in the `meta` JSON column.
    `signals` holds the quality signals of the cleaned text (cleaner/signals.py), set at the
    end of the pipeline; the writer computes them for a document that has none.
    """

    id: str
    text: str
    source: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    script: str = "und"
    format: str = "text"
    extra: dict[str, Any] = field(default_factory=dict)
    signals: dict[str, Any] | None = None

    @classmethod
    def from_text(cls, text: str, source: str = "<memory>", **kwargs: Any) -> Document:
        return cls(id=document_id(source, text), text=text, source=source, **kwargs)


@dataclass(slots=True)
class Quarantined:
    """An input that could not become a document; kept verbatim with its reason."""

    source: str
    reason: str
    detail: str
    payload: bytes | str
