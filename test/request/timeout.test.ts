// response.timeout with the TimeoutMonitor plugin (CherryPy removed this in v12; Orchard can act on it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { Bus, TimeoutMonitor } from "../../src/engine/index.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "./support.js";
import type { Context } from "../../src/request/context.js";

class Root {
  finished = 0;

  @expose
  @configure({ "response.timeout": 0.2 })
  async slow(_params: unknown, ctx: Context) {
    await sleep(1000);
    this.finished++;
    // Too late to matter: the client already has its 503, and so does the access log.
    ctx.response.status = 201;
    return "too late";
  }

  @expose
  @configure({ "response.timeout": 0.2 })
  quick() {
    return "in time";
  }
}

test("a handler slower than response.timeout gets a 503 from the TimeoutMonitor", async (t) => {
  const { tree, errors, access } = quietTree();
  const root = new Root();
  tree.mount(root, "");
  const bus = new Bus();
  new TimeoutMonitor(bus, tree.timeouts, 0.05).subscribe();
  await bus.start();
  t.after(() => bus.stop());

  const quick = await inject(tree, { url: "/quick" });
  assert.equal(quick.status, 200);
  assert.equal(quick.text, "in time");

  const res = await inject(tree, { url: "/slow" });
  assert.equal(res.status, 503);
  assert.equal(res.reason, "Service Unavailable");
  assert.equal(res.text, "The response timed out.");
  assert.equal(res.headers.get("connection"), "close");
  assert.equal(root.finished, 1);
  assert.deepEqual(
    errors.map((e) => [e.level, e.message]),
    [["warning", "Response timed out after 200 ms: GET http://127.0.0.1/slow"]],
  );
  assert.equal(tree.timeouts.size, 0);
  assert.deepEqual(
    access.map((a) => [a.url, a.status]),
    [
      ["/quick", 200],
      ["/slow", 503],
    ],
  );
});
