// dossier preview: reload on rebuild, swap stylesheets on CSS-only changes, show build errors.
// Injected by `dossier serve` only; never written to the output folder.
(function () {
  "use strict";
  var id = "__dossier_overlay";
  // The overlay comes rendered from the server (`html` of the build-error event); its look
  // from the style the server puts in every page (#__dossier_style).
  function overlay(err) {
    var old = document.getElementById(id);
    if (old) old.remove();
    if (err) document.body.insertAdjacentHTML("beforeend", err.html);
  }
  // The overlay's button shows the last good page under it.
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
  es.addEventListener("build-error", function (e) {
    // The error page of a site with no good version yet has nothing under its overlay: it
    // is fetched again, with the new errors, rather than given the overlay of a good page.
    var shown = document.getElementById(id);
    if (shown && !shown.querySelector("[data-dossier-hide]")) return location.reload();
    overlay(JSON.parse(e.data));
  });
  es.addEventListener("build-ok", function () { overlay(null); });
})();
