"""Fuzz the readers for as long as you like.

    python fuzz/run.py --seconds 600                    # every target, 600 s each
    python fuzz/run.py --seconds 60 --target html       # one target
    python fuzz/run.py --seconds 600 --engine atheris   # coverage-guided (pip install atheris)

Targets (fuzz/targets.py): jsonl, json, html, front-matter, decode. The hypothesis engine
draws from format-shaped strategies (fuzz/strategies.py) and shrinks a failure to a small
input; atheris mutates bytes guided by coverage. A failing input is saved under
fuzz/crashes/ and the exit status is 1. Replay one with `--replay FILE --target NAME`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

CRASHES = HERE / "crashes"


def _save(target: str, data: bytes) -> Path:
    CRASHES.mkdir(exist_ok=True)
    path = CRASHES / f"{target}-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    path.write_bytes(data)
    return path


def run_hypothesis(target: str, seconds: float) -> int:
    """Draw and check inputs until `seconds` have passed; return the number of examples."""
    from hypothesis import HealthCheck, Phase, given, settings

    from fuzz.strategies import STRATEGIES
    from fuzz.targets import TARGETS

    check = TARGETS[target]
    count = 0
    failing: list[bytes] = []

    @settings(max_examples=200, deadline=None, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck),
              phases=[Phase.generate, Phase.shrink])
    @given(STRATEGIES[target])
    def one(data: bytes) -> None:
        nonlocal count
        count += 1
        try:
            check(data)
        except BaseException:
            failing.append(data)
            raise

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            one()
        except Exception:
            traceback.print_exc()
            smallest = min(failing, key=len)
            print(f"{target}: failure saved to {_save(target, smallest)}", file=sys.stderr)
            raise SystemExit(1) from None
    return count


def run_atheris_worker(target: str, seconds: float) -> None:
    """One target in this process: libFuzzer exits when the time is up or on a crash."""
    import atheris
    import opencc  # noqa: F401 - the heavy dependencies first, uninstrumented
    import pyarrow.parquet  # noqa: F401
    import selectolax.lexbor  # noqa: F401
    import yaml  # noqa: F401

    with atheris.instrument_imports(include=["cleaner", "cleaner_rules", "fuzz"]):
        from fuzz.targets import TARGETS

    check = TARGETS[target]
    CRASHES.mkdir(exist_ok=True)
    argv = [sys.argv[0], f"-max_total_time={int(seconds)}", "-rss_limit_mb=4096",
            f"-artifact_prefix={CRASHES}/{target}-", "-print_final_stats=1"]
    atheris.Setup(argv, check)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="per target")
    parser.add_argument("--target", action="append", help="repeat for several (default: all)")
    parser.add_argument("--engine", choices=("hypothesis", "atheris"), default="hypothesis")
    parser.add_argument("--replay", type=Path, help="run one saved input")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:  # before anything imports the code, so that atheris can instrument it
        run_atheris_worker(args.worker, args.seconds)
        return 0

    from fuzz.targets import TARGETS

    targets = args.target or list(TARGETS)
    unknown = sorted(set(targets) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target {unknown[0]!r}; one of: {', '.join(TARGETS)}")
    if args.replay:
        for target in targets:
            TARGETS[target](args.replay.read_bytes())
            print(f"{target}: {args.replay} passes")
        return 0
    status = 0
    for target in targets:
        start = time.monotonic()
        if args.engine == "hypothesis":
            n = run_hypothesis(target, args.seconds)
            print(f"{target}: {n} examples in {time.monotonic() - start:.1f} s, no failure")
            continue
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("atheris is not installed: pip install atheris", file=sys.stderr)
            return 2
        env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
        done = subprocess.run([sys.executable, __file__, "--worker", target,
                               "--seconds", str(args.seconds)], env=env, check=False)
        print(f"{target}: atheris exited {done.returncode} after "
              f"{time.monotonic() - start:.1f} s")
        status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
