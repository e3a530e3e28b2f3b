"""Batch files: what a worker wrote is what the merge reads, byte for byte in the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Document, Quarantined
from cleaner.io.rows import encode_rows
from cleaner.pipeline import RuleStats
from cleaner.run.batches import BatchResult, decode, encode
from cleaner.signals import signals

# Any code point, lone surrogates included: a rule may leave one and the writer reports it.
_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=40)


def _result(texts: list[str]) -> BatchResult:
    items: list[tuple[str, object]] = []
    for k, text in enumerate(texts):
        doc = Document(id=f"d{k}", text=text, source="s.jsonl", title=text[:3] or None,
                       extra={"tags": [text[-2:]], "n": k}, signals={"han": 0.5})
        items.append(("doc", doc) if k % 3 else ("drop", ("F001", doc)))
    items.append(("quarantine", Quarantined("s.jsonl", "invalid-utf8", "line 3", b"\xff\xfe")))
    kept = sum(kind == "doc" for kind, _ in items)
    return BatchResult(items, sum(map(len, texts)), {"W001": RuleStats(1, 2, 3, 0.5)},
                       bytes_in=7, observed={"B007": [[1, 2]]},
                       evidence={"F003": [bytes([k]) * 16 for k in range(kept)],
                                 "F004": [None] * kept})


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, max_size=6))
def test_a_batch_round_trips_every_code_point(texts: list[str]) -> None:
    original = _result(texts)
    assert decode(encode(original)) == original


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, max_size=6))
def test_a_batch_with_rows_round_trips(texts: list[str]) -> None:
    """Kept documents with a row come back with their text from it; their signals stay
    in the row (the merge writes the row, or measures a changed text again)."""
    original = _result(texts)
    kept = [doc for kind, doc in original.items if kind == "doc"]
    for doc in kept:
        doc.signals = signals(doc)
    original.rows, original.kept_rows = encode_rows(kept)
    assert [row is None for row in original.kept_rows] == [not _encodes(d.text) for d in kept]
    back = decode(encode(original))
    assert back.rows == original.rows and back.kept_rows == original.kept_rows
    for k, doc in enumerate(kept):
        if original.kept_rows[k] is not None:
            doc.signals = None
    assert back == original


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def test_han_text_is_written_as_utf8_not_escaped() -> None:
    text = "汉字每个三字节" * 100
    raw = encode(_result([text]))
    assert text.encode("utf-8") in raw
    assert len(raw) < 2 * len(text.encode("utf-8"))


def test_a_batch_whose_texts_do_not_add_up_is_refused() -> None:
    """The texts are found by their lengths: bytes lost or added in between are an error,
    never a text silently cut or run on into the next."""
    raw = encode(_result(["第一篇", "第二篇", "第三篇"]))
    last = raw.rindex(b"\n")
    with pytest.raises(ValueError, match="lengths"):
        decode(raw[:last] + b"x" + raw[last:])
    first = raw.index(b"\n")
    with pytest.raises(ValueError):  # a text now starts inside a character
        decode(raw[: first + 1] + b"x" + raw[first + 1 :])
