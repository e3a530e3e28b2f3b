"""Outputs stay byte-identical: cleaned corpora hashed against committed fingerprints.

A refactoring must not change one character of output. Each case runs the public command
line on a corpus and hashes what a user gets (every row of every Parquet shard, the
quarantine file, the synthetic evaluation's scores), so a changed decision anywhere shows
up here. The fingerprints are of content, not file bytes: a newer pyarrow may write the
same rows into different bytes.

A deliberate change of output updates the fingerprints with
`CLEANER_GOLDEN_UPDATE=1 python -m pytest tests/test_golden.py` and says so in the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cleaner.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FINGERPRINTS = Path(__file__).parent / "fixtures" / "golden.json"
UPDATE = os.environ.get("CLEANER_GOLDEN_UPDATE") == "1"

CORPORA = {
    "sample": [],  # no inputs: the embedded sample corpus
    "seeds": [SHARED / "seeds" / "raw"],
    "dev": [SHARED / "dev" / "pdf" / "raw", SHARED / "dev" / "web" / "raw"],
}


def _digest(value: object) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _content(out: Path) -> dict[str, object]:
    """What a user reads from an output folder, timings and paths left out."""
    shards = {
        str(p.relative_to(out)): pq.read_table(p).to_pylist()
        for p in sorted(out.glob("*/*.parquet"))
    }
    quarantine = out / "quarantine.jsonl"
    lines = quarantine.read_text("utf-8").splitlines() if quarantine.exists() else []
    return {"shards": shards, "quarantine": lines}


def _check(name: str, digest: str) -> None:
    known = json.loads(FINGERPRINTS.read_text("utf-8")) if FINGERPRINTS.exists() else {}
    if UPDATE:
        known[name] = digest
        FINGERPRINTS.write_text(json.dumps(known, indent=2, sort_keys=True) + "\n", "utf-8")
        return
    assert name in known, f"no fingerprint for {name}; run with CLEANER_GOLDEN_UPDATE=1"
    assert digest == known[name], f"output of {name} changed"


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_cleaned_corpus_is_unchanged(name, tmp_path):
    inputs = CORPORA[name]
    if any(not p.is_dir() for p in inputs):
        pytest.skip(f"{name}: ../shared is not available (a fresh clone has none)")
    out = tmp_path / "out"
    args = ["run", *map(str, inputs), "-o", str(out), "-q", "--keep-dropped", "--workers", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output  # 1: something was quarantined
    _check(name, _digest(_content(out)))


def test_synthetic_evaluation_is_unchanged():
    clean = ROOT / "cleaner" / "sample" / "clean"
    result = CliRunner().invoke(app, ["eval", "--synthetic", str(clean), "--json"])
    assert result.exit_code == 0, result.output
    _check("synthetic", _digest(json.loads(result.output)))
