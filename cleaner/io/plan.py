"""Which files a run reads, in which order, and what they hold on disk.

Inputs are files and folders; a folder is walked recursively in order of relative POSIX
path, one sorted listing at a time, skipping hidden entries, folders already visited
(symlink loops) and folders a run excludes (its own output). Each file found becomes an
`InputFile` that says how to read it; inputs that cannot be listed become `Quarantined`
records, so that nothing is dropped silently. `input_fingerprint` records what a release
read (size and sha256 of every file).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.document import Quarantined

__all__ = [
    "InputFile",
    "Walk",
    "count_input_bytes",
    "file_sha256",
    "input_files",
    "input_fingerprint",
    "plan_inputs",
]

_KINDS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
}
_COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
# Written by `DatasetDict.save_to_disk` next to the split folders; not a corpus file.
_SKIPPED_NAMES = frozenset({"dataset_dict.json"})


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: where it is, its `source` name and how to read it."""

    path: Path
    source: str
    kind: str  # text | markdown | html | jsonl | json | parquet | arrow
    compression: str | None = None


@dataclass
class Walk:
    """How folders are walked: folders left out (a run's own output), and what was skipped.

    A run's output folder inside an input folder would be read back as input on the next
    run (its shards, report and quarantine file), so runs exclude it. Files of an
    unsupported type are counted by extension in `skipped`, so that a folder of `.docx`
    files does not look like an empty corpus.
    """

    exclude: frozenset[str] = frozenset()  # real paths of folders never entered
    skipped: Counter[str] = field(default_factory=Counter)

    @classmethod
    def excluding(cls, *folders: Path) -> Walk:
        return cls(frozenset(os.path.realpath(f) for f in folders))


def plan_inputs(
    inputs: Iterable[str | Path], walk: Walk | None = None
) -> Iterator[InputFile | Quarantined]:
    """The files `iter_documents` reads, in its order, and the inputs it cannot list.

    Engines that spread files over machines read each `InputFile` with `read_file`; the
    documents and their order are the same as `iter_documents` gives.
    """
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    return _iter_entries(inputs, walk or Walk())


def input_files(
    inputs: Iterable[str | Path], walk: Walk | None = None
) -> Iterator[tuple[str, Path]]:
    """(source name, path) of every file `iter_documents` would read, in its order."""
    for entry in plan_inputs(inputs, walk):
        if isinstance(entry, InputFile):
            yield entry.source, entry.path


def count_input_bytes(inputs: Iterable[str | Path]) -> int:
    """Sum of the on-disk sizes of the files `iter_documents` would read (for progress bars)."""
    total = 0
    for _, path in input_files(inputs):
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes, read 1 MiB at a time."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def input_fingerprint(inputs: list[Path], out_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every input file with its size and sha256, so a release says exactly what it read."""
    out = []
    walk = Walk.excluding(out_dir) if out_dir is not None else None
    for source, path in input_files(inputs, walk):
        if path.exists() and not path.is_file():  # a pipe: read once already, maybe endless
            out.append({"source": source, "error": "not a regular file"})
            continue
        try:
            out.append({"source": source, "bytes": path.stat().st_size,
                        "sha256": file_sha256(path)})
        except OSError as exc:
            out.append({"source": source, "error": str(exc)})
    return out


# --- finding files ------------------------------------------------------------------------


def _iter_entries(
    inputs: Iterable[str | Path], walk: Walk
) -> Iterator[InputFile | Quarantined]:
    for item in inputs:
        path = Path(item)
        try:
            is_dir = path.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, "", {os.path.realpath(path), *walk.exclude}, walk.skipped)
            continue
        name = _safe_name(path.name or str(path))
        try:
            mode = path.stat().st_mode
        except OSError:
            mode = 0  # reported as unreadable when opened
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
            # /dev/zero, /dev/random, a terminal: reading would never end. (A pipe or FIFO
            # is read like `cat` reads it, capped like a compressed file.)
            yield Quarantined(name, "not-a-file", "a device or socket, not a file", b"")
            continue
        lower = path.name.lower()
        found = _classify(path.name)
        if found is None:
            compression = next((c for e, c in _COMPRESSIONS.items() if lower.endswith(e)), None)
            found = ("arrow", None) if lower.endswith(".arrow") else ("text", compression)
        yield InputFile(path, name, *found)


def _walk(
    directory: Path, rel: str, visited: set[str], skipped: Counter[str]
) -> Iterator[InputFile | Quarantined]:
    """Depth-first walk whose output is sorted by relative POSIX path."""
    try:
        entries = _listing(directory)
    except OSError as exc:
        yield Quarantined(
            rel.rstrip("/") or _safe_name(directory.name), "unreadable", str(exc), b""
        )
        return
    names = {e.name for e in entries}
    if "state.json" in names and any(n.endswith(".arrow") for n in names):
        yield from _saved_dataset(directory, rel, names)
        return
    for is_dir, entry in _in_path_order(entries):
        rel_path = rel + _safe_name(entry.name)
        if not is_dir:
            planned = _planned_file(entry, rel_path, skipped)
            if planned is not None:
                yield planned
            continue
        real = os.path.realpath(entry.path)
        if real not in visited:
            visited.add(real)
            yield from _walk(Path(entry.path), rel_path + "/", visited, skipped)


def _listing(directory: Path) -> list[os.DirEntry[str]]:
    """The entries of one folder, hidden ones left out; raises OSError."""
    with os.scandir(directory) as it:
        return [e for e in it if not e.name.startswith(".")]


def _in_path_order(entries: list[os.DirEntry[str]]) -> list[tuple[bool, os.DirEntry[str]]]:
    """(is a folder, entry) in global path order.

    Sorting each listing with directories keyed as ``name + "/"`` gives exactly the global
    path order ("a-b/x" < "a.txt" < "a/b.txt") while holding one listing at a time.
    """
    keyed = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        keyed.append((entry.name + "/" if is_dir else entry.name, is_dir, entry))
    keyed.sort(key=lambda k: k[0])
    return [(is_dir, entry) for _, is_dir, entry in keyed]


def _planned_file(
    entry: os.DirEntry[str], rel_path: str, skipped: Counter[str]
) -> InputFile | None:
    """The file to read for a listed non-folder entry, or None (counted if unsupported)."""
    found = _classify(entry.name)
    if found is None or entry.name in _SKIPPED_NAMES:
        if found is None:
            skipped[os.path.splitext(entry.name)[1].lower() or "(no extension)"] += 1
        return None
    try:
        # Regular files, and symlinks (a broken one is reported as unreadable);
        # never FIFOs or devices, which could block or never end.
        readable = entry.is_symlink() or entry.is_file()
    except OSError:
        readable = True
    return InputFile(Path(entry.path), rel_path, *found) if readable else None


def _saved_dataset(directory: Path, rel: str, names: set[str]) -> Iterator[InputFile]:
    """Arrow files of a `save_to_disk` folder, in ``state.json`` order (sorted as fallback)."""
    order = sorted(n for n in names if n.endswith(".arrow"))
    try:
        state = json.loads((directory / "state.json").read_bytes())
        listed = [f["filename"] for f in state["_data_files"]]
        if listed and all(isinstance(n, str) and n and os.path.basename(n) == n for n in listed):
            order = listed
    except (OSError, ValueError, KeyError, TypeError):
        pass
    for name in order:
        yield InputFile(directory / name, rel + _safe_name(name), "arrow")


def _classify(name: str) -> tuple[str, str | None] | None:
    """(kind, compression) for a supported file name, else None."""
    lower = name.lower()
    compression = None
    for ext, comp in _COMPRESSIONS.items():
        if lower.endswith(ext):
            compression = comp
            lower = lower[: -len(ext)]
            break
    kind = _KINDS.get(os.path.splitext(lower)[1])
    if kind is None or (kind == "parquet" and compression):
        return None
    return kind, compression


def _safe_name(name: str) -> str:
    """File names that are not valid UTF-8 still need a writable `source`."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name
