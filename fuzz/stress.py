"""Large bad-input cases that are too slow for CI, run by hand through `cleaner run`.

    python fuzz/stress.py                      # 200,000 tiny documents and the rest
    python fuzz/stress.py --docs 2000000 --workers 4

Cases: many one-line JSON documents, a 10 MB single-line document, 50,000 nested <div>s,
a 200 MB gzip bomb (capped by max_decompressed_mb). Prints seconds and documents per second
for each, and checks the report's accounting (read = written + dropped + quarantined).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"


def build(root: Path, docs: int) -> dict[str, Path]:
    cases = {}
    tiny = root / "tiny.jsonl"
    with tiny.open("w", encoding="utf-8") as fh:
        for i in range(docs):
            fh.write(json.dumps({"text": f"第{i}条短文。"}, ensure_ascii=False) + "\n")
    cases[f"{docs:,} tiny documents"] = tiny
    line = root / "line"
    line.mkdir()
    text = "".join(random.Random(0).choices(HAN + "，", k=3_500_000)) + "。"
    (line / "long.txt").write_text(text, "utf-8")
    cases["10 MB single line"] = line
    deep = root / "deep"
    deep.mkdir()
    (deep / "deep.html").write_text("<div>" * 50_000 + "深层嵌套的正文。" * 5 + "</div>" * 50_000,
                                    "utf-8")
    cases["50,000 nested divs"] = deep
    bomb = root / "bomb"
    bomb.mkdir()
    with gzip.open(bomb / "bomb.txt.gz", "wb", compresslevel=1) as fh:
        for _ in range(200):
            fh.write(bytes(1 << 20))
    cases["200 MB gzip bomb (cap 16 MB)"] = bomb
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "cleaner.toml").write_text("max_decompressed_mb = 16\n", "utf-8")
        for name, path in build(root, args.docs).items():
            out = root / "out"
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", "from cleaner.cli import app; app()", "run", str(path),
                 "-o", str(out), "-q", "-w", str(args.workers), "-c", str(root / "cleaner.toml")],
                capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - start
            if done.returncode != 0:
                print(f"{name}: exit {done.returncode}\n{done.stderr}")
                return 1
            report = json.loads((out / "report.json").read_text("utf-8"))
            docs = report["documents"]
            assert report["accounting"]["ok"], report["accounting"]
            print(f"{name}: {seconds:.1f} s, read {docs['read']:,}, written {docs['written']:,},"
                  f" dropped {sum(docs['dropped'].values()):,}, quarantined "
                  f"{docs['quarantined'] or 0}, {docs['read'] / seconds:,.0f} docs/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
