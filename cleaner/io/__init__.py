"""Input and output: decoding bytes, reading corpora, writing Parquet shards and quarantine."""

from cleaner.io.decode import DecodeError, decode_bytes
from cleaner.io.readers import count_input_bytes, input_files, iter_documents
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
