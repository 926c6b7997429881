import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatMediaType, isJsonType, mediaTypeMatches, parseMediaType, type MediaType } from "../../src/http/media-types.js";

const plain = (m: MediaType | undefined) => (m === undefined ? undefined : { ...m, params: { ...m.params } });

describe("parseMediaType(value)", () => {
  const table: [string, MediaType | undefined][] = [
    ["text/html", { type: "text", subtype: "html", params: {} }],
    ["Text/HTML; Charset=UTF-8", { type: "text", subtype: "html", params: { charset: "UTF-8" } }],
    ['text/plain; charset="utf-8"', { type: "text", subtype: "plain", params: { charset: "utf-8" } }],
    ['text/plain;a=1 ;b="x;y" ; c="q\\"d\\\\"', { type: "text", subtype: "plain", params: { a: "1", b: "x;y", c: 'q"d\\' } }],
    ["application/problem+json", { type: "application", subtype: "problem+json", suffix: "json", params: {} }],
    ["application/vnd.api+json; version=2", { type: "application", subtype: "vnd.api+json", suffix: "json", params: { version: "2" } }],
    ["application/ld+json+xml", { type: "application", subtype: "ld+json+xml", suffix: "xml", params: {} }],
    ["application/x+", { type: "application", subtype: "x+", params: {} }],
    ["  text/html  ", { type: "text", subtype: "html", params: {} }],
    // lenient parameters
    ["text/html;", { type: "text", subtype: "html", params: {} }],
    ["text/html;; charset=utf-8", { type: "text", subtype: "html", params: { charset: "utf-8" } }],
    ["text/html; charset=a; charset=b", { type: "text", subtype: "html", params: { charset: "a" } }],
    ["text/html; broken; charset=utf-8", { type: "text", subtype: "html", params: {} }],
    ["text/html; a=1; b=\"unterminated", { type: "text", subtype: "html", params: { a: "1" } }],
    ["text/html; a=x y", { type: "text", subtype: "html", params: {} }],
    // invalid
    ["", undefined],
    ["text", undefined],
    ["text/", undefined],
    ["/html", undefined],
    ["text/html garbage", undefined],
    ["text /html", undefined],
    ["te xt/html", undefined],
    ["text/html/x", undefined],
  ];
  for (const [value, expected] of table) {
    it(`${JSON.stringify(value)}`, () => assert.deepEqual(plain(parseMediaType(value)), expected));
  }
  it("returns a null-prototype params object", () => {
    const m = parseMediaType("a/b; __proto__=x; constructor=y")!;
    assert.equal(Object.getPrototypeOf(m.params), null);
    assert.equal(m.params["__proto__"], "x");
    assert.equal(m.params["constructor"], "y");
  });
});

describe("formatMediaType(mediaType)", () => {
  it("formats type, subtype and params, quoting when needed", () => {
    assert.equal(formatMediaType({ type: "text", subtype: "html" }), "text/html");
    assert.equal(formatMediaType({ type: "text", subtype: "html", params: { charset: "utf-8" } }), "text/html; charset=utf-8");
    assert.equal(formatMediaType({ type: "a", subtype: "b", params: { x: "a b", y: 'q"\\', z: "" } }), 'a/b; x="a b"; y="q\\"\\\\"; z=""');
  });
  it("round-trips with parseMediaType", () => {
    const m = parseMediaType('multipart/form-data; boundary="--- x ---"')!;
    assert.equal(formatMediaType(m), 'multipart/form-data; boundary="--- x ---"');
    assert.deepEqual(plain(parseMediaType(formatMediaType(m))), plain(m));
  });
  it("throws for invalid names and control characters", () => {
    assert.throws(() => formatMediaType({ type: "te xt", subtype: "html" }), TypeError);
    assert.throws(() => formatMediaType({ type: "text", subtype: "" }), TypeError);
    assert.throws(() => formatMediaType({ type: "text", subtype: "html", params: { "a b": "1" } }), TypeError);
    assert.throws(() => formatMediaType({ type: "text", subtype: "html", params: { a: "x\r\ny" } }), TypeError);
  });
});

describe("mediaTypeMatches(pattern, value)", () => {
  const table: [string, string, boolean][] = [
    ["text/html", "text/html", true],
    ["text/html", "TEXT/Html; charset=utf-8", true],
    ["text/html", "text/plain", false],
    ["text/*", "text/plain", true],
    ["text/*", "application/json", false],
    ["*/*", "image/png", true],
    ["application/*+json", "application/problem+json", true],
    ["application/*+json", "application/vnd.api+json; v=1", true],
    ["application/*+json", "application/json", false],
    ["application/*+json", "text/x+json", false],
    ["application/*+xml", "application/atom+xml", true],
    ["application/json; charset=utf-8", "application/json", true],
    ["*/html", "text/html", false],
    ["text/html", "garbage", false],
    ["garbage", "text/html", false],
  ];
  for (const [pattern, value, expected] of table) {
    it(`${pattern} vs ${value} → ${expected}`, () => assert.equal(mediaTypeMatches(pattern, value), expected));
  }
});

describe("isJsonType(value)", () => {
  const table: [string, boolean][] = [
    ["application/json", true],
    ["Application/JSON; charset=utf-8", true],
    ["application/problem+json", true],
    ["application/vnd.api+json", true],
    ["text/json", false],
    ["text/javascript", false],
    ["application/jsonx", false],
    ["application/json-seq", false],
    ["", false],
  ];
  for (const [value, expected] of table) {
    it(`${JSON.stringify(value)} → ${expected}`, () => assert.equal(isJsonType(value), expected));
  }
});
