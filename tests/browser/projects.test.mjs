// Livelihood projects as residents get them: axe-core finds no WCAG 2.1 A
// or AA violation on the project index, a project page, a filtered list and
// a district's projects, in both languages, on a 360 px phone and a 1280 px
// screen; nothing scrolls sideways on the phone; and with JavaScript off
// the progress, the charts and their tables are all there.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { repo, serve, browser } from "./harness.mjs";

const axePath = new URL("./node_modules/axe-core/axe.min.js", import.meta.url).pathname;

let bundled;
let fixture;
let chrome;

before(async () => {
  bundled = await serve(repo);
  // A parent with weighted items, a planned and a completed project, and a
  // kind the site declares.
  fixture = await serve(`${repo}tests/fixtures/projects-site`);
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  bundled?.stop();
  fixture?.stop();
});

function urls() {
  const of = (server, paths) => ["", "en/"].flatMap((lang) => paths.map((p) => `${server.url}${lang}${p}`));
  return [
    ...of(bundled, ["projects/", "projects/2024/ten-livelihood-projects/", "projects/2023/wenyuan-drainage/", ""]),
    ...of(fixture, [
      "projects/",
      "projects/2024/school-places/",
      "projects/2024/heshan-school/",
      "projects/status/completed/",
      "districts/heshan/",
      "",
    ]),
  ];
}

async function violations(page, url) {
  const res = await page.goto(url);
  assert.equal(res.status(), 200, url);
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    }),
  );
  return result.violations.map(
    (v) =>
      `${url}: ${v.id} [${v.impact}] ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n"),
  );
}

for (const width of [360, 1280]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`axe finds nothing on the project pages at ${width} px, ${colorScheme} mode`, async () => {
      const page = await chrome.newPage({ viewport: { width, height: 800 }, colorScheme });
      const found = [];
      for (const url of urls()) found.push(...(await violations(page, url)));
      await page.close();
      assert.deepEqual(found, [], `\n${found.join("\n")}`);
    });
  }
}

test("project pages fit a 360 px screen without scrolling sideways", async () => {
  const page = await chrome.newPage({ viewport: { width: 360, height: 740 } });
  for (const url of urls()) {
    await page.goto(url);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${url} is ${width} px wide`);
  }
  await page.close();
});

test("with JavaScript off, progress, charts and their tables are all there", async () => {
  const context = await chrome.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${fixture.url}en/projects/2024/school-places/`);
  assert.match(await page.textContent(".project-progress.large"), /66\.7%\s*weighted from 2 items/);
  assert.ok(await page.locator(".project-progress.large svg.progress-bar").isVisible());
  assert.match(await page.textContent("main"), /103\.3% above target/);
  await page.goto(`${fixture.url}en/projects/`);
  const charts = page.locator('svg.chart[role="img"]');
  assert.equal(await charts.count(), 4, "completion and budget, for 2024 and 2023");
  assert.match(await page.textContent("#year-2024-completion-table"), /Completion by place, 2024/);
  assert.match(await page.textContent("#year-2024-budget-table"), /Budget against spending, 2024/);
  await context.close();
});

test("a milestone's photo loads in the timeline, the copy for phones on a phone", async () => {
  const page = await chrome.newPage({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 });
  await page.goto(`${fixture.url}en/projects/2024/school-places/`);
  const img = page.locator("#milestone-2 .milestone-photo img");
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const i = document.querySelector("#milestone-2 .milestone-photo img");
    return i && i.complete && i.naturalWidth > 0;
  });
  const shown = await img.evaluate((i) => ({ src: i.currentSrc, width: i.naturalWidth, box: i.getBoundingClientRect().width }));
  assert.match(shown.src, /\/projects\/2024\/school-places\/work-started-360w\.jpg$/);
  assert.ok(shown.width > 0, "the copy decoded");
  assert.ok(shown.box <= 360, `the photo is ${shown.box} px wide`);
  assert.equal(await img.getAttribute("alt"), "The school building site on the first day of work");
  await page.close();
});
