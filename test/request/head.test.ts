// HEAD: the headers of GET with no body (CherryPy's core empties HEAD bodies).
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject, serve } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { httpGet } from "./support.js";

/** One clock for a GET/HEAD pair, so their Date headers agree even when a second ticks between the two. */
function freezeClock(t: TestContext): void {
  const now = Date.now();
  t.mock.method(Date, "now", () => now);
}

class Root {
  handled: string[] = [];

  @expose
  @configure({ "response.headers.X-Powered": "orchard" })
  page(_p: Params, ctx: Context) {
    this.handled.push(ctx.request.method);
    ctx.response.headers.set("Content-Type", "text/plain;charset=utf-8");
    ctx.response.cookies.set("seen", "1", { path: "/" });
    return "Hello, HEAD!";
  }

  @expose
  @configure({ "response.stream": true })
  *streamed() {
    yield "streamed ";
    yield "body";
  }
}

test("HEAD has the same status and headers as GET, Content-Length included, and no body", async (t) => {
  freezeClock(t);
  const root = new Root();
  const get = await inject(root, { url: "/page" });
  const head = await inject(root, { method: "HEAD", url: "/page" });
  assert.equal(get.text, "Hello, HEAD!");
  assert.equal(head.status, 200);
  assert.equal(head.text, "");
  assert.deepEqual(head.headers.entries(), get.headers.entries());
  assert.equal(head.headers.get("content-length"), "12");
  assert.equal(head.headers.get("x-powered"), "orchard");
  assert.equal(head.headers.get("set-cookie"), "seen=1; Path=/");
  assert.deepEqual(root.handled, ["GET", "HEAD"]);
});

test("HEAD over a socket: Content-Length of the GET body, nothing after the headers", async (t) => {
  const served = await serve(new Root());
  t.after(() => served.close());
  const head = await httpGet(`${served.url}/page`, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.headers["content-length"], "12");
  assert.equal(head.headers["content-type"], "text/plain;charset=utf-8");
  assert.equal(head.body, "");
});

test("HEAD on a streamed response: the same headers as GET, no body, no chunking", async (t) => {
  freezeClock(t);
  const root = new Root();
  const get = await inject(root, { url: "/streamed" });
  const head = await inject(root, { method: "HEAD", url: "/streamed" });
  assert.equal(get.text, "streamed body");
  assert.equal(head.text, "");
  assert.deepEqual(head.headers.entries(), get.headers.entries());

  const served = await serve(root);
  t.after(() => served.close());
  const wire = await httpGet(`${served.url}/streamed`, { method: "HEAD" });
  assert.equal(wire.status, 200);
  assert.equal(wire.body, "");
  assert.equal(wire.headers["transfer-encoding"], undefined);
  assert.equal(wire.headers["content-length"], undefined);
});

test("HEAD of a missing page is a 404 with the error page's headers and no body", async (t) => {
  freezeClock(t);
  const get = await inject(new Root(), { url: "/nowhere" });
  const head = await inject(new Root(), { method: "HEAD", url: "/nowhere" });
  assert.equal(head.status, 404);
  assert.equal(head.text, "");
  const page = defaultErrorPage({ status: 404, reason: "Not Found", message: "The path '/nowhere' was not found." });
  assert.equal(get.text, page);
  // The page is ASCII: its length in bytes is its length in characters.
  assert.equal(get.headers.get("content-length"), String(page.length));
  assert.equal(head.headers.get("content-length"), String(page.length));
  assert.deepEqual(head.headers.entries(), get.headers.entries());
  assert.equal(head.headers.get("content-type"), "text/html;charset=utf-8");
});
