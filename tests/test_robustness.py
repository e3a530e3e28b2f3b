"""Bad input, pathological shapes, faults and security, driven through `cleaner run`.

Every bad input ends in a clean result or a quarantine entry naming the file (and line),
never a traceback or a hang, and the run goes on. The table of cases and outcomes is in
docs/robustness.md; keep the two in step.
"""

from __future__ import annotations

import base64
import errno
import gzip
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.document import Document
from cleaner.pipeline import Pipeline
from cleaner.registry import all_rules
from cleaner.rule import Filter

ROOT = Path(__file__).resolve().parent.parent
CLI = CliRunner()

TEXT = "这是一段用于测试编码检测的中文文本，其中包含常见的汉字和标点符号。我们希望它能被正确解码。"
HANT = "這是一段用於測試編碼檢測的中文文本，其中包含常見的漢字和標點符號。我們希望它能被正確解碼。"


def cli(*args: object, env: dict[str, str] | None = None):
    result = CLI.invoke(app, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.output, result.exception)
    assert "Traceback" not in result.output
    return result


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text("utf-8"))


def quarantine(out: Path) -> list[dict]:
    text = (out / "quarantine.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines()]


def rows(out: Path) -> list[dict]:
    found = []
    for shard in sorted((out / "data").glob("train-*.parquet")):
        found += pq.read_table(shard).to_pylist()
    return found


def payload(record: dict) -> bytes:
    if "bytes_b64" in record:
        return base64.b64decode(record["bytes_b64"])
    return record["text"].encode("utf-8", "surrogatepass")


def check_accounting(out: Path) -> dict:
    rep = report(out)
    docs = rep["documents"]
    accounted = docs["written"] + sum(docs["dropped"].values()) + sum(docs["quarantined"].values())
    assert docs["read"] == accounted
    assert rep["accounting"] == {"read": docs["read"], "accounted": accounted, "ok": True}
    assert sum(docs["quarantined"].values()) == len(quarantine(out))
    return rep


# --- the battery: one corpus of bad inputs, one run -------------------------------------------

JSONL_LINES = [  # (line bytes, expected outcome)
    (json.dumps({"text": TEXT + "一"}, ensure_ascii=False).encode(), "written"),
    (b"", "blank"),
    (b'{"text": "\xe6\x88\xaa\xe6\x96\xad\xe7\x9a\x84', "malformed-json"),
    (b'{"text": 5}', "invalid-text"),
    (b'{"text": null}', "invalid-text"),
    (b'{"body": "no text field"}', "missing-text"),
    (b"   ", "blank"),
    (b"[1, 2, 3]", "malformed-json"),
    (b'{"text": "\\ud800 lone surrogate"}', "invalid-text"),
    (b'{"text": "bad \xff\xfe bytes in a line of otherwise valid UTF-8 \xe4\xb8\xad"}',
     "undecodable-bytes"),
    (b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "malformed-json"),  # recursion
    (json.dumps({"text": TEXT + "二", "source": "../../etc/passwd", "id": "../x"},
                ensure_ascii=False).encode(), "written"),
    (b'{"text": "\xe6\x9c\x80\xe5\x90\x8e\xe4\xb8\x80\xe8\xa1\x8c', "malformed-json"),  # no EOL
]

# name: (bytes, expected) where expected is ("written", text it must contain),
# ("dropped", reason) or ("quarantined", reason, detail it must contain).
FILES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "empty.txt": (b"", ("dropped", "too-short")),
    "whitespace.txt": (" \n\t\r\n\u3000".encode(),
                       ("dropped", "too-short")),
    "binary.txt": (bytes(range(256)) * 8, ("quarantined", "binary", "line 1, byte 0")),
    "elf.md": (b"\x7fELF\x02\x01\x01" + bytes(500), ("quarantined", "binary", "ELF executable")),
    "zip.txt": (b"PK\x03\x04\x14\x00\x08\x00" + bytes(range(256)) * 2,
                ("quarantined", "binary", "ZIP archive")),
    "png.html": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, ("quarantined", "binary", "")),
    "bad_utf8.txt": ((TEXT + "\n").encode() + b"\xff\xfe" + TEXT.encode(),
                     ("written", "被正确解码。\n\ufffd\ufffd这是")),
    "mostly_bad_utf8.txt": ((TEXT + "\n").encode() + b"\xff\xfe" * 40 + TEXT.encode(),
                            ("quarantined", "undecodable-bytes", "more than the 3 allowed")),
    "gbk_cut.txt": ((("GBK截断：" + TEXT + "\n") * 3).encode("gbk").replace(
                        "解码。\n".encode("gbk"), "解码".encode("gbk") + b"\xa1\n", 2),
                    ("written", "被正确解码\ufffd\nGBK截断")),
    "gbk.txt": (("GBK：" + TEXT).encode("gbk"), ("written", "GBK：" + TEXT)),
    "gb18030.txt": (("GB18030：" + TEXT + "𠀀").encode("gb18030"), ("written", "GB18030")),
    "big5.txt": (("BIG5：" + HANT).encode("big5"), ("written", HANT)),
    "utf16le_bom.txt": (("UTF16LE：" + TEXT).encode("utf-16"), ("written", "UTF16LE：" + TEXT)),
    "utf16be_bom.txt": (b"\xfe\xff" + ("UTF16BE：" + TEXT).encode("utf-16-be"),
                        ("written", "UTF16BE：" + TEXT)),
    "utf16le.txt": (("无BOM小端：" + TEXT).encode("utf-16-le"), ("written", "无BOM小端：" + TEXT)),
    "utf16be.txt": (("无BOM大端：" + TEXT).encode("utf-16-be"), ("written", "无BOM大端：" + TEXT)),
    "utf8_bom.txt": (b"\xef\xbb\xbf" + ("带BOM：" + TEXT).encode(), ("written", "带BOM：" + TEXT)),
    "nul_in_utf8.txt": (TEXT.encode() + b"\0" + "缺字之后的正文。\0".encode(),
                        ("written", "被正确解码。缺字之后的正文。")),
    "deep.html": (b"<div>" * 50_000 + "深层嵌套的正文，足够长以通过过滤器的中文句子。".encode()
                  + b"</div>" * 50_000, ("written", "深层嵌套的正文")),
    "unclosed.html": (b"<div " * 20_000 + "未闭合标签之后的正文内容，也要足够长才行。".encode(),
                      ("dropped", "too-short")),
    "bad.jsonl": (b"\n".join(line for line, _ in JSONL_LINES), ("jsonl",)),
    "array.json": (b'[{"text": "' + ("数组：" + TEXT).encode() + b'"}, {"text": 1}, {"tex',
                   ("jsonl",)),
    "truncated.txt.gz": (gzip.compress(("压缩：" + TEXT).encode() * 50)[:-20],
                         ("quarantined", "corrupt-compression", "")),
    "名 字 (1)【副本】.txt": (("奇怪的文件名：" + TEXT).encode(), ("written", "奇怪的文件名")),
    "new\nline.txt": (("换行文件名：" + TEXT).encode(), ("written", "换行文件名")),
}


# A 10 MB document in one line, not periodic (a line that is two copies of one half would
# be fake bold for B003): common simplified Han with a full stop now and then.
_HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"


def long_line() -> str:
    return "".join(random.Random(0).choices(_HAN + "，", k=3_500_000)) + "。"


def _parquet_without_text() -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"body": ["正文"], "n": [1]}), sink)
    return sink.getvalue().to_pybytes()


def build_corpus(root: Path, big: bool = True) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    for name, (data, _) in FILES.items():
        if big or len(data) < 100_000:
            (corpus / name).write_bytes(data)
    (corpus / "notext.parquet").write_bytes(_parquet_without_text())
    if big:
        (corpus / "long_line.txt").write_text(long_line(), "utf-8")
    # A file name that is not valid UTF-8, as scrapers on legacy systems leave them.
    (corpus / os.fsdecode("gbk_\xd6\xd0\xce\xc4.txt".encode("latin-1"))).write_bytes(
        ("非UTF-8文件名：" + TEXT).encode())
    loop = corpus / "loop"
    loop.mkdir()
    (loop / "up").symlink_to("..")  # a directory loop
    (loop / "self.txt").symlink_to("self.txt")  # a file symlink to itself
    (loop / "dangling.txt").symlink_to("does-not-exist.txt")
    os.mkfifo(corpus / "fifo.txt")  # never opened: reading it would block
    return corpus


@pytest.fixture(scope="module")
def battery(tmp_path_factory) -> tuple[Path, Path, object]:
    root = tmp_path_factory.mktemp("battery")
    corpus = build_corpus(root)
    out = root / "out"
    # The files share one sentence on purpose (F004 would drop them as near duplicates).
    result = cli("run", corpus, "-o", out, "-q", "-w", "1", "--ignore", "F004")
    return corpus, out, result


def test_battery_run_goes_on_and_accounts_for_everything(battery):
    corpus, out, result = battery
    assert result.exit_code == 0, result.output
    rep = check_accounting(out)
    assert rep["documents"]["written"] >= 14


def test_strict_exits_1_otherwise_the_run_goes_on(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "bad_utf8.txt").write_bytes(FILES["mostly_bad_utf8.txt"][0])
    (corpus / "good.txt").write_text(TEXT, "utf-8")
    strict = cli("run", corpus, "-o", tmp_path / "strict", "-w", "1", "--strict")
    assert strict.exit_code == 1 and "quarantined" in strict.output
    assert len(rows(tmp_path / "strict")) == 1
    assert cli("run", corpus, "-o", tmp_path / "lenient", "-w", "1", "-q").exit_code == 0


CASES = [name for name in FILES if FILES[name][1][0] != "jsonl"]


@pytest.mark.parametrize("name", CASES)
def test_battery_case(battery, name):
    _, out, _ = battery
    expected = FILES[name][1]
    kind = expected[0]
    by_source = {r["source"]: r for r in rows(out)}
    quarantined = {q["source"]: q for q in quarantine(out)}
    if kind == "written":
        assert name in by_source, sorted(by_source)
        assert expected[1] in by_source[name]["text"]
    elif kind == "dropped":
        assert name not in by_source and name not in quarantined
    else:
        record = quarantined[name]
        assert record["reason"] == expected[1]
        assert expected[2] in record["detail"]


def test_battery_invalid_bytes_are_counted(battery):
    _, out, _ = battery
    meta = {r["source"]: json.loads(r["meta"] or "{}") for r in rows(out)}
    assert meta["bad_utf8.txt"]["invalid_bytes"] == 2
    assert meta["gbk_cut.txt"]["invalid_bytes"] == 2
    assert "invalid_bytes" not in meta["gbk.txt"]
    assert "invalid_bytes" not in meta["nul_in_utf8.txt"]


def test_battery_jsonl_lines(battery):
    _, out, _ = battery
    quarantined = {q["source"]: q for q in quarantine(out)}
    written = {r["source"] for r in rows(out)}
    for lineno, (line, outcome) in enumerate(JSONL_LINES, 1):
        source = f"bad.jsonl:{lineno}"
        if outcome == "blank":
            assert source not in quarantined and source not in written
        elif outcome == "written":
            assert source in written
        else:
            assert quarantined[source]["reason"] == outcome, source
            assert payload(quarantined[source]) == line  # verbatim: the original bytes
    row = next(r for r in rows(out) if r["source"] == "bad.jsonl:12")
    assert json.loads(row["meta"]) == {"source": "../../etc/passwd", "id": "../x"}
    assert quarantined["array.json#1"]["reason"] == "invalid-text"
    assert quarantined["array.json#2"]["reason"] == "malformed-json"
    assert "数组：" in next(r["text"] for r in rows(out) if r["source"] == "array.json#0")


def test_battery_whole_file_payloads_round_trip(battery):
    corpus, out, _ = battery
    for record in quarantine(out):
        source = record["source"]
        path = corpus / source
        if ":" in source or "#" in source or not path.is_file():
            continue
        if record["reason"] in ("binary", "undecodable-bytes"):
            assert payload(record) == path.read_bytes(), source


def test_battery_special_files_never_hang(battery):
    _, out, _ = battery
    quarantined = {q["source"]: q for q in quarantine(out)}
    assert quarantined["loop/self.txt"]["reason"] == "unreadable"
    assert "symbolic links" in quarantined["loop/self.txt"]["detail"]
    assert quarantined["loop/dangling.txt"]["reason"] == "unreadable"
    assert quarantined["notext.parquet"]["reason"] == "missing-text-column"
    assert "columns: body, n" in quarantined["notext.parquet"]["detail"]
    sources = {r["source"] for r in rows(out)}
    assert not any(s.startswith("loop/up/") for s in sources | set(quarantined))
    assert "fifo.txt" not in sources | set(quarantined)
    assert any(s.startswith("gbk_") and "\\x" in s for s in sources)  # escaped, writable
    long_row = next(r for r in rows(out) if r["source"] == "long_line.txt")
    assert long_row["text"] == long_line()


def test_bad_input_same_output_with_several_workers(tmp_path):
    corpus = build_corpus(tmp_path, big=False)
    out, other = tmp_path / "w1", tmp_path / "w2"
    assert cli("run", corpus, "-o", out, "-q", "-w", "1").exit_code == 0
    assert cli("run", corpus, "-o", other, "-q", "-w", "2").exit_code == 0
    for a, b in zip(sorted((out / "data").glob("*.parquet")),
                    sorted((other / "data").glob("*.parquet")), strict=True):
        assert a.read_bytes() == b.read_bytes()
    assert (out / "quarantine.jsonl").read_bytes() == (other / "quarantine.jsonl").read_bytes()
    assert report(out)["characters"] == report(other)["characters"]


def test_many_tiny_documents(tmp_path):
    """20,000 one-line documents (fuzz/stress.py runs 200,000 and more by hand)."""
    path = tmp_path / "tiny.jsonl"
    n = 20_000
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = f"第{i}条足够长的文档，这里有更多的中文字符可以保留下来。"
            if i % 100:
                text = f"第{i}条短文。"
            fh.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    # The kept texts differ only in their number: F004 would drop them as near duplicates.
    assert cli("run", path, "-o", out, "-q", "-w", "1", "--ignore", "F004").exit_code == 0
    rep = check_accounting(out)
    assert rep["documents"]["read"] == n
    assert rep["documents"]["written"] == n // 100
    assert rep["documents"]["dropped"] == {"too-short": n - n // 100}


# --- unreadable files ----------------------------------------------------------------------


def _run_as_nobody(corpus: Path, out: Path) -> int:
    """Run `cleaner run` in a forked child with uid 65534; return its exit status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        code = 70
        try:
            os.setgid(65534)
            os.setuid(65534)
            result = CLI.invoke(app, ["run", str(corpus), "-o", str(out), "-q", "-w", "1"])
            code = result.exit_code if "Traceback" not in result.output else 71
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_unreadable_file_and_folder(tmp_path_factory):
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="cleaner-unreadable-"))
    try:
        root.chmod(0o777)
        corpus = root / "corpus"
        (corpus / "locked").mkdir(parents=True)
        (corpus / "ok.txt").write_text("可读的文件：" + TEXT, "utf-8")
        (corpus / "secret.txt").write_text("不可读的文件：" + TEXT, "utf-8")
        (corpus / "locked" / "inside.txt").write_text(TEXT, "utf-8")
        for p in (corpus, root):
            p.chmod(0o777)
        (corpus / "ok.txt").chmod(0o644)
        (corpus / "secret.txt").chmod(0)
        (corpus / "locked").chmod(0)
        out = root / "out"
        if os.geteuid() == 0:
            if not hasattr(os, "fork"):
                pytest.skip("needs fork to drop root")
            assert _run_as_nobody(corpus, out) == 0
        else:
            try:
                (corpus / "secret.txt").read_bytes()
                pytest.skip("this user can read a mode-000 file")
            except PermissionError:
                pass
            assert cli("run", corpus, "-o", out, "-q", "-w", "1").exit_code == 0
        rep = check_accounting(out)
        quarantined = {q["source"]: q for q in quarantine(out)}
        assert quarantined["secret.txt"]["reason"] == "unreadable"
        assert "Permission denied" in quarantined["secret.txt"]["detail"]
        assert quarantined["locked"]["reason"] == "unreadable"
        assert rep["documents"]["written"] == 1
    finally:
        for p in root.rglob("*"):
            if not p.is_symlink():
                p.chmod(0o755)
        import shutil

        shutil.rmtree(root, ignore_errors=True)


# --- accounting and verbatim quarantine of rule errors ------------------------------------


def test_rule_error_quarantines_the_original_text(tmp_path, monkeypatch):
    from cleaner_rules.punctuation.quotes import StraightQuotes

    def boom(self, doc):
        if "炸" in doc.text:
            raise RuntimeError("boom")
        return doc.text

    monkeypatch.setattr(StraightQuotes, "apply", boom)
    corpus = tmp_path / "in"
    corpus.mkdir()
    raw = ('  原文"炸"保持 原样 ,  不被 前面的 规则 改动。\r\n' + TEXT).encode("gbk")
    (corpus / "boom.txt").write_bytes(raw)
    (corpus / "fine.txt").write_text('正常"文件"。' + TEXT, "utf-8")
    out = tmp_path / "out"
    assert cli("run", corpus, "-o", out, "-q", "-w", "1").exit_code == 0
    rep = check_accounting(out)
    assert rep["documents"]["quarantined"] == {"rule-error": 1}
    (record,) = quarantine(out)
    assert record["source"] == "boom.txt" and record["detail"].startswith("P005 RuntimeError")
    assert record["text"] == raw.decode("gbk")


# --- linear time -----------------------------------------------------------------------------


def shapes(n: int) -> dict[str, str]:
    """Pathological inputs of about `n` characters."""
    return {
        "spaces": "中" + " " * n + "文",
        "spaced-cjk": "中 " * (n // 2),
        "cjk-punct": "，" * n,
        "ascii-punct": ",.;:!?" * (n // 6),
        "cjk-latin": "中a" * (n // 2),
        "cjk-latin-spaced": "中 a " * (n // 4),
        # Markup: each starts with a real tag, so that M002's gate lets it through.
        "html-unclosed-tags": "<p>正文</p>" + "<div " * (n // 5),
        "html-unclosed-p": "<p>" * (n // 3),
        "html-lt": "<p>正文</p>" + "<" * n,
        "html-tags": "<p>中</p>" * (n // 8),
        "html-nested-divs": "<div>" * (n // 5),
        "html-font-then-p": "<font>" * (n // 12) + "<p>x</p>" * (n // 16),
        "html-unclosed-script": "<p>正文</p>" + "<script " * (n // 8),
        "html-open-scripts": "<p>正文</p>" + "<div>" * 1200 + "<script>" * (n // 8),
        "html-unclosed-comment": "<p>正文</p>" + "<div>" * 1200 + "<!-- " * (n // 5),
        "html-distinct-tags": "<p>正文</p>" + "".join(f"<t{i}>" for i in range(n // 7)),
        "html-br": "行<br>" * (n // 6),
        "html-entities": "<p>正文</p>" + "&amp;" * (n // 5),
        "html-pre": "<pre>" + "行\n" * (n // 2) + "</pre>",
        "digits-ol": "2O1l" * (n // 4),
        "digits-ol-spaced": "2O l0 " * (n // 6),
        "han-numeral-O": "二O" * (n // 2),
        "O": "O" * n,
        "quotes": '"' * n,
        "cjk-quotes": '中"' * (n // 2),
        "curly": "“中" * (n // 2),
        "quote-chain": '"a"' * (n // 3) + "中",
        "dots": "..." * (n // 3),
        "cjk-dots": "中..." * (n // 4),
        "ellipsis": "…" * n,
        "dashes": "-" * n,
        "cjk-dashes": "中--" * (n // 3),
        "dash-after-spaces": "中" + " " * n + "--",
        "parens": "(" * n,
        "cjk-parens": "中(" * (n // 2),
        "paren-chain": "(a)" * (n // 3) + "中",
        "paren-spaces": "（中）x" + " " * n + "y(中)",
        "punct-chain": "?" * n + "中",
        "punct-spaces": "中,a" + " " * n + "b",
        "emails": "x@y.cn,中" * (n // 8),
        "urls": "http://a.cn/x,中" * (n // 15),
        "long-line": "这是一个很长的句子没有标点" * (n // 13),
        "short-lines": "中文\n" * (n // 3),
        "blank-lines": "\n" * n,
        "sentences": "这是一句话。\n" * (n // 7),
        "wrapped": "这是一段被截断的文字内容没有\n" * (n // 15),
        "fake-bold": "城市更新" * (n // 8) * 2,
        "front-matter": "---\n" + "a: b\n" * (n // 5),
        "dashes-lines": "---\n" * (n // 4),
        "page-numbers": "12\n\n" * (n // 4),
        "headers": "晨报 2021年3月5日 第 2 版\n" * (n // 20),
        "chrome": "打开APP\n" * (n // 6),
        "share-bar": "分享\n微信\n" * (n // 6),
        "mojibake": "ä¸\xadæ–‡" * (n // 5),
        "damage": "\ufffd□" * (n // 2),
        "mixed-script": "這是后并" * (n // 4),
        "invisible": "\u200b中" * (n // 2),
        "cr": "\r" * n,
        "fullwidth": "１．２" * (n // 3),
        "side-by-side": ("左边一栏的文字还没有写完，   右边一栏的文字也没写完\n") * (n // 26),
        "gaps-in-a-line": "一段中文  " * (n // 6),
        "gutters": ("一段中文  " * 20 + "\n") * (n // 120),
    }


TIMED_RULES = [code for code, cls in all_rules().items() if not issubclass(cls, Filter)]


def _seconds(rule, text: str, fmt: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        doc = Document.from_text(text, format=fmt)
        start = time.perf_counter()
        if rule.gate(doc.text):
            rule.apply(doc)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("code", TIMED_RULES)
def test_rule_time_is_linear(code):
    """4x the input may take at most ~10x the time (min of 3 runs; below 20 ms: noise)."""
    rule = all_rules()[code]()
    small, large = shapes(2_500), shapes(10_000)
    slow = []
    for name in small:
        fmt = "html" if name.startswith("html-") else "text"
        a = _seconds(rule, small[name], fmt)
        b = _seconds(rule, large[name], fmt)
        if b > 0.02 and b / max(a, 1e-4) > 10:
            b = _seconds(rule, large[name], fmt, repeats=5)  # noise? measure again
            if b > 0.02 and b / max(a, 1e-4) > 10:
                slow.append((name, round(a, 4), round(b, 4)))
    assert not slow, slow


def test_pipeline_time_is_linear_in_documents():
    pipeline = Pipeline([cls() for cls in all_rules().values()
                         if not issubclass(cls, Filter)])

    def seconds(n: int) -> float:
        docs = [Document.from_text(f"第{i}篇：" + TEXT, source=str(i)) for i in range(n)]
        start = time.perf_counter()
        for doc in docs:
            pipeline.process(doc)
        return time.perf_counter() - start

    seconds(50)
    assert seconds(2_000) / seconds(500) < 10


# --- faults: full disk, kill -9, concurrent publish ---------------------------------------


def _disk_fills_after(monkeypatch, writes: int) -> None:
    """The Parquet writer raises ENOSPC from its `writes`-th row group on."""
    import cleaner.io.writer as writer

    real = writer.pq.ParquetWriter
    count = {"n": 0}

    class FullDisk(real):
        def write_table(self, *args, **kwargs):
            count["n"] += 1
            if count["n"] >= writes:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().write_table(*args, **kwargs)

    monkeypatch.setattr(writer.pq, "ParquetWriter", FullDisk)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    """About 3 MB of text in 600 documents, and a config with 1 MB row groups."""
    root = tmp_path_factory.mktemp("big")
    rng = random.Random(1)
    with (root / "docs.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(600):
            text = f"第{i}篇。" + "".join(rng.choices(_HAN + "，。", k=1_700))
            fh.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        fh.write('{"text": "truncated\n')
    (root / "cleaner.toml").write_text("row_group_mb = 1\nshard_mb = 2\n", "utf-8")
    return root


def test_disk_full_mid_run_fails_cleanly(big_corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    _disk_fills_after(monkeypatch, 2)
    result = cli("run", big_corpus / "docs.jsonl", "-o", out, "-w", "1", "-q",
                 "-c", big_corpus / "cleaner.toml")
    assert result.exit_code == 3
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], result.output
    assert not list((out / "data").glob("*.parquet")) and not list((out / "data").glob(".tmp*"))
    assert not (out / "report.json").exists() and not (out / "quarantine.jsonl").exists()


def test_disk_full_keeps_the_previous_complete_output(big_corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    args = ("run", big_corpus / "docs.jsonl", "-o", out, "-w", "1", "-q",
            "-c", big_corpus / "cleaner.toml")
    assert cli(*args).exit_code == 0
    before = {p.name: p.read_bytes() for p in (out / "data").iterdir()}
    old_report = (out / "report.json").read_bytes()
    assert len(before) >= 2
    _disk_fills_after(monkeypatch, 3)
    assert cli(*args, "--set", "spacing.cjk_latin=add").exit_code == 3
    assert {p.name: p.read_bytes() for p in (out / "data").iterdir()} == before
    assert (out / "report.json").read_bytes() == old_report


def test_disk_full_while_cleaning_fails_cleanly(big_corpus, tmp_path, monkeypatch):
    import cleaner.run.local

    def full(path, result):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(cleaner.run.local, "save_batch", full)
    result = cli("run", big_corpus / "docs.jsonl", "-o", tmp_path / "out", "-w", "1", "-q")
    assert result.exit_code == 3 and "No space left on device" in result.output
    assert len(result.output.strip().splitlines()) == 1


def _cleaner(*args: object) -> list[str]:
    return [sys.executable, "-c", "from cleaner.cli import app; app()", *map(str, args)]


def _outputs(out: Path) -> dict[str, bytes]:
    files = sorted((out / "data").glob("train-*.parquet")) + [out / "quarantine.jsonl"]
    return {p.name: p.read_bytes() for p in files}


def test_killed_run_reruns_to_the_same_output(big_corpus, tmp_path):
    reference = tmp_path / "reference"
    args = (big_corpus / "docs.jsonl", "-w", "1", "-q", "-c", big_corpus / "cleaner.toml")
    assert cli("run", *args, "-o", reference).exit_code == 0
    for resume in (True, False):
        out = tmp_path / f"killed-{resume}"
        proc = subprocess.Popen(_cleaner("run", *args, "-o", out), start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if len(list((out / ".work").glob("batch-*.json"))) >= 1:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the run ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert not (out / "report.json").exists()
        assert not list((out / "data").glob("train-*.parquet"))
        assert cli("run", *args, "-o", out, *(["--resume"] * resume)).exit_code == 0
        assert _outputs(out) == _outputs(reference)
        assert report(out)["documents"] == report(reference)["documents"]
        assert not (out / ".work").exists()


def test_concurrent_publish_one_wins_the_other_fails_cleanly(big_corpus, tmp_path):
    run_dir = tmp_path / "run"
    assert cli("run", big_corpus / "docs.jsonl", "-o", run_dir, "-w", "1", "-q").exit_code == 0
    dist = tmp_path / "dist"
    args = ("publish", run_dir, "--name", "demo", "--version", "1.0.0", "--dist", dist,
            "--license", "cc-by-4.0")
    procs = [subprocess.Popen(_cleaner(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 2], results
    loser = next(err for code, _, err in results if code == 2)
    assert "Traceback" not in loser
    assert "another publish" in loser or "already exists" in loser
    release = dist / "demo" / "v1.0.0"
    manifest = json.loads((release / "manifest.json").read_text("utf-8"))
    for shard in manifest["shards"]:
        import hashlib

        assert hashlib.sha256((release / shard["path"]).read_bytes()).hexdigest() == shard["sha256"]
    names = sorted(p.name for p in (dist / "demo").iterdir())
    assert names == ["CHANGELOG.md", "README.md", "v1.0.0"]


def test_failed_publish_leaves_no_release(big_corpus, tmp_path, monkeypatch):
    import cleaner.publish.release as publish

    run_dir = tmp_path / "run"
    assert cli("run", big_corpus / "docs.jsonl", "-o", run_dir, "-w", "1", "-q").exit_code == 0

    def broken(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(publish, "render_card", broken)
    with pytest.raises(OSError):
        publish.publish(run_dir, "demo", version="1.0.0", dist=tmp_path / "dist", license="mit")
    assert sorted(p.name for p in (tmp_path / "dist" / "demo").iterdir()) == []
    # What a killed publish leaves (a hidden temporary folder) is never taken for a release.
    (tmp_path / "dist" / "demo" / ".tmp-v1.0.0-x" / "data").mkdir(parents=True)
    assert publish.releases(tmp_path / "dist", "demo") == []


# --- security -----------------------------------------------------------------------------

HOSTILE_HTML = """<html><head>
<link rel="stylesheet" href="http://198.51.100.1/a.css"><link rel="preload" href="//198.51.100.1/x">
<meta http-equiv="refresh" content="0; url=http://198.51.100.1/"><base href="http://198.51.100.1/">
<script src="http://198.51.100.1/a.js"></script><style>@import url(http://198.51.100.1/b.css);</style>
<title>外部资源</title></head><body>
<img src="http://198.51.100.1/a.png" srcset="http://198.51.100.1/b.png 2x">
<iframe src="http://198.51.100.1/frame"></iframe><object data="http://198.51.100.1/o"></object>
<video src="http://198.51.100.1/v.mp4" poster="http://198.51.100.1/p.png"></video>
<svg><image href="http://198.51.100.1/s.png"/></svg>
<p style="background:url(http://198.51.100.1/bg.png)">正文内容在这里，网页里的外部资源一概不会被请求。</p>
</body></html>"""


def test_html_processing_never_touches_the_network(tmp_path, monkeypatch):
    from cleaner_rules.markup.html_to_text import html_to_text

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during cleaning")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    text, meta = html_to_text(HOSTILE_HTML)
    assert "正文内容在这里" in text and "198.51" not in text and meta["title"] == "外部资源"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(HOSTILE_HTML, "utf-8")
    result = cli("run", tmp_path / "in", "-o", tmp_path / "out", "-w", "1", "-q")
    assert result.exit_code == 0
    assert "正文内容在这里" in rows(tmp_path / "out")[0]["text"]
    assert attempts == []


def _bomb(path: Path, megabytes: int) -> None:
    zeros = bytes(1 << 20)
    with gzip.open(path, "wb", compresslevel=1) as fh:
        for _ in range(megabytes):
            fh.write(zeros)


def test_decompression_bomb_is_stopped(tmp_path):
    import zstandard

    corpus = tmp_path / "in"
    corpus.mkdir()
    _bomb(corpus / "bomb.txt.gz", 200)
    _bomb(corpus / "bomb.jsonl.gz", 50)
    with (corpus / "bomb.md.zst").open("wb") as raw:
        with zstandard.ZstdCompressor().stream_writer(raw) as fh:
            for _ in range(100):
                fh.write(bytes(1 << 20))
    (corpus / "ok.txt.gz").write_bytes(gzip.compress(("压缩的正常文件：" + TEXT).encode()))
    assert (corpus / "bomb.txt.gz").stat().st_size < 2 << 20
    (tmp_path / "cleaner.toml").write_text("max_decompressed_mb = 5\n", "utf-8")
    out = tmp_path / "out"
    start = time.perf_counter()
    result = cli("run", corpus, "-o", out, "-w", "1", "-q", "-c", tmp_path / "cleaner.toml")
    assert result.exit_code == 0
    assert time.perf_counter() - start < 30
    check_accounting(out)
    reasons = {q["source"]: q["reason"] for q in quarantine(out)}
    assert reasons == {"bomb.txt.gz": "decompression-limit", "bomb.md.zst": "decompression-limit",
                       "bomb.jsonl.gz": "decompression-limit"}
    assert "压缩的正常文件" in rows(out)[0]["text"]


def _tree(root: Path, skip: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else b"")
            for p in root.rglob("*") if skip not in p.parents and p != skip}


def test_nothing_is_written_outside_the_output_folder(tmp_path, monkeypatch):
    work = tmp_path / "work" / "deep"
    corpus = work / "in" / ".." / "in"
    (work / "in").mkdir(parents=True)
    (work / "in" / "..%2F..%2Fevil.txt").write_text("文件名里的路径：" + TEXT, "utf-8")
    (work / "in" / "records.jsonl").write_text(
        json.dumps({"text": "字段里的路径：" + TEXT, "source": "../../../evil", "id": "/etc/x",
                    "url": "file:///etc/passwd"}, ensure_ascii=False) + "\n", "utf-8")
    monkeypatch.chdir(work)
    before = _tree(tmp_path, work / "out")
    assert cli("run", corpus, "-o", "out", "-w", "1", "-q").exit_code == 0
    assert _tree(tmp_path, work / "out") == before
    # A dataset name from the config is a folder name, never a path.
    (work / "cleaner.toml").write_text('dataset = "../../escape"\n', "utf-8")
    result = cli("run", "in", "-w", "1", "-q")
    assert result.exit_code == 2 and "dataset" in result.output
    assert not (tmp_path / "escape").exists() and not (work / "dist_data").exists()


@pytest.mark.parametrize("args", [
    ("--name", "../escape", "--version", "1.0.0"),
    ("--name", "a/b", "--version", "1.0.0"),
    ("--name", "..", "--version", "1.0.0"),
    ("--name", "ok", "--version", "../../1.0.0"),
])
def test_publish_refuses_paths_in_names(big_corpus, tmp_path, args):
    run_dir = tmp_path / "run"
    (run_dir / "data").mkdir(parents=True)
    (run_dir / "report.json").write_text("{}", "utf-8")
    dist = tmp_path / "a" / "dist"
    result = cli("publish", run_dir, *args, "--dist", dist, "--license", "mit")
    assert result.exit_code == 2
    assert not (tmp_path / "escape").exists() and not (tmp_path / "a" / "escape").exists()
    assert not dist.exists() or not any(dist.rglob("*.parquet"))


def test_push_uploads_only_the_release_and_tokens_never_leak(big_corpus, tmp_path, monkeypatch):
    import huggingface_hub

    sentinel = "hf_SENTINELtoken0123456789abcdef"
    monkeypatch.setenv("HF_TOKEN", sentinel)
    seen: dict[str, object] = {}

    class FakeApi:
        def __init__(self, token=None, endpoint=None):
            seen["token"] = token or os.environ.get("HF_TOKEN")

        def whoami(self):
            return {"name": "tester"}

        def create_repo(self, repo_id, **kwargs):
            pass

        def list_repo_tree(self, repo_id, **kwargs):
            return []

        def create_commit(self, repo_id, operations, **kwargs):
            paths = [Path(op.path_or_fileobj) for op in operations]
            seen["files"] = sorted(op.path_in_repo for op in operations)
            seen["folder"] = Path(os.path.commonpath(paths))
            return "https://hub.example/commit/1"

        def create_tag(self, repo_id, **kwargs):
            raise OSError("403 Forbidden: tag v1.0.0 exists")

    monkeypatch.setattr(huggingface_hub, "HfApi", FakeApi)
    env = {"HF_TOKEN": sentinel}
    run_dir, dist = tmp_path / "run", tmp_path / "dist"
    outputs = [cli("run", big_corpus / "docs.jsonl", "-o", run_dir, "-w", "1", env=env).output]
    result = cli("publish", run_dir, "--name", "demo", "--version", "1.0.0", "--dist", dist,
                 "--license", "mit", "--push", "org/demo", env=env)
    outputs.append(result.output)
    assert result.exit_code == 4 and "403" in result.output  # the failed tag, cleanly
    release = dist / "demo" / "v1.0.0"
    assert seen["token"] == sentinel and seen["folder"] == release
    assert seen["files"] == sorted(str(p.relative_to(release))
                                   for p in release.rglob("*") if p.is_file())
    assert "README.md" in seen["files"] and "manifest.json" in seen["files"]
    assert not any(f.startswith("..") or "CHANGELOG" in f for f in seen["files"])
    for text in outputs:
        assert sentinel not in text
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert sentinel.encode() not in path.read_bytes(), path


def test_devices_are_refused_and_pipes_are_capped(tmp_path):
    import threading

    (tmp_path / "cleaner.toml").write_text("max_decompressed_mb = 1\n", "utf-8")
    read_end, write_end = os.pipe()

    def endless() -> None:
        try:
            while True:
                os.write(write_end, b"\xe4\xb8\xad" * 4096)
        except OSError:
            os.close(write_end)

    threading.Thread(target=endless, daemon=True).start()
    out = tmp_path / "out"
    try:
        result = cli("run", "/dev/zero", f"/proc/self/fd/{read_end}", "-o", out, "-w", "1",
                     "-q", "-c", tmp_path / "cleaner.toml")
    finally:
        os.close(read_end)
    assert result.exit_code == 0
    check_accounting(out)
    reasons = {q["source"]: (q["reason"], q["detail"]) for q in quarantine(out)}
    assert reasons["zero"] == ("not-a-file", "a device or socket, not a file")
    assert reasons[str(read_end)][0] == "decompression-limit"
    assert "stream exceeds" in reasons[str(read_end)][1]


@pytest.mark.parametrize("code", TIMED_RULES)
def test_rule_time_is_linear_on_one_long_line(code):
    """A document without line breaks (a scraped blob, a PDF with none): 4x the text may
    take at most ~10x the time. Small shapes hide a scan back to the line start at every
    hit; this is the shape of a 50 MB single-line document."""
    rule = all_rules()[code]()
    sentence = "这是一段没有换行的很长的中文文本，其中有标点符号和数字123，也有English单词。"
    small, large = sentence * 5_000, sentence * 20_000
    a, b = _seconds(rule, small, "text"), _seconds(rule, large, "text")
    if b > 0.05 and b / max(a, 1e-4) > 10:
        b = _seconds(rule, large, "text", repeats=5)
    assert b <= 0.05 or b / max(a, 1e-4) <= 10, (round(a, 4), round(b, 4))


def test_a_long_line_needs_bounded_memory():
    """Peak memory of the default rules on a 4 MB line stays a small multiple of its size
    (a `len(findall(...))` over it once built millions of one-character strings)."""
    import tracemalloc

    text = "这是一段没有换行的很长的中文文本，其中有标点符号和数字123，也有English单词。" * 30_000
    pipeline = Pipeline([cls() for cls in all_rules().values() if not issubclass(cls, Filter)])
    tracemalloc.start()
    pipeline.process(Document.from_text(text))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 12 * len(text.encode("utf-8")), peak
