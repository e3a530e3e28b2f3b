"""HTML extraction throughput: MB of HTML per CPU-second, on pages generated here.

    .venv/bin/python benchmarks/html_throughput.py [--pages 200]

Three kinds of page, each built from our own text with the chrome real sites carry: a
news page (nav, sidebar, related links, comments, footer), a table-layout forum thread
with `<br>`-separated posts, and a bare article fragment (no extraction: the old path).
Prints, per kind, MB/CPU-s for `html_to_text` (M002's whole conversion) and for the
main-content pick alone (`main_html`).
"""

from __future__ import annotations

import argparse
import random
import time

from cleaner_rules.markup.html_main import main_html
from cleaner_rules.markup.html_to_text import html_to_text

_WORDS = ("今天", "城里", "下了一场", "大雨", "街道", "很快", "恢复了", "平静", "居民们",
          "说", "新修的", "排水沟", "起了作用", "孩子们", "在", "路边", "玩水")


def _sentence(rng: random.Random) -> str:
    return "".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 20))) + "。"


def _para(rng: random.Random) -> str:
    return "，".join(_sentence(rng)[:-1] for _ in range(rng.randint(2, 5))) + "。"


def news(rng: random.Random) -> str:
    nav = "".join(f'<li><a href="/c{i}">栏目{i}</a></li>' for i in range(12))
    body = "".join(f"<p>{_para(rng)}</p>" + ("<h2>小标题</h2>" if i % 4 == 3 else "")
                   for i in range(rng.randint(8, 20)))
    side = "".join(f'<li><a href="/h{i}">{_sentence(rng)}</a></li>' for i in range(10))
    comments = "".join(f'<div class="comment"><p>{_sentence(rng)}</p></div>' for _ in range(6))
    return (f"<html><head><title>{_sentence(rng)}</title></head><body><header><ul>{nav}</ul>"
            f'</header><div class="main"><h1>标题</h1>{body}<div class="related"><ul>{side}'
            f'</ul></div><div id="comments">{comments}</div></div><aside><ul>{side}</ul>'
            "</aside><footer>版权所有</footer></body></html>")


def forum(rng: random.Random) -> str:
    posts = "".join(
        f"<tr><td>用户{i}<br>等级：会员</td><td>"
        + "<br>".join(_para(rng) for _ in range(rng.randint(1, 6))) + "</td></tr>"
        for i in range(rng.randint(3, 12)))
    links = " | ".join(f"<a href=/f{i}>版块{i}</a>" for i in range(8))
    return (f"<html><body><table><tr><td>{links}</td></tr></table>"
            f"<table>{posts}</table><table><tr><td>{links}</td></tr></table></body></html>")


def fragment(rng: random.Random) -> str:
    return "".join(f"<p>{_para(rng)}</p>" for _ in range(rng.randint(5, 15)))


def _rate(fn, pages: list[str]) -> float:
    size = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    start = time.process_time()
    for page in pages:
        fn(page)
    return size / max(time.process_time() - start, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    for name, make in (("news", news), ("forum", forum), ("fragment", fragment)):
        pages = [make(rng) for _ in range(args.pages)]
        mb = sum(len(p.encode("utf-8")) for p in pages) / 1e6
        print(f"{name:9s} {args.pages} pages, {mb:6.2f} MB: html_to_text "
              f"{_rate(html_to_text, pages):6.2f} MB/CPU-s, main_html "
              f"{_rate(main_html, pages):6.2f} MB/CPU-s")


if __name__ == "__main__":
    main()
