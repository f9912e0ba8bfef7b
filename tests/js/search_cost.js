#!/usr/bin/env node
// What a visitor's first search downloads: runs each query on a fresh engine (an empty cache,
// as on a first visit) against a built search/ folder and prints the files and bytes it loaded.
//
//   node tests/js/search_cost.js <public>/search/ '[{"q":"iran"},{"q":"sanctions"},{"q":"","region":"gulf"}]'
"use strict";

const fs = require("fs");
const path = require("path");
const { createEngine } = require(path.join(__dirname, "..", "..", "themes", "default", "static", "search.js"));

async function main() {
  const [dir, queriesJson] = process.argv.slice(2);
  const indexUrl = dir.endsWith("/") ? dir : dir + "/";
  for (const q of JSON.parse(queriesJson)) {
    let bytes = 0;
    let files = 0;
    const engine = createEngine(indexUrl, (url) => {
      const text = fs.readFileSync(decodeURIComponent(url));
      bytes += text.length;
      files += 1;
      return Promise.resolve(JSON.parse(text.toString("utf8")));
    });
    const r = await engine.search(q, { limit: 20 });
    console.log(`${JSON.stringify(q)}: ${r.total} results, ${files} files, ${(bytes / 1024).toFixed(0)} KiB`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
