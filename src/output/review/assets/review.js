(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var byId = {};
  data.records.forEach(function (r) { byId[r.id] = r; });
  var corrections = {};
  var view = document.getElementById("view");
  var editor = document.getElementById("editor");
  var current = null;
  var zoom = 1;

  function setZoom(z) {
    zoom = Math.max(0.5, Math.min(6, z));
    document.documentElement.style.setProperty("--zoom", zoom);
  }

  function select(id, key) {
    var rec = byId[id];
    if (!rec) return;
    document.querySelectorAll(".sel").forEach(function (e) { e.classList.remove("sel"); });
    document.querySelectorAll('[data-id="' + id + '"]').forEach(function (e) {
      if (e.matches(".ov-rec,.ov-rec-cont,#side a")) e.classList.add("sel");
    });
    current = id;
    openEditor(rec, key);
    // Zoom so that the row fills the view's width, then bring it into view.
    var page = document.getElementById("page-" + rec.place.page);
    if (!page) return;
    // Zoom so that the row fills about half the view's height (never less
    // than the page's width), then bring it to the view's top left.
    var ph1 = page.clientHeight / zoom;
    var rowH1 = Math.max(1, (rec.place.y1 - rec.place.y0) / rec.place.h * ph1);
    setZoom(Math.max(1, Math.min(2, 0.45 * view.clientHeight / rowH1)));
    var img = page.querySelector("img");
    var ph = page.clientHeight, pw = page.clientWidth;
    view.scrollTop = page.offsetTop + rec.place.y0 / rec.place.h * ph - 40;
    // Keep the decision cell (where the label is) in view when the row is
    // wider than the view.
    var right = (rec.place.dx1 || rec.place.x1) / rec.place.w * pw;
    var left = rec.place.x0 / rec.place.w * pw - 20;
    view.scrollLeft = page.offsetLeft + Math.max(left, right + 20 - view.clientWidth);
    if (img && !img.complete) img.addEventListener("load", function () { select(id, key); }, { once: true });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function openEditor(rec, key) {
    editor.hidden = false;
    editor.textContent = "";
    var c = corrections[rec.id] || {};
    editor.appendChild(el("h2", {}, "Correct " + rec.id + " (page " + rec.page + ", row " + rec.row + ")"));
    if (rec.decision) {
      editor.appendChild(el("label", { "for": "ed-value" }, "Decision (machine: " + rec.decision.value + ", " + rec.decision.confidence.toFixed(2) + ")"));
      var sel = el("select", { id: "ed-value" });
      data.values.forEach(function (v) {
        var o = el("option", { value: v }, v);
        sel.appendChild(o);
      });
      sel.value = c.decision ? c.decision.value : rec.decision.value;
      editor.appendChild(sel);
      editor.appendChild(el("label", { "for": "ed-label" }, "Label (free text)"));
      var lab = el("input", { id: "ed-label", type: "text" });
      lab.value = c.decision && c.decision.label !== undefined ? c.decision.label : rec.decision.label;
      editor.appendChild(lab);
    }
    Object.keys(rec.cells).forEach(function (k, i) {
      editor.appendChild(el("label", { "for": "ed-cell-" + i }, k));
      var ta = el("textarea", { id: "ed-cell-" + i, "data-key": k });
      ta.value = c.cells && k in c.cells ? c.cells[k] : rec.cells[k];
      editor.appendChild(ta);
      if (k === key) setTimeout(function () { ta.focus(); }, 0);
    });
    var bar = el("div", { "class": "bar" });
    var apply = el("button", { id: "ed-apply", type: "button" }, "Apply");
    var revert = el("button", { id: "ed-revert", type: "button" }, "Revert");
    bar.appendChild(apply); bar.appendChild(revert);
    editor.appendChild(bar);
    apply.addEventListener("click", function () { applyEdit(rec); });
    revert.addEventListener("click", function () { delete corrections[rec.id]; mark(rec.id); openEditor(rec); });
  }

  function applyEdit(rec) {
    var c = { id: rec.id };
    var sel = document.getElementById("ed-value");
    var lab = document.getElementById("ed-label");
    if (sel && rec.decision && (sel.value !== rec.decision.value || lab.value !== rec.decision.label)) {
      c.decision = { value: sel.value };
      if (lab.value.trim() !== "") c.decision.label = lab.value;
    }
    editor.querySelectorAll("textarea[data-key]").forEach(function (ta) {
      var k = ta.getAttribute("data-key");
      if (ta.value !== rec.cells[k]) {
        c.cells = c.cells || {};
        c.cells[k] = ta.value;
      }
    });
    if (c.decision || c.cells) corrections[rec.id] = c; else delete corrections[rec.id];
    mark(rec.id);
  }

  function mark(id) {
    var on = !!corrections[id];
    document.querySelectorAll('[data-id="' + id + '"]').forEach(function (e) {
      if (e.matches(".ov-rec,.ov-rec-cont,#side a")) e.classList.toggle("done", on);
    });
    var tag = document.querySelector("#rec-" + CSS.escape(id) + " .tagt");
    var c = corrections[id], rec = byId[id];
    if (tag && rec.decision) {
      tag.textContent = c && c.decision
        ? id + " " + c.decision.value + " " + (c.decision.label || "") + " ✎"
        : rec.labelText;
    }
    var n = Object.keys(corrections).length;
    document.getElementById("ncorr").textContent = n + " correction" + (n === 1 ? "" : "s");
  }

  function save() {
    var list = data.records.filter(function (r) { return corrections[r.id]; })
      .map(function (r) { return corrections[r.id]; });
    var out = { source: { sha256: data.sha256, file: data.file }, corrections: list };
    var blob = new Blob([JSON.stringify(out, null, 2) + "\n"], { type: "application/json" });
    var a = el("a", { href: URL.createObjectURL(blob), download: data.stem + ".corrections.json" });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  document.getElementById("side").addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-id]");
    if (a) { ev.preventDefault(); select(a.getAttribute("data-id")); return; }
    var p = ev.target.closest("a[data-page]");
    if (p) {
      ev.preventDefault();
      var page = document.getElementById("page-" + p.getAttribute("data-page"));
      if (page) view.scrollTop = page.offsetTop;
    }
  });
  view.addEventListener("click", function (ev) {
    var g = ev.target.closest(".ov-rec,.ov-rec-cont");
    if (!g) return;
    var cell = ev.target.closest("[data-key]");
    select(g.getAttribute("data-id"), cell ? cell.getAttribute("data-key") : undefined);
  });
  document.getElementById("save").addEventListener("click", save);
  document.getElementById("zin").addEventListener("click", function () { setZoom(zoom * 1.25); });
  document.getElementById("zout").addEventListener("click", function () { setZoom(zoom / 1.25); });
  document.getElementById("zfit").addEventListener("click", function () { setZoom(1); });
  document.body.setAttribute("data-overlays", document.querySelectorAll(".ov-rec").length);
  document.body.setAttribute("data-marks", document.querySelectorAll(".ov-mark").length);
  window.shinchokuReview = { select: select, corrections: corrections, save: save, applyEdit: function () { if (current) applyEdit(byId[current]); } };
})();
