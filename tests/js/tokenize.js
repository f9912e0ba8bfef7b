#!/usr/bin/env node
// Prints the tokens the default theme's search script (themes/default/static/search.js) makes
// of each string, so a test can hold them equal to the Rust indexer's (src/text.rs).
//
//   node tests/js/tokenize.js '["Côte d’Ivoire", "خامنه‌ای"]'   →   [["cote","ivoire"],["خامنهاي"]]
//
// Plain node, no packages. Exits 1 with a message on stderr on any error.
"use strict";

const path = require("path");
const { tokenize } = require(path.join(__dirname, "..", "..", "themes", "default", "static", "search.js"));

try {
  const strings = JSON.parse(process.argv[2] || "");
  if (!Array.isArray(strings)) throw new Error("usage: node tokenize.js '<JSON array of strings>'");
  // The index's own options: two characters at least, and no stop words here (the Rust side
  // is asked for its tokens with stop words applied, so both apply the same list).
  const stop = JSON.parse(process.argv[3] || "[]");
  process.stdout.write(JSON.stringify(strings.map((s) => tokenize(s, { min_token: 2, stop }))));
} catch (e) {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
}
