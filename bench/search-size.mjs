// What the search index costs a host and a resident: the size of a built
// site's index (every file, and gzipped as a host would send it), and the
// bytes each query of a list makes the page fetch. The queries are run by
// the page's own script (themes/default/static/search.js) over the files
// on disk, so what is counted is exactly what the page would ask for:
// every index file a query reads besides `meta.json`, which the page loads
// once, and the story entries of the results on screen.
//
//   node bench/search-size.mjs OUTPUT_FOLDER [QUERY...]
//
// OUTPUT_FOLDER is a built site; its Chinese index is `search/index/`.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const QUERIES = [
  "排水", "古树", "碉楼", "便民桥", "长者饭堂", "老旧小区", "垃圾站改造",
  "代表联络站", "紫花风铃木", "龙舟山护林站",
];

const [output, ...asked] = process.argv.slice(2);
if (!output) {
  console.error("usage: node bench/search-size.mjs OUTPUT_FOLDER [QUERY...]");
  process.exit(2);
}
const queries = asked.length ? asked : QUERIES;
const folder = join(output, "search", "index");

const sizes = new Map();
for (const name of readdirSync(folder)) {
  const bytes = readFileSync(join(folder, name));
  sizes.set(name, { raw: bytes.length, gzip: gzipSync(bytes).length });
}
const sum = (names, key) => names.reduce((n, name) => n + sizes.get(name)[key], 0);

globalThis.window = undefined;
await import(join(repo, "themes/default/static/search.js"));
const { reader } = globalThis.RendaSearch;

const kib = (n) => (n / 1024).toFixed(1);
const mb = (n) => (n / 1e6).toFixed(1);
const all = [...sizes.keys()];
console.log(`index of ${folder}: ${all.length} files, ${mb(sum(all, "raw"))} MB (gzip ${mb(sum(all, "gzip"))} MB)`);
for (const kind of ["s", "p", "d"]) {
  const names = all.filter((n) => n.startsWith(kind) && /^\w\d+\.json$/.test(n));
  if (names.length) {
    console.log(`  ${kind}<n>.json: ${names.length} files, ${mb(sum(names, "raw"))} MB (gzip ${mb(sum(names, "gzip"))} MB)`);
  }
}

console.log("\n| query | chars | found | files | fetched | gzip |");
console.log("|---|---:|---:|---:|---:|---:|");
let totals = { raw: 0, gzip: 0 };
for (const q of queries) {
  const read = new Set();
  const index = reader((name) => {
    if (name !== "meta.json") read.add(name);
    return Promise.resolve(JSON.parse(readFileSync(join(folder, name), "utf8")));
  });
  const docs = await index.find(q, "", "");
  const names = [...read];
  const raw = sum(names, "raw");
  const gzip = sum(names, "gzip");
  totals.raw += raw;
  totals.gzip += gzip;
  console.log(`| ${q} | ${[...q].length} | ${docs.length} | ${names.length} | ${kib(raw)} KiB | ${kib(gzip)} KiB |`);
}
const n = queries.length;
console.log(`| **mean of ${n}** | | | | **${kib(totals.raw / n)} KiB** | **${kib(totals.gzip / n)} KiB** |`);
