"""Finished batches on disk: the resume state in `OUT/.work/`, in a form that carries no code.

A batch file holds what became of each document of one batch (written, dropped, or
quarantined) and the per-rule counters, after a first line with the corpus rules'
statistics (so the merge reads those without the documents); the texts are plain UTF-8,
the rest JSON (`encode`). It used to be a pickle; loading a pickle from a folder someone
else can write runs their code, so batches are data only, and the run's work manifest
(`batches.jsonl`, written by the main process) records each file's SHA-256. A resume
trusts a batch only when its file still has that hash; anything else is redone.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import pyarrow as pa

from cleaner.document import Document, Quarantined
from cleaner.io.rows import SCHEMA, Rows, json_default
from cleaner.pipeline import RuleStats

MANIFEST = "batches.jsonl"
FORMAT = 4  # of a batch file (`encode`): in the work folder's fingerprint


@dataclass
class BatchResult:
    """What became of one batch, in input order: ("doc" | "drop" | "quarantine", payload);
    a drop's payload is (filter name, the document as the filter saw it)."""

    items: list[tuple[str, Any]]
    chars_in: int
    stats: dict[str, RuleStats]
    bytes_in: int = 0  # UTF-8 bytes of the texts read, for MB/s
    # Corpus rules' statistics: per rule code, per kept document, [text digest, *keys].
    observed: dict[str, list[list[int]]] = field(default_factory=dict)
    # Corpus filters' evidence (`CorpusFilter.evidence`): per filter code, per kept document.
    evidence: dict[str, list[bytes | None]] = field(default_factory=dict)
    # The kept documents as shard rows (`encode_rows`), and each one's row (None: the
    # writer refuses it, and says why when the merge hands it the document).
    rows: Rows | None = None
    kept_rows: list[int | None] = field(default_factory=list)

    def row(self, kept: int) -> tuple[Rows, int] | None:
        """The row of the `kept`-th kept document, if it has one."""
        if self.rows is None:
            return None
        index = self.kept_rows[kept]
        return None if index is None else (self.rows, index)


def batch_path(work: Path, index: int) -> Path:
    return work / f"batch-{index:08d}.json"


_DOC_FIELDS = tuple(f.name for f in fields(Document))


def _fields(doc: Document) -> dict[str, Any]:
    """The document's fields, not copied: `asdict` deep-copies every `extra` value only
    for json.dumps to read it once (a tenth of a run's time on a text corpus)."""
    return {name: getattr(doc, name) for name in _DOC_FIELDS}


def _payload(q: Quarantined) -> dict[str, Any]:
    data = asdict(q)
    if isinstance(q.payload, (bytes, bytearray, memoryview)):
        data["payload"] = {"b64": base64.b64encode(bytes(q.payload)).decode("ascii")}
    return data


def encode(result: BatchResult) -> bytes:
    """The batch as bytes: its first line the corpus rules' statistics (JSON), then the
    kept documents' rows (an Arrow IPC stream), the other documents' texts in UTF-8 and
    the corpus filters' evidence, one after another, then a last line of JSON with
    everything else, the rows and each text and piece of evidence given by its length in
    bytes. Lone surrogates are kept by `surrogatepass`, so nothing is lost; the texts,
    most of the bytes, are neither escaped nor parsed (as JSON strings they took half of
    the time to write and read a batch), nor is the evidence (as base64), and the rows
    are read in place."""
    return b"".join(_encoded(result))


def _encoded(result: BatchResult) -> Iterator[bytes]:
    """`encode`'s bytes in pieces, so a batch of one long document is never held twice
    over (as a string and as one piece of bytes with the rest of the batch)."""
    yield _dumps({"observed": result.observed}) + b"\n"
    rows = _ipc(result.rows) if result.rows is not None else b""
    yield rows
    items: list[Any] = []
    kept = 0
    for kind, value in result.items:
        if kind == "doc":
            row = result.row(kept)
            kept += 1
            if row is not None:  # its text and signals are in the row
                fields = _fields(value)
                del fields["text"], fields["signals"]
                items.append(["doc", fields | {"row": row[1]}])
                continue
            text = value.text.encode("utf-8", "surrogatepass")
            yield text
            items.append(["doc", _fields(value) | {"text": len(text)}])
        elif kind == "drop":
            reason, doc = value
            text = doc.text.encode("utf-8", "surrogatepass")
            yield text
            items.append(["drop", {"by": reason, "doc": _fields(doc) | {"text": len(text)}}])
        elif kind == "quarantine":
            items.append(["quarantine", _payload(value)])
        else:
            items.append([kind, value])
    evidence: dict[str, list[int | None]] = {}
    for code, values in result.evidence.items():
        yield b"".join(v for v in values if v is not None)
        evidence[code] = [None if v is None else len(v) for v in values]
    yield b"\n" + _dumps({
        "items": items, "chars_in": result.chars_in, "bytes_in": result.bytes_in,
        "stats": {code: asdict(s) for code, s in result.stats.items()}, "evidence": evidence,
        "rows": None if result.rows is None else {"bytes": len(rows), "sizes": result.rows.sizes},
    })


def _ipc(rows: Rows) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, SCHEMA) as stream:
        stream.write_batch(rows.batch)
    return sink.getvalue()


def _dumps(value: Any) -> bytes:
    # `extra` values a rule set (bytes, dates, sets) become what the shard's meta JSON
    # will hold anyway, so the written output is the same. JSON holds no raw newline.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=json_default)
    return text.encode("utf-8", "surrogatepass")


class _Pieces:
    """The bytes between a batch's first and last line, taken in the order written."""

    def __init__(self, data: memoryview) -> None:
        self.data, self.pos = data, 0

    def take(self, size: int) -> memoryview:
        piece = self.data[self.pos : self.pos + size]
        self.pos += size
        return piece

    def text(self, size: int) -> str:
        return str(self.take(size), "utf-8", "surrogatepass")


def decode(raw: bytes) -> BatchResult:
    """The inverse of `encode`."""
    first = raw.index(b"\n")
    last = raw.rindex(b"\n")
    data = json.loads(raw[last + 1 :].decode("utf-8", "surrogatepass"))
    pieces = _Pieces(memoryview(raw)[first + 1 : last])
    rows = None
    if data["rows"] is not None:
        stream = pa.ipc.open_stream(pa.py_buffer(pieces.take(data["rows"]["bytes"])))
        rows = Rows(stream.read_next_batch(), data["rows"]["sizes"])
    items, kept_rows = _items(data["items"], pieces, rows)
    evidence = {code: [None if size is None else bytes(pieces.take(size)) for size in sizes]
                for code, sizes in data["evidence"].items()}
    if pieces.pos != len(pieces.data):
        raise ValueError("batch texts and evidence do not add up to their recorded lengths")
    stats = {code: RuleStats(**s) for code, s in data["stats"].items()}
    observed = json.loads(raw[:first])["observed"]
    return BatchResult(items, data["chars_in"], stats, data["bytes_in"], observed, evidence,
                       rows, kept_rows if rows is not None else [])


def _items(
    entries: list[Any], pieces: _Pieces, rows: Rows | None
) -> tuple[list[tuple[str, Any]], list[int | None]]:
    """The batch's items, and each kept document's row; a document with a row takes its
    text from it, the others theirs from `pieces`."""
    texts = rows.batch.column(1).to_pylist() if rows is not None else []

    def document(fields: dict[str, Any]) -> Document:
        fields["text"] = pieces.text(fields["text"])
        return Document(**fields)

    items: list[tuple[str, Any]] = []
    kept_rows: list[int | None] = []
    for kind, value in entries:
        if kind == "doc":
            row = value.pop("row", None)
            kept_rows.append(row)
            items.append(("doc", document(value) if row is None
                          else Document(**value, text=texts[row])))
        elif kind == "drop":
            items.append(("drop", (value["by"], document(value["doc"]))))
        elif kind == "quarantine":
            if isinstance(value["payload"], dict):
                value["payload"] = base64.b64decode(value["payload"]["b64"])
            items.append(("quarantine", Quarantined(**value)))
        else:
            items.append((kind, value))
    return items, kept_rows


def save(path: Path, result: BatchResult) -> str:
    """Write the batch atomically; return the SHA-256 of the file for the work manifest."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    with tmp.open("wb") as fh:
        for piece in _encoded(result):
            digest.update(piece)
            fh.write(piece)
    os.replace(tmp, path)
    return digest.hexdigest()


def record(work: Path, index: int, digest: str) -> None:
    """Append a finished batch to the work manifest (main process only)."""
    with (work / MANIFEST).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"batch": index, "sha256": digest}) + "\n")


def recorded(work: Path) -> dict[int, str]:
    """Batch index to the hash the manifest recorded; a torn last line is ignored."""
    path = work / MANIFEST
    out: dict[int, str] = {}
    if not path.is_file():
        return out
    for line in path.read_text("utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
            out[int(entry["batch"])] = str(entry["sha256"])
        except (ValueError, KeyError, TypeError):
            continue
    return out


def verified(work: Path) -> set[int]:
    """Batches whose file exists and still has the recorded hash: safe to reuse."""
    good = set()
    for index, digest in recorded(work).items():
        path = batch_path(work, index)
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() == digest:
                good.add(index)
        except OSError:
            continue
    return good


def load_observed(work: Path, index: int) -> dict[str, list[list[int]]]:
    """Only the corpus rules' statistics of a batch: its first line, read alone. Its hash
    is not checked here, which would read the whole batch an extra time: the merge's
    `load` checks every batch before any of its documents is written, so a batch changed
    since it was recorded still ends the run, with nothing written."""
    with batch_path(work, index).open("rb") as fh:
        line = fh.readline()
    observed: dict[str, list[list[int]]] = json.loads(line)["observed"]
    return observed


def load(work: Path, index: int, digest: str) -> BatchResult:
    """Read a batch, refusing one whose bytes are not the ones recorded."""
    path = batch_path(work, index)
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != digest:
        raise ValueError(f"{path} changed since it was written")
    return decode(raw)
