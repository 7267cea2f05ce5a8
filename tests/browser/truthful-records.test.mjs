// The bundled site's two cases whose records are incomplete, read in
// Chromium as a resident reads them: Wenyuan's drainage (only its report is
// dated exactly) and Muzhou's storm trees (no date at all). No stage may
// show an estimate, a month, a year or an unknown day as an exact day; no
// duration may be computed from them; and no status may claim a stage the
// timeline does not show as done. What each stage really is comes from the
// story's own front matter, so the test follows the content.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { repo, serve, browser } from "./harness.mjs";

// `dated`: the only days the source article gives for the case's stages;
// any other day on the page would be an editor's guess shown as a fact.
const CASES = [
  {
    slug: "wenyuan-drainage",
    file: "2024-04-11-wenyuan-drainage.md",
    district: "jianghai",
    dated: { reported: "2023-03-22", collected: "2023-03-22" },
  },
  { slug: "muzhou-storm-trees", file: "2024-03-19-muzhou-storm-trees.md", district: "xinhui", dated: {} },
];
const STAGES = ["reported", "collected", "dispatched", "handled", "answered", "rated"];
const EXACT_DAY = { "": /^\d{4}年\d{1,2}月\d{1,2}日$/, "en/": /^\d{1,2} [A-Z][a-z]+ \d{4}$/ };
const DURATION = { "": /\d+(\.\d+)?天/, "en/": /\d+(\.\d+)? days?\b/ };

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

/** The `case:` block of a story, as stage -> written value, and its status. */
function frontMatterCase(file) {
  const text = readFileSync(`${repo}content/stories/${file}`, "utf8");
  const front = text.split(/^---$/m)[1];
  const block = front.slice(front.indexOf("\ncase:"));
  const stages = {};
  let status;
  for (const line of block.split("\n").slice(2)) {
    const m = line.match(/^  ([a-z_]+):\s*(.*?)\s*(#.*)?$/);
    if (!m) {
      if (/^\S/.test(line)) break;
      continue;
    }
    if (m[1] === "status") status = m[2];
    else if (STAGES.includes(m[1])) stages[m[1]] = m[2];
  }
  return { status, stages };
}

/** Whether a written stage value is an exact, recorded day. */
function isExactDay(value) {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

for (const c of CASES) {
  for (const lang of ["", "en/"]) {
    test(`${lang || "zh/"}stories/${c.slug}/ shows each stage as what it is`, async () => {
      const { status, stages } = frontMatterCase(c.file);
      const page = await chrome.newPage();
      const res = await page.goto(`${server.url}${lang}stories/${c.slug}/`);
      assert.equal(res.status(), 200);
      const shown = await page.$$eval(".timeline .stage", (items) =>
        items.map((li) => ({
          done: li.classList.contains("done"),
          date: li.querySelector(".stage-date").textContent.trim(),
          datetime: li.querySelector("time")?.getAttribute("datetime") ?? null,
        })),
      );
      assert.equal(shown.length, 6);
      STAGES.forEach((stage, i) => {
        const written = stages[stage];
        const s = shown[i];
        assert.equal(s.done, written !== undefined, `${stage}: done only when recorded`);
        if (written === undefined) return;
        const looksExact = EXACT_DAY[lang].test(s.date);
        if (looksExact) {
          assert.equal(s.datetime, c.dated[stage], `${stage}: "${s.date}" is not a day the article gives`);
        }
        assert.equal(looksExact, isExactDay(written), `${stage} (${written}) is shown as "${s.date}"`);
        if (written.includes("estimated: true")) {
          assert.match(s.date, lang ? /\(estimated\)/ : /（估计）/, stage);
        }
        if (written === "unknown") {
          assert.equal(s.date, lang ? "date unknown" : "日期不详", stage);
          assert.equal(s.datetime, null, `${stage}: no machine date for an unknown day`);
        }
      });

      // The status shown claims only stages the timeline shows as done.
      const statusKey = await page.$eval(".case-status .status", (el) =>
        [...el.classList].find((k) => k.startsWith("status-")).slice(7),
      );
      assert.equal(statusKey, status);
      const claims = { "in-progress": "collected", resolved: "answered", "not-adopted": "answered" };
      if (claims[statusKey]) {
        const i = STAGES.indexOf(claims[statusKey]);
        assert.ok(shown[i].done, `status ${statusKey} but ${claims[statusKey]} is not done`);
      }

      // No number of days unless both ends are exact days.
      const facts = await page.$eval(".case", (el) => el.textContent);
      const computable = isExactDay(stages.reported ?? "") && isExactDay(stages.answered ?? "");
      assert.equal(DURATION[lang].test(facts), computable, `duration shown: ${facts}`);
      await page.close();
    });

    test(`${lang || "zh/"}districts/${c.district}/ computes no time to answer from them`, async () => {
      const page = await chrome.newPage();
      await page.goto(`${server.url}${lang}districts/${c.district}/`);
      const timing = await page.$eval(".case-timing", (el) => el.textContent);
      assert.doesNotMatch(timing, DURATION[lang], timing);
      assert.match(timing, lang ? /could not be counted/ : /无法计算，未计入/, timing);
      const latest = await page.$$eval(".case-latest", (els) => els.map((e) => e.textContent));
      for (const l of latest) {
        const date = l.split(/[:：]\s?/).pop();
        assert.doesNotMatch(date, EXACT_DAY[lang], `a list shows "${l}" as an exact day`);
      }
      await page.close();
    });
  }
}
