"""Publishing: versioned releases in Hugging Face layout, their data card and changelog, the Hub.

A release is a folder `dist_data/NAME/vX.Y.Z/` of Parquet shards with a manifest, a data
card (README.md) and a changelog against the previous version; `push` uploads it through
the `huggingface_hub` client; `compare` says whether a new run would change it.
"""

from cleaner.publish.release import (
    PublishError,
    PushError,
    Version,
    compare,
    describe_rule,
    latest,
    preflight,
    publish,
    push,
    recorded_inputs,
)

__all__ = [
    "PublishError",
    "PushError",
    "Version",
    "compare",
    "describe_rule",
    "latest",
    "preflight",
    "publish",
    "push",
    "recorded_inputs",
]
