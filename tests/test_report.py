"""`cleaner report`: a self-contained HTML page, checked statically and in headless Chromium.

The browser test drives Chromium over the DevTools protocol on a pipe
(`--remote-debugging-pipe`: JSON messages ending in NUL on fds 3 and 4), so it needs no
websocket library and no network port.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.config import Config, sample_corpus
from cleaner.inspect.report import build
from cleaner.run import run

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT_COPY = Path("/tmp/cleaner-report.png")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    run(Config(workers=1, dataset="sample").validate(), out, [sample_corpus()])
    return out


@pytest.fixture(scope="module")
def page(run_dir: Path) -> tuple[Path, Any]:
    html, got = build(run_dir)
    path = run_dir / "report.html"
    path.write_text(html, "utf-8")
    return path, got


def _data(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html,
                      re.S)
    assert match
    return json.loads(match.group(1))


def test_page_is_self_contained_and_deterministic(run_dir, page):
    path, _ = page
    html = path.read_text("utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "<link rel=\"stylesheet\"" not in html and "@import" not in html
    assert build(run_dir)[0] == html


def test_templates_ship_as_package_data():
    """A template missing from package-data is missing from a wheel, though a checkout finds it."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    root = Path(__file__).resolve().parent.parent
    setuptools = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    globs = setuptools["package-data"]["cleaner.inspect"]
    package = root / "cleaner" / "inspect"
    templates = sorted(p.relative_to(package).as_posix() for p in package.glob("templates/*"))
    assert templates == ["templates/report.css", "templates/report.html", "templates/report.js"]
    assert all(any(fnmatch(t, g) for g in globs) for t in templates)


def test_sample_matches_the_run_report(run_dir, page):
    """All 16 sample documents are sampled; their per-rule changes add up to report.json."""
    path, got = page
    report = json.loads((run_dir / "report.json").read_text("utf-8"))
    data = _data(path.read_text("utf-8"))
    assert len(data["docs"]) == report["documents"]["read"] == got.read == 16
    for code, stats in report["rules"].items():
        in_sample = sum(any(r[0] == code for r in d["rules"]) for d in data["docs"])
        assert in_sample == stats["docs_changed"], code
    for doc in data["docs"]:
        before = "".join(op[1] for op in doc["ops"] if op[0] != "+")
        after = "".join(op[1] for op in doc["ops"] if op[0] != "-")
        assert len(before) == doc["before_len"] and len(after) == doc["after_len"]
    labels = {op[2] for doc in data["docs"] for op in doc["ops"] if len(op) == 3}
    assert {"⟨U+FEFF⟩", "↵"} <= labels  # removed invisibles get a visible label
    assert not got.warnings


def test_sample_size_is_bounded_and_stable(run_dir):
    html, got = build(run_dir, samples=3)
    assert len(got.docs) == 3 and got.read == 16
    ids = [d.id for d in got.docs]
    assert ids == [d.id for d in build(run_dir, samples=3)[1].docs]
    assert set(ids) <= {d.id for d in build(run_dir)[1].docs}
    assert build(run_dir, samples=0)[1].docs == []


def test_missing_inputs_still_give_a_page(run_dir, tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    rep = json.loads((copy / "report.json").read_text("utf-8"))
    rep["inputs"] = [str(tmp_path / "gone")]
    (copy / "report.json").write_text(json.dumps(rep), "utf-8")
    html, got = build(copy)
    assert got.docs == [] and "Inputs not found" in html
    assert build(copy, inputs=[sample_corpus()])[1].read == 16


def test_cli(run_dir, tmp_path):
    target = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", str(run_dir), "-o", str(target),
                                      "--samples", "5"])
    assert result.exit_code == 0, result.output
    assert len(_data(target.read_text("utf-8"))["docs"]) == 5
    missing = CliRunner().invoke(app, ["report", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "report.json" in missing.output


# --- headless Chromium over the DevTools protocol ------------------------------------------


class DevTools:
    """The smallest CDP client: requests by id, events collected as they arrive."""

    def __init__(self, profile: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:  # in the child: the pipe ends become fds 3 and 4
            high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
             f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=wire,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._next = 0
        self._inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        buf = b""
        while chunk := os.read(self._from_child, 1 << 16):
            buf += chunk
            *messages, buf = buf.split(b"\0")
            for raw in messages:
                self._inbox.put(json.loads(raw))

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None, timeout: float = 15) -> dict[str, Any]:
        self._next += 1
        msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._inbox.get(timeout=max(deadline - time.monotonic(), 0.01))
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 15) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._inbox.get(timeout=max(deadline - time.monotonic(), 0.01))
            self.events.append(event)
            if event.get("method") == method:
                return event

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - it may already be gone
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)


def _errors(events: list[dict[str, Any]]) -> list[str]:
    found = []
    for e in events:
        p = e.get("params", {})
        if e.get("method") == "Runtime.exceptionThrown":
            found.append(json.dumps(p["exceptionDetails"])[:300])
        elif e.get("method") == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
            found.append(json.dumps(p["args"])[:300])
        elif e.get("method") == "Log.entryAdded" and p["entry"]["level"] == "error":
            found.append(p["entry"]["text"][:300])
    return found


@pytest.mark.skipif(not CHROMIUM.exists(),
                    reason="needs /usr/bin/chromium (apt-get install chromium; .ci/run does)")
def test_report_in_headless_chromium(page, tmp_path):
    path, got = page
    data = _data(path.read_text("utf-8"))
    browser = DevTools(tmp_path / "profile")
    try:
        # The first command waits for Chromium's cold start (fresh profile and font cache),
        # which took over 15 s on a loaded fresh machine.
        target = browser.send("Target.createTarget", {"url": "about:blank"},
                              timeout=90)["targetId"]
        session = browser.send("Target.attachToTarget",
                               {"targetId": target, "flatten": True})["sessionId"]

        def cdp(method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
            return browser.send(method, params, session)

        def js(expression: str) -> Any:
            reply = cdp("Runtime.evaluate", {"expression": expression, "returnByValue": True})
            assert "exceptionDetails" not in reply, reply
            return reply["result"].get("value")

        for domain in ("Runtime", "Log", "Page", "Network"):
            cdp(f"{domain}.enable")
        cdp("Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        cdp("Page.navigate", {"url": path.resolve().as_uri()})
        browser.wait_for("Page.loadEventFired")

        # The charts draw: one bar per rule, some of them wider than zero.
        bars = js("Array.from(document.querySelectorAll('#rule-chart rect.bar'))"
                  ".map(r => r.getBoundingClientRect().width)")
        rules = json.loads((path.parent / "report.json").read_text("utf-8"))["rules"]
        assert len(bars) == len(rules)
        assert sum(w > 1 for w in bars) >= 10
        assert js("document.querySelector('#rule-chart').getBoundingClientRect().height") > 100
        assert js("document.querySelectorAll('#length-chart rect.before').length") > 0
        # The first document is open with its changes highlighted on both sides.
        assert js("document.querySelectorAll('details[open] del').length") > 0
        assert js("document.querySelectorAll('details[open] ins').length") > 0

        total = len(data["docs"])
        visible = "Array.from(document.querySelectorAll('details.doc')).filter(d => !d.hidden)"
        assert js(f"{visible}.length") == total
        code = "S001"
        expected = sum(any(r[0] == code for r in d["rules"]) for d in data["docs"])
        assert 0 < expected < total
        js(f"var s = document.getElementById('rule-filter'); s.value = '{code}';"
           "s.dispatchEvent(new Event('change'))")
        assert js(f"{visible}.length") == expected
        assert js("document.getElementById('doc-count').textContent") == str(expected)
        assert js(f"{visible}.every(d => d.dataset.rules.split(' ').includes('{code}'))")
        js("var s = document.getElementById('rule-filter'); s.value = '';"
           "s.dispatchEvent(new Event('change'))")
        assert js(f"{visible}.length") == total

        size = cdp("Page.getLayoutMetrics")["cssContentSize"]
        shot = cdp("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1280, "height": min(size["height"], 2400),
                     "scale": 1},
        })
        png = base64.b64decode(shot["data"])
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        saved = tmp_path / "cleaner-report.png"
        saved.write_bytes(png)
        try:
            shutil.copyfile(saved, SCREENSHOT_COPY)
        except OSError:
            pass

        browser.wait_for("Page.frameStoppedLoading", timeout=5)
        assert _errors(browser.events) == []
        fetched = [e["params"]["request"]["url"] for e in browser.events
                   if e.get("method") == "Network.requestWillBeSent"]
        assert fetched and all(u.startswith(("file:", "data:")) for u in fetched), fetched
    finally:
        browser.close()
