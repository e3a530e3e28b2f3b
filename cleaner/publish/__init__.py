"""Publishing: versioned releases in Hugging Face layout, their data card and changelog, the Hub.

A release is a folder `dist_data/NAME/vX.Y.Z/` of Parquet shards with a manifest, a data
card (README.md) and a changelog against the previous version:

- release.py: `publish` builds the version folder and its manifest; `Version`, `latest`.
- card.py: the data card, its prose in the template `card.md`; the length histogram.
- changelog.py: fingerprints and diffs between versions, the changelog.
- hub.py: `preflight` and `push` through the `huggingface_hub` client.
- compare.py: `compare`, whether a new run would change a release (`cleaner check`).
"""

from cleaner.publish.changelog import describe_rule
from cleaner.publish.compare import compare
from cleaner.publish.hub import PushError, preflight, push
from cleaner.publish.release import (
    PublishError,
    Version,
    latest,
    publish,
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
