// etags: If-Match / If-None-Match / If-(Un)Modified-Since against the response's validators (CherryPy's test_etags, plus RFC 9110 §13.2.2).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { strongEtag } from "../../src/http/etag.js";
import { HTTPError, HTTPRedirect } from "../../src/request/errors.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { validateEtags, validateSince, withSuffix } from "../../src/tools/etags.js";
import { inject, serve } from "../../src/testing/index.js";
import { httpGet, quietTree } from "../request/support.js";
import type { SectionConfig } from "../../src/config/types.js";

/** Config with a deliberately wrong value, past the compile-time types (as a config file would give it). */
const untyped = (section: Record<string, unknown>): SectionConfig => section as SectionConfig;

const BODY = "Oh wah ta goo Siam.";
const UNICODE = "I am a \u1ee4nicode string.";
const LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT";
const TAG = strongEtag(BODY);

class Root {
  writes = 0;

  @expose resource() {
    return BODY;
  }

  @expose fail(params: Params) {
    const code = Number(params.code);
    if (code === 304) throw new HTTPRedirect([], 304);
    throw new HTTPError(code);
  }

  @expose unicoded() {
    return UNICODE;
  }

  @expose validators(_p: Params, ctx: Context) {
    const h = ctx.response.headers;
    h.set("ETag", 'W/"weak-1"');
    h.set("Last-Modified", LAST_MODIFIED);
    h.set("Cache-Control", "max-age=60");
    h.set("Expires", "Thu, 22 Oct 2015 07:28:00 GMT");
    h.set("Vary", "Accept-Language");
    h.set("Content-Location", "/validators.en");
    h.set("Content-Type", "text/plain");
    h.set("Content-Disposition", "inline");
    h.set("X-Kept", "yes");
    return BODY;
  }

  @expose dated(_p: Params, ctx: Context) {
    ctx.response.headers.set("Last-Modified", LAST_MODIFIED);
    return BODY;
  }

  @expose accepted(_p: Params, ctx: Context) {
    ctx.response.status = 202;
    return BODY;
  }

  @expose redirected(_p: Params, ctx: Context) {
    ctx.response.status = 307;
    ctx.response.headers.set("ETag", '"r"');
    ctx.response.headers.set("Location", "/resource");
    return "";
  }

  @expose @configure({ "tools.etags.on": false }) guarded(_p: Params, ctx: Context) {
    // The helper runs before the side effect, so a failed If-Match changes nothing.
    ctx.response.headers.set("ETag", '"doc-7"');
    if (validateEtags(ctx)) return undefined;
    this.writes++;
    return `written ${this.writes}`;
  }

  @expose @configure({ "tools.etags.on": false }) since(_p: Params, ctx: Context) {
    ctx.response.headers.set("Last-Modified", LAST_MODIFIED);
    if (validateSince(ctx)) return undefined;
    return BODY;
  }

  @expose @configure({ "tools.gzip.on": true, "tools.gzip.minLength": 0 }) zipped() {
    return BODY.repeat(10);
  }

  @expose @configure({ "tools.gzip.on": true, "tools.gzip.minLength": 0 }) zippedTagged(_p: Params, ctx: Context) {
    ctx.response.headers.set("ETag", 'W/"mine"');
    return BODY.repeat(10);
  }
}

const { tree } = quietTree();
const root = new Root();
tree.mount(root, "", { "/": { "tools.etags.on": true, "tools.etags.autotags": true } });
const request = (url: string, headers: Record<string, string> = {}, method = "GET") => inject(tree, { url, method, headers });

test("autotags: a 200 GET gets the strong ETag of its body", async () => {
  const res = await request("/resource");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("etag"), TAG);
  assert.equal(res.text, BODY);
  const head = await request("/resource", {}, "HEAD");
  assert.equal(head.headers.get("etag"), TAG);
  assert.equal(head.text, "");
});

test("If-Match: the ETag → 200, * → 200 (also for POST), a bogus tag → 412", async () => {
  assert.equal((await request("/resource", { "if-match": TAG })).status, 200);
  assert.equal((await request("/resource", { "if-match": `"x", ${TAG}` })).status, 200);
  assert.equal((await request("/resource", { "if-match": "*" })).status, 200);
  const post = await request("/resource", { "if-match": "*" }, "POST");
  assert.equal(post.status, 200);
  assert.equal(post.text, BODY);
  const bogus = await request("/resource", { "if-match": '"a bogus tag"' });
  assert.equal(bogus.status, 412);
  assert.equal(bogus.headers.has("etag"), false);
  // If-Match compares strongly: the weak form of the right tag fails.
  assert.equal((await request("/resource", { "if-match": `W/${TAG}` })).status, 412);
});

test("If-None-Match: the ETag → 304; with POST → 412; * → 304; a bogus tag → 200", async () => {
  const hit = await request("/resource", { "if-none-match": TAG });
  assert.equal(hit.status, 304);
  assert.equal(hit.body.length, 0);
  assert.equal(hit.headers.get("etag"), TAG);
  assert.equal(hit.headers.has("content-length"), false);
  assert.equal(hit.headers.has("content-type"), false);
  assert.equal((await request("/resource", { "if-none-match": TAG }, "POST")).status, 412);
  assert.equal((await request("/resource", { "if-none-match": "*" })).status, 304);
  assert.equal((await request("/resource", { "if-none-match": "*" }, "HEAD")).status, 304);
  const miss = await request("/resource", { "if-none-match": '"a bogus tag"' });
  assert.equal(miss.status, 200);
  assert.equal(miss.text, BODY);
  // Weak comparison: W/"tag" matches, and so does the tag inside a list.
  assert.equal((await request("/resource", { "if-none-match": `W/${TAG}` })).status, 304);
  assert.equal((await request("/resource", { "if-none-match": `"a", ${TAG}, "b"` })).status, 304);
});

test("a handler that raises 412 or 304 keeps that status whatever the headers say", async () => {
  for (const code of [412, 304]) {
    const variants: Record<string, string>[] = [{ "if-match": TAG }, { "if-none-match": TAG }, { "if-none-match": '"other"' }, {}];
    for (const headers of variants) {
      const res = await request(`/fail?code=${code}`, headers);
      assert.equal(res.status, code, `${code} with ${JSON.stringify(headers)}`);
    }
  }
});

test("a unicode body gives a stable ETag, the hash of its UTF-8 bytes", async () => {
  const first = await request("/unicoded");
  const second = await request("/unicoded");
  assert.equal(first.headers.get("etag"), strongEtag(Buffer.from(UNICODE, "utf8")));
  assert.equal(second.headers.get("etag"), first.headers.get("etag"));
  assert.equal((await request("/unicoded", { "if-none-match": first.headers.get("etag")! })).status, 304);
});

test("a 304 keeps ETag, Last-Modified, Cache-Control, Expires, Vary, Content-Location and other headers, but no body headers", async () => {
  const res = await request("/validators", { "if-none-match": 'W/"weak-1"' });
  assert.equal(res.status, 304);
  assert.equal(res.body.length, 0);
  const kept = {
    etag: 'W/"weak-1"',
    "last-modified": LAST_MODIFIED,
    "cache-control": "max-age=60",
    expires: "Thu, 22 Oct 2015 07:28:00 GMT",
    vary: "Accept-Language",
    "content-location": "/validators.en",
    "x-kept": "yes",
  };
  for (const [name, value] of Object.entries(kept)) assert.equal(res.headers.get(name), value, name);
  for (const name of ["content-type", "content-length", "content-disposition", "accept-ranges", "transfer-encoding"]) {
    assert.equal(res.headers.has(name), false, name);
  }
});

test("a handler's own ETag is not replaced, and a weak one matches If-None-Match but never If-Match", async () => {
  const res = await request("/validators");
  assert.equal(res.headers.get("etag"), 'W/"weak-1"');
  assert.equal((await request("/validators", { "if-none-match": '"weak-1"' })).status, 304);
  assert.equal((await request("/validators", { "if-match": 'W/"weak-1"' })).status, 412);
  assert.equal((await request("/validators", { "if-match": "*" })).status, 200);
});

test("If-Modified-Since and If-Unmodified-Since compare dates, in RFC 9110 order", async () => {
  const cases: Array<[Record<string, string>, number, string?]> = [
    [{ "if-modified-since": LAST_MODIFIED }, 304],
    [{ "if-modified-since": "Thu, 22 Oct 2015 00:00:00 GMT" }, 304],
    [{ "if-modified-since": "Wednesday, 21-Oct-15 07:28:00 GMT" }, 304],
    [{ "if-modified-since": "Tue, 20 Oct 2015 00:00:00 GMT" }, 200],
    [{ "if-modified-since": "yesterday" }, 200],
    [{ "if-unmodified-since": LAST_MODIFIED }, 200],
    [{ "if-unmodified-since": "Tue, 20 Oct 2015 00:00:00 GMT" }, 412],
    [{ "if-unmodified-since": "garbage" }, 200],
    // If-None-Match wins over If-Modified-Since; If-Match over If-Unmodified-Since.
    [{ "if-none-match": '"other"', "if-modified-since": LAST_MODIFIED }, 200],
    [{ "if-match": "*", "if-unmodified-since": "Tue, 20 Oct 2015 00:00:00 GMT" }, 200],
    // If-Match is evaluated first: a failure is 412 even when If-None-Match would say 304.
    [{ "if-match": '"x"', "if-none-match": "*" }, 412],
    // If-Unmodified-Since fails before If-None-Match is looked at.
    [{ "if-unmodified-since": "Tue, 20 Oct 2015 00:00:00 GMT", "if-none-match": "*" }, 412],
  ];
  for (const [headers, status] of cases) {
    const res = await request("/dated", headers);
    assert.equal(res.status, status, JSON.stringify(headers));
  }
  assert.equal((await request("/dated", { "if-modified-since": LAST_MODIFIED }, "POST")).status, 200);
  assert.equal((await request("/dated", { "if-unmodified-since": "Tue, 20 Oct 2015 00:00:00 GMT" }, "POST")).status, 412);
});

test("autotags: only 200s to GET and HEAD; other 2xx are validated but not tagged; errors and redirects are left alone", async () => {
  const post = await request("/resource", {}, "POST");
  assert.equal(post.status, 200);
  assert.equal(post.headers.has("etag"), false);
  const accepted = await request("/accepted");
  assert.equal(accepted.status, 202);
  assert.equal(accepted.headers.has("etag"), false);
  assert.equal((await request("/accepted", { "if-match": '"x"' })).status, 412);
  const missing = await request("/nowhere");
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.has("etag"), false);
  const redirect = await request("/redirected", { "if-none-match": '"r"' });
  assert.equal(redirect.status, 307);
  assert.equal(redirect.headers.get("location"), "/resource");
});

test("validateEtags in a handler: 412 before the side effect, 304 without it", async () => {
  const before = root.writes;
  assert.equal((await request("/guarded", { "if-match": '"doc-6"' }, "PUT")).status, 412);
  assert.equal(root.writes, before);
  const ok = await request("/guarded", { "if-match": '"doc-7"' }, "PUT");
  assert.equal(ok.status, 200);
  assert.equal(ok.text, `written ${before + 1}`);
  const cached = await request("/guarded", { "if-none-match": '"doc-7"' });
  assert.equal(cached.status, 304);
  assert.equal(cached.headers.get("etag"), '"doc-7"');
  assert.equal(root.writes, before + 1);
});

test("validateSince in a handler, and If-Modified-Since ignored when If-None-Match is sent", async () => {
  assert.equal((await request("/since", { "if-modified-since": LAST_MODIFIED })).status, 304);
  assert.equal((await request("/since", { "if-modified-since": "Tue, 20 Oct 2015 00:00:00 GMT" })).status, 200);
  assert.equal((await request("/since", { "if-unmodified-since": "Tue, 20 Oct 2015 00:00:00 GMT" }, "PUT")).status, 412);
  assert.equal((await request("/since", { "if-none-match": '"x"', "if-modified-since": LAST_MODIFIED })).status, 200);
});

test("with gzip the ETag names the coding, and each variant revalidates with its own tag", async () => {
  const plain = await request("/zipped");
  const zipped = await request("/zipped", { "accept-encoding": "gzip" });
  const identityTag = strongEtag(BODY.repeat(10));
  assert.equal(plain.headers.get("etag"), identityTag);
  assert.equal(zipped.headers.get("content-encoding"), "gzip");
  assert.equal(gunzipSync(zipped.body).toString(), BODY.repeat(10));
  const gzipTag = zipped.headers.get("etag");
  assert.equal(gzipTag, withSuffix(identityTag, "gzip"));
  assert.notEqual(gzipTag, identityTag);

  const revalidated = await request("/zipped", { "accept-encoding": "gzip", "if-none-match": gzipTag! });
  assert.equal(revalidated.status, 304);
  assert.equal(revalidated.headers.get("etag"), gzipTag);
  assert.equal(revalidated.headers.has("content-encoding"), false);
  assert.equal(revalidated.headers.get("vary"), "Accept-Encoding");
  // A tag of the other variant does not match.
  assert.equal((await request("/zipped", { "accept-encoding": "gzip", "if-none-match": identityTag })).status, 200);
  assert.equal((await request("/zipped", { "if-none-match": gzipTag! })).status, 200);
  assert.equal((await request("/zipped", { "if-none-match": identityTag })).status, 304);

  // A handler's own tag is suffixed too.
  const own = await request("/zippedTagged", { "accept-encoding": "gzip" });
  assert.equal(own.headers.get("etag"), 'W/"mine-gzip"');
  assert.equal((await request("/zippedTagged", { "accept-encoding": "gzip", "if-none-match": 'W/"mine-gzip"' })).status, 304);
});

test("withSuffix puts the coding inside the quotes and leaves malformed tags alone", () => {
  assert.equal(withSuffix('"abc"', "gzip"), '"abc-gzip"');
  assert.equal(withSuffix('W/"abc"', "BR"), 'W/"abc-br"');
  assert.equal(withSuffix("abc", "gzip"), "abc");
});

test("the tool's arguments are checked", async () => {
  const { tree: bad } = quietTree();
  assert.throws(() => bad.mount(new Root(), "", { "/": untyped({ "tools.etags.on": true, "tools.etags.autotags": "yes" }) }), /autotags.*expected a boolean/s);
  assert.throws(() => bad.mount(new Root(), "", { "/": { "tools.etags.on": true, "tools.etags.strong": true } }), /no argument 'strong'/);
});

test("over a real socket: a 304 has no body and the connection stays usable", async (t) => {
  const served = await serve(tree);
  t.after(() => served.close());
  const res = await httpGet(`${served.url}/resource`, { headers: { "if-none-match": TAG } });
  assert.equal(res.status, 304);
  assert.equal(res.body, "");
  assert.equal(res.headers.etag, TAG);
  assert.equal(res.headers["content-length"], undefined);
  const again = await httpGet(`${served.url}/resource`);
  assert.equal(again.status, 200);
  assert.equal(again.body, BODY);
});
