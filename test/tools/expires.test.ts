// expires: Expires / Cache-Control / Pragma for cacheable responses (CherryPy's test_caching testExpiresTool).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { httpDate, parseHttpDate } from "../../src/http/dates.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { PAST_EXPIRES } from "../../src/tools/expires.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";
import type { SectionConfig } from "../../src/config/types.js";

/** Config with a deliberately wrong value, past the compile-time types (as a config file would give it). */
const untyped = (section: Record<string, unknown>): SectionConfig => section as SectionConfig;

class Root {
  @expose plain() {
    return "nothing says I am cacheable";
  }

  @expose cacheable(_p: Params, ctx: Context) {
    ctx.response.headers.set("ETag", '"bibbitybobbityboo"');
    return "Hi, I'm cacheable.";
  }

  @expose dynamic(_p: Params, ctx: Context) {
    ctx.response.headers.set("ETag", '"bibbitybobbityboo"');
    ctx.response.headers.set("Cache-Control", "private");
    return "D-d-d-dynamic!";
  }

  @expose @configure({ "tools.expires.secs": 86400 }) specific(_p: Params, ctx: Context) {
    ctx.response.headers.set("ETag", '"need_this_to_make_me_cacheable"');
    return "I am being specific";
  }

  @expose @configure({ "tools.expires.secs": 0 }) nocache(_p: Params, ctx: Context) {
    ctx.response.headers.set("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
    return "fresh every time";
  }

  @expose indicators(params: Params, ctx: Context) {
    ctx.response.headers.set(String(params.name), String(params.value));
    return "indicated";
  }

  @expose @configure({ "tools.etags.on": true, "tools.etags.autotags": true }) autotagged() {
    return "tagged at 75";
  }

  @expose @configure({ "tools.etags.on": true, "tools.etags.autotags": true, "tools.expires.priority": 80 }) autotaggedLater() {
    return "tagged at 75";
  }
}

function site(section: Record<string, unknown>) {
  const { tree } = quietTree();
  tree.mount(new Root(), "", { "/": { "tools.expires.on": true, "tools.expires.secs": 60, ...section } });
  return tree;
}

const normal = site({});
const forced = site({ "tools.expires.force": true, "tools.expires.secs": 0 });

/** Expires must be the response time plus secs: between the request's start and end, at one-second precision. */
async function assertExpiresIn(secs: number, run: () => ReturnType<typeof inject>) {
  const before = Math.floor(Date.now() / 1000) * 1000;
  const res = await run();
  const after = Date.now();
  const expires = parseHttpDate(res.headers.get("expires"));
  assert.ok(expires !== undefined, `Expires: ${res.headers.get("expires")}`);
  assert.ok(expires >= before + secs * 1000 && expires <= after + secs * 1000, `Expires ${httpDate(expires)} is not ${secs}s after the response`);
  return res;
}

test("a response with no ETag, Last-Modified, Age or Expires is left alone", async () => {
  const res = await inject(normal, { url: "/plain" });
  assert.equal(res.status, 200);
  for (const name of ["expires", "cache-control", "pragma"]) assert.equal(res.headers.has(name), false, name);
});

test("secs > 0: Expires = response time + secs and Cache-Control: max-age=secs; no Pragma", async () => {
  const res = await assertExpiresIn(60, () => inject(normal, { url: "/cacheable" }));
  assert.equal(res.headers.get("cache-control"), "max-age=60");
  assert.equal(res.headers.has("pragma"), false);
  const specific = await assertExpiresIn(86400, () => inject(normal, { url: "/specific" }));
  assert.equal(specific.headers.get("cache-control"), "max-age=86400");
});

test("each indicator makes a response cacheable: ETag, Last-Modified, Age, Expires", async () => {
  for (const [name, value] of [["ETag", '"x"'], ["Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT"], ["Age", "3"]]) {
    const res = await assertExpiresIn(60, () => inject(normal, { url: `/indicators?name=${name}&value=${encodeURIComponent(value!)}` }));
    assert.equal(res.headers.get("cache-control"), "max-age=60", name);
  }
  // An Expires already set is kept, and it still counts as an indicator for Cache-Control.
  const expires = await inject(normal, { url: `/indicators?name=Expires&value=${encodeURIComponent("Thu, 01 Jan 2037 00:00:00 GMT")}` });
  assert.equal(expires.headers.get("expires"), "Thu, 01 Jan 2037 00:00:00 GMT");
  assert.equal(expires.headers.get("cache-control"), "max-age=60");
});

test("Cache-Control 'private' survives without force and is overwritten with force", async () => {
  const kept = await assertExpiresIn(60, () => inject(normal, { url: "/dynamic" }));
  assert.equal(kept.text, "D-d-d-dynamic!");
  assert.equal(kept.headers.get("cache-control"), "private");
  assert.equal(kept.headers.has("pragma"), false);

  const overwritten = await inject(forced, { url: "/dynamic" });
  assert.equal(overwritten.text, "D-d-d-dynamic!");
  assert.equal(overwritten.headers.get("pragma"), "no-cache");
  assert.equal(overwritten.headers.get("cache-control"), "no-cache, must-revalidate");
  assert.equal(overwritten.headers.get("expires"), PAST_EXPIRES);
});

test("secs = 0: Pragma no-cache, Cache-Control no-cache, must-revalidate and Expires in 2007", async () => {
  const res = await inject(normal, { url: "/nocache" });
  assert.equal(res.headers.get("pragma"), "no-cache");
  assert.equal(res.headers.get("cache-control"), "no-cache, must-revalidate");
  assert.equal(res.headers.get("expires"), "Sun, 28 Jan 2007 00:00:00 GMT");
});

test("force: every response gets the headers, even with no indicator", async () => {
  for (const url of ["/plain", "/cacheable"]) {
    const res = await inject(forced, { url });
    assert.equal(res.headers.get("pragma"), "no-cache", url);
    assert.equal(res.headers.get("cache-control"), "no-cache, must-revalidate", url);
    assert.equal(res.headers.get("expires"), PAST_EXPIRES, url);
  }
  const existing = await inject(forced, { url: `/indicators?name=Expires&value=${encodeURIComponent("Thu, 01 Jan 2037 00:00:00 GMT")}` });
  assert.equal(existing.headers.get("expires"), PAST_EXPIRES);
});

test("HTTP/1.0 gets no Cache-Control (it is HTTP/1.1), only Pragma and Expires", async () => {
  const zero = await inject(forced, { url: "/plain", protocol: "HTTP/1.0" });
  assert.equal(zero.headers.get("pragma"), "no-cache");
  assert.equal(zero.headers.has("cache-control"), false);
  assert.equal(zero.headers.get("expires"), PAST_EXPIRES);
  const sixty = await assertExpiresIn(60, () => inject(normal, { url: "/cacheable", protocol: "HTTP/1.0" }));
  assert.equal(sixty.headers.has("cache-control"), false);
});

test("errors are not given caching headers", async () => {
  const res = await inject(forced, { url: "/missing" });
  assert.equal(res.status, 404);
  for (const name of ["expires", "cache-control", "pragma"]) assert.equal(res.headers.has(name), false, name);
});

/** The strong ETag autotags gives "tagged at 75": the base64url SHA-1 of its bytes. */
const TAGGED_ETAG = '"qlh_ka3eD1lryaolYxdEitfDY18"';

test("at 50 the tool runs before autotags (75); moved after it, the ETag makes the response cacheable", async () => {
  const early = await inject(normal, { url: "/autotagged" });
  assert.equal(early.text, "tagged at 75");
  assert.equal(early.headers.get("etag"), TAGGED_ETAG);
  for (const name of ["expires", "cache-control", "pragma"]) assert.equal(early.headers.has(name), false, name);
  const later = await assertExpiresIn(60, () => inject(normal, { url: "/autotaggedLater" }));
  assert.equal(later.headers.get("etag"), TAGGED_ETAG);
  assert.equal(later.headers.get("cache-control"), "max-age=60");
});

test("a 304 from the etags tool keeps Expires and Cache-Control", async (t) => {
  // A fixed clock, so that the 200 and the 304 are made at the same instant.
  const now = Date.UTC(2030, 5, 15, 8, 0, 0, 500);
  t.mock.method(Date, "now", () => now);
  const first = await inject(normal, { url: "/autotaggedLater" });
  assert.equal(first.headers.get("expires"), "Sat, 15 Jun 2030 08:01:00 GMT");
  const revalidated = await inject(normal, { url: "/autotaggedLater", headers: { "if-none-match": TAGGED_ETAG } });
  assert.equal(revalidated.status, 304);
  assert.equal(revalidated.body.length, 0);
  assert.equal(revalidated.headers.get("etag"), TAGGED_ETAG);
  assert.equal(revalidated.headers.get("cache-control"), "max-age=60");
  assert.equal(revalidated.headers.get("expires"), "Sat, 15 Jun 2030 08:01:00 GMT");
});

test("secs must be a whole number of seconds and force a boolean", () => {
  const { tree } = quietTree();
  assert.throws(() => tree.mount(new Root(), "", { "/": untyped({ "tools.expires.on": true, "tools.expires.secs": "60" }) }), /secs.*whole number of seconds/s);
  assert.throws(() => tree.mount(new Root(), "", { "/": { "tools.expires.on": true, "tools.expires.secs": -1 } }), /whole number of seconds/);
  assert.throws(() => tree.mount(new Root(), "", { "/": { "tools.expires.on": true, "tools.expires.secs": 1.5 } }), /whole number of seconds/);
  assert.throws(() => tree.mount(new Root(), "", { "/": untyped({ "tools.expires.on": true, "tools.expires.force": 1 }) }), /force.*expected a boolean/s);
});
