"""The HTML shell of `cleaner report`: inline CSS and JS only, so the file opens offline.

The Content-Security-Policy forbids every external fetch, so a stray CDN link would fail
loudly (a console error the browser test catches) instead of silently needing a network.
"""

from __future__ import annotations

from string import Template

CSS = """
:root { --fg:#1d232a; --muted:#5b6672; --line:#d8dde3; --bg:#f6f7f9; --card:#fff;
  --bar:#3b6fb6; --before:#8a9bb0; --after:#2e8b57; --del:#fbe3e4; --del-fg:#a3111a;
  --ins:#dcf5e3; --ins-fg:#0f6b2f; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC",
  "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color:var(--fg);
  background:var(--bg); }
header { padding:20px 28px 8px; }
h1 { font-size:22px; margin:0 0 4px; }
h2 { font-size:16px; margin:0 0 10px; }
.sub { color:var(--muted); }
main { padding:0 28px 40px; }
.cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(160px,1fr)); gap:10px;
  margin:12px 0 18px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px;
  padding:10px 14px; }
.card .n { font-size:22px; font-weight:600; font-variant-numeric:tabular-nums; }
.card .l { color:var(--muted); font-size:12px; }
.grid { display:grid; grid-template-columns:repeat(auto-fit,minmax(460px,1fr)); gap:14px; }
section.panel { background:var(--card); border:1px solid var(--line); border-radius:8px;
  padding:14px 16px; margin-bottom:14px; }
svg text { font:12px system-ui, sans-serif; fill:var(--fg); }
svg .muted { fill:var(--muted); }
svg .bar { fill:var(--bar); }
svg .before { fill:var(--before); }
svg .after { fill:var(--after); }
.note { color:var(--muted); font-size:12px; margin:6px 0 0; }
.warn { background:#fff4d6; border:1px solid #f0d48a; border-radius:6px; padding:8px 12px;
  margin:8px 0; }
.toolbar { display:flex; gap:12px; align-items:center; flex-wrap:wrap; margin-bottom:10px; }
select { font:inherit; padding:4px 8px; }
details.doc { border:1px solid var(--line); border-radius:6px; margin:6px 0;
  background:#fff; }
details.doc > summary { cursor:pointer; padding:6px 10px; display:flex; gap:10px;
  align-items:center; flex-wrap:wrap; }
details.doc[open] > summary { border-bottom:1px solid var(--line); }
.src { font-weight:600; }
.len { color:var(--muted); font-variant-numeric:tabular-nums; }
.chip { font:11px ui-monospace, monospace; background:#eef2f7; border-radius:4px;
  padding:1px 5px; }
.chip.on { background:var(--bar); color:#fff; }
.status { font-size:11px; border-radius:4px; padding:1px 6px; background:#fde2c4; }
.pair { display:grid; grid-template-columns:1fr 1fr; gap:0; }
.pair > div { min-width:0; padding:8px 10px; }
.pair > div + div { border-left:1px solid var(--line); }
.pair h3 { font-size:12px; color:var(--muted); margin:0 0 4px; font-weight:600; }
pre.text { white-space:pre-wrap; word-break:break-all; margin:0; font:13px/1.6 inherit;
  font-family:inherit; }
del { background:var(--del); color:var(--del-fg); }
ins { background:var(--ins); color:var(--ins-fg); text-decoration:none; }
del.ws::before, ins.ws::before { content:attr(data-ws); }
table.kv { border-collapse:collapse; }
table.kv td { padding:2px 10px 2px 0; vertical-align:top; }
table.kv td:first-child { color:var(--muted); }
"""

JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var list = document.getElementById("docs");
  var select = document.getElementById("rule-filter");
  var count = document.getElementById("doc-count");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function mark(tag, op) {
    // A run of only spaces, line breaks or invisible characters carries a visible label.
    var e = el(tag);
    e.textContent = op[1];
    if (op.length > 2) {
      e.className = "ws";
      e.setAttribute("data-ws", op[2]);
    }
    return e;
  }

  function fill(doc, box) {
    var before = el("pre", "text"), after = el("pre", "text");
    doc.ops.forEach(function (op) {
      if (op[0] === "=") {
        before.appendChild(document.createTextNode(op[1]));
        after.appendChild(document.createTextNode(op[1]));
      } else if (op[0] === "-") {
        before.appendChild(mark("del", op));
      } else {
        after.appendChild(mark("ins", op));
      }
    });
    var pair = el("div", "pair"), left = el("div"), right = el("div");
    left.appendChild(el("h3", "", "before (" + doc.before_len.toLocaleString() + " chars)"));
    right.appendChild(el("h3", "", "after (" + doc.after_len.toLocaleString() + " chars)"));
    left.appendChild(before);
    right.appendChild(after);
    pair.appendChild(left);
    pair.appendChild(right);
    box.appendChild(pair);
    if (doc.truncated) {
      box.appendChild(el("p", "note", "Shown up to the first " +
        data.display_chars.toLocaleString() + " characters."));
    }
  }

  data.docs.forEach(function (doc, i) {
    var d = el("details", "doc");
    d.dataset.rules = doc.rules.map(function (r) { return r[0]; }).join(" ");
    var s = el("summary");
    s.appendChild(el("span", "src", doc.source));
    s.appendChild(el("span", "len", doc.before_len.toLocaleString() + " \u2192 " +
      doc.after_len.toLocaleString()));
    if (doc.status) { s.appendChild(el("span", "status", doc.status)); }
    doc.rules.forEach(function (r) {
      var c = el("span", "chip", r[0]);
      c.title = r[1] + ": +" + r[2] + " \u2212" + r[3] + " chars";
      c.dataset.code = r[0];
      s.appendChild(c);
    });
    d.appendChild(s);
    var body = el("div");
    d.appendChild(body);
    var filled = false;
    d.addEventListener("toggle", function () {
      if (d.open && !filled) { fill(doc, body); filled = true; }
    });
    if (i === 0) { d.open = true; }
    list.appendChild(d);
  });

  function apply() {
    var code = select.value, shown = 0;
    Array.prototype.forEach.call(list.children, function (d) {
      var match = !code || d.dataset.rules.split(" ").indexOf(code) >= 0;
      d.hidden = !match;
      if (match) { shown += 1; }
      Array.prototype.forEach.call(d.querySelectorAll(".chip"), function (c) {
        c.classList.toggle("on", c.dataset.code === code);
      });
    });
    count.textContent = String(shown);
  }
  select.addEventListener("change", apply);
  apply();
})();
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>$title</title>
<style>$css</style>
</head>
<body>
<header>
<h1>$title</h1>
<div class="sub">$subtitle</div>
$warnings
</header>
<main>
<div class="cards">$cards</div>
<div class="grid">
<section class="panel" id="rules-panel"><h2>Documents changed per rule</h2>$rule_chart
<p class="note">From report.json: every document of the run. Hover a bar for characters
added and removed.</p></section>
<section class="panel"><h2>Document length</h2>$length_chart
<p class="note">$length_note</p></section>
<section class="panel"><h2>Script</h2>$script_chart
<p class="note">Written documents by detected script.</p></section>
<section class="panel"><h2>Dropped and quarantined</h2>$drop_chart</section>
</div>
<section class="panel" id="documents">
<h2>Documents</h2>
<div class="toolbar">
<label>Changed by rule <select id="rule-filter">$options</select></label>
<span><span id="doc-count">$n_docs</span> of $n_docs sampled documents shown</span>
</div>
<p class="note">$sample_note</p>
<div id="docs"></div>
</section>
<section class="panel"><h2>Run</h2>$run_table</section>
</main>
<script type="application/json" id="report-data">$data</script>
<script>$js</script>
</body>
</html>
""")
