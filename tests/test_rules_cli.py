"""Rule authoring: `cleaner rules new`, `rules test`, `rules docs`; and CI output contracts."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import registry
from cleaner.authoring.ruledocs import bundled_rules, render
from cleaner.authoring.scaffold import (
    ScaffoldError,
    check_rules,
    next_code,
    parse_stage,
    scaffold,
    used_codes,
)
from cleaner.cli import app
from cleaner.registry import _rules_in, all_rules
from cleaner.rule import Example, Rule, Stage

ROOT = Path(__file__).resolve().parent.parent
cli = CliRunner()


@pytest.fixture
def pack(tmp_path, monkeypatch):
    """An empty rule package on sys.path, standing in for `rules/`."""
    folder = tmp_path / "scaffold_pack"
    folder.mkdir()
    (folder / "__init__.py").write_text('"""Test pack."""\n', "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield folder
    for name in [m for m in sys.modules if m.startswith("scaffold_pack")]:
        del sys.modules[name]


def test_stage_letters_are_unique_and_start_every_code():
    assert len({stage.letter for stage in Stage}) == len(Stage)
    for code, rule in all_rules().items():
        assert code[0] == rule.stage.letter, code
    assert parse_stage("spacing") is parse_stage("S") is Stage.SPACING
    assert parse_stage("punctuation") is parse_stage("width") is Stage.PUNCTUATION
    assert parse_stage("filters") is Stage.FILTER
    with pytest.raises(ScaffoldError, match="one of"):
        parse_stage("columns")


def test_codes_are_never_reused(tmp_path):
    assert next_code(Stage.SPACING, {"S001", "S002", "T009"}) == "S003"
    assert next_code(Stage.SPACING, {"S001", "S005"}) == "S006"  # a gap stays a gap
    assert next_code(Stage.OCR, set()) == "O001"
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("### Removed\n- `S007` old-spacing: replaced by S002.\n", "utf-8")
    taken = used_codes(tmp_path, {"S001"}, changelog)
    assert next_code(Stage.SPACING, taken) == "S008"


def test_scaffold_is_registered_and_starts_red(pack):
    made = scaffold("ad-footer", Stage.TIDY, rules_dir=pack, registered=all_rules(),
                    changelog=ROOT / "CHANGELOG.md")
    assert made.path == pack / "tidy" / "ad_footer.py"
    assert made.code == next_code(Stage.TIDY, used_codes(ROOT / "rules", all_rules(),
                                                         ROOT / "CHANGELOG.md"))
    found = _rules_in(importlib.import_module("scaffold_pack"))
    assert [r.code for r in found] == [made.code]
    rule = found[0]
    assert (rule.name, rule.stage, rule.__name__) == ("ad-footer", Stage.TIDY, "AdFooter")
    assert (pack / "tidy" / "__init__.py").read_text("utf-8").startswith('"""Stage `tidy` (T)')
    assert "TODO" in rule.summary and "TODO" in rule.rationale
    results = check_rules([rule])
    assert [r.passed for r in results] == [False, True]  # fill in the first example


def test_scaffold_filter_and_explicit_code(pack):
    made = scaffold("boilerplate-page", Stage.FILTER, code="f099", rules_dir=pack,
                    registered=all_rules(), changelog=None)
    assert made.code == "F099"
    rule = _rules_in(importlib.import_module("scaffold_pack"))[0]
    assert rule.stage is Stage.FILTER and made.path.parent.name == "filter"
    assert [r.passed for r in check_rules([rule])] == [False, True]


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("Ad_Footer", None, "lowercase"),
        ("cjk-spaces", None, "exists already"),
        ("new-rule", "S001", "taken"),
        ("new-rule", "T050", "does not match stage"),
        ("new-rule", "S01", "a letter and three digits"),
    ],
)
def test_scaffold_refuses(pack, name, code, message):
    with pytest.raises(ScaffoldError, match=message):
        scaffold(name, Stage.SPACING, code=code, rules_dir=pack, registered=all_rules())
    assert [p.name for p in pack.rglob("*.py")] == ["__init__.py"]


def test_cli_new_refuses_to_overwrite(pack):
    args = ["rules", "new", "stray-marks", "--stage", "tidy", "--dir", str(pack)]
    first = cli.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "stray_marks.py" in first.output and "cleaner rules test T" in first.output
    assert "next steps" in first.output and "CONTRIBUTING.md" in first.output
    text = (pack / "tidy" / "stray_marks.py").read_text("utf-8")
    second = cli.invoke(app, args)
    assert second.exit_code == 2 and "refusing to overwrite" in second.output
    assert (pack / "tidy" / "stray_marks.py").read_text("utf-8") == text


class _Broken(Rule):
    code = "T990"
    name = "broken-example"
    stage = Stage.TIDY
    summary = "Test double."
    rationale = "A rule whose second example is wrong, to see the failure output."
    examples = (Example("甲 乙", "甲乙"), Example("丙 丁", "丙丁 wrong"))

    def apply(self, doc):  # type: ignore[no-untyped-def]
        return doc.text.replace(" ", "")


def test_cli_test_reports_pass_fail_and_diff(monkeypatch):
    ok = cli.invoke(app, ["rules", "test", "S001"])
    assert ok.exit_code == 0, ok.output
    assert ok.output.count("PASS S001-") == len(all_rules()["S001"].examples)
    assert "FAIL" not in ok.output
    monkeypatch.setattr(registry, "all_rules", lambda: {"T990": _Broken})
    bad = cli.invoke(app, ["rules", "test", "T990"])
    assert bad.exit_code == 1
    assert "PASS T990-0" in bad.output and "FAIL T990-1" in bad.output
    assert "-丙丁·wrong" in bad.output and "+丙丁" in bad.output
    assert "1 passed, 1 failed" in bad.output
    assert cli.invoke(app, ["rules", "test", "Z9"]).exit_code == 2


def test_every_example_passes_through_the_cli_checker():
    failed = [r.label for r in check_rules(all_rules().values()) if not r.passed]
    assert failed == []


def test_no_rule_is_left_half_scaffolded():
    for code, rule in all_rules().items():
        texts = [rule.summary, rule.rationale] + [e.before for e in rule.examples]
        assert not any("TODO" in t for t in texts), f"{code} still has TODO placeholders"


def test_rule_docs_are_up_to_date():
    path = ROOT / "docs" / "rules.md"
    current = path.read_bytes().decode("utf-8") if path.is_file() else ""
    assert current == render(), (
        "docs/rules.md is out of date with the rules: regenerate it with "
        "`cleaner rules docs` (from the repository root) and commit it"
    )


def test_rule_docs_content():
    text = render()
    assert text == render()
    for rule in bundled_rules():
        assert f"\n### {rule.code} {rule.name}\n" in text
        assert rule.rationale in text
    assert "| `spacing.cjk_latin` | `\"remove\"` | `\"remove\"`, `\"add\"`, `\"keep\"` |" in text
    assert "Before (with `spacing.cjk_latin = \"add\"`):" in text
    assert "Dropped:" in text and "Kept:" in text
    assert "\r" not in text and "\u200b" not in text  # invisible characters are spelled out


def test_cli_docs_write_and_check(tmp_path):
    target = tmp_path / "rules.md"
    assert cli.invoke(app, ["rules", "docs", "--check", "-o", str(target)]).exit_code == 1
    assert cli.invoke(app, ["rules", "docs", "-o", str(target)]).exit_code == 0
    assert target.read_text("utf-8") == render()
    result = cli.invoke(app, ["rules", "docs", "--check", "-o", str(target)])
    assert result.exit_code == 0 and "up to date" in result.output


# --- what CI relies on: --quiet is silent, --json is only JSON ------------------------------


def _cleaner(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from cleaner.cli import app; app()", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
        env={**os.environ, **env},
    )


def test_run_json_is_plain_json_even_with_force_color(tmp_path):
    result = _cleaner(["run", "-o", "out", "--json", "--workers", "1"], tmp_path,
                      FORCE_COLOR="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents"]["read"] == 16
    assert "\x1b" not in result.stdout and result.stderr == ""


def test_run_quiet_prints_nothing_and_progress_logs_without_a_terminal(tmp_path):
    quiet = cli.invoke(app, ["run", "-o", str(tmp_path / "a"), "-q", "--workers", "1"])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    logged = cli.invoke(app, ["run", "-o", str(tmp_path / "b"), "-q", "--progress",
                              "--workers", "1"])
    assert logged.exit_code == 0 and logged.stdout == ""
    assert logged.stderr.startswith("cleaner: 16 docs in ") and "\x1b" not in logged.stderr


def test_rule_pack_installs_under_its_own_name():
    """No top-level `rules` package (a PyPI name of its own): the pack is `cleaner_rules`."""
    from importlib.metadata import distribution, entry_points

    import cleaner_rules

    dist = distribution("cleaner")
    top = dist.read_text("top_level.txt")
    if top is not None:
        assert "rules" not in top.split()
    eps = {ep.name: ep.value for ep in entry_points(group="cleaner.rules")}
    assert eps.get("default") == "cleaner_rules"
    assert Path(cleaner_rules.__file__).parent.name in ("rules", "cleaner_rules")
