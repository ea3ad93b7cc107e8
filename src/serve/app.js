// newsdex serve: keys, the timeline's brush and live updates. The page
// works without it.
"use strict";
(function () {
  var hits = Array.prototype.slice.call(document.querySelectorAll("li.hit"));
  var current = -1;
  function select(i) {
    if (!hits.length) return;
    if (current >= 0) hits[current].classList.remove("current");
    current = Math.max(0, Math.min(hits.length - 1, i));
    hits[current].classList.add("current");
    hits[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (e) {
    var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName);
    if (e.key === "Escape") {
      if (typing) { e.target.blur(); return; }
      var back = document.getElementById("back");
      if (back) { window.location.href = back.href; }
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "/") {
      var q = document.getElementById("q");
      if (q) { e.preventDefault(); q.focus(); q.select(); }
    } else if (e.key === "j") {
      select(current + 1);
    } else if (e.key === "k") {
      select(current - 1);
    } else if (e.key === "Enter" && current >= 0) {
      var link = hits[current].querySelector("a.open");
      if (link) window.location.href = link.href;
    }
  });

  // Live updates: every few seconds (while the page is shown) ask the
  // server for the index's last commit; when a re-index committed after
  // this page loaded, say so, with a link that reloads the results.
  var POLL_MS = 5000;
  var seen = null, told = false;
  function poll() {
    if (told || document.hidden) return;
    fetch("/api/version", { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) {
        if (!v || told) return;
        if (seen === null) { seen = v.commit; return; }
        if (v.commit === seen) return;
        told = true;
        var main = document.querySelector("main");
        if (!main) return;
        var note = document.createElement("p");
        note.className = "notice live";
        note.setAttribute("role", "status");
        note.appendChild(document.createTextNode(
          "The index has changed since this page loaded (" + v.articles + " articles now). "));
        var again = document.createElement("a");
        again.href = window.location.href;
        again.textContent = "Reload the results";
        note.appendChild(again);
        main.insertBefore(note, main.firstChild);
      })
      .catch(function () {});
  }
  poll();
  setInterval(poll, POLL_MS);

  // Brush: drag across the timeline's bars to filter to that range.
  var svg = document.querySelector("svg.timeline");
  if (!svg) return;
  var cols = Array.prototype.slice.call(svg.querySelectorAll("rect.hit"));
  var NS = "http://www.w3.org/2000/svg";
  var start = null, brush = null, moved = false;
  function x(e) {
    var box = svg.getBoundingClientRect();
    return (e.clientX - box.left) / box.width * svg.viewBox.baseVal.width;
  }
  svg.addEventListener("pointerdown", function (e) {
    start = x(e); moved = false;
    brush = document.createElementNS(NS, "rect");
    brush.setAttribute("class", "brush");
    brush.setAttribute("y", "0");
    brush.setAttribute("height", svg.viewBox.baseVal.height - 18);
    brush.setAttribute("x", start); brush.setAttribute("width", "0");
    svg.appendChild(brush);
  });
  svg.addEventListener("pointermove", function (e) {
    if (start === null) return;
    var now = x(e);
    if (Math.abs(now - start) > 4) moved = true;
    brush.setAttribute("x", Math.min(now, start));
    brush.setAttribute("width", Math.abs(now - start));
  });
  function finish(e) {
    if (start === null) return;
    var end = x(e), lo = Math.min(start, end), hi = Math.max(start, end);
    start = null;
    if (brush) { brush.remove(); brush = null; }
    if (!moved) return;
    var picked = cols.filter(function (c) {
      var cx = c.x.baseVal.value, cw = c.width.baseVal.value;
      return cx + cw > lo && cx < hi;
    });
    if (!picked.length) return;
    var from = picked[0].getAttribute("data-period");
    var to = picked[picked.length - 1].getAttribute("data-period");
    var base = svg.getAttribute("data-base");
    var query = (base ? base + "&" : "") + "from=" + encodeURIComponent(from) + "&to=" + encodeURIComponent(to);
    window.location.href = "/?" + query;
  }
  svg.addEventListener("pointerup", finish);
  svg.addEventListener("pointerleave", function (e) { if (moved) finish(e); else { start = null; if (brush) { brush.remove(); brush = null; } } });
  // A drag must not also follow the bar's link.
  svg.addEventListener("click", function (e) { if (moved) { e.preventDefault(); moved = false; } }, true);
})();
