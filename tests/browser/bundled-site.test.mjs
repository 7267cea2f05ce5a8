// The bundled Jiangmen site, as a resident meets it: served by
// `renda serve`, opened in headless Chromium, in both languages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { repo, serve, browser } from "./harness.mjs";

let server;
let chrome;

before(async () => {
  server = await serve(repo);
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  server?.stop();
});

test("the home page opens in Chinese and switches to English", async () => {
  const page = await chrome.newPage();
  await page.goto(server.url);
  assert.equal(await page.getAttribute("html", "lang"), "zh-Hans");
  assert.match(await page.title(), /江门人大/);
  await page.click('a[hreflang="en"]');
  await page.waitForURL(`${server.url}en/`);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.title(), /Jiangmen People's Congress/);
  await page.close();
});

test("every story has its English version, linked from the Chinese page", async () => {
  const slugs = storySlugs();
  assert.ok(slugs.length >= 12, `at least 12 stories, found ${slugs.length}`);
  const page = await chrome.newPage();
  for (const slug of slugs) {
    const zh = await page.goto(`${server.url}stories/${slug}/`);
    assert.equal(zh.status(), 200, slug);
    const english = await page.getAttribute('a[hreflang="en"]', "href");
    assert.equal(english, `${server.url}en/stories/${slug}/`, slug);
    const en = await page.goto(english);
    assert.equal(en.status(), 200, slug);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    const body = await page.textContent("main");
    assert.doesNotMatch(body, /not been translated/, `${slug} is translated`);
    assert.doesNotMatch(await page.textContent("h1"), /[\u4e00-\u9fff]/, `${slug} has an English title`);
  }
  await page.close();
});

test("every district has a page in both languages", async () => {
  const page = await chrome.newPage();
  for (const d of ["pengjiang", "jianghai", "xinhui", "taishan", "kaiping", "heshan", "enping"]) {
    for (const prefix of ["", "en/"]) {
      const res = await page.goto(`${server.url}${prefix}districts/${d}/`);
      assert.equal(res.status(), 200, `${prefix}districts/${d}/`);
    }
  }
  await page.close();
});

test("a missing page answers 404 with the site's own page", async () => {
  const page = await chrome.newPage();
  const res = await page.goto(`${server.url}no-such-page/`);
  assert.equal(res.status(), 404);
  assert.match(await page.textContent("body"), /江门人大/);
  await page.close();
});

function storySlugs() {
  const dir = `${repo}content/stories`;
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() || (e.name.endsWith(".md") && !/\.[a-z-]+\.md$/.test(e.name)))
    .map((e) => e.name.replace(/\.md$/, "").replace(/^\d{4}-\d{2}-\d{2}-/, ""));
}
