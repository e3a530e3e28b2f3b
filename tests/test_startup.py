"""What a run pays before its first document: libraries only the documents that need them
import, and workers forked from a server that imported the rules and built their tables."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap

import pytest

from cleaner.pipeline import PipelineSpec
from cleaner.run import local

# Imported by the rules that need them, on the first document that does.
_ON_DEMAND = ("ftfy", "yaml", "lxml", "readability")


def test_a_plain_text_run_imports_no_library_its_documents_do_not_need(tmp_path):
    corpus = tmp_path / "plain.jsonl"
    texts = ["今天的天气很好，我们一起去公园散步。", "這是一篇繁體中文的短文，內容很簡單。"]
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), "utf-8")
    code = (
        "import sys\nfrom cleaner.cli import app\n"
        f"sys.argv = ['cleaner', 'run', '-q', '-w', '1', '-o', {str(tmp_path / 'out')!r},"
        f" {str(corpus)!r}]\ntry:\n    app()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {_ON_DEMAND!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]"), out.stdout + out.stderr
    assert (tmp_path / "out" / "report.json").is_file()


def test_the_libraries_are_imported_when_a_document_needs_them():
    from cleaner_rules.decode.mojibake import Mojibake
    from cleaner_rules.markup.front_matter import FrontMatter

    from cleaner.document import Document

    doc = Document.from_text("---\ntitle: 標題\n---\n正文", source="x")
    assert FrontMatter().apply(doc) == "正文" and doc.title == "標題"
    garbled = "测试通过".encode().decode("cp1252")  # UTF-8 read as cp1252
    assert Mojibake().apply(Document.from_text(garbled, source="y")) == "测试通过"


def _worker_state() -> tuple[bool, int]:
    """Run in a worker: was it forked from the warm server, and are C001's tables built?"""
    from cleaner_rules.script.evidence import only_simplified

    return "cleaner.run.warm" in sys.modules, only_simplified.cache_info().currsize


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                    reason="no fork server on this platform")
def test_workers_start_with_the_rules_imported_and_their_tables_built():
    with local._pool(2, PipelineSpec()) as pool:
        warm, tables = pool.submit(_worker_state).result(timeout=120)
    assert warm and tables == 1


def _fork_server_starts(tmp_path, workers: int) -> list[bool]:
    """Run the CLI in a fresh interpreter; for each time it asked for the fork server,
    whether the rules were imported in the main process by then."""
    corpus = tmp_path / "two.jsonl"
    texts = ["今天的天气很好，我们一起去公园散步。", "這是一篇繁體中文的短文，內容很簡單。"]
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), "utf-8")
    code = textwrap.dedent(f"""\
        import json, sys
        from multiprocessing import forkserver

        asked = []
        start = forkserver.ensure_running

        def ensure_running():
            asked.append("cleaner_rules" in sys.modules)
            start()

        forkserver.ensure_running = ensure_running
        from cleaner.cli import app

        sys.argv = ["cleaner", "run", "-q", "-w", "{workers}", "-o", {str(tmp_path / "out")!r},
                    {str(corpus)!r}]
        if __name__ == "__main__":
            try:
                app()
            except SystemExit:
                pass
            print(json.dumps(asked))
    """)
    script = tmp_path / "cli.py"
    script.write_text(code, "utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         check=True, timeout=300)
    assert (tmp_path / "out" / "report.json").is_file(), out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                    reason="no fork server on this platform")
def test_the_cli_starts_the_fork_server_before_it_imports_the_rules(tmp_path):
    # Its imports and warm-up then overlap the main process's own, not follow them.
    asked = _fork_server_starts(tmp_path, workers=2)
    assert asked and asked[0] is False


def test_a_one_worker_run_starts_no_fork_server(tmp_path):
    assert _fork_server_starts(tmp_path, workers=1) == []


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(),
                    reason="no fork server on this platform")
def test_the_fork_server_is_launched_with_this_process_import_path(monkeypatch):
    # `pip install . && cleaner run` in the source checkout: the server (`python -c`) must
    # not put its working directory, holding the checkout's `cleaner` without the native
    # core, before the installed package; Python 3.11 ignores the path it is handed.
    from multiprocessing import forkserver

    from cleaner import workers

    seen: list[tuple[str | None, str | None]] = []
    monkeypatch.setattr(forkserver, "ensure_running", lambda: seen.append(
        (os.environ.get("PYTHONSAFEPATH"), os.environ.get("PYTHONPATH"))))
    monkeypatch.delenv("PYTHONSAFEPATH", raising=False)
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    workers.start_server(2)
    assert seen == [("1", os.pathsep.join(os.path.abspath(p) for p in sys.path))]
    assert "PYTHONSAFEPATH" not in os.environ and os.environ["PYTHONPATH"] == "/somewhere"
    workers.start_server(1)
    assert len(seen) == 1
