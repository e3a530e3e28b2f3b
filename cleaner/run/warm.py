"""What the fork server does once, before it forks the workers of a run.

A worker started by `spawn` imports the rules and builds the tables its first documents
need (OpenCC's script tables, the chrome scanners, jieba's lexicon in the native core):
about a CPU-second a worker. A worker forked from a server that did all that once starts
with it in place. The tables are caches: what fills them does not change any output.
"""

from __future__ import annotations

import cleaner.run.local  # noqa: F401  the module each worker runs
from cleaner.config import sample_corpus
from cleaner.document import Document
from cleaner.pipeline import PipelineSpec


def warm() -> None:
    """Clean the sample corpus's text files with the default rules, results unused."""
    pipeline = PipelineSpec().build()
    for path in sorted(sample_corpus().glob("*.txt")):
        text = path.read_bytes().decode("utf-8", "replace")
        pipeline.process(Document.from_text(text, source=path.name))


warm()
