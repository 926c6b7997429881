// Cache-Control directives, delta-seconds and Pragma: no-cache, as the caching tool reads them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deltaSeconds, parseCacheControl, pragmaNoCache } from "../../src/http/cache-control.js";

const parsed = (header: string | undefined) => [...parseCacheControl(header)];

test("directives by lower-case name, with their argument or undefined", () => {
  assert.deepEqual(parsed(undefined), []);
  assert.deepEqual(parsed(""), []);
  assert.deepEqual(parsed("no-cache"), [["no-cache", undefined]]);
  assert.deepEqual(parsed("Max-Age=60, NO-STORE"), [
    ["max-age", "60"],
    ["no-store", undefined],
  ]);
  assert.deepEqual(parsed("  public ,  s-maxage = 30 "), [
    ["public", undefined],
    ["s-maxage", "30"],
  ]);
  assert.deepEqual(parsed("max-age="), [["max-age", ""]]);
});

test("empty items are skipped and a repeated directive keeps its first argument", () => {
  assert.deepEqual(parsed(", ,private,,"), [["private", undefined]]);
  assert.deepEqual(parsed("=5, max-age=10, MAX-AGE=20"), [["max-age", "10"]]);
});

test("quoted arguments lose their quotes, and commas inside them do not split", () => {
  assert.deepEqual(parsed('no-cache="Set-Cookie, X-Id", max-age=5'), [
    ["no-cache", "Set-Cookie, X-Id"],
    ["max-age", "5"],
  ]);
  assert.deepEqual(parsed('private="a\\",b", no-store'), [
    ["private", 'a\\",b'],
    ["no-store", undefined],
  ]);
  assert.deepEqual(parsed('max-age="60"'), [["max-age", "60"]]);
  assert.deepEqual(parsed('x="'), [["x", '"']]);
  // An unclosed quote swallows the rest of the value.
  assert.deepEqual(parsed('x="a, max-age=5'), [["x", '"a, max-age=5']]);
});

test("deltaSeconds takes digits only and caps huge values at 2^31", () => {
  assert.equal(deltaSeconds("0"), 0);
  assert.equal(deltaSeconds("60"), 60);
  assert.equal(deltaSeconds("007"), 7);
  assert.equal(deltaSeconds("2147483648"), 2147483648);
  assert.equal(deltaSeconds("99999999999999999999"), 2147483648);
  for (const bad of [undefined, "", " 5", "5 ", "+5", "-5", "1.5", "1e3", "0x10", "five"]) {
    assert.equal(deltaSeconds(bad), undefined, JSON.stringify(bad));
  }
});

test("pragmaNoCache finds no-cache as a whole list item, in any case", () => {
  assert.equal(pragmaNoCache(undefined), false);
  assert.equal(pragmaNoCache(""), false);
  assert.equal(pragmaNoCache("no-cache"), true);
  assert.equal(pragmaNoCache("NO-CACHE"), true);
  assert.equal(pragmaNoCache("x-trace, no-cache"), true);
  assert.equal(pragmaNoCache(" no-cache ,x"), true);
  assert.equal(pragmaNoCache("no-cache=1"), false);
  assert.equal(pragmaNoCache("x-no-cache"), false);
  assert.equal(pragmaNoCache("x"), false);
});
