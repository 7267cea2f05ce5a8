// The browser must cut a query exactly as the build cut the stories, or a
// story holding the query is missed. Both halves read the same cases:
// tests/fixtures/search-tokens.json, checked on the Rust side in
// src/render/search.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { repo } from "./harness.mjs";

const script = readFileSync(`${repo}themes/default/static/search.js`, "utf8");
const context = {};
runInNewContext(script, context);
const { queryTerms, hash, decode, rank } = context.RendaSearch;
const cases = JSON.parse(readFileSync(`${repo}tests/fixtures/search-tokens.json`, "utf8"));

test("queries are cut into the same terms as in the Rust tokeniser", () => {
  assert.ok(cases.length >= 10);
  for (const c of cases) {
    assert.deepEqual([...queryTerms(c.query)], c.terms, `query ${JSON.stringify(c.query)}`);
  }
});

test("terms go to the same shard", () => {
  for (const c of cases) {
    for (const [term, h] of Object.entries(c.hashes)) {
      assert.equal(hash(term), h, `hash of ${term}`);
    }
  }
});

test("postings decode as the build encodes them", () => {
  // src/render/search.rs: postings_are_short_text
  const p = decode("032UW34");
  assert.deepEqual([...p.docs], [0, 3, 100]);
  assert.deepEqual([...p.weights], [3, 30, 4]);
});

test("results hold every term, title hits and counts first, then newer", () => {
  const a = { docs: [1, 2, 5, 7], weights: [2, 3, 8, 2] };
  const b = { docs: [2, 5, 6, 7], weights: [3, 4, 2, 4] };
  // 2: in both titles; 5 and 7 in no title, 5 with more occurrences.
  assert.deepEqual([...rank([a, b])], [2, 5, 7]);
});
