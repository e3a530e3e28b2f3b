"""Dates (M003): a `date` read from JSON or Parquet fields becomes ISO 8601.

`iso_date` is also what front matter (M001) and page heads (M002) go through.
"""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d",
                 "%Y年%m月%d日 %H:%M", "%Y年%m月%d日", "%Y.%m.%d")


def iso_date(value: Any) -> str | None:
    """Normalise a date to ISO 8601, keeping its UTC offset (UTC shown as Z); None if unreadable."""
    if isinstance(value, datetime):
        dt = value
    elif hasattr(value, "isoformat"):  # a date
        return value.isoformat()
    else:
        text = str(value).strip()
        dt = None
        try:
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if len(text) == 10:
                return dt.date().isoformat()
        except ValueError:
            try:
                dt = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                for fmt in _DATE_FORMATS:
                    try:
                        dt = datetime.strptime(text, fmt)
                        break
                    except ValueError:
                        continue
        if dt is None:
            return None
        if "%H" not in text and dt.hour == dt.minute == dt.second == 0 and ":" not in text:
            return dt.date().isoformat()
    if dt.tzinfo is not None and dt.utcoffset() == timezone.utc.utcoffset(None):
        return dt.replace(tzinfo=None).isoformat() + "Z"
    return dt.isoformat()


class DateField(Rule):
    code = "M003"
    name = "date-field"
    stage = Stage.MARKUP
    summary = "Normalise a `date` read from JSON or Parquet fields to ISO 8601."
    rationale = (
        "Scrapers write dates in every format; one format lets users sort and filter. The "
        "original value is kept in `meta.date_raw`; an unreadable date is left as it was."
    )
    references = (
        "ISO 8601 and RFC 3339 dates; RFC 5322 dates (email.utils)",
    )
    limits = (
        "Relative or descriptive dates (`去年春天`) stay as written; no time zone is guessed",
    )
    examples = (
        Example("正文。", fields={"date": "2023-03-11 21:47"},
                meta={"date": "2023-03-11T21:47:00", "date_raw": "2023-03-11 21:47"}),
        Example("正文。", fields={"date": "2023-03-11"}, meta={"date": "2023-03-11"}),
        Example("正文。", fields={"date": "去年春天"}, meta={"date": "去年春天"}),
    )

    def apply(self, doc: Document) -> str:
        if doc.date:
            iso = iso_date(doc.date)
            if iso is not None and iso != doc.date:
                doc.extra.setdefault("date_raw", doc.date)
                doc.date = iso
        return doc.text

