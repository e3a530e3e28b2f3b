"""W001 line-wrap in the native core decides exactly what the Python it replaced decided.

The Python implementation is kept as the oracle in tests/oracles/wrap/. Both `apply`
(byte-identical text) and `decisions` (the same joins, steps and excerpts, in order) must
agree on hypothesis text built to reach every step, on every document of the sample corpus,
the seeds and the dev sets as they reach W001 in the default pipeline, on the synthetic
generator's damage, on the rule's hard cases and on its examples.
"""

from __future__ import annotations

import pytest
import yaml
from cleaner_rules.wrap.line_wrap import LineWrap
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, ROOT, clean_texts, documents, reaching
from oracles.wrap.line_wrap import LineWrap as Oracle

from cleaner.document import Document
from cleaner.rule import Rule


def assert_agree(doc: Document, options: dict | None = None) -> bool:
    """Native and oracle agree on `doc` (and W001's change accounting with the generic
    count over `touches`); returns whether W001 changed it."""
    options = options or {}
    rule, oracle = LineWrap(**options), Oracle(**options)
    after = rule.apply(doc)
    assert after == oracle.apply(doc), doc.text
    assert rule.count_changes(doc.text, after) == Rule.count_changes(rule, doc.text, after)
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


HAN = "江城晚报体育通资快喜简电审死闻音传新华社王李张某的书馆街"
_han = st.text(alphabet=HAN, max_size=8)
# What opens or closes a paragraph, for the steps that look at a line's start or end.
OPENING = st.one_of(
    st.builds("{}讯{}".format, _han, _han),  # datelines, with every kind of last character
    st.builds("{}{}{}".format, st.sampled_from(["记者", "本报记者", "通讯员", "文", "图", "摄"]),
              st.sampled_from(["", " ", "/", "：", "｜"]),
              st.text(alphabet="王李张·、， ", max_size=12)),
    st.sampled_from(["1.", "12、", "3）", "123.", "１．", "(二)", "（十一）", "第三章", "三、", "•",
                     "- "]),
)
CLOSING = st.one_of(
    st.builds("{}{}{}".format, st.sampled_from(["记者", "通讯员", "摄影", "社", "网", "报", "台"]),
              st.text(alphabet="王李张某，。,的 ", max_size=12),
              st.sampled_from(["摄", "供图", "发", "图"])),
    st.builds("{}{}{}摄".format, st.sampled_from(["", "。", "！", " ", "，"]),
              st.text(alphabet="王李张·某", max_size=5), st.sampled_from(["", " "])),
    st.builds("{}{}{}{}".format, st.sampled_from(["（", "("]),
              st.text(alphabet="资料图片照（）()", max_size=10),
              st.sampled_from(["图片", "照片", "供图", "摄"]), st.sampled_from(["）", ")"])),
)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    """A paragraph hard-wrapped at a width, with damage: letter spacing, indents, cut
    pieces, soft hyphens, blank lines (page breaks) inside it; it may open with a dateline,
    byline or list number and close with a photo credit, or restate a heading above it."""
    text = "".join(draw(st.lists(token, min_size=1, max_size=40)))
    if draw(st.booleans()):
        text = " ".join(text) if draw(st.integers(0, 4)) == 0 else text
    if draw(st.integers(0, 2)) == 0:
        text = draw(OPENING) + text
    closing = draw(CLOSING) if draw(st.integers(0, 2)) == 0 else ""
    width = draw(st.integers(4, 30))
    if draw(st.booleans()):  # the last line (nearly) full: it must say whether it ends
        short = (-len(text + closing)) % width - draw(st.integers(0, 3))
        text += "书" * max(short, 0)
    text += closing
    head = ""
    if draw(st.integers(0, 4)) == 0:
        heading = draw(st.text(alphabet=HAN, min_size=3, max_size=14))
        head, text = heading + "\n", heading[: draw(st.integers(0, len(heading)))] + text
    lines = [text[k:k + width] for k in range(0, len(text), width)]
    out = []
    for line in lines:
        if draw(st.integers(0, 9)) == 0:
            line = draw(st.sampled_from(SPACES)) + line
        if draw(st.integers(0, 14)) == 0:
            line += draw(st.sampled_from(SPACES))
        out.append(line)
        out.extend([""] * draw(st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3])))
    return head + "\n".join(out)


document = st.lists(st.one_of(paragraph(), st.sampled_from(LINES)), min_size=1, max_size=8).map(
    "\n".join
)
ALPHABET = "中文字的了讯摄，。、；：！？“”（）《》 \u3000\u00a0\u00ad\ufffe\n\tabcXY019,.:;-—#|>`*~"
options = st.fixed_dictionaries({"tolerance": st.integers(0, 8), "max_gap": st.integers(0, 3)})


@settings(max_examples=3000, deadline=None)
@given(st.one_of(document, st.text(alphabet=ALPHABET, max_size=300)), options)
def test_agree_on_hypothesis_text(text, opts):
    assert_agree(Document.from_text(text), opts)


# --- every step's patterns at a boundary of hard-wrapped text, line by line ----------------

BODY = ("河边新修的步道两旁种满了银杏和桂花每到傍晚散步的人络绎不绝附近学校的孩子们也常来这里读书"
        "志愿者们在树下摆了几张长椅又在路口立起一块写着开放时间的木牌方便来往的行人")
DATELINES = [f"{p}{c}讯记者获悉" for p in ["", "江", "江城", "江城晚报体"]
             for c in "通资快喜简电审死闻音传报育"]
CREDITS = [f"{role}{'王某' * k}{end}" for role in ["记者", "社", "台"] for k in range(3, 7)
           for end in ["摄", "供图", "发"]]
CREDITS += [f"{mark}{name}{space}摄" for mark in ["", "。", "，"]
            for name in ["王某", "欧阳小明", "李"]
            for space in ["", " "]]
CREDITS += [f"（{'资料' * k}{kind}）" for k in range(5) for kind in ["图片", "照片", "摄"]]
OPENINGS = DATELINES + [f"{n}{mark}{after}" for n in ["1", "12", "123"] for mark in "．.、)）"
                        for after in ["3", "年", ""]]
OPENINGS += ["本报记者 王小明", "通讯员 李华、张强", "文/王某", "图：李某某", "记者王某 通讯员李某",
             "（三）", "(12)", "第十二章", "十一、", "▲", "- 项目", "—— 完", "50%", "3.5%的",
             "1,200", "B2B", "x", "线，"]


def _boundaries() -> list[str]:
    """Hard-wrapped text with a line that opens or closes with one of the patterns, after
    or at the end of a line of every width around the column."""
    width = 14
    lines = [BODY[k:k + width] for k in range(0, len(BODY), width)]
    docs = []
    for special in OPENINGS + CREDITS:
        for end in ["。", "", "，", "的"]:
            for short in range(5):
                a = (BODY[:width - short - len(end)] + end) if short < 4 else "短句" + end
                docs.append("\n".join([*lines[:3], a, special + BODY[:width - len(special)],
                                        *lines[3:6]]))
                if special in CREDITS:
                    a = BODY[: max(width - short - len(special), 0)] + special
                    docs.append("\n".join([*lines[:3], a, *lines[3:6]]))
    for first in range(9):  # across a blank line: the two lines above A of every width
        for short in range(5):
            top, a = BODY[40:40 + width - first], BODY[60:60 + width - short]
            docs.append("\n".join([*lines[:3], "", top, a, "", *lines[3:6]]))
            docs.append("\n".join([*lines[:3], "好。", top, a, "", *lines[3:6]]))
    for k in range(9):  # a heading restated by its paragraph, from no word to all of it
        heading = BODY[20:29]
        docs.append("\n".join([*lines[:3], heading, heading[:k] + BODY[:width - k], *lines[3:]]))
    return docs


def test_agree_at_every_pattern_of_the_steps():
    assert sum(assert_agree(Document.from_text(text)) for text in _boundaries()) >= 100


# --- real documents as they reach W001, the generator's damage, the rule's cases ----------


@pytest.mark.parametrize("name", [*CORPORA, "synthetic"])
def test_agree_on_every_document_as_it_reaches_w001(name):
    if name == "synthetic":
        from cleaner.evaluate.synthetic import ALONE, CLASSES, damage

        texts = clean_texts()
        classes = [c for c in CLASSES if c not in ALONE]
        docs = [Document.from_text(damage(t, [c], seed)) for seed in range(3) for t in texts
                for c in classes]
        docs += [Document.from_text(damage(t, classes, seed)) for seed in range(3) for t in texts]
    else:
        docs = documents(CORPORA[name])
    changed = sum(assert_agree(doc) for doc in reaching("W001", docs))
    assert changed >= 1


def test_agree_on_the_hard_cases_and_examples():
    cases = yaml.safe_load((ROOT / "tests" / "fixtures" / "rules" / "W001.yml").read_text("utf-8"))
    assert cases.pop("rule") == "W001"
    for case in cases.values():
        doc = Document.from_text(case["input"], format=case.get("format", "text"))
        assert_agree(doc, case.get("options"))
        if case.get("pipeline"):
            assert_agree(reaching("W001", [doc])[0], case.get("options"))
    changed = sum(assert_agree(Document.from_text(e.before), e.options) for e in LineWrap.examples)
    assert changed >= 10
