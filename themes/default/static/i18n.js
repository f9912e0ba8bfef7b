// The interface strings of the page's language for the theme's scripts. A template writes the
// messages a script needs into the page as JSON (`strings_json`, in a <script
// type="application/json"> with an id); `dossierStrings(id, fallback)` returns a function
// `tr(key, n, args)` that picks a plural message's form with the browser's own plural rules for
// the page's language, fills `{n}` (in the language's digits) and the `{name}` placeholders, and
// falls back to `fallback[key]`, then to the key, for a message the page does not carry.
(function (global) {
  "use strict";
  global.dossierStrings = function (id, fallback) {
    var node = document.getElementById(id), data = {};
    try { data = node ? JSON.parse(node.textContent) : {}; } catch (e) { data = {}; }
    var messages = data.messages || {}, lang = data.lang || document.documentElement.lang || "en";
    var zero = { arabic: 0x660, persian: 0x6f0 }[data.digits];
    var rules = null;
    try { rules = new Intl.PluralRules(lang); } catch (e) { rules = null; }
    function digits(text) {
      return zero ? String(text).replace(/[0-9]/g, function (d) { return String.fromCharCode(zero + Number(d)); }) : String(text);
    }
    function tr(key, n, args) {
      var m = key in messages ? messages[key] : (fallback || {})[key];
      if (m && typeof m === "object") m = m[rules && n != null ? rules.select(n) : "other"] || m.other;
      return String(m == null ? key : m).replace(/\{(\w+)\}/g, function (all, name) {
        if (name === "n" && n != null) return digits(n);
        return args && name in args ? String(args[name]) : all;
      });
    }
    tr.digits = digits;
    return tr;
  };
})(window);
