// The actor graph's controls (templates/partials/graph.html): a time window, a minimum number
// of briefs in common, zoom and pan. The figure and its table are complete without this script,
// which only filters and moves what the build drew. Each edge and each table row carries its
// count in every window in data-w, one number per window in the order of the window menu.
(function () {
  "use strict";

  // English, for a custom theme whose page carries no strings (i18n.js).
  var ENGLISH = {
    graph_edge: { one: "{a} and {b}: {n} brief in common", other: "{a} and {b}: {n} briefs in common" },
    graph_no_connections: "No connections in this period at this minimum.",
    graph_connections_shown: { one: "{n} connection shown.", other: "{n} connections shown." }
  };

  function list(nodes) {
    return Array.prototype.slice.call(nodes);
  }

  function counts(el) {
    return el.getAttribute("data-w").split(" ").map(Number);
  }

  // The same width as render::graph::stroke, for the heaviest edge shown in the window.
  function stroke(w, max) {
    return (1 + 5 * Math.sqrt(w / Math.max(max, 1))).toFixed(1);
  }

  function filters(fig, svg, controls) {
    var select = controls.querySelector("[data-graph-window]");
    var least = controls.querySelector("[data-graph-min]");
    var status = fig.querySelector("[data-graph-status]");
    var tr = window.dossierStrings ? window.dossierStrings("graph-strings", ENGLISH) : function (k) { return ENGLISH[k] || k; };
    var table = document.querySelector('[data-graph-table="' + fig.id + '"]');
    var edges = list(svg.querySelectorAll(".graph-edge")).map(function (el) {
      var title = el.querySelector("title");
      return { el: el, a: el.getAttribute("data-a"), b: el.getAttribute("data-b"), w: counts(el), title: title, text: title ? title.textContent : "" };
    });
    var nodes = list(svg.querySelectorAll(".graph-node"));
    var rows = table ? list(table.querySelectorAll("tbody tr")).map(function (el) {
      return { el: el, w: counts(el), cell: el.querySelector("[data-count]") };
    }) : [];

    function apply() {
      var win = Number(select.value) || 0;
      var min = Math.max(1, Number(least.value) || 1);
      var max = 0;
      edges.forEach(function (e) { max = Math.max(max, e.w[win]); });
      var live = {};
      var shown = 0;
      edges.forEach(function (e) {
        var w = e.w[win];
        var on = w >= min;
        e.el.classList.toggle("is-hidden", !on);
        if (!on) return;
        shown += 1;
        live[e.a] = live[e.b] = true;
        e.el.setAttribute("stroke-width", stroke(w, max));
        if (e.title) e.title.textContent = tr("graph_edge", w, { a: e.el.getAttribute("data-name-a"), b: e.el.getAttribute("data-name-b") });
      });
      nodes.forEach(function (n) {
        var k = n.getAttribute("data-node");
        var centre = n.classList.contains("graph-centre");
        n.classList.toggle("is-hidden", !(live[k] || centre));
      });
      rows.forEach(function (r) {
        var w = r.w[win];
        r.el.hidden = w < min;
        if (r.cell) r.cell.textContent = tr.digits ? tr.digits(w) : String(w);
      });
      if (status) {
        status.textContent = shown === 0 ? tr("graph_no_connections") : tr("graph_connections_shown", shown);
      }
    }
    select.addEventListener("change", apply);
    least.addEventListener("input", apply);
  }

  function zoomAndPan(svg, controls) {
    var b = svg.viewBox.baseVal;
    var home = [b.x, b.y, b.width, b.height];
    var view = home.slice();

    function set(v) {
      // Stay inside the picture, and no closer than an eighth of it.
      var w = Math.min(home[2], Math.max(home[2] / 8, v[2]));
      var h = w * home[3] / home[2];
      var x = Math.min(home[0] + home[2] - w, Math.max(home[0], v[0]));
      var y = Math.min(home[1] + home[3] - h, Math.max(home[1], v[1]));
      view = [x, y, w, h];
      svg.setAttribute("viewBox", view.map(function (n) { return n.toFixed(1); }).join(" "));
      svg.classList.toggle("is-zoomed", w < home[2]);
    }

    function zoom(f, cx, cy) {
      if (cx === undefined) {
        cx = view[0] + view[2] / 2;
        cy = view[1] + view[3] / 2;
      }
      set([cx - (cx - view[0]) * f, cy - (cy - view[1]) * f, view[2] * f, view[3] * f]);
    }

    list(controls.querySelectorAll("[data-graph-zoom]")).forEach(function (button) {
      button.addEventListener("click", function () {
        var how = button.getAttribute("data-graph-zoom");
        if (how === "in") zoom(0.7);
        else if (how === "out") zoom(1 / 0.7);
        else set(home.slice());
      });
    });

    // A pinch on a trackpad arrives as a wheel event with the control key; a plain wheel scrolls
    // the page as usual.
    svg.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey && !ev.metaKey) return;
      ev.preventDefault();
      var r = svg.getBoundingClientRect();
      var cx = view[0] + (ev.clientX - r.left) / r.width * view[2];
      var cy = view[1] + (ev.clientY - r.top) / r.height * view[3];
      zoom(ev.deltaY < 0 ? 0.85 : 1 / 0.85, cx, cy);
    }, { passive: false });

    // Dragging pans once zoomed in; a drag that moved does not follow the link it started on.
    var drag = null;
    var moved = false;
    svg.addEventListener("pointerdown", function (ev) {
      if (view[2] >= home[2] || ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, view: view.slice() };
      moved = false;
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      var dx = (ev.clientX - drag.x) / r.width * view[2];
      var dy = (ev.clientY - drag.y) / r.height * view[3];
      if (!moved && Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) < 4) return;
      if (!moved) {
        moved = true;
        svg.setPointerCapture(ev.pointerId);
        svg.classList.add("is-panning");
      }
      set([drag.view[0] - dx, drag.view[1] - dy, drag.view[2], drag.view[3]]);
    });
    function end() {
      drag = null;
      svg.classList.remove("is-panning");
    }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("click", function (ev) {
      if (moved) {
        ev.preventDefault();
        moved = false;
      }
    }, true);
  }

  list(document.querySelectorAll("[data-graph]")).forEach(function (fig) {
    var svg = fig.querySelector("svg.graph-svg");
    var controls = fig.querySelector(".graph-controls");
    if (!svg || !controls || !svg.viewBox || !svg.viewBox.baseVal) return;
    filters(fig, svg, controls);
    zoomAndPan(svg, controls);
    controls.hidden = false;
  });
})();
