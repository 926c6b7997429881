// response.timeout with the TimeoutMonitor plugin (CherryPy removed this in v12; Orchard can act on it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { Bus, TimeoutMonitor } from "../../src/engine/index.js";
import { inject } from "../../src/testing/index.js";
import { createConfig } from "../../src/site.js";
import { LogManager } from "../../src/log/manager.js";
import { Tree } from "../../src/tree/tree.js";
import type { LogRecord } from "../../src/log/record.js";
import type { AccessEntry } from "../../src/log/access.js";
import type { Context } from "../../src/request/context.js";
import { within } from "./support.js";

class Root {
  finished = 0;
  /** ctx.timedOut as the slow handler saw it when it went on. */
  sawTimedOut: boolean | undefined;

  constructor(private readonly timedOut: Promise<void>) {}

  @expose
  @configure({ "response.timeout": 0.05 })
  async slow(_params: unknown, ctx: Context) {
    // Held until the time-out has happened: the handler is slow by construction, not by a race with a clock.
    await this.timedOut;
    this.sawTimedOut = ctx.timedOut;
    this.finished++;
    // Too late to matter: the client already has its 503, and so does the access log.
    ctx.response.status = 201;
    return "too late";
  }

  @expose
  @configure({ "response.timeout": 60 })
  quick() {
    return "in time";
  }
}

test("a handler slower than response.timeout gets a 503 from the TimeoutMonitor", async (t) => {
  let openGate!: () => void;
  const timedOut = new Promise<void>((resolve) => (openGate = resolve));
  const errors: LogRecord[] = [];
  const access: AccessEntry[] = [];
  const error = (record: LogRecord) => {
    errors.push(record);
    if (record.message.startsWith("Response timed out")) openGate();
  };
  const tree = new Tree(createConfig(), new LogManager({ screen: false, sinks: [{ error, access: (entry) => access.push(entry) }] }));
  const root = new Root(timedOut);
  tree.mount(root, "");
  const bus = new Bus();
  new TimeoutMonitor(bus, tree.timeouts, 0.01).subscribe();
  await bus.start();
  t.after(() => bus.stop());

  const quick = await within(inject(tree, { url: "/quick" }), 2000, "the answer of /quick");
  assert.equal(quick.status, 200);
  assert.equal(quick.text, "in time");

  const res = await within(inject(tree, { url: "/slow" }), 2000, "the answer of /slow");
  assert.equal(res.status, 503);
  assert.equal(res.reason, "Service Unavailable");
  assert.equal(res.text, "The response timed out.");
  assert.deepEqual(res.headers.entries(), [
    ["Content-Type", "text/plain;charset=utf-8"],
    ["Connection", "close"],
  ]);
  assert.equal(root.finished, 1);
  assert.equal(root.sawTimedOut, true);
  assert.deepEqual(
    errors.map((e) => [e.level, e.message]),
    [["warning", "Response timed out after 50 ms: GET http://127.0.0.1/slow"]],
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
