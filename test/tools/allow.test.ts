// allow: the Allow header on every answer, 405 for methods not listed (CherryPy's cptools.allow).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { tools } from "../../src/tools/toolbox.js";
import { allowedMethods } from "../../src/tools/allow.js";
import { inject } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { quietTree } from "../request/support.js";

class Root {
  @expose @tools.allow() reader() {
    return "read";
  }
  @expose @tools.allow({ methods: ["post", "GET"] }) form() {
    return "form";
  }
  @expose @tools.allow({ methods: "PUT" }) store() {
    return "stored";
  }
  @expose free() {
    return "free";
  }
}

const { tree } = quietTree();
tree.mount(new Root(), "", { "/": {}, "/free": { "tools.allow.on": true, "tools.allow.methods": ["DELETE"] } });
const call = (method: string, url: string) => inject(tree, { method, url });

test("by default GET and HEAD are allowed and Allow says so", async () => {
  const get = await call("GET", "/reader");
  assert.equal(get.status, 200);
  assert.equal(get.text, "read");
  assert.equal(get.headers.get("allow"), "GET, HEAD");
  const head = await call("HEAD", "/reader");
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("allow"), "GET, HEAD");
});

test("a method not listed is refused with 405 and the Allow header", async () => {
  const res = await call("POST", "/reader");
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, HEAD");
  assert.equal(res.text, defaultErrorPage({ status: 405, reason: "Method Not Allowed", message: "The method is not allowed for this resource." }));
});

test("methods are case-insensitive and HEAD comes with GET", async () => {
  const post = await call("POST", "/form");
  assert.equal(post.status, 200);
  assert.equal(post.headers.get("allow"), "POST, GET, HEAD");
  assert.equal((await call("HEAD", "/form")).status, 200);
  assert.equal((await call("PUT", "/form")).status, 405);
});

test("a single method may be given as a string; without GET, HEAD is not added", async () => {
  const put = await call("PUT", "/store");
  assert.equal(put.status, 200);
  assert.equal(put.headers.get("allow"), "PUT");
  const get = await call("GET", "/store");
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "PUT");
});

test("config turns it on with tools.allow.methods", async () => {
  assert.equal((await call("DELETE", "/free")).status, 200);
  const get = await call("GET", "/free");
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "DELETE");
});

test("allowedMethods: an empty list means the default", () => {
  assert.deepEqual(allowedMethods([]), ["GET", "HEAD"]);
  assert.deepEqual(allowedMethods(undefined), ["GET", "HEAD"]);
  assert.deepEqual(allowedMethods(["get", "head", "get"]), ["GET", "HEAD"]);
});
