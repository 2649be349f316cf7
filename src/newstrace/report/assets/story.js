/* newstrace story report: tooltips, graph pan/zoom/drag, jumping to articles. No network, no eval,
   no innerHTML: every string shown comes from the page's own escaped attributes. */
(function () {
  "use strict";
  document.body.classList.remove("no-js");

  /* ---- tooltips: titles (and SVG <title>s) become data-tip, shown in one floating box ---- */
  var tip = document.getElementById("tip");
  document.querySelectorAll("[title]").forEach(function (el) {
    if (el.closest(".graph-tools")) return;
    el.setAttribute("data-tip", el.getAttribute("title"));
    el.removeAttribute("title");
  });
  document.querySelectorAll("svg title").forEach(function (t) {
    t.parentNode.setAttribute("data-tip", t.textContent);
    t.remove();
  });
  function showTip(el, x, y) {
    var lines = (el.getAttribute("data-tip") || "").split("\n");
    tip.textContent = "";
    lines.forEach(function (line, i) {
      if (!line) return;
      var part = document.createElement(i === 0 ? "b" : "span");
      part.className = i === 0 ? "" : "tl";
      part.textContent = line;
      tip.appendChild(part);
    });
    tip.hidden = false;
    moveTip(x, y);
  }
  function moveTip(x, y) {
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8);
    var top = y + 16 + h > window.innerHeight ? y - h - 12 : y + 16;
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = Math.max(4, top) + "px";
  }
  function hideTip() { tip.hidden = true; }
  var tipTarget = null;
  document.addEventListener("pointerover", function (e) {
    var el = e.target.closest ? e.target.closest("[data-tip]") : null;
    if (el === tipTarget) return;
    tipTarget = el;
    if (el && !dragging) showTip(el, e.clientX, e.clientY); else hideTip();
  });
  document.addEventListener("pointermove", function (e) { if (!tip.hidden) moveTip(e.clientX, e.clientY); });
  window.addEventListener("scroll", hideTip, { passive: true });

  /* ---- opening an article ---- */
  function openArticle(id, smooth) {
    var el = document.getElementById("article-" + id);
    if (!el) return null;
    el.open = true;
    el.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1600);
    if (history.replaceState) history.replaceState(null, "", "#article-" + id);
    return el;
  }
  function openHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var details = target.closest("details.article");
    if (details && !details.open) { details.open = true; target.scrollIntoView({ block: "start" }); }
  }
  window.addEventListener("hashchange", openHash);
  openHash();
  document.querySelectorAll("[data-details]").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-details") === "open";
      document.querySelectorAll("details.article").forEach(function (d) { d.open = open; });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });

  /* ---- provenance graph ---- */
  var svg = document.getElementById("graph");
  var dragging = false;
  if (!svg) return;
  var viewport = svg.querySelector(".viewport");
  var W = +svg.getAttribute("data-node-w"), H = +svg.getAttribute("data-node-h");
  var view = { k: 1, x: 0, y: 0 };
  var nodes = {};
  svg.querySelectorAll(".node").forEach(function (el) {
    var m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(el.getAttribute("transform"));
    nodes[el.getAttribute("data-id")] = { el: el, x: +m[1], y: +m[2], edges: [] };
  });
  var edges = [];
  svg.querySelectorAll(".edge[data-s]").forEach(function (el) {
    var e = { el: el, s: nodes[el.getAttribute("data-s")], t: nodes[el.getAttribute("data-t")] };
    if (!e.s || !e.t) return;
    e.s.edges.push(e);
    e.t.edges.push(e);
    edges.push(e);
  });
  window.newstraceGraph = { nodes: Object.keys(nodes).length, edges: edges.length };

  function edgePath(s, t) { /* same formula as _edge_path() in html.py */
    var x1 = s.x + W, y1 = s.y + H / 2, x2 = t.x - 2, y2 = t.y + H / 2;
    var bend = Math.max(40, Math.abs(x2 - x1) / 2);
    return "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 + " " + x2 + "," + y2;
  }
  function apply() { viewport.setAttribute("transform", "translate(" + view.x + " " + view.y + ") scale(" + view.k + ")"); }
  function svgPoint(e) {
    var p = svg.createSVGPoint();
    p.x = e.clientX; p.y = e.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoomAt(factor, px, py) {
    var k = Math.min(4, Math.max(0.25, view.k * factor));
    view.x = px - (px - view.x) * (k / view.k);
    view.y = py - (py - view.y) * (k / view.k);
    view.k = k;
    apply();
  }
  var box = svg.viewBox.baseVal;
  svg.parentNode.querySelectorAll("[data-zoom]").forEach(function (b) {
    b.addEventListener("click", function () {
      var how = b.getAttribute("data-zoom");
      if (how === "fit") { view = { k: 1, x: 0, y: 0 }; apply(); return; }
      zoomAt(how === "in" ? 1.25 : 0.8, box.x + box.width / 2, box.y + box.height / 2);
    });
  });
  var hint = svg.parentNode.querySelector(".zoom-hint"), hintTimer = null;
  svg.addEventListener("wheel", function (e) {
    if (!(e.ctrlKey || e.metaKey)) {
      hint.hidden = false;
      clearTimeout(hintTimer);
      hintTimer = setTimeout(function () { hint.hidden = true; }, 1200);
      return;
    }
    e.preventDefault();
    var p = svgPoint(e);
    zoomAt(Math.exp(-e.deltaY * 0.0025), p.x, p.y);
  }, { passive: false });

  /* hover: light up a node's neighbours and edges */
  function focus(node) {
    svg.classList.toggle("focus", !!node);
    svg.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    if (!node) return;
    node.el.classList.add("hl");
    node.edges.forEach(function (e) { e.el.classList.add("hl"); e.s.el.classList.add("hl"); e.t.el.classList.add("hl"); });
  }
  Object.keys(nodes).forEach(function (id) {
    var node = nodes[id];
    node.el.addEventListener("pointerenter", function () { if (!dragging) focus(node); });
    node.el.addEventListener("pointerleave", function () { if (!dragging) focus(null); });
  });

  /* drag a node, or drag the background to pan; a click without movement opens the article */
  var drag = null;
  svg.addEventListener("pointerdown", function (e) {
    if (e.button !== 0) return;
    var el = e.target.closest(".node");
    var p = svgPoint(e);
    drag = { node: el ? nodes[el.getAttribute("data-id")] : null, px: p.x, py: p.y, moved: false,
             ox: el ? nodes[el.getAttribute("data-id")].x : view.x, oy: el ? nodes[el.getAttribute("data-id")].y : view.y };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var p = svgPoint(e);
    var dx = p.x - drag.px, dy = p.y - drag.py;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) { drag.moved = dragging = true; hideTip(); svg.classList.add("panning"); }
    if (drag.node) {
      var n = drag.node;
      n.x = drag.ox + dx / view.k; n.y = drag.oy + dy / view.k;
      n.el.setAttribute("transform", "translate(" + n.x + "," + n.y + ")");
      n.el.classList.add("dragging");
      n.edges.forEach(function (ed) { ed.el.setAttribute("d", edgePath(ed.s, ed.t)); });
    } else {
      view.x = drag.ox + dx; view.y = drag.oy + dy;
      apply();
    }
  });
  function endDrag(e) {
    if (!drag) return;
    var d = drag;
    drag = null;
    dragging = false;
    svg.classList.remove("panning");
    if (d.node) d.node.el.classList.remove("dragging");
    try { svg.releasePointerCapture(e.pointerId); } catch (err) { /* already released */ }
    if (!d.moved && d.node && d.node.el.classList.contains("article")) openArticle(d.node.el.getAttribute("data-id"), true);
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", function (e) { if (drag) { drag.moved = true; endDrag(e); } });
  /* the nodes are links (for reading without script): the pointer handlers do the work */
  svg.addEventListener("click", function (e) { if (e.target.closest(".node")) e.preventDefault(); });
  svg.addEventListener("keydown", function (e) {
    var el = e.target.closest && e.target.closest(".node.article");
    if (el && e.key === "Enter") { e.preventDefault(); openArticle(el.getAttribute("data-id"), true); }
  });

  /* timeline markers open the article too */
  document.querySelectorAll(".tl-mark").forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); openArticle(a.getAttribute("data-article"), true); });
    var id = a.getAttribute("data-article");
    var links = document.querySelectorAll('.tl-link[data-s="' + CSS.escape(id) + '"], .tl-link[data-t="' + CSS.escape(id) + '"]');
    a.addEventListener("pointerenter", function () { links.forEach(function (l) { l.classList.add("hl"); }); });
    a.addEventListener("pointerleave", function () { links.forEach(function (l) { l.classList.remove("hl"); }); });
  });
  window.newstraceOpenArticle = openArticle;
})();
