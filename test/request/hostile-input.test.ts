// Large or odd input (many repeated keys, long runs of spaces or slashes, hostile Host headers): each
// case checks the exact answer. No timing is measured, so these cannot tell quadratic work from linear.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose, tools, type Context, type Params } from "../../src/index.js";
import { inject } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { createConfig } from "../../src/site.js";
import { Tree } from "../../src/tree/tree.js";
import { LogManager } from "../../src/log/manager.js";
import { treeErrorPage } from "./support.js";

class Root {
  getterRuns = 0;

  @expose count(params: Params) {
    return String((params.a as string[]).length);
  }

  @expose cookie(_params: Params, ctx: Context) {
    return ctx.request.cookies.get("sid") ?? "none";
  }

  get secret(): { index: () => string } {
    this.getterRuns++;
    return { index: expose(() => "reached through a getter") };
  }
}

test("40,000 repeats of one form key become one array of 40,000 values", async () => {
  const body = Array.from({ length: 40_000 }, () => "a=1").join("&");
  const res = await inject(new Root(), {
    method: "POST",
    url: "/count",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  assert.equal(res.status, 200);
  assert.equal(res.text, "40000");
});

test("a path of more than 256 segments is refused with 414", async () => {
  const res = await inject(new Root(), { url: "/" + "a/".repeat(300) });
  assert.equal(res.status, 414);
  assert.equal(res.reason, "URI Too Long");
  assert.equal(res.text, defaultErrorPage({ status: 414, reason: "URI Too Long", message: "The path has more than 256 segments." }));
});

test("a URL never runs a getter: the property reads as missing", async () => {
  const root = new Root();
  const res = await inject(root, { url: "/secret/" });
  assert.equal(res.status, 404);
  assert.equal(res.text, defaultErrorPage({ status: 404, reason: "Not Found", message: "The path '/secret/' was not found." }));
  assert.equal(root.getterRuns, 0);
});

test("a cookie padded with 100,000 spaces is still read", async () => {
  const tree = new Tree(createConfig(), new LogManager({ screen: false }));
  tree.config.update({ "server.maxRequestHeaderSize": 200_000 });
  tree.mount(new Root(), "");
  const res = await inject(tree, { url: "/cookie", headers: { cookie: `sid=${" ".repeat(50_000)}abc${" ".repeat(50_000)}` } });
  assert.equal(res.status, 200);
  assert.equal(res.text, "abc");
});

test("trailingSlash.extra strips a long run of slashes", async () => {
  const root = { leaf: tools.trailingSlash({ extra: true })(expose(() => "leaf")) };
  const res = await inject(root, { url: "/leaf" + "/".repeat(100_000) });
  assert.equal(res.status, 301);
  assert.equal(res.headers.get("location"), "http://127.0.0.1/leaf");
});

test("two Host headers are a 400", async () => {
  const res = await inject(new Root(), { url: "/cookie", headers: { host: ["a.example", "b.example"] } });
  assert.equal(res.status, 400);
  assert.equal(res.text, treeErrorPage(400, "A request must have exactly one Host header."));
});

test("a Host that is not host[:port] is a 400; IP literals and ports are fine", async () => {
  for (const host of ["a b", "x<script>", "a/b", "a:b"]) {
    const res = await inject(new Root(), { url: "/cookie", headers: { host } });
    assert.equal(res.status, 400, host);
    assert.equal(res.text, treeErrorPage(400, "Invalid Host header."), host);
  }
  for (const host of ["example.com", "example.com:8080", "[::1]:8080", "127.0.0.1"]) {
    const res = await inject(new Root(), { url: "/cookie", headers: { host } });
    assert.equal(res.status, 200, host);
    assert.equal(res.text, "none", host);
  }
});
