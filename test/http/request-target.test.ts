import { test } from "node:test";
import assert from "node:assert/strict";
import { atLeastHttp11, parseTarget } from "../../src/http/request-target.js";

test("origin-form splits at the first ?", () => {
  assert.deepEqual(parseTarget("GET", "/a/b?x=1&y=?"), { path: "/a/b", query: "x=1&y=?" });
  assert.deepEqual(parseTarget("GET", "/"), { path: "/", query: "" });
});

test("absolute-form is served as its path", () => {
  assert.deepEqual(parseTarget("GET", "http://example.com/a?b"), { path: "/a", query: "b" });
  assert.deepEqual(parseTarget("GET", "http://example.com"), { path: "/", query: "" });
});

test("authority-form only for CONNECT, asterisk-form only for OPTIONS", () => {
  assert.deepEqual(parseTarget("CONNECT", "example.com:443"), { path: "/example.com:443", query: "" });
  assert.equal(parseTarget("CONNECT", "/x"), "Invalid path in Request-URI: request-target must match authority-form.");
  assert.deepEqual(parseTarget("OPTIONS", "*"), { path: "*", query: "" });
  assert.equal(parseTarget("GET", "*"), "Invalid path in Request-URI.");
});

test("a fragment or a relative path is refused", () => {
  assert.equal(parseTarget("GET", "/a#b"), "Illegal #fragment in Request-URI.");
  assert.equal(parseTarget("GET", "a/b"), "Invalid path in Request-URI.");
});

test("atLeastHttp11 compares versions as numbers", () => {
  assert.equal(atLeastHttp11("HTTP/1.1"), true);
  assert.equal(atLeastHttp11("HTTP/2.0"), true);
  assert.equal(atLeastHttp11("HTTP/1.0"), false);
  assert.equal(atLeastHttp11("junk"), false);
});
