// redirect: a path sent elsewhere, internally by default or with a 3xx (CherryPy's cptools.redirect).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { tools } from "../../src/tools/toolbox.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

let handled: string[] = [];

class Root {
  @expose target(params: Params, ctx: Context) {
    return `target ${ctx.request.method} ${JSON.stringify(params)} from ${ctx.request.prev?.pathInfo ?? "nowhere"}`;
  }
  @expose @tools.redirect({ url: "/target?from=old" }) old() {
    handled.push("old");
    return "never";
  }
  @expose @tools.redirect({ url: "https://elsewhere.test/new", internal: false }) moved() {
    handled.push("moved");
    return "never";
  }
  @expose @tools.redirect({ url: "target", internal: false, status: 301 }) gone() {
    return "never";
  }
  @expose @tools.redirect() nowhere() {
    return "never";
  }
}

const { tree, errors } = quietTree();
tree.mount(new Root(), "", { "/legacy": { "tools.redirect.on": true, "tools.redirect.url": "/target" } });

test("internal (the default): the target answers in the same request, the handler never runs", async () => {
  handled = [];
  const res = await inject(tree, { method: "POST", url: "/old", body: "a=1", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  assert.equal(res.status, 200);
  assert.equal(res.text, 'target GET {"from":"old"} from /old');
  assert.deepEqual(handled, []);
});

test("config turns it on for a path with no handler of its own", async () => {
  const res = await inject(tree, { url: "/legacy" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "target GET {} from /legacy");
});

test("internal false: a 303 (302 for HTTP/1.0) to the URL, or the status given", async () => {
  handled = [];
  const res = await inject(tree, { url: "/moved" });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get("location"), "https://elsewhere.test/new");
  assert.equal(res.text, 'This resource can be found at <a href="https://elsewhere.test/new">https://elsewhere.test/new</a>.');
  const old = await inject(tree, { url: "/moved", protocol: "HTTP/1.0" });
  assert.equal(old.status, 302);
  assert.equal(old.headers.get("location"), "https://elsewhere.test/new");
  assert.equal(old.text, 'This resource resides temporarily at <a href="https://elsewhere.test/new">https://elsewhere.test/new</a>.');
  const gone = await inject(tree, { url: "/gone" });
  assert.equal(gone.status, 301);
  assert.equal(gone.headers.get("location"), "http://127.0.0.1/target");
  assert.equal(gone.text, 'This resource has permanently moved to <a href="http://127.0.0.1/target">http://127.0.0.1/target</a>.');
  assert.deepEqual(handled, []);
});

test("turned on without a url, the route fails with a 500 naming the key; a bad status is a ConfigError", async () => {
  const res = await inject(tree, { url: "/nowhere" });
  assert.equal(res.status, 500);
  assert.equal((errors.at(-1)!.error as Error).message, "tools.redirect.url: the redirect tool is on but has no url");
  const { tree: bad } = quietTree();
  assert.throws(() => bad.mount(new Root(), "", { "/": { "tools.redirect.status": 200 } }), {
    name: "ConfigError",
    message: "[/] tools.redirect.status: expected one of 300, 301, 302, 303, 307, 308",
  });
});
