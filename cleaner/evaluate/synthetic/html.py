"""The text as a saved web page: `<p>` paragraphs, `<strong>` headings, img, script, style."""

from __future__ import annotations

import html as _html
import random
import re

from cleaner.evaluate.synthetic.text import is_han, is_heading, paragraphs

_STYLES = (
    "",
    ' style="text-indent: 2em;"',
    ' style="text-indent: 2em; text-align: left;"',
    ' class="content"',
)
_ALTS = ("图片", "配图", "图为活动现场", "示意图", "资料图", "image")
_INLINE = (
    ('<a href="https://example.com/tag/{n}" target="_blank">', "</a>"),
    ('<span style="color: #333;">', "</span>"),
    ("<em>", "</em>"),
    ("<b>", "</b>"),
)


def _esc(text: str, rng: random.Random) -> str:
    """Escape for HTML: & < > always, some quotes and characters as named/numeric entities."""
    out = []
    for ch in text:
        r = rng.random()
        if ch in "&<>":
            out.append(_html.escape(ch, quote=False))
        elif ch in "“”—" and r < 0.3:
            out.append({"“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;"}[ch])
        elif is_han(ch) and r < 0.01:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def _html_block(lines: list[str], rng: random.Random, *, strong: bool = False) -> str:
    if strong or (len(lines) == 1 and is_heading(lines[0]) and rng.random() < 0.8):
        inner = _esc(lines[0], rng)
        if strong or rng.random() < 0.75:
            return f"<p{rng.choice(_STYLES)}><strong>{inner}</strong></p>"
        return f"<h3>{inner}</h3>"
    parts = []
    for line in lines:
        if len(line) > 6 and rng.random() < 0.3:
            i = rng.randrange(1, len(line) - 3)
            j = rng.randrange(i + 1, len(line))
            open_, close = rng.choice(_INLINE)
            open_ = open_.format(n=rng.randrange(1000))
            parts.append(
                _esc(line[:i], rng) + open_ + _esc(line[i:j], rng) + close + _esc(line[j:], rng)
            )
        else:
            parts.append(_esc(line, rng))
    return f"<p{rng.choice(_STYLES)}>" + "<br>".join(parts) + "</p>"


def to_html(text: str, rng: random.Random, *, blocks: bool) -> str:
    """Wrap the text as a saved web page.

    `blocks=False`: every line is a paragraph. `blocks=True` (text already laid out): runs of
    lines between blank lines become one `<p>` with `<br>` between the lines, so the line
    structure survives exactly as in the plain-text layout.
    """
    if blocks:
        groups = [b.split("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
    else:
        groups = [[p] for p in paragraphs(text)]
    groups = [[line for line in g if line.strip()] for g in groups]
    heads = [g[0] for g in groups if len(g) == 1 and is_heading(g[0])]
    first = heads[0] if heads else (groups[0][0][:12] if groups else "")
    title = first + rng.choice(("", "_新闻频道", " - 资讯网", "｜深度阅读"))
    first_head = next((i for i, g in enumerate(groups) if len(g) == 1 and is_heading(g[0])), -1)
    body = [_html_block(g, rng, strong=i == first_head) for i, g in enumerate(groups)]
    extras = [
        f'<img src="/upload/{rng.randrange(10**6)}.jpg" alt="{rng.choice(_ALTS)}">',
        "<!-- " + rng.choice(("广告位", "ad slot", "正文开始", "end of content")) + " -->",
        "<script>window.dataLayer = window.dataLayer || [];"
        " dataLayer.push({event: 'pv'});</script>",
    ]
    for extra in extras:
        body.insert(rng.randrange(len(body) + 1), extra)
    head = (
        '<head><meta charset="utf-8">'
        f"<title>{_html.escape(title, quote=False)}</title>"
        "<style>p { line-height: 1.8; } .ad > a { color: red; }</style></head>"
    )
    wrapper = rng.choice(('<div class="article">', '<div id="content" class="rich_media">'))
    return (
        "<!DOCTYPE html>\n<html>" + head + "\n<body>\n" + wrapper + "\n"
        + "\n".join(body)
        + "\n</div>\n</body>\n</html>"
    )  # fmt: skip


def html(text: str, rng: random.Random) -> str:
    """The text as a saved web page: `<p>`, `<strong>` headings, img/script/style/comment."""
    return to_html(text, rng, blocks=False)
