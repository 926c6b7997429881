// caching: the response cache (CherryPy's test_caching: testCaching, testVaryHeader, testLastModified,
// test_cache_control, test_antistampede), plus the store interface and what is never stored.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { setImmediate as tick } from "node:timers/promises";
import { gunzipSync } from "node:zlib";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { tools } from "../../src/tools/toolbox.js";
import { MemoryStore, type CacheEntry, type CacheStore } from "../../src/tools/caching/store.js";
import { MethodDispatcher } from "../../src/dispatch/method.js";
import { HTTPError, InternalRedirect } from "../../src/request/errors.js";
import { httpDate } from "../../src/http/dates.js";
import { ConfigError } from "../../src/config/errors.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject, serve, type InjectOptions, type InjectResponse } from "../../src/testing/index.js";
import { httpGet, quietTree, rawExchange, within } from "../request/support.js";

/** A promise the test resolves by hand, to hold a handler until the test says so. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Yields to the event loop until `done()` or 200 turns have passed. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await tick();
  assert.ok(done(), "the condition never became true");
}

/** Asserts the Content-Length header matches the body received. */
function assertLength(res: InjectResponse): void {
  assert.equal(res.headers.get("Content-Length"), String(res.body.length));
}

/** A MemoryStore seen through async methods (as a Redis store would be), counting calls. */
class AsyncStore implements CacheStore {
  readonly inner = new MemoryStore();
  varyCalls = 0;
  async varyOf(uri: string) {
    this.varyCalls++;
    return this.inner.varyOf(uri);
  }
  async get(uri: string, variant: string) {
    return this.inner.get(uri, variant);
  }
  async set(uri: string, variant: string, entry: CacheEntry) {
    this.inner.set(uri, variant, entry);
  }
  async delete(uri: string) {
    this.inner.delete(uri);
  }
  async clear() {
    this.inner.clear();
  }
}

let visits = 0;
let control = 0;
let varying = 0;
let jsonVisits = 0;
const counters = new Map<string, number>();
const bump = (name: string) => {
  const n = (counters.get(name) ?? 0) + 1;
  counters.set(name, n);
  return n;
};
const GIF = Buffer.from("GIF89a\x01\x00\x01\x00\x00\xff\x00,", "latin1");
const LAST_MODIFIED = httpDate(Date.UTC(2024, 4, 1, 12, 0, 0));

@expose
class Resource {
  GET() {
    return `resource #${bump("resource")}`;
  }
  @configure({ "response.headers.X-Posted": "yes" })
  POST() {
    return "posted";
  }
}

class Root {
  resource = new Resource();

  @expose index() {
    return `visit #${++visits}`;
  }

  @expose control() {
    return `visit #${++control}`;
  }

  @expose @configure({ "tools.gzip.on": false }) varying(_p: Params, ctx: Context) {
    ctx.response.headers.set("Vary", "Our-Varying-Header");
    return `visit #${++varying}`;
  }

  @expose aGif(_p: Params, ctx: Context) {
    ctx.response.headers.set("Last-Modified", LAST_MODIFIED);
    ctx.response.headers.set("ETag", '"gif-1"');
    ctx.response.headers.set("Content-Type", "image/gif");
    return GIF;
  }

  @expose @tools.jsonOut() json() {
    return { visit: ++jsonVisits, list: [1, "two"] };
  }

  @expose item({ n }: Params) {
    return `item ${String(n)} #${bump(`item${String(n)}`)}`;
  }

  @expose priv(_p: Params, ctx: Context) {
    ctx.response.headers.set("Cache-Control", "private");
    return `private #${bump("priv")}`;
  }

  @expose noStore(_p: Params, ctx: Context) {
    ctx.response.headers.set("Cache-Control", "no-store");
    return `no-store #${bump("noStore")}`;
  }

  @expose maxAge(_p: Params, ctx: Context) {
    ctx.response.headers.set("Cache-Control", "max-age=0");
    return `max-age #${bump("maxAge")}`;
  }

  @expose publicAuth(_p: Params, ctx: Context) {
    if (ctx.request.headers.get("Authorization") === "yes") ctx.response.headers.set("Cache-Control", "public");
    return `auth #${bump("auth")}`;
  }

  @expose star(_p: Params, ctx: Context) {
    ctx.response.headers.set("Vary", "*");
    return `star #${bump("star")}`;
  }

  @expose cookie(_p: Params, ctx: Context) {
    ctx.response.cookies.set("session", "abc");
    return `cookie #${bump("cookie")}`;
  }

  @expose big() {
    return `big #${bump("big")} ${"x".repeat(100)}`;
  }

  @expose missing() {
    bump("missing");
    throw new HTTPError(404, "not here");
  }

  @expose created(_p: Params, ctx: Context) {
    ctx.response.status = 201;
    return `created #${bump("created")}`;
  }

  @expose @configure({ "response.stream": true }) *streamed() {
    yield `streamed #${bump("streamed")}`;
  }

  @expose optOut(_p: Params, ctx: Context) {
    const seen = `${ctx.request.cached}/${ctx.request.cacheable}`;
    ctx.request.cacheable = false;
    return `opt-out #${bump("optOut")} ${seen}`;
  }

  @expose flags(_p: Params, ctx: Context) {
    return `flags ${ctx.request.cached}/${ctx.request.cacheable} #${bump("flags")}`;
  }

  @expose empty() {
    bump("empty");
    return "";
  }
}

const { tree } = quietTree();
tree.mount(new Root(), "", {
  "/": { "tools.caching.on": true, "tools.gzip.on": true, "tools.gzip.minLength": 0 },
  "/item": { "tools.caching.maxobjects": 2, "tools.gzip.on": false },
  "/big": { "tools.caching.maxobjSize": 50 },
  "/resource": { "request.dispatch": new MethodDispatcher() },
});
const get = (url: string, headers: Record<string, string> = {}, method = "GET") => inject(tree, { url, method, headers });

test("ten GETs give visit #1 with a non-decreasing Age; unsafe methods invalidate", async () => {
  let age = 0;
  for (let trial = 0; trial < 10; trial++) {
    const res = await get("/");
    assert.equal(res.status, 200);
    assert.equal(res.text, "visit #1");
    assertLength(res);
    if (trial === 0) assert.equal(res.headers.has("Age"), false);
    else {
      const now = Number(res.headers.get("Age"));
      assert.ok(Number.isInteger(now) && now >= age, `Age ${res.headers.get("Age")} after ${age}`);
      age = now;
    }
  }
  const posted = await get("/", {}, "POST");
  assert.equal(posted.text, "visit #2");
  assert.equal(posted.headers.get("Vary"), "Accept-Encoding");
  assert.equal(posted.headers.has("Age"), false);
  assert.equal((await get("/")).text, "visit #3");
  const cached = await get("/");
  assert.equal(cached.text, "visit #3");
  assert.match(cached.headers.get("Age") ?? "", /^\d+$/);
  assert.equal((await get("/", {}, "DELETE")).text, "visit #4");
  assert.equal((await get("/")).text, "visit #5");
  assert.equal((await get("/", {}, "PUT")).text, "visit #6");
  assert.equal((await get("/", {}, "PATCH")).text, "visit #7");
  assert.equal((await get("/")).text, "visit #8");
  assert.equal((await get("/")).text, "visit #8");
});

test("with gzip, the gzip and identity variants are cached separately with consistent lengths", async () => {
  await get("/", {}, "DELETE");
  const before = visits;
  const gzip = { "Accept-Encoding": "gzip" };
  const first = await get("/", gzip);
  assert.equal(first.headers.get("Content-Encoding"), "gzip");
  assert.equal(first.headers.get("Vary"), "Accept-Encoding");
  assert.equal(gunzipSync(first.body).toString(), `visit #${before + 1}`);
  assertLength(first);
  // The second gzip request is served from the cache, gzipped once only.
  const second = await get("/", gzip);
  assert.equal(second.headers.get("Content-Encoding"), "gzip");
  assert.equal(second.headers.has("Age"), true);
  assert.equal(gunzipSync(second.body).toString(), `visit #${before + 1}`);
  assertLength(second);
  assert.deepEqual(second.body, first.body);
  // A client that does not accept gzip selects another variant.
  const plain = await get("/");
  assert.equal(plain.headers.has("Content-Encoding"), false);
  assert.equal(plain.headers.get("Vary"), "Accept-Encoding");
  assert.equal(plain.text, `visit #${before + 2}`);
  assertLength(plain);
  const plainAgain = await get("/");
  assert.equal(plainAgain.text, `visit #${before + 2}`);
  assert.equal(plainAgain.headers.has("Age"), true);
  assertLength(plainAgain);
  // Storing the identity variant did not evict the gzip one.
  const third = await get("/", gzip);
  assert.equal(gunzipSync(third.body).toString(), `visit #${before + 1}`);
  assert.equal(third.headers.has("Age"), true);
  assertLength(third);
});

test("a custom Vary header makes variants that do not evict each other", async () => {
  const one = { "Our-Varying-Header": "request 1" };
  const two = { "Our-Varying-Header": "request 2" };
  const res = await get("/varying", one);
  assert.equal(res.headers.get("Vary"), "Our-Varying-Header");
  assert.equal(res.text, "visit #1");
  assert.equal((await get("/varying", two)).text, "visit #2");
  assert.equal((await get("/varying", two)).text, "visit #2");
  assert.equal((await get("/varying")).text, "visit #3");
  assert.equal((await get("/varying")).text, "visit #3");
  const again = await get("/varying", one);
  assert.equal(again.text, "visit #1");
  assert.equal(again.headers.get("Vary"), "Our-Varying-Header");
  assert.equal(again.headers.has("Age"), true);
  assert.equal((await get("/varying", two)).text, "visit #2");
});

test("Last-Modified plus If-Modified-Since on a cached entry gives 304 with Age and without Last-Modified", async () => {
  const first = await get("/aGif");
  assert.equal(first.status, 200);
  assert.deepEqual(first.body, GIF);
  assert.equal(first.headers.get("Last-Modified"), LAST_MODIFIED);
  const second = await get("/aGif");
  assert.equal(second.status, 200);
  assert.deepEqual(second.body, GIF);
  assert.equal(second.headers.get("Last-Modified"), LAST_MODIFIED);
  assert.equal(second.headers.get("Content-Type"), "image/gif");
  assert.equal(second.headers.has("Age"), true);
  const notModified = await get("/aGif", { "If-Modified-Since": LAST_MODIFIED });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body.length, 0);
  assert.equal(notModified.headers.has("Last-Modified"), false);
  assert.equal(notModified.headers.has("Content-Type"), false);
  assert.equal(notModified.headers.has("Age"), true);
  assert.equal(notModified.headers.get("ETag"), '"gif-1"');
  // An older date, and a tag that does not match, get the whole response.
  const older = await get("/aGif", { "If-Modified-Since": httpDate(Date.UTC(2024, 3, 1)) });
  assert.equal(older.status, 200);
  assert.deepEqual(older.body, GIF);
  assert.equal((await get("/aGif", { "If-None-Match": '"gif-1"' })).status, 304);
  assert.equal((await get("/aGif", { "If-None-Match": '"other"' })).status, 200);
});

test("request Cache-Control and Pragma: no-cache refresh, max-age=0 recomputes, malformed max-age is 400", async () => {
  assert.equal((await get("/control")).text, "visit #1");
  assert.equal((await get("/control")).text, "visit #1");
  assert.equal((await get("/control", { "Cache-Control": "no-cache" })).text, "visit #2");
  assert.equal((await get("/control")).text, "visit #2");
  assert.equal((await get("/control", { Pragma: "no-cache" })).text, "visit #3");
  assert.equal((await get("/control")).text, "visit #3");
  assert.equal((await get("/control", { "Cache-Control": "max-age=0" })).text, "visit #4");
  assert.equal((await get("/control")).text, "visit #4");
  assert.equal((await get("/control", { "Cache-Control": "max-age=600" })).text, "visit #4");
  assert.equal((await get("/control", { "Cache-Control": 'max-age="600"' })).text, "visit #4");
  for (const value of ["max-age=abc", "max-age=-1", "max-age", "max-age=1.5", "no-transform, max-age=", "min-fresh=x"]) {
    const res = await get("/control", { "Cache-Control": value });
    assert.equal(res.status, 400, value);
    assert.match(res.text, /Invalid Cache-Control header/);
  }
  assert.equal(control, 4);
});

test("a request with no-store is not stored; only-if-cached answers 504 on a miss", async () => {
  assert.equal((await get("/flags?x=nostore", { "Cache-Control": "no-store" })).text, "flags false/false #1");
  assert.equal((await get("/flags?x=nostore")).text, "flags false/true #2");
  // no-store does not keep a stored response from being used.
  assert.equal((await get("/flags?x=nostore", { "Cache-Control": "no-store" })).text, "flags false/true #2");
  const missed = await get("/flags?x=only", { "Cache-Control": "only-if-cached" });
  assert.equal(missed.status, 504);
  assert.equal((await get("/flags?x=nostore", { "Cache-Control": "only-if-cached" })).text, "flags false/true #2");
});

test("responses that say private, no-store or no freshness, set cookies or vary on * are not stored", async () => {
  for (const [path, label] of [["/priv", "private"], ["/noStore", "no-store"], ["/maxAge", "max-age"], ["/star", "star"], ["/cookie", "cookie"]] as const) {
    assert.equal((await get(path)).text, `${label} #1`);
    const again = await get(path);
    assert.equal(again.text, `${label} #2`);
    assert.equal(again.headers.has("Age"), false);
  }
});

test("a response to a request with Authorization is stored only when it says public", async () => {
  assert.equal((await get("/publicAuth?a=1", { Authorization: "secret" })).text, "auth #1");
  assert.equal((await get("/publicAuth?a=1", { Authorization: "secret" })).text, "auth #2");
  assert.equal((await get("/publicAuth?a=2", { Authorization: "yes" })).text, "auth #3");
  assert.equal((await get("/publicAuth?a=2", { Authorization: "yes" })).text, "auth #3");
});

test("only buffered 200s are stored: errors, other statuses and streams are computed each time", async () => {
  assert.equal((await get("/missing")).status, 404);
  assert.equal((await get("/missing")).status, 404);
  assert.equal(counters.get("missing"), 2);
  assert.equal((await get("/created")).text, "created #1");
  assert.equal((await get("/created")).text, "created #2");
  assert.equal((await get("/streamed")).text, "streamed #1");
  assert.equal((await get("/streamed")).text, "streamed #2");
  // An empty 200 is a response like any other.
  assert.equal((await get("/empty")).status, 200);
  const empty = await get("/empty");
  assert.equal(empty.headers.get("Content-Length"), "0");
  assert.equal(empty.headers.has("Age"), true);
  assert.equal(counters.get("empty"), 1);
});

test("request.cached and request.cacheable; a handler can opt out", async () => {
  assert.equal((await get("/optOut")).text, "opt-out #1 false/true");
  assert.equal((await get("/optOut")).text, "opt-out #2 false/true");
  assert.equal((await get("/flags?x=seen")).text, "flags false/true #3");
  assert.equal((await get("/flags?x=seen")).text, "flags false/true #3");
});

test("maxobjSize: larger bodies are not stored", async () => {
  assert.match((await get("/big")).text, /^big #1 /);
  assert.match((await get("/big")).text, /^big #2 /);
});

test("maxobjects: the least recently used entry is evicted", async () => {
  assert.equal((await get("/item?n=a")).text, "item a #1");
  assert.equal((await get("/item?n=b")).text, "item b #1");
  assert.equal((await get("/item?n=a")).text, "item a #1"); // a is now the most recently used
  assert.equal((await get("/item?n=c")).text, "item c #1"); // evicts b
  assert.equal((await get("/item?n=a")).text, "item a #1");
  assert.equal((await get("/item?n=c")).text, "item c #1");
  assert.equal((await get("/item?n=b")).text, "item b #2");
});

test("HEAD is answered from a stored GET but does not store", async () => {
  const head = await get("/item?n=h", {}, "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0);
  assert.equal((await get("/item?n=h")).text, "item h #2");
  const cachedHead = await get("/item?n=h", {}, "HEAD");
  assert.equal(cachedHead.headers.get("Content-Length"), String("item h #2".length));
  assert.equal(cachedHead.headers.has("Age"), true);
  assert.equal(counters.get("itemh"), 2);
});

test("jsonOut and caching: the cached hit is the same JSON, encoded once", async () => {
  const first = await get("/json");
  assert.equal(first.text, '{"visit":1,"list":[1,"two"]}');
  assert.equal(first.headers.get("Content-Type"), "application/json");
  const second = await get("/json");
  assert.equal(second.text, '{"visit":1,"list":[1,"two"]}');
  assert.equal(second.headers.get("Content-Type"), "application/json");
  assert.equal(second.headers.has("Age"), true);
  assert.deepEqual(second.json(), { visit: 1, list: [1, "two"] });
});

test("the store is shared by the routes of an application: a POST handler invalidates the GET's entry", async () => {
  assert.equal((await get("/resource")).text, "resource #1");
  assert.equal((await get("/resource")).text, "resource #1");
  const posted = await get("/resource", {}, "POST");
  assert.equal(posted.headers.get("X-Posted"), "yes");
  assert.equal((await get("/resource")).text, "resource #2");
});

test("the Cache-Control the cache reads does not end up in Vary through autovary", async () => {
  const { tree: other } = quietTree();
  let n = 0;
  other.mount({ index: expose(() => `autovary #${++n}`) }, "", { "/": { "tools.caching.on": true, "tools.autovary.on": true } });
  const first = await inject(other, { url: "/", headers: { "Cache-Control": "max-age=60", Pragma: "x", "If-Modified-Since": LAST_MODIFIED } });
  assert.equal(first.headers.has("Vary"), false);
  const second = await inject(other, { url: "/", headers: { "Cache-Control": "max-age=60" } });
  assert.equal(second.text, "autovary #1");
});

test("over a real socket: node:http's request headers select variants, revalidate and bypass the cache", async (t) => {
  const { tree: own } = quietTree();
  let n = 0;
  const index = expose((_p: Params, ctx: Context) => {
    ctx.response.headers.set("Vary", "X-Lang");
    ctx.response.headers.set("ETag", '"v1"');
    return `${ctx.request.headers.get("X-Lang") ?? "none"} #${++n}`;
  });
  own.mount({ index }, "", { "/": { "tools.caching.on": true } });
  const served = await serve(own);
  t.after(() => served.close());
  const get = (headers: Record<string, string> = {}) => within(httpGet(`${served.url}/`, { headers }), 3000, "the response");
  // Age counts whole seconds on the real clock, so it is a number that never goes down, not a fixed value.
  let lastAge = 0;
  const assertAge = (age: string | string[] | undefined) => {
    assert.equal(typeof age, "string");
    assert.match(age as string, /^\d+$/);
    assert.ok(Number(age) >= lastAge, `Age ${String(age)} after ${lastAge}`);
    lastAge = Number(age);
  };
  const first = await get({ "x-lang": "en" });
  assert.equal(first.body, "en #1");
  assert.equal(first.headers.age, undefined);
  const second = await get({ "x-lang": "en" });
  assert.equal(second.body, "en #1");
  assertAge(second.headers.age);
  assert.equal((await get({ "x-lang": "fr" })).body, "fr #2");
  assert.equal((await get()).body, "none #3");
  const revalidated = await get({ "x-lang": "en", "if-none-match": '"v1"' });
  assert.equal(revalidated.status, 304);
  assert.equal(revalidated.body, "");
  assert.equal(revalidated.headers.etag, '"v1"');
  assertAge(revalidated.headers.age);
  assert.equal((await get({ "x-lang": "en", "cache-control": "no-cache" })).body, "en #4");
  assert.equal((await get({ "x-lang": "en" })).body, "en #4");
  // Two X-Lang lines select the same variant as one line holding both values (the Host is part of the key).
  const host = `127.0.0.1:${served.port}`;
  const raw = await rawExchange(served.port, `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Lang: de\r\nX-Lang: at\r\nConnection: close\r\n\r\n`);
  assert.match(raw, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(raw, /\r\n\r\nde, at #5$/);
  const joined = await get({ "x-lang": "de, at" });
  assert.equal(joined.body, "de, at #5");
  // The raw exchange stored it; this one is served from the store.
  assert.match(String(joined.headers.age), /^\d+$/);
});

// --- freshness (delay, max-age, s-maxage) on a clock the test sets

/** Date.now, which the caching tool reads, becomes a clock the test moves by hand (until the test ends). */
function fakeClock(t: TestContext): { now: number } {
  const clock = { now: Date.UTC(2030, 0, 1, 0, 0, 0, 0) };
  t.mock.method(Date, "now", () => clock.now);
  return clock;
}

/** A tree with caching on whose handler counts its calls and sets the Cache-Control given as ?cc. */
function countingSite(section: Record<string, unknown>) {
  const { tree: own } = quietTree();
  let n = 0;
  const index = expose((params: Params, ctx: Context) => {
    if (typeof params.cc === "string") ctx.response.headers.set("Cache-Control", params.cc);
    return `computed #${++n}`;
  });
  own.mount({ index }, "", { "/": { "tools.caching.on": true, ...section } });
  const get = (url = "/", headers: Record<string, string> = {}) => inject(own, { url, headers });
  return { get, calls: () => n };
}

/** Asserts a response is the stored one, `age` seconds old, or a fresh computation (age undefined). */
function assertServed(res: InjectResponse, text: string, age: string | undefined): void {
  assert.equal(res.status, 200);
  assert.equal(res.text, text);
  assert.equal(res.headers.get("Age"), age);
}

test("delay: a stored response is fresh for delay seconds from when it was made, then computed again", async (t) => {
  const clock = fakeClock(t);
  const { get, calls } = countingSite({ "tools.caching.delay": 2 });
  assertServed(await get(), "computed #1", undefined);
  clock.now += 1000;
  assertServed(await get(), "computed #1", "1");
  clock.now += 999;
  assertServed(await get(), "computed #1", "1");
  // At created + delay the entry has expired (the bound is exclusive): computed and stored again.
  clock.now += 1;
  assertServed(await get(), "computed #2", undefined);
  clock.now += 1999;
  assertServed(await get(), "computed #2", "1");
  clock.now += 1;
  assertServed(await get(), "computed #3", undefined);
  assert.equal(calls(), 3);
});

test("delay defaults to 600 seconds", async (t) => {
  const clock = fakeClock(t);
  const { get } = countingSite({});
  assertServed(await get(), "computed #1", undefined);
  clock.now += 599_999;
  assertServed(await get(), "computed #1", "599");
  clock.now += 1;
  assertServed(await get(), "computed #2", undefined);
});

test("a response's own max-age, or s-maxage before it, replaces delay", async (t) => {
  const clock = fakeClock(t);
  const { get } = countingSite({ "tools.caching.delay": 2 });
  const long = "/?cc=max-age%3D5";
  assertServed(await get(long), "computed #1", undefined);
  clock.now += 4999;
  assertServed(await get(long), "computed #1", "4");
  clock.now += 1;
  assertServed(await get(long), "computed #2", undefined);

  const shared = "/?cc=max-age%3D5%2C%20s-maxage%3D1";
  assertServed(await get(shared), "computed #3", undefined);
  clock.now += 999;
  assertServed(await get(shared), "computed #3", "0");
  clock.now += 1;
  assertServed(await get(shared), "computed #4", undefined);
});

test("a request's max-age and min-fresh are measured on the same clock", async (t) => {
  const clock = fakeClock(t);
  const site = countingSite({ "tools.caching.delay": 10 });
  const get = (cacheControl?: string) => site.get("/", cacheControl === undefined ? {} : { "Cache-Control": cacheControl });
  assertServed(await get(), "computed #1", undefined);
  clock.now += 3000;
  // 3 s old: a client that accepts up to 4 s gets it; one that accepts up to 2 s gets a new one.
  assertServed(await get("max-age=4"), "computed #1", "3");
  assertServed(await get("max-age=2"), "computed #2", undefined);
  clock.now += 6000;
  // The new entry, 6 s old, has 4 s of freshness left.
  assertServed(await get("min-fresh=3"), "computed #2", "6");
  assertServed(await get("min-fresh=5"), "computed #3", undefined);
});

// --- maxsize: the default store's byte budget

test("maxsize: the default store keeps at most maxsize body bytes, dropping the least recently used", async () => {
  const { tree: own } = quietTree();
  const made = new Map<string, number>();
  const page = expose(({ name }: Params) => {
    const n = (made.get(String(name)) ?? 0) + 1;
    made.set(String(name), n);
    // Ten bytes per page ("a#1......."), or 25 for "huge".
    return `${String(name)}#${n}`.padEnd(name === "huge" ? 25 : 10, ".");
  });
  own.mount({ page }, "", { "/": { "tools.caching.on": true, "tools.caching.maxsize": 20 } });
  const get = async (name: string) => {
    const res = await inject(own, { url: `/page?name=${name}` });
    assert.equal(res.status, 200);
    return `${res.text}${res.headers.has("Age") ? " (stored)" : ""}`;
  };
  assert.equal(await get("a"), "a#1.......");
  assert.equal(await get("b"), "b#1.......");
  assert.equal(await get("a"), "a#1....... (stored)");
  // Twenty bytes are stored; c's ten more push out b, the least recently used.
  assert.equal(await get("c"), "c#1.......");
  assert.equal(await get("a"), "a#1....... (stored)");
  assert.equal(await get("c"), "c#1....... (stored)");
  assert.equal(await get("b"), "b#2.......");
  // Storing b again pushed out a (c was used after it).
  assert.equal(await get("c"), "c#1....... (stored)");
  assert.equal(await get("a"), "a#2.......");
  // A body larger than maxsize is never stored, and evicts nothing.
  assert.equal(await get("huge"), "huge#1...................");
  assert.equal(await get("huge"), "huge#2...................");
  assert.equal(await get("a"), "a#2....... (stored)");
});

// --- anti-stampede

function stampedeTree(handler: (params: Params, ctx: Context) => unknown, args: Record<string, unknown> = {}) {
  const store = new AsyncStore();
  const { tree: own } = quietTree();
  const section: Record<string, unknown> = { "tools.caching.on": true, "tools.caching.store": store };
  for (const [key, value] of Object.entries(args)) section[`tools.caching.${key}`] = value;
  own.mount({ slow: expose(handler) }, "", { "/": section });
  const fetch = (options: InjectOptions = {}) => within(inject(own, { url: "/slow", ...options }), 3000, "the response");
  return { store, fetch };
}

test("anti-stampede: a second request for a variant being computed waits for it instead of computing it", async () => {
  let calls = 0;
  const held = gate();
  const { store, fetch } = stampedeTree(async () => {
    calls++;
    await held.opened;
    return `success #${calls}`;
  });
  const first = fetch();
  await until(() => calls === 1);
  const second = fetch();
  await until(() => store.varyCalls >= 2);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(calls, 1, "the second request computed instead of waiting");
  held.open();
  const [a, b] = await Promise.all([first, second]);
  assert.equal(a.text, "success #1");
  assert.equal(b.text, "success #1");
  assert.equal(a.headers.has("Age"), false);
  assert.equal(b.headers.has("Age"), true);
  assert.equal(calls, 1);
});

test("anti-stampede: a failing computation wakes its waiters, and one of them computes for the rest", async () => {
  let calls = 0;
  const held = gate();
  const { store, fetch } = stampedeTree(async () => {
    calls++;
    if (calls === 1) {
      await held.opened;
      throw new Error("the first computation failed");
    }
    return `success #${calls}`;
  });
  const first = fetch();
  await until(() => calls === 1);
  const others = [fetch(), fetch()];
  await until(() => store.varyCalls >= 3);
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(calls, 1);
  held.open();
  const [a, b, c] = await Promise.all([first, ...others]);
  assert.equal(a!.status, 500);
  assert.equal(b!.status, 200);
  assert.equal(c!.status, 200);
  assert.equal(b!.text, "success #2");
  assert.equal(c!.text, "success #2");
  assert.equal(calls, 2);
});

test("anti-stampede: a computation that ends in an InternalRedirect wakes its waiters at once", async () => {
  let calls = 0;
  const held = gate();
  const store = new AsyncStore();
  const { tree: own } = quietTree();
  const slow = expose(async () => {
    const n = ++calls;
    if (n === 1) {
      await held.opened;
      throw new InternalRedirect("/elsewhere");
    }
    return `success #${n}`;
  });
  own.mount({ slow, elsewhere: expose(() => "elsewhere") }, "", {
    "/": { "tools.caching.on": true, "tools.caching.store": store, "tools.caching.antistampedeTimeout": 60 },
  });
  const fetch = () => within(inject(own, { url: "/slow" }), 3000, "the response");
  const first = fetch();
  await until(() => calls === 1);
  const second = fetch();
  await until(() => store.varyCalls >= 2);
  held.open();
  assert.equal((await first).text, "elsewhere");
  assert.equal((await second).text, "success #2");
});

test("anti-stampede: a computation that outlives the timeout does not hold the others", async () => {
  let calls = 0;
  const held = gate();
  const { fetch } = stampedeTree(
    async () => {
      const n = ++calls;
      if (n === 1) await held.opened;
      return `success #${n}`;
    },
    { antistampedeTimeout: 0.02 },
  );
  const first = fetch();
  await until(() => calls === 1);
  // Waits up to 20 ms for the first, then computes on its own.
  const second = await fetch();
  assert.equal(second.text, "success #2");
  // The next request is served what the second stored.
  const third = await fetch();
  assert.equal(third.text, "success #2");
  held.open();
  assert.equal((await first).text, "success #1");
});

test("anti-stampede: requests that vary differently do not wait for each other once the Vary is known", async () => {
  let calls = 0;
  const held = gate();
  const { store, fetch } = stampedeTree(async (_p, ctx) => {
    const n = ++calls;
    ctx.response.headers.set("Vary", "X-Lang");
    if (ctx.request.headers.get("X-Lang") === "fr") await held.opened;
    return `${ctx.request.headers.get("X-Lang")} #${n}`;
  });
  assert.equal((await fetch({ headers: { "X-Lang": "en" } })).text, "en #1");
  const fr = fetch({ headers: { "X-Lang": "fr" } });
  await until(() => calls === 2);
  const de = await fetch({ headers: { "X-Lang": "de" } });
  assert.equal(de.text, "de #3");
  held.open();
  assert.equal((await fr).text, "fr #2");
  assert.equal((await fetch({ headers: { "X-Lang": "fr" } })).text, "fr #2");
  assert.equal(store.inner.count, 3);
});

test("a response computed while an unsafe request changes its resource is not stored", async () => {
  let calls = 0;
  const held = gate();
  const { fetch } = stampedeTree(async (_p, ctx) => {
    if (ctx.request.method === "POST") return "posted";
    const n = ++calls;
    if (n === 1) await held.opened;
    return `success #${n}`;
  });
  const first = fetch();
  await until(() => calls === 1);
  assert.equal((await fetch({ method: "POST" })).text, "posted");
  held.open();
  assert.equal((await first).text, "success #1");
  assert.equal((await fetch()).text, "success #2");
  assert.equal((await fetch()).text, "success #2");
});

test("a store that fails is logged and the request is served without it", async () => {
  const broken: CacheStore = {
    varyOf: () => Promise.reject(new Error("store down")),
    get: () => undefined,
    set: () => {
      throw new Error("store down");
    },
    delete: () => Promise.reject(new Error("store down")),
    clear: () => undefined,
  };
  const { tree: other, errors } = quietTree();
  let n = 0;
  other.mount({ index: expose(() => `broken #${++n}`) }, "", { "/": { "tools.caching.on": true, "tools.caching.store": broken } });
  assert.equal((await inject(other, { url: "/" })).text, "broken #1");
  assert.equal((await inject(other, { url: "/" })).text, "broken #2");
  assert.equal((await inject(other, { url: "/", method: "POST" })).text, "broken #3");
  assert.ok(errors.some((record) => /cache store failed/.test(record.message)));
});

test("bad caching config is a ConfigError naming the key", () => {
  const { tree: other } = quietTree();
  assert.throws(
    () => other.mount({}, "/a", { "/": { "tools.caching.delay": "soon" } }),
    (error: unknown) => error instanceof ConfigError && /tools\.caching\.delay/.test(error.message) && /expected a number of seconds/.test(error.message),
  );
  assert.throws(() => other.mount({}, "/b", { "/": { "tools.caching.maxobjects": 1.5 } }), /expected a whole number/);
  assert.throws(() => other.mount({}, "/c", { "/": { "tools.caching.store": {} } }), /expected a CacheStore/);
  assert.throws(() => other.mount({}, "/d", { "/": { "tools.caching.invalidMethods": "POST" } }), /expected a list of method names/);
  assert.throws(() => other.mount({}, "/e", { "/": { "tools.caching.expireFreq": 1 } }), /has no argument 'expireFreq'/);
});

// --- MemoryStore

function entry(body: string, expires = Date.now() + 60_000, vary: string[] = []): CacheEntry {
  return { status: 200, headers: [], body: Buffer.from(body), created: Date.now(), expires, vary };
}

test("MemoryStore: maxSize evicts the least recently used, expired entries go when read", () => {
  const store = new MemoryStore({ maxSize: 10 });
  store.set("/a", "[]", entry("aaaa"));
  store.set("/b", "[]", entry("bbbb"));
  assert.equal(store.size, 8);
  store.get("/a", "[]");
  store.set("/c", "[]", entry("cccc")); // 12 bytes would not fit: b goes
  assert.equal(store.get("/b", "[]"), undefined);
  assert.equal(store.get("/a", "[]")?.body.toString(), "aaaa");
  assert.equal(store.count, 2);
  store.set("/big", "[]", entry("x".repeat(11)));
  assert.equal(store.get("/big", "[]"), undefined);
  assert.equal(store.count, 2);
  store.set("/old", "[]", entry("o", Date.now() - 1));
  assert.equal(store.get("/old", "[]"), undefined);
  assert.equal(store.varyOf("/old"), undefined);
  assert.equal(store.size, 8);
});

test("MemoryStore: variants of one URI, new Vary names drop the old variants, delete drops them all", () => {
  const store = new MemoryStore();
  store.set("/r", '["en"]', entry("en", undefined, ["accept-language"]));
  store.set("/r", '["fr"]', entry("fr", undefined, ["accept-language"]));
  assert.deepEqual(store.varyOf("/r"), ["accept-language"]);
  assert.equal(store.count, 2);
  store.set("/r", '["gzip"]', entry("gz", undefined, ["accept-encoding"]));
  assert.deepEqual(store.varyOf("/r"), ["accept-encoding"]);
  assert.equal(store.get("/r", '["en"]'), undefined);
  assert.equal(store.count, 1);
  store.set("/r", '["gzip"]', entry("gz2", undefined, ["accept-encoding"]));
  assert.equal(store.get("/r", '["gzip"]')?.body.toString(), "gz2");
  assert.equal(store.size, 3);
  store.delete("/r");
  assert.equal(store.count, 0);
  assert.equal(store.size, 0);
  store.set("/s", "[]", entry("s"));
  store.clear();
  assert.equal(store.varyOf("/s"), undefined);
});
