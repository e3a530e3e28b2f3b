"""Cost of `cleaner run` on pathological input shapes, each at full and at half size.

Builds, in a temporary folder, inputs of the shapes issue 11 names (one 50 MB document
without a newline, as a text file and as one JSON line; 800k short lines in one document
and as 800k one-line documents; 40k lines sharing a long prefix; 200k blank lines between
an article and a related-articles header; 20 MB of HTML with nested
tables, many links and one long article), runs `cleaner run --workers 1` on each in a
subprocess and prints its wall time, CPU time and peak RSS (from `wait4`), then the ratio
of the full-size cost to the half-size cost. Linear cost gives about 2.0; a ratio above
2.6 is flagged, as is a peak RSS of 1 GB or more.

    python benchmarks/shapes.py                 # every shape, full and half
    python benchmarks/shapes.py --scale 0.1     # a quick pass at a tenth of the sizes
    python benchmarks/shapes.py --only one-line-txt,html
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cleaner.config import sample_corpus
from cleaner.evaluate.scoring import _clean_texts

LINEAR_LIMIT = 2.6  # full/half cost above this is flagged as worse than linear
RSS_LIMIT_MB = 1024


def _sentences() -> list[str]:
    """Sentences of the sample corpus's clean texts, newlines removed."""
    text = "".join(t for _, t in _clean_texts(sample_corpus().parent / "clean"))
    parts = re.findall(r"[^。！？\n]+[。！？]?", text)
    return [p.strip() for p in parts if len(p.strip()) >= 4]


class _Text:
    """A seeded stream of sample sentences in random order, so nothing repeats regularly."""

    def __init__(self, seed: int) -> None:
        self.pool = _sentences()
        self.rng = random.Random(seed)

    def sentence(self) -> str:
        return self.rng.choice(self.pool)

    def run_of(self, nbytes: int) -> str:
        """Sentences joined without a break until they hold `nbytes` of UTF-8."""
        out, size = [], 0
        while size < nbytes:
            s = self.sentence()
            out.append(s)
            size += len(s.encode("utf-8"))
        return "".join(out)

    def fragment(self, low: int, high: int) -> str:
        s = self.sentence()
        n = self.rng.randint(low, high)
        start = self.rng.randint(0, max(0, len(s) - n))
        return s[start:start + n]


def one_line_txt(path: Path, scale: float) -> Path:
    out = path / "one-line.txt"
    out.write_text(_Text(1).run_of(int(50e6 * scale)), "utf-8")
    return out


def one_line_jsonl(path: Path, scale: float) -> Path:
    out = path / "one-line.jsonl"
    record = {"text": _Text(1).run_of(int(50e6 * scale))}
    out.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    return out


def short_lines_txt(path: Path, scale: float) -> Path:
    text = _Text(2)
    out = path / "short-lines.txt"
    lines = (text.fragment(4, 14) for _ in range(int(800_000 * scale)))
    out.write_text("\n".join(lines) + "\n", "utf-8")
    return out


def short_docs_jsonl(path: Path, scale: float) -> Path:
    text = _Text(2)
    out = path / "short-docs.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for _ in range(int(800_000 * scale)):
            fh.write(json.dumps({"text": text.fragment(4, 14)}, ensure_ascii=False) + "\n")
    return out


def prefix_lines_txt(path: Path, scale: float) -> Path:
    """40k lines: the same 200-character prefix, then a distinct tail."""
    text = _Text(3)
    prefix = text.run_of(600)[:200]
    out = path / "prefix-lines.txt"
    with out.open("w", encoding="utf-8") as fh:
        for n in range(int(40_000 * scale)):
            fh.write(f"{prefix}{n}{text.fragment(6, 20)}\n")
    return out


def blank_run_txt(path: Path, scale: float) -> Path:
    """An article, 200k lines of one space, a short line and a related-articles header:
    the whitespace repeat that leads B001's list-header pattern reads on across the blank
    lines, from each of them unless the core's searches share what they found."""
    text = _Text(4)
    out = path / "blank-run.txt"
    article = "\n".join(text.sentence() for _ in range(20))
    blanks = " \n" * int(200_000 * scale)
    out.write_text(f"{article}\n{blanks}完\n相关阅读\n", "utf-8")
    return out


def html_page(path: Path, scale: float) -> Path:
    """One page: a link-heavy navigation, nested layout tables, one long article."""
    text = _Text(4)
    third = int(20e6 * scale) // 3
    nav, size, n = [], 0, 0
    while size < third:
        link = f'<li><a href="/section/{n}.html" title="{text.fragment(2, 6)}">' \
               f"{text.fragment(2, 8)}</a></li>"
        nav.append(link)
        size += len(link.encode("utf-8"))
        n += 1
    cells, size = [], 0
    while size < third:
        cell = (f"<table><tr><td><table><tr><td>{text.fragment(4, 12)}</td>"
                f'<td><a href="/t/{size}">{text.fragment(2, 6)}</a></td></tr>'
                f"<tr><td colspan=\"2\">{text.fragment(6, 20)}</td></tr></table></td>"
                f"<td>{text.fragment(3, 10)}</td></tr></table>")
        cells.append(cell)
        size += len(cell.encode("utf-8"))
    paras, size = [], 0
    while size < third:
        para = f"<p>{text.run_of(300)}</p>\n"
        paras.append(para)
        size += len(para.encode("utf-8"))
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>长页面</title></head>"
            f"<body><nav><ul>{''.join(nav)}</ul></nav>"
            f"<div class=\"layout\">{''.join(cells)}</div>"
            f"<article><h1>{text.fragment(6, 14)}</h1>{''.join(paras)}</article>"
            "<footer>版权所有</footer></body></html>\n")
    out = path / "page.html"
    out.write_text(page, "utf-8")
    return out


SHAPES: dict[str, Callable[[Path, float], Path]] = {
    "one-line-txt": one_line_txt,
    "one-line-jsonl": one_line_jsonl,
    "short-lines-txt": short_lines_txt,
    "short-docs-jsonl": short_docs_jsonl,
    "prefix-lines-txt": prefix_lines_txt,
    "blank-run-txt": blank_run_txt,
    "html": html_page,
}


@dataclass
class Cost:
    """One `cleaner run`: seconds of wall and CPU, peak RSS in MB, exit status."""

    wall: float
    cpu: float
    rss_mb: float
    status: int


def measure(source: Path, out: Path, timeout: float) -> Cost:
    """`cleaner run --workers 1` on `source` in a child process, its own rusage."""
    cmd = [sys.executable, "-m", "cleaner", "run", str(source), "-o", str(out),
           "--workers", "1", "-q", "--no-progress"]
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            child.kill()
            pid, status, usage = os.wait4(child.pid, 0)
            break
        time.sleep(0.05)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped: keep Popen from waiting
    wall = time.perf_counter() - start
    return Cost(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                child.returncode)


def _net_ratio(full: float, half: float, base: float) -> float:
    """full/half with the start-up cost taken out of both."""
    return (full - base) / max(half - base, 1e-3)


def _shape(name: str, args: argparse.Namespace, base: Cost) -> None:
    """Half and full size of one shape, then their ratio."""
    costs = {}
    for label, factor in (("half", 0.5), ("full", 1.0)):
        with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
            source = SHAPES[name](Path(tmp), args.scale * factor)
            mb = source.stat().st_size / 1e6
            cost = measure(source, Path(tmp) / "out", args.timeout)
        costs[label] = cost
        flags = [] if cost.status == 0 else [f"exit {cost.status}"]
        if cost.rss_mb >= RSS_LIMIT_MB:
            flags.append("RSS >= 1 GB")
        print(f"{name:<18}{label:>6}{mb:8.1f}{cost.wall:9.2f}{cost.cpu:9.2f}"
              f"{mb / cost.cpu:10.2f}{cost.rss_mb:9.0f}  {' '.join(flags)}", flush=True)
    full, half = costs["full"], costs["half"]
    cpu = _net_ratio(full.cpu, half.cpu, base.cpu)
    flag = "  WORSE THAN LINEAR" if cpu > LINEAR_LIMIT else ""
    print(f"{name:<18}{'ratio':>6}{'':8}{_net_ratio(full.wall, half.wall, base.wall):9.2f}"
          f"{cpu:9.2f}{'':19}{flag}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every full size")
    ap.add_argument("--only", default="", help="shape names (comma list); default all")
    ap.add_argument("--tmp", default=None, help="folder for the inputs and outputs")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per run")
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n] or list(SHAPES)
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("一句话。\n", "utf-8")
        base = measure(tiny, Path(tmp) / "out", args.timeout)
    print(f"start-up (one tiny document): {base.wall:.2f} s wall, {base.cpu:.2f} CPU-s, "
          f"{base.rss_mb:.0f} MB; the ratios are net of it")
    print(f"{'shape':<18}{'size':>6}{'MB':>8}{'wall s':>9}{'CPU s':>9}{'MB/CPU-s':>10}"
          f"{'RSS MB':>9}  flags")
    for name in names:
        _shape(name, args, base)


if __name__ == "__main__":
    main()
