// autovary: Vary lists the request headers that were read (CherryPy's test_misc_tools AutoVaryTest).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { acceptMedia } from "../../src/tools/accept.js";
import { RecordingHeaders } from "../../src/tools/autovary.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

class Root {
  @expose @configure({ "tools.encode.on": true }) index(_p: Params, ctx: Context) {
    const headers = ctx.request.headers;
    headers.get("Accept-Encoding");
    headers.getAll("host");
    headers.has("If-Modified-Since");
    headers.has("range");
    acceptMedia(ctx, ["text/html"]);
    return "Hello, world!";
  }

  @expose ignored(_p: Params, ctx: Context) {
    ctx.request.headers.get("content-type");
    ctx.request.headers.get("Content-Length");
    ctx.request.headers.get("X-Api-Version");
    return "ok";
  }

  @expose @configure({ "tools.autovary.ignore": ["x-api-version"] }) ownIgnore(_p: Params, ctx: Context) {
    ctx.request.headers.get("X-Api-Version");
    ctx.request.headers.get("Content-Type");
    return "ok";
  }

  @expose merged(_p: Params, ctx: Context) {
    ctx.response.headers.set("Vary", "User-Agent, cookie");
    ctx.request.headers.get("Cookie");
    ctx.request.headers.get("Accept-Language");
    return "ok";
  }

  @expose star(_p: Params, ctx: Context) {
    ctx.response.headers.set("Vary", "*");
    ctx.request.headers.get("Accept-Language");
    return "ok";
  }

  @expose untouched(_p: Params, ctx: Context) {
    for (const _entry of ctx.request.headers) void _entry;
    return "ok";
  }

  @expose @configure({ "tools.gzip.on": true }) zipped() {
    return "small";
  }

  @expose @configure({ "tools.autovary.on": false }) off(_p: Params, ctx: Context) {
    ctx.request.headers.get("Accept-Language");
    return ctx.request.headers instanceof RecordingHeaders ? "recording" : "plain";
  }
}

const { tree } = quietTree();
tree.mount(new Root(), "", { "/": { "tools.autovary.on": true } });
const get = (url: string, headers: Record<string, string> = {}) => inject(tree, { url, headers });

test("the headers the handler and tools read are listed in Vary, sorted", async () => {
  // A unit other than bytes is ignored (200), yet reading Range still puts it in Vary.
  const res = await get("/", { "accept-encoding": "gzip", range: "items=0-1" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "Hello, world!");
  assert.equal(res.headers.get("vary"), "Accept, Accept-Charset, Accept-Encoding, Host, If-Modified-Since, Range");
});

test("Content-Type, Content-Length and Content-Disposition are ignored by default; ignore replaces the list", async () => {
  assert.equal((await get("/ignored")).headers.get("vary"), "X-Api-Version");
  assert.equal((await get("/ownIgnore")).headers.get("vary"), "Content-Type");
});

test("names already in Vary are kept once, and * stays alone", async () => {
  assert.equal((await get("/merged")).headers.get("vary"), "Accept-Language, cookie, User-Agent");
  assert.equal((await get("/star")).headers.get("vary"), "*");
});

test("iterating the headers is not reading one; nothing read means no Vary", async () => {
  assert.equal((await get("/untouched")).headers.has("vary"), false);
});

test("headers read by tools after the handler count too (gzip reads Accept-Encoding)", async () => {
  assert.equal((await get("/zipped")).headers.get("vary"), "Accept-Encoding");
});

test("without the tool the request headers are the plain object and no Vary is added", async () => {
  const res = await get("/off");
  assert.equal(res.text, "plain");
  assert.equal(res.headers.has("vary"), false);
});
