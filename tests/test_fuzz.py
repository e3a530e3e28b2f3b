"""Short fuzz runs of every reader (a few seconds each); `fuzz/run.py --seconds N` runs them
for as long as you like, with hypothesis or with atheris. See docs/robustness.md."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fuzz.strategies import STRATEGIES  # noqa: E402
from fuzz.targets import TARGETS  # noqa: E402

FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("target", list(TARGETS))
def test_fuzz_target(target):
    check = TARGETS[target]

    @FUZZ
    @given(STRATEGIES[target])
    def fuzz(data: bytes) -> None:
        check(data)

    fuzz()


# Inputs fuzzing found (or that belong to the same families), kept as regression cases.
REGRESSIONS = {
    "front-matter": [
        # "Billion laughs": nine levels of aliases were a 312 MB title after 11 s.
        ("---\na: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
         + "".join(f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
                   for p, c in zip("abcdefg", "bcdefgh", strict=True))
         + "title: *h\n---\n正文。").encode(),
        b"---\ntitle: " + b"9" * 5000 + b"\n---\n",
        b"---\ndate: !!binary aGVsbG8=\ntags: !!set {a, b}\n---\n",
        b"+++\ntitle = 1979-05-27T07:32:00-08:00\n+++\n",
    ],
    "html": [
        b"<div " * 20_000,
        b"<p>x</p>" + b"<div>" * 2_000 + b"<script>" * 5_000,
        b"<p>x</p>" + b"<div>" * 2_000 + b"<!--" * 5_000,
        "\ufdd0<p>\ufdd1</p>".encode(),
    ],
    "jsonl": [b'{"text": "\\ud800"}\r\n\r\n{"text": ' + b"[" * 50_000, b"\xef\xbb\xbf{}\n"],
    "decode": [b"\xff\xfe\x00\x00\x00\xd8", b"\x84\x31\x95\x33\xff", b"\xfe\xff\xd8\x00"],
}


@pytest.mark.parametrize(("target", "data"),
                         [(t, d) for t, cases in REGRESSIONS.items() for d in cases])
def test_fuzz_regression(target, data):
    TARGETS[target](data)


def test_fuzz_script_runs(tmp_path):
    """The long-run entry point works: one target, one second."""
    done = subprocess.run([sys.executable, str(ROOT / "fuzz" / "run.py"), "--seconds", "1",
                           "--target", "decode"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "decode:" in done.stdout and "no failure" in done.stdout


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris not installed")
def test_fuzz_script_runs_with_atheris():
    done = subprocess.run([sys.executable, str(ROOT / "fuzz" / "run.py"), "--seconds", "1",
                           "--engine", "atheris", "--target", "html"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Done" in done.stderr
