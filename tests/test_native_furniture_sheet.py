"""B005 in the native core (native/src/sheet.rs, running.rs, near.rs) removes
and names exactly the lines the Python it replaced did (tests/oracles/furniture.py,
running.py, clusters.py; rapidfuzz for the near keys): on made-up pages (running headers
with page numbers and OCR noise, page labels, form feeds, blank lines, short lines,
specks), on documents without page boundaries (the shortcut the Python took there), and
on the real corpora as they reach B005."""

from __future__ import annotations

import time

import pytest
from cleaner_rules.boilerplate.furniture import PageFurniture
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents, reaching
from oracles import furniture as oracle

from cleaner.document import Document

RULE = PageFurniture()


def assert_same(text: str) -> None:
    doc = Document.from_text(text)
    assert RULE.apply(doc) == oracle.apply(text)
    assert RULE.decisions(doc) == oracle.decisions(text)


# Running headers and their copies: page numbers, dates, OCR misreadings (晚/睁, 报/极),
# split in two at the gap, cut with an ellipsis, in capitals `str.lower` changes.
_HEADERS = ["江城晚报 2021年3月{n}日 第 {n} 版", "江城睁报 2021年3月{n}日 第 {n} 版",
            "江城晚极 2021年3月{n}日", "山城文丛", "山城文丛·雾中的码头", "雾中的码头",
            "晨报", "3月{n}日 第{n}版", "晨报3月{n}日第{n}版", "老街的早晨……", "Page {n}",
            "OCEAN DAILY {n}", "Ocean Daily", "ΣΟΦΙΑΣ ΤΕΥΧΟΣ {n}", "A{n} 要闻",
            "丛书名      篇名{n}", "第二章 附则", "品具开被低何门体然      然体门何低被开具品"]
_LABELS = ["— {n} —", "- {n} -", "第 {n} 页", "第{n}页 共99页", "{n} / 99", "Page {n} of 99",
           "一 {n} 一", "{n}", "{n}一", "一{n}", "P. {n}", "共99页 第{n}页", "{n}‑"]
_BODY = ["码头上的挑夫沿着石阶往上走", "他们一天要走上百趟。", "江水从峡口涌出来，" * 6,
         "肩上的担子压弯了扁担", "“走吧。”他说。", "，一直到深夜。", "全年增长", "个百分点",
         "枯|", "A扑o", "|", "lead", "AB12", "１２", "٣"]
_noise = st.text(alphabet="江城晚报睁极第页版一2 ，。|\f\t\u3000Σσ", max_size=10)


@st.composite
def _pages(draw) -> str:
    """Pages of body lines between a header and a footer that vary as real ones do."""
    headers = draw(st.lists(st.sampled_from(_HEADERS), min_size=1, max_size=3))
    label = draw(st.sampled_from(_LABELS))
    lines: list[str] = []
    start = draw(st.integers(0, 120))
    for page in range(draw(st.integers(1, 7))):
        n = start + page
        top = [h.format(n=n) for h in headers if draw(st.integers(0, 5))]  # one may be lost
        if draw(st.booleans()):
            top = top[:1] + [""] + top[1:]  # pdfminer's blank lines
        lines += top
        for _ in range(draw(st.integers(0, 12))):
            lines.append(draw(st.sampled_from(_BODY) | _noise | st.integers(0, 99).map(
                lambda k: f"石阶一级一级往上走，走了{k}趟。")))
        if draw(st.booleans()):
            lines += ["", label.format(n=n + draw(st.sampled_from([0, 0, 0, 1]))), ""]
        lines.append(draw(st.sampled_from(["\f", "", "\n", "\f\n"])))
    return "\n".join(lines)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_pages())
def test_made_up_pages_agree(text):
    assert_same(text)


# Documents without page boundaries (the Python's shortcut decided them): header-like
# lines, OCR-noised and re-numbered copies, body lines, in blocks page-far apart.
_SHORT = ["江城晚报 2021年3月5日", "江城晚报 2021年3月6日", "江城晚极 2021年3月5日",
          "山城文丛", "山城文丛·雾中的码头", "雾中的码头", "Page 3", "第二章 附则",
          "老街的早晨……", "老街的早晨", "晨报", "3月5日 第2版", "晨报3月5日第2版",
          "OCEAN DAILY 3", "Ocean Daily 4", "ΣΟΦΙΑ", "Ⅻ卷",
          "品具开被低何门体然      然体门何低被开具品"]
_piece = st.one_of(
    st.sampled_from(_SHORT), st.sampled_from(_SHORT), st.sampled_from(_BODY + ["", "", ""]),
    st.text(alphabet="江城晚报山文丛码头第页一2 ，。", max_size=10),
    st.integers(0, 99).map(lambda n: f"石阶一级一级往上走，走了{n}趟。"),
)
_block = st.tuples(st.lists(_piece, max_size=3), st.integers(0, 12), st.booleans())


def _document(blocks: list[tuple[list[str], int, bool]], tail: list[str]) -> str:
    lines: list[str] = []
    for pieces, sentences, blank in blocks:
        lines += pieces + [f"江水从峡口涌出{len(lines) + k}次。" for k in range(sentences)]
        lines += [""] if blank else []
    return "\n".join(lines + tail)


@settings(max_examples=1000, deadline=None)
@given(st.builds(_document, st.lists(_block, min_size=1, max_size=6), st.lists(_piece, max_size=3)))
def test_documents_without_page_boundaries_agree(text):
    assert_same(text)


def test_many_near_headers_agree() -> None:
    """More near variants of a header than the 64 representatives hold, and copies of
    them inside columns: step 7 reads the removed lines in document order."""
    noise = "晚睁极报江城山水"
    pages = []
    for n in range(120):
        header = "江城" + noise[n % 8] + noise[n * 3 % 8] + "报社新闻周刊" + noise[n * 5 % 8]
        body = [f"码头上的挑夫沿着石阶往上走了{n}趟，", "", header, "", "一直走到了天黑。"]
        pages.append("\n".join([header, *body, f"— {n + 1} —"]))
    assert_same("\n\f".join(pages))


@pytest.mark.parametrize("name", CORPORA)
def test_real_documents_agree(name: str) -> None:
    for doc in reaching("B005", documents(CORPORA[name])):
        text = doc.text
        assert RULE.apply(doc) == oracle.apply(text), doc.source
        assert RULE.decisions(doc) == oracle.decisions(text), doc.source


def _seconds(text: str) -> float:
    start = time.perf_counter()
    RULE.apply(Document.from_text(text))
    return time.perf_counter() - start


def _header(k: int) -> str:
    return f"江城晚报{'晚睁极'[k % 3]}新闻周刊{k % 7}"


def _split_headers(n: int) -> str:
    """A header OCR splits in two on every other page (step 6 joins the halves)."""
    head = [f"江城晨报丛刊{k % 10}月{k % 28}日第{k % 9}版" for k in range(n)]
    body = [f"码头上的挑夫沿着石阶往上走{k}\n— {k % 9000} —" for k in range(n)]
    return "\n\f".join(
        (h if k % 2 else h.replace("刊", "刊\n", 1)) + "\n" + body[k] for k, h in enumerate(head)
    )


SHAPES = [
    lambda n: "\n".join(f"江城晚报新闻第{k}版目录内容" for k in range(n)),  # one prefix
    lambda n: "\n\f".join(f"{_header(k)}\n— {k} —" for k in range(n)),
    lambda n: "\n\f".join(f"{_header(k)}\n正文\n— {k} —" for k in range(n)),  # two lines
    _split_headers,
    lambda n: "\n".join("中文" if k % 2 else "" for k in range(n)),  # short lines
]


@pytest.mark.parametrize("make", SHAPES)
def test_long_shapes_agree(make) -> None:
    """Across page 9999, where five-digit labels are no labels (split headers fewer: the
    Python takes 14 s for 10k of them)."""
    assert_same(make(2_000 if make is _split_headers else 10_050))


@pytest.mark.parametrize("make", SHAPES)
def test_time_stays_linear(make) -> None:
    """Past page 9999 a label has five digits and is no label: the Python grew quadratic
    there (0.26, 2.9, 22 s for 10k, 20k, 40k one-line pages: each line of a group looked
    at all the group's ranks), as it did on a header split on every page; the core
    stays linear."""
    _seconds(make(1_000))
    small = min(_seconds(make(5_000)) for _ in range(3))
    large = min(_seconds(make(40_000)) for _ in range(3))
    assert large < 8 * small * 3 + 0.05, (small, large)  # linear: x8; quadratic: x64
