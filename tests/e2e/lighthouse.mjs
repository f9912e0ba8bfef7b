// Lighthouse scores of the default theme on the example site, written to docs/lighthouse.md.
// Not part of `cargo test` (ten Lighthouse runs take a few minutes); run it after changing the
// theme:
//
//   cargo build --release && npm ci --prefix tests/e2e
//   DOSSIER_BIN=target/release/dossier node tests/e2e/lighthouse.mjs
//
// It builds the example site into a temporary folder with its address set to a local server's,
// serves it as a static host would (gzip, no live reload), and runs Lighthouse (the npm package)
// with Debian's Chromium on the home page, a brief, a term page, the timeline and search, each
// with the mobile and the desktop preset. The table in docs/lighthouse.md is replaced; the
// scores are printed too. Exits non-zero when a category is under its target (Accessibility,
// Best Practices and SEO 100, Performance 98), after writing the table, with the audits that
// cost points. `LH_ONLY=home,brief` runs some pages only and leaves docs/lighthouse.md alone.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const BIN = process.env.DOSSIER_BIN || path.join(REPO, "target", "release", "dossier");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const DOC = path.join(REPO, "docs", "lighthouse.md");
const PAGES = [
  ["home", "/"],
  ["brief", "/briefs/muscat-talks/"],
  ["term", "/regions/gulf/"],
  ["timeline", "/timeline/"],
  ["search", "/search/?q=oman"],
];
const CATEGORIES = [
  ["performance", "Performance", 98],
  ["accessibility", "Accessibility", 100],
  ["best-practices", "Best Practices", 100],
  ["seo", "SEO", 100],
];
const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".xml": "application/xml", ".txt": "text/plain",
  ".csv": "text/csv", ".ics": "text/calendar", ".webmanifest": "application/manifest+json",
};

// A static host: files of `root()`, folders as their index.html, gzip when the client takes
// it, a 404 page for the rest.
function serve(rootOf) {
  return http.createServer((req, res) => {
    const root = rootOf();
    const url = new URL(req.url, "http://x");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) file = root;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    let status = 200;
    if (!fs.existsSync(file)) [file, status] = [path.join(root, "404.html"), 404];
    let body = fs.readFileSync(file);
    const headers = { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "cache-control": "max-age=3600" };
    if (/gzip/.test(req.headers["accept-encoding"] || "") && /text|json|svg|xml/.test(headers["content-type"])) {
      body = zlib.gzipSync(body);
      headers["content-encoding"] = "gzip";
    }
    res.writeHead(status, headers);
    res.end(body);
  });
}

function table(rows) {
  const head = `| Page | Preset | ${CATEGORIES.map((c) => c[1]).join(" | ")} |`;
  const rule = `|---|---|${CATEGORIES.map(() => "---:").join("|")}|`;
  const lines = rows.map((r) => `| ${r.page} (\`${r.path}\`) | ${r.preset} | ${CATEGORIES.map((c) => r.scores[c[0]]).join(" | ")} |`);
  return [head, rule, ...lines].join("\n");
}

// Replaces the text between the markers in docs/lighthouse.md.
function record(rows, misses, version) {
  const text = fs.readFileSync(DOC, "utf8");
  const start = "<!-- lighthouse:start -->", end = "<!-- lighthouse:end -->";
  const when = new Date().toISOString().slice(0, 10);
  const lost = misses.length ? `\n\nWhat cost points:\n\n${misses.map((m) => `- ${m}`).join("\n")}` : "";
  const body = `${start}\nLighthouse ${version}, Chromium ${chromiumVersion()}, ${when}.\n\n${table(rows)}${lost}\n${end}`;
  const i = text.indexOf(start), j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`${DOC} has no ${start} … ${end} markers`);
  fs.writeFileSync(DOC, text.slice(0, i) + body + text.slice(j + end.length));
}

function chromiumVersion() {
  const out = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout || "";
  return (out.match(/[\d.]+/) || ["?"])[0];
}

async function main() {
  const only = process.env.LH_ONLY ? new Set(process.env.LH_ONLY.split(",")) : null;
  // The site is built for the server's address (its links and canonical URLs are absolute),
  // so the server listens first.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "dossier-lh-site-"));
  const server = serve(() => out);
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const built = spawnSync(BIN, ["build", "--quiet", "--root", REPO, "--output-dir", out, "--base-url", `${base}/`], { stdio: "inherit" });
  if (built.status !== 0) throw new Error(`${BIN} build failed`);

  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const rows = [], misses = [];
  let version = "?";
  try {
    for (const [page, p] of PAGES) {
      if (only && !only.has(page)) continue;
      for (const preset of ["mobile", "desktop"]) {
        const flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES.map((c) => c[0]) };
        const result = await lighthouse(base + p, flags, preset === "desktop" ? desktopConfig : undefined);
        const lhr = result.lhr;
        version = lhr.lighthouseVersion;
        const scores = {};
        for (const [id, name, target] of CATEGORIES) {
          const cat = lhr.categories[id];
          scores[id] = Math.round(cat.score * 100);
          if (scores[id] >= target) continue;
          const lost = cat.auditRefs
            .filter((a) => a.weight > 0 && lhr.audits[a.id].score !== null && lhr.audits[a.id].score < 1)
            .map((a) => `${lhr.audits[a.id].title}${lhr.audits[a.id].displayValue ? ` (${lhr.audits[a.id].displayValue})` : ""}`);
          misses.push(`${page}, ${preset}, ${name} ${scores[id]}: ${lost.join("; ") || "(no failing audit; metrics)"}`);
        }
        rows.push({ page, path: p, preset, scores });
        console.log(`${page.padEnd(9)} ${preset.padEnd(8)} ${CATEGORIES.map((c) => `${c[1]} ${scores[c[0]]}`).join(", ")}`);
      }
    }
  } finally {
    await chrome.kill();
    server.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
  if (!only) record(rows, misses, version);
  for (const m of misses) console.log(`under target: ${m}`);
  process.exitCode = misses.length ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
