"""Front matter (M001): YAML or TOML at the top of a file becomes metadata."""

from __future__ import annotations

import re
import sys
from functools import cache
from typing import Any

from cleaner_rules.markup.date_field import iso_date

from cleaner.document import Document
from cleaner.rule import Example, Rule, Stage

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_FRONT = re.compile(r"\A\s*(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.S)


def _parse(fence: str, body: str) -> Any:
    """The front matter's data, None where it does not parse. PyYAML is imported only for
    a document that has YAML front matter (a thirtieth of a CPU-second per process)."""
    if fence == "+++":
        try:
            return tomllib.loads(body)
        except (tomllib.TOMLDecodeError, ValueError):
            return None
    import yaml

    try:
        return yaml.load(body, Loader=_no_aliases())  # a SafeLoader
    except (yaml.YAMLError, ValueError):
        return None


@cache
def _no_aliases() -> type:
    """Safe YAML without anchors and aliases: front matter never needs them, and expanded,
    a few hundred bytes of them become gigabytes of text (the "billion laughs")."""
    import yaml

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("aliases are not allowed in front matter")
            return super().compose_node(parent, index)

    return NoAliases


_LIST_KEYS = ("categories", "tags", "keywords")
_IMAGE_KEYS = ("image", "headimg", "thumbnail", "cover", "featured_image")
_URL_KEYS = ("url", "link", "permalink", "source", "source_url", "canonical")
_AUTHOR_KEYS = ("author", "authors", "by")
_DATE_KEYS = ("date", "published", "pubdate", "publish_date", "created")


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    """The value of the first of `keys` that `data` fills."""
    for key in keys:
        if data.get(key) not in (None, "", []):
            return data[key]
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or None
    return str(value).strip() or None


class FrontMatter(Rule):
    code = "M001"
    name = "front-matter"
    stage = Stage.MARKUP
    summary = "Move YAML or TOML front matter at the top of a file into metadata."
    rationale = (
        "Static-site exports and scrapers put title, date and author in front matter; "
        "left in the text it is noise for a language model, while as metadata it lets "
        "users filter and cite. Dates are normalised to ISO 8601."
    )
    references = (
        "YAML 1.1 safe loading (PyYAML SafeLoader), here without anchors and aliases",
        "TOML v1.0 (tomllib); ISO 8601 dates",
    )
    limits = (
        "Only front matter at the top of a file, between `---` or `+++` lines; JSON stays text",
    )
    examples = (
        Example("---\ntitle: 标题\ndate: 2021-11-16\n---\n正文第一段。", "正文第一段。"),
        Example('+++\ntitle = "标题"\n+++\n正文。', "正文。"),
        Example("---\n这不是前言，只是一条分隔线。"),
    )

    def gate(self, text: str) -> bool:
        return text.lstrip()[:3] in ("---", "+++")

    def apply(self, doc: Document) -> str:
        m = _FRONT.match(doc.text)
        if not m:
            return doc.text
        data = _parse(m.group(1), m.group(2))
        if not isinstance(data, dict):
            return doc.text
        data = {str(k).lower(): v for k, v in data.items()}
        doc.title = doc.title or _as_text(data.get("title"))
        doc.author = doc.author or _as_text(_first(data, _AUTHOR_KEYS))
        doc.url = doc.url or _as_text(_first(data, _URL_KEYS))
        raw_date = _first(data, _DATE_KEYS)
        if raw_date is not None and doc.date is None:
            doc.date = iso_date(raw_date)
            if doc.date != str(raw_date):
                doc.extra["date_raw"] = str(raw_date)
        for key in _LIST_KEYS:
            value = data.get(key)
            if value not in (None, "", []):
                doc.extra[key] = [str(v) for v in value] if isinstance(value, list) else [
                    str(value)
                ]
        image = _first(data, _IMAGE_KEYS)
        if image is not None:
            doc.extra["image"] = _as_text(image)
        return doc.text[m.end():]


