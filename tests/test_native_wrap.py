"""W001 line-wrap in the native core decides exactly what the Python it replaced decided.

The Python implementation is kept as the oracle in tests/oracles/wrap/. Both `apply`
(byte-identical text) and `decisions` (the same joins, steps and excerpts, in order) must
agree on hypothesis text built to reach every step, on every document of the sample corpus,
the seeds and the dev sets as they reach W001 in the default pipeline, on the synthetic
generator's damage, on the rule's hard cases and on its examples.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cleaner_rules.wrap.line_wrap import LineWrap
from hypothesis import given, settings
from hypothesis import strategies as st
from oracles.wrap.line_wrap import LineWrap as Oracle

from cleaner.document import Document
from cleaner.pipeline import PipelineSpec

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = {
    "sample": ROOT / "cleaner" / "sample" / "raw",
    "seeds": SHARED / "seeds" / "raw",
    "dev-pdf": SHARED / "dev" / "pdf" / "raw",
    "dev-web": SHARED / "dev" / "web" / "raw",
}


def assert_agree(doc: Document, options: dict | None = None) -> bool:
    """Native and oracle agree on `doc`; returns whether W001 changed it."""
    options = options or {}
    rule, oracle = LineWrap(**options), Oracle(**options)
    after = rule.apply(doc)
    assert after == oracle.apply(doc), doc.text
    assert rule.decisions(doc) == oracle.decisions(doc), doc.text
    return after != doc.text


# --- hypothesis text: wrapped paragraphs and every kind of line the steps look at --------

WORDS = ["图书馆", "老街", "修表铺", "每天", "清晨", "志愿者", "孩子们", "步道", "银杏",
         "河边", "的", "和", "在", "把", "是", "讯", "本报", "记者", "摄", "新华社", "第三章"]
LATIN = ["Windows", "macOS", "2016", "50", "1.48", "B2B", "ferry-", "inter\u00ad", "the",
         "office", "Simon", "a", "x\ufffe"]
MARKS = list("，。、；：？！）》」』”’“‘「（(《【—…·,.;:!?-") + ["——", "……", "：“", "（图片）"]
SPACES = [" ", "  ", "\u3000", "\t", "\u00a0", "\u2003", "\u001c"]
LINES = ["", "", "# 标题", "## 安装步骤", "| 城市 | 人口 |", "| --- | --- |", "> 引用一段话",
         "```", "~~~", "---", "...", "- 列表项", "1. 第一条", "* * *", "    缩进的代码",
         "1．第一条内容。", "（二）第二部分", "三、结论", "▲图为会场", "— 作者", "本报记者 王小明",
         "通讯员 李华 张强", "江城晚报讯记者获悉", "本报电", "据新华社报道", "\u00ad\u00ad",
         "（资料图片）", "新华社发", "本报记者王某摄"]

token = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(LATIN), st.sampled_from(MARKS),
    st.sampled_from(SPACES), st.text(alphabet="中文字词句段读书写画０１２ＡＢ", max_size=3),
)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    """A paragraph hard-wrapped at a width, with damage: letter spacing, indents, cut
    pieces, soft hyphens, blank lines (page breaks) inside it."""
    text = "".join(draw(st.lists(token, min_size=1, max_size=40)))
    if draw(st.booleans()):
        text = " ".join(text) if draw(st.integers(0, 4)) == 0 else text
    width = draw(st.integers(4, 30))
    lines = [text[k:k + width] for k in range(0, len(text), width)]
    out = []
    for line in lines:
        if draw(st.integers(0, 9)) == 0:
            line = draw(st.sampled_from(SPACES)) + line
        if draw(st.integers(0, 14)) == 0:
            line += draw(st.sampled_from(SPACES))
        out.append(line)
        out.extend([""] * draw(st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3])))
    return "\n".join(out)


document = st.lists(st.one_of(paragraph(), st.sampled_from(LINES)), min_size=1, max_size=8).map(
    "\n".join
)
ALPHABET = "中文字的了讯摄，。、；：！？“”（）《》 \u3000\u00a0\u00ad\ufffe\n\tabcXY019,.:;-—#|>`*~"
options = st.fixed_dictionaries({"tolerance": st.integers(0, 8), "max_gap": st.integers(0, 3)})


@settings(max_examples=3000, deadline=None)
@given(st.one_of(document, st.text(alphabet=ALPHABET, max_size=300)), options)
def test_agree_on_hypothesis_text(text, opts):
    assert_agree(Document.from_text(text), opts)


# --- real documents as they reach W001, the generator's damage, the rule's cases ----------


def _w001_inputs(docs) -> list[Document]:
    """Each document after the default pipeline's rules before W001."""
    pipeline = PipelineSpec().build()
    before = [r for r in pipeline.doc_rules[: [r.code for r in pipeline.doc_rules].index("W001")]]
    out = []
    for doc in docs:
        for rule in before:
            if rule.gate(doc.text):
                doc.text = rule.apply(doc)
        out.append(doc)
    return out


@pytest.mark.parametrize("name", [*CORPORA, "synthetic"])
def test_agree_on_every_document_as_it_reaches_w001(name):
    from cleaner.io.readers import iter_documents

    if name == "synthetic":
        from cleaner.evaluate.synthetic import ALONE, CLASSES, damage

        clean = ROOT / "cleaner" / "sample" / "clean"
        texts = [d.text for d in iter_documents([clean]) if hasattr(d, "text")]
        classes = [c for c in CLASSES if c not in ALONE]
        docs = [Document.from_text(damage(t, [c], seed)) for seed in range(3) for t in texts
                for c in classes]
        docs += [Document.from_text(damage(t, classes, seed)) for seed in range(3) for t in texts]
    elif not CORPORA[name].is_dir():
        pytest.skip(f"{CORPORA[name]} is not available (a fresh clone has no ../shared)")
    else:
        docs = [d for d in iter_documents([CORPORA[name]]) if hasattr(d, "text")]
    changed = sum(assert_agree(doc) for doc in _w001_inputs(docs))
    assert changed >= 1


def test_agree_on_the_hard_cases_and_examples():
    cases = yaml.safe_load((ROOT / "tests" / "fixtures" / "rules" / "W001.yml").read_text("utf-8"))
    assert cases.pop("rule") == "W001"
    for case in cases.values():
        doc = Document.from_text(case["input"], format=case.get("format", "text"))
        assert_agree(doc, case.get("options"))
        if case.get("pipeline"):
            assert_agree(_w001_inputs([doc])[0], case.get("options"))
    changed = sum(assert_agree(Document.from_text(e.before), e.options) for e in LineWrap.examples)
    assert changed >= 10
