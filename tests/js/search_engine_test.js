#!/usr/bin/env node
// Runs the default theme's search engine (themes/default/static/search.js) against a built
// search index on disk and prints the answers as one JSON array on stdout.
//
//   node tests/js/search_engine_test.js <public>/search/ '[{"q":"iran"},{"q":"muscat","region":"gulf"}]'
//
// Each query object holds `q`, `region`, `actor`, `tag` (slugs) and optionally `limit` and
// `offset` (default: the engine's 20 and 0). Output: `[{"total":N,"results":[...]}, ...]` in
// query order. Plain node, no packages. Exits 1 with a message on stderr on any error.
"use strict";

const fs = require("fs");
const path = require("path");
const { createEngine } = require(path.join(__dirname, "..", "..", "themes", "default", "static", "search.js"));

function main() {
  const [dir, queriesJson] = process.argv.slice(2);
  if (!dir || queriesJson === undefined) {
    throw new Error("usage: node search_engine_test.js <search-dir> '<JSON array of queries>'");
  }
  const queries = JSON.parse(queriesJson);
  if (!Array.isArray(queries)) throw new Error("queries must be a JSON array");
  const indexUrl = dir.endsWith(path.sep) || dir.endsWith("/") ? dir : dir + "/";
  // URLs are indexUrl + a path inside the index; that path may be percent-encoded (facet slugs).
  const fetchJson = (url) => {
    if (!url.startsWith(indexUrl)) throw new Error("unexpected URL " + url);
    const rel = decodeURIComponent(url.slice(indexUrl.length));
    return fs.promises.readFile(path.join(indexUrl, rel), "utf8").then(JSON.parse);
  };
  const engine = createEngine(indexUrl, fetchJson);
  // One query at a time, in order, sharing the engine's cache as a browser session would.
  return queries.reduce(
    (acc, q) =>
      acc.then((out) =>
        engine
          .search(
            { q: q.q, region: q.region, actor: q.actor, tag: q.tag },
            { limit: q.limit, offset: q.offset }
          )
          .then((r) => out.concat([r]))
      ),
    Promise.resolve([])
  );
}

Promise.resolve()
  .then(main)
  .then((out) => process.stdout.write(JSON.stringify(out) + "\n"))
  .catch((e) => {
    process.stderr.write(String((e && e.stack) || e) + "\n");
    process.exit(1);
  });
