"""B005's shortcut for text without page boundaries (`running._unrepeated`) must decide
exactly what the full search of running lines decides."""

from __future__ import annotations

import pytest
from cleaner_rules.boilerplate import running
from cleaner_rules.boilerplate.clusters import encode, furniture_keys
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, documents, reaching

from cleaner import _native

# Header-like lines, their OCR-noised and re-numbered copies, and body lines.
_HEADERS = ["江城晚报 2021年3月5日", "江城晚报 2021年3月6日", "江城晚极 2021年3月5日",
            "山城文丛", "山城文丛·雾中的码头", "雾中的码头", "Page 3", "第二章 附则",
            "老街的早晨……", "老街的早晨", "晨报", "3月5日 第2版", "晨报3月5日第2版",
            "品具开被低何门体然      然体门何低被开具品"]
_BODY = ["码头上的挑夫沿着石阶往上走", "他们一天要走上百趟。", "", "", "",
         "江水从峡口涌出来，" * 8, "肩上的担子压弯了扁担"]
_piece = st.one_of(
    st.sampled_from(_HEADERS), st.sampled_from(_HEADERS), st.sampled_from(_BODY),
    st.text(alphabet="江城晚报山文丛码头第页一2 ，。", max_size=10),
    st.integers(0, 99).map(lambda n: f"石阶一级一级往上走，走了{n}趟。"),  # sentences
)
# Blocks of lines between runs of sentences, so that copies stand page-far apart as
# headers do on real pages.
_block = st.tuples(st.lists(_piece, max_size=3), st.integers(0, 12), st.booleans())


def _document(blocks: list[tuple[list[str], int, bool]], tail: list[str]) -> str:
    lines: list[str] = []
    for pieces, sentences, blank in blocks:
        lines += pieces + [f"江水从峡口涌出{len(lines) + k}次。" for k in range(sentences)]
        lines += [""] if blank else []
    return "\n".join(lines + tail)


def _edgeless(cores: list[str], nonblank: list[int]) -> bool:
    """What running_lines asked before the shortcut: can neither the first nor the last
    line be furniture (lines go from an edge inward)?"""
    return not any(furniture_keys([cores[i] for i in nonblank[:1] + nonblank[-1:]]))


def _decide(text: str, shortcut: bool) -> running.RunningLines:
    cores = [line.strip() for line in text.split("\n")]
    nonblank = [i for i, core in enumerate(cores) if core]
    if shortcut:
        return running.running_lines(cores, nonblank, set())
    full = running._unrepeated
    running._unrepeated = _edgeless  # the full search, as before the shortcut
    try:
        return running.running_lines(cores, nonblank, set())
    finally:
        running._unrepeated = full


@settings(max_examples=600, deadline=None)
@given(st.builds(_document, st.lists(_block, min_size=1, max_size=6), st.lists(_piece, max_size=3)))
def test_shortcut_decides_as_the_full_search(text):
    assert _decide(text, shortcut=True) == _decide(text, shortcut=False)


_FILLER = "\n".join(f"码头上的挑夫沿着石阶往上走了{n}趟。" for n in range(10))


@pytest.mark.parametrize(("text", "quiet"), [
    (f"江城晚报 2021年3月5日\n{_FILLER}\n\n江城晚报 2021年3月6日\n\n{_FILLER}", False),
    (f"江城晚报 2021年3月5日\n{_FILLER}\n江城晚极 2021年3月5日", False),  # a near copy
    (f"晨报\n3月5日 第2版\n{_FILLER}\n晨报3月5日第2版", False),  # two halves
    (f"山城文丛\n雾中的码头\n{_FILLER}\n他们一天要走上百趟。", True),
])
def test_shortcut_stops_at_the_first_repeated_group(text, quiet):
    cores = [line.strip() for line in text.split("\n")]
    nonblank = [i for i, core in enumerate(cores) if core]
    assert running._unrepeated(cores, nonblank) is quiet
    assert _decide(text, shortcut=True) == _decide(text, shortcut=False)
    assert (_decide(text, shortcut=False) == running._NONE) is quiet  # it is found


def _native_and_steps(text: str) -> tuple[bool | None, bool]:
    cores = [line.strip() for line in text.split("\n")]
    nonblank = [i for i, core in enumerate(cores) if core]
    verdict = _native.furniture_unrepeated(encode(cores))
    return verdict, running._unrepeated_steps(cores, nonblank)


_UPPER = ["OCEAN DAILY 3", "Ocean Daily 4", "ΣΟΦΙΑ", "Ⅻ卷"]  # keys `str.lower` changes


@settings(max_examples=600, deadline=None)
@given(st.builds(
    _document, st.lists(_block, min_size=1, max_size=6),
    st.lists(_piece | st.sampled_from(_UPPER), max_size=3),
))
def test_native_verdict_is_the_steps_verdict(text):
    verdict, steps = _native_and_steps(text)
    assert verdict is None or verdict == steps


@pytest.mark.parametrize("name", CORPORA)
def test_native_verdict_on_real_documents(name):
    decided = 0
    docs = reaching("B005", documents(CORPORA[name]))
    for doc in docs:
        verdict, steps = _native_and_steps(doc.text.replace("\f", "\n"))
        assert verdict is None or verdict == steps, doc.source
        decided += verdict is not None
    assert decided  # not every document left to the Python steps
