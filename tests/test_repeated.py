"""B008: chrome learned from repetition across the pages of one site (issue 13)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()

# Chrome of a site nobody's word list knows (B001 keeps every line of it: checked below).
CHROME_TOP = "青禾社区网，陪伴你的每一天"
CHROME_BOTTOM = ["本栏目由青禾社区网与街道办联合主办", "投稿请寄编辑部信箱"]
QUOTE = "老话说得好：“远亲不如近邻。”"
TOPICS = ["菜市场", "图书角", "停车位", "健身步道", "快递柜", "老年食堂", "儿童乐园", "垃圾分类"]


def _article(n: int, rng: random.Random) -> str:
    topic = TOPICS[n % len(TOPICS)]
    body = [
        f"第{n}期：小区的{topic}又有了新变化，住户们这几天议论得很热闹。",
        f"据物业介绍，{topic}的改造从{rng.randint(3, 9)}月开始，预计{rng.randint(2, 8)}周完成，"
        f"其间会有{rng.randint(2, 20)}名工人轮班施工。",
        f"住在{rng.randint(1, 30)}号楼的一位居民说，希望改造以后能多一些座椅和遮阳的地方。",
    ]
    if n in (3, 17):  # two articles quote the same saying: content, not chrome
        body.insert(1, QUOTE)
    return "\n".join([CHROME_TOP, *body, *CHROME_BOTTOM])


def _site(folder: Path, pages: int = 50) -> Path:
    rng = random.Random(7)
    path = folder / "qinghe.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for n in range(pages):
            row = {"text": _article(n, rng), "url": f"https://www.qinghe.example/post/{n}.html"}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _texts(out: Path) -> list[str]:
    return [row["text"] for row in pq.read_table(out / "data").to_pylist()]


def test_a_sites_own_chrome_goes_and_a_shared_quotation_stays(tmp_path):
    out = tmp_path / "out"
    # Pages of one topic differ only in a few numbers (5-gram Jaccard up to 0.78 after the
    # chrome goes): F004 may drop one as a near duplicate, which is not what this tests.
    result = runner.invoke(app, ["run", str(_site(tmp_path)), "-o", str(out), "-q",
                                 "--ignore", "F004"])
    assert result.exit_code == 0, result.output
    texts = _texts(out)
    assert len(texts) == 50
    for chrome in (CHROME_TOP, *CHROME_BOTTOM):
        assert not any(chrome in t for t in texts), chrome
    assert sum(QUOTE in t for t in texts) == 2
    assert all("小区的" in t and "居民说" in t for t in texts)  # bodies are whole
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["rules"]["B008"]["docs_changed"] == 50


def test_the_same_lines_in_a_small_group_stay(tmp_path):
    """Four pages are below `min_docs`: nothing is learned from them."""
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(_site(tmp_path, pages=4)), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert all(CHROME_TOP in t for t in _texts(out))


def test_groups_are_sites(tmp_path):
    """A line that one site repeats is not chrome of another where it stands once."""
    path = _site(tmp_path)
    with path.open("a", encoding="utf-8") as fh:
        row = {"text": f"{CHROME_TOP}\n另一个网站转载的一篇文章，正文也在这里。",
               "url": "https://other.example/a.html"}
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(path), "-o", str(out), "-q"]).exit_code == 0
    assert sum(CHROME_TOP in t for t in _texts(out)) == 1


def test_options_and_skipping(tmp_path):
    path = _site(tmp_path)
    out = tmp_path / "off"
    result = runner.invoke(app, ["run", str(path), "-o", str(out), "-q", "--ignore", "B008"])
    assert result.exit_code == 0, result.output
    assert all(CHROME_TOP in t for t in _texts(out))
    out = tmp_path / "share"  # a line on every page passes any share up to 1
    result = runner.invoke(app, ["run", str(path), "-o", str(out), "-q",
                                 "--set", "boilerplate.min_share=1.0"])
    assert result.exit_code == 0, result.output
    assert not any(CHROME_TOP in t for t in _texts(out))


def test_resume_keeps_the_statistics(tmp_path):
    """Batches carry their statistics: a resumed run learns the same chrome."""
    path = _site(tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    assert runner.invoke(app, ["run", str(path), "-o", str(first), "-q"]).exit_code == 0
    assert runner.invoke(app, ["run", str(path), "-o", str(second), "-q", "--resume"]
                         ).exit_code == 0
    assert _texts(first) == _texts(second)


def test_exact_duplicates_count_once(tmp_path):
    """Six copies of one page (a repost) teach nothing: its lines count once."""
    path = tmp_path / "reposts.jsonl"
    page = f"{CHROME_TOP}\n同一篇文章被转载了好几次，正文一字不差。\n{CHROME_BOTTOM[0]}"
    path.write_text("".join(json.dumps({"text": page}, ensure_ascii=False) + "\n"
                            for _ in range(6)), encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(path), "-o", str(out), "-q"]).exit_code == 0
    assert _texts(out) == [page]  # the copies went as duplicates, the page kept its lines


def test_a_novels_chapters_keep_their_dialogue_and_headings(tmp_path):
    """Chapters of one book share short replies and section numbers: the author's."""
    folder = tmp_path / "novel"
    folder.mkdir()
    for n in range(1, 9):
        (folder / f"chapter{n:02d}.txt").write_text(
            f"第{n}章\n一、\n天快黑的时候，第{n}个客人推门进来，在窗边坐下。\n“嗯。”\n"
            f"掌柜的点点头，给他倒了一碗茶，茶碗上画着{n}朵梅花。\n",
            encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(folder), "-o", str(out), "-q"]).exit_code == 0
    texts = _texts(out)
    assert len(texts) == 8
    assert all("“嗯。”" in t and "一、" in t for t in texts)


def test_may_change_says_exactly_when_apply_changes_a_document():
    """The merge passes by a document whose observed keys `may_change` rejects: that is
    safe only if it is exact, on documents that apply changes and on ones it leaves."""
    from cleaner_rules.boilerplate.repeated import RepeatedLines

    from cleaner.document import Document

    rng = random.Random(3)
    lines = [CHROME_TOP, *CHROME_BOTTOM, QUOTE, "短行", "  带空格的行  ", "1. 编号的行"]
    docs = [
        Document.from_text("\n".join(rng.sample(lines, rng.randint(0, 4)) + [f"正文{n}。"]),
                           source=f"site{n % 3}/page{n}.txt")
        for n in range(60)
    ]
    rule = RepeatedLines(min_docs=4, min_share=0.3)
    totals: dict[int, int] = {}
    observed = []
    for doc in docs:
        keys = rule.observe(doc)
        observed.append(keys)
        for key in keys:
            totals[key] = totals.get(key, 0) + 1
    rule.prepare({k: v for k, v in totals.items() if v >= rule.min_count})
    verdicts = [(rule.may_change(keys), rule.apply(doc) != doc.text)
                for doc, keys in zip(docs, observed, strict=True)]
    assert all(may == does for may, does in verdicts)
    assert {does for _, does in verdicts} == {True, False}  # both kinds were tried


def test_a_page_whose_chrome_went_meets_the_duplicate_filter_with_its_new_text(tmp_path):
    """Workers hand the merge each text's duplicate digest; a page that B008 changes in the
    merge is judged on what is left of it, so two pages with the same article under
    different chrome are exact duplicates once the chrome goes."""
    rng = random.Random(11)
    path = tmp_path / "site.jsonl"
    rows = [_article(n, rng) for n in range(20)]
    article = "这一篇文章被站点转载了两次，每次套着不一样的页眉。\n正文的第二段也完全一样。"
    rows.append(f"{CHROME_TOP}\n{article}")
    rows.append(f"{CHROME_BOTTOM[0]}\n{article}")
    with path.open("w", encoding="utf-8") as fh:
        for n, text in enumerate(rows):
            fh.write(json.dumps({"text": text, "url": f"https://qinghe.example/{n}"},
                                ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(path), "-o", str(out), "-q", "--ignore", "F004"])
    assert result.exit_code == 0, result.output
    assert _texts(out).count(article) == 1
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["documents"]["dropped"] == {"exact-duplicate": 1}
