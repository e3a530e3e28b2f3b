"""Memory on pathological shapes (benchmarks/shapes.py): what a rule or kernel holds per
character of one long document stays a small multiple of the text itself.

A `list(text)` holds one str object per character (about 80 bytes for a Han character);
on a 50 MB document that alone is well over a gigabyte. These tests measure what a call
allocates per character and fail at such costs.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from cleaner_rules.text.chars import replace_at

from cleaner.document import Document
from cleaner.registry import instantiate, select

# Traditional clauses with simplified leftovers in most of them (a machine conversion that
# missed characters throughout), a clause of simplified text, and ASCII punctuation.
_CLAUSES = (
    "這個項目的数据保存在雲端服務里", "并且後來我們發現了第{n}個問題",
    "工程師們认为這是系統的設計缺陷", "他們在會議上讨论了三個小時",
    "这是简体中文写的一句话", "報告說明了事情的經過,結果如何?",
    "圖書館的开放時間是上午九點", "學生們對這個結果感到滿意",
)


def _mixed_document(chars: int) -> str:
    rng = random.Random(11)
    parts, size, n = [], 0, 0
    while size < chars:
        clause = rng.choice(_CLAUSES).format(n=n) + rng.choice("，。；！")
        parts.append(clause)
        size += len(clause)
        n += 1
    return "".join(parts)


def _rule(code: str):
    (rule,) = instantiate([r for r in select() if r.code == code], {})
    return rule


def _bytes_per_char(code: str, text: str) -> tuple[float, str]:
    """Peak Python allocation of one `apply` per character of `text`, and its output."""
    rule = _rule(code)
    rule.apply(Document.from_text(text[:2000], source="warm-up"))  # tables, caches
    doc = Document.from_text(text, source="long")
    tracemalloc.start()
    try:
        out = rule.apply(doc)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / len(text), out


def test_replace_at_matches_a_list_of_characters() -> None:
    rng = random.Random(5)
    text = "".join(rng.choice("甲乙丙丁戊,.") for _ in range(500))
    for _ in range(50):
        edits = {rng.randrange(len(text)): rng.choice("子丑寅") for _ in range(rng.randrange(8))}
        chars = list(text)
        for k, c in edits.items():
            chars[k] = c
        assert replace_at(text, edits) == "".join(chars)
    assert replace_at("", {}) == ""


def test_script_conversion_holds_no_object_per_character() -> None:
    text = _mixed_document(120_000)
    per_char, out = _bytes_per_char("C001", text)
    assert out != text and len(out) == len(text)  # the leftovers were converted
    assert per_char < 100, f"C001 allocated {per_char:.0f} bytes per character"


def test_halfwidth_punctuation_holds_no_object_per_character() -> None:
    text = _mixed_document(120_000)
    per_char, out = _bytes_per_char("P004", text)
    assert "，結果如何？" in out and ",結果" not in out
    assert per_char < 40, f"P004 allocated {per_char:.0f} bytes per character"


_HWM_PROBE = """
import random, sys
from cleaner._native import signal_counts_of
rng = random.Random(0)
text = "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(2_000_000))
raw = "\\n".join(text[i:i + 40] for i in range(0, len(text), 40)).encode("utf-32-le")
def kb(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1])
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak (VmHWM) to the current size
before = kb("VmRSS")
signal_counts_of(raw)
print((kb("VmHWM") - before) * 1024 / (len(raw) // 4))
"""


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="Linux /proc only")
def test_signal_counts_peak_memory_per_character() -> None:
    """The signals kernel's own allocations (native, so measured as the process's peak):
    its code points and the whitespace-free copy, 8 bytes a character, and the n-gram
    kernel (a hash map of every 5-gram took up to 49 bytes a character; grouping by
    sort, 15)."""
    probe = subprocess.run([sys.executable, "-c", _HWM_PROBE], capture_output=True,
                           text=True, check=False)
    if probe.returncode != 0 and "Permission" in probe.stderr:
        pytest.skip("cannot reset the peak RSS here")
    assert probe.returncode == 0, probe.stderr
    per_char = float(probe.stdout)
    assert per_char < 40, f"signal_counts peaked at {per_char:.0f} bytes per character"


def test_a_batch_is_written_one_item_at_a_time(monkeypatch, tmp_path) -> None:
    """Saving a batch never makes one string of the whole file: the largest piece written
    is one document's text, the JSON encoder never sees a text, and the file is what
    `encode` gives."""
    from cleaner.run import batches

    docs = [Document.from_text(_mixed_document(20_000), source=f"d{n}") for n in range(3)]
    result = batches.BatchResult([("doc", d) for d in docs], 60_000, {}, 0, {})
    sizes: list[int] = []
    real = batches.json.dumps

    def dumps(value, **kwargs):
        out = real(value, **kwargs)
        sizes.append(len(out))
        return out

    monkeypatch.setattr(batches.json, "dumps", dumps)
    digest = batches.save(tmp_path / "batch.json", result)
    raw = (tmp_path / "batch.json").read_bytes()
    assert raw == batches.encode(result)
    longest = max(len(d.text.encode("utf-8", "surrogatepass")) for d in docs)
    assert max(map(len, batches._encoded(result))) <= longest
    assert max(sizes) < longest / 10
    (tmp_path / "batch-00000000.json").write_bytes(raw)
    back = batches.load(tmp_path, 0, digest)
    assert [d.text for _, d in back.items] == [d.text for d in docs]
