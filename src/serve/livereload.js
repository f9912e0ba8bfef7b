// dossier preview: reload on rebuild, swap stylesheets on CSS-only changes, show build errors.
// Injected by `dossier serve` only; never written to the output folder.
(function () {
  "use strict";
  var id = "__dossier_overlay";
  // The overlay's look comes from the style the server puts in every page (#__dossier_style),
  // which sets every colour itself so that no theme rule can make the text unreadable.
  function overlay(err) {
    var old = document.getElementById(id);
    if (old) old.remove();
    if (!err) return;
    var box = document.createElement("div");
    box.id = id;
    box.setAttribute("role", "alert");
    var h = document.createElement("h2");
    h.textContent = "dossier: the last rebuild failed — showing the last good version";
    box.appendChild(h);
    var hide = document.createElement("button");
    hide.type = "button";
    hide.setAttribute("data-dossier-hide", "");
    hide.textContent = "Hide until the next rebuild";
    box.appendChild(hide);
    var list = document.createElement("ul");
    (err.errors || []).forEach(function (e) {
      var li = document.createElement("li");
      var where = e.file ? e.file + (e.line ? ":" + e.line : "") + ": " : "";
      li.textContent = where + e.message;
      list.appendChild(li);
    });
    box.appendChild(list);
    var pre = document.createElement("pre");
    pre.textContent = err.text;
    box.appendChild(pre);
    document.body.appendChild(box);
  }
  // The overlay's button (server-rendered or made above) shows the last good page under it.
  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest("#" + id + " [data-dossier-hide]")) overlay(null);
  });
  var es = new EventSource("/__dossier/events");
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function () {
    overlay(null);
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href").split("?")[0];
      links[i].setAttribute("href", href + "?v=" + Date.now());
    }
  });
  es.addEventListener("build-error", function (e) { overlay(JSON.parse(e.data)); });
  es.addEventListener("build-ok", function () { overlay(null); });
})();
