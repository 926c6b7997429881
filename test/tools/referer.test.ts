// referer: accept or reject by the Referer header (CherryPy's test_misc_tools RefererTest).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { tools } from "../../src/tools/toolbox.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

const PATTERN = "http://[^/]*example\\.com";

class Root {
  @expose @tools.referer({ pattern: PATTERN }) accept() {
    return "Accepted!";
  }
  @expose @tools.referer({ pattern: PATTERN, accept: false, acceptMissing: true }) reject() {
    return "Accepted!";
  }
  @expose @tools.referer({ pattern: PATTERN, error: 400, message: "Come from our own pages." }) custom() {
    return "Accepted!";
  }
  @expose @tools.referer() forgotten() {
    return "never";
  }
}

const { tree, errors } = quietTree();
tree.mount(new Root(), "");
const get = (url: string, referer?: string) => inject(tree, { url, headers: referer === undefined ? {} : { Referer: referer } });
const forbidden = defaultErrorPage({ status: 403, reason: "Forbidden", message: "Forbidden Referer header." });

test("accept: a missing Referer is refused with 403 and the default message", async () => {
  const res = await get("/accept");
  assert.equal(res.status, 403);
  assert.equal(res.text, forbidden);
});

test("accept: a matching Referer passes, one that does not match is refused", async () => {
  for (const referer of ["http://www.example.com/", "http://www.example.com/page?q=1"]) {
    const res = await get("/accept", referer);
    assert.equal(res.status, 200, referer);
    assert.equal(res.text, "Accepted!");
  }
  assert.equal((await get("/accept", "http://www.example.org/")).status, 403);
  // Matched at the start, as Python's re.match.
  assert.equal((await get("/accept", "https://evil.test/?http://www.example.com")).status, 403);
});

test("reject: a missing Referer passes, a matching one is refused", async () => {
  assert.equal((await get("/reject")).status, 200);
  assert.equal((await get("/reject", "http://www.example.org/")).status, 200);
  const res = await get("/reject", "http://www.example.com/");
  assert.equal(res.status, 403);
  assert.equal(res.text, forbidden);
});

test("the status and message are arguments", async () => {
  const res = await get("/custom", "http://elsewhere.test/");
  assert.equal(res.status, 400);
  assert.equal(res.text, defaultErrorPage({ status: 400, reason: "Bad Request", message: "Come from our own pages." }));
});

test("turned on without a pattern, the route fails closed with a 500 that names the missing key", async () => {
  const res = await get("/forgotten", "http://www.example.com/");
  assert.equal(res.status, 500);
  assert.equal(errors.length, 1);
  assert.equal((errors[0]!.error as Error).message, "tools.referer.pattern: the referer tool is on but has no pattern");
});

test("a pattern that is not a regular expression is a ConfigError", () => {
  const { tree: bad } = quietTree();
  assert.throws(() => bad.mount(new Root(), "", { "/": { "tools.referer.pattern": "(unclosed" } }), {
    name: "ConfigError",
    // The rest is V8's own wording.
    message: /^\[\/\] tools\.referer\.pattern: invalid regular expression: Invalid regular expression: .*\(unclosed/,
  });
});
