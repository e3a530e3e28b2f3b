"""Line-wrap repair (W001) through the whole default pipeline: clean text stays as it is,
hard-wrapped text comes back as its paragraphs. All text here is written for these tests."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from cleaner_rules.text import lexicon
from cleaner_rules.text.chars import display_width
from cleaner_rules.wrap.line_wrap import LineWrap
from hypothesis import given
from hypothesis import strategies as st
from oracles.wrap import layout as layout_module
from oracles.wrap import lexicon as oracle_lexicon
from oracles.wrap.layout import build_layout
from oracles.wrap.line_wrap import LineWrap as Oracle

from cleaner import _native
from cleaner.document import Document
from cleaner.evaluate.metrics import break_score
from cleaner.evaluate.synthetic import ALONE, LAYOUT_CLASSES, damage, wrap_paragraph
from cleaner.pipeline import PipelineSpec

PIPELINE = PipelineSpec().build()
DOC_STEPS = Path(__file__).parent.parent / "docs" / "line-wrap.md"


def clean(text: str, format: str = "text") -> str:
    doc = Document.from_text(text, format=format)
    PIPELINE.process(doc)
    return doc.text


PARAGRAPHS = [
    "老街的尽头有一家开了三十多年的修表铺，店主每天清晨七点准时拉开卷帘门，"
    "把一盏旧台灯擦得干干净净，然后戴上放大镜，开始一天的工作。",
    "去年秋天，镇上在河边修了一条长约1200米的步道，沿途种了银杏和桂花，"
    "傍晚散步的人越来越多，连隔壁村的老人也专门坐车过来走一走。",
    "这款软件最早发布于2016年，最初只支持Windows系统，后来陆续推出了macOS和Linux版本，"
    "目前每月活跃用户已超过50万人。",
    "图书馆的志愿者们把捐来的旧书按类别整理上架，又为每本书贴上编号，"
    "方便附近学校的孩子们借阅，周末的阅览室里常常座无虚席。",
    "研究团队在三个省份选取了42个样本点，连续观测了18个月，"
    "发现雨季的土壤湿度变化远比预想的复杂。",
]

CLEAN_DOCUMENTS = {
    "one paragraph per line": "\n".join(PARAGRAPHS),
    "sentence per line": "今天早上下了一场小雨。\n路边的梧桐叶落了一地。\n"
    "清洁工人很早就开始打扫。\n到了中午，街道又恢复了干净。",
    "short similar-width paragraphs": "会议定于周三下午召开。\n请各部门提前准备材料。\n"
    "会后将统一安排晚餐。",
    "verse": "山间的云慢慢散开，\n溪水绕过青石流去，\n远处传来几声鸟鸣，\n"
    "我在桥上站了很久。",
    "verse without punctuation": "春风吹过山岗\n细雨落在心上\n我在窗前等你\n"
    "等你从远方回来",
    "headings and paragraphs": "一、背景\n这个项目始于一次偶然的讨论。\n"
    "二、方法\n我们先收集资料，再逐条核对。",
    "traditional": "這座城市的老城區保留了許多傳統建築。\n每逢節日，街道兩旁掛滿燈籠。\n"
    "遊客們常常在這裡流連忘返。",
    "markdown": "# 快速上手\n\n本工具用于整理文本，"
    "安装后即可使用。\n\n## 参数\n\n| 参数 | 含义 |\n| --- | --- |\n| 输入 | 待处理的文件 |\n"
    "| 输出 | 结果保存的位置 |\n\n- 第一步：准备好输入文件\n- 第二步：运行命令\n\n"
    "```\ncleaner run 输入 输出\ncleaner report 输出\n```\n\n    缩进的代码行一\n"
    "    缩进的代码行二\n\n> 提示：输出目录会被覆盖。\n> 请提前备份。",
}


_PIPELINE_GAPS: dict[str, str] = {}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(reason=_PIPELINE_GAPS[name], strict=True))
    if name in _PIPELINE_GAPS else name
    for name in sorted(CLEAN_DOCUMENTS)
])
def test_clean_text_is_unchanged(name):
    """Unchanged apart from the documented normalisation: blank lines between paragraphs go."""
    text = CLEAN_DOCUMENTS[name]
    # A `.md` file is read as Markdown: its indented code keeps its indentation.
    assert clean(text, "markdown" if name == "markdown" else "text") == text.replace("\n\n", "\n")


def test_front_matter_is_not_joined():
    text = "---\ntitle: 使用说明\nauthor: 编辑部\n---\n正文从这里开始，\n这一行不属于前言。"
    out = LineWrap().apply(Document.from_text(text))
    assert out.startswith("---\ntitle: 使用说明\nauthor: 编辑部\n---\n")


def test_short_lines_ending_sentences_are_not_merged():
    lines = ["这条路明天封闭施工。", "公交车将临时改道。", "请市民注意出行安全。"]
    assert clean("\n".join(lines)).split("\n") == lines


def _hard_wrap(paragraphs: list[str], cols: int, rng: random.Random, page_breaks: bool) -> str:
    out = []
    for par in paragraphs:
        lines = wrap_paragraph(par, cols)
        if page_breaks and len(lines) > 2:  # a page break inside the paragraph
            k = rng.randrange(1, len(lines) - 1)
            lines[k] = "\n" + lines[k]
        out.append("\n".join(lines))
    return "\n".join(out)


@pytest.mark.parametrize("page_breaks", [False, True])
def test_hard_wrapped_paragraphs_come_back(page_breaks):
    """Every character comes back; paragraph breaks with F1 >= 0.95 (a paragraph whose last
    line ends its sentence exactly at the column edge is ambiguous without indents)."""
    gold = "\n".join(PARAGRAPHS)
    matched = hyp = ref = 0
    for cols in range(12, 41, 2):
        text = _hard_wrap(PARAGRAPHS, cols, random.Random(cols), page_breaks)
        out = clean(text)
        assert out.replace("\n", "") == gold.replace("\n", ""), cols
        score = break_score(out, gold)
        matched, hyp, ref = matched + score.matched, hyp + score.hyp, ref + score.ref
    precision, recall = matched / hyp, matched / ref
    # Measured: 0.957 without page breaks, 0.949 with them (a page break after a paragraph's
    # last full line cannot be told from one inside the paragraph).
    assert 2 * precision * recall / (precision + recall) >= 0.94


def test_markdown_blocks_are_never_joined():
    text = CLEAN_DOCUMENTS["markdown"]
    assert LineWrap().apply(Document.from_text(text)) == text.replace("\n\n", "\n")


def test_letter_spaced_digits_and_latin_lose_their_spaces():
    spaced = "该 公 司 成 立 于 2 0 1 6 年 ， 主 营 B 2 B 业 务 。"
    assert clean(spaced) == "该公司成立于2016年，主营B2B业务。"
    assert clean("主讲人是 Simon Segars 先生。") == "主讲人是Simon Segars先生。"


@pytest.mark.parametrize("hyphen", ["\u00ad", "\ufffe"])
def test_extractor_break_hyphen_rejoins_the_word(hyphen):
    assert clean(f"the inter{hyphen}\nnational office") == "the international office"


def test_steps_are_named_and_ordered():
    names = [name for name, _ in LineWrap.STEPS]
    assert names[0] == "structure" and names[-1] == "full-line"
    assert len(set(names)) == len(names)


@pytest.mark.skipif(lexicon.dictionary() is None, reason="jieba's dictionary is not installed")
def test_lexicon_finds_a_word_cut_by_the_break():
    assert oracle_lexicon.spans("他在图书", "馆里")
    assert not oracle_lexicon.spans("春风吹过山岗", "细雨落在心上")


# -- shortcuts taken for speed must not change a single output ------------------------------


def _layouts(seed: int) -> list[str]:
    """Our paragraphs laid out as an extractor would: hard-wrapped at many widths, with page
    breaks, a letter-spaced line, a heading, a colon before a quotation, or one per line."""
    rng = random.Random(seed)
    texts = []
    for cols in range(8, 44, 3):
        pars = rng.sample(PARAGRAPHS, k=rng.randint(1, len(PARAGRAPHS)))
        text = _hard_wrap(pars, cols, rng, page_breaks=rng.random() < 0.5)
        lines = text.split("\n")
        k = rng.randrange(len(lines))
        if rng.random() < 0.3:
            lines[k] = " ".join(lines[k])
        if rng.random() < 0.3:
            lines.insert(k, rng.choice(["二、调查结果", "他接着说：", "“我们明天再来。”", "  "]))
        texts.append("\n".join(lines))
    for par in PARAGRAPHS:  # a few lines: one boundary of evidence is all there is
        lines = wrap_paragraph(par, rng.randrange(14, 30))
        texts += ["\n".join(lines[:2]), "\n".join(lines[:3]), "\n".join(lines[-2:])]
    texts.append("\n".join(PARAGRAPHS))
    return texts


class _WithoutRunOn(Oracle):
    """W001 without the run-on shortcut: word-split and the steps after it decide (on the
    Python oracle, which tests/test_native_wrap.py holds the native core to)."""

    STEPS = tuple(step for step in Oracle.STEPS if step[0] != "run-on")


@pytest.mark.parametrize("seed", range(4))
def test_speed_shortcuts_change_nothing(seed, monkeypatch):
    """The pre-check only skips documents that cannot show hard wrapping, and run-on only
    takes boundaries every later step joins."""
    rule, slow = Oracle(), _WithoutRunOn()
    outputs = [rule.apply(Document.from_text(text)) for text in _layouts(seed)]
    for text, out in zip(_layouts(seed), outputs, strict=True):
        assert slow.apply(Document.from_text(text)) == out
    monkeypatch.setattr(layout_module, "may_be_wrapped", lambda lines: True)
    for text, out in zip(_layouts(seed), outputs, strict=True):
        assert rule.apply(Document.from_text(text)) == out


def _joined_lines(before: str, after: str) -> list[int]:
    """The 1-based lines of `before` whose line break `after` joined, found from the texts
    alone: every character but whitespace and hyphens comes back in order, so a break is
    joined when the characters on both sides of it land on one output line."""
    touched = set(LineWrap.touches)
    out_line: list[int] = []
    for n, line in enumerate(after.split("\n")):
        out_line += [n] * sum(c not in touched for c in line)
    joined, pos, last = [], 0, None  # last: (line number, output line of its last character)
    for row, line in enumerate(before.split("\n"), 1):
        size = sum(c not in touched for c in line)
        if not size:
            assert not line.strip(), f"line {row} has only touched characters: pick another text"
            continue
        if last and out_line[pos] == last[1]:
            joined.append(last[0])
        pos += size
        last = (row, out_line[pos - 1])
    assert pos == len(out_line)
    return joined


def _synthetic(seed: int) -> list[str]:
    """Our paragraphs damaged by the synthetic evaluation's layout classes."""
    text = "\n".join(PARAGRAPHS + QUOTED + NUMBERS)
    classes = [c for c in LAYOUT_CLASSES if c not in ALONE]
    return [damage(text, [name], seed) for name in classes] + [damage(text, classes, seed)]


@pytest.mark.parametrize("seed", range(3))
def test_decisions_name_exactly_the_joins_apply_makes(seed):
    rule = LineWrap()
    texts = [*_layouts(seed), *_synthetic(seed), "\n".join(PARAGRAPHS)]
    texts += [example.before for example in LineWrap.examples]  # every step that joins
    texts.append("\n".join("\n".join(_cut_before_quotes(wrap_paragraph(par, 24 + 2 * seed)))
                           for par in QUOTED))
    reported = 0
    for text in texts:
        doc = Document.from_text(text)
        decisions = rule.decisions(doc)
        assert doc.text == text  # decisions leave the document as it was
        after = rule.apply(doc)
        assert [d.line for d in decisions] == _joined_lines(text, after), text
        assert {d.verdict for d in decisions} <= {"join"}
        steps = {name for name, _ in LineWrap.STEPS}
        assert all(d.step == "visual-line" or d.step.split(" ", 1)[1] in steps
                   for d in decisions)
        reported += len(decisions)
    assert reported  # the texts do join lines


def test_decisions_number_steps_as_the_docs_do():
    text = "清晨的集市上已经挤满了人，卖菜的\n老人把刚摘下的豆角摆成整齐的一排，\n等着第一位客人。"
    decisions = LineWrap().decisions(Document.from_text(text))
    assert [(d.line, d.step, d.verdict) for d in decisions] == [
        (1, "9 run-on", "join"), (2, "9 run-on", "join"),
    ]
    assert decisions[0].excerpt == "…了人，卖菜的 | 老人把刚摘下…"
    doc = "\n".join(line for line in DOC_STEPS.read_text("utf-8").splitlines()
                    if re.match(r"\d+\. \*\*", line))
    numbered = re.findall(r"^(\d+)\. \*\*([a-z-]+)\*\*", doc, re.M)
    assert [(int(k), name) for k, name in numbered] == [
        (k, name) for k, (name, _) in enumerate(LineWrap.STEPS, 1)
    ]


def test_unwrapped_text_skips_measuring():
    layout = build_layout("\n".join(PARAGRAPHS), 4, 2)
    assert not layout.wrapped and not layout.col


def test_a_line_of_soft_hyphens_is_blank():
    rule = LineWrap()
    text = "窗外下着小雨，街上\n\u00ad\u00ad\n的行人都撑着伞。"
    assert rule.apply(Document.from_text(text)) == rule.apply(
        Document.from_text(text.replace("\u00ad", ""))
    )


def test_lexicon_reads_entries_as_a_plain_parser_would():
    """dict.txt lines are `word frequency tag`: keep words of 2-4 characters from U+4000-U+9FFF
    whose frequency is at least 30."""
    rng = random.Random(5)
    words = ["书店", "图书馆", "老街深处", "Ａ股", "街", "五个字的词", "abc", "书 店", "馆"]
    freqs = ["3", "29", "30", "31", "099", "1000", "12a", ""]
    lines = [f"{rng.choice(words)} {rng.choice(freqs)} {rng.choice(['n', 'v', ''])}"
             for _ in range(400)]
    data = "\n".join(lines).encode()

    def plain(line: str) -> str | None:
        word, _, rest = line.partition(" ")
        freq, sep, _ = rest.partition(" ")
        han = 2 <= len(word) <= 4 and all("\u4000" <= c <= "\u9fff" for c in word)
        often = freq.isdigit() and (len(freq) >= 3 or len(freq) == 2 and freq >= "30")
        return word if han and often and sep else None

    expected = [w for w in map(plain, lines) if w]
    assert expected  # the sample has words to find
    assert oracle_lexicon.entries(data) == expected
    assert _native.dictionary_words(data) == expected


@pytest.mark.skipif(lexicon.dictionary() is None, reason="jieba's dictionary is not installed")
def test_the_native_lexicon_reads_dict_txt_as_the_regex_did():
    data = lexicon.dictionary().read_bytes()
    assert _native.dictionary_words(data) == oracle_lexicon.entries(data)


@given(st.lists(st.tuples(
    st.text("书店图馆老街深处Ａa 五\u4000\u9fff\u3fff\ua000", max_size=6),
    st.text("0123456789 a", max_size=5),
), max_size=30))
def test_the_native_lexicon_reads_any_lines_as_the_regex_did(entries):
    data = "\n".join(f"{w} {f} n" for w, f in entries).encode()
    assert _native.dictionary_words(data) == oracle_lexicon.entries(data)


def _cut_before_commas(lines: list[str], rng: random.Random) -> list[str]:
    """pdftotext's habit: a visual line cut in two pieces, the second opening with `，`."""
    out = []
    for line in lines:
        k = line.find("，", 2)
        if 0 < k < len(line) - 2 and rng.random() < 0.5:
            out += [line[:k], line[k:]]
        else:
            out.append(line)
    return out


def test_a_visual_line_cut_in_pieces_is_measured_whole():
    """Pieces of one visual line are as wide as the column together: cutting lines before
    a comma changes nothing (the piece that ends mid-sentence is no heading)."""
    for cols in range(12, 41, 2):
        rng = random.Random(cols)
        pars = [wrap_paragraph(par, cols) for par in PARAGRAPHS]
        whole = "\n".join("\n".join(lines) for lines in pars)
        cut = "\n".join("\n".join(_cut_before_commas(lines, rng)) for lines in pars)
        assert clean(cut) == clean(whole), cols


def _f1(pairs: list[tuple[str, str]]) -> float:
    """Paragraph-break F1 of (output, gold) pairs, micro."""
    scores = [break_score(out, gold) for out, gold in pairs]
    matched = sum(s.matched for s in scores)
    return 2 * matched / (sum(s.hyp for s in scores) + sum(s.ref for s in scores))


def test_a_comma_opening_a_full_line_is_a_line_of_its_own():
    """A typesetter without kinsoku lets `，` open a line: that line is the column's width,
    so it is not glued to the line above for measuring (its neighbours would look short)."""
    gold = "\n".join(PARAGRAPHS)
    whole, moved = [], []
    for cols in range(12, 41, 2):
        pars = [wrap_paragraph(par, cols) for par in PARAGRAPHS]
        whole.append((clean("\n".join("\n".join(lines) for lines in pars)), gold))
        for lines in pars:  # a comma at a line's end moves to the start of the next line
            for k in range(len(lines) - 2):  # (a last line made full would end a paragraph)
                if lines[k].endswith("，"):
                    lines[k], lines[k + 1] = lines[k][:-1], "，" + lines[k + 1]
        moved.append((clean("\n".join("\n".join(lines) for lines in pars)), gold))
    assert _f1(moved) >= _f1(whole) - 0.01


def _uneven(par: str, cols: int, rng: random.Random) -> list[str]:
    """Justified lines that hold a character or two more or fewer (punctuation compressed,
    proportional digits), as typeset pages do."""
    lines = wrap_paragraph(par, cols)
    for k in range(len(lines) - 2):
        if rng.random() < 0.4:
            m = rng.choice([-2, -1, 1, 2])
            if m > 0:
                a, b = lines[k] + lines[k + 1][:m], lines[k + 1][m:]
            else:
                a, b = lines[k][:m], lines[k][m:] + lines[k + 1]
            if not (a[-1].isascii() and b[0].isascii()):  # never inside a Latin word
                lines[k], lines[k + 1] = a, b
    return lines


def test_a_blank_line_after_every_line_is_line_spacing():
    """pdfminer writes a blank line between all lines: that spacing marks no paragraph, so
    the text comes back about as well as single-spaced."""
    gold = "\n".join(PARAGRAPHS)
    single, double = [], []
    for cols in range(16, 41, 2):
        rng = random.Random(cols)
        text = "\n".join("\n".join(_uneven(par, cols, rng)) for par in PARAGRAPHS)
        single.append((clean(text), gold))
        double.append((clean(text.replace("\n", "\n\n")), gold))
        assert double[-1][0].replace("\n", "") == gold.replace("\n", "")
    assert _f1(double) >= _f1(single) - 0.02


def test_blank_lines_between_paragraphs_of_wrapped_lines_stay():
    """Blank lines after paragraphs only (lines stopping mid-word have none) are breaks."""
    pars = [wrap_paragraph(par, 20) for par in PARAGRAPHS]
    text = "\n\n".join("\n".join(lines) for lines in pars)
    assert clean(text) == "\n".join(PARAGRAPHS)


NUMBERS = [
    "今年一季度全市完成地区生产总值1862.4亿元，同比增长5.3%，其中第二产业增加值612.7亿元，"
    "增长4.1%，第三产业增加值1187.5亿元，增长6.2%。",
    "这位后卫本赛季场均得到23.8分6.1个篮板7.4次助攻，投篮命中率48.6%，三分球命中率39.2%，"
    "罚球命中率88.1%，各项数据均创个人新高。",
    "据统计，2023年全省共接待游客3.62亿人次，实现旅游收入4218亿元，分别比上年增长27.5%和"
    "31.8%，恢复到2019年的93%左右。",
    "新修订的规定自2024年3月1日起施行，共分为6章48条，比原规定增加了11条，删除了4条，修改了23条。",
]


def _set_proportional(par: str, cols: int) -> list[str]:
    """Lines filled to `cols` display columns (digits one column, CJK two), numbers unbroken
    and marks allowed to open a line, as ReportLab sets a paragraph."""
    lines, cur = [], ""
    for token in re.findall(r"[0-9A-Za-z.%]+|.", par):
        if cur and display_width(cur + token) > cols:
            lines.append(cur)
            cur = token
        else:
            cur += token
    return [*lines, cur]


def test_digits_set_in_proportional_widths_come_back():
    gold = "\n".join(NUMBERS)
    pairs = []
    for cols in range(20, 61, 4):
        out = clean("\n".join("\n".join(_set_proportional(par, cols)) for par in NUMBERS))
        assert out.replace("\n", "") == gold.replace("\n", ""), cols
        pairs.append((out, gold))
    assert _f1(pairs) >= 0.94


QUOTED = [
    "老人放下手里的茶杯，看了看窗外。“这场雨要是再下两天，河边的菜地就全淹了，”他说，"
    "“去年也是这个时候，我们一连抢收了三个晚上。”邻居们听了，都点头称是。",
    "会上，负责人介绍了新一年的计划。“我们打算先把老街的路面修好，再考虑增设停车位，”"
    "她说，“居民的意见我们都会认真听取。”随后，几位代表依次发言。",
]


def _cut_before_quotes(lines: list[str]) -> list[str]:
    """PyMuPDF's habit: a visual line cut where a quotation mark (set in another font) opens."""
    out = []
    for line in lines:
        k = line.find("“", 1)
        out += [line[:k], line[k:]] if k > 0 else [line]
    return out


def test_a_visual_line_cut_before_a_quotation_mark_is_measured_whole():
    """The piece before the quotation mark is no paragraph's end, the piece after it no
    paragraph's start: the text comes back about as well as uncut (measured: 0.93 uncut,
    0.88 cut; 0.61 when the pieces are measured apart)."""
    texts = [PARAGRAPHS[0], QUOTED[0], PARAGRAPHS[1], PARAGRAPHS[3], QUOTED[1], PARAGRAPHS[4]]
    gold = "\n".join(texts)
    whole, cut = [], []
    for cols in range(16, 41, 2):
        pars = [wrap_paragraph(par, cols) for par in texts]
        whole.append((clean("\n".join("\n".join(lines) for lines in pars)), gold))
        cut.append((clean("\n".join("\n".join(_cut_before_quotes(ls)) for ls in pars)), gold))
        assert cut[-1][0].replace("\n", "") == gold.replace("\n", "")
    assert _f1(cut) >= _f1(whole) - 0.06
