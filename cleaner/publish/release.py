"""Releases: immutable, versioned folders laid out as Hugging Face dataset repositories.

`DIST/NAME/vX.Y.Z/` holds `data/train-0000i-of-0000N.parquet`, a `README.md` data card
(card.py), `manifest.json` (provenance) and a length histogram. `DIST/NAME/CHANGELOG.md`
gets an entry per release with a diff against the previous one (changelog.py). A release is
built in a temporary folder and renamed into place, under a lock, so it is never
half-written and an existing version is never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cleaner import __version__
from cleaner.document import Document
from cleaner.io.plan import file_sha256
from cleaner.io.writer import ShardWriter, atomic_write_text
from cleaner.publish.card import histogram_svg, render_card, write_root_card
from cleaner.publish.changelog import fingerprints, history, write_changelog

_VERSION = re.compile(r"v(\d+)\.(\d+)\.(\d+)")


class PublishError(Exception):
    """A release that cannot be made; the message says why, in one line."""


@dataclass(frozen=True)
class Version:
    """A release version X.Y.Z; releases only go up."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        m = _VERSION.fullmatch(text if text.startswith("v") else f"v{text}")
        if not m:
            raise PublishError(f"version must look like 1.2.3, got {text!r}")
        return cls(*(int(g) for g in m.groups()))

    def bump(self, part: str) -> Version:
        if part == "major":
            return Version(self.major + 1, 0, 0)
        if part == "minor":
            return Version(self.major, self.minor + 1, 0)
        if part == "patch":
            return Version(self.major, self.minor, self.patch + 1)
        raise PublishError(f"--bump takes major, minor or patch, got {part!r}")

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def __lt__(self, other: Version) -> bool:
        return (self.major, self.minor, self.patch) < (other.major, other.minor, other.patch)


@cache
def hub_licenses() -> frozenset[str]:
    """License identifiers the Hub accepts in a card (shipped list, lower case)."""
    text = (resources.files("cleaner") / "data" / "hub_licenses.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def releases(dist: Path, name: str) -> list[tuple[Version, Path]]:
    """Existing releases of `name`, oldest first."""
    folder = dist / name
    if not folder.is_dir():
        return []
    found = [
        (Version.parse(p.name), p) for p in folder.iterdir()
        if p.is_dir() and _VERSION.fullmatch(p.name) and (p / "manifest.json").is_file()
    ]
    return sorted(found, key=lambda vp: (vp[0].major, vp[0].minor, vp[0].patch))


def latest(dist: Path, name: str) -> tuple[Version, Path]:
    """The newest release of `name`; an error when there is none."""
    found = releases(dist, name)
    if not found:
        raise PublishError(f"no release of {name!r} in {dist}")
    return found[-1]


def choose_version(dist: Path, name: str, version: str | None, bump: str | None) -> Version:
    """`--version` as given, or `--bump` of the latest release (1.0.0 for the first)."""
    if (version is None) == (bump is None):
        raise PublishError("give exactly one of --version X.Y.Z or --bump major|minor|patch")
    if version is not None:
        return Version.parse(version)
    found = releases(dist, name)
    return found[-1][0].bump(bump) if found else Version(1, 0, 0)


def _holder_gone(lock: Path) -> bool:
    """True when the lock names a process id that no longer exists on this machine."""
    try:
        pid = int(lock.read_text().strip())
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@contextmanager
def _lock(folder: Path) -> Iterator[None]:
    """One publisher per dataset at a time; a second one fails at once, cleanly."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".publish.lock"
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        if not _holder_gone(path):
            raise PublishError(
                f"another publish of {folder.name!r} is running (lock {path}); "
                "remove the lock file if that process is gone"
            ) from None
        path.unlink(missing_ok=True)  # left by a killed publish on this machine
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            raise PublishError(f"another publish of {folder.name!r} is running") from None
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)


def _rows(run_dir: Path) -> Iterator[dict[str, Any]]:
    shards = sorted((run_dir / "data").glob("train-*-of-*.parquet"))
    if not shards:
        raise PublishError(f"{run_dir} has no shards (data/train-*.parquet): run `cleaner run`")
    for shard in shards:
        for batch in pq.ParquetFile(shard).iter_batches(batch_size=1000):
            yield from batch.to_pylist()


def _doc(row: dict[str, Any]) -> Document:
    return Document(
        id=row["id"], text=row["text"], source=row["source"], title=row["title"],
        url=row["url"], date=row["date"], author=row["author"], script=row["script"],
        extra=json.loads(row["meta"]),
        signals=row.get("signals"),  # a run written before the column: the writer computes
    )


def publish(
    run_dir: Path,
    name: str,
    *,
    version: str | None = None,
    bump: str | None = None,
    dist: Path = Path("dist_data"),
    license: str | None = None,
    pretty_name: str | None = None,
    repo: str | None = None,
    shard_mb: int = 512,
    row_group_mb: int = 100,
    today: date | None = None,
    allow_empty: bool = False,
) -> Path:
    """Turn a run's output into the release `dist/name/vX.Y.Z`; return its path."""
    license = _check_name_and_license(name, license)
    report = _read_report(run_dir, allow_empty)
    folder = dist / name
    with _lock(folder):
        ver, previous = _next_version(dist, name, version, bump)
        target = folder / f"v{ver}"
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-v{ver}-", dir=folder))
        try:
            stats = _write_shards(run_dir, tmp, shard_mb, row_group_mb)
            manifest = _manifest(name, ver, report, tmp, stats)
            entries = history(previous, manifest, fingerprints(tmp), today or date.today())
            _write_files(tmp, manifest, entries, stats["lengths"], license=license,
                         pretty_name=pretty_name or name, repo=repo)
            os.rename(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        write_changelog(folder, entries)
        write_root_card(folder, [str(v) for v, _ in releases(dist, name)])
    return target


def _check_name_and_license(name: str, license: str | None) -> str:
    """The dataset name is a plain folder name; the license one the Hub knows. Return it."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise PublishError(f"dataset name must be letters, digits, '.', '_' or '-': {name!r}")
    if not license:
        raise PublishError("a license is required: pass --license or set `license` in config")
    if license.lower() not in hub_licenses():
        raise PublishError(
            f"license {license!r} is not a Hub license identifier (e.g. cc-by-4.0, mit, "
            "apache-2.0; the list is in cleaner/data/hub_licenses.txt); use `other` for "
            "a license of your own"
        )
    return license


def _read_report(run_dir: Path, allow_empty: bool) -> dict[str, Any]:
    """The run's report.json; a run that wrote nothing is released only when asked."""
    report_path = run_dir / "report.json"
    if not report_path.is_file():
        raise PublishError(f"{run_dir} is not a run folder (no report.json)")
    report: dict[str, Any] = json.loads(report_path.read_text("utf-8"))
    if report.get("documents", {}).get("written", 0) == 0 and not allow_empty:
        raise PublishError(f"{run_dir} has no documents; pass --allow-empty to release it anyway")
    return report


def _next_version(
    dist: Path, name: str, version: str | None, bump: str | None
) -> tuple[Version, list[tuple[Version, Path]]]:
    """The new version (not taken, not below the latest) and the releases before it."""
    ver = choose_version(dist, name, version, bump)
    target = dist / name / f"v{ver}"
    if target.exists():
        raise PublishError(
            f"{target} already exists; releases are immutable, pick a new version"
        )
    previous = releases(dist, name)
    if previous and ver < previous[-1][0]:
        raise PublishError(
            f"version {ver} is lower than the latest release {previous[-1][0]}; "
            "versions only go up (use --bump)"
        )
    return ver, previous


def _write_files(
    tmp: Path, manifest: dict[str, Any], entries: list[dict[str, Any]], lengths: list[int], *,
    license: str, pretty_name: str, repo: str | None,
) -> None:
    """The manifest (with this release's changes), the length histogram and the data card."""
    manifest["changes"] = entries[0]["changes"]
    atomic_write_text(tmp / "manifest.json",
                      json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    atomic_write_text(tmp / "length_histogram.svg", histogram_svg(lengths))
    card = render_card(manifest, entries, license=license, pretty_name=pretty_name, repo=repo)
    card.save(tmp / "README.md")


def _write_shards(run_dir: Path, out: Path, shard_mb: int, row_group_mb: int) -> dict[str, Any]:
    """Rewrite the run's rows into release-sized shards; return lengths and script counts."""
    lengths: list[int] = []
    scripts: Counter[str] = Counter()
    with ShardWriter(out, row_group_bytes=row_group_mb * 2**20, shard_bytes=shard_mb * 2**20,
                     content_defined_chunking=True) as writer:
        for row in _rows(run_dir):
            writer.write(_doc(row))
            lengths.append(row["n_chars"])
            scripts[row["script"]] += 1
    return {"lengths": lengths, "scripts": dict(sorted(scripts.items()))}


def _manifest(
    name: str, ver: Version, report: dict[str, Any], out: Path, stats: dict[str, Any]
) -> dict[str, Any]:
    """Provenance of the release: versions, ruleset, config, inputs, shards with hashes."""
    shards = sorted((out / "data").glob("*.parquet"))
    return {
        "name": name,
        "version": str(ver),
        "cleaner": __version__,
        "pyarrow": pa.__version__,
        "ruleset": {
            "fingerprint": report["versions"]["ruleset"],
            "rules": report["pipeline"],
        },
        "config": report.get("config", {}),
        "config_hash": report["config_hash"],
        # relative to the release folder: `cleaner check` finds them from any working
        # directory, and the card shows no publisher's absolute paths
        "inputs": [_relative_input(i, out) for i in report.get("input_paths",
                                                                report.get("inputs", []))],
        "input_files": report.get("input_files", []),
        "shards": [_shard_info(p, out) for p in shards],
        "documents": len(stats["lengths"]),
        "characters": sum(stats["lengths"]),
        "scripts": stats["scripts"],
        "run": {"documents": report["documents"], "rules": report["rules"]},
    }


def _relative_input(recorded: str, release: Path) -> str:
    if recorded.startswith("<"):  # the bundled sample
        return recorded
    return Path(os.path.relpath(Path(recorded).resolve(), release.resolve())).as_posix()


def recorded_inputs(release: Path, manifest: dict[str, Any]) -> list[str]:
    """The release's inputs as paths usable from here (the sample by its marker)."""
    out = []
    for item in manifest.get("inputs", []):
        if item.startswith("<"):
            out.append(item)
        else:
            path = Path(item)
            out.append(str(path if path.is_absolute() else (release / path)))
    return out


def _shard_info(path: Path, root: Path) -> dict[str, Any]:
    meta = pq.ParquetFile(path).metadata
    return {
        "path": path.relative_to(root).as_posix(),
        "sha256": file_sha256(path),
        "rows": meta.num_rows,
        "bytes": path.stat().st_size,
        "uncompressed_bytes": sum(meta.row_group(i).total_byte_size
                                  for i in range(meta.num_row_groups)),
    }

