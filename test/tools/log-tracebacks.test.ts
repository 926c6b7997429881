// logTracebacks (on by default): an unexpected exception reaches the error log, an HTTPError does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { tools } from "../../src/tools/toolbox.js";
import { HTTPError, NotFound } from "../../src/request/errors.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

class Root {
  @expose boom() {
    throw new Error("kaboom");
  }
  @expose async later() {
    await Promise.resolve();
    throw new TypeError("async kaboom");
  }
  @expose refused() {
    throw new HTTPError(500, "deliberate");
  }
  @expose missing() {
    throw new NotFound();
  }
  @expose @configure({ "tools.logTracebacks.on": false }) silent() {
    throw new Error("unlogged");
  }
  @expose @tools.logTracebacks({ severity: "warning" }) mild() {
    throw new Error("only a warning");
  }
  @expose
  @configure({ "hooks.beforeErrorResponse": Object.assign(() => { throw new Error("error hook failed"); }, { priority: 10 }) })
  hookFails() {
    throw new Error("original");
  }
}

function setup() {
  const { tree, errors } = quietTree();
  tree.mount(new Root(), "/app");
  return { tree, errors, summary: () => errors.map((e) => [e.level, e.context, e.message, e.error instanceof Error ? e.error.message : e.error]) };
}

test("an unexpected exception is logged with its error by logTracebacks, on by default", async () => {
  const { tree, summary, errors } = setup();
  assert.equal((await inject(tree, { url: "/app/boom" })).status, 500);
  assert.equal((await inject(tree, { url: "/app/later" })).status, 500);
  assert.deepEqual(summary(), [
    ["error", "HTTP", "Error in GET /app/boom", "kaboom"],
    ["error", "HTTP", "Error in GET /app/later", "async kaboom"],
  ]);
  assert.match((errors[0]!.error as Error).stack ?? "", /at Root\.boom/);
});

test("HTTPErrors are answers, not failures: nothing is logged, even for a 500", async () => {
  const { tree, summary } = setup();
  assert.equal((await inject(tree, { url: "/app/refused" })).status, 500);
  assert.equal((await inject(tree, { url: "/app/missing" })).status, 404);
  assert.equal((await inject(tree, { url: "/app/nowhere" })).status, 404);
  assert.deepEqual(summary(), []);
});

test("tools.logTracebacks.on = false silences it; severity sets the level", async () => {
  const { tree, summary } = setup();
  const silent = await inject(tree, { url: "/app/silent" });
  assert.equal(silent.status, 500);
  assert.match(silent.text, /Error: unlogged/, "the page still shows the traceback");
  assert.equal((await inject(tree, { url: "/app/mild" })).status, 500);
  assert.deepEqual(summary(), [["warning", "HTTP", "Error in GET /app/mild", "only a warning"]]);
});

test("an error hook that fails first does not hide the original exception (the log tools are failsafe)", async () => {
  const { tree, summary } = setup();
  const res = await inject(tree, { url: "/app/hookFails" });
  assert.equal(res.status, 500);
  assert.deepEqual(summary(), [
    ["error", "HTTP", "Error in GET /app/hookFails", "original"],
    ["error", "HTTP", "Unrecoverable error in the server.", "error hook failed"],
  ]);
});
