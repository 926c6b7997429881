import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { isWeakEtag, parseEtagList, strongEtag, strongMatch, weakEtag, weakMatch } from "../../src/http/etag.js";

describe("strongEtag(body) / weakEtag(body)", () => {
  it("is the quoted base64url SHA-1 of the bytes", () => {
    const expected = `"${createHash("sha1").update("Hello, world").digest("base64url")}"`;
    assert.equal(strongEtag("Hello, world"), expected);
    assert.equal(strongEtag(Buffer.from("Hello, world")), expected);
    assert.equal(strongEtag(new TextEncoder().encode("Hello, world")), expected);
  });
  it("has a fast path for the empty body with the same value", () => {
    assert.equal(strongEtag(""), '"2jmj7l5rSw0yVb_vlWAYkK_YBwk"');
    assert.equal(strongEtag(new Uint8Array(0)), '"2jmj7l5rSw0yVb_vlWAYkK_YBwk"');
  });
  it("hashes strings as UTF-8, so a unicode body gets a stable tag", () => {
    assert.equal(strongEtag("ünïcødé ✓"), strongEtag(Buffer.from("ünïcødé ✓", "utf8")));
    assert.notEqual(strongEtag("a"), strongEtag("b"));
  });
  it("weak tags carry W/", () => {
    assert.equal(weakEtag("x"), `W/${strongEtag("x")}`);
    assert.equal(isWeakEtag(weakEtag("x")), true);
    assert.equal(isWeakEtag(strongEtag("x")), false);
  });
  it("produces tags that parseEtagList accepts", () => {
    assert.deepEqual(parseEtagList(`${strongEtag("a")}, ${weakEtag("b")}`), [strongEtag("a"), weakEtag("b")]);
  });
});

describe("parseEtagList(header)", () => {
  const table: [string | undefined, string[] | "*" | undefined][] = [
    [undefined, undefined],
    ["", undefined],
    ["   ", undefined],
    ["*", "*"],
    [" * ", "*"],
    ['"xyzzy"', ['"xyzzy"']],
    ['"xyzzy", "r2d2xxxx", "c3piozzzz"', ['"xyzzy"', '"r2d2xxxx"', '"c3piozzzz"']],
    ['W/"xyzzy", W/"r2d2xxxx"', ['W/"xyzzy"', 'W/"r2d2xxxx"']],
    ['"a",W/"b" ,\t"c"', ['"a"', 'W/"b"', '"c"']],
    [',, "a" ,,, "b",', ['"a"', '"b"']],
    ['""', ['""']],
    ['"a,b", "c"', ['"a,b"', '"c"']],
    // junk entries are skipped
    ['xyzzy, "ok"', ['"ok"']],
    ['w/"lower", "ok"', ['"ok"']],
    ['"a"junk, "b"', ['"b"']],
    ['"a", *', ['"a"']],
    ['"a", "unterminated', ['"a"']],
    ['"a b", "c"', ['"c"']],
    ["junk", []],
    ['W/ "space"', []],
  ];
  for (const [header, expected] of table) {
    it(`${JSON.stringify(header)} → ${JSON.stringify(expected)}`, () => assert.deepEqual(parseEtagList(header), expected));
  }
});

describe("strongMatch / weakMatch (RFC 9110 §8.8.3.2 table)", () => {
  const table: [string, string, boolean, boolean][] = [
    ['W/"1"', 'W/"1"', false, true],
    ['W/"1"', 'W/"2"', false, false],
    ['W/"1"', '"1"', false, true],
    ['"1"', '"1"', true, true],
    ['"1"', 'W/"1"', false, true],
    ['"1"', '"2"', false, false],
  ];
  for (const [a, b, strong, weak] of table) {
    it(`${a} vs ${b}: strong ${strong}, weak ${weak}`, () => {
      assert.equal(strongMatch(a, b), strong);
      assert.equal(weakMatch(a, b), weak);
    });
  }
});
