// dossier preview: reload on rebuild, swap stylesheets on CSS-only changes, show build errors.
// Injected by `dossier serve` only; never written to the output folder.
(function () {
  "use strict";
  var id = "__dossier_overlay";
  function overlay(err) {
    var old = document.getElementById(id);
    if (old) old.remove();
    if (!err) return;
    var box = document.createElement("div");
    box.id = id;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);" +
      "color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2rem";
    var h = document.createElement("h2");
    h.textContent = "dossier: the last rebuild failed — showing the last good version";
    h.style.cssText = "font:bold 18px system-ui,sans-serif;margin:0 0 1rem;color:#ff8a80";
    var pre = document.createElement("pre");
    pre.textContent = err.text;
    pre.style.cssText = "white-space:pre-wrap;margin:0";
    box.appendChild(h);
    box.appendChild(pre);
    document.body.appendChild(box);
  }
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
