// A station's receptions as a calendar app reads them: ical.js (the
// iCalendar parser of Mozilla's calendar) parses each file, places each
// session in Jiangmen's time zone from the file's own VTIMEZONE, and finds
// the same identifiers in every language and in every build.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "./harness.mjs";

let ICAL;
try {
  ICAL = (await import("ical.js")).default;
} catch (err) {
  throw new Error(
    `ical.js is missing (${err.message}): run \`npm ci\` in tests/browser, as scripts/test does`,
  );
}

const bin = process.env.RENDA_BIN ?? `${repo}target/debug/renda`;
const fixture = `${repo}tests/fixtures/render-site`;
let out;
let again;

function build(into) {
  execFileSync(bin, ["build", "--root", fixture, "--output", into, "--force"], { stdio: "pipe" });
}

before(() => {
  const tmp = mkdtempSync(join(tmpdir(), "renda-calendar-"));
  out = join(tmp, "a");
  again = join(tmp, "b");
  build(out);
  build(again);
});

after(() => {
  rmSync(join(out, ".."), { recursive: true, force: true });
});

function parse(path) {
  const text = readFileSync(join(out, path), "utf8");
  assert.ok(text.endsWith("END:VCALENDAR\r\n"), "lines end in CRLF");
  for (const line of text.split("\r\n")) {
    assert.ok(Buffer.byteLength(line) <= 75, `longer than 75 octets: ${line}`);
  }
  const calendar = new ICAL.Component(ICAL.parse(text));
  const zone = calendar.getFirstSubcomponent("vtimezone");
  assert.ok(zone, "the file defines its time zone");
  ICAL.TimezoneService.register(zone);
  return calendar;
}

test("a calendar parser reads every reception, at the right time", () => {
  const calendar = parse("stations/shaping/receptions.ics");
  assert.equal(calendar.getFirstPropertyValue("version"), "2.0");
  const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
  assert.deepEqual(
    events.map((e) => e.uid),
    [
      "20240425-0900-shaping@example.org",
      "20240516-1430-shaping@example.org",
      "20240620-day-shaping@example.org",
    ],
  );
  const [first, second, allDay] = events;
  assert.equal(first.startDate.zone.tzid, "Asia/Shanghai");
  assert.equal(first.startDate.toJSDate().toISOString(), "2024-04-25T01:00:00.000Z");
  assert.equal(first.endDate.toJSDate().toISOString(), "2024-04-25T03:30:00.000Z");
  assert.equal(second.startDate.toJSDate().toISOString(), "2024-05-16T06:30:00.000Z");
  assert.equal(first.summary, "人大代表接待：沙坪街道人大代表联络站");
  assert.equal(first.location, "沙坪街道人大代表联络站、鹤山市沙坪街道测试路1号");
  assert.match(second.description, /甲代表、乙代表/);
  assert.ok(allDay.startDate.isDate, "a session without announced times lasts the day");
  assert.equal(allDay.startDate.toString(), "2024-06-20");
  assert.equal(allDay.endDate.toString(), "2024-06-21");
});

test("each language's calendar names the same events, and builds repeat byte for byte", () => {
  const zh = parse("stations/shaping/receptions.ics");
  const en = parse("en/stations/shaping/receptions.ics");
  const uids = (c) => c.getAllSubcomponents("vevent").map((v) => v.getFirstPropertyValue("uid"));
  assert.deepEqual(uids(en), uids(zh));
  assert.equal(
    new ICAL.Event(en.getFirstSubcomponent("vevent")).summary,
    "Deputies' reception: Shaping Subdistrict Deputies' Liaison Station",
  );
  for (const path of ["stations/shaping/receptions.ics", "data/stations.json", "data/deputies.json"]) {
    assert.ok(readFileSync(join(out, path)).equals(readFileSync(join(again, path))), path);
  }
});
