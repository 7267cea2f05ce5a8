#!/usr/bin/env node
// Chinese search recall, measured in headless Chromium against a plain
// substring search of the stories' text.
//
//   node bench/search-recall.mjs                       # 2,000 stories, renda and Pagefind 1.5.2 and 1.6.0
//   node bench/search-recall.mjs --stories 2000 --pagefind 1.6.0 --renda target/release/renda
//   node bench/search-recall.mjs --pagefind ""          # renda only
//
// 1. writes a corpus with bench/corpus.py (kept in bench/.cache/search
//    and reused while its size and the generator are the same);
// 2. builds it with renda, with the base URL of a static file server that
//    this script runs on 127.0.0.1 (nothing else serves or is asked);
// 3. for each query, finds the stories whose Chinese title, summary or body
//    contains it, reading the Markdown sources: the truth;
// 4. types the query into renda's search page, presses "show more" until
//    every result is listed, and reads the stories listed;
// 5. for each Pagefind version, installs the npm package (which carries its
//    binary) into the cache, indexes the Chinese story pages of the same
//    output, and asks its browser API, `pagefind.search()`, the same queries;
// 6. prints recall (truth found / truth) and the results that do not
//    contain the query, per query and overall, as Markdown tables.
//
// It is a measurement: it exits 0 once done, whatever the figures, unless
// --min-recall P is given: then it exits 1 when renda's recall of any of the
// typed queries is below P percent (scripts/test runs it so, renda only).
// Needs node, python3, npm and the test tools of tests/browser (npm ci there).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { browser, freePort } from "../tests/browser/harness.mjs";

const REPO = new URL("../", import.meta.url).pathname;
const QUERIES = [
  "排水", "古树", "碉楼", "便民桥", "长者饭堂",
  "老旧小区", "垃圾站改造", "代表联络站", "紫花风铃木", "龙舟山护林站",
];

const { values: args } = parseArgs({
  options: {
    stories: { type: "string", default: "2000" },
    seed: { type: "string", default: "1" },
    cache: { type: "string", default: join(REPO, "bench/.cache/search") },
    renda: { type: "string", default: "" },
    pagefind: { type: "string", default: "1.5.2,1.6.0" },
    queries: { type: "string", default: QUERIES.join(",") },
    sample: { type: "string", default: "200" },
    json: { type: "string", default: "" },
    "min-recall": { type: "string", default: "" },
  },
});
const log = (msg) => process.stderr.write(`${msg}\n`);
const queries = args.queries.split(",").filter(Boolean);
const cache = resolve(args.cache);
mkdirSync(cache, { recursive: true });

function run(cmd, argv, options = {}) {
  const r = spawnSync(cmd, argv, { stdio: ["ignore", "inherit", "inherit"], ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed (${r.status})`);
  return r;
}

// ---------------------------------------------------------------- corpus

function corpus() {
  const gen = resolve(REPO, "bench/corpus.py");
  const digest = createHash("sha256").update(readFileSync(gen)).digest("hex").slice(0, 16);
  const dir = join(cache, `corpus-${args.stories}-${args.seed}-${digest}`);
  if (!existsSync(join(dir, "renda/site.yaml"))) {
    log(`corpus: ${args.stories} stories into ${dir}`);
    run("python3", [gen, "--stories", args.stories, "--seed", args.seed, "--out", dir, "--only", "renda"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  return join(dir, "renda");
}

/** Slug to the story's Chinese title, summary and body, from its sources. */
function truthTexts(site) {
  const dir = join(site, "content/stories");
  const texts = new Map();
  for (const name of readdirSync(dir).sort()) {
    let file = join(dir, name);
    if (statSync(file).isDirectory()) file = join(file, "index.md");
    else if (!name.endsWith(".md") || /\.[a-z-]+\.md$/.test(name)) continue;
    const slug = name.replace(/\.md$/, "").replace(/^\d{4}-\d{2}-\d{2}-/, "");
    const source = readFileSync(file, "utf8");
    const end = source.indexOf("\n---", 4);
    const front = source.slice(0, end);
    const body = source.slice(source.indexOf("\n", end + 1) + 1);
    const field = (key) => {
      const m = front.match(new RegExp(`^${key}:\\s*(.*)$`, "m"));
      if (!m) return "";
      const v = m[1].trim();
      return v.startsWith('"') ? JSON.parse(v) : v;
    };
    texts.set(slug, `${field("title")}\n${field("summary")}\n${body}`);
  }
  return texts;
}

// ---------------------------------------------------------------- serving

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Serves `root` at `/` and each of `mounts` (prefix to folder) on 127.0.0.1. */
async function staticServer(port, root, mounts) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let dir = root;
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (path.startsWith(prefix)) {
        dir = folder;
        path = path.slice(prefix.length - 1);
      }
    }
    if (path.includes("..")) return void res.writeHead(400).end();
    let file = join(dir, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return server;
}

// ---------------------------------------------------------------- engines

function rendaBinary() {
  if (args.renda) return resolve(args.renda);
  log("renda: cargo build --release");
  run("cargo", ["build", "--release", "--quiet", "--bin", "renda"], { cwd: REPO });
  return join(REPO, "target/release/renda");
}

const slugOf = (url) => new URL(url, "http://x").pathname.match(/\/stories\/([^/]+)\/$/)?.[1];

/**
 * Types each query into renda's search page, presses "show more" until
 * every result is listed, and reads the list. The time is from pressing
 * Enter to the first results on screen, taken in the page.
 */
async function rendaResults(page, base) {
  await page.goto(`${base}search/`);
  await page.waitForSelector("#search[data-ready]");
  const out = {};
  for (const q of queries) {
    await page.fill("#search-q", "");
    await page.press("#search-q", "Enter");
    await page.waitForFunction(() => document.getElementById("search-status").textContent === "");
    await page.fill("#search-q", q);
    const ms = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const started = performance.now();
          const list = document.getElementById("search-results");
          const status = document.getElementById("search-status");
          const done = () => !list.hasAttribute("aria-busy") && status.textContent !== "";
          const check = () => (done() ? resolve(Math.round(performance.now() - started)) : setTimeout(check, 1));
          document.getElementById("search").requestSubmit();
          check();
        }),
    );
    while (await page.isVisible("#search-more")) {
      const before = await page.locator("#search-results > li").count();
      await page.click("#search-more");
      await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n, before);
    }
    const urls = await page.$$eval("#search-results > li h2 a", (as) => as.map((a) => a.href));
    out[q] = { slugs: urls.map(slugOf), ms };
  }
  return out;
}

/** The same search through the page script's own functions, for many queries. */
async function rendaFind(page, base, sample) {
  await page.goto(`${base}search/`);
  await page.waitForSelector("#search[data-ready]");
  return page.evaluate(async (sample) => {
    const search = window.RendaSearch;
    const urls = new Map();
    const out = {};
    for (const q of sample) {
      const docs = await search.find(q, "", "");
      for (const doc of docs) {
        if (!urls.has(doc)) urls.set(doc, (await search.entry(doc)).url);
      }
      out[q] = docs.map((d) => urls.get(d));
    }
    return out;
  }, sample);
}

/** Installs Pagefind `version` from npm into the cache; its binary path. */
function pagefindBinary(version) {
  const dir = join(cache, `pagefind-${version}`);
  const bin = join(dir, "node_modules/.bin/pagefind");
  if (!existsSync(bin)) {
    log(`pagefind: npm install pagefind@${version}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), '{ "private": true }\n');
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `pagefind@${version}`], { cwd: dir });
  }
  return bin;
}

/** Pagefind's index of the Chinese story pages, as its own folder. */
function pagefindIndex(version, site) {
  const bin = pagefindBinary(version);
  const out = join(cache, `pagefind-${version}-bundle`);
  rmSync(out, { recursive: true, force: true });
  const started = Date.now();
  run(bin, ["--site", site, "--glob", "stories/*/index.html", "--output-path", out, "--quiet"]);
  return { out, seconds: (Date.now() - started) / 1000 };
}

async function pagefindResults(page, base, mount, queries) {
  await page.goto(base);
  return page.evaluate(
    async ({ mount, queries }) => {
      const pagefind = await import(`${mount}pagefind.js`);
      await pagefind.init();
      const urls = new Map();
      const out = {};
      for (const q of queries) {
        const started = performance.now();
        const search = await pagefind.search(q);
        const ms = Math.round(performance.now() - started);
        for (const r of search.results) {
          if (!urls.has(r.id)) urls.set(r.id, (await r.data()).url);
        }
        out[q] = { urls: search.results.map((r) => urls.get(r.id)), ms };
      }
      return out;
    },
    { mount, queries },
  );
}

/**
 * Substrings of two to six Chinese characters taken at random places of
 * random stories: words, parts of words and pieces across word boundaries,
 * as a resident might paste them.
 */
function sampleQueries(texts, n, seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const all = [...texts.values()];
  const picked = new Set();
  while (picked.size < n) {
    const runs = all[Math.floor(random() * all.length)].match(/[\u4e00-\u9fff]{2,}/g) ?? [];
    const run = [...(runs[Math.floor(random() * runs.length)] ?? "")];
    const len = 2 + Math.floor(random() * 5);
    if (run.length < len) continue;
    const at = Math.floor(random() * (run.length - len + 1));
    picked.add(run.slice(at, at + len).join(""));
  }
  return [...picked];
}

// ---------------------------------------------------------------- main

const site = corpus();
const texts = truthTexts(site);
const sample = args.sample === "0" ? [] : sampleQueries(texts, Number(args.sample), Number(args.seed));
const containing = (q) => new Set([...texts].filter(([, t]) => t.includes(q)).map(([slug]) => slug));
const truth = Object.fromEntries([...queries, ...sample].map((q) => [q, containing(q)]));
log(`truth: ${texts.size} stories read, ${sample.length} sampled queries`);

const port = await freePort();
const base = `http://127.0.0.1:${port}/`;
const output = join(cache, "site");
const renda = rendaBinary();
log(`renda: building into ${output}`);
run(renda, ["build", "--root", site, "--output", output, "--force", "--quiet", "--base-url", base]);

const versions = args.pagefind.split(",").filter(Boolean);
const mounts = {};
const indexing = {};
for (const v of versions) {
  log(`pagefind ${v}: indexing`);
  const { out, seconds } = pagefindIndex(v, output);
  mounts[`/_pagefind/${v}/`] = out;
  indexing[v] = seconds;
}
const server = await staticServer(port, output, mounts);
const chrome = await browser();
const engines = {};
const sampled = {};
const foreign = [];
try {
  const page = await chrome.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(base)) foreign.push(r.url());
  });
  log("renda: typing the queries");
  engines.renda = await rendaResults(page, base);
  if (sample.length) {
    log("renda: sampled queries");
    const found = await rendaFind(page, base, sample);
    sampled.renda = Object.fromEntries(Object.entries(found).map(([q, urls]) => [q, urls.map(slugOf)]));
  }
  for (const v of versions) {
    const name = `Pagefind ${v}`;
    log(`pagefind ${v}: querying`);
    const found = await pagefindResults(page, base, `/_pagefind/${v}/`, [...queries, ...sample]);
    const slugs = (q) => found[q].urls.map(slugOf);
    engines[name] = Object.fromEntries(queries.map((q) => [q, { slugs: slugs(q), ms: found[q].ms }]));
    if (sample.length) sampled[name] = Object.fromEntries(sample.map((q) => [q, slugs(q)]));
  }
} finally {
  await chrome.close();
  server.close();
}

/** Stories found that contain the query, and stories found that do not. */
function score(q, slugs) {
  const got = new Set(slugs);
  const hit = [...truth[q]].filter((s) => got.has(s)).length;
  return { hit, extra: got.size - hit };
}

const names = Object.keys(engines);
const pct = (x) => `${x.toFixed(1)}%`;
const lines = [];
lines.push(`| query | chars | stories containing it | ${names.map((n) => `${n}: found (recall) / others`).join(" | ")} |`);
lines.push(`|---|---:|---:|${names.map(() => "---:").join("|")}|`);
const totals = Object.fromEntries(names.map((n) => [n, { hit: 0, extra: 0, ms: [] }]));
let allTruth = 0;
for (const q of queries) {
  const want = truth[q].size;
  allTruth += want;
  const cells = names.map((n) => {
    const { hit, extra } = score(q, engines[n][q].slugs);
    totals[n].hit += hit;
    totals[n].extra += extra;
    totals[n].ms.push(engines[n][q].ms);
    return `${hit} (${pct(want ? (100 * hit) / want : 100)}) / ${extra}`;
  });
  lines.push(`| ${q} | ${[...q].length} | ${want} | ${cells.join(" | ")} |`);
}
lines.push(
  `| **all ${queries.length}** | | **${allTruth}** | ${names
    .map((n) => `**${totals[n].hit} (${pct((100 * totals[n].hit) / allTruth)})** / ${totals[n].extra}`)
    .join(" | ")} |`,
);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\n${texts.size} stories. Recall: stories found that contain the query / stories that contain it.`);
console.log(`Others: stories found that do not contain the query as written.\n`);
console.log(lines.join("\n"));
console.log(`\nMedian time from query to first results in the page (ms): ${names
  .map((n) => `${n} ${median(totals[n].ms)}`)
  .join(", ")}`);
if (versions.length) {
  console.log(`Pagefind indexing time (s): ${versions.map((v) => `${v} ${indexing[v].toFixed(1)}`).join(", ")}`);
}

const summary = {};
if (sample.length) {
  const out = [];
  out.push(`| engine | queries | stories containing them | found | recall | queries with every story found | lowest recall |`);
  out.push(`|---|---:|---:|---:|---:|---:|---:|`);
  for (const n of Object.keys(sampled)) {
    let want = 0;
    let hit = 0;
    let full = 0;
    let lowest = 100;
    for (const q of sample) {
      const h = score(q, sampled[n][q]).hit;
      want += truth[q].size;
      hit += h;
      if (h === truth[q].size) full++;
      lowest = Math.min(lowest, truth[q].size ? (100 * h) / truth[q].size : 100);
    }
    summary[n] = { want, hit, full, lowest };
    out.push(`| ${n} | ${sample.length} | ${want} | ${hit} | ${pct((100 * hit) / want)} | ${full} | ${pct(lowest)} |`);
  }
  console.log(`\n${sample.length} substrings of 2-6 Chinese characters from random places in random stories (seed ${args.seed}):\n`);
  console.log(out.join("\n"));
  const misses = Object.keys(sampled)
    .filter((n) => n !== "renda")
    .map((n) => {
      const worst = sample
        .map((q) => ({ q, hit: score(q, sampled[n][q]).hit, want: truth[q].size }))
        .filter((r) => r.hit < r.want)
        .sort((a, b) => a.hit / a.want - b.hit / b.want)
        .slice(0, 8)
        .map((r) => `${r.q} ${r.hit}/${r.want}`);
      return `${n}: ${worst.join(", ") || "none"}`;
    });
  if (misses.length) console.log(`\nWorst misses: \n${misses.join("\n")}`);
}
if (foreign.length) console.log(`\nRequests to other hosts: ${foreign.join(", ")}`);
if (args.json) {
  writeFileSync(args.json, JSON.stringify({ stories: texts.size, queries, totals, sample: summary, indexing }, null, 2));
}

if (args["min-recall"]) {
  const bar = Number(args["min-recall"]);
  const low = queries.filter((q) => {
    const want = truth[q].size;
    return want && (100 * score(q, engines.renda[q].slugs).hit) / want < bar;
  });
  if (low.length || foreign.length) {
    console.log(`\nFAIL: recall below ${bar}% for ${low.join(", ") || "none"}; other hosts: ${foreign.length}`);
    process.exit(1);
  }
  console.log(`\nrecall of every query at least ${bar}%`);
}
