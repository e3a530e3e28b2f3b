"""Hypothesis strategies for the fuzz targets: raw bytes, and inputs shaped like each format
(valid structure with damage), which reach much deeper than random bytes alone."""

from __future__ import annotations

import json

from hypothesis import strategies as st

HAN = "的一是在不了有和人这中大为上个国我以要他時來們說會對學國發經過動還種點樣"
_TEXT = st.text(alphabet=st.sampled_from(list(HAN + "，。！？“”（） abcXYZ019\n\t\"'\\<>&;:")),
                max_size=30)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXT | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=4),
    max_leaves=12,
)
json_records = st.fixed_dictionaries(
    {"text": json_values},
    optional={"title": json_values, "date": json_values, "url": json_values,
              "meta": json_values},
)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` with a few bytes cut, inserted or flipped, or truncated."""
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["cut", "insert", "flip", "truncate"]))
        if op == "cut":
            del data[i]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=4))
        elif op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        else:
            del data[i:]
    return bytes(data)


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    lines = []
    for record in draw(st.lists(json_records | json_values, max_size=6)):
        line = json.dumps(record, ensure_ascii=draw(st.booleans())).encode("utf-8", "replace")
        lines.append(draw(damaged(line)) if draw(st.booleans()) else line)
        lines += draw(st.sampled_from([[], [b""], [b"  "], [b"\r"]]))
    eol = draw(st.sampled_from([b"\n", b"\r\n"]))
    data = eol.join(lines) + draw(st.sampled_from([b"", eol]))
    return draw(st.sampled_from([b"", b"\xef\xbb\xbf"])) + data


@st.composite
def json_array_bytes(draw: st.DrawFn) -> bytes:
    records = draw(st.lists(json_records | json_values, max_size=5))
    data = json.dumps(records, ensure_ascii=draw(st.booleans())).encode("utf-8", "replace")
    return draw(damaged(data)) if draw(st.booleans()) else data


_TAGS = ["p", "div", "br", "span", "a", "img", "script", "style", "pre", "table", "td", "tr",
         "li", "ul", "title", "head", "body", "html", "meta", "link", "svg", "template", "font",
         "iframe", "noscript", "textarea", "h1", "b", "select", "button"]


@st.composite
def html_text(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["open", "close", "text", "entity", "comment", "odd"]))
        tag = draw(st.sampled_from(_TAGS))
        if kind == "open":
            attrs = draw(st.sampled_from(["", ' class="x"', " href=http://198.51.100.1/",
                                          ' name="author" content="作者"', " a=\"<p>\"", " /"]))
            parts.append(f"<{tag}{attrs}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        elif kind == "text":
            parts.append(draw(_TEXT))
        elif kind == "entity":
            parts.append(draw(st.sampled_from(["&amp;", "&lt;", "&#x4e2d;", "&#0;", "&bogus;",
                                               "&#xD800;", "&nbsp;", "\ufdd0", "\ufdd1"])))
        elif kind == "comment":
            parts.append(draw(st.sampled_from(["<!--", "-->", "<!-- x -->", "<![CDATA[",
                                               "<!DOCTYPE html>", "<?xml ?>"])))
        else:
            parts.append(draw(st.sampled_from(["<", ">", "</", "<<", "<a", "=\"", "'"])))
    return "".join(parts)


_YAML_VALUES = [
    "标题", "2021-11-16", "2021-11-16 08:00:00+08:00", "2021-02-30", "[a, b]", "{a: 1}",
    "null", "~", "yes", "1e309", "-.inf", ".nan", "0x1F", "'quoted'", "\"esc\\u4e2d\"",
    "&a [x, x]", "*a", "!!binary aGVsbG8=", "!!python/object:os.system", "!!set {a, b}",
    "|\n  块", ">\n  折", "- item", "9" * 5000, "2021年3月5日", "Tue, 01 Jan 2030 00:00:00 GMT",
    "[[[[[[]]]]]]", "{", "\"unterminated",
]
_KEYS = ["title", "date", "author", "authors", "url", "permalink", "tags", "categories",
         "keywords", "image", "published", "Title", "DATE", "x", "? complex", "1", "true"]


@st.composite
def front_matter_text(draw: st.DrawFn) -> str:
    fence = draw(st.sampled_from(["---", "+++"]))
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        key = draw(st.sampled_from(_KEYS))
        value = draw(st.sampled_from(_YAML_VALUES) | _TEXT)
        sep = ": " if fence == "---" else " = "
        if fence == "+++" and draw(st.booleans()):
            value = json.dumps(value, ensure_ascii=False)
        lines.append(f"{key}{sep}{value}")
    close = draw(st.sampled_from([fence, fence + "  ", "", "---" if fence == "+++" else "+++"]))
    lead = draw(st.sampled_from(["", "\n", "  \n", "\ufeff"]))
    return f"{lead}{fence}\n" + "\n".join(lines) + f"\n{close}\n" + draw(_TEXT)


_CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030",
           "gbk", "big5", "cp950", "latin-1", "cp1252", "shift_jis"]


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    text = draw(st.text(max_size=60) | _TEXT)
    codec = draw(st.sampled_from(_CODECS))
    data = text.encode(codec, errors="ignore")
    return draw(damaged(data)) if draw(st.booleans()) else data


STRATEGIES = {
    "jsonl": st.binary(max_size=200) | jsonl_bytes(),
    "json": st.binary(max_size=200) | json_array_bytes(),
    "html": st.binary(max_size=200) | html_text().map(lambda s: s.encode("utf-8", "replace")),
    "front-matter": st.binary(max_size=100)
    | front_matter_text().map(lambda s: s.encode("utf-8", "replace")),
    "decode": st.binary(max_size=300) | encoded_text(),
}
