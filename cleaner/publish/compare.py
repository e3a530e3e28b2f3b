"""Would a fresh run change a release? The comparison behind `cleaner check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cleaner.publish.changelog import diff, fingerprints, rule_changes


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
