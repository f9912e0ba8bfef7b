// Real-browser end-to-end tests for dossier: `dossier serve` on a temp copy of the example site,
// driven by Debian's Chromium through playwright-core. Run by tests/testsuite/browser.rs, or directly:
//
//   DOSSIER_BIN=target/release/dossier E2E_OUT=target/screenshots node tests/e2e/run.mjs
//
// With E2E_OUT=docs/screenshots it regenerates the README's screenshots.
//
// Checks: pages load cleanly, link navigation and history, header and page search, live reload and
// the build-error overlay, axe-core (no violation of any impact) in light and dark, screenshots, and an
// Arabic site (tests/e2e/rtl-site) laid out right to left, with its own screenshots and axe runs.
// Exits non-zero on any failure; always stops the server and the browser; bounded in time.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const BIN = process.env.DOSSIER_BIN;
const OUT = path.resolve(process.env.E2E_OUT || path.join(REPO, "target", "screenshots"));
const SITE = path.resolve(process.env.E2E_SITE || REPO); // the site to copy: the example site by default

const RUN_LIMIT_MS = 150_000; // the whole run, hard stop (the test harness allows 180 s)
const STEP_LIMIT_MS = 30_000; // one check (accessibility gets twice that)
const ACTION_MS = 10_000; // one click, fill, wait...
const NAV_MS = 15_000; // one navigation
const LIVE_MS = 10_000; // an edit on disk showing in the open page

const MUSCAT = "US and Iran open indirect talks in Muscat";
const MUSCAT_FILE = path.join("content", "briefs", "muscat-talks.md");
const BLACK_SEA = "Russia quits the Black Sea Grain Initiative";
const RED_SEA = "Houthi attacks push Red Sea shipping into crisis"; // a bundle: a figure, a CSV, footnotes
const BODY_ONLY_WORD = "Chornomorsk"; // appears once, in the body of black-sea-grain-corridor.md

// Every page the checks visit: where it is, its main heading, and how to tell it is fully ready.
const PAGES = [
  { name: "home", path: "/", h1: "Meridian Briefs" },
  { name: "brief", path: "/briefs/muscat-talks/", h1: MUSCAT },
  { name: "bundle", path: "/briefs/red-sea-shipping/", h1: RED_SEA, assets: true },
  // A retracted brief: its page stays, under its notice.
  { name: "retracted", path: "/briefs/fujairah-tanker-report/", h1: "Reported tanker seizure off Fujairah raises the stakes before Muscat" },
  { name: "region", path: "/regions/gulf/", h1: "Region: Gulf" },
  { name: "actor", path: "/actors/oman/", h1: "Actor: Oman" },
  // The site-wide actor graph: an SVG of links, its controls shown by graph.js.
  { name: "graph", path: "/actors/graph/", h1: "Actor graph" },
  { name: "tag", path: "/tags/diplomacy/", h1: "Tag: diplomacy" },
  { name: "timeline", path: "/timeline/", h1: "Timeline" },
  // A region's events month by month: dates beside entries on a wide screen, above them on a phone.
  { name: "region timeline", path: "/regions/middle-east/timeline/", h1: "What happened in Middle East, month by month" },
  // Every likelihood badge colour, in both schemes, for axe's contrast rule.
  { name: "confidence", path: "/confidence/", h1: "Confidence and likelihood" },
  { name: "search", path: "/search/?q=oman", h1: "Search", results: true },
  { name: "404", path: "/briefs/no-such-brief/", h1: "Page not found", status: 404 },
];
const page = (name) => PAGES.find((p) => p.name === name);

// Serious axe violations that are known, outside the theme, and tolerated until fixed: printed on
// every run, and reported when they stop occurring so the entry can be removed.
const KNOWN_AXE = [];

const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--no-first-run",
  "--disable-quic",
  "--disable-component-update",
  "--disable-sync",
];

const started = Date.now();
const secs = () => ((Date.now() - started) / 1000).toFixed(1) + " s";
const squash = (s) => String(s ?? "").replace(/\s+/g, " ").trim();
const isEvents = (url) => new URL(url).pathname === "/__dossier/events";

const plain = (s) => String(s).replace(/\x1b\[[0-9;]*m/g, ""); // Playwright colours its messages
const firstLine = (e) => plain(e.message ?? e).split("\n")[0];

class Failure extends Error {}
function check(cond, message) {
  if (!cond) throw new Failure(message);
}

function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Failure(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

// Poll `fn` until it returns a truthy value; fail with `what` (and the last value seen) otherwise.
async function poll(fn, ms, what) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > end) throw new Failure(`${what} (waited ${ms / 1000} s; last saw: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---- the site and the server ----

let server = null; // the example site's: { child, port, base, log() }
const servers = []; // every server started, stopped however the run ends
let browser = null;
let scratch = null;

function copySite() {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), "dossier-e2e-"));
  const root = path.join(scratch, "site");
  fs.mkdirSync(root);
  for (const item of ["site.yaml", "content", "themes"]) {
    fs.cpSync(path.join(SITE, item), path.join(root, item), { recursive: true });
  }
  return root;
}

// Replace a file the way editors do (write beside, then rename): the watcher never sees half a file.
function writeAtomically(file, text) {
  const tmp = path.join(scratch, "edit.tmp");
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

// Start `dossier serve` on `root`; resolves to { child, port, base, log() } once it prints its URL.
function startServer(root) {
  const child = spawn(BIN, ["serve", "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const append = (d) => {
    log += d;
    if (log.length > 20_000) log = log.slice(-20_000);
  };
  child.stdout.on("data", append);
  child.stderr.on("data", append);
  const server = { child, port: 0, base: "", log: () => log };
  servers.push(server);
  return withTimeout(
    new Promise((resolve, reject) => {
      const onData = () => {
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
        if (!m) return;
        child.stdout.off("data", onData);
        server.port = Number(m[1]);
        server.base = `http://127.0.0.1:${server.port}`;
        resolve(server);
      };
      child.stdout.on("data", onData);
      child.on("error", (e) => reject(new Failure(`could not start ${BIN}: ${e.message}`)));
      child.on("exit", (code, signal) => {
        if (!server.port) reject(new Failure(`dossier serve exited early (${code ?? signal}):\n${log}`));
      });
    }),
    30_000,
    "dossier serve printing its URL",
  );
}

function stopServer(server) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  const child = server.child;
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

// ---- pages ----

async function newContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(ACTION_MS);
  context.setDefaultNavigationTimeout(NAV_MS);
  return context;
}

// Record everything that went wrong on a page: console errors, uncaught exceptions, failed
// requests and error responses. `expect404(url)` exempts that one document response.
let seenInStep = []; // every page problem seen during the current check, printed if it fails
function watch(tab) {
  const problems = [];
  const record = (m) => {
    problems.push(m);
    seenInStep.push(m);
  };
  let allowed = null;
  tab.on("console", (m) => {
    if (m.type() !== "error") return;
    const from = m.location().url;
    // Chromium logs the status of the document that we asked for as a 404.
    if (allowed && /status of 404/.test(m.text()) && from === allowed) return;
    // The browser's own favicon probe: the theme has no icon, and no page asks for one.
    if (/status of 404/.test(m.text()) && from && new URL(from).pathname === "/favicon.ico") return;
    record(`console error: ${m.text()}${from ? ` (${from})` : ""}`);
  });
  tab.on("pageerror", (e) => record(`uncaught exception: ${e.message}`));
  // Loads the page's own navigation cut short are not failures: a link clicked while the
  // favicon is still loading aborts it. Chromium can report the abort before the new
  // document commits, so an abort is judged when the problems are read: it counts only if
  // no navigation has committed since its request started.
  let navigations = 0;
  const startedAt = new WeakMap();
  const aborted = [];
  tab.on("framenavigated", (f) => {
    if (f === tab.mainFrame()) navigations++;
  });
  tab.on("request", (r) => startedAt.set(r, navigations));
  tab.on("requestfailed", (r) => {
    const why = r.failure()?.errorText ?? "unknown";
    // The live-reload event stream is cut whenever the page navigates or closes: expected.
    if (isEvents(r.url()) && why === "net::ERR_ABORTED") return;
    const message = `request failed: ${r.method()} ${r.url()} (${why})`;
    if (why === "net::ERR_ABORTED") aborted.push({ message, at: startedAt.get(r) });
    else record(message);
  });
  tab.on("response", (r) => {
    if (r.status() < 400) return;
    if (r.status() === 404 && r.url() === allowed && r.request().isNavigationRequest()) return;
    record(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  return {
    get problems() {
      return [...problems, ...aborted.filter((a) => a.at === navigations).map((a) => a.message)];
    },
    expect404(url) {
      allowed = url;
    },
  };
}

// Resolves once the page (re)connects to the live-reload event stream. Rejection is marked as
// handled here so that a wait abandoned by an earlier failure cannot crash the run.
function eventsConnected(tab, timeout) {
  const connected = tab.waitForResponse((r) => isEvents(r.url()), { timeout });
  connected.catch(() => {});
  return connected;
}

// Go to one of PAGES and wait until it is fully up: loaded, live reload connected, search results
// shown. Returns the document response.
async function open(tab, p, base = server.base) {
  const connected = eventsConnected(tab, NAV_MS);
  const response = await tab.goto(base + p.path, { waitUntil: "load" });
  check(response, `${p.path}: no response`);
  check(
    response.status() === (p.status ?? 200),
    `${p.path}: HTTP ${response.status()}, expected ${p.status ?? 200}`,
  );
  await connected;
  if (p.results) await tab.locator("ol.search-results a.search-result-link").first().waitFor();
  return response;
}

async function h1(tab, selector = "main h1") {
  return squash(await tab.locator(selector).first().textContent());
}

// ---- the checks ----

async function pagesLoadCleanly() {
  const context = await newContext();
  try {
    const bad = [];
    for (const p of PAGES) {
      const tab = await context.newPage();
      const w = watch(tab);
      if (p.status === 404) w.expect404(server.base + p.path);
      try {
        await open(tab, p);
        const heading = await h1(tab);
        if (!heading.startsWith(p.h1)) bad.push(`${p.path}: h1 is "${heading}", expected "${p.h1}"`);
        // The theme's stylesheet applied (a broken link would leave the skip link visible at top).
        const styled = await tab.evaluate(() => getComputedStyle(document.querySelector(".skip-link")).position);
        if (styled !== "absolute" && styled !== "fixed") bad.push(`${p.path}: style.css not applied`);
        if (p.assets) bad.push(...(await bundleWorks(tab)).map((m) => `${p.path}: ${m}`));
      } catch (e) {
        bad.push(`${p.path}: ${firstLine(e)}`);
      } finally {
        bad.push(...w.problems.map((m) => `${p.path}: ${m}`));
        await tab.close();
      }
    }
    check(bad.length === 0, bad.join("\n"));
    return `${PAGES.length} pages`;
  } finally {
    await context.close();
  }
}

// A bundle's page: its figure loads at the size its attributes reserve, its data file is
// served, and a footnote reference and its back-link each move to the other.
async function bundleWorks(tab) {
  const bad = [];
  const img = await tab.evaluate(() => {
    const i = document.querySelector("figure img");
    return i && { ok: i.complete && i.naturalWidth > 0, w: i.getAttribute("width"), h: i.getAttribute("height") };
  });
  if (!img?.ok) bad.push("the figure's image did not load");
  if (!img?.w || !img?.h) bad.push(`the figure's image has no width and height (${JSON.stringify(img)})`);
  const csv = await tab.evaluate(() => fetch(document.querySelector(".prose a[href$='.csv']").href).then((r) => r.status));
  if (csv !== 200) bad.push(`the data file answered HTTP ${csv}`);
  await tab.locator("sup.footnote-reference a").first().click();
  const note = await tab.evaluate(() => location.hash);
  if (note !== "#fn-cape") bad.push(`the first footnote reference went to "${note}"`);
  await tab.locator("#fn-cape a.footnote-backref").click();
  const back = await tab.evaluate(() => location.hash);
  if (back !== "#fnref-cape") bad.push(`the back-link went to "${back}"`);
  return bad;
}

async function navigation() {
  const context = await newContext();
  try {
    const tab = await context.newPage();
    const w = watch(tab);
    await open(tab, page("home"));

    await tab.locator("main .brief-card-title a", { hasText: MUSCAT }).click();
    await tab.waitForURL(`${server.base}/briefs/muscat-talks/`);
    check((await h1(tab, "h1.brief-title")) === MUSCAT, `brief h1 is "${await h1(tab)}"`);

    await tab.locator(".facets a.chip", { hasText: /^Oman$/ }).click();
    await tab.waitForURL(`${server.base}/actors/oman/`);
    check((await h1(tab)) === "Actor: Oman", `actor h1 is "${await h1(tab)}"`);
    check(
      (await tab.locator(".brief-list a", { hasText: MUSCAT }).count()) > 0,
      "the Oman actor page does not list the Muscat brief",
    );

    const timeline = tab.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Timeline" });
    await timeline.click();
    await tab.waitForURL(`${server.base}/timeline/`);
    check((await h1(tab)).startsWith("Timeline"), `timeline h1 is "${await h1(tab)}"`);
    check((await timeline.getAttribute("aria-current")) === "page", "Timeline nav link lacks aria-current=page");

    const back = await tab.goBack({ waitUntil: "load" });
    check(back, "goBack() had no history entry");
    check(tab.url() === `${server.base}/actors/oman/`, `after goBack() the URL is ${tab.url()}`);
    check((await h1(tab)) === "Actor: Oman", `after goBack() the h1 is "${await h1(tab)}"`);

    check(w.problems.length === 0, w.problems.join("\n"));
    return "home → brief → actor → timeline → back";
  } finally {
    await context.close();
  }
}

// The actor graph's controls (graph.js): shown, a year keeps only that year's ties (in the
// picture and in the table, with that year's counts), and zoom narrows the view.
async function actorGraph() {
  const context = await newContext();
  try {
    const tab = await context.newPage();
    const w = watch(tab);
    await open(tab, page("graph"));
    await tab.locator(".graph-controls select").waitFor({ state: "visible" });
    const options = await tab.locator("[data-graph-window] option").allTextContents();
    const year = options.findIndex((o) => /^\d{4}$/.test(o));
    check(year > 0, `no year among the periods: ${options.join(", ")}`);
    await tab.selectOption("[data-graph-window]", String(year));
    const seen = await tab.evaluate((k) => {
      const visible = (el) => getComputedStyle(el).display !== "none" && !el.closest("[hidden]");
      const edges = [...document.querySelectorAll(".graph-edge")];
      const rows = [...document.querySelectorAll(".graph-table tbody tr")];
      const inYear = (el) => Number(el.getAttribute("data-w").split(" ")[k]);
      return {
        shown: edges.filter(visible).length,
        expected: edges.filter((e) => inYear(e) > 0).length,
        rows: rows.filter((r) => !r.hidden).length,
        counts: rows.filter((r) => !r.hidden).every((r) => Number(r.querySelector("[data-count]").textContent) === inYear(r)),
        all: edges.length,
      };
    }, year);
    check(seen.shown === seen.expected && seen.expected < seen.all, `edges shown for ${options[year]}: ${JSON.stringify(seen)}`);
    check(seen.rows === seen.expected && seen.counts, `table rows for ${options[year]}: ${JSON.stringify(seen)}`);
    const before = await tab.locator("svg.graph-svg").getAttribute("viewBox");
    await tab.getByRole("button", { name: "Zoom in" }).click();
    const after = await tab.locator("svg.graph-svg").getAttribute("viewBox");
    check(before !== after, `zoom in left the view at ${after}`);
    check(w.problems.length === 0, w.problems.join("\n"));
    return `${seen.shown} of ${seen.all} ties in ${options[year]}`;
  } finally {
    await context.close();
  }
}

async function search() {
  const context = await newContext();
  try {
    const tab = await context.newPage();
    const w = watch(tab);
    const results = tab.locator("ol.search-results a.search-result-link");
    await open(tab, page("home"));

    // The header box, from any page, submits to /search/.
    const box = tab.locator("form[role=search] input[name=q]");
    await box.fill("Oman");
    await box.press("Enter");
    await tab.waitForURL((u) => u.pathname === "/search/" && u.searchParams.get("q") === "Oman");
    await results.filter({ hasText: MUSCAT }).first().waitFor();
    check((await tab.inputValue("#search-q")) === "Oman", "the search page did not pick up ?q=Oman");
    const oman = await results.count();

    // A word that only one brief's body contains finds that brief alone.
    await tab.fill("#search-q", BODY_ONLY_WORD);
    await tab.press("#search-q", "Enter");
    const titles = await poll(
      async () => {
        const t = (await results.allTextContents()).map(squash);
        return t.length === 1 && t[0] === BLACK_SEA && t;
      },
      ACTION_MS,
      `searching "${BODY_ONLY_WORD}" should list exactly "${BLACK_SEA}"`,
    );
    check(
      new URL(tab.url()).searchParams.get("q") === BODY_ONLY_WORD,
      `the search page URL was not updated: ${tab.url()}`,
    );
    check(/^1 result$/.test(squash(await tab.locator(".search-status").textContent())), "status is not '1 result'");
    // Its excerpt is the body's sentence with the word, the word highlighted.
    const excerpt = await poll(
      async () => {
        const marks = (await tab.locator(".search-excerpt mark").allTextContents()).map(squash);
        return marks.length === 1 && marks[0] === BODY_ONLY_WORD && squash(await tab.locator(".search-excerpt").textContent());
      },
      ACTION_MS,
      `the result's excerpt should show "${BODY_ONLY_WORD}" in <mark>`,
    );
    check(/\.$/.test(excerpt) && excerpt.length < 260, `the excerpt is not one sentence: "${excerpt}"`);

    await results.first().click();
    await tab.waitForURL(`${server.base}/briefs/black-sea-grain-corridor/`);
    check((await h1(tab, "h1.brief-title")) === BLACK_SEA, `result landed on "${await h1(tab)}"`);

    // Loaded with a query and a filter: the filter shows as a chip that removes it, and nothing
    // on the page moves as the results and their excerpts arrive.
    await tab.goto(`${server.base}/search/?q=Oman&region=gulf`);
    await results.first().waitFor();
    const chip = tab.locator(".search-chips button");
    check(squash(await chip.textContent()).startsWith("Region: Gulf"), "no chip for the region filter");
    await tab.waitForTimeout(500); // the excerpts from the briefs' pages
    const shift = await tab.evaluate(() => new Promise((done) => {
      let sum = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) sum += e.value; })
        .observe({ type: "layout-shift", buffered: true });
      setTimeout(() => done(sum), 100);
    }));
    check(shift < 0.01, `the search page shifted as results loaded (CLS ${shift.toFixed(3)})`);
    const filtered = await results.count();
    await chip.click();
    await poll(async () => new URL(tab.url()).searchParams.get("region") === null && (await results.count()) === oman, ACTION_MS, "the chip did not remove the filter");

    check(w.problems.length === 0, w.problems.join("\n"));
    return `"Oman": ${oman} results incl. the Muscat brief (${filtered} in the Gulf, CLS ${shift.toFixed(3)}); "${BODY_ONLY_WORD}": ${titles.length} result, excerpt with <mark>`;
  } finally {
    await context.close();
  }
}

async function liveReload(root) {
  const file = path.join(root, MUSCAT_FILE);
  const original = fs.readFileSync(file, "utf8");
  const renamed = "Talks in Muscat resume after a live edit";
  const edited = original.replace(`title: "${MUSCAT}"`, `title: "${renamed}"`);
  check(edited !== original, `could not find the title line in ${MUSCAT_FILE}`);
  const broken = original.replace(/^title: .*$/m, 'title: "an unterminated string\nregion: [Gulf');

  const context = await newContext();
  try {
    const tab = await context.newPage();
    const w = watch(tab);
    const title = tab.locator("h1.brief-title");
    const overlay = tab.locator("#__dossier_overlay");
    const reconnected = () => eventsConnected(tab, LIVE_MS + NAV_MS);
    let loads = 0;
    tab.on("load", () => loads++);
    await open(tab, page("brief"));
    await tab.evaluate(() => {
      window.__marker = "set before the edit";
    });
    const before = loads;

    // 1. An edit shows without us reloading: the server tells the page to reload itself.
    let live = reconnected();
    writeAtomically(file, edited);
    await title.filter({ hasText: renamed }).waitFor({ timeout: LIVE_MS });
    // The new heading is visible before the reloaded document's load event reaches us: wait
    // for that event (bounded) rather than race it.
    const loaded = Date.now() + NAV_MS;
    while (loads <= before && Date.now() < loaded) await new Promise((r) => setTimeout(r, 25));
    check(loads > before, "the title changed but the page never reloaded?");
    check((await tab.evaluate(() => window.__marker)) === undefined, "window.__marker survived a live reload");
    await live; // the reloaded page is listening again before the next edit

    // 2. A broken edit shows the error overlay over the last good page.
    writeAtomically(file, broken);
    await overlay.waitFor({ state: "visible", timeout: LIVE_MS });
    const text = squash(await overlay.textContent());
    check(/rebuild failed/.test(text), `the overlay does not say the rebuild failed: ${text.slice(0, 200)}`);
    check(text.includes("muscat-talks.md"), `the overlay does not name the broken file: ${text.slice(0, 300)}`);
    check(squash(await title.textContent()) === renamed, "the last good page is not kept under the overlay");
    // The overlay is readable in both colour schemes: every text in it against its background.
    const contrasts = [];
    for (const scheme of ["light", "dark"]) {
      await tab.emulateMedia({ colorScheme: scheme });
      for (const c of await overlayContrast(tab)) {
        contrasts.push(`${scheme} ${c.what} ${c.ratio.toFixed(1)}:1`);
        check(c.ratio >= 4.5, `[${scheme}] the overlay's ${c.what} has contrast ${c.ratio.toFixed(2)}:1 (${c.fg} on ${c.bg}); WCAG AA needs 4.5:1`);
      }
    }
    await tab.emulateMedia({ colorScheme: "light" });
    // Its button hides it, to read the last good page under it.
    await overlay.locator("[data-dossier-hide]").click({ timeout: ACTION_MS });
    await overlay.waitFor({ state: "detached", timeout: ACTION_MS });
    check(await title.isVisible(), "the last good page is not there under the hidden overlay");

    // 3. Fixing it (back to the original) removes the overlay and shows the original title.
    live = reconnected();
    writeAtomically(file, original);
    await overlay.waitFor({ state: "detached", timeout: LIVE_MS });
    await title.filter({ hasText: MUSCAT }).waitFor({ timeout: LIVE_MS });
    await live;
    check((await overlay.count()) === 0, "the overlay came back after the fix");

    check(w.problems.length === 0, w.problems.join("\n"));
    return `edit, break and fix each showed within ${LIVE_MS / 1000} s; ${loads - before} self-reloads; overlay contrast ${contrasts.join(", ")}`;
  } finally {
    fs.writeFileSync(file, original);
    await context.close();
  }
}

// The WCAG contrast ratio of each kind of text in the error overlay (heading, error list, report)
// against the overlay's own background, from the colours the browser computed. The background
// must be opaque for the ratio to mean anything, so a translucent one is reported as ratio 0.
async function overlayContrast(tab) {
  return tab.evaluate(() => {
    const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const box = document.getElementById("__dossier_overlay");
    const bg = getComputedStyle(box).backgroundColor;
    const bgc = parse(bg);
    const out = [];
    for (const [what, sel] of [["heading", "h2"], ["hide button", "button"], ["error list", "li"], ["report", "pre"]]) {
      const el = box.querySelector(sel);
      if (!el) {
        out.push({ what: `${what} (missing)`, ratio: 0, fg: "-", bg });
        continue;
      }
      const fg = getComputedStyle(el).color;
      // Anything between the text and the overlay must not paint a background of its own.
      const own = getComputedStyle(el).backgroundColor;
      const opaque = bgc.length === 3 || bgc[3] === 1;
      const clear = own === "rgba(0, 0, 0, 0)" || own === "transparent";
      const [a, b] = [lum(parse(fg)), lum(bgc)];
      const ratio = opaque && clear ? (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) : 0;
      out.push({ what, ratio, fg, bg: clear ? bg : own });
    }
    return out;
  });
}

// Inject axe-core into the open page and return its violations, flattened for printing.
async function axeViolations(tab, what) {
  await tab.addScriptTag({ path: AXE });
  const run = tab.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"] }).then((r) =>
      r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(" ")),
      })),
    ),
  );
  return withTimeout(run, 20_000, `axe on ${what}`);
}

async function accessibility() {
  const bad = [];
  const known = [];
  const seen = new Set();
  let runs = 0;
  let minor = 0;
  for (const scheme of ["light", "dark"]) {
    const context = await newContext();
    try {
      const tab = await context.newPage();
      await tab.emulateMedia({ colorScheme: scheme });
      for (const p of PAGES) {
        let violations;
        try {
          await open(tab, p);
          const dark = await tab.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
          check(dark === (scheme === "dark"), "the color scheme was not applied");
          violations = await axeViolations(tab, `${p.path} (${scheme})`);
        } catch (e) {
          bad.push(`[${scheme}] ${p.path}: could not run axe: ${firstLine(e)}`);
          continue;
        }
        runs++;
        for (const v of violations) {
          if (v.impact !== "serious" && v.impact !== "critical") minor++;
          const targets = v.targets.slice(0, 5).join(", ") + (v.targets.length > 5 ? ", …" : "");
          const line = `[${scheme}] ${p.path}: ${v.id} (${v.impact}) ${v.help}: ${targets}`;
          const same = (k) => k.path === p.path && k.rule === v.id && v.targets.every((t) => t === k.target);
          const k = KNOWN_AXE.find(same);
          if (k) seen.add(k);
          (k ? known : bad).push(line);
        }
      }
    } finally {
      await context.close();
    }
  }
  for (const line of known) console.log(`  known issue, tolerated: ${line}`);
  for (const k of KNOWN_AXE.filter((k) => !seen.has(k))) {
    console.log(`  note: known issue ${k.rule} on ${k.path} no longer occurs; remove it from KNOWN_AXE`);
  }
  check(bad.length === 0, `axe violations (${minor} of them minor or moderate):\n${bad.join("\n")}`);
  const extra = [known.length && `${known.length} known`].filter(Boolean);
  return `${runs} axe runs, no violation of any impact${extra.length ? ` (${extra.join(", ")})` : ""}`;
}

async function screenshots() {
  fs.mkdirSync(OUT, { recursive: true });
  const sizes = {
    desktop: { viewport: { width: 1280, height: 800 } },
    phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  };
  // Each kind of page (file name, entry of PAGES), at each size, in light and dark: `home-phone.jpg`,
  // `home-phone-dark.jpg`. `E2E_OUT=docs/screenshots` regenerates the README's pictures.
  const kinds = [["home", "home"], ["brief", "brief"], ["term", "region"], ["timeline", "timeline"], ["search", "search"]];
  const shots = [];
  for (const [size, options] of Object.entries(sizes)) for (const scheme of ["light", "dark"]) {
    const context = await newContext({ ...options, colorScheme: scheme, reducedMotion: "reduce" });
    try {
      const tab = await context.newPage();
      for (const [kind, name] of kinds) {
        await open(tab, page(name));
        // Search results take their excerpts from the briefs' pages: wait for the highlights.
        if (page(name).results) await tab.locator(".search-excerpt mark").first().waitFor();
        await tab.evaluate(() => document.fonts.ready.then(() => undefined));
        const file = path.join(OUT, `${kind}-${size}${scheme === "dark" ? "-dark" : ""}.jpg`);
        await tab.screenshot({ path: file, type: "jpeg", quality: 60, fullPage: false, animations: "disabled" });
        const bytes = fs.statSync(file).size;
        check(bytes > 2000 && bytes < 160_000, `${file} is ${bytes} bytes`);
        shots.push(`${path.basename(file)} ${(bytes / 1024).toFixed(0)} KB`);
      }
    } finally {
      await context.close();
    }
  }
  return `${shots.length} in ${OUT}: ${shots.join(", ")}`;
}

// ---- layout rules: phone first ----

// What a page measures against the rules of the theme's design system (themes/default/README.md),
// run inside the page. Returns what is wrong, in words.
function measure({ minTarget, minLabel }) {
  const bad = [];
  const visible = (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0 && !el.closest(".visually-hidden, [hidden]");
  };
  // No sideways scrolling of the page itself (a chart may scroll inside its own box).
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) bad.push(`the page scrolls sideways: ${doc.scrollWidth} px wide in ${doc.clientWidth}`);
  // Targets of 24 × 24 CSS px (WCAG 2.5.8). A link inside a sentence or a line of text is exempt,
  // as WCAG allows, unless it is one of the theme's controls, which must meet the size anyway.
  const controls = [
    ".site-title", ".site-nav a", ".lang-switch a", ".search-link", ".site-search input", ".site-search button",
    ".kicker a", ".chip", ".confidence", ".likelihood", ".footnote-reference a", ".footnote-backref", ".toc a",
    ".pagination a", ".pager a", ".breadcrumb a", ".site-footer nav a", ".brief-card-title a", ".tl-title",
    ".timeline-chart a", ".graph-controls button", "button", "summary", "select",
  ].join(", ");
  const blockOf = (el) => {
    let b = el.parentElement;
    while (b && (getComputedStyle(b).display.startsWith("inline") || getComputedStyle(b).display === "contents")) b = b.parentElement;
    return b;
  };
  const words = (el) => (el.textContent || "").replace(/\s+/g, " ").trim();
  const small = [];
  for (const el of document.querySelectorAll(":is(header, main, footer) :is(a[href], button, summary, input, select)")) {
    // The actor graph's nodes are exempt as WCAG's "equivalent": every tie is a link of full size
    // in the table of connections below the picture.
    if (!visible(el) || el.closest(".skip-link, .graph-svg")) continue;
    if (!el.matches(controls)) {
      const block = blockOf(el);
      if (block && words(block).length > words(el).length + 2) continue; // inline in text
    }
    const r = el.getBoundingClientRect();
    if (r.width < minTarget - 0.01 || r.height < minTarget - 0.01) {
      small.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""} "${words(el).slice(0, 24)}" ${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
    }
  }
  if (small.length) bad.push(`targets under ${minTarget} px: ${small.slice(0, 8).join("; ")}${small.length > 8 ? ` (+${small.length - 8})` : ""}`);
  // Chart labels: the font size as drawn (the SVG's scale applied) and the box of the text.
  for (const svg of document.querySelectorAll("svg.timeline-chart, svg.activity-chart")) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll("text")) {
      const size = parseFloat(getComputedStyle(t).fontSize) * scale;
      const h = t.getBoundingClientRect().height;
      if (size < minLabel || h < minLabel) bad.push(`chart label "${t.textContent}" drawn at ${size.toFixed(1)} px (box ${h.toFixed(1)} px)`);
    }
  }
  const activity = document.querySelector("svg.activity-chart");
  if (activity && activity.querySelectorAll(".activity-value").length < 2) bad.push("the activity chart has no value axis");
  return bad;
}

// The brief's confidence badge in its level's colour, filled, unlike the plain text of the meta line.
function badgeColour() {
  const badge = document.querySelector(".brief-meta .confidence");
  if (!badge) return ["no confidence badge in the brief's meta line"];
  const level = [...badge.classList].find((c) => c.startsWith("confidence-")).slice("confidence-".length);
  const token = { high: "--tip", moderate: "--warning", low: "--caution" }[level];
  const probe = document.createElement("span");
  probe.style.color = `var(${token})`;
  badge.parentElement.append(probe);
  const want = getComputedStyle(probe).color;
  const plain = getComputedStyle(badge.parentElement).color;
  probe.remove();
  const s = getComputedStyle(badge);
  const bad = [];
  if (s.color !== want) bad.push(`the ${level} confidence badge is ${s.color}, not ${token} (${want})`);
  if (s.color === plain) bad.push(`the confidence badge has the meta line's colour ${plain}`);
  if (s.backgroundColor === "rgba(0, 0, 0, 0)" || s.backgroundColor === "transparent") bad.push("the confidence badge has no background");
  if (s.backgroundColor === getComputedStyle(document.body).backgroundColor) bad.push("the confidence badge's background is the page's");
  return bad;
}

async function layoutRules() {
  const bad = [];
  const rules = { minTarget: 24, minLabel: 11 };
  const kinds = ["home", "brief", "bundle", "region", "actor", "timeline", "search"];
  let measured = 0;
  const sizes = [
    { name: "phone", width: 390, pages: [...kinds, "region timeline", "confidence"] },
    { name: "narrow phone", width: 320, pages: ["home", "brief", "region", "region timeline", "timeline", "search", "confidence", "404"] },
    { name: "desktop", width: 1280, pages: ["brief", "region", "timeline"] },
  ];
  for (const scheme of ["light", "dark"]) {
    for (const size of sizes) {
      const phone = size.width < 600;
      const context = await newContext({
        viewport: { width: size.width, height: phone ? 844 : 800 }, isMobile: phone, hasTouch: phone, colorScheme: scheme,
      });
      try {
        const tab = await context.newPage();
        for (const name of size.pages) {
          await open(tab, page(name));
          const where = `[${scheme}, ${size.width} px] ${page(name).path}`;
          for (const b of await tab.evaluate(measure, rules)) bad.push(`${where}: ${b}`);
          measured++;
          // The accessibility step runs axe on a desktop window; a phone's layout (a table that
          // scrolls inside itself, a header that scrolls sideways) is checked here.
          if (size.width === 390) {
            for (const v of await axeViolations(tab, where)) {
              bad.push(`${where}: axe ${v.id} (${v.impact}): ${v.targets.slice(0, 3).join(", ")}`);
            }
          }
          if (name !== "brief") continue;
          for (const b of await tab.evaluate(badgeColour)) bad.push(`${where}: ${b}`);
          if (size.width === 390) {
            // The lede's first line on the first screen of a 390 × 844 phone.
            const lede = await tab.evaluate(() => {
              const p = document.querySelector(".brief-header .lead");
              return p && p.getBoundingClientRect().top + parseFloat(getComputedStyle(p).lineHeight);
            });
            if (!(lede > 0 && lede <= 844)) bad.push(`${where}: the lede's first line ends at ${lede} px, below the first screen`);
          }
        }
      } finally {
        await context.close();
      }
    }
  }
  check(bad.length === 0, `layout rules broken:\n${bad.join("\n")}`);
  return `${measured} page views: no sideways scroll, targets ≥ 24 px, chart labels ≥ 11 px, the lede on the first phone screen, the confidence badge in colour, axe clean at 390 px`;
}

// ---- right to left ----

// An Arabic-default site (tests/e2e/rtl-site: `language: ar`, so every page is dir="rtl"), with
// the repository's theme, and the brief on it that has a bit of everything: a lead, key
// judgments, a table of contents, a list, a blockquote, a table, footnotes, events, sources,
// and a brief on either side of it.
const RTL_SITE = path.join(HERE, "rtl-site");
const RTL_BRIEF = { name: "rtl-brief", path: "/briefs/muscat-talks/", h1: "محادثات غير مباشرة في مسقط" };

function copyRtlSite() {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), "dossier-e2e-"));
  const root = path.join(scratch, "rtl");
  fs.cpSync(RTL_SITE, root, { recursive: true });
  fs.cpSync(path.join(REPO, "themes"), path.join(root, "themes"), { recursive: true });
  return root;
}

// The Arabic brief measured as laid out: everything that runs along the line starts at the
// right. Returns what is wrong, in words. `wide` is the desktop window (two columns of pager,
// one header row).
function rtlGeometry(tab, wide) {
  return tab.evaluate((wide) => {
    const bad = [];
    const q = (s) => document.querySelector(s);
    const css = (el) => getComputedStyle(el);
    const box = (el) => el.getBoundingClientRect();
    const px = (v) => Math.round(parseFloat(v));
    const near = (a, b, what) => Math.abs(a - b) <= 2 || bad.push(`${what}: ${Math.round(a)} is not at ${Math.round(b)}`);
    // The inner edges of an element's box, inside its border and padding.
    const inner = (el) => {
      const r = box(el);
      const c = css(el);
      return {
        left: r.left + parseFloat(c.borderLeftWidth) + parseFloat(c.paddingLeft),
        right: r.right - parseFloat(c.borderRightWidth) - parseFloat(c.paddingRight),
      };
    };
    // Where the text of an element's first line is drawn.
    const firstLine = (el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return range.getClientRects()[0];
    };
    const html = document.documentElement;
    if (html.dir !== "rtl" || html.lang !== "ar" || css(html).direction !== "rtl") {
      bad.push(`<html lang="${html.lang}" dir="${html.dir}">, direction ${css(html).direction}`);
    }
    if (html.scrollWidth > innerWidth + 1) bad.push(`the page is ${html.scrollWidth}px wide in a ${innerWidth}px window`);
    if (css(q(".skip-link")).right !== "12px") bad.push(`the skip link is placed at right: ${css(q(".skip-link")).right}`);

    // The header: the site's title at the right, the navigation after it, to its left.
    const header = inner(q(".site-header .wrap"));
    const title = box(q(".site-title"));
    const nav = box(q(".site-nav"));
    near(title.right, header.right, "the site title's right edge against the header's");
    if (wide && !(nav.right <= title.left && nav.top < title.bottom && nav.bottom > title.top)) {
      bad.push(`the navigation is not on the title's row, to its left (nav ${JSON.stringify(nav)}, title ${JSON.stringify(title)})`);
    }

    // The heading and the text: from the column's right edge.
    const column = inner(q("main .wrap"));
    const h1 = firstLine(q("h1.brief-title"));
    near(h1.right, column.right, "the brief title's right edge against the column's");
    if (wide && !(h1.left > column.left + 40)) bad.push(`the brief title is not ragged on the left (${h1.left} vs ${column.left})`);
    const p = q(".prose > p");
    if (css(p).direction !== "rtl" || css(p).textAlign !== "start") {
      bad.push(`a paragraph has direction ${css(p).direction}, text-align ${css(p).textAlign}`);
    }
    near(firstLine(p).right, inner(p).right, "a paragraph's first line against its right edge");

    // Indents on the right: lists, the nested contents, the blockquote's rule, footnotes.
    for (const sel of [".prose ul", ".prose ol", ".toc ol ol", ".footnotes ol", ".judgments ol", ".source-list"]) {
      const list = q(sel);
      const li = list?.querySelector("li");
      if (!li) {
        bad.push(`no ${sel} with an item`);
        continue;
      }
      if (!(box(li).right < box(list).right - 8)) bad.push(`${sel}: its items are not indented from the right`);
      near(box(li).left, inner(list).left, `${sel}: its items' left edge against the list's`);
    }
    const toc = css(q(".toc ol ol"));
    if (px(toc.borderRightWidth) !== 1 || px(toc.borderLeftWidth) !== 0) bad.push("the nested contents' rule is not on the right");
    const quote = css(q(".prose blockquote"));
    if (px(quote.borderRightWidth) !== 3 || px(quote.borderLeftWidth) !== 0) bad.push("the blockquote's rule is not on the right");
    if (px(css(q(".bluf")).borderRightWidth) !== 4) bad.push("the bottom line's rule is not on the right");

    // A table's first column is the rightmost, its cells aligned to their start (the right).
    const ths = [...document.querySelectorAll(".prose th")];
    if (!(ths.length > 1 && box(ths[0]).left > box(ths[1]).right - 1)) bad.push("the table's first column is not at the right");
    if (ths[0] && (css(ths[0]).textAlign !== "start" || px(css(ths[0]).paddingRight) !== 0)) {
      bad.push(`the first header cell has text-align ${css(ths[0]).textAlign}, padding-right ${css(ths[0]).paddingRight}`);
    }
    // An event's date comes first, at the right of its title.
    const event = q(".event-list li");
    if (!(box(event.querySelector("time")).left > box(event.querySelector(".event-title")).left)) {
      bad.push("an event's date is not to the right of its title");
    }

    // The older brief at the right (its arrow turned to point there), the newer one at the left.
    const prev = q(".pager-prev");
    const next = q(".pager-next");
    if (!prev || !next) bad.push("the pager lacks a previous or a next brief");
    else if (wide && !(box(prev).left >= box(next).right)) bad.push("the older brief is not at the right of the newer one");
    for (const arrow of document.querySelectorAll(".pager-label > [aria-hidden='true']")) {
      if (!css(arrow).transform.startsWith("matrix(-1,")) bad.push(`a pager arrow is not mirrored (${css(arrow).transform})`);
    }

    // Arabic type: its own fonts, more room between lines, no letter-spacing.
    const body = css(document.body);
    if (!/^"?Noto Naskh Arabic/.test(body.fontFamily)) bad.push(`the body's fonts are ${body.fontFamily}`);
    if (!(parseFloat(body.lineHeight) / parseFloat(body.fontSize) >= 1.8)) bad.push(`the body's line height is ${body.lineHeight}`);
    for (const el of document.querySelectorAll(".section-label, .toc-heading")) {
      const ls = css(el).letterSpacing;
      if (ls !== "normal" && ls !== "0px") bad.push(`letter-spacing ${ls} on "${el.textContent}"`);
    }
    return bad;
  }, wide);
}

// The charts stay left to right on a right-to-left site: the timeline's briefs in date order
// from left to right, and the activity chart of a region.
async function rtlCharts(tab, base) {
  const bad = [];
  await open(tab, { path: "/timeline/" }, base);
  const timeline = await tab.evaluate(() => {
    const svg = document.querySelector("svg.timeline-chart");
    const marks = [...svg.querySelectorAll(".tl-brief")].map((m) => ({ date: m.dataset.date, x: m.getBoundingClientRect().left }));
    marks.sort((a, b) => a.date.localeCompare(b.date));
    return { direction: getComputedStyle(svg).direction, marks };
  });
  if (timeline.direction !== "ltr") bad.push(`the timeline chart has direction ${timeline.direction}`);
  const xs = timeline.marks.map((m) => m.x);
  if (xs.length < 3 || xs.some((x, i) => i > 0 && x <= xs[i - 1])) {
    bad.push(`the timeline's briefs do not run left to right by date: ${JSON.stringify(timeline.marks)}`);
  }
  const region = await tab.locator(".tl-terms a[href*='/regions/']").first().getAttribute("href");
  await open(tab, { path: new URL(region, base).pathname }, base);
  const activity = await tab.evaluate(() => getComputedStyle(document.querySelector("svg.activity-chart")).direction);
  if (activity !== "ltr") bad.push(`the activity chart on ${region} has direction ${activity}`);
  return bad;
}

async function rightToLeft() {
  const rtl = await startServer(copyRtlSite());
  fs.mkdirSync(OUT, { recursive: true });
  const sizes = {
    desktop: { viewport: { width: 1280, height: 800 } },
    phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  };
  const bad = [];
  const notes = [];
  try {
    for (const [size, options] of Object.entries(sizes)) {
      const context = await newContext({ ...options, colorScheme: "light", reducedMotion: "reduce" });
      try {
        const tab = await context.newPage();
        const w = watch(tab);
        await open(tab, RTL_BRIEF, rtl.base);
        const heading = await h1(tab, "h1.brief-title");
        if (heading !== RTL_BRIEF.h1) bad.push(`[${size}] the h1 is "${heading}"`);
        bad.push(...(await rtlGeometry(tab, size === "desktop")).map((m) => `[${size}] ${m}`));
        await tab.evaluate(() => document.fonts.ready.then(() => undefined));
        const file = path.join(OUT, `rtl-brief-${size}.jpg`);
        await tab.screenshot({ path: file, type: "jpeg", quality: 60, fullPage: false, animations: "disabled" });
        const bytes = fs.statSync(file).size;
        if (bytes <= 2000) bad.push(`${file} is only ${bytes} bytes`);
        notes.push(`${path.basename(file)} ${(bytes / 1024).toFixed(0)} KB`);
        if (size === "desktop") bad.push(...(await rtlCharts(tab, rtl.base)));
        bad.push(...w.problems.map((m) => `[${size}] ${m}`));
      } finally {
        await context.close();
      }
    }
    bad.push(...(await rtlAxe(rtl.base)));
  } finally {
    await stopServer(rtl);
  }
  check(bad.length === 0, bad.join("\n"));
  return `mirrored at 1280 and 390 px wide, charts left to right, axe clean in light and dark; ${notes.join(", ")}`;
}

// axe on the Arabic brief in both colour schemes: no violation of any impact.
async function rtlAxe(base) {
  const bad = [];
  for (const scheme of ["light", "dark"]) {
    const context = await newContext({ colorScheme: scheme });
    try {
      const tab = await context.newPage();
      await open(tab, RTL_BRIEF, base);
      for (const v of await axeViolations(tab, `${RTL_BRIEF.path} (${scheme})`)) {
        bad.push(`[${scheme}] ${RTL_BRIEF.path}: ${v.id} (${v.impact}) ${v.help}: ${v.targets.slice(0, 5).join(", ")}`);
      }
    } finally {
      await context.close();
    }
  }
  return bad;
}

// ---- main ----

const results = [];
async function step(name, fn, limit = STEP_LIMIT_MS) {
  const t = Date.now();
  seenInStep = [];
  try {
    const note = await withTimeout(fn(), limit, name);
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${((Date.now() - t) / 1000).toFixed(1)} s): ${note}`);
  } catch (e) {
    results.push({ name, ok: false });
    let message = plain(e instanceof Failure ? e.message : e.stack || e);
    const extra = [...new Set(seenInStep)].filter((m) => !message.includes(m));
    if (extra.length) message += `\nalso seen on the pages:\n${extra.join("\n")}`;
    console.log(`FAIL ${name} (${((Date.now() - t) / 1000).toFixed(1)} s):\n  ${message.replace(/\n/g, "\n  ")}`);
  }
}

// Never leave the server behind, however the run ends.
process.on("exit", () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
const watchdog = setTimeout(() => {
  console.log(`FAIL the run exceeded ${RUN_LIMIT_MS / 1000} s; aborting`);
  process.exit(2);
}, RUN_LIMIT_MS);

async function main() {
  if (!BIN) throw new Failure("set DOSSIER_BIN to the dossier binary to test");
  check(fs.existsSync(BIN), `DOSSIER_BIN=${BIN} does not exist`);
  check(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`);
  const root = copySite();
  server = await startServer(root);
  console.log(`dossier serve on ${server.base} (${secs()})`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 30_000 });
  console.log(`chromium ${browser.version()} (${secs()})`);

  await step("pages load cleanly", pagesLoadCleanly);
  await step("navigation", navigation);
  await step("search", search);
  await step("actor graph", actorGraph);
  await step("accessibility", accessibility, 2 * STEP_LIMIT_MS);
  await step("layout rules", layoutRules, 2 * STEP_LIMIT_MS);
  await step("screenshots", screenshots);
  await step("right to left", rightToLeft, 2 * STEP_LIMIT_MS);
  await step("live reload", () => liveReload(root));
}

let code = 0;
try {
  await main();
} catch (e) {
  console.log(`FAIL setup: ${e instanceof Failure ? e.message : e.stack || e}`);
  results.push({ name: "setup", ok: false });
  code = 1;
} finally {
  if (browser) await withTimeout(browser.close(), 10_000, "closing the browser").catch((e) => console.log(e.message));
  await Promise.all(servers.map(stopServer));
  clearTimeout(watchdog);
}
const failed = results.filter((r) => !r.ok).length;
if (failed && server) console.log(`--- dossier serve output (tail) ---\n${server.log().slice(-4000)}`);
console.log(`browser e2e finished in ${secs()}`);
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(code || failed ? 1 : 0);
