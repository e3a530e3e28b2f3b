"""From a record (a JSON object or a table row) to a `Document`, or why not.

The text field becomes the document's text; title, url, date and author become its
metadata fields; every other field is kept in `extra` as a JSON-serialisable copy
(timestamps as ISO strings, bytes as base64, NaN as null), so a record's fields survive
the run. A record without a usable text field is quarantined with the record itself.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import math
from collections.abc import Mapping
from typing import Any

from cleaner.document import Document, Quarantined, document_id

__all__ = ["Item", "from_mapping", "invalid_meta"]

_META_FIELDS = ("title", "url", "date", "author")

Item = Document | Quarantined


def from_mapping(
    obj: Any, source: str, text_field: str, raw: bytes, payload: bytes | None, escapes: bool = False
) -> Item:
    """Build a Document from a JSON object or a table row.

    `raw` is what the id is computed from (the JSON text, or the UTF-8 text of a row).
    `payload` is kept verbatim on quarantine; None (rows) means "the row as JSON".
    `escapes` says the JSON had ``\\u`` escapes, the only way in for lone surrogates,
    which Parquet cannot store.
    """
    problem = _problem(obj, text_field, escapes)
    if problem is not None:
        reason, detail = problem
        return Quarantined(source, reason, detail, _row_json(obj) if payload is None else payload)
    doc = Document(id=document_id(source, raw), text=obj[text_field], source=source)
    doc.extra = _fill_metadata(doc, obj, text_field)
    return doc


def invalid_meta(invalid_bytes: int) -> dict[str, Any]:
    """`meta.invalid_bytes`: bytes the decoder replaced with U+FFFD, set only when some were."""
    return {"invalid_bytes": invalid_bytes} if invalid_bytes else {}


def _problem(obj: Any, text_field: str, escapes: bool) -> tuple[str, str] | None:
    """(quarantine reason, detail) for a record that is no document, else None."""
    if not isinstance(obj, dict):
        return "malformed-json", f"expected a JSON object, got {_type_name(obj)}"
    if text_field not in obj:
        fields = ", ".join(sorted(map(str, obj))) or "(none)"
        return "missing-text", f"no field {text_field!r}; fields: {fields}"
    text = obj[text_field]
    if not isinstance(text, str):
        return "invalid-text", f"{text_field!r} is {_type_name(text)}, not a string"
    if escapes and not _valid_unicode(text):
        return "invalid-text", f"{text_field!r} contains a lone surrogate"
    return None


def _fill_metadata(doc: Document, obj: dict[str, Any], text_field: str) -> dict[str, Any]:
    """Set the document's metadata fields from the record; return the other fields."""
    extra: dict[str, Any] = {}
    for key, value in obj.items():
        if key == text_field:
            continue
        if key in _META_FIELDS:
            if value is None:
                continue
            if isinstance(value, str):
                setattr(doc, key, _clean_str(value))
                continue
            if isinstance(value, (dt.date, dt.time)):
                setattr(doc, key, value.isoformat())
                continue
        extra[_clean_str(str(key))] = _jsonable(value)
    return extra


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _valid_unicode(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean_str(text: str) -> str:
    """Lone surrogates (from JSON escapes) become "?" so that the value can be written."""
    if _valid_unicode(text):
        return text
    return text.encode("utf-8", "replace").decode("utf-8")


def _jsonable(value: Any) -> Any:
    """A JSON-serialisable copy: timestamps as ISO strings, bytes as base64, NaN as null."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return _clean_str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {_clean_str(str(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _row_json(obj: Any) -> str:
    return json.dumps(_jsonable(obj), ensure_ascii=False, sort_keys=True)
