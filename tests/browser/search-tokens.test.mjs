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
const { queryParts, queryTerms, shardKey, hash, decode, decodePlaces, phrase, union, rank } = context.RendaSearch;
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
  const p = decode("x7WCA0");
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
  const p = decode("iN.c1");
  assert.deepEqual([...p.docs], [0, 5]);
  assert.equal(p.file, 38);
  assert.deepEqual([...p.weights], [6, 3]);
  assert.deepEqual(JSON.parse(JSON.stringify(decodePlaces("C4vY0pu", p.weights))), [
    { count: 3, title: 0, first: [0, 1, 40], second: [5, 9, 60] },
    { count: 1, title: 1, first: null, second: null },
  ]);
  const he = decode("QW");
  assert.deepEqual(JSON.parse(JSON.stringify(decodePlaces("j0", he.weights))), [
    { count: 2, title: 1, first: null, second: [0, 2] },
  ]);
  const zuo = decode("S");
  assert.deepEqual(JSON.parse(JSON.stringify(decodePlaces("a", zuo.weights))), [
    { count: 1, title: 0, first: [1], second: null },
  ]);
  // Seventeen times: the weight says fifteen (U), the places two more.
  const many = decode("Zm");
  assert.equal(many.file, undefined);
  const places = decodePlaces("R__y", many.weights);
  assert.equal(places[0].count, 17);
  assert.equal(places[0].first, null);
  assert.deepEqual([...places[0].second], [...Array(17).keys()]);
});

test("a phrase is found only where its pairs share a character's occurrence", () => {
  // 合作和: story 1 has 合作 ending at the 3rd 作 and 作和 starting there;
  // story 2 has both, at different 作; story 3 has it in the title (the
  // first of its two 合作).
  const place = (title, first, second) => ({ count: first.length, title, first, second });
  const he = { docs: [1, 2, 3], places: [place(0, [0], [3]), place(0, [0], [0]), place(1, [0, 1], [0, 2])] };
  const zuo = { docs: [1, 2, 3], places: [place(0, [3], [0]), place(0, [1], [0]), place(0, [0], [0])] };
  const found = phrase([he, zuo]);
  assert.deepEqual([...found.docs], [1, 3]);
  assert.deepEqual([...found.weights], [2, 3]);
  // 加装电梯 by 加装, 装电 and 电梯: story 1 has them linked at 装 and
  // 电; story 2 has 装电 at another 装 than 加装's; story 3 lacks 装电.
  const jia = { docs: [1, 2, 3], places: [place(0, [0], [0]), place(0, [0], [0]), place(0, [0], [0])] };
  const zhuang = { docs: [1, 2], places: [place(0, [0], [1]), place(0, [1], [0])] };
  const ti = { docs: [1, 2, 3], places: [place(0, [0, 1], [0, 1]), place(0, [0], [0]), place(0, [0], [0])] };
  const long = phrase([jia, zhuang, ti]);
  assert.deepEqual([...long.docs], [1]);
  assert.deepEqual([...long.weights], [2]);
  // Lists left out (null) are every occurrence: 0, 1, 2, ...
  const all = (title, count) => ({ count, title, first: null, second: null });
  const he2 = { docs: [1, 2], places: [all(0, 2), place(0, [0], [1])] };
  const zuo2 = { docs: [1, 2], places: [place(0, [1], [0]), all(0, 1)] };
  // Story 1: 合作 at both 作, 作和 at the second; story 2: 合作 ends at
  // the second 作, and 作和 stands at the only one, the first.
  assert.deepEqual([...phrase([he2, zuo2]).docs], [1]);
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
