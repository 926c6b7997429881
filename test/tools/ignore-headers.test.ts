// ignoreHeaders: request headers deleted before the handler reads them (CherryPy's cptools.ignore_headers).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { tools } from "../../src/tools/toolbox.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

const seen = (ctx: Context) =>
  ["range", "x-debug", "x-kept"].map((name) => `${name}=${ctx.request.headers.has(name) ? ctx.request.headers.getAll(name).join("|") : "-"}`).join(" ");

class Root {
  @expose @tools.ignoreHeaders() plain(_p: Params, ctx: Context) {
    return seen(ctx);
  }
  @expose @tools.ignoreHeaders({ headers: ["X-Debug", "range"] }) several(_p: Params, ctx: Context) {
    return seen(ctx);
  }
  @expose untouched(_p: Params, ctx: Context) {
    return seen(ctx);
  }
}

const { tree } = quietTree();
tree.mount(new Root(), "");
const headers = { Range: "bytes=0-1", "X-Debug": ["1", "2"], "X-Kept": "yes" };

test("by default the Range header is removed, so the whole body is sent", async () => {
  const res = await inject(tree, { url: "/plain", headers });
  assert.equal(res.status, 200);
  assert.equal(res.text, "range=- x-debug=1|2 x-kept=yes");
  assert.equal(res.headers.has("content-range"), false);
});

test("the headers argument names them, in any case, every value of each", async () => {
  const res = await inject(tree, { url: "/several", headers });
  assert.equal(res.status, 200);
  assert.equal(res.text, "range=- x-debug=- x-kept=yes");
});

test("without the tool the handler sees them all, and the range is served", async () => {
  const full = "range=bytes=0-1 x-debug=1|2 x-kept=yes";
  const res = await inject(tree, { url: "/untouched", headers });
  assert.equal(res.status, 206);
  assert.equal(res.text, full.slice(0, 2));
  assert.equal(res.headers.get("content-range"), `bytes 0-1/${full.length}`);
});
