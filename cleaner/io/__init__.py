"""Input and output: decoding bytes, reading corpora, writing Parquet shards and quarantine.

Reading, bottom to top: `decode` (bytes of unknown encoding → text, scored with
`cleaner.charsets`), `plan` (which files, in which order), `streams` (bytes out of plain or
compressed files), `records` (a record → Document), `jsonl` and `tables` (the record
formats), `readers` (one entry point: `iter_documents`), `blocks` (large files cut into
blocks that read the same, for engines that read one file on many CPUs). Writing:
`writer`, with `columns`.
"""

from cleaner.io.decode import DecodeError, decode_bytes
from cleaner.io.plan import count_input_bytes, input_files
from cleaner.io.readers import iter_documents
from cleaner.io.writer import SCHEMA, QuarantineWriter, ShardWriter, atomic_write_text

__all__ = [
    "SCHEMA",
    "DecodeError",
    "QuarantineWriter",
    "ShardWriter",
    "atomic_write_text",
    "count_input_bytes",
    "decode_bytes",
    "input_files",
    "iter_documents",
]
