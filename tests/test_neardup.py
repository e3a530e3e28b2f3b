"""F004 near-duplicate: edited copies go, distinct articles stay, order decides, memory and
time stay bounded. All texts are written for these tests."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import tracemalloc

import pytest
from cleaner_rules.filter.documents import ExactDuplicate
from cleaner_rules.filter.near_duplicate import NearDuplicate, choose_bands, signature

from cleaner.config import Config
from cleaner.document import Document
from cleaner.registry import select
from cleaner.rule import OptionError
from cleaner.run import run

# One article in sentences, so copies can change, add or drop a sentence.
BRIDGE = [
    "青石镇东头的永济桥建于清代乾隆年间，是一座三孔石拱桥，全长四十六米。",
    "去年夏天的一场暴雨冲垮了桥西侧的护坡，桥面也出现了几道明显的裂缝。",
    "镇政府随后请来省里的文物保护专家，对桥体做了为期两个月的详细勘察。",
    "专家们发现，桥墩下的木桩大多保存完好，真正受损的是后来用水泥补过的部分。",
    "修缮方案因此决定拆除这些水泥补丁，按照原来的做法用糯米灰浆重新砌筑。",
    "工匠们从邻县的采石场找来颜色相近的青石，一块一块地打磨成合适的尺寸。",
    "为了不破坏河道的生态，施工期间搭建的围堰只占用了河面不到三分之一的宽度。",
    "今年四月，修缮工程全部完工，永济桥重新向行人开放，不再允许机动车通行。",
    "附近的老人说，桥修好以后，每天傍晚都有不少人来桥上散步、拍照、看夕阳。",
    "镇文化站还在桥头立了一块说明牌，介绍这座桥的历史和这次修缮的经过。",
]
# The same topic in other words: shares names and terms, not sentences.
BRIDGE_OTHER = [
    "记者日前来到青石镇，实地探访刚刚修缮完毕的永济桥。",
    "这座乾隆年间建成的石拱桥横跨镇东的小河，桥身由上千块青石砌成。",
    "据镇文化站站长介绍，桥梁在去年汛期受损，裂缝最宽处可以塞进一根手指。",
    "此次修缮坚持修旧如旧的原则，能保留的旧石料全部保留，缺损部分才用新石补配。",
    "施工队伍里有两位年过六旬的老石匠，他们年轻时就参加过这座桥的维护。",
    "整个工程花费约一百二十万元，其中大部分来自县里的文物保护专项资金。",
    "站长表示，接下来镇里还打算把桥两岸的老街一并整治，发展乡村旅游。",
    "不少游客专程从市区赶来，在修好的石桥上留影，感受古镇的宁静与悠闲。",
]
CHROME_TOP = ["首页 | 新闻 | 文旅 | 图片 | 视频", "当前位置：首页 > 地方新闻 > 正文"]
CHROME_END = ["责任编辑：王明", "【打印本页】【关闭窗口】"]


def doc(text: str, name: str) -> Document:
    return Document.from_text(text, source=name)


def article(sentences: list[str]) -> str:
    return "\n".join(sentences) + "\n"


def grams(text: str, n: int = 5) -> set[str]:
    """The reference shingle set, in plain Python: word characters only."""
    s = "".join(c for c in text if c.isalnum())
    return {s[i : i + n] for i in range(max(len(s) - n + 1, 1))}


def jaccard(a: str, b: str) -> float:
    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


def verdicts(texts: list[str], **options: object) -> list[tuple[bool, str | None]]:
    f = NearDuplicate(**options)
    out = []
    for i, text in enumerate(texts):
        out.append((f.reject(doc(text, f"d{i}.txt")), f.duplicate_of))
    return out


def rewrap(text: str, width: int) -> str:
    """Hard-wrap every paragraph at `width` characters, as a PDF extraction would."""
    flat = text.replace("\n", "")
    return "\n".join(flat[i : i + width] for i in range(0, len(flat), width))


def edited_copies() -> dict[str, str]:
    changed = list(BRIDGE)
    changed[4] = "修缮方案最终确定拆掉这些补丁，并沿用传统的糯米灰浆工艺重新砌筑。"
    return {
        "a changed sentence": article(changed),
        "chrome lines added": article(CHROME_TOP + BRIDGE + CHROME_END),
        "hard wrapping": rewrap(article(BRIDGE), 23),
        "spaces and half-width punctuation": article(BRIDGE).replace("，", ", ").replace(
            "。", ". "),
        "a sentence dropped": article(BRIDGE[:6] + BRIDGE[7:]),
    }


@pytest.mark.parametrize("edit", list(edited_copies()))
def test_an_edited_copy_is_dropped_and_names_the_original(edit):
    original, copy = article(BRIDGE), edited_copies()[edit]
    f = NearDuplicate()
    first, second = doc(original, "a.txt"), doc(copy, "b.txt")
    assert not f.reject(first) and f.duplicate_of is None
    assert f.reject(second), (edit, jaccard(original, copy))
    assert f.duplicate_of == first.id


def test_distinct_articles_on_the_same_topic_are_kept():
    a, b = article(BRIDGE), article(BRIDGE_OTHER)
    assert verdicts([a, b]) == [(False, None), (False, None)]
    half = article(BRIDGE[:5] + BRIDGE_OTHER[4:])  # shares half its sentences with `a`
    assert jaccard(a, half) < 0.5
    assert verdicts([a, half]) == [(False, None), (False, None)]


def _mutate(text: str, rate: float, rng: random.Random) -> str:
    """Replace a share of the word characters by other Han characters."""
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch.isalnum() and rng.random() < rate:
            chars[i] = chr(0x4E00 + rng.randrange(0x5000))
    return "".join(chars)


def test_the_threshold_separates_pairs_by_their_true_jaccard():
    """Pairs well above the threshold are caught and pairs well below kept, at 5 sd margin."""
    rng = random.Random(7)
    base = article(BRIDGE + BRIDGE_OTHER)
    caught = missed = 0
    for _ in range(60):
        copy = _mutate(base, rng.choice([0.005, 0.01, 0.06, 0.1]), rng)
        j = jaccard(base, copy)
        dropped = verdicts([base, copy])[1][0]
        if j >= 0.9:
            assert dropped, j
            caught += 1
        elif j <= 0.62:
            assert not dropped, j
            missed += 1
    assert caught and missed
    strict = [verdicts([base, _mutate(base, 0.01, rng)], near_threshold=0.98)[1][0]
              for _ in range(5)]
    assert not any(strict)  # about 0.95 similar: a copy under a stricter threshold


def test_bands_are_chosen_for_the_threshold():
    for threshold in (0.5, 0.7, 0.8, 0.9, 0.95):
        for num_perm in (64, 128, 256):
            bands, rows = choose_bands(threshold, num_perm)
            assert bands * rows <= num_perm
            assert 1 - (1 - threshold**rows) ** bands >= 0.995
            # one row more would miss pairs at the threshold
            fewer = num_perm // (rows + 1)
            assert rows == num_perm or 1 - (1 - threshold ** (rows + 1)) ** fewer < 0.995
    assert choose_bands(0.8, 128) == (21, 6)


def test_the_first_in_input_order_survives():
    a, b = article(BRIDGE), edited_copies()["a changed sentence"]
    c = article(BRIDGE_OTHER)
    docs = [doc(a, "a.txt"), doc(c, "c.txt"), doc(b, "b.txt")]
    for order in ([0, 1, 2], [2, 1, 0]):
        f = NearDuplicate()
        got = [(f.reject(docs[i]), f.duplicate_of) for i in order]
        first = docs[order[0]].id
        assert got == [(False, None), (False, None), (True, first)]


def test_same_verdicts_twice_and_in_other_processes():
    texts = [article(BRIDGE), article(BRIDGE_OTHER), *edited_copies().values()]
    assert verdicts(texts) == verdicts(texts)
    code = (
        "import sys; from cleaner_rules.filter.near_duplicate import signature; "
        "sys.stdout.write(signature(sys.stdin.read(), 5, 128).hex())"
    )
    outs = {
        subprocess.run([sys.executable, "-c", code], input=texts[0], capture_output=True,
                       text=True, check=True, env={"PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert outs == {signature(texts[0], 5, 128).hex()}


def test_text_without_word_characters_and_short_text():
    f = NearDuplicate()
    assert not f.reject(doc("……——！！\n\n", "p.txt")) and f.kept == 0  # nothing to index
    assert not f.reject(doc("古桥", "q.txt"))  # shorter than one n-gram: one shingle
    assert f.reject(doc("古 桥！", "r.txt")) and f.duplicate_of == doc("古桥", "q.txt").id


def test_odd_ids_are_reported_as_given():
    f = NearDuplicate()
    f.reject(Document(id="row-17", text=article(BRIDGE), source="x.jsonl"))
    assert f.reject(doc(article(BRIDGE), "y.txt")) and f.duplicate_of == "row-17"


def test_bad_options_name_the_key():
    for options in ({"near_threshold": 0.0}, {"near_threshold": 1.5}, {"near_ngram": 0},
                    {"near_perm": 8}):
        with pytest.raises(OptionError, match=next(iter(options))):
            NearDuplicate(**options)


def _distinct_texts(count: int, length: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    return ["".join(chr(0x4E00 + rng.randrange(0x5000)) for _ in range(length))
            for _ in range(count)]


def test_memory_per_kept_document_is_bounded_and_not_by_text_length():
    per_doc = {}
    for length in (300, 3000):
        texts = _distinct_texts(3000, length)
        docs = [doc(t, f"m{i}") for i, t in enumerate(texts)]
        f = NearDuplicate()
        f.reject(docs[0])  # lazy tables built outside the measurement
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        for d in docs[1:]:
            assert not f.reject(d)
        held = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.stop()
        per_doc[length] = held / (len(docs) - 1)
        # 256 (signature) + 16 (id) + 21 bands x 17 bytes / load (7/16 to 7/8) = 680..1088;
        # tracemalloc sees only the Python side, `nbytes` counts the native table too.
        assert f.nbytes / f.kept < 1300
    assert all(v < 1500 for v in per_doc.values()), per_doc
    assert per_doc[3000] < 1.3 * per_doc[300], per_doc


def test_time_is_linear_in_the_text():
    def seconds(text: str) -> float:
        f = NearDuplicate()
        f.reject(doc("预热", "w"))
        start = time.perf_counter()
        f.reject(doc(text, "t"))
        return time.perf_counter() - start

    small, big = _distinct_texts(1, 20_000)[0], _distinct_texts(1, 400_000)[0]
    assert seconds(big) < 40 * seconds(small) + 0.05  # 20x the text
    assert seconds("桥" * 1_000_000) < 1.0  # one n-gram repeated
    assert seconds("桥。\n" * 300_000) < 1.0


def test_exact_duplicate_names_the_kept_document():
    f = ExactDuplicate()
    a, b, c = doc("同一篇文章。", "a.txt"), doc("同一篇文章。", "b.txt"), doc("另一篇。", "c.txt")
    assert not f.reject(a) and f.duplicate_of is None
    assert f.reject(b) and f.duplicate_of == a.id
    assert not f.reject(c) and f.duplicate_of is None


def test_a_run_drops_the_reformatted_copy_and_counts_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(article(BRIDGE), "utf-8")
    wrapped = rewrap(article(CHROME_TOP + BRIDGE), 21)  # a PDF-style copy with a nav bar
    (folder / "b.txt").write_text(wrapped, "utf-8")
    (folder / "c.txt").write_text(article(BRIDGE_OTHER), "utf-8")
    out = tmp_path / "out"
    run(Config(workers=1), out, [folder])
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["documents"]["written"] == 2
    assert report["documents"]["dropped"] == {"near-duplicate": 1}
    assert report["rules"]["F004"]["docs_changed"] == 1
    ignored = tmp_path / "ignored"
    run(Config(workers=1, ignore=["F004"]), ignored, [folder])
    assert json.loads((ignored / "report.json").read_text("utf-8"))["documents"]["written"] == 3


def test_the_sample_corpus_loses_nothing(tmp_path):
    from cleaner.config import sample_corpus

    result = run(Config(workers=1), tmp_path / "out", [sample_corpus()])
    assert "near-duplicate" not in result.dropped


def test_on_by_default_after_the_exact_filter():
    codes = [r.code for r in select()]
    assert codes.index("F003") < codes.index("F004")


def test_an_exact_copy_of_a_dropped_near_duplicate_names_the_kept_document(tmp_path):
    """F003 saw the near copy pass; when F004 drops it, a later exact copy of it points at
    the document that was kept, never at a dropped one."""
    import json

    from typer.testing import CliRunner

    from cleaner.cli import app

    base = "".join(f"第{i}段：城南的老街今天重新开放，店铺大多换了新招牌。" for i in range(12))
    near = base.replace("第3段", "第三段")
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n"
                            for t in (base, near, near)), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(path), "-o", str(out), "-q", "--keep-dropped"])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    kept = [row["id"] for row in pq.read_table(out / "data").to_pylist()]
    dropped = pq.read_table(out / "dropped").to_pylist()
    assert len(kept) == 1 and len(dropped) == 2
    assert {row["dropped_by"] for row in dropped} == {"near-duplicate", "exact-duplicate"}
    assert all(row["duplicate_of"] == kept[0] for row in dropped)
