import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CookieSyntaxError, expiredCookie, parseCookieHeader, serializeCookie } from "../../src/http/cookies.js";

const entries = (m: Map<string, string>) => [...m.entries()];

describe("parseCookieHeader(header)", () => {
  it("parses a cookie-string", () => {
    assert.deepEqual(entries(parseCookieHeader("a=1; b=2")), [["a", "1"], ["b", "2"]]);
  });
  it("returns an empty map for no header or an empty one", () => {
    assert.equal(parseCookieHeader(undefined).size, 0);
    assert.equal(parseCookieHeader("").size, 0);
    assert.equal(parseCookieHeader("  ").size, 0);
  });
  it("unwraps DQUOTEs", () => {
    assert.deepEqual(entries(parseCookieHeader('a="hello"; b=""; c="')), [["a", "hello"], ["b", ""], ["c", '"']]);
  });
  it("keeps the first of duplicate names", () => {
    assert.deepEqual(entries(parseCookieHeader("sid=specific; sid=general; x=1")), [["sid", "specific"], ["x", "1"]]);
  });
  it("keeps values raw (no percent-decoding) and keeps '=' inside values", () => {
    assert.deepEqual(entries(parseCookieHeader("a=hello%20world; b=x=y==")), [["a", "hello%20world"], ["b", "x=y=="]]);
  });
  it("tolerates whitespace, empty segments and a trailing ';'", () => {
    assert.deepEqual(entries(parseCookieHeader(" a = 1 ;;\tb=2;")), [["a", "1"], ["b", "2"]]);
  });
  it("accepts empty values", () => {
    assert.deepEqual(entries(parseCookieHeader("a=; b=2")), [["a", ""], ["b", "2"]]);
  });
  it("skips a segment without '=' (document.cookie = 'x')", () => {
    assert.deepEqual(entries(parseCookieHeader("flag; a=1")), [["a", "1"]]);
  });
  it("merged Cookie lines (joined by '; ') read as one", () => {
    assert.deepEqual(entries(parseCookieHeader(["a=1", "b=2"].join("; "))), [["a", "1"], ["b", "2"]]);
  });
  const malformed = ["a,b=1", "na me=1", "a=1; bad,name=2", '"q"=1', "=novalue", "a=1\r\nb=2", "a=\x00", "(x)=1", "x\x7f", "\na=1", "a\r=1"];
  for (const header of malformed) {
    it(`throws CookieSyntaxError for ${JSON.stringify(header)}`, () => {
      assert.throws(() => parseCookieHeader(header), (err: unknown) => {
        assert.ok(err instanceof CookieSyntaxError);
        assert.ok(err instanceof SyntaxError);
        assert.equal(err.code, "ERR_COOKIE_SYNTAX");
        assert.equal(err.name, "CookieSyntaxError");
        return true;
      });
    });
  }
});

describe("serializeCookie(name, value, options)", () => {
  it("writes name=value", () => {
    assert.equal(serializeCookie("a", "1"), "a=1");
    assert.equal(serializeCookie("a", ""), "a=");
    assert.equal(serializeCookie("a", '"quoted"'), 'a="quoted"');
  });
  it("writes every attribute", () => {
    assert.equal(
      serializeCookie("sid", "abc", {
        maxAge: 3600.9,
        domain: "example.com",
        path: "/app",
        expires: new Date(Date.UTC(1994, 10, 6, 8, 49, 37)),
        httpOnly: true,
        secure: true,
        partitioned: true,
        priority: "High",
        sameSite: "None",
      }),
      "sid=abc; Max-Age=3600; Domain=example.com; Path=/app; Expires=Sun, 06 Nov 1994 08:49:37 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=None",
    );
  });
  it("writes SameSite=Lax and false flags as nothing", () => {
    assert.equal(serializeCookie("a", "1", { sameSite: "Lax", httpOnly: false, secure: false }), "a=1; SameSite=Lax");
  });
  it("writes a negative Max-Age as given", () => {
    assert.equal(serializeCookie("a", "1", { maxAge: -1 }), "a=1; Max-Age=-1");
  });
  const bad: [string, () => string, RegExp][] = [
    ["comma in name", () => serializeCookie("a,b", "1"), /name "a,b" is not a token/],
    ["empty name", () => serializeCookie("", "1"), /not a token/],
    ["space in value", () => serializeCookie("a", "x y"), /value contains a character/],
    ["semicolon in value", () => serializeCookie("a", "x;y"), /value/],
    ["comma in value", () => serializeCookie("a", "x,y"), /value/],
    ["CRLF in value", () => serializeCookie("a", "x\r\nSet-Cookie: y=1"), /value/],
    ["non-ASCII value", () => serializeCookie("a", "é"), /value/],
    ["lone quote", () => serializeCookie("a", '"x'), /value/],
    ["; in path", () => serializeCookie("a", "1", { path: "/x; Domain=evil" }), /path/],
    ["CR in domain", () => serializeCookie("a", "1", { domain: "a.com\r\nX: y" }), /domain/],
    ["empty domain", () => serializeCookie("a", "1", { domain: "" }), /domain/],
    ["NaN maxAge", () => serializeCookie("a", "1", { maxAge: Number.NaN }), /maxAge/],
    ["invalid expires", () => serializeCookie("a", "1", { expires: new Date("x") }), /expires/],
    ["bad sameSite", () => serializeCookie("a", "1", { sameSite: "lax" as "Lax" }), /sameSite/],
    ["bad priority", () => serializeCookie("a", "1", { priority: "Urgent" as "High" }), /priority/],
    ["SameSite=None without Secure", () => serializeCookie("a", "1", { sameSite: "None" }), /requires secure/],
    ["Partitioned without Secure", () => serializeCookie("a", "1", { partitioned: true }), /requires secure/],
    ["__Secure- without Secure", () => serializeCookie("__Secure-a", "1"), /__Secure-/],
    ["__Host- with domain", () => serializeCookie("__Host-a", "1", { secure: true, path: "/", domain: "x.com" }), /__Host-/],
    ["__Host- without path /", () => serializeCookie("__host-a", "1", { secure: true }), /__Host-/],
  ];
  for (const [label, call, message] of bad) {
    it(`throws a TypeError for ${label}`, () => assert.throws(call, (err: unknown) => err instanceof TypeError && message.test(err.message)));
  }
  it("accepts valid prefixed cookies", () => {
    assert.equal(serializeCookie("__Host-sid", "1", { secure: true, path: "/" }), "__Host-sid=1; Path=/; Secure");
    assert.equal(serializeCookie("__Secure-sid", "1", { secure: true }), "__Secure-sid=1; Secure");
  });
  it("round-trips through parseCookieHeader", () => {
    const header = serializeCookie("sid", '"v1"', { path: "/" }).split(";")[0]!;
    assert.equal(parseCookieHeader(header).get("sid"), "v1");
  });
});

describe("expiredCookie(name, options)", () => {
  it("expires the cookie with Max-Age=0 and an Expires in the past", () => {
    assert.equal(expiredCookie("sid"), "sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  });
  it("keeps path and domain so the browser matches the cookie", () => {
    assert.equal(
      expiredCookie("sid", { path: "/app", domain: "example.com", httpOnly: true }),
      "sid=; Max-Age=0; Domain=example.com; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly",
    );
  });
  it("validates the name", () => {
    assert.throws(() => expiredCookie("a b"), TypeError);
  });
});
