"""Typesetting for benchmarks/pdf_roundtrip.py: our own clean texts as real PDF pages.

Each layout is a function (pdf path, title, text) -> None that writes one PDF. ReportLab
uses its CID font STSong-Light for both scripts (text set in MSung-Light came back as
garbage from poppler and pdfminer); PyMuPDF lays out HTML with CSS through `Story` in
Noto Serif CJK. The running header carries the title,
the footer a page number in one of the forms printed matter uses. Engines are imported
inside the functions, so a missing one only disables its layouts.
"""

from __future__ import annotations

import importlib.util
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parent.parent / "cleaner" / "sample" / "clean"
# Order matters: pdf_roundtrip OCRs the first few only.
DOCS = ("newspaper_jiangzhou", "tea_cooperative", "indie_studio_devlog", "newspaper_qingxi",
        "night_market_page", "ocr_newsletter", "river_cleanup_page", "robotics_club_blog",
        "soil_lab_gbk", "weather_station_hant", "museum_radio_big5", "forum_posts:1")
MIN_CHARS = 600
NOTO = Path("/usr/share/fonts/opentype/noto")
_SENTENCE_END = "。！？；：…”」』）)!?."


def load_docs() -> dict[str, tuple[str, str]]:
    """name -> (title, text): the title from the meta file, else the first line."""
    out = {}
    for name in DOCS:
        stem, _, line = name.partition(":")
        metas = json.loads((SAMPLE / f"{stem}.meta.json").read_text("utf-8"))
        if line:
            text = (SAMPLE / f"{stem}.jsonl").read_text("utf-8").splitlines()[int(line) - 1]
            text, meta = json.loads(text)["text"], metas[int(line) - 1]
        else:
            text, meta = (SAMPLE / f"{stem}.txt").read_text("utf-8"), metas
        text = "\n".join(p.strip() for p in text.splitlines() if p.strip())
        if len(text) >= MIN_CHARS:
            out[name.replace(":", "_")] = (meta.get("title") or text.split("\n")[0], text)
    return out


def is_heading(line: str) -> bool:
    """A short line without sentence-final punctuation is set as a heading."""
    return len(line) <= 30 and not line.endswith(tuple(_SENTENCE_END))


@dataclass(frozen=True)
class Spec:
    """One layout: page size in points, columns, alignment, indent and footer form."""

    size: tuple[float, float]
    columns: int
    justify: bool
    indent: bool
    footer: str  # format with {n} (page) and {m} (pages)
    font_size: float = 10.0
    margin: float = 54.0
    gap: float = 18.0


def _rl_styles(font: str, spec: Spec) -> dict[str, Any]:
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    size = spec.font_size
    body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.5,
                          wordWrap="CJK",
                          alignment=TA_JUSTIFY if spec.justify else TA_LEFT,
                          firstLineIndent=2 * size if spec.indent else 0,
                          spaceAfter=0 if spec.indent else 5)
    return {"body": body,
            "title": ParagraphStyle("title", parent=body, fontSize=17, leading=24,
                                    firstLineIndent=0, spaceAfter=10),
            "head": ParagraphStyle("head", parent=body, fontSize=12, leading=18,
                                   firstLineIndent=0, spaceBefore=6, spaceAfter=4)}


def _rl_story(text: str, font: str, spec: Spec) -> list[Any]:
    from reportlab.platypus import Paragraph
    styles, story = _rl_styles(font, spec), []
    for k, line in enumerate(text.split("\n")):
        style = "body" if not is_heading(line) else "title" if k == 0 else "head"
        story.append(Paragraph(escape(line), styles[style]))
    return story


def _rl_build(out: Any, title: str, text: str, spec: Spec, pages: int) -> int:
    """One platypus pass; returns the number of pages (the footer may need the total)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
    font = "STSong-Light"  # Adobe-GB1 has the traditional forms too
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    (w, h), m, seen = spec.size, spec.margin, [0]
    col = (w - 2 * m - (spec.columns - 1) * spec.gap) / spec.columns
    frames = [Frame(m + i * (col + spec.gap), m, col, h - 2 * m, id=f"c{i}")
              for i in range(spec.columns)]

    def furniture(canvas: Any, doc: Any) -> None:
        n = seen[0] = doc.page
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(m, h - m + 16, title)
        canvas.line(m, h - m + 12, w - m, h - m + 12)
        canvas.drawCentredString(w / 2, m - 24, spec.footer.format(n=n, m=pages))
        canvas.restoreState()

    doc = BaseDocTemplate(out, pagesize=spec.size, title=title,
                          pageTemplates=[PageTemplate(frames=frames, onPage=furniture)])
    doc.build(_rl_story(text, font, spec))
    return seen[0]


def reportlab_layout(spec: Spec) -> Callable[[Path, str, str], None]:
    def typeset(pdf: Path, title: str, text: str) -> None:
        pages = 0
        if "{m}" in spec.footer:
            pages = _rl_build(io.BytesIO(), title, text, spec, 0)
        _rl_build(str(pdf), title, text, spec, pages)
    return typeset


def _html(text: str) -> str:
    parts = []
    for k, line in enumerate(text.split("\n")):
        tag = "p" if not is_heading(line) else "h1" if k == 0 else "h2"
        parts.append(f"<{tag}>{escape(line)}</{tag}>")
    return "<body>" + "\n".join(parts) + "</body>"


_CSS = ("@font-face {font-family: cjk; src: url(NotoSerifCJK-Regular.ttc);}"
        " body {font-family: cjk; font-size: %spt; line-height: 1.5;}"
        " p {margin: 0 0 %s 0; text-indent: %s; text-align: %s;}"
        " h1 {font-size: 16pt; margin: 0 0 8pt 0;} h2 {font-size: 12pt; margin: 6pt 0 4pt 0;}")


def _mu_pages(path: Path, text: str, spec: Spec) -> None:
    import pymupdf
    space, indent = ("0", "2em") if spec.indent else ("5pt", "0")
    css = _CSS % (spec.font_size, space, indent, "justify" if spec.justify else "left")
    story = pymupdf.Story(html=_html(text), user_css=css, archive=pymupdf.Archive(str(NOTO)))
    (w, h), m = spec.size, spec.margin
    col = (w - 2 * m - (spec.columns - 1) * spec.gap) / spec.columns
    rects = [pymupdf.Rect(m + i * (col + spec.gap), m, m + i * (col + spec.gap) + col, h - m)
             for i in range(spec.columns)]
    writer, more = pymupdf.DocumentWriter(str(path)), 1
    while more:
        device = writer.begin_page(pymupdf.Rect(0, 0, w, h))
        for rect in rects:
            more, _ = story.place(rect)
            story.draw(device)
            if not more:
                break
        writer.end_page()
    writer.close()


def mupdf_layout(spec: Spec) -> Callable[[Path, str, str], None]:
    def typeset(pdf: Path, title: str, text: str) -> None:
        import pymupdf
        draft = pdf.with_suffix(".draft.pdf")
        _mu_pages(draft, text, spec)
        (w, h), m = spec.size, spec.margin
        with pymupdf.open(str(draft)) as doc:
            for page in doc:
                page.insert_font(fontname="noto", fontfile=str(NOTO / "NotoSansCJK-Regular.ttc"))
                page.insert_text((m, m - 16), title, fontname="noto", fontsize=8)
                page.draw_line((m, m - 10), (w - m, m - 10), width=0.5)
                foot = spec.footer.format(n=page.number + 1, m=doc.page_count)
                page.insert_text((w / 2 - 4 * len(foot), h - m + 26), foot, fontname="noto",
                                 fontsize=8)
            doc.subset_fonts(fallback=importlib.util.find_spec("fontTools") is not None)
            doc.save(str(pdf), garbage=3, deflate=True)
        draft.unlink()
    return typeset


A5 = (419.53, 595.28)
LAYOUTS: dict[str, tuple[str, Callable[[Path, str, str], None]]] = {
    # name: (module it needs, typesetter)
    "rl-book": ("reportlab", reportlab_layout(Spec(A5, 1, True, True, "— {n} —", 10.5))),
    "rl-2col": ("reportlab", reportlab_layout(Spec(A5, 2, True, False, "第 {n} 页"))),
    "rl-3col-ragged": ("reportlab", reportlab_layout(Spec(A5, 3, False, True, "{n} / {m}", 9.5))),
    "mu-1col": ("pymupdf", mupdf_layout(Spec(A5, 1, True, True, "- {n} -", 10.5))),
    "mu-2col": ("pymupdf", mupdf_layout(Spec(A5, 2, False, False, "{n}"))),
}
