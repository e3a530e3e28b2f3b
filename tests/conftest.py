"""Shared fixtures: the seeds in ../shared when present (skipped cleanly when not)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SAMPLE = ROOT / "cleaner" / "sample"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not (SEEDS / "raw").is_dir():
        pytest.skip("../shared/seeds is not available (a fresh clone has none)")
    return SEEDS


@pytest.fixture(scope="session")
def sample() -> Path:
    return SAMPLE
