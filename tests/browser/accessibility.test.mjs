// What residents with any ability, screen or connection get: axe-core finds
// no WCAG 2.1 A or AA violation on the main kinds of page, in both languages
// and both colour schemes; pages fit a 360 px screen; and with JavaScript
// off, charts, tables and cases are all there, fetched from the site alone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { repo, serve, browser } from "./harness.mjs";

const axePath = new URL("./node_modules/axe-core/axe.min.js", import.meta.url).pathname;
const fixture = `${repo}tests/fixtures/render-site`;

let bundled;
let charts;
let chrome;

before(async () => {
  bundled = await serve(repo);
  // The fixture site has every kind of chart: a district's suggestions by
  // period, each metric by district, funding by period.
  charts = await serve(fixture);
  chrome = await browser();
});

after(async () => {
  await chrome?.close();
  bundled?.stop();
  charts?.stop();
});

/** Pages to check on a server, in both languages. */
function pages(server, paths) {
  return ["", "en/"].flatMap((lang) => paths.map((p) => `${server.url}${lang}${p}`));
}

/** The search page, once the site has one. */
async function withSearch(server, paths) {
  const res = await fetch(`${server.url}search/`);
  return res.status === 200 ? [...paths, "search/"] : paths;
}

async function violations(url, colorScheme, viewport = { width: 1280, height: 720 }) {
  const page = await chrome.newPage({ colorScheme, viewport });
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
  await page.close();
  return result.violations.map(
    (v) =>
      `${url} (${colorScheme}, ${viewport.width} px): ${v.id} [${v.impact}] ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`).join("\n"),
  );
}

for (const colorScheme of ["light", "dark"]) {
  test(`axe finds no WCAG 2.1 AA violations, ${colorScheme} mode`, async () => {
    const paths = await withSearch(bundled, [
      "",
      "stories/deputy-forest/",
      "stories/wenyuan-drainage/",
      "districts/jianghai/",
      "stats/",
    ]);
    const urls = [
      ...pages(bundled, paths),
      ...pages(charts, ["districts/heshan/", "stats/", "stories/wenyuan-drainage/"]),
    ];
    const found = [];
    for (const url of urls) found.push(...(await violations(url, colorScheme)));
    assert.deepEqual(found, [], `\n${found.join("\n")}`);
  });
}

/** The pages of deputies and liaison stations in the fixture site. */
const peoplePages = [
  "deputies/",
  "deputies/jia/",
  "deputies/yi/",
  "stations/",
  "stations/shaping/",
  "stories/deputy-forest/",
];

for (const width of [360, 1280]) {
  test(`axe finds nothing on the pages of deputies and stations at ${width} px`, async () => {
    const urls = pages(charts, peoplePages);
    const found = [];
    for (const colorScheme of ["light", "dark"]) {
      for (const url of urls) {
        found.push(...(await violations(url, colorScheme, { width, height: 800 })));
      }
    }
    assert.deepEqual(found, [], `\n${found.join("\n")}`);
  });
}

test("pages fit a 360 px screen without scrolling sideways", async () => {
  const page = await chrome.newPage({ viewport: { width: 360, height: 740 } });
  const urls = [
    ...pages(bundled, ["", "stories/deputy-forest/", "districts/jianghai/", "stats/"]),
    ...pages(charts, ["districts/heshan/", "stats/", ...peoplePages]),
  ];
  for (const url of urls) {
    await page.goto(url);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${url} is ${width} px wide`);
  }
  await page.close();
});

test("with JavaScript off, charts, their tables and cases are all there", async () => {
  const context = await chrome.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const foreign = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(charts.url)) foreign.push(r.url());
  });
  await page.goto(`${charts.url}en/districts/heshan/`);
  const chart = page.locator('svg.chart[role="img"]');
  assert.equal(await chart.count(), 1);
  const labelled = await chart.getAttribute("aria-labelledby");
  const [title, desc] = labelled.split(" ");
  assert.equal(await page.textContent(`#${title}`), "Suggestions collected and resolved");
  assert.match(await page.textContent(`#${desc}`), /Suggestions collected 140, Suggestions resolved 96/);
  assert.ok(await chart.isVisible());
  assert.match(await page.textContent("#district-stats"), /by period/);
  assert.match(await page.textContent("main"), /Time from the resident's report to the answer: 207 days/);

  await page.goto(`${charts.url}stats/`);
  // One chart per metric that two or more districts report; funding has a
  // single period here, and a single bar compares with nothing, so its
  // figures stand in the table alone.
  assert.equal(await page.locator("svg.chart").count(), 3, "each metric by district");
  assert.ok(await page.locator("#funding-table").isVisible(), "the funding table");
  await page.goto(`${charts.url}stories/wenyuan-drainage/`);
  const stages = page.locator("ol.timeline > li");
  assert.equal(await stages.count(), 6);
  assert.match(await stages.first().textContent(), /群众反映：\s*2023年3月22日/);
  assert.deepEqual(foreign, [], "nothing is fetched from another host");
  await context.close();
});
