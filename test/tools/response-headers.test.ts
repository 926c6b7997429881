// responseHeaders: fixed response headers by decorator or config (CherryPy's test_misc_tools ResponseHeadersTest).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { tools } from "../../src/tools/toolbox.js";
import { HTTPError } from "../../src/request/errors.js";
import { ConfigError } from "../../src/config/errors.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

class Root {
  @expose configured() {
    return "<p>Bonjour</p>";
  }
  @expose @tools.responseHeaders({ headers: [["Content-Language", "fr"], ["Content-Type", "text/plain"]] }) other() {
    return "salut";
  }
  @expose @tools.responseHeaders({ headers: { "Content-Language": "fr" } }) replaced() {
    return "replaced";
  }
  @expose @tools.responseHeaders({ headers: { "X-Kept": "on errors too" } }) broken() {
    throw new HTTPError(409, "conflict");
  }
}

const { tree } = quietTree();
tree.mount(new Root(), "", {
  "/configured": { "tools.responseHeaders.on": true, "tools.responseHeaders.headers": { "Content-Language": "en-GB", "X-Count": 3 } },
  // Path config beats a decorator's arguments: headers is one argument, replaced whole.
  "/replaced": { "tools.responseHeaders.headers": { "X-Replaced": "yes" } },
});

test("config sets the headers (numbers as text)", async () => {
  const res = await inject(tree, { url: "/configured" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "<p>Bonjour</p>");
  assert.equal(res.headers.get("content-language"), "en-GB");
  assert.equal(res.headers.get("x-count"), "3");
  assert.equal(res.headers.get("content-type"), "text/html;charset=utf-8");
});

test("the decorator sets its pairs, Content-Type included; path config replaces them", async () => {
  const res = await inject(tree, { url: "/other" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "salut");
  assert.equal(res.headers.get("content-language"), "fr");
  assert.equal(res.headers.get("content-type"), "text/plain");
  const replaced = await inject(tree, { url: "/replaced" });
  assert.equal(replaced.text, "replaced");
  assert.equal(replaced.headers.get("x-replaced"), "yes");
  assert.equal(replaced.headers.has("content-language"), false);
});

test("headers that do not describe the body survive an error response", async () => {
  const res = await inject(tree, { url: "/broken" });
  assert.equal(res.status, 409);
  assert.equal(res.headers.get("x-kept"), "on errors too");
});

test("a header name or value that could not be sent is a ConfigError", () => {
  const { tree: other } = quietTree();
  assert.throws(() => other.mount(new Root(), "", { "/": { "tools.responseHeaders.headers": { "Bad Name": "x" } } }), {
    name: "ConfigError",
    message: '[/] tools.responseHeaders.headers: invalid header name "Bad Name"',
  });
  assert.throws(
    () => other.mount(new Root(), "", { "/": { "tools.responseHeaders.headers": { "X-Split": "a\r\nSet-Cookie: x=1" } } }),
    (error: unknown) => error instanceof ConfigError && error.message === "[/] tools.responseHeaders.headers: invalid character in the value of header X-Split",
  );
  assert.throws(() => other.mount(new Root(), "", { "/": { "tools.responseHeaders.headers": "Content-Language: fr" } }), {
    message: "[/] tools.responseHeaders.headers: expected an object of header names to values, or a list of [name, value] pairs",
  });
});
