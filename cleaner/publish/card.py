"""The data card of a release: Hub YAML metadata, the prose of `card.md`, the length histogram.

The card's text lives in the template file `card.md`; this module computes the fields it
is filled with (counts, tables, the version history) from the manifest. `DIST/NAME/README.md`
(the dataset folder's card, one config per version) is written here too.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import pyarrow as pa
from huggingface_hub import DatasetCard, DatasetCardData

from cleaner.io.writer import SCHEMA
from cleaner.publish.changelog import describe_changes
from cleaner.signals import FIELDS as SIGNAL_FIELDS

_LENGTH_BINS = (0, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000)
_DTYPES = {pa.string(): "string", pa.int64(): "int64", pa.float64(): "float64",
           pa.bool_(): "bool"}


def render_card(
    manifest: dict[str, Any], history: list[dict[str, Any]], *, license: str,
    pretty_name: str, repo: str | None,
) -> DatasetCard:
    """The data card: Hub YAML metadata plus the sections of the Hub's dataset template."""
    fields = _fields(manifest, history, pretty_name, repo)
    fields["metadata"] = _metadata(manifest, license, pretty_name).to_yaml()
    return DatasetCard(_fill(_template(), fields))


@cache
def _template() -> str:
    return (resources.files("cleaner.publish") / "card.md").read_text("utf-8")


def _fill(template: str, fields: dict[str, Any]) -> str:
    """`${name}` placeholders replaced by their fields.

    A placeholder alone on its line whose field is a list of lines takes that many lines,
    none at all for an empty list (so an empty table or list leaves no stray blank line).
    """
    lines: list[str] = []
    for line in template.split("\n"):
        block = fields.get(line[2:-1]) if line.startswith("${") and line.endswith("}") else None
        if isinstance(block, list):
            lines += block
        else:
            lines.append(Template(line).substitute(fields))
    return "\n".join(lines)


def _metadata(manifest: dict[str, Any], license: str, pretty_name: str) -> DatasetCardData:
    """The card's YAML header: what the Hub shows and what `datasets` reads the files with."""
    n = manifest["documents"]
    download = sum(s["bytes"] for s in manifest["shards"])
    size = sum(s["uncompressed_bytes"] for s in manifest["shards"])
    return DatasetCardData(
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


def _fields(
    manifest: dict[str, Any], history: list[dict[str, Any]], pretty_name: str, repo: str | None,
) -> dict[str, Any]:
    """Every placeholder of card.md but `metadata`: strings, or lists of lines for blocks."""
    docs = manifest["run"]["documents"]
    ver = manifest["version"]
    load_code, load_note = _load_lines(repo, manifest["name"], ver)
    return {
        "pretty_name": pretty_name,
        "documents": f"{manifest['documents']:,}",
        "characters": f"{manifest['characters']:,}",
        "cleaner": manifest["cleaner"],
        "ruleset": manifest["ruleset"]["fingerprint"],
        "inputs": ", ".join(f"`{_input_name(i)}`" for i in manifest["inputs"]) or "none",
        "input_files": str(len(manifest["input_files"])),
        "pipeline": _pipeline_rows(manifest),
        "scripts": ", ".join(f"{k} {v:,}" for k, v in manifest["scripts"].items()),
        "read": f"{docs['read']:,}",
        "written": f"{docs['written']:,}",
        "dropped": _dropped_lines(docs),
        "load_code": load_code,
        "load_note": load_note,
        "signals": _signal_lines(),
        "history": _history_lines(history),
        "cite_key": f"{re.sub(r'[^A-Za-z0-9]', '_', manifest['name'])}_{ver.replace('.', '_')}",
        "version": ver,
        "year": manifest["date"][:4],
    }


def _pipeline_rows(manifest: dict[str, Any]) -> list[str]:
    """One table row per rule of the run: name, stage, options, documents it changed."""
    rules = {r["code"]: r for r in manifest["ruleset"]["rules"]}
    rows = []
    for code, stats in manifest["run"]["rules"].items():
        r = rules.get(code, {})
        opts = ", ".join(f"`{k}={v}`" for k, v in (r.get("options") or {}).items()) or ""
        rows.append(f"| `{code}` | {r.get('name', '')} | {r.get('stage', '')} | {opts} | "
                    f"{stats['docs_changed']:,} |")
    return rows


def _dropped_lines(docs: dict[str, Any]) -> list[str]:
    dropped = {**{f"dropped: {k}": v for k, v in docs["dropped"].items()},
               **{f"quarantined: {k}": v for k, v in docs["quarantined"].items()}}
    return [f"- {k}: {v:,}" for k, v in dropped.items()] or ["- Nothing was dropped."]


def _history_lines(history: list[dict[str, Any]]) -> list[str]:
    """Each version's entry under its heading, newest first, a blank line between them."""
    lines: list[str] = []
    for entry in history:
        if lines:
            lines.append("")
        lines += [f"### v{entry['version']} ({entry['date']})", "", *describe_changes(entry)]
    return lines


def _load_lines(repo: str | None, name: str, ver: str) -> tuple[list[str], str]:
    """How to load this version (code, then a note): from the Hub when a repo is set, else
    from the folders."""
    if repo:
        return ([f'ds = load_dataset("{repo}", revision="v{ver}", split="train")'],
                "Pin `revision` to a version tag: later releases may change documents.")
    return (
        [f'ds = load_dataset("dist_data/{name}/v{ver}", split="train")  # this version',
         f'latest = load_dataset("dist_data/{name}", split="train")  # the latest release'],
        "Each version folder is a dataset of its own; the dataset folder's `README.md` points "
        "its default config at the latest release and has one config per version "
        f'(`load_dataset("dist_data/{name}", "v{ver}")`).',
    )


def _input_name(recorded: str) -> str:
    """An input as the card shows it: the sample marker, or the file or folder name."""
    return "the cleaner sample corpus" if recorded.startswith("<") else Path(recorded).name


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


def size_category(n: int) -> str:
    """The Hub's size bucket for `n` documents."""
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                         (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"),
                         (100_000_000, "10M<n<100M"), (1_000_000_000, "100M<n<1B")):
        if n < limit:
            return label
    return "1B<n<10B"


def _short_n(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 else str(n)


def histogram_svg(lengths: list[int]) -> str:
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


def write_root_card(folder: Path, versions: list[str]) -> None:
    """`DIST/NAME/README.md`: the default config is the latest release, one per version.

    Without it, `load_dataset("DIST/NAME")` would read every version's shards at once.
    `versions` are the releases' versions, oldest first.
    """
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

