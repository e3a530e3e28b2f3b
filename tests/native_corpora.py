"""The real documents the native core's differential tests run on: the sample corpus,
the seeds and the dev sets in ../shared (skipped cleanly where a fresh clone has none),
and each document as it reaches a given rule in the default pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.document import Document
from cleaner.io.readers import iter_documents
from cleaner.pipeline import PipelineSpec

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = {
    "sample": ROOT / "cleaner" / "sample" / "raw",
    "seeds": SHARED / "seeds" / "raw",
    "dev-pdf": SHARED / "dev" / "pdf" / "raw",
    "dev-web": SHARED / "dev" / "web" / "raw",
}
CLEAN = ROOT / "cleaner" / "sample" / "clean"


def documents(folder: Path) -> list[Document]:
    """The documents of a folder, or a skip when it is not there."""
    if not folder.is_dir():
        pytest.skip(f"{folder} is not available (a fresh clone has no ../shared)")
    return [d for d in iter_documents([folder]) if hasattr(d, "text")]


def clean_texts() -> list[str]:
    """The sample corpus's clean texts (the synthetic generator's material)."""
    return [d.text for d in documents(CLEAN)]


def reaching(code: str, docs: list[Document]) -> list[Document]:
    """Each document after the default pipeline's document rules before rule `code`."""
    rules = PipelineSpec().build().doc_rules
    before = rules[: [r.code for r in rules].index(code)]
    for doc in docs:
        for rule in before:
            if rule.gate(doc.text):
                doc.text = rule.apply(doc)
    return docs
