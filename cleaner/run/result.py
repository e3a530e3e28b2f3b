"""What a run gives back: `RunResult` (counts, shards, report) and `RunError`."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.pipeline import RuleStats

# Metadata flags that rules set on damage no rule can repair; report.json counts them.
FLAGS = ("columns_interleaved",)


class RunError(Exception):
    """A run that cannot start or continue; the message says why, in one line."""


@dataclass
class RunResult:
    out_dir: Path
    shards: list[Path]
    read: int = 0
    written: int = 0
    chars_in: int = 0
    bytes_in: int = 0
    chars_out: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    quarantined: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)  # written docs by meta flag
    # A few drops per duplicate filter: [dropped id, id of the copy kept].
    duplicates: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    dropped_shards: list[Path] = field(default_factory=list)  # with --keep-dropped
    rules: dict[str, RuleStats] = field(default_factory=dict)
    seconds: float = 0.0
    report: dict[str, Any] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)  # unsupported files, by extension

    @property
    def accounted(self) -> int:
        """Documents written, dropped or quarantined: always equal to `read`."""
        return self.written + sum(self.dropped.values()) + sum(self.quarantined.values())
