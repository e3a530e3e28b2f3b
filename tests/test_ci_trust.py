"""What a CI user runs into: config mistakes, silent runs, output read back, closed pipes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["run", *args])


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text("河边的柳树发了新芽，孩子们在树下放风筝。\n", "utf-8")
    (folder / "b.txt").write_text("傍晚的集市很热闹，卖菜的老人收摊回家了。\n", "utf-8")
    return folder


def test_broken_pyproject_table_is_an_error_not_the_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nstrict = tru\n', "utf-8")
    result = run("-q")
    assert result.exit_code == 2
    assert "pyproject.toml" in result.output and "line" in result.output
    assert not (tmp_path / "dist_data").exists()


def test_cleaner_toml_beside_a_pyproject_table_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _corpus(tmp_path / "corpus")
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\ninputs = ["corpus"]\n', "utf-8")
    (tmp_path / "cleaner.toml").write_text("strict = true\n", "utf-8")
    result = run("-q")
    assert result.exit_code == 2
    assert "both configure cleaner" in result.output


def test_config_without_inputs_does_not_clean_the_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cleaner.toml").write_text("strict = true\n", "utf-8")
    result = run("-q")
    assert result.exit_code == 2
    assert "no inputs" in result.output
    assert not (tmp_path / "dist_data").exists()


def test_sample_run_says_it_cleaned_the_sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run()
    assert result.exit_code == 0, result.output
    assert "bundled sample corpus" in result.output


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('strict = "no"', ["strict", "true or false", "'no'"]),
        ('workers = "two"', ["workers", "integer >= 1", "'two'"]),
        ("workers = 2.5", ["workers", "integer", "2.5"]),
        ("shard_mb = 0", ["shard_mb", ">= 1", "0"]),
        ("row_group_mb = 0", ["row_group_mb", ">= 1"]),
        ("text_field = 3", ["text_field", "a string"]),
        ('ignore = "B001"', []),  # a single string is accepted as a list of one
        ("ignore = [1]", ["ignore", "list of strings"]),
    ],
)
def test_config_values_are_type_checked(tmp_path, monkeypatch, line, words):
    monkeypatch.chdir(tmp_path)
    _corpus(tmp_path / "corpus")
    (tmp_path / "cleaner.toml").write_text(f'inputs = ["corpus"]\n{line}\n', "utf-8")
    result = run("-q", "-o", "out")
    if not words:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "cleaner.toml" in result.output
    for word in words:
        assert word in result.output


def test_output_inside_input_is_never_read_back(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _corpus(tmp_path)
    reads = []
    for _ in range(3):
        result = run(".", "-o", "out", "--json", "--no-progress")
        assert result.exit_code == 0, result.output
        reads.append(json.loads(result.stdout)["documents"])
    assert [r["read"] for r in reads] == [2, 2, 2]
    assert all(not r["quarantined"] for r in reads)


def test_strict_quiet_says_why_on_stderr(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    (corpus / "bad.jsonl").write_text('{"text": "好"}\n{broken\n', "utf-8")
    result = run(str(corpus), "-o", str(tmp_path / "out"), "--strict", "--quiet")
    assert result.exit_code == 1
    assert "quarantined" in result.stderr and "malformed" in result.stderr


def test_only_unsupported_files_fail_strict_and_are_counted(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a.docx", "b.docx", "c.pdf"):
        (folder / name).write_bytes(b"PK\x03\x04")
    result = run(str(folder), "-o", str(tmp_path / "out"), "--strict", "-q")
    assert result.exit_code == 1
    assert "no documents read" in result.stderr and "2 .docx" in result.stderr
    rep = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert rep["skipped_files"] == {".docx": 2, ".pdf": 1}
    assert run(str(folder), "-o", str(tmp_path / "out2"), "-q").exit_code == 0


def test_progress_line_without_a_terminal(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    result = run(str(corpus), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "cleaner: 2 docs in" in result.stderr


def test_closed_pipe_is_not_an_error(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    cmd = [sys.executable, "-m", "cleaner", "run", str(corpus), "-o", str(tmp_path / "out"),
           "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader went away before the report was printed
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr.decode()
    assert b"Traceback" not in stderr


def test_quarantined_utf8_line_is_stored_as_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.jsonl").write_bytes('{"text": "好"}\n{"text": "坏行\n'.encode() + b"\xff\xfe{\n")
    result = run(str(corpus), "-o", str(tmp_path / "out"), "-q")
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out" / "quarantine.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0]["text"] == '{"text": "坏行' and "bytes_b64" not in records[0]
    assert "bytes_b64" in records[1] and "text" not in records[1]
