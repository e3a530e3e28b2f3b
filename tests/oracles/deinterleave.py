"""L002's column orders before the native core chose them (rules/layout/deinterleave.py):
every order of each page scored in Python, the pairs counted by `pair_counts`."""

from __future__ import annotations

from cleaner_rules.text.chars import ends_sentence

from oracles.pairs import pair_counts

MIN_LINES = 6
MIN_GAIN = 3
GAIN_RATIO = 1.5


def _breaks(order: list[str]) -> list[str]:
    return [a[-1] + b[0] for a, b in zip(order, order[1:], strict=False) if not ends_sentence(a)]


def _every_kth(lines: list[str], k: int) -> list[str]:
    return [line for c in range(k) for line in lines[c::k]]


def _orders(lines: list[str]) -> list[list[str]]:
    if len(lines) < MIN_LINES:
        return [lines]
    median = sorted(map(len, lines))[len(lines) // 2]
    titled = len(lines[0]) < 0.6 * median
    orders = [lines]
    for k in (2, 3):
        plain, title = _every_kth(lines, k), lines[:1] + _every_kth(lines[1:], k)
        orders += [title, plain] if titled else [plain, title]
    return orders


def _best(orders: list[list[str]], pairs: dict[str, int]) -> list[str] | None:
    raw, *columns = (sum(pairs[pair] > 0 for pair in _breaks(o)) for o in orders)
    if not columns:
        return None
    best = max(range(len(columns)), key=columns.__getitem__)
    if columns[best] >= raw + MIN_GAIN and columns[best] >= GAIN_RATIO * raw:
        return orders[1 + best]
    return None


def deinterleave(text: str) -> str:
    pages = text.split("\f")
    cores = [[core for line in page.split("\n") if (core := line.strip())] for page in pages]
    orders = [_orders(lines) for lines in cores]
    asked = {pair for page in orders for order in page for pair in _breaks(order)}
    pairs = pair_counts("\n".join(line for lines in cores for line in lines), asked)
    out = []
    for page, lines, options in zip(pages, cores, orders, strict=True):
        order = _best(options, pairs)
        if order is None:
            out.append(page)
            continue
        spaced = page.count("\n\n") >= 0.4 * len(lines)
        lead = page[: len(page) - len(page.lstrip("\n"))]
        tail = page[len(page.rstrip("\n")):]
        out.append(lead + ("\n\n" if spaced else "\n").join(order) + tail)
    return "\f".join(out)
