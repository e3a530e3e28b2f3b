"""Releases: immutable, versioned folders laid out as Hugging Face dataset repositories.

`DIST/NAME/vX.Y.Z/` holds `data/train-0000i-of-0000N.parquet`, a `README.md` data card,
`manifest.json` (provenance) and a length histogram. `DIST/NAME/CHANGELOG.md` gets an
entry per release with a diff against the previous one. A release is built in a
temporary folder and renamed into place, under a lock, so it is never half-written and an
existing version is never touched.
"""

from __future__ import annotations

import hashlib
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
from huggingface_hub import DatasetCard, DatasetCardData

from cleaner import __version__
from cleaner.document import Document
from cleaner.io.readers import file_sha256
from cleaner.io.writer import SCHEMA, ShardWriter, atomic_write_text
from cleaner.signals import FIELDS as SIGNAL_FIELDS

_VERSION = re.compile(r"v(\d+)\.(\d+)\.(\d+)")
_LENGTH_BINS = (0, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000)


class PublishError(Exception):
    """A release that cannot be made; the message says why, in one line."""


class PushError(PublishError):
    """The Hub refused the token, the repo or the upload; the local release is unaffected."""


@dataclass(frozen=True)
class Version:
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
    found = releases(dist, name)
    if not found:
        raise PublishError(f"no release of {name!r} in {dist}")
    return found[-1]


def choose_version(dist: Path, name: str, version: str | None, bump: str | None) -> Version:
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


_CONTENT = ("text", "title", "url", "date", "author", "script", "meta")


def _row_hash(row: dict[str, Any]) -> str:
    """Hash of everything a user reads in a row: text and metadata."""
    data = json.dumps([row[k] for k in _CONTENT], ensure_ascii=False)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()


def fingerprints(folder: Path) -> dict[str, tuple[str, str]]:
    """Document id to (hash of its content, source), for diffs between releases and runs."""
    out = {}
    for shard in sorted((folder / "data").glob("*.parquet")):
        for batch in pq.ParquetFile(shard).iter_batches(columns=["id", "source", *_CONTENT]):
            for row in batch.to_pylist():
                out[row["id"]] = (_row_hash(row), row["source"])
    return out


def size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"),
                         (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B")):
        if n < limit:
            return label
    return "1B<n<10B"


def diff(
    old: dict[str, tuple[str, str]], new: dict[str, tuple[str, str]]
) -> dict[str, Any]:
    """Documents added, removed and changed between two fingerprint maps.

    A document id hashes its source and raw content, so an edited input file gives a new
    id: a removed and an added document with the same (unique) source are one document
    changed. Each entry is ``"id (source)"``, sorted.
    """
    gone = set(old) - set(new)
    came = set(new) - set(old)
    by_source_old = _unique_sources(old, gone)
    by_source_new = _unique_sources(new, came)
    edited = sorted(set(by_source_old) & set(by_source_new))
    for source in edited:
        gone.discard(by_source_old[source])
        came.discard(by_source_new[source])
    changed = [k for k in set(old) & set(new) if old[k][0] != new[k][0]]
    changed += [by_source_new[s] for s in edited]

    def label(ids: Any, table: dict[str, tuple[str, str]]) -> list[str]:
        return sorted(f"{i} ({table[i][1]})" for i in ids)

    return {"added": label(came, new), "removed": label(gone, old),
            "changed": label(changed, new)}


def _unique_sources(table: dict[str, tuple[str, str]], ids: set[str]) -> dict[str, str]:
    """Source to id for the given ids whose source occurs once in the table."""
    counts = Counter(source for _, source in table.values())
    return {table[i][1]: i for i in ids if counts[table[i][1]] == 1}


_STAT_KEYS = ("docs_changed", "chars_added", "chars_removed")


def rule_changes(
    old_stats: dict[str, Any], new_stats: dict[str, Any],
    old_rules: list[dict[str, Any]], new_rules: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Rules whose counts or options differ: what a reviewer needs to see of a rule edit."""
    old_opts = {r["code"]: r.get("options", {}) for r in old_rules}
    new_opts = {r["code"]: r.get("options", {}) for r in new_rules}
    rows = []
    for code in sorted(set(old_stats) | set(new_stats) | set(old_opts) | set(new_opts)):
        before = {k: old_stats.get(code, {}).get(k, 0) for k in _STAT_KEYS}
        after = {k: new_stats.get(code, {}).get(k, 0) for k in _STAT_KEYS}
        options = None
        if old_opts.get(code) != new_opts.get(code):
            options = {"before": old_opts.get(code), "after": new_opts.get(code)}
        if before != after or options:
            rows.append({"code": code, "before": before, "after": after, "options": options})
    return rows


def _short_n(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 else str(n)


def _histogram_svg(lengths: list[int]) -> str:
    """Bars of document length in characters; plain SVG, no plotting library needed."""
    edges = _LENGTH_BINS
    labels = [f"{_short_n(edges[k])}–{_short_n(edges[k + 1])}" for k in range(len(edges) - 1)]
    labels.append(f"≥{_short_n(edges[-1])}")  # short labels: `1k–3k` fits under a bar
    counts = [0] * len(labels)
    for n in lengths:
        k = sum(1 for edge in _LENGTH_BINS[1:] if n >= edge)
        counts[k] += 1
    top = max(counts) or 1
    width, bar, gap, height = 640, 64, 12, 220
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 60}" '
        f'font-family="sans-serif" font-size="11">',
        f'<text x="10" y="16" font-size="13">Document length (characters), '
        f"{len(lengths):,} documents</text>",
    ]
    for k, (label, count) in enumerate(zip(labels, counts, strict=True)):
        h = round(count / top * (height - 40))
        x = 20 + k * (bar + gap)
        y = height - h
        parts.append(f'<rect x="{x}" y="{y}" width="{bar}" height="{h}" fill="#4c72b0"/>')
        parts.append(f'<text x="{x + bar / 2}" y="{y - 4}" text-anchor="middle">{count}</text>')
        parts.append(
            f'<text x="{x + bar / 2}" y="{height + 16}" text-anchor="middle">{label}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


_DTYPES = {pa.string(): "string", pa.int64(): "int64", pa.float64(): "float64",
           pa.bool_(): "bool"}


def _feature(f: pa.Field) -> dict[str, Any]:
    """A column as the Hub card's `dataset_info.features` lists it (a struct by its fields)."""
    if pa.types.is_struct(f.type):
        return {"name": f.name, "struct": [_feature(f.type.field(i))
                                           for i in range(f.type.num_fields)]}
    return {"name": f.name, "dtype": _DTYPES[f.type]}


def _features() -> list[dict[str, Any]]:
    return [_feature(f) for f in SCHEMA]


def _signal_lines() -> list[str]:
    """The card's table of the `signals` fields, from their definitions."""
    lines = ["| field | type | what | why | range |", "|---|---|---|---|---|"]
    for s in SIGNAL_FIELDS:
        lines.append(f"| `{s.name}` | {_DTYPES[s.type]} | {s.what} | {s.why} | {s.range} |")
    return lines


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
    report_path = run_dir / "report.json"
    if not report_path.is_file():
        raise PublishError(f"{run_dir} is not a run folder (no report.json)")
    report = json.loads(report_path.read_text("utf-8"))
    if report.get("documents", {}).get("written", 0) == 0 and not allow_empty:
        raise PublishError(f"{run_dir} has no documents; pass --allow-empty to release it anyway")
    folder = dist / name
    with _lock(folder):
        ver = choose_version(dist, name, version, bump)
        target = folder / f"v{ver}"
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
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-v{ver}-", dir=folder))
        try:
            stats = _write_shards(run_dir, tmp, shard_mb, row_group_mb)
            manifest = _manifest(name, ver, report, tmp, stats)
            history = _history(previous, manifest, fingerprints(tmp), today or date.today())
            manifest["changes"] = history[0]["changes"]
            atomic_write_text(tmp / "manifest.json",
                              json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
            atomic_write_text(tmp / "length_histogram.svg", _histogram_svg(stats["lengths"]))
            card = render_card(manifest, history, license=license,
                               pretty_name=pretty_name or name, repo=repo)
            card.save(tmp / "README.md")
            os.rename(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _write_changelog(folder, history)
        _write_root_card(folder)
    return target


def _write_shards(run_dir: Path, out: Path, shard_mb: int, row_group_mb: int) -> dict[str, Any]:
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


def _history(
    previous: list[tuple[Version, Path]], manifest: dict[str, Any], prints: dict[str, str],
    today: date,
) -> list[dict[str, Any]]:
    """This release's entry with its diff, then the earlier entries, newest first."""
    entry: dict[str, Any] = {"version": manifest["version"], "date": today.isoformat()}
    if previous:
        prev_ver, prev_path = previous[-1]
        old_manifest = json.loads((prev_path / "manifest.json").read_text("utf-8"))
        d = diff(fingerprints(prev_path), prints)
        entry["changes"] = {
            "previous": str(prev_ver),
            "documents_added": len(d["added"]),
            "documents_removed": len(d["removed"]),
            "documents_changed": len(d["changed"]),
            "changed_ids": d["changed"][:20],  # "id (source)"
            "characters_delta": manifest["characters"] - old_manifest["characters"],
            "rules": rule_changes(
                old_manifest["run"]["rules"], manifest["run"]["rules"],
                old_manifest["ruleset"]["rules"], manifest["ruleset"]["rules"],
            ),
        }
    else:
        entry["changes"] = None
    older = []
    for _, path in reversed(previous):
        m = json.loads((path / "manifest.json").read_text("utf-8"))
        older.append({"version": m["version"], "date": m.get("date", ""),
                      "changes": m.get("changes")})
    manifest["date"] = entry["date"]
    return [entry, *older]


def _describe_changes(entry: dict[str, Any]) -> list[str]:
    c = entry["changes"]
    if c is None:
        return ["- First release."]
    lines = [
        f"- Against v{c['previous']}: {c['documents_added']} documents added, "
        f"{c['documents_removed']} removed, {c['documents_changed']} changed; "
        f"characters {c['characters_delta']:+,}.",
    ]
    if c["rules"]:
        lines.append("- Rules behind the change (before → after):")
        lines += [f"  - {describe_rule(r)}" for r in c["rules"]]
    else:
        lines.append("- No rule's counts or options changed.")
    if c["changed_ids"]:
        ids = ", ".join(f"`{i}`" for i in c["changed_ids"][:5])  # id (source)
        lines.append(f"- Changed documents include {ids}.")
    return lines


def describe_rule(r: dict[str, Any]) -> str:
    b, a = r["before"], r["after"]
    text = (f"`{r['code']}`: documents changed {b['docs_changed']} → {a['docs_changed']}, "
            f"characters added {b['chars_added']:,} → {a['chars_added']:,}, "
            f"removed {b['chars_removed']:,} → {a['chars_removed']:,}")
    if r["options"]:
        before, after = r["options"]["before"], r["options"]["after"]
        if before is None:
            text += f"; new rule, options {_options(after)}"
        elif after is None:
            text += "; rule removed"
        else:
            text += f"; options {_options(before)} → {_options(after)}"
    return text


def _options(values: dict[str, Any] | None) -> str:
    """`key=value` pairs as a config file would write them, or `defaults`."""
    if not values:
        return "(none)"
    return ", ".join(f"`{k}={json.dumps(v, ensure_ascii=False)}`" for k, v in values.items())


def _write_changelog(folder: Path, history: list[dict[str, Any]]) -> None:
    path = folder / "CHANGELOG.md"
    head = "# Changelog\n\nReleases of this dataset, newest first.\n"
    old = path.read_text("utf-8") if path.is_file() else head
    body = old[len(head):] if old.startswith(head) else old
    entry = history[0]
    text = "\n".join([f"\n## v{entry['version']} ({entry['date']})", "",
                      *_describe_changes(entry)])
    atomic_write_text(path, head + text + "\n" + body)


def _load_lines(repo: str | None, name: str, ver: str) -> list[str]:
    """How to load this version: from the Hub when a repo is set, else from the folders."""
    if repo:
        return [f'ds = load_dataset("{repo}", revision="v{ver}", split="train")', "```", "",
                "Pin `revision` to a version tag: later releases may change documents."]
    return [
        f'ds = load_dataset("dist_data/{name}/v{ver}", split="train")  # this version',
        f'latest = load_dataset("dist_data/{name}", split="train")  # the latest release',
        "```", "",
        "Each version folder is a dataset of its own; the dataset folder's `README.md` points "
        "its default config at the latest release and has one config per version "
        f'(`load_dataset("dist_data/{name}", "v{ver}")`).',
    ]


def _write_root_card(folder: Path) -> None:
    """`DIST/NAME/README.md`: the default config is the latest release, one per version.

    Without it, `load_dataset("DIST/NAME")` would read every version's shards at once.
    """
    versions = [str(v) for v, _ in releases(folder.parent, folder.name)]
    if not versions:
        return

    def files(v: str) -> list[dict[str, str]]:
        return [{"split": "train", "path": f"v{v}/data/train-*"}]

    configs = [{"config_name": "default", "data_files": files(versions[-1])}]
    configs += [{"config_name": f"v{v}", "data_files": files(v)} for v in reversed(versions)]
    data = DatasetCardData(language=["zh"], configs=configs)
    body = (f"# {folder.name}\n\nReleases of this dataset, one folder each "
            f"(latest: v{versions[-1]}); see `CHANGELOG.md`.\n")
    DatasetCard(f"---\n{data.to_yaml()}\n---\n\n{body}").save(folder / "README.md")


def _input_name(recorded: str) -> str:
    """An input as the card shows it: the sample marker, or the file or folder name."""
    return "the cleaner sample corpus" if recorded.startswith("<") else Path(recorded).name


def render_card(
    manifest: dict[str, Any], history: list[dict[str, Any]], *, license: str,
    pretty_name: str, repo: str | None,
) -> DatasetCard:
    """The data card: Hub YAML metadata plus the sections of the Hub's dataset template."""
    n = manifest["documents"]
    download = sum(s["bytes"] for s in manifest["shards"])
    size = sum(s["uncompressed_bytes"] for s in manifest["shards"])
    data = DatasetCardData(
        pretty_name=pretty_name,
        language=["zh"],
        license=license,
        task_categories=["text-generation"],
        size_categories=[size_category(n)],
        configs=[{"config_name": "default",
                  "data_files": [{"split": "train", "path": "data/train-*"}]}],
        dataset_info={
            "features": _features(),
            "splits": [{"name": "train", "num_examples": n, "num_bytes": size}],
            "download_size": download,
            "dataset_size": size,
        },
    )
    run = manifest["run"]
    docs = run["documents"]
    ver = manifest["version"]
    rules = {r["code"]: r for r in manifest["ruleset"]["rules"]}
    lines = [
        f"# {pretty_name}",
        "",
        "## Dataset summary",
        "",
        f"{n:,} documents ({manifest['characters']:,} characters) of Chinese text, cleaned "
        f"with `cleaner` {manifest['cleaner']} (ruleset `{manifest['ruleset']['fingerprint']}`). "
        "One row per document; paragraphs are separated by a single newline.",
        "",
        "## Sources",
        "",
        f"Inputs: {', '.join(f'`{_input_name(i)}`' for i in manifest['inputs']) or 'none'}; "
        f"{len(manifest['input_files'])} files, listed with their SHA-256 in `manifest.json`.",
        "",
        "## Cleaning pipeline",
        "",
        "| rule | name | stage | options | documents changed |",
        "|---|---|---|---|---|",
    ]
    for code, stats in run["rules"].items():
        r = rules.get(code, {})
        opts = ", ".join(f"`{k}={v}`" for k, v in (r.get("options") or {}).items()) or ""
        lines.append(f"| `{code}` | {r.get('name', '')} | {r.get('stage', '')} | {opts} | "
                     f"{stats['docs_changed']:,} |")
    lines += [
        "",
        "## Statistics",
        "",
        f"- Documents: {n:,}; characters: {manifest['characters']:,}",
        "- Script: " + ", ".join(f"{k} {v:,}" for k, v in manifest["scripts"].items()),
        "",
        "![Document length histogram](length_histogram.svg)",
        "",
        "## Dropped and quarantined",
        "",
        f"Read {docs['read']:,}, written {docs['written']:,}.",
        "",
    ]
    dropped = {**{f"dropped: {k}": v for k, v in docs["dropped"].items()},
               **{f"quarantined: {k}": v for k, v in docs["quarantined"].items()}}
    lines += [f"- {k}: {v:,}" for k, v in dropped.items()] or ["- Nothing was dropped."]
    lines += [
        "",
        "## How to load",
        "",
        "```python",
        "from datasets import load_dataset",
        "",
        *_load_lines(repo, manifest["name"], ver),
        "",
        "## Schema",
        "",
        "`id` (stable hash of source and raw content), `text`, `source`, `title`, `url`, "
        "`date` (ISO 8601), `author`, `script` (`zh-Hans`, `zh-Hant` or `und`), `n_chars`, "
        "`meta` (JSON), `signals` (struct of quality signals, below).",
        "",
        "`signals` measures each cleaned document and decides nothing: choose your own "
        "thresholds. Ratios are over non-whitespace characters (or non-empty lines), lie in "
        "[0, 1], are rounded to 4 decimals and are 0 for an empty document. Parquet keeps "
        "min/max statistics for every field. Filter in one line:",
        "",
        "```python",
        'ds = ds.filter(lambda r: r["signals"]["dup_10gram_char_frac"] < 0.2 '
        'and r["signals"]["han_ratio"] > 0.5)',
        "```",
        "",
        *_signal_lines(),
        "",
        "## Version history",
        "",
    ]
    for entry in history:
        lines += [f"### v{entry['version']} ({entry['date']})", "", *_describe_changes(entry), ""]
    lines += [
        "## Limitations",
        "",
        "Cleaning is rule-based: it repairs capture damage (layout, markup, encoding, "
        "boilerplate, punctuation width, script mixing) and never rewrites wording. Rare "
        "layouts can leave a wrong paragraph break; OCR placeholders are counted in "
        "`meta.ocr_damage`, not repaired.",
        "",
        "## Citation",
        "",
        "```bibtex",
        f"@misc{{{re.sub(r'[^A-Za-z0-9]', '_', manifest['name'])}_{ver.replace('.', '_')},",
        f"  title  = {{{pretty_name}}},",
        f"  note   = {{Version {ver}, cleaned with cleaner {manifest['cleaner']}}},",
        f"  year   = {{{manifest['date'][:4]}}},",
        "}",
        "```",
        "",
    ]
    return DatasetCard(f"---\n{data.to_yaml()}\n---\n\n" + "\n".join(lines))


def _remote_files(api: Any, repo_id: str) -> dict[str, Any]:
    """Path to `RepoFile` of every file in the dataset repo (empty for a new repo)."""
    from huggingface_hub.errors import RepositoryNotFoundError

    try:
        items = api.list_repo_tree(repo_id, repo_type="dataset", recursive=True, expand=True)
        return {f.path: f for f in items if hasattr(f, "blob_id")}
    except RepositoryNotFoundError:
        return {}


def _same_content(remote: Any, local: Path) -> bool:
    """Does the Hub already hold exactly this file? LFS by sha256, others by git blob id."""
    lfs = getattr(remote, "lfs", None)
    if lfs is not None:
        return lfs.sha256 == file_sha256(local)
    data = local.read_bytes()
    blob = hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()  # noqa: S324
    return remote.blob_id == blob


def preflight(repo_id: str, *, token: str | None = None, endpoint: str | None = None) -> str:
    """Check the repo id and the token before any work; return the Hub user name.

    A publish that writes the release and only then finds a bad token cannot simply be
    rerun (the version exists), so `--push` asks the Hub first. The token is never shown.
    """
    from huggingface_hub import HfApi, get_token
    from huggingface_hub.errors import HFValidationError

    if repo_id.count("/") != 1:
        raise PushError(f"--repo must be ORG/NAME, got {repo_id!r}")
    try:
        from huggingface_hub.utils import validate_repo_id

        validate_repo_id(repo_id)
    except HFValidationError as exc:
        raise PushError(f"--repo {repo_id!r} is not a valid Hub repo id: {exc}") from None
    token = token or get_token()
    if not token:
        raise PushError("no Hub token: set HF_TOKEN or run `hf auth login` first")
    try:
        who = HfApi(token=token, endpoint=endpoint).whoami()
    except Exception as exc:  # network stacks and the Hub raise many kinds; say which
        raise PushError(f"the Hub did not accept the token ({type(exc).__name__})") from None
    return str(who.get("name", "?"))


def push(
    release: Path, repo_id: str, *, token: str | None = None, endpoint: str | None = None
) -> str:
    """Upload a release folder to the Hub and tag it; return the commit URL (or "unchanged").

    Idempotent: files the Hub already holds with the same content are not sent again, data
    shards of other versions are deleted in the same commit, and an existing tag is kept,
    so a failed push is retried with `cleaner push NAME VERSION --repo ORG/NAME`. The token
    comes from the usual places (`HF_TOKEN`, `hf auth login`) unless given; it is never
    printed or written anywhere. `endpoint` serves private Hub mirrors.
    """
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi
    from huggingface_hub.errors import HfHubHTTPError

    manifest = json.loads((release / "manifest.json").read_text("utf-8"))
    tag = f"v{manifest['version']}"
    api = HfApi(token=token, endpoint=endpoint)
    local = {p.relative_to(release).as_posix(): p for p in sorted(release.rglob("*"))
             if p.is_file()}
    try:
        api.create_repo(repo_id, repo_type="dataset", exist_ok=True)
        remote = _remote_files(api, repo_id)
        ops: list[Any] = [
            CommitOperationAdd(path_in_repo=name, path_or_fileobj=str(path))
            for name, path in local.items()
            if name not in remote or not _same_content(remote[name], path)
        ]
        ops += [CommitOperationDelete(path_in_repo=name) for name in sorted(remote)
                if name.startswith("data/") and name not in local]
        commit = "unchanged"
        if ops:
            commit = str(api.create_commit(repo_id, ops, repo_type="dataset",
                                           commit_message=f"Release {tag}"))
        api.create_tag(repo_id, tag=tag, repo_type="dataset", tag_message=f"Release {tag}",
                       exist_ok=True)
    except (HfHubHTTPError, OSError, ValueError) as exc:
        raise PushError(f"upload to {repo_id} failed: {type(exc).__name__}: {exc}") from None
    except Exception as exc:  # network stacks raise their own error types
        if type(exc).__module__.startswith(("httpx", "httpcore", "requests", "urllib3")):
            raise PushError(f"upload to {repo_id} failed: {type(exc).__name__}") from None
        raise
    return commit


def compare(release: Path, run_dir: Path) -> dict[str, Any]:
    """What a fresh run changes against a release: documents and per-rule counts."""
    manifest = json.loads((release / "manifest.json").read_text("utf-8"))
    report = json.loads((run_dir / "report.json").read_text("utf-8"))
    d = diff(fingerprints(release), fingerprints(run_dir))
    return {
        "release": manifest["version"],
        "documents_added": d["added"],
        "documents_removed": d["removed"],
        "documents_changed": d["changed"],
        "rules": rule_changes(manifest["run"]["rules"], report["rules"],
                              manifest["ruleset"]["rules"], report["pipeline"]),
        "ruleset_changed": manifest["ruleset"]["fingerprint"] != report["versions"]["ruleset"],
        "identical": not (d["added"] or d["removed"] or d["changed"]),
    }
