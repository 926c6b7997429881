import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FormDecodeError, parseUrlencoded, type FormParams } from "../../src/http/forms.js";

const plain = (o: FormParams) => ({ ...o });

describe("parseUrlencoded(text, into)", () => {
  const table: [string, FormParams][] = [
    ["", {}],
    ["a=1&b=2", { a: "1", b: "2" }],
    ["a=1&a=2&b=x&a=3", { a: ["1", "2", "3"], b: "x" }],
    ["q=x+y%20z", { q: "x y z" }],
    ["na+me=v", { "na me": "v" }],
    ["%E2%9C%93=%C3%BC", { "✓": "ü" }],
    ["a%2Bb=c%26d%3De", { "a+b": "c&d=e" }],
    ["a", { a: "" }],
    ["a=", { a: "" }],
    ["=x", { "": "x" }],
    ["a=1&&b=2&", { a: "1", b: "2" }],
    ["&&&", {}],
    ["a=b=c", { a: "b=c" }],
    ["a[1]=x&a[2]=y", { "a[1]": "x", "a[2]": "y" }],
    ["a=%41%42", { a: "AB" }],
  ];
  for (const [text, expected] of table) {
    it(`${JSON.stringify(text)}`, () => assert.deepEqual(plain(parseUrlencoded(text)), expected));
  }

  it("returns a null-prototype object where __proto__ and constructor are data", () => {
    const out = parseUrlencoded("__proto__=x&constructor=y&hasOwnProperty=z&toString=w");
    assert.equal(Object.getPrototypeOf(out), null);
    assert.deepEqual(Object.keys(out), ["__proto__", "constructor", "hasOwnProperty", "toString"]);
    assert.equal(out["__proto__"], "x");
    assert.equal(out["constructor"], "y");
    assert.equal(({} as Record<string, unknown>)["x"], undefined); // Object.prototype untouched
  });

  it("throws FormDecodeError with the key for bad percent-encoding", () => {
    const cases: [string, string][] = [
      ["a=1&b=%zz", "b"],
      ["bad=%", "bad"],
      ["x=%E2%9C", "x"],
      ["k=%ff", "k"],
      ["%zz=1", "%zz"],
      ["a%20b=%", "a b"],
    ];
    for (const [text, key] of cases) {
      assert.throws(() => parseUrlencoded(text), (err: unknown) => {
        assert.ok(err instanceof FormDecodeError, text);
        assert.ok(err instanceof URIError);
        assert.equal(err.key, key);
        assert.equal(err.code, "ERR_FORM_DECODE");
        assert.equal(err.name, "FormDecodeError");
        return true;
      });
    }
  });

  it("merges into an existing object, turning shared keys into arrays", () => {
    const query: FormParams = Object.create(null);
    parseUrlencoded("a=1&b=2", query);
    const merged = parseUrlencoded("a=3&c=4&b=5&b=6", query);
    assert.equal(merged, query);
    assert.deepEqual(plain(merged), { a: ["1", "3"], b: ["2", "5", "6"], c: "4" });
  });

  it("writes own data properties into an object that has a prototype", () => {
    const into: FormParams = {};
    parseUrlencoded("__proto__=x&toString=y", into);
    assert.equal(Object.getPrototypeOf(into), Object.prototype);
    assert.ok(Object.hasOwn(into, "__proto__"));
    assert.equal(Object.getOwnPropertyDescriptor(into, "__proto__")?.value, "x");
    assert.equal(into["toString"], "y");
  });
});
