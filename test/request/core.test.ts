// Statuses, errors and error pages (CherryPy's test_core testStatus, ErrorTests and test_request_obj testErrorHandling).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { HTTPError, NotFound } from "../../src/request/errors.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { quietTree } from "./support.js";

/** The default page for a 500 that shows no traceback. */
const PLAIN_500 = defaultErrorPage({
  status: 500,
  reason: "Internal Server Error",
  message: "The server encountered an unexpected condition which prevented it from fulfilling the request.",
});

class Status {
  @expose blank() {
    return "";
  }

  @expose nothing() {}

  @expose illegal(_p: Params, ctx: Context) {
    ctx.response.status = 781;
    return "oops";
  }

  @expose bad(_p: Params, ctx: Context) {
    (ctx.response as { status: unknown }).status = "error";
    return "oops";
  }

  @expose unknown() {
    throw new HTTPError(431, "Too many headers for my taste.", { reason: "My custom error" });
  }

  @expose noContent(_p: Params, ctx: Context) {
    ctx.response.status = 204;
    ctx.response.headers.set("Content-Length", "9");
    return "discarded";
  }

  @expose wrongLength(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Length", "3");
    return "longer than three";
  }

  @expose object() {
    return { not: "a body" };
  }

  @expose flatten() {
    return ["one ", Buffer.from("two "), new Uint8Array([116, 104, 114, 101, 101])];
  }

  @expose created(_p: Params, ctx: Context) {
    ctx.response.status = 201;
    return "made";
  }
}

class ErrorRoot {
  @expose boom() {
    throw new Error("kaboom <b>");
  }

  @expose async asyncBoom() {
    await Promise.resolve();
    throw new TypeError("async kaboom");
  }

  @expose gone(_p: Params, ctx: Context) {
    ctx.response.headers.set("ETag", '"abc"');
    ctx.response.headers.set("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
    ctx.response.headers.set("Vary", "Accept");
    for (const name of ["Location", "Expires", "Age", "Retry-After", "Accept-Ranges", "Content-Encoding", "Content-Range"]) {
      ctx.response.headers.set(name, "1");
    }
    ctx.response.headers.set("X-Kept", "yes");
    throw new HTTPError(410, "Gone fishin'", { reason: "Gone fishin'" });
  }

  @expose unsatisfiable(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Range", "bytes */14");
    ctx.response.headers.set("ETag", '"abc"');
    throw new HTTPError(416);
  }

  @expose notFound() {
    throw new NotFound();
  }

  @expose
  @configure({ "request.showTracebacks": false })
  quiet() {
    throw new Error("secret detail");
  }
}

/** A node whose own dispatch() fails: the error happens before any route is found. */
class BrokenDispatch {
  dispatch(): unknown {
    throw new Error("dispatch exploded");
  }
}

class Root {
  status = new Status();
  error = new ErrorRoot();
  broken = new BrokenDispatch();
}

test("an empty body is 200 with Content-Length 0", async () => {
  const root = new Root();
  for (const url of ["/status/blank", "/status/nothing"]) {
    const res = await inject(root, { url });
    assert.equal(res.status, 200, url);
    assert.equal(res.reason, "OK");
    assert.equal(res.text, "");
    assert.equal(res.headers.get("content-length"), "0");
  }
});

test("a handler may set another valid status", async () => {
  const res = await inject(new Root(), { url: "/status/created" });
  assert.equal(res.status, 201);
  assert.equal(res.reason, "Created");
  assert.equal(res.text, "made");
  assert.equal(res.headers.get("content-length"), "4");
});

test("204 drops the body and Content-Length", async () => {
  const res = await inject(new Root(), { url: "/status/noContent" });
  assert.equal(res.status, 204);
  assert.equal(res.text, "");
  assert.equal(res.headers.has("content-length"), false);
});

test("a Content-Length that does not match the body is a 500 before anything is sent", async () => {
  const res = await inject(new Root(), { url: "/status/wrongLength" });
  assert.equal(res.status, 500);
  assert.equal(
    res.text,
    defaultErrorPage({ status: 500, reason: "Internal Server Error", message: "The response's Content-Length (3) does not match its body (17 bytes)." }),
  );
  assert.equal(res.headers.get("content-length"), String(res.body.length));
});

test("a list of strings and bytes is flattened into one body", async () => {
  const res = await inject(new Root(), { url: "/status/flatten" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "one two three");
  assert.equal(res.headers.get("content-length"), "13");
});

test("returning an object that is not a body is a 500 that says what to do", async () => {
  const res = await inject(new Root(), { url: "/status/object" });
  assert.equal(res.status, 500);
  assert.match(res.text, /TypeError: The handler returned an object, which is not a body: return a string, bytes or an iterable of them, or turn on tools\.jsonOut to send it as JSON\./);
});

test("a status out of range becomes a 500 that says so", async () => {
  const res = await inject(new Root(), { url: "/status/illegal" });
  assert.equal(res.status, 500);
  assert.equal(res.reason, "Internal Server Error");
  assert.equal(res.text, defaultErrorPage({ status: 500, reason: "Internal Server Error", message: "Illegal response status from server (781 is out of range)." }));
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
  assert.equal(res.headers.get("content-length"), String(res.body.length));
});

test("a non-numeric status becomes a 500 that says so", async () => {
  const res = await inject(new Root(), { url: "/status/bad" });
  assert.equal(res.status, 500);
  assert.equal(res.text, defaultErrorPage({ status: 500, reason: "Internal Server Error", message: 'Illegal response status from server ("error" is non-numeric).' }));
});

test("HTTPError keeps a custom reason phrase", async () => {
  const res = await inject(new Root(), { url: "/status/unknown" });
  assert.equal(res.status, 431);
  assert.equal(res.reason, "My custom error");
  assert.equal(res.text, defaultErrorPage({ status: 431, reason: "My custom error", message: "Too many headers for my taste." }));
});

test("HTTPError refuses a status outside 400-599 when it is made", () => {
  for (const status of [302, 200, 399, 600, 781, 404.5]) {
    assert.throws(() => new HTTPError(status), RangeError, String(status));
  }
  assert.equal(new HTTPError(599).status, 599);
  assert.equal(new HTTPError().status, 500);
});

test("NotFound names the path", async () => {
  const res = await inject(new Root(), { url: "/error/missing" });
  assert.equal(res.status, 404);
  assert.equal(res.reason, "Not Found");
  assert.equal(res.text, defaultErrorPage({ status: 404, reason: "Not Found", message: "The path '/error/missing' was not found." }));
});

test("NotFound raised without a path has the generic message", async () => {
  const res = await inject(new Root(), { url: "/error/notFound" });
  assert.equal(res.status, 404);
  assert.equal(res.text, defaultErrorPage({ status: 404, reason: "Not Found", message: "Nothing matches the given URI" }));
});

test("an exception is a 500 with the traceback when request.showTracebacks is on", async () => {
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "");
  for (const [url, text] of [
    ["/error/boom", "Error: kaboom &lt;b&gt;"],
    ["/error/asyncBoom", "TypeError: async kaboom"],
  ] as const) {
    const res = await inject(tree, { url });
    assert.equal(res.status, 500, url);
    assert.match(res.text, /<p>The server encountered an unexpected condition which prevented it from fulfilling the request\.<\/p>/);
    assert.ok(res.text.includes(`<pre id="traceback">${text}`), res.text);
    assert.match(res.text, /at ErrorRoot\.\w+/);
  }
  assert.deepEqual(
    errors.map((e) => [e.level, e.message]),
    [
      ["error", "Error in GET /error/boom"],
      ["error", "Error in GET /error/asyncBoom"],
    ],
  );
});

test("with request.showTracebacks off the 500 page has no traceback", async () => {
  const res = await inject(new Root(), { url: "/error/quiet" });
  assert.equal(res.status, 500);
  assert.equal(res.text, PLAIN_500);

  const { tree } = quietTree();
  tree.mount(new Root(), "", { "/": { "request.showTracebacks": false } });
  const global = await inject(tree, { url: "/error/boom" });
  assert.equal(global.status, 500);
  assert.equal(global.text, PLAIN_500);
});

test("an error before a route is found follows the application's root config", async () => {
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "", { "/": { "request.showTracebacks": false } });
  const res = await inject(tree, { url: "/broken/anything/here" });
  assert.equal(res.status, 500);
  assert.equal(res.text, PLAIN_500);
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]!.error), /dispatch exploded/);

  const { tree: withPage } = quietTree();
  withPage.mount(new Root(), "", { "/": { "errorPage.500": () => "custom 500 page" } });
  const paged = await inject(withPage, { url: "/broken/anything/here" });
  assert.equal(paged.status, 500);
  assert.equal(paged.text, "custom 500 page");
});

test("error responses drop representation headers but keep the others", async () => {
  const res = await inject(new Root(), { url: "/error/gone" });
  assert.equal(res.status, 410);
  assert.equal(res.reason, "Gone fishin'");
  for (const name of ["etag", "last-modified", "vary", "location", "expires", "age", "retry-after", "accept-ranges", "content-encoding", "content-range"]) {
    assert.equal(res.headers.has(name), false, name);
  }
  assert.equal(res.headers.get("x-kept"), "yes");
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
  assert.equal(res.text, defaultErrorPage({ status: 410, reason: "Gone fishin'", message: "Gone fishin'" }));
});

test("a 416 keeps its Content-Range", async () => {
  const res = await inject(new Root(), { url: "/error/unsatisfiable" });
  assert.equal(res.status, 416);
  assert.equal(res.headers.get("content-range"), "bytes */14");
  assert.equal(res.headers.has("etag"), false);
});

test("errorPage.404 as a template file fills in status and message", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-error-page-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const page = join(dir, "404.html");
  writeFileSync(page, "<h1>Oops: {status}</h1><p>{message}</p>\n");
  const { tree } = quietTree();
  tree.mount(new Root(), "", { "/": { "errorPage.404": page } });
  const res = await inject(tree, { url: "/error/nowhere" });
  assert.equal(res.status, 404);
  assert.equal(res.text, "<h1>Oops: 404 Not Found</h1><p>The path &#39;/error/nowhere&#39; was not found.</p>\n");
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
  assert.equal(res.headers.get("content-length"), String(res.body.length));
});

test("errorPage as a function, for one status and as the default", async () => {
  const { tree } = quietTree();
  tree.mount(new Root(), "", {
    "/": {
      "errorPage.404": ({ status, message }: { status: number; message: string }) => `custom ${status}: ${message}`,
      "errorPage.default": ({ status, reason, traceback }: { status: number; reason: string; traceback?: string }) =>
        `default ${status} ${reason} ${traceback === undefined ? "no traceback" : traceback.split("\n")[0]}`,
    },
  });
  const missing = await inject(tree, { url: "/error/missing" });
  assert.equal(missing.status, 404);
  assert.equal(missing.text, "custom 404: The path '/error/missing' was not found.");
  const boom = await inject(tree, { url: "/error/boom" });
  assert.equal(boom.status, 500);
  assert.equal(boom.text, "default 500 Internal Server Error Error: kaboom <b>");
  const gone = await inject(tree, { url: "/error/gone" });
  assert.equal(gone.status, 410);
  assert.equal(gone.text, "default 410 Gone fishin' no traceback");
});

test("a missing error-page file falls back to the default page and says why", async () => {
  const { tree, errors } = quietTree();
  const missingPage = join(tmpdir(), "orchard-no-such-dir", "nope.html");
  tree.mount(new Root(), "", { "/": { "errorPage.404": missingPage } });
  const res = await inject(tree, { url: "/error/missing" });
  assert.equal(res.status, 404);
  assert.equal(
    res.text,
    defaultErrorPage({
      status: 404,
      reason: "Not Found",
      message: `The path '/error/missing' was not found.\nIn addition, the custom error page failed:\nENOENT: no such file or directory, open '${missingPage}'`,
    }),
  );
  assert.deepEqual(
    errors.map((e) => e.message),
    ["The custom error page for 404 failed"],
  );
});
