// Byte ranges of buffered handler bodies (CherryPy's test_core testRanges, plus If-Range and the response.ranges switch).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { HTTPError } from "../../src/request/errors.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { atLeastHttp11 } from "../../src/http/request-target.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject, serve } from "../../src/testing/index.js";
import { parseByteranges } from "./byteranges.js";
import { httpGet } from "./support.js";

const TEXT = "Hello, world\r\n";
const LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT";

class Root {
  @expose sliceFile(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Type", "text/plain");
    return TEXT;
  }

  @expose tagged(_p: Params, ctx: Context) {
    ctx.response.headers.set("ETag", '"v1"');
    ctx.response.headers.set("Last-Modified", LAST_MODIFIED);
    return TEXT;
  }

  @expose weaklyTagged(_p: Params, ctx: Context) {
    ctx.response.headers.set("ETag", 'W/"v1"');
    return TEXT;
  }

  @expose created(_p: Params, ctx: Context) {
    ctx.response.status = 201;
    return TEXT;
  }

  @expose noRanges(_p: Params, ctx: Context) {
    ctx.response.headers.set("Accept-Ranges", "none");
    return TEXT;
  }

  @expose @configure({ "response.ranges": false }) switchedOff() {
    return TEXT;
  }

  @expose @configure({ "response.stream": true }) *streamed() {
    yield "Hello, ";
    yield "world\r\n";
  }

  @expose failing() {
    throw new HTTPError(404, "not here");
  }

  @expose @configure({ "tools.gzip.on": true, "tools.gzip.minLength": 0 }) zipped() {
    return TEXT.repeat(20);
  }
}

const root = new Root();
const get = (url: string, range: string | undefined, extra: Record<string, string> = {}, more: Parameters<typeof inject>[1] = {}) =>
  inject(root, { url, headers: range === undefined ? extra : { range, ...extra }, ...more });

test("bytes=2-5 → 206 with Content-Range bytes 2-5/14 and the four bytes", async () => {
  const res = await get("/sliceFile", "bytes=2-5");
  assert.equal(res.status, 206);
  assert.equal(res.headers.get("content-range"), "bytes 2-5/14");
  assert.equal(res.headers.get("content-length"), "4");
  assert.equal(res.headers.get("content-type"), "text/plain");
  assert.equal(res.headers.get("accept-ranges"), "bytes");
  assert.equal(res.text, "llo,");
});

test("4-6,2-5 → 206 multipart/byteranges, two parts in request order, with a Content-Length", async () => {
  const res = await get("/sliceFile", "bytes=4-6,2-5");
  assert.equal(res.status, 206);
  assert.equal(res.headers.has("content-range"), false);
  assert.equal(res.headers.get("content-length"), String(res.body.length));
  const parts = parseByteranges(res.body, res.headers.get("content-type"));
  assert.deepEqual(
    parts.map((p) => [p.headers["content-type"], p.headers["content-range"], p.body.toString()]),
    [
      ["text/plain", "bytes 4-6/14", "o, "],
      ["text/plain", "bytes 2-5/14", "llo,"],
    ],
  );
});

test("2300-2900 → 416 with Content-Range bytes */14", async () => {
  const res = await get("/sliceFile", "bytes=2300-2900");
  assert.equal(res.status, 416);
  assert.equal(res.headers.get("content-range"), "bytes */14");
  assert.equal(res.headers.has("accept-ranges"), false);
  assert.equal(res.text, defaultErrorPage({ status: 416, reason: "Range Not Satisfiable", message: "Range Not Satisfiable" }));
});

test("HTTP/1.0 → 200 with the full body and no Accept-Ranges", async () => {
  const res = await get("/sliceFile", "bytes=2-5", {}, { protocol: "HTTP/1.0" });
  assert.equal(res.status, 200);
  assert.equal(res.text, TEXT);
  assert.equal(res.headers.has("accept-ranges"), false);
  assert.equal(res.headers.has("content-range"), false);
});

test("suffix, open-ended and clamped ranges", async () => {
  const cases: Array<[string, string, string]> = [
    ["bytes=-3", "bytes 11-13/14", "d\r\n"],
    ["bytes=-100", "bytes 0-13/14", TEXT],
    ["bytes=10-", "bytes 10-13/14", "ld\r\n"],
    ["bytes=12-99", "bytes 12-13/14", "\r\n"],
    ["bytes=0-0", "bytes 0-0/14", "H"],
  ];
  for (const [range, contentRange, body] of cases) {
    const res = await get("/sliceFile", range);
    assert.equal(res.status, 206, range);
    assert.equal(res.headers.get("content-range"), contentRange, range);
    assert.equal(res.text, body, range);
  }
});

test("unsatisfiable members of a list are dropped; all of them → 416", async () => {
  const one = await get("/sliceFile", "bytes=100-200,0-1");
  assert.equal(one.status, 206);
  assert.equal(one.headers.get("content-range"), "bytes 0-1/14");
  assert.equal(one.text, "He");
  const none = await get("/sliceFile", "bytes=14-,-0");
  assert.equal(none.status, 416);
  assert.equal(none.headers.get("content-range"), "bytes */14");
});

test("an invalid Range header is ignored: 200 with the full body", async () => {
  for (const range of ["bytes=5-2", "items=0-1", "bytes=abc", "bytes=", "0-1"]) {
    const res = await get("/sliceFile", range);
    assert.equal(res.status, 200, range);
    assert.equal(res.text, TEXT, range);
    assert.equal(res.headers.get("accept-ranges"), "bytes", range);
  }
});

test("GET and HEAD 200s say Accept-Ranges: bytes; HEAD ignores Range; other methods get neither", async () => {
  const plain = await get("/sliceFile", undefined);
  assert.equal(plain.headers.get("accept-ranges"), "bytes");
  const head = await inject(root, { method: "HEAD", url: "/sliceFile", headers: { range: "bytes=2-5" } });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("accept-ranges"), "bytes");
  assert.equal(head.headers.get("content-length"), "14");
  assert.equal(head.headers.has("content-range"), false);
  assert.equal(head.text, "");
  const post = await inject(root, { method: "POST", url: "/sliceFile", headers: { range: "bytes=2-5" } });
  assert.equal(post.status, 200);
  assert.equal(post.text, TEXT);
  assert.equal(post.headers.has("accept-ranges"), false);
});

test("If-Range with the current strong ETag or Last-Modified → 206; anything else → the full 200", async () => {
  const cases: Array<[string, string, number]> = [
    ["/tagged", '"v1"', 206],
    ["/tagged", '"v0"', 200],
    ["/tagged", 'W/"v1"', 200],
    ["/tagged", LAST_MODIFIED, 206],
    ["/tagged", "Wed, 21 Oct 2015 07:28:01 GMT", 200],
    ["/tagged", "not a date", 200],
    ["/weaklyTagged", 'W/"v1"', 200],
    ["/sliceFile", '"v1"', 200],
  ];
  for (const [url, ifRange, status] of cases) {
    const res = await get(url, "bytes=2-5", { "if-range": ifRange });
    assert.equal(res.status, status, `${url} If-Range: ${ifRange}`);
    assert.equal(res.text, status === 206 ? "llo," : TEXT, `${url} If-Range: ${ifRange}`);
  }
});

test("ranges are ignored for non-200 responses, streamed bodies, errors, Accept-Ranges: none and response.ranges false", async () => {
  const created = await get("/created", "bytes=2-5");
  assert.equal(created.status, 201);
  assert.equal(created.text, TEXT);
  assert.equal(created.headers.has("accept-ranges"), false);

  const streamed = await get("/streamed", "bytes=2-5");
  assert.equal(streamed.status, 200);
  assert.equal(streamed.text, TEXT);
  assert.equal(streamed.headers.has("accept-ranges"), false);

  const failing = await get("/failing", "bytes=2-5");
  assert.equal(failing.status, 404);
  assert.equal(failing.headers.has("content-range"), false);

  const none = await get("/noRanges", "bytes=2-5");
  assert.equal(none.status, 200);
  assert.equal(none.headers.get("accept-ranges"), "none");
  assert.equal(none.text, TEXT);

  const off = await get("/switchedOff", "bytes=2-5");
  assert.equal(off.status, 200);
  assert.equal(off.text, TEXT);
  assert.equal(off.headers.has("accept-ranges"), false);
});

test("a range of a gzipped response is a range of the gzip bytes", async () => {
  const full = await get("/zipped", undefined, { "accept-encoding": "gzip" });
  assert.equal(full.headers.get("content-encoding"), "gzip");
  assert.equal(gunzipSync(full.body).toString(), TEXT.repeat(20));
  const part = await get("/zipped", "bytes=0-9", { "accept-encoding": "gzip" });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("content-encoding"), "gzip");
  assert.equal(part.headers.get("content-range"), `bytes 0-9/${full.body.length}`);
  assert.deepEqual(part.body, full.body.subarray(0, 10));
});

test("over a real socket: 206 and multipart bodies arrive with the declared lengths", async (t) => {
  const served = await serve(new Root());
  t.after(() => served.close());
  const single = await httpGet(`${served.url}/sliceFile`, { headers: { range: "bytes=2-5" } });
  assert.equal(single.status, 206);
  assert.equal(single.headers["content-range"], "bytes 2-5/14");
  assert.equal(single.body, "llo,");
  assert.equal(single.complete, true);
  const multi = await httpGet(`${served.url}/sliceFile`, { headers: { range: "bytes=4-6,2-5" } });
  assert.equal(multi.status, 206);
  assert.equal(multi.headers["content-length"], String(Buffer.byteLength(multi.body, "latin1")));
  const parts = parseByteranges(Buffer.from(multi.body, "latin1"), multi.headers["content-type"]);
  assert.deepEqual(parts.map((p) => p.body.toString()), ["o, ", "llo,"]);
});

test("atLeastHttp11 reads the protocol version as numbers", () => {
  assert.equal(atLeastHttp11("HTTP/1.1"), true);
  assert.equal(atLeastHttp11("HTTP/2.0"), true);
  assert.equal(atLeastHttp11("HTTP/1.10"), true);
  assert.equal(atLeastHttp11("HTTP/1.0"), false);
  assert.equal(atLeastHttp11("HTTP/0.9"), false);
  assert.equal(atLeastHttp11("garbage"), false);
});
