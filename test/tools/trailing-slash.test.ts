// trailingSlash (on by default): /dir → /dir/ for an index, and with extra, /leaf/ → /leaf; query kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

class Dir {
  @expose index() {
    return "dir index";
  }
  @expose leaf() {
    return "leaf";
  }
}

class Root {
  dir = new Dir();
  @expose index() {
    return "root";
  }
  @expose page() {
    return "page";
  }
}

function mounted(config: Record<string, unknown> = {}, scriptName = "") {
  const { tree } = quietTree();
  tree.mount(new Root(), scriptName, { "/": config });
  return (url: string) => inject(tree, { url });
}

test("missing (the default): an index without its slash is a 301 to it, query string kept", async () => {
  const get = mounted();
  const res = await get("/dir?x=1&y=2");
  assert.equal(res.status, 301);
  assert.equal(res.headers.get("location"), "http://127.0.0.1/dir/?x=1&y=2");
  const ok = await get("/dir/");
  assert.equal(ok.status, 200);
  assert.equal(ok.text, "dir index");
});

test("an extra slash on a leaf is served as is unless extra is on", async () => {
  const get = mounted();
  const res = await get("/dir/leaf/");
  assert.equal(res.status, 200);
  assert.equal(res.text, "leaf");
  const strict = mounted({ "tools.trailingSlash.extra": true });
  const moved = await strict("/dir/leaf/?q=a");
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get("location"), "http://127.0.0.1/dir/leaf?q=a");
  assert.equal((await strict("/page")).status, 200);
});

test("the root is never turned into an empty path", async () => {
  const strict = mounted({ "tools.trailingSlash.extra": true });
  const res = await strict("/");
  assert.equal(res.status, 200);
  assert.equal(res.text, "root");
});

test("missing false serves the index without its slash", async () => {
  const lax = mounted({ "tools.trailingSlash.missing": false });
  const res = await lax("/dir");
  assert.equal(res.status, 200);
  assert.equal(res.text, "dir index");
});

test("status picks the redirect status; the tool can be turned off", async () => {
  const temporary = mounted({ "tools.trailingSlash.status": 307, "tools.trailingSlash.extra": true });
  const res = await temporary("/dir");
  assert.equal(res.status, 307);
  assert.equal(res.headers.get("location"), "http://127.0.0.1/dir/");
  assert.equal((await temporary("/dir/leaf/")).status, 307);
  const off = mounted({ "tools.trailingSlash.on": false });
  assert.equal((await off("/dir")).status, 200);
});

test("under a script name the Location keeps it", async () => {
  const get = mounted({}, "/app");
  const res = await get("/app/dir?x=1");
  assert.equal(res.status, 301);
  assert.equal(res.headers.get("location"), "http://127.0.0.1/app/dir/?x=1");
});

test("a misspelt argument or a status that is not a redirect is a ConfigError", () => {
  assert.throws(() => mounted({ "tools.trailingSlash.stats": 301 }), {
    name: "ConfigError",
    message: "[/] tools.trailingSlash.stats: the trailingSlash tool has no argument 'stats'; it takes missing, extra, status",
  });
  assert.throws(() => mounted({ "tools.trailingSlash.status": 200 }), {
    message: "[/] tools.trailingSlash.status: expected one of 301, 302, 303, 307, 308",
  });
  assert.throws(() => mounted({ "tools.trailingSlash.extra": "yes" }), { message: "[/] tools.trailingSlash.extra: expected a boolean" });
});
