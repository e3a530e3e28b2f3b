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
