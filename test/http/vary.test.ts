// appendVary / varyValue: Vary field lists without duplicates, `*` winning.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ResponseHeaders } from "../../src/http/headers.js";
import { appendVary, splitNames, varyValue } from "../../src/http/vary.js";

test("varyValue adds names once, case-insensitively, keeping the first spelling", () => {
  assert.equal(varyValue(undefined, "Accept"), "Accept");
  assert.equal(varyValue("Accept", "accept"), "Accept");
  assert.equal(varyValue("Accept", "Accept-Encoding"), "Accept, Accept-Encoding");
  assert.equal(varyValue("Accept,Cookie", ["cookie", "Origin, accept"]), "Accept, Cookie, Origin");
  assert.equal(varyValue(" , Accept ,", ""), "Accept");
});

test("* replaces everything, and nothing is added to *", () => {
  assert.equal(varyValue("Accept", "*"), "*");
  assert.equal(varyValue("*", "Accept"), "*");
  assert.equal(varyValue("Accept, *", []), "*");
});

test("appendVary writes the header only when it changes", () => {
  const headers = new ResponseHeaders();
  appendVary(headers, "Accept-Encoding");
  appendVary(headers, "accept-encoding");
  appendVary(headers, ["Accept", "Accept-Encoding"]);
  assert.deepEqual([...headers.entries()], [["Vary", "Accept-Encoding, Accept"]]);
  appendVary(headers, "*");
  assert.equal(headers.get("vary"), "*");
});

test("splitNames drops empty items", () => {
  assert.deepEqual(splitNames("a, ,b,"), ["a", "b"]);
  assert.deepEqual(splitNames(["a,b", " c "]), ["a", "b", "c"]);
});
