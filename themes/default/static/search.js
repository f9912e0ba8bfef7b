/* dossier client-side search. No dependencies, no build step.
 * Part 1: a pure engine over the static index in <output>/search/ (works in node and browsers).
 * Part 2: glue for the theme's search page (runs only where `document` exists). */
(function (global) {
  "use strict";

  var WEIGHTS = [1, 2, 4, 8]; // body, summary, region/actor/tag names, title
  var FOLD = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  var FILTERS = [["region", "region"], ["actor", "actors"], ["tag", "tags"]]; // URL parameter -> facet key
  var PAGE = 20;

  // Script folds, as src/text.rs makes them: invisible characters (joiners such as the ZWNJ
  // of Persian, direction marks, soft hyphen, BOM, tatweel) dropped; Persian yeh and alef
  // maksura as Arabic yeh, Persian kaf as Arabic kaf, alef wasla as alef, teh marbuta as heh;
  // Arabic-Indic and Persian digits as ASCII digits.
  var INVISIBLE = /[\u00AD\u061C\u0640\u200C-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
  var SCRIPT = { "\u0649": "\u064A", "\u06CC": "\u064A", "\u06A9": "\u0643", "\u06AA": "\u0643", "\u0671": "\u0627", "\u0629": "\u0647" };
  // Chinese and Japanese runs are indexed as overlapping pairs of characters.
  var CJK = /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{3134F}]/u;

  function splitCjk(word, out) {
    var chars = Array.from(word);
    if (!chars.some(function (c) { return CJK.test(c); })) { out.push(word); return; }
    for (var i = 0; i < chars.length;) {
      var cjk = CJK.test(chars[i]), j = i;
      while (j < chars.length && CJK.test(chars[j]) === cjk) j++;
      if (!cjk || j - i === 1) out.push(chars.slice(i, j).join(""));
      else for (var k = i; k < j - 1; k++) out.push(chars[k] + chars[k + 1]);
      i = j;
    }
  }

  // Must match the Rust indexer exactly. `opts`: {min_token, stop} (the meta.json object will do).
  function tokenize(s, opts) {
    var min = opts && opts.min_token != null ? opts.min_token : 2;
    var stop = opts && opts.stop;
    if (Array.isArray(stop)) stop = new Set(stop);
    var text = String(s == null ? "" : s).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(INVISIBLE, "")
      .replace(/[\u0649\u06CC\u06A9\u06AA\u0671\u0629]/g, function (c) { return SCRIPT[c]; })
      .replace(/[\u0660-\u0669]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x0660 + 48); })
      .replace(/[\u06F0-\u06F9]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x06F0 + 48); })
      .replace(/[ßæœøłđðþı]/g, function (c) { return FOLD[c]; });
    var words = [];
    text.split(/[^\p{Alphabetic}\p{N}]+/u).forEach(function (w) { if (w !== "") splitCjk(w, words); });
    return words.filter(function (t) {
      return Array.from(t).length >= min && !(stop && stop.has(t));
    });
  }

  // Delta-encoded ascending array: running sum, first value absolute.
  function undelta(a) {
    var out = new Array(a.length), v = 0;
    for (var i = 0; i < a.length; i++) out[i] = v += a[i];
    return out;
  }

  function createEngine(indexUrl, fetchJson) {
    var base = String(indexUrl);
    if (base.slice(-1) !== "/") base += "/";
    var files = new Map(); // path -> Promise of the (transformed) file; failures are forgotten
    var tokenCache = new Map(); // query token -> Promise<Map<doc id, score>>

    function load(path, transform) {
      var p = files.get(path);
      if (!p) {
        p = Promise.resolve(base + path).then(fetchJson).then(transform || function (x) { return x; });
        files.set(path, p);
        p.catch(function () { if (files.get(path) === p) files.delete(path); });
      }
      return p;
    }

    var prepared = null;
    function ready() {
      if (!prepared) {
        prepared = load("meta.json").then(function (m) {
          var slugs = {};
          FILTERS.forEach(function (f) {
            slugs[f[1]] = new Set(((m.facets || {})[f[1]] || []).map(function (t) { return t.slug; }));
          });
          return {
            raw: m, slugs: slugs, keys: Object.keys(m.shards || {}), chunk: m.chunk || 64,
            tok: { min_token: m.min_token != null ? m.min_token : 2, stop: new Set(m.stop || []) }
          };
        });
        prepared.catch(function () { prepared = null; });
      }
      return prepared;
    }

    // Shards that can hold tokens starting with q: every key starting with q, plus (when no key
    // equals q) the longest key that is a prefix of q, since a token lives under its longest
    // prefix key. Shorter prefix keys of q cannot hold such tokens, so they are not loaded.
    function shardsFor(M, q) {
      var out = [], best = "", exact = false;
      M.keys.forEach(function (k) {
        if (k.startsWith(q)) { out.push(k); if (k === q) exact = true; }
        else if (q.startsWith(k) && k.length > best.length) best = k;
      });
      if (best && !exact) out.push(best);
      return Array.from(new Set(out.map(function (k) { return M.raw.shards[k]; })));
    }

    // Every doc matching query token q (by prefix), with its best score for q.
    function matchToken(M, q) {
      var hit = tokenCache.get(q);
      if (hit) return hit;
      hit = Promise.all(shardsFor(M, q).map(function (n) { return load("index/" + n + ".json"); }))
        .then(function (shards) {
          var scores = new Map();
          shards.forEach(function (shard) {
            Object.keys(shard).forEach(function (t) {
              if (!t.startsWith(q)) return;
              var mult = t === q ? 2 : 1, post = shard[t], v = 0;
              for (var i = 0; i < post.length; i++) {
                v += post[i];
                var id = Math.floor(v / 4), s = WEIGHTS[v - id * 4] * mult, old = scores.get(id);
                if (old === undefined || s > old) scores.set(id, s);
              }
            });
          });
          return scores;
        });
      if (tokenCache.size >= 200) tokenCache.delete(tokenCache.keys().next().value);
      tokenCache.set(q, hit);
      hit.catch(function () { if (tokenCache.get(q) === hit) tokenCache.delete(q); });
      return hit;
    }

    function doc(M, id) {
      var n = Math.floor(id / M.chunk);
      return load("docs/" + n + ".json").then(function (chunk) { return chunk[id - n * M.chunk] || {}; });
    }

    // The brief ids filed under one term. Small sites keep a taxonomy's lists in one file
    // (meta.facet_bundles), larger ones a file per term.
    function facetList(M, key, slug) {
      if ((M.raw.facet_bundles || []).indexOf(key) >= 0) {
        return load("facets/" + key + ".json").then(function (lists) {
          return undelta(Object.prototype.hasOwnProperty.call(lists, slug) ? lists[slug] : []);
        });
      }
      return load("facets/" + key + "/" + encodeURIComponent(slug) + ".json", undelta);
    }

    function search(query, opts) {
      query = query || {};
      opts = opts || {};
      var limit = opts.limit == null ? PAGE : Math.max(0, Math.floor(opts.limit) || 0); // Infinity: all
      var offset = Math.max(0, Math.floor(opts.offset) || 0);
      return ready().then(function (M) {
        var none = { total: 0, results: [] };
        var tokens = Array.from(new Set(tokenize(query.q, M.tok)));
        var facets = [];
        for (var i = 0; i < FILTERS.length; i++) {
          var slug = query[FILTERS[i][0]], key = FILTERS[i][1];
          if (slug == null || slug === "") continue;
          if (!M.slugs[key].has(String(slug))) return none; // unknown term: nothing can match
          facets.push(facetList(M, key, String(slug)));
        }
        if (!tokens.length && !facets.length) return none;
        return Promise.all([
          Promise.all(tokens.map(function (q) { return matchToken(M, q); })),
          Promise.all(facets)
        ]).then(function (r) {
          var maps = r[0].slice().sort(function (a, b) { return a.size - b.size; });
          var sets = r[1].slice().sort(function (a, b) { return a.length - b.length; });
          var hits = [];
          if (maps.length) {
            var allowed = sets.map(function (a) { return new Set(a); });
            maps[0].forEach(function (s, id) {
              for (var j = 0; j < allowed.length; j++) if (!allowed[j].has(id)) return;
              for (var k = 1; k < maps.length; k++) {
                var t = maps[k].get(id);
                if (t === undefined) return;
                s += t;
              }
              hits.push([id, s]);
            });
            hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
          } else {
            var rest = sets.slice(1).map(function (a) { return new Set(a); });
            sets[0].forEach(function (id) {
              if (rest.every(function (set) { return set.has(id); })) hits.push([id, 0]);
            });
            hits.sort(function (a, b) { return a[0] - b[0]; });
          }
          var page = hits.slice(offset, offset + limit);
          return Promise.all(page.map(function (h) { return doc(M, h[0]); })).then(function (docs) {
            return {
              total: hits.length,
              results: docs.map(function (d, i) {
                return {
                  id: page[i][0], title: d.title || "", url: d.url || "", date: d.date || "",
                  date_display: d.date_display || "", regions: d.regions || [], summary: d.summary || "",
                  score: page[i][1]
                };
              })
            };
          });
        });
      });
    }

    return {
      search: search,
      meta: function () { return ready().then(function (M) { return M.raw; }); }
    };
  }

  // The sentence of `text` that best matches the query tokens `qs` (folded, as tokenize makes
  // them; a word matches a token it starts with, as the engine matches), as runs of text, each
  // {text, mark} (mark: a matching word). null when no word matches. A long sentence is cut to
  // about `max` characters around its first match, with an ellipsis at each cut.
  function excerpt(text, qs, max) {
    text = String(text == null ? "" : text).replace(/\s+/g, " ").trim();
    if (!text || !qs || !qs.length) return null;
    max = max || 220;
    var sentences = [];
    if (typeof Intl !== "undefined" && Intl.Segmenter) {
      Array.from(new Intl.Segmenter(undefined, { granularity: "sentence" }).segment(text)).forEach(function (s) { sentences.push(s.segment.trim()); });
    } else {
      sentences = text.split(/(?<=[.!?\u3002\u061F])\s+/);
    }
    var best = null;
    sentences.forEach(function (sentence) {
      if (!sentence) return;
      var words = [], found = new Set(), re = /[\p{L}\p{N}\p{M}\u200C\u200D]+/gu, m;
      while ((m = re.exec(sentence))) {
        var toks = tokenize(m[0], { min_token: 1 }), hit = false;
        for (var i = 0; i < qs.length; i++) {
          if (toks.some(function (t) { return t.startsWith(qs[i]); })) { found.add(qs[i]); hit = true; }
        }
        if (hit) words.push([m.index, m.index + m[0].length]);
      }
      if (words.length && (!best || found.size > best.found)) best = { sentence: sentence, words: words, found: found.size };
    });
    if (!best) return null;
    var s = best.sentence, from = 0, to = s.length;
    if (to > max) {
      from = Math.max(0, best.words[0][0] - Math.floor(max / 3));
      to = Math.min(s.length, from + max);
      from = Math.max(0, to - max);
      // Cut at spaces, so no word is halved.
      if (from > 0) { var sp = s.indexOf(" ", from); if (sp >= 0 && sp < best.words[0][0]) from = sp + 1; }
      if (to < s.length) { var sp2 = s.lastIndexOf(" ", to); if (sp2 > best.words[0][1]) to = sp2; }
    }
    var runs = [], at = from;
    if (from > 0) runs.push({ text: "\u2026", mark: false });
    best.words.forEach(function (w) {
      if (w[0] < at || w[1] > to) return;
      if (w[0] > at) runs.push({ text: s.slice(at, w[0]), mark: false });
      runs.push({ text: s.slice(w[0], w[1]), mark: true });
      at = w[1];
    });
    if (to > at) runs.push({ text: s.slice(at, to), mark: false });
    if (to < s.length) runs.push({ text: "\u2026", mark: false });
    return runs;
  }

  var api = { createEngine: createEngine, tokenize: tokenize, excerpt: excerpt };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else global.DossierSearch = api;

  if (typeof document === "undefined") return;

  // ---- Search page glue ----
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // Appends `runs` (from excerpt) to `node`: matching words in <mark>.
  function appendRuns(node, runs) {
    runs.forEach(function (r) {
      node.appendChild(r.mark ? el("mark", null, r.text) : document.createTextNode(r.text));
    });
    return node;
  }

  // The text of a brief's body in its page (the theme's .prose), without its footnotes.
  function bodyText(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var body = doc.querySelector("main .prose") || doc.querySelector("main");
    if (!body) return "";
    Array.prototype.forEach.call(body.querySelectorAll(".footnotes, .anchor, script, style, figure, table, pre"), function (n) { n.remove(); });
    return Array.prototype.map.call(body.querySelectorAll("p, li, blockquote, h2, h3, h4, dd"), function (n) {
      return n.textContent;
    }).join(" \n ");
  }

  var ENGLISH = {
    region: "Region", regions: "Regions", actor: "Actor", tag: "Tag",
    search_remove_filter: "Remove the filter {filter}",
    search_results: { one: "{n} result", other: "{n} results" },
    search_none_for: "No results for \u201c{q}\u201d",
    search_none_for_filtered: "No results for \u201c{q}\u201d with the selected filters",
    search_none_filtered: "No results with the selected filters",
    search_unavailable: "Search is unavailable right now. Please try again later."
  };

  function init() {
    var root = document.querySelector(".search-page[data-index]");
    if (!root) return;
    // The page's interface strings (i18n.js), English when a custom theme leaves them out.
    var tr = global.dossierStrings ? global.dossierStrings("search-strings", ENGLISH) : function (k) { return ENGLISH[k] || k; };
    var form = root.querySelector(".search-form");
    var input = form.elements.q;
    var status = root.querySelector(".search-status");
    var list = root.querySelector(".search-results");
    var more = root.querySelector(".search-more");
    var baseTitle = document.title;
    var engine = createEngine(root.getAttribute("data-index"), function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
        return r.json();
      });
    });
    var params = new URLSearchParams(location.search);
    var seq = 0, timer = 0, shown = 0, current = null, loaded = false, tokOpts = null;
    var chips = root.querySelector(".search-chips");
    var pages = new Map(); // brief URL -> Promise of its body's text, for excerpts
    var names = {}; // facet key -> slug -> name

    input.value = params.get("q") || "";
    FILTERS.forEach(function (f) { form.elements[f[0]].disabled = true; });

    function state() {
      var s = { q: input.value.trim() };
      FILTERS.forEach(function (f) { s[f[0]] = form.elements[f[0]].value; });
      return s;
    }

    function syncUrl(s) {
      var p = new URLSearchParams();
      ["q", "region", "actor", "tag"].forEach(function (k) { if (s[k]) p.set(k, s[k]); });
      var qs = p.toString(), url = location.pathname + (qs ? "?" + qs : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
      document.title = s.q ? "\u201c" + s.q + "\u201d \u00b7 " + baseTitle : baseTitle;
    }

    function say(text) { if (status.textContent !== text) status.textContent = text; }

    // The query's tokens, as the engine folds them.
    function queryTokens(q) { return tokOpts ? tokenize(q, tokOpts) : []; }

    // A brief's body text, fetched once per page view.
    function body(url) {
      var p = pages.get(url);
      if (!p) {
        p = fetch(url, { credentials: "same-origin" }).then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.text();
        }).then(bodyText);
        pages.set(url, p);
        p.catch(function () { pages.delete(url); });
      }
      return p;
    }

    // The result's excerpt: the summary's matching sentence at once, else the summary; then,
    // when the summary has no match, the body's matching sentence, fetched from the brief's
    // page. The box keeps two lines whatever it holds, so nothing below it moves.
    function fillExcerpt(p, r, qs, my) {
      var runs = excerpt(r.summary, qs);
      p.textContent = "";
      if (runs) appendRuns(p, runs);
      else p.textContent = r.summary;
      if (runs || !qs.length || !r.url) return;
      body(r.url).then(function (text) {
        if (my !== seq) return;
        var found = excerpt(text, qs);
        if (!found) return;
        p.textContent = "";
        appendRuns(p, found);
        p.classList.add("search-excerpt-body");
      }, function () {});
    }

    function renderItem(r, qs) {
      var li = el("li", "brief-item search-result");
      if (r.regions && r.regions.length) {
        var k = el("p", "kicker");
        k.appendChild(el("span", "visually-hidden", tr(r.regions.length === 1 ? "region" : "regions") + ": "));
        k.appendChild(document.createTextNode(r.regions.join(", ")));
        li.appendChild(k);
      }
      var h = el("h2", "brief-card-title");
      var a = el("a", "search-result-link");
      var titleRuns = excerpt(r.title, qs, 1000);
      if (titleRuns) appendRuns(a, titleRuns); else a.textContent = r.title || r.url;
      a.href = r.url;
      a.dir = "auto";
      h.appendChild(a);
      li.appendChild(h);
      var ex = el("p", "brief-card-summary search-excerpt");
      ex.dir = "auto";
      fillExcerpt(ex, r, qs, seq);
      li.appendChild(ex);
      var meta = el("p", "meta");
      if (r.date) {
        var t = el("time", null, r.date_display || r.date);
        t.setAttribute("datetime", r.date);
        meta.appendChild(t);
      }
      if (meta.firstChild) li.appendChild(meta);
      return li;
    }

    // The filters in force, as chips that remove them.
    function showChips(s) {
      chips.textContent = "";
      FILTERS.forEach(function (f) {
        var slug = s[f[0]];
        if (!slug) return;
        var name = (names[f[1]] || {})[slug] || slug;
        var label = tr(f[0]) + ": " + name;
        var b = el("button", "chip chip-remove");
        b.type = "button";
        b.setAttribute("aria-label", tr("search_remove_filter", null, { filter: label }));
        b.appendChild(document.createTextNode(label + " "));
        b.appendChild(el("span", null, "\u00d7")).setAttribute("aria-hidden", "true");
        b.addEventListener("click", function () {
          form.elements[f[0]].value = "";
          run();
          input.focus();
        });
        var li = el("li");
        li.appendChild(b);
        chips.appendChild(li);
      });
      chips.hidden = !chips.firstChild;
    }

    function show(res, append) {
      if (!append) list.textContent = "";
      var first = null, qs = queryTokens(current ? current.q : "");
      res.results.forEach(function (r) {
        var li = renderItem(r, qs);
        if (!first) first = li.querySelector("a");
        list.appendChild(li);
      });
      shown = (append ? shown : 0) + res.results.length;
      more.hidden = shown >= res.total;
      return first;
    }

    function fail() {
      say(tr("search_unavailable"));
      more.hidden = true;
    }

    function run() {
      clearTimeout(timer);
      if (!loaded) return; // the filters are not filled yet; meta's arrival runs the search
      var s = state(), my = ++seq;
      current = s;
      syncUrl(s);
      showChips(s);
      if (!s.q && !s.region && !s.actor && !s.tag) {
        list.textContent = "";
        more.hidden = true;
        shown = 0;
        say("");
        return;
      }
      engine.search(s, { limit: PAGE, offset: 0 }).then(function (res) {
        if (my !== seq) return;
        show(res, false);
        var filtered = s.region || s.actor || s.tag;
        if (res.total) say(tr("search_results", res.total));
        else if (s.q) say(tr(filtered ? "search_none_for_filtered" : "search_none_for", null, { q: s.q }));
        else say(tr("search_none_filtered"));
      }, function () { if (my === seq) fail(); });
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a.search-result-link")); }

    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    FILTERS.forEach(function (f) { form.elements[f[0]].addEventListener("change", run); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var l = links();
        if (l.length) { e.preventDefault(); l[0].focus(); }
      } else if (e.key === "Escape" && input.value) {
        e.preventDefault();
        input.value = "";
        run();
      }
    });
    list.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var l = links(), i = l.indexOf(document.activeElement);
      if (i < 0) return;
      e.preventDefault();
      if (e.key === "ArrowDown") { if (i + 1 < l.length) l[i + 1].focus(); }
      else if (i > 0) l[i - 1].focus();
      else input.focus();
    });
    more.addEventListener("click", function () {
      var s = current, my = seq;
      if (!s) return;
      more.disabled = true;
      engine.search(s, { limit: PAGE, offset: shown }).then(function (res) {
        more.disabled = false;
        if (my !== seq) return;
        var first = show(res, true);
        if (first) first.focus();
      }, function () { more.disabled = false; if (my === seq) fail(); });
    });

    engine.meta().then(function (m) {
      tokOpts = { min_token: m.min_token != null ? m.min_token : 2, stop: new Set(m.stop || []) };
      FILTERS.forEach(function (f) {
        names[f[1]] = {};
        ((m.facets || {})[f[1]] || []).forEach(function (t) { names[f[1]][t.slug] = t.name; });
        var sel = form.elements[f[0]], want = params.get(f[0]) || "";
        ((m.facets || {})[f[1]] || []).forEach(function (t) {
          // Sub-regions indented under their region (meta lists them in tree order).
          var indent = new Array((t.depth || 0) + 1).join("\u2003");
          var o = el("option", null, indent + t.name + " (" + (tr.digits ? tr.digits(t.count) : t.count) + ")");
          o.value = t.slug;
          sel.appendChild(o);
        });
        sel.value = want;
        if (sel.value !== want) sel.value = ""; // unknown slug in the URL: ignore it
        sel.disabled = false;
      });
      loaded = true;
      run();
    }, fail);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof window !== "undefined" ? window : this);
