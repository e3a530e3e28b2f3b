"""L001: columns that `pdftotext -layout` set side by side are read one after the other.

The fixtures are real: our own story typeset by ReportLab in two and three columns (with a
running header, a headline across the columns and page labels) and extracted by poppler's
`pdftotext -layout` and pdfplumber's layout mode (`tests/fixtures/pdf/make_fixtures.py`
rebuilds them).
"""

import sys
from pathlib import Path

import pytest

from cleaner.document import Document
from cleaner.evaluate.metrics import break_score, cer
from cleaner.evaluate.scoring import clean_text
from cleaner.pipeline import PipelineSpec
from cleaner.registry import all_rules

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
sys.path.insert(0, str(FIXTURES))
from story import STORY, STORY_TITLE  # noqa: E402

RULE = all_rules()["L001"]()


def _alone(text: str) -> str:
    doc = Document.from_text(text, source="t")
    return RULE.apply(doc) if RULE.gate(doc.text) else text


@pytest.mark.parametrize("columns", [2, 3])
@pytest.mark.parametrize("extractor", ["layout", "plumber"])
def test_a_typeset_page_reads_column_by_column(columns, extractor):
    raw = (FIXTURES / f"story_col{columns}_{extractor}.txt").read_text(encoding="utf-8")
    assert "     " in raw  # the columns really stand side by side in the fixture
    gold = "\n".join([STORY_TITLE, *STORY])
    out = clean_text(PipelineSpec().build(), Document.from_text(raw, source="story"))
    assert cer(raw, gold) > 0.5
    assert cer(out, gold) < 0.01
    score = break_score(out, gold)
    assert score.matched == score.hyp == score.ref  # every paragraph, no extra break
    assert "江南旧事" not in out  # the running header went with the page furniture


def test_each_column_keeps_its_order_and_the_page_its_edges():
    raw = (FIXTURES / "story_col2_layout.txt").read_text(encoding="utf-8")
    lines = _alone(raw).split("\n")
    assert lines[0].startswith("江南旧事")  # the running header stays on top
    first = next(i for i, line in enumerate(lines) if line.startswith("  每个月"))
    later = next(i for i, line in enumerate(lines) if line.startswith("几本书。"))
    assert first < later  # the first column, then the second
    assert lines.index("                   —1—") > later  # the footer below both


@pytest.mark.parametrize("text", [
    # A glossary: a term, then a sentence that explains it.
    "\n".join(f"{term}      {meaning}" for term, meaning in [
        ("画蛇添足", "比喻做了多余的事，反而不恰当。"),
        ("守株待兔", "比喻死守经验，不知变通。"),
        ("亡羊补牢", "比喻出了问题以后及时补救。"),
        ("井底之蛙", "比喻见识狭窄的人。"),
        ("对牛弹琴", "比喻说话不看对象。"),
        ("刻舟求剑", "比喻拘泥成例而不知变通。"),
        ("掩耳盗铃", "比喻自己欺骗自己。"),
    ]),
    # A timetable of short cells.
    "\n".join(f"第{i}天    上午参观博物馆    下午自由活动" for i in range(1, 9)),
    # One column, with a wide space here and there.
    "\n".join(["他说：  “明天见。”", "第二天一早，  他就出门了。"] * 5),
])
def test_text_that_is_not_columns_stays(text):
    assert _alone(text) == text


def test_clean_corpus_is_left_alone():
    for path in sorted((Path(__file__).parents[1] / "cleaner" / "sample" / "clean").iterdir()):
        text = path.read_text(encoding="utf-8")
        assert _alone(text) == text, path


def test_wandering_pieces_lose_their_indent():
    """Where the extractor places a later column's pieces only roughly, their offsets are
    no paragraph marks: no line keeps an indent, so line-wrap repair measures widths."""
    left = [f"这是第{i}行左边一栏的文字没" for i in range(10)]
    right = [f"右边一栏第{i}行的文字没" for i in range(10)]
    rows = [a + " " * (4 + (2 if i % 3 == 0 else 0)) + b for i, (a, b) in
            enumerate(zip(left, right, strict=True))]
    out = _alone("\n".join(rows)).split("\n")
    assert out == left + right
