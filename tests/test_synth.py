"""Synthetic damage must be deterministic, visible and exactly restorable."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser

import ftfy
import opencc
import pytest

from cleaner.evaluate import synthetic as synth
from cleaner.evaluate.synthetic import CLASSES, FTFY_CONFIG, damage, display_width, wrap_paragraph
from cleaner.evaluate.synthetic.interstitial import AD_BODY
from cleaner.evaluate.synthetic.layout import atoms

SIMPLIFIED = "\n".join(
    [
        "河畔书屋的第二春",
        "清晨七点，河边那间开了二十多年的小书屋照常亮灯。店主老周说，2019年以前这里一天"
        "只有十几位客人；如今周末客流能到300人，营业额比去年多了15%。",
        "转机来自一次偶然的尝试。老周的女儿把旧书拍成短视频发到网上，配文“每本书都在等一个"
        "人”，一夜之间播放量过了10万次。此后书屋开了线上专区（二手书和本地作者的作品），"
        "还与一家叫Paper Lane的咖啡品牌合作推出联名书签。",
        "读者的故事",
        "在附近读高中的小林每周都来。她说：“这里的书不一定最新，但每本都有人认真挑过。”"
        "去年12月，她在这里碰到了初中时的语文老师，两人聊了整整一个下午……",
        "书屋现在也接待研学团体。今年3月起，每月第一个周六有读书会，报名费50元，所得全部"
        "用来买新书。老周说，他希望书屋能再开20年。",
    ]
)

TRADITIONAL = "\n".join(
    [
        "山城裡的老茶館",
        "每天清晨，茶館的門還沒有完全打開，門口就已經排起了隊。老闆說，這家店從1987年開到"
        "現在，見證了整條街的變化。",
        "後來，年輕人開始把這裡當作拍照的地方，店裡的生意反而比以前更好了。老闆並不排斥這些"
        "變化，他覺得只要茶的味道不變，來的人是誰都沒關係。",
        "雲霧散去的時候，茶客們會聊起各自的近況，有人說起孩子考上了大學，也有人說起剛剛退休"
        "的生活。",
    ]
)

LAYOUT = ("hard_wrap", "page_break", "letter_spacing", "interstitial")
SEEDS = range(6)


def _sample_for(name: str) -> str:
    return TRADITIONAL if name == "script_mix" else SIMPLIFIED


def _no_ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _han(text: str) -> str:
    return "".join(c for c in text if "\u4e00" <= c <= "\u9fff")


def _cjk_unspaced(text: str) -> str:
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)


def _is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(c in it for c in small)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_each_class_is_deterministic_and_changes_text(name: str) -> None:
    text = _sample_for(name)
    for seed in SEEDS:
        first = CLASSES[name](text, random.Random(seed))
        assert first == CLASSES[name](text, random.Random(seed))
        assert first != text, f"{name} left the text unchanged with seed {seed}"


def test_damage_is_deterministic_and_seed_dependent() -> None:
    classes = sorted(CLASSES)
    outs = {damage(SIMPLIFIED, classes, seed) for seed in range(4)}
    assert len(outs) == 4
    assert damage(SIMPLIFIED, classes, 9) == damage(SIMPLIFIED, list(reversed(classes)), 9)


def test_damage_rejects_unknown_class() -> None:
    with pytest.raises(ValueError, match="nonsense"):
        damage(SIMPLIFIED, ["hard_wrap", "nonsense"], 0)


def test_damage_without_classes_is_identity() -> None:
    assert damage(SIMPLIFIED, [], 3) == SIMPLIFIED


@pytest.mark.parametrize("name", ["hard_wrap", "page_break", "letter_spacing"])
@pytest.mark.parametrize("seed", SEEDS)
def test_layout_only_moves_whitespace(name: str, seed: int) -> None:
    out = CLASSES[name](SIMPLIFIED, random.Random(seed))
    assert _han(out) == _han(SIMPLIFIED)
    # Breaks consume at most the spaces they replace: all visible text survives in order.
    assert _no_ws(out) == _no_ws(SIMPLIFIED)


@pytest.mark.parametrize("seed", SEEDS)
def test_interstitial_cuts_a_paragraph_mid_sentence(seed: int) -> None:
    out = CLASSES["interstitial"](SIMPLIFIED, random.Random(seed))
    assert _is_subsequence(_han(SIMPLIFIED), _han(out))
    lines = out.split("\n")
    ads = [i for i, line in enumerate(lines) if any(b in line for b in AD_BODY)]
    assert ads
    for i in ads:
        before = [x for x in lines[:i] if x][-1]
        after = [x for x in lines[i + 1 :] if x][0]
        assert before[-1] not in "。！？…”", "ad must not sit at a sentence end"
        assert after in SIMPLIFIED.replace("\n", "") and after not in SIMPLIFIED.split("\n")
    kept = "\n".join(line for i, line in enumerate(lines) if i not in ads)
    assert _no_ws(kept) == _no_ws(SIMPLIFIED)


@pytest.mark.parametrize("seed", SEEDS)
def test_hard_wrap_respects_chosen_width(seed: int) -> None:
    cols = 2 * random.Random(seed).randint(8, 24)  # the first draw picks the width
    out = CLASSES["hard_wrap"](SIMPLIFIED, random.Random(seed))
    headings = set(SIMPLIFIED.split("\n")[0::3])
    widths = [display_width(line) for line in out.split("\n") if line and line not in headings]
    assert widths and max(widths) <= cols
    assert max(widths) >= cols - 4  # full lines really reach the column edge


def test_hard_wrap_runs_paragraphs_on_only_after_a_clearly_short_line() -> None:
    pars = SIMPLIFIED.split("\n")
    run_ons = 0
    for seed in range(30):
        cols = 2 * random.Random(seed).randint(8, 24)
        lines = CLASSES["hard_wrap"](SIMPLIFIED, random.Random(seed)).split("\n")
        for prev, line in zip(lines, lines[1:], strict=False):
            if prev and line and any(p.startswith(line) for p in pars):
                # A paragraph starts without a blank line: the line before must end a
                # sentence well short of the column edge.
                run_ons += 1
                assert prev[-1] in "。！？…”" and display_width(prev) <= cols - 8
    assert run_ons > 0


def test_order_covers_every_class() -> None:
    assert sorted(synth.ORDER) == sorted(CLASSES)


@pytest.mark.parametrize("cols", [16, 17, 24, 33, 48])
def test_wrap_paragraph_is_greedy_and_reversible(cols: int) -> None:
    par = SIMPLIFIED.split("\n")[2] + "数据来自Open Data Portal 2024版，涉及 3 个城市。"
    lines = wrap_paragraph(par, cols)
    assert len(lines) > 1
    for line in lines:
        assert display_width(line) <= cols
        assert line == line.strip()
        assert not re.match(r"[，。、；：？！”）…]", line), "closing mark at line start"
    for line, nxt in zip(lines, lines[1:], strict=False):
        # Between two ASCII characters only at a word space (consumed by the break).
        if line[-1].isascii() and nxt[0].isascii():
            assert f"{line[-1]} {nxt[0]}" in par
        # Greedy: the next line's first atom (plus a possible space) did not fit.
        first_atom = atoms(nxt)[0][1]
        assert display_width(line) + 1 + display_width(first_atom) > cols
    # Join rule of the policy: one space between two Latin words, nothing otherwise.
    joined = lines[0]
    for nxt in lines[1:]:
        sep = " " if joined[-1].isascii() and joined[-1].isalnum() and nxt[0].isascii() else ""
        joined += sep + nxt
    # Spaces next to CJK are not content under the default policy.
    assert _cjk_unspaced(joined) == _cjk_unspaced(par)


def test_wrap_paragraph_keeps_long_atoms_whole() -> None:
    lines = wrap_paragraph("网址是https://example.com/a/very/long/path，请收藏。", 16)
    assert "https://example.com/a/very/long/path，" in lines


@pytest.mark.parametrize("seed", SEEDS)
def test_letter_spacing_spaces_whole_cjk_lines(seed: int) -> None:
    out = CLASSES["letter_spacing"](SIMPLIFIED, random.Random(seed))
    spaced = [line for line in out.split("\n") if re.fullmatch(r"(\S )+\S", line)]
    assert spaced and all(not c.isascii() for line in spaced for c in line.replace(" ", ""))


@pytest.mark.parametrize("seed", SEEDS)
def test_page_break_blank_lines_fall_mid_sentence(seed: int) -> None:
    wrapped = CLASSES["hard_wrap"](SIMPLIFIED, random.Random(seed))
    broken = CLASSES["page_break"](SIMPLIFIED, random.Random(seed))
    assert broken.count("\n\n") > wrapped.count("\n\n") or "\n\n\n" in broken
    assert _no_ws(broken) == _no_ws(SIMPLIFIED)


@pytest.mark.parametrize("seed", SEEDS)
def test_mojibake_is_reversible_by_ftfy(seed: int) -> None:
    out = CLASSES["mojibake"](SIMPLIFIED, random.Random(seed))
    assert out != SIMPLIFIED
    assert ftfy.fix_text(out, FTFY_CONFIG) == SIMPLIFIED


@pytest.mark.parametrize("seed", SEEDS)
def test_full_damage_mojibake_is_reversible(seed: int) -> None:
    everything = sorted(CLASSES)
    without = [c for c in everything if c != "mojibake"]
    full, rest = damage(SIMPLIFIED, everything, seed), damage(SIMPLIFIED, without, seed)
    assert full != rest
    assert ftfy.fix_text(full, FTFY_CONFIG) == ftfy.fix_text(rest, FTFY_CONFIG)


@pytest.mark.parametrize("seed", SEEDS)
def test_inline_classes_are_undone_by_simple_folds(seed: int) -> None:
    rng = random.Random
    wide = CLASSES["fullwidth_alnum"](SIMPLIFIED, rng(seed))
    assert re.sub(r"[Ａ-Ｚａ-ｚ０-９]", lambda m: chr(ord(m[0]) - 0xFEE0), wide) == SIMPLIFIED

    spaced = CLASSES["cjk_spacing"](SIMPLIFIED, rng(seed))
    assert re.sub(r"(?<=[\u4e00-\u9fff]) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) (?=[\u4e00-\u9fff])",
                  "", spaced) == SIMPLIFIED  # fmt: skip

    ocr = CLASSES["ocr_digits"](SIMPLIFIED, rng(seed))
    for m in re.finditer(r"[Ol]", ocr):
        near = ocr[max(0, m.start() - 1) : m.start() + 2]
        assert re.search(r"\d", near), "look-alike without a digit neighbour"
    assert ocr.replace("O", "0").replace("l", "1") == SIMPLIFIED.replace("l", "1")

    invis = CLASSES["invisible"](SIMPLIFIED, rng(seed))
    assert (
        re.sub("[\u200b\u200d\u2060\ufeff\u00ad\u3000]", "", invis).replace("\u00a0", " ")
        == SIMPLIFIED
    )


_FOLD = str.maketrans({"，": ",", "：": ":", "；": ";", "？": "?", "！": "!", "（": "(",
                       "）": ")", "“": '"', "”": '"', "。": "."})  # fmt: skip


@pytest.mark.parametrize("seed", SEEDS)
def test_halfwidth_punct_only_in_chinese_context(seed: int) -> None:
    out = CLASSES["halfwidth_punct"](SIMPLIFIED, random.Random(seed))
    folded = out.replace("...", "……").translate(_FOLD)
    assert folded == SIMPLIFIED.translate(_FOLD)
    for m in re.finditer(r"[,:;?!]", out):
        assert not out[m.start() - 1].isascii(), "half-width mark after ASCII is ambiguous"
    assert out.count('"') % 2 == 0 and out.count("(") == out.count(")")


def test_script_mix_traditional_is_restorable() -> None:
    s2t = opencc.OpenCC("s2t")
    for seed in SEEDS:
        out = CLASSES["script_mix"](TRADITIONAL, random.Random(seed))
        assert len(out) == len(TRADITIONAL)
        diff = [i for i, (a, b) in enumerate(zip(out, TRADITIONAL, strict=True)) if a != b]
        assert 1 <= len(diff) <= 8
        for i in diff:
            window = out[max(0, i - 6) : i + 7]
            assert s2t.convert(window)[i - max(0, i - 6)] == TRADITIONAL[i]


def test_script_mix_simplified_gets_a_few_traditional() -> None:
    t2s = opencc.OpenCC("t2s")
    out = CLASSES["script_mix"](SIMPLIFIED, random.Random(1))
    diff = [i for i, (a, b) in enumerate(zip(out, SIMPLIFIED, strict=True)) if a != b]
    assert 1 <= len(diff) <= 8
    assert t2s.convert(out) == t2s.convert(SIMPLIFIED)


@pytest.mark.parametrize("seed", SEEDS)
def test_fake_bold_doubles_a_heading(seed: int) -> None:
    out = CLASSES["fake_bold"](SIMPLIFIED, random.Random(seed))
    pars = SIMPLIFIED.split("\n")
    heads = [p for p in pars if len(p) <= 16 and "。" not in p]
    doubled = [line for line in out.split("\n") if line not in pars]
    assert any(line in {h * 2 for h in heads} for line in doubled)
    for line in doubled:
        assert line in {h * 2 for h in heads} or any(h.startswith(line) for h in heads)


@pytest.mark.parametrize("seed", SEEDS)
def test_chrome_surrounds_the_untouched_body(seed: int) -> None:
    out = CLASSES["chrome"](SIMPLIFIED, random.Random(seed))
    start = out.index(SIMPLIFIED)
    assert out[:start].strip() and out[start + len(SIMPLIFIED) :].strip()


class _TextOf(HTMLParser):
    """Paragraph texts of a page as the policy reads it: blocks split, script/style dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.skip = 0
        self.buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "title"):
            self.skip += 1
        elif tag in ("p", "h3", "div", "br"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self.skip -= 1
        elif tag in ("p", "h3", "div"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)

    def _flush(self) -> None:
        text = "".join(self.buf).strip()
        if text:
            self.blocks.append(text)
        self.buf = []


@pytest.mark.parametrize("seed", SEEDS)
def test_html_round_trips_to_the_paragraphs(seed: int) -> None:
    text = SIMPLIFIED + "\n公式：a<b & c>d。"
    out = CLASSES["html"](text, random.Random(seed))
    for part in ("<title>", "<script>", "<style>", "<!--", "<img ", "<div", "<strong>", "&lt;"):
        assert part in out
    parser = _TextOf()
    parser.feed(out)
    parser.close()
    assert parser.blocks == text.split("\n")


def test_html_over_layout_keeps_lines_as_breaks() -> None:
    laid_out = damage(SIMPLIFIED, ["hard_wrap", "html"], 4)
    assert "<br>" in laid_out
    parser = _TextOf()
    parser.feed(laid_out)
    assert _no_ws("".join(parser.blocks)) == _no_ws(SIMPLIFIED)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("ocr_digits", "这段话没有任何数字。\n第二段也没有。"),
        ("fake_bold", "这是一个完整的句子。\n这是另一个完整的句子。"),
        ("interstitial", "短句。\n也很短。"),
        ("page_break", "短句。\n也很短。"),
        ("letter_spacing", "短句。\n也很短。"),
        ("script_mix", "Only ASCII here."),
        ("halfwidth_punct", "没有标点的一行"),
        ("cjk_spacing", "纯中文内容"),
        ("fullwidth_alnum", "纯中文内容"),
        ("mojibake", "ascii only"),
    ],
)
def test_classes_skip_gracefully_without_a_place(name: str, text: str) -> None:
    assert CLASSES[name](text, random.Random(0)) == text
