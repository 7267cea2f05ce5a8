// Search finds what a resident typed, as written: on a corpus made here
// (seeded, so every run is the same) with stories that hold the phrase and
// "near misses" that hold every pair of its characters but never the
// phrase itself, the Chinese search page must list every story containing
// the query and nothing else. Latin words also find the words they begin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publish, browser } from "./harness.mjs";

/** mulberry32: a small seeded generator, so the corpus never changes. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20240312);
const pick = (list) => list[Math.floor(rand() * list.length)];

// Filler shares characters with the phrases, so that their pairs also turn
// up by chance.
const FILLER = "的是在了和有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车";
const PHRASES = ["合作和", "加装电梯", "人大代表林", "老旧小区改造"];
const WORDS = ["Kubernetes", "kubectl", "Kunming", "Wenyuan", "WeChat", "webcam"];

function filler(n) {
  let s = "";
  for (let i = 0; i < n; i++) s += pick([...FILLER]);
  return s;
}

/** Text that holds every pair of `phrase` but never the phrase. */
function nearMiss(phrase) {
  const chars = [...phrase];
  const pairs = chars.slice(1).map((c, i) => chars[i] + c);
  const kind = Math.floor(rand() * (chars.length > 3 ? 4 : 2));
  if (kind === 0) return pairs.map((p) => p + filler(3)).join("，");
  // Cut by a comma after its second character: every pair but one, each
  // where it would stand in the phrase were the comma not there.
  if (kind === 3) return `${chars.slice(0, 2).join("")}，${chars.slice(2).join("")}`;
  if (kind === 1) return pairs.slice().reverse().join("");
  // Overlapping halves: every pair side by side with its neighbour, but
  // the whole never in one place.
  const half = Math.ceil(chars.length / 2);
  return `${chars.slice(0, half + 1).join("")}，${chars.slice(half - 1).join("")}`;
}

function sentence() {
  const r = rand();
  if (r < 0.08) return `${filler(6)}${pick(PHRASES)}${filler(5)}。`;
  if (r < 0.2) return `${filler(4)}${nearMiss(pick(PHRASES))}${filler(4)}。`;
  if (r < 0.26) return `${filler(5)} ${pick(WORDS)} ${filler(5)}。`;
  return `${filler(8 + Math.floor(rand() * 20))}。`;
}

function story(i) {
  const r = rand();
  const title =
    r < 0.1 ? `${filler(3)}${pick(PHRASES)}${filler(2)}` : r < 0.2 ? `${filler(2)}${nearMiss(pick(PHRASES))}` : filler(10);
  const summary = Array.from({ length: 1 + Math.floor(rand() * 2) }, sentence).join("");
  const paragraphs = Array.from({ length: 2 + Math.floor(rand() * 4) }, () =>
    Array.from({ length: 2 + Math.floor(rand() * 5) }, sentence).join(""),
  );
  const day = String(1 + (i % 28)).padStart(2, "0");
  const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, "0");
  return {
    slug: `story-${i}`,
    file: `2024-${month}-${day}-story-${i}.md`,
    title,
    summary,
    body: paragraphs.join("\n\n"),
  };
}

const STORIES = Array.from({ length: 240 }, (_, i) => story(i));
let site;
let server;
let chrome;

before(async () => {
  site = process.env.KEEP_SITE ?? mkdtempSync(join(tmpdir(), "renda-search-phrase-"));
  mkdirSync(site, { recursive: true });
  writeFileSync(
    join(site, "site.yaml"),
    "title: { zh: 搜索测试, en: Search test }\nbase_url: https://example.org/\nlanguages: [zh, en]\n",
  );
  mkdirSync(join(site, "content/districts"), { recursive: true });
  mkdirSync(join(site, "content/stories"), { recursive: true });
  writeFileSync(
    join(site, "content/districts/pengjiang.yaml"),
    "name: { zh: 蓬江区, en: Pengjiang }\nkind: district\nsummary: { zh: 中心城区。, en: The central district. }\norder: 1\n",
  );
  for (const s of STORIES) {
    const front = `---\ntitle: "${s.title}"\ndistrict: pengjiang\nsummary: "${s.summary}"\n---\n\n`;
    writeFileSync(join(site, "content/stories", s.file), front + s.body + "\n");
  }
  server = await publish(site);
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  server?.stop();
  if (site && !process.env.KEEP_SITE) rmSync(site, { recursive: true, force: true });
});

/** Every story the search page lists for `query`, in order ("show more" pressed). */
async function listed(page, query) {
  await page.fill("#search-q", query);
  await page.press("#search-q", "Enter");
  await page
    .waitForFunction(() => {
      const list = document.getElementById("search-results");
      return !list.hasAttribute("aria-busy") && document.getElementById("search-status").textContent !== "";
    }, null, { timeout: 120_000 })
    .catch(async (e) => {
      const state = await page.evaluate(() => [
        location.href,
        document.getElementById("search-q").value,
        document.getElementById("search-status").textContent,
        document.getElementById("search-results").getAttribute("aria-busy"),
      ]);
      throw new Error(`${query}: ${JSON.stringify(state)}: ${e.message}`);
    });
  while (await page.isVisible("#search-more")) {
    const before = await page.locator("#search-results > li").count();
    await page.click("#search-more");
    await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n, before, {
      timeout: 120_000,
    });
  }
  const urls = await page.$$eval("#search-results > li h2 a", (links) => links.map((a) => a.getAttribute("href")));
  return urls.map((u) => u.match(/\/stories\/([^/]+)\/$/)[1]);
}

const text = (s) => `${s.title}\n${s.summary}\n${s.body}`;

test("the corpus holds each phrase, and near misses that hold its pairs apart", () => {
  for (const phrase of PHRASES) {
    const chars = [...phrase];
    const pairs = chars.slice(1).map((c, i) => chars[i] + c);
    const holding = STORIES.filter((s) => text(s).includes(phrase));
    const near = STORIES.filter((s) => !text(s).includes(phrase) && pairs.every((p) => text(s).includes(p)));
    assert.ok(holding.length >= 5, `${phrase}: ${holding.length} stories hold it`);
    assert.ok(near.length >= 5, `${phrase}: ${near.length} near misses`);
  }
});

test("every story containing a Chinese phrase is listed, and only those, title matches first", async () => {
  const page = await chrome.newPage();
  await page.goto(`${server.url}search/`);
  await page.waitForSelector("#search[data-ready]");
  let queries = 0;
  // The planted phrases, their parts, and pieces cut from the stories.
  const pieces = new Set(PHRASES);
  for (const phrase of PHRASES) pieces.add([...phrase].slice(0, 3).join(""));
  while (pieces.size < PHRASES.length * 2 + 12) {
    const chars = [...pick(STORIES).body.replace(/[^\u4e00-\u9fff]/g, "")];
    const at = Math.floor(rand() * (chars.length - 6));
    pieces.add(chars.slice(at, at + 2 + Math.floor(rand() * 4)).join(""));
  }
  for (const query of pieces) {
    const truth = new Set(STORIES.filter((s) => text(s).includes(query)).map((s) => s.slug));
    const found = await listed(page, query);
    const missed = [...truth].filter((s) => !found.includes(s));
    const wrong = found.filter((s) => !truth.has(s));
    assert.deepEqual(missed, [], `${query}: recall ${truth.size - missed.length}/${truth.size}`);
    assert.deepEqual(wrong, [], `${query}: listed without containing it`);
    assert.equal(new Set(found).size, found.length, `${query}: listed once each`);
    const inTitle = found.map((slug) => STORIES.find((s) => s.slug === slug).title.includes(query));
    assert.ok(inTitle.indexOf(false) < 0 || inTitle.lastIndexOf(true) < inTitle.indexOf(false), `${query}: title matches first`);
    queries++;
  }
  assert.equal(queries, PHRASES.length * 2 + 12);
  await page.close();
});

test("a Latin word finds the words it begins", async () => {
  for (const path of ["search/", "en/search/"]) {
    const page = await chrome.newPage();
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector("#search[data-ready]");
    for (const query of ["kube", "KUB", "wec", "Kunming", "kubernetes"]) {
      const q = query.toLowerCase();
      const words = (s) => text(s).toLowerCase().match(/[a-z]+/g) ?? [];
      const truth = new Set(STORIES.filter((s) => words(s).some((w) => w.startsWith(q))).map((s) => s.slug));
      assert.ok(truth.size > 0, `${query}: some story has it`);
      const found = await listed(page, query);
      assert.deepEqual(found.slice().sort(), [...truth].sort(), `${path} ${query}`);
    }
    // A beginning shorter than three letters is only a whole word.
    assert.deepEqual(await listed(page, "ku"), [], `${path} ku`);
    await page.close();
  }
});
