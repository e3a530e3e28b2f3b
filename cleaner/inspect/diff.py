"""Character diffs for `cleaner explain` and `cleaner report`: a lossless edit script of
equal / delete / insert texts, exact for the usual small edits and bounded in time for huge
documents (a line diff refined inside changed blocks).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from rapidfuzz.distance import Indel

Op = tuple[str, str]  # ("equal" | "delete" | "insert", text)

# Above this many cells (len(a) * len(b)) a character diff is done per changed line block:
# the exact diff is quadratic, and a 100k-character document would take seconds.
_MAX_CELLS = 40_000_000



def _prefix_len(a: str, b: str) -> int:
    n = min(len(a), len(b))
    lo, hi = 0, n
    while lo < hi:  # binary search on slice equality: C-speed compares
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _suffix_len(a: str, b: str, limit: int) -> int:
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _char_ops(a: str, b: str) -> list[Op]:
    """Exact LCS diff (insertions and deletions only) with rapidfuzz's bit-parallel Indel."""
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(a, b).as_list():
        if tag in ("equal", "delete"):
            ops.append((tag, a[i1:i2]))
        elif tag == "insert":
            ops.append((tag, b[j1:j2]))
        else:  # "replace" does not occur for Indel, but be safe
            ops += [("delete", a[i1:i2]), ("insert", b[j1:j2])]
    return ops


def _block_ops(a: str, b: str) -> list[Op]:
    """Character diff, or for very large inputs a line diff refined inside changed blocks."""
    if not a or not b:
        return [op for op in (("delete", a), ("insert", b)) if op[1]]
    if len(a) * len(b) <= _MAX_CELLS:
        return _char_ops(a, b)
    la, lb = a.splitlines(keepends=True), b.splitlines(keepends=True)
    if len(la) == 1 and len(lb) == 1:
        return [("delete", a), ("insert", b)]
    ops: list[Op] = []
    matcher = SequenceMatcher(None, la, lb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        x, y = "".join(la[i1:i2]), "".join(lb[j1:j2])
        if tag == "equal":
            ops.append(("equal", x))
        elif len(x) * len(y) <= _MAX_CELLS:
            ops += _block_ops(x, y) if (x and y) else [o for o in (("delete", x),
                                                                   ("insert", y)) if o[1]]
        else:
            ops += [("delete", x), ("insert", y)]
    return ops


def _merge(ops: list[Op]) -> list[Op]:
    """Join neighbours of the same kind; in a run of edits, deletions come first."""
    out: list[Op] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append(("delete", "".join(dels)))
        if ins:
            out.append(("insert", "".join(ins)))
        dels.clear()
        ins.clear()

    for tag, text in ops:
        if not text:
            continue
        if tag == "equal":
            flush()
            if out and out[-1][0] == "equal":
                out[-1] = ("equal", out[-1][1] + text)
            else:
                out.append(("equal", text))
        elif tag == "delete":
            dels.append(text)
        else:
            ins.append(text)
    flush()
    return out


def _cleanup(ops: list[Op]) -> list[Op]:
    """Absorb tiny equalities inside large edits (a stray `的` matched inside removed HTML).

    An equality goes when it is at most a quarter of the edits on both sides; single
    character edits, the common case (a space, a comma), are left exact.
    """
    for _ in range(8):
        changed = False
        out: list[Op] = []
        i = 0
        while i < len(ops):
            tag, text = ops[i]
            if tag == "equal" and 0 < i < len(ops) - 1:
                left = _edit_size(ops, i, -1)
                right = _edit_size(ops, i, +1)
                if 4 * len(text) <= min(left, right):
                    out += [("delete", text), ("insert", text)]
                    changed = True
                    i += 1
                    continue
            out.append((tag, text))
            i += 1
        ops = _merge(out)
        if not changed:
            break
    return ops


def _edit_size(ops: list[Op], i: int, step: int) -> int:
    dels = ins = 0
    j = i + step
    while 0 <= j < len(ops) and ops[j][0] != "equal":
        if ops[j][0] == "delete":
            dels += len(ops[j][1])
        else:
            ins += len(ops[j][1])
        j += step
    return max(dels, ins)


def diff_ops(a: str, b: str) -> list[Op]:
    """Edit script from `a` to `b`: equal and delete texts join to `a`, equal and insert to `b`."""
    if a == b:
        return [("equal", a)] if a else []
    p = _prefix_len(a, b)
    s = _suffix_len(a, b, min(len(a), len(b)) - p)
    ops: list[Op] = [("equal", a[:p])]
    ops += _block_ops(a[p:len(a) - s], b[p:len(b) - s])
    ops.append(("equal", a[len(a) - s:]))
    return _cleanup(_merge(ops))
