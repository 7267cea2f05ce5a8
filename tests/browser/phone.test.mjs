// The bundled site on a 360 px phone, as a resident holds it: nothing on
// the home, statistics, district and story pages is wider than the screen,
// in either language, except inside a scroll container that says what it
// holds; and no headline figure is cut off, on a phone or a desktop.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
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

const PAGES = [
  "",
  "en/",
  "stats/",
  "en/stats/",
  "districts/pengjiang/",
  "en/districts/pengjiang/",
  "districts/heshan/",
  "en/districts/heshan/",
  "stories/deputy-forest/",
  "en/stories/deputy-forest/",
];

/** Elements that reach past the viewport, outside any labelled scroll container. */
function overflowing() {
  const width = document.documentElement.clientWidth;
  const labelled = (el) => el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby");
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    // Text for screen readers alone is clipped to nothing on purpose.
    let hidden = false;
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      const w = a.getBoundingClientRect().width;
      if (s.position === "absolute" && w <= 1 && (s.overflow === "hidden" || s.clipPath !== "none")) hidden = true;
    }
    if (hidden) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= width + 0.5 && r.left >= -0.5) continue;
    let inside = null;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a)) {
        inside = a;
        break;
      }
    }
    if (inside && labelled(inside) && inside.getBoundingClientRect().right <= width + 0.5) continue;
    const name = el.tagName.toLowerCase() + (el.className ? `.${String(el.className).split(" ").join(".")}` : "");
    out.push(`${name} [${Math.round(r.left)}, ${Math.round(r.right)}] ${el.textContent.trim().slice(0, 40)}`);
  }
  return { out, scrollWidth: document.documentElement.scrollWidth, width };
}

test("nothing is wider than a 360 px phone, outside a labelled scroll container", async () => {
  const context = await chrome.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = [];
  for (const path of PAGES) {
    const response = await page.goto(`${server.url}${path}`, { waitUntil: "domcontentloaded", timeout: 120_000 });
    assert.equal(response.status(), 200, path);
    const { out, scrollWidth, width } = await page.evaluate(overflowing);
    if (scrollWidth > width) problems.push(`${path}: the page scrolls sideways (${scrollWidth} px)`);
    for (const o of out.slice(0, 5)) problems.push(`${path}: ${o}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("no headline figure on the home page is cut off, at 360 and 1280 px", async () => {
  for (const width of [360, 1280]) {
    const context = await chrome.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const path of ["", "en/"]) {
      await page.goto(`${server.url}${path}`, { waitUntil: "domcontentloaded", timeout: 120_000 });
      const figures = await page.$$eval(".figure", (all) =>
        all.map((f) => {
          const box = f.getBoundingClientRect();
          const value = f.querySelector("dd");
          const v = value.getBoundingClientRect();
          return {
            text: value.textContent.trim(),
            clipped: value.scrollWidth > value.clientWidth + 1 || v.right > box.right + 0.5 || v.left < box.left - 0.5,
          };
        }),
      );
      assert.ok(figures.length >= 3, `${path} at ${width} px: ${figures.length} figures`);
      const clipped = figures.filter((f) => f.clipped).map((f) => f.text);
      assert.deepEqual(clipped, [], `${path} at ${width} px`);
    }
    await context.close();
  }
});

test("the 404 page offers search and the main lists; search without JavaScript links the lists", async () => {
  const page = await chrome.newPage();
  for (const [path, lists] of [["404.html", "districts/"], ["en/404.html", "en/districts/"]]) {
    await page.goto(`${server.url}${path}`);
    const action = await page.getAttribute("form[role=search]", "action");
    assert.match(action, /search\/$/, path);
    const links = await page.$$eval("main nav a", (as) => as.map((a) => a.href));
    assert.ok(links.includes(`${server.url}${lists}`), `${path}: ${links}`);
  }
  await page.close();
  const context = await chrome.newContext({ javaScriptEnabled: false });
  const noJs = await context.newPage();
  await noJs.goto(`${server.url}search/`);
  const links = await noJs.$$eval("noscript a, .notice a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.some((h) => h.endsWith("/districts/")) && links.some((h) => h.endsWith("/topics/")), `${links}`);
  await context.close();
});
