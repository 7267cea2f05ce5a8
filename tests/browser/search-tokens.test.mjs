// The browser must cut a query exactly as the build cut the stories, or a
// story holding the query is missed. Both halves read the same cases:
// tests/fixtures/search-tokens.json, checked on the Rust side in
// src/render/search/mod.rs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { repo } from "./harness.mjs";

const script = readFileSync(`${repo}themes/default/static/search.js`, "utf8");
const context = {};
runInNewContext(script, context);
const { queryParts, queryTerms, shardKey, hash, decode, decodePlaces, cover, phrase, union, rank } = context.RendaSearch;
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
  // src/render/search/files.rs: postings_are_short_text
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

test("a pair's postings decode with its places", () => {
  // src/render/search/files.rs: pairs_keep_their_places
  const p = decode("0643.c1");
  assert.deepEqual([...p.docs], [0, 5]);
  assert.equal(p.file, 38);
  assert.deepEqual([...p.weights], [6, 3]);
  assert.deepEqual(JSON.parse(JSON.stringify(decodePlaces("00c107", p.weights))), [
    [[], [0, 1, 40]],
    [[7], []],
  ]);
  // Seventeen places: the weight says fifteen (U), the places two more.
  const many = decode("0U");
  assert.equal(many.file, undefined);
  const places = decodePlaces(`2${"0".repeat(17)}`, many.weights);
  assert.deepEqual([...places[0][1]], [...Array(17).keys()]);
});

test("a phrase is found only where its pairs stand side by side", () => {
  // 合作和: story 1 has 合作 at 4 and 作和 at 5; story 2 has both, apart;
  // story 3 has it in the title.
  const he = { docs: [1, 2, 3], places: [[[], [4]], [[], [0]], [[0], [9]]] };
  const zuo = { docs: [1, 2, 3], places: [[[], [5]], [[], [7]], [[1], []]] };
  const found = phrase([he, zuo]);
  assert.deepEqual([...found.docs], [1, 3]);
  assert.deepEqual([...found.weights], [2, 3]);
});

test("a phrase is checked on every other pair and its last", () => {
  assert.deepEqual([...cover(2)], [0, 1]);
  assert.deepEqual([...cover(3)], [0, 2]);
  assert.deepEqual([...cover(4)], [0, 2, 3]);
  assert.deepEqual([...cover(5)], [0, 2, 4]);
  // 加装电梯 by 加装 and 电梯 alone: story 1 has 加装 at 3 and 电梯 at 5,
  // the phrase whole; story 2 has 电梯 three places after 加装, and story 3
  // before it.
  const jia = { docs: [1, 2, 3], places: [[[], [3]], [[], [8]], [[], [9]]], offset: 0 };
  const ti = { docs: [1, 2, 3], places: [[[], [5]], [[], [11]], [[], [7]]], offset: 2 };
  assert.deepEqual([...phrase([jia, ti]).docs], [1]);
});

test("a word of three letters or more also asks for the words it begins", () => {
  const parts = JSON.parse(JSON.stringify(queryParts("Kube ku 加装电梯 桥")));
  assert.deepEqual(parts, [
    { kind: "word", term: "kube", prefix: true },
    { kind: "word", term: "ku", prefix: false },
    { kind: "phrase", pairs: ["加装", "装电", "电梯"] },
    { kind: "char", term: "桥" },
  ]);
  // Every word beginning with the same three characters is in one shard.
  assert.equal(shardKey("kubernete"), "kub");
  assert.equal(shardKey("加装"), "加装");
  const merged = union([
    { docs: [1, 4], weights: [3, 2] },
    { docs: [2, 4], weights: [2, 5] },
  ]);
  assert.deepEqual([...merged.docs], [1, 2, 4]);
  assert.deepEqual([...merged.weights], [3, 2, 7]);
});
