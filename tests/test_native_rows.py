"""L003's rows across short columns cut by the native core (native/src/rows.rs) as the
Python it replaced cut them (tests/oracles/rows.py): on made-up narrow-column OCR pages
(short Han lines, rows across two to four columns with gutters of spaces, rules and
quotes, blank lines, lone column lines, page labels, page breaks, whitespace Python
strips, Latin, digits and lone surrogates), on any characters Python knows, on the
real corpora as they reach L003, the tesseract fixtures, the synthetic side-by-side
damage and the rule's examples."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from random import Random

import pytest
from cleaner_rules.layout.rows import RowsAcrossColumns
from hypothesis import given, settings
from hypothesis import strategies as st
from native_corpora import CORPORA, clean_texts, documents, reaching
from oracles import rows as oracle

from cleaner.document import Document
from cleaner.evaluate.synthetic import damage

RULE = RowsAcrossColumns()
OCR_ROWS = Path(__file__).parent / "fixtures" / "ocr_rows"

HAN = "河面上漂着几只小船的渔民正在收网里鱼活蹦乱跳岸边孩子们看得入迷一直等到天黑才肯回家去吃饭〇"
# Mostly Han; CJK punctuation, Latin, digits, quotes, a space, Han outside the BMP (which
# the class leaves out) and a lone surrogate now and then.
CHARS = [*HAN * 4, "，", "。", "、", "！", "”", "“", "’", "a", "B", "7", "²", "①", " ",
         "\U00020000", "\ud800", "|", "'", "\""]
GUTTERS = [" ", "  ", "   ", "    ", "      ", " | ", "|", "｜", " ｜ ", "| ", " |", "  |  ", " ” ",
           "”", "“", "””", "“”", " “” ", " 。 ", " '' ", " \" ", "  ’ ", " ‘ ", " |” ", "\t",
           "\u3000", "", " ”|” "]
LABELS = ["— 2 —", "第2页", "12", "- 3 -", "②", "·17·", "Page 4", "九", "第 3 页 共"]
# Whitespace Python strips, around a line.
PADS = ["", "", "", "", "", " ", "  ", "\u3000", "\x1c", "\xa0", "\t", "\r", "\u2028"]


def cleaned(text: str) -> str:
    return RULE.apply(Document.from_text(text, source="t"))


def check(text: str) -> None:
    assert cleaned(text) == oracle.apply(text)


# The pages are drawn from a random.Random hypothesis seeds: its own draws, one per
# character, would take most of the test's time.
def column_line(rng: Random, width: int, short: int = 4) -> str:
    return "".join(rng.choices(CHARS, k=rng.randint(max(1, width - short), width + 2)))


def padded(rng: Random, line: str) -> str:
    return rng.choice(PADS) + line + rng.choice(PADS)


def body(rng: Random, width: int) -> list[str]:
    """A stretch of column lines, now and then one that ends a paragraph."""
    lines = []
    for _ in range(rng.randint(0, 16)):
        line = column_line(rng, width, short=3)
        if rng.random() < 0.2:
            line = line[: rng.randint(1, len(line))] + "。"
        lines.append(padded(rng, line))
    return lines


def block(rng: Random, width: int) -> list[str]:
    """Rows across two to four columns, the later columns perhaps shorter, then perhaps
    blank lines, lone column lines and a page label."""
    depth = rng.randint(1, 5)
    columns = [[column_line(rng, width) for _ in range(rng.randint(1, depth))]
               for _ in range(rng.randint(2, 4))]
    rows = []
    for i in range(depth):
        pieces = [column[i] for column in columns if i < len(column)] or [""]
        gutter = rng.choice(GUTTERS)
        row = pieces[0]
        for piece in pieces[1:]:
            row += (gutter if rng.random() < 0.7 else rng.choice(GUTTERS)) + piece
        rows.append(padded(rng, row))
        if rng.random() < 0.2:
            rows.append(rng.choice(PADS))
    rows += [column_line(rng, width) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.5:
        rows += [""] * rng.randint(0, 2) + [rng.choice(LABELS)]
    return rows


def page(rng: Random, width: int) -> str:
    lines = body(rng, width)
    if rng.random() < 0.75:
        lines += block(rng, width)
    if rng.random() < 0.25:
        lines += body(rng, width)  # the page goes on
    return "\n".join(lines)


def ocr_pages(rng: Random) -> str:
    """A document set in narrow columns, its pages perhaps ending in rows across them."""
    width = rng.randint(8, 24)
    head = [column_line(rng, width, short=1) for _ in range(rng.randint(10, 16))]
    pages = [page(rng, width) for _ in range(rng.randint(1, 3))]
    text = "\n".join(head) + "\n" + rng.choice(["\f", "\n\f", "\f\n", "\n"]).join(pages)
    return text + rng.choice(["", "", "", "", "\n|---|---|", "\n```", "\n~~~", " :--|"])


@settings(max_examples=3000, deadline=None)
@given(st.randoms(use_true_random=True))
def test_made_up_ocr_pages_match_the_oracle(rng: Random) -> None:
    check(ocr_pages(rng))


def test_made_up_pages_are_cut() -> None:
    """The pages above reach the cutting: a good share of them is changed."""
    texts = [ocr_pages(Random(seed)) for seed in range(300)]
    assert sum(oracle.apply(text) != text for text in texts) >= 50


def _known(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cn")


@settings(max_examples=500, deadline=None)
@given(st.randoms(use_true_random=True), st.lists(st.text(max_size=40).map(_known), max_size=8),
       st.lists(st.characters().map(_known), min_size=14, max_size=14), st.booleans())
def test_any_characters_python_knows_match_the_oracle(rng, lines, ends, inside) -> None:
    """Lines of any characters among rows of narrow columns, and ending their Han lines."""
    width = rng.randint(8, 24)
    head = [column_line(rng, width, short=1) + end for end in ends]
    rows = block(rng, width)
    check("\n".join(head + (rows[:1] + lines + rows[1:] if inside else rows + lines)))


def _labelled(mark: str) -> str:
    """A block whose last line is a page label only when `mark` is a digit (str.isdigit)."""
    head = ["河面上漂着几只小船船上的渔民"] * 14
    rows = ["第二天一早渔民们又出发了他们 | 孩子们跟在后面跑到河边看着小",
            "说今年的鱼比往年多价钱也好 | 船慢慢划远才恋恋不舍地回去"]
    return "\n".join(head + rows + ["日子会越过越红火", "去上学", f"— {mark} —"])


def test_page_labels_have_the_digits_python_has() -> None:
    digits = [chr(c) for c in range(0x110000) if chr(c).isdigit()]
    for mark in [*digits, "½", "Ⅻ", "二", "a"]:
        text = _labelled(mark)
        assert cleaned(text) == oracle.apply(text), hex(ord(mark))
        assert (oracle.apply(text) != text) == mark.isdigit()


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_documents_match_the_oracle(name: str) -> None:
    for doc in reaching("L003", documents(CORPORA[name])):
        assert cleaned(doc.text) == oracle.apply(doc.text), doc.source


@pytest.mark.parametrize("path", sorted(OCR_ROWS.glob("*.txt")), ids=lambda p: p.stem)
def test_tesseract_fixtures_match_the_oracle(path: Path) -> None:
    text = path.read_text("utf-8")
    # As read, with the rules read as spaces, and with the blank lines as page breaks.
    for variant in (text, text.replace("|", " "), text.replace("\n\n", "\f")):
        check(variant)


def test_side_by_side_damage_matches_the_oracle() -> None:
    for n, text in enumerate(clean_texts()):
        check(damage(text, ["side_by_side"], seed=n))


def test_examples_match_the_oracle() -> None:
    for example in RULE.examples:
        check(example.before)
        check(example.before.replace("\n", "\f", 20))
