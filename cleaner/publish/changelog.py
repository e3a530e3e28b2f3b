"""What changed between versions: document fingerprints, diffs, rule changes, the changelog.

A release's history entry (`manifest.json` "changes") is computed here once, at publish
time; the data card and `DIST/NAME/CHANGELOG.md` both describe it in the same words, and
`cleaner check` (compare.py) uses the same fingerprints and rule diff against a fresh run.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from cleaner.io.writer import atomic_write_text

if TYPE_CHECKING:
    from cleaner.publish.release import Version

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


def history(
    previous: list[tuple[Version, Path]], manifest: dict[str, Any],
    prints: dict[str, tuple[str, str]], today: date,
) -> list[dict[str, Any]]:
    """This release's entry with its diff, then the earlier entries, newest first.

    Never empty: the release's own entry comes first. Sets `manifest["date"]` to today.
    """
    entry: dict[str, Any] = {"version": manifest["version"], "date": today.isoformat()}
    entry["changes"] = _changes(*previous[-1], manifest, prints) if previous else None
    older = []
    for _, path in reversed(previous):
        m = json.loads((path / "manifest.json").read_text("utf-8"))
        older.append({"version": m["version"], "date": m.get("date", ""),
                      "changes": m.get("changes")})
    manifest["date"] = entry["date"]
    return [entry, *older]


def _changes(
    prev_ver: Version, prev_path: Path, manifest: dict[str, Any],
    prints: dict[str, tuple[str, str]],
) -> dict[str, Any]:
    """The diff of a new release against the previous one, as its manifest records it."""
    old_manifest = json.loads((prev_path / "manifest.json").read_text("utf-8"))
    d = diff(fingerprints(prev_path), prints)
    return {
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


def describe_changes(entry: dict[str, Any]) -> list[str]:
    """A history entry as Markdown bullets: the card and the changelog say the same."""
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
    """One rule change of `rule_changes` in a line: counts before → after, option edits."""
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
    """`key=value` pairs as a config file would write them, or `(none)`."""
    if not values:
        return "(none)"
    return ", ".join(f"`{k}={json.dumps(v, ensure_ascii=False)}`" for k, v in values.items())


def write_changelog(folder: Path, entries: list[dict[str, Any]]) -> None:
    """Prepend the newest entry to `DIST/NAME/CHANGELOG.md`, keeping what is already there."""
    path = folder / "CHANGELOG.md"
    head = "# Changelog\n\nReleases of this dataset, newest first.\n"
    old = path.read_text("utf-8") if path.is_file() else head
    body = old[len(head):] if old.startswith(head) else old
    entry = entries[0]
    text = "\n".join([f"\n## v{entry['version']} ({entry['date']})", "",
                      *describe_changes(entry)])
    atomic_write_text(path, head + text + "\n" + body)

