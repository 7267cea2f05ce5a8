// Search on the bundled site, as a resident uses it: type into the search
// page in headless Chromium, read the announced count and the list, narrow
// it by district, in both languages, with nothing but the site's own files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { repo, publish, browser } from "./harness.mjs";

let server;
let chrome;

before(async () => {
  server = await publish(repo);
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

/** Opens a search page, noting every request that leaves the site. */
async function open(path) {
  const page = await chrome.newPage();
  const foreign = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(server.url)) foreign.push(r.url());
  });
  await page.goto(`${server.url}${path}`);
  await page.waitForSelector("#search[data-ready]");
  return { page, foreign };
}

/** Types a query and waits until the status line reports on it. */
async function search(page, query) {
  await page.fill("#search-q", "");
  await page.locator("#search-q").pressSequentially(query);
  await page.press("#search-q", "Enter");
  await page.waitForFunction(() => {
    const list = document.getElementById("search-results");
    return !list.hasAttribute("aria-busy") && document.getElementById("search-status").textContent !== "";
  });
  return results(page);
}

async function results(page) {
  return page.$$eval("#search-results > li", (items) =>
    items.map((li) => ({
      url: li.querySelector("h2 a").href,
      districts: [...li.querySelectorAll(".meta a")].map((a) => a.href).filter((h) => h.includes("/districts/")),
    })),
  );
}

test("the search page is in the header of every page, in both languages", async () => {
  const page = await chrome.newPage();
  for (const [path, label] of [["", "搜索"], ["en/", "Search"], ["stories/deputy-forest/", "搜索"]]) {
    await page.goto(`${server.url}${path}`);
    const link = page.locator(".site-nav a", { hasText: label });
    assert.equal(await link.getAttribute("href"), `${server.url}${path.startsWith("en/") ? "en/" : ""}search/`);
  }
  await page.close();
});

test("植树 on the Chinese search page lists the deputies' forest first", async () => {
  const { page, foreign } = await open("search/");
  assert.equal(await page.getAttribute("html", "lang"), "zh-Hans");
  const found = await search(page, "植树");
  assert.ok(found.length >= 1);
  assert.equal(found[0].url, `${server.url}stories/deputy-forest/`);
  assert.match(await page.textContent("#search-status"), /^找到 \d+ 个案例$/);
  assert.equal(await page.textContent("#search-results li:first-child mark"), "植树");
  assert.deepEqual(foreign, []);
  await page.close();
});

test("tree on the English search page lists the stories with trees in their titles first", async () => {
  const { page, foreign } = await open("en/search/");
  const found = await search(page, "tree");
  // "tree" is also the start of "trees", which these two titles hold; a
  // title match ranks above any number of matches in the text.
  const titled = ["deputy-forest", "muzhou-storm-trees"].map((s) => `${server.url}en/stories/${s}/`);
  assert.ok(found.length > 2, "stories with trees only in their text follow");
  assert.deepEqual(found.slice(0, 2).map((r) => r.url).sort(), titled.sort());
  assert.match(await page.textContent("#search-status"), /^\d+ stor(y|ies) found$/);
  assert.deepEqual(foreign, []);
  await page.close();
});

test("a deputy's or a station's name finds their page, in both languages", async () => {
  for (const [path, query, want, kind] of [
    ["search/", "赵戈", "deputies/zhao-ge/", "人大代表"],
    ["en/search/", "Wu Huanrong", "en/deputies/wu-huanrong/", "Deputy"],
    ["search/", "文苑社区", "stations/wenyuan/", "代表联络站"],
    ["en/search/", "Wenyuan station", "en/stations/wenyuan/", "Liaison station"],
  ]) {
    const { page, foreign } = await open(path);
    const found = await search(page, query);
    const at = found.findIndex((r) => r.url === `${server.url}${want}`);
    assert.ok(at >= 0, `${query}: ${JSON.stringify(found.map((r) => r.url))}`);
    const item = page.locator("#search-results > li").nth(at);
    assert.equal(await item.locator(".kind").textContent(), kind);
    assert.deepEqual(foreign, []);
    await page.close();
  }
});

/** What each listed result is, by its address. */
function kindOf(url) {
  for (const kind of ["deputies", "stations", "projects", "stories"]) {
    if (new URL(url).pathname.includes(`/${kind}/`)) return kind;
  }
  throw new Error(`${url} is of no known kind`);
}

test("the status line counts what it lists: stories, projects, deputies and stations", async () => {
  const words = {
    zh: { stories: ["个案例", "个案例"], projects: ["个民生实事项目", "个民生实事项目"], deputies: ["位人大代表", "位人大代表"], stations: ["个代表联络站", "个代表联络站"] },
    en: { stories: ["story", "stories"], projects: ["project", "projects"], deputies: ["deputy", "deputies"], stations: ["liaison station", "liaison stations"] },
  };
  const seen = new Set();
  for (const [path, lang, query] of [
    ["search/", "zh", "赵戈"],
    ["search/", "zh", "文苑"],
    ["search/", "zh", "吴焕荣"],
    ["en/search/", "en", "Zhao Ge"],
    ["en/search/", "en", "Wenyuan"],
    ["en/search/", "en", "Wu Huanrong"],
  ]) {
    const { page } = await open(path);
    await search(page, query);
    while (await page.isVisible("#search-more")) {
      const before = await page.locator("#search-results > li").count();
      await page.click("#search-more");
      await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n, before);
    }
    const counts = { stories: 0, projects: 0, deputies: 0, stations: 0 };
    for (const r of await results(page)) counts[kindOf(r.url)]++;
    const parts = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => {
        seen.add(kind);
        const [one, many] = words[lang][kind];
        return `${n} ${n === 1 ? one : many}`;
      });
    const want = lang === "zh"
      ? `找到 ${parts.join("、")}`
      : `${parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0]} found`;
    assert.equal(await page.textContent("#search-status"), want, `${path}?q=${query}`);
    assert.ok(counts.deputies + counts.stations > 0, `${query} finds a deputy or a station`);
    await page.close();
  }
  assert.deepEqual([...seen].sort(), ["deputies", "projects", "stations", "stories"], "the queries list every kind between them");
});

test("a district filter narrows the results to that district", async () => {
  for (const [path, query] of [["search/", "人大代表"], ["en/search/", "deputies"]]) {
    const { page } = await open(path);
    const all = await search(page, query);
    await page.selectOption("#search-district", "pengjiang");
    await page.waitForFunction(() => location.search.includes("district=pengjiang"));
    await page.waitForFunction(() => !document.getElementById("search-results").hasAttribute("aria-busy"));
    const narrowed = await results(page);
    assert.ok(narrowed.length >= 1, `${path}: some ${query} story in Pengjiang`);
    assert.ok(narrowed.length < all.length, `${path}: ${narrowed.length} of ${all.length}`);
    for (const r of narrowed) {
      assert.ok(r.districts.every((d) => d.endsWith("/districts/pengjiang/")) && r.districts.length > 0, r.url);
    }
    // The filter alone lists the district's stories, and the address keeps it.
    await page.fill("#search-q", "");
    await page.press("#search-q", "Enter");
    await page.waitForFunction(() => !location.search.includes("q="));
    await page.waitForFunction(() => !document.getElementById("search-results").hasAttribute("aria-busy"));
    assert.ok((await results(page)).length >= narrowed.length);
    await page.close();
  }
});

test("a search is kept in the address and filters work from the keyboard", async () => {
  const { page } = await open("search/?q=%E6%8E%92%E6%B0%B4&topic=livelihood");
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0);
  assert.equal(await page.inputValue("#search-q"), "排水");
  assert.equal(await page.inputValue("#search-topic"), "livelihood");
  await page.focus("#search-district");
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => location.search.includes("district=pengjiang"));
  assert.match(page.url(), /q=%E6%8E%92%E6%B0%B4/);
  assert.match(page.url(), /topic=livelihood/);
  await page.close();
});

test("the search page passes axe-core with results shown", async () => {
  for (const [path, query] of [["search/", "人大代表"], ["en/search/", "deputies"]]) {
    const { page } = await open(path);
    await search(page, query);
    await page.addScriptTag({ path: `${repo}tests/browser/node_modules/axe-core/axe.min.js` });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    const problems = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(problems, [], path);
    await page.close();
  }
});

test("without JavaScript the page says search needs it", async () => {
  const context = await chrome.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}en/search/`);
  assert.match(await page.textContent("main"), /Search needs JavaScript/);
  await context.close();
});
