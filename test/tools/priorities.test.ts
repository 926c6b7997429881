// The builtin tool table (src/tools/toolbox.ts): each tool's hook point and priority, and the order they
// give a request that goes through several tools (CherryPy's order: params 15, JSON 30, trailing
// slash 60, encode 70, ETags 75, gzip 80, caching 90).
import { test } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { expose } from "../../src/decorators/expose.js";
import { builtinTools, tools } from "../../src/tools/toolbox.js";
import { strongEtag } from "../../src/http/etag.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

/** name → [hook point, priority, failsafe], as documented in src/tools/toolbox.ts. */
const TABLE: Record<string, readonly [string, number, boolean]> = {
  autovary: ["onStartResource", 0, false],
  convertParams: ["beforeHandler", 15, false],
  jsonIn: ["beforeRequestBody", 30, false],
  jsonOut: ["beforeHandler", 30, false],
  proxy: ["beforeRequestBody", 30, false],
  accept: ["onStartResource", 50, false],
  allow: ["onStartResource", 50, false],
  decode: ["beforeRequestBody", 50, false],
  expires: ["beforeFinalize", 50, false],
  flatten: ["beforeFinalize", 50, false],
  ignoreHeaders: ["beforeRequestBody", 50, false],
  logHeaders: ["beforeErrorResponse", 50, true],
  logTracebacks: ["beforeErrorResponse", 50, true],
  redirect: ["onStartResource", 50, false],
  referer: ["beforeRequestBody", 50, false],
  responseHeaders: ["onStartResource", 50, true],
  secureHeaders: ["onStartResource", 50, false],
  staticdir: ["beforeHandler", 50, false],
  staticfile: ["beforeHandler", 50, false],
  trailingSlash: ["beforeHandler", 60, false],
  encode: ["beforeHandler", 70, false],
  etags: ["beforeFinalize", 75, false],
  gzip: ["beforeFinalize", 80, false],
  caching: ["beforeHandler", 90, false],
};

test("every builtin tool has its documented hook point, priority and failsafe flag", () => {
  assert.deepEqual([...builtinTools.names()].sort(), Object.keys(TABLE).sort());
  for (const [name, [point, priority, failsafe]] of Object.entries(TABLE)) {
    const tool = tools.get(name);
    assert.ok(tool !== undefined, name);
    assert.deepEqual([tool.point, tool.priority, tool.failsafe, tool.namespace], [point, priority, failsafe, "tools"], name);
  }
});

test("the CherryPy chain is in increasing order: params < JSON < trailing slash < encode < ETags < gzip < caching", () => {
  const chain = ["convertParams", "jsonIn", "trailingSlash", "encode", "etags", "gzip", "caching"].map((name) => tools.get(name)!.priority);
  assert.deepEqual(chain, [15, 30, 60, 70, 75, 80, 90]);
  assert.equal(tools.get("jsonOut")!.priority, tools.get("jsonIn")!.priority);
  assert.equal(tools.get("proxy")!.priority, tools.get("jsonIn")!.priority);
});

const SCHEMA = { type: "object", properties: { n: { type: "integer" } } } as const;

/** A resource with every tool of the chain on; its handler counts its calls. */
function chainSite(extra: Record<string, unknown> = {}) {
  const { tree } = quietTree();
  let calls = 0;
  const items = { index: expose((params: Params) => ({ n: params.n, call: ++calls, word: "café" })) };
  tree.mount({ items }, "", {
    "/": {
      "tools.convertParams.on": true,
      "tools.convertParams.schema": SCHEMA,
      "tools.jsonOut.on": true,
      "tools.encode.on": true,
      "tools.etags.on": true,
      "tools.etags.autotags": true,
      "tools.gzip.on": true,
      "tools.gzip.minLength": 0,
      "tools.caching.on": true,
      ...extra,
    },
  });
  return { tree, calls: () => calls };
}

const GZIP = { "accept-encoding": "gzip" };

test("one request through the chain: params converted, JSON encoded, tagged before gzip, stored after it", async () => {
  const { tree, calls } = chainSite();
  const json = '{"n":3,"call":1,"word":"café"}';
  // etags (75) hashes the identity body; gzip (80) then marks the tag as belonging to the gzip coding.
  const etag = `${strongEtag(Buffer.from(json)).slice(0, -1)}-gzip"`;

  const first = await inject(tree, { url: "/items/?n=3", headers: GZIP });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get("content-type"), "application/json");
  assert.equal(first.headers.get("content-encoding"), "gzip");
  assert.equal(first.headers.get("vary"), "Accept-Encoding");
  assert.equal(first.headers.get("etag"), etag);
  assert.equal(first.headers.has("age"), false);
  // convertParams (15) made n a number before the handler; jsonOut (30) and encode (70) made UTF-8 JSON of it.
  assert.equal(gunzipSync(first.body).toString("utf8"), json);

  // caching (tee at 100) stored the gzipped bytes: the hit is the same bytes, and the handler is not called.
  const second = await inject(tree, { url: "/items/?n=3", headers: GZIP });
  assert.equal(second.status, 200);
  assert.deepEqual(second.body, first.body);
  assert.equal(second.headers.get("etag"), etag);
  assert.match(second.headers.get("age") ?? "", /^\d+$/);
  assert.equal(calls(), 1);

  const revalidated = await inject(tree, { url: "/items/?n=3", headers: { ...GZIP, "if-none-match": etag } });
  assert.equal(revalidated.status, 304);
  assert.equal(revalidated.body.length, 0);
  assert.equal(calls(), 1);
});

test("convertParams (15) refuses bad params before trailingSlash (60) redirects; moved after it, the redirect wins", async () => {
  const early = await inject(chainSite().tree, { url: "/items?n=x" });
  assert.equal(early.status, 400);
  assert.deepEqual(early.json(), { status: 400, message: "Invalid parameters: n: must be integer" });
  assert.equal(early.headers.has("location"), false);

  const late = await inject(chainSite({ "tools.convertParams.priority": 65 }).tree, { url: "/items?n=x" });
  assert.equal(late.status, 301);
  assert.equal(late.headers.get("location"), "http://127.0.0.1/items/?n=x");
});

test("gzip moved before etags tags the compressed bytes instead", async () => {
  const { tree } = chainSite({ "tools.gzip.priority": 70 });
  const res = await inject(tree, { url: "/items/?n=4", headers: GZIP });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-encoding"), "gzip");
  assert.equal(gunzipSync(res.body).toString("utf8"), '{"n":4,"call":1,"word":"café"}');
  assert.equal(res.headers.get("etag"), strongEtag(res.body));
});
