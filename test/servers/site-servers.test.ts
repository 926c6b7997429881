import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bus } from "../../src/engine/bus.js";
import { expose } from "../../src/decorators/expose.js";
import type { LogRecord } from "../../src/log/record.js";
import { Site } from "../../src/site.js";
import { get, tryConnect } from "./client.js";

/** A fresh site on its own bus, quiet, with no signal handlers installed in the test process. */
function quietSite(t: { after(fn: () => unknown): void }): { site: Site; messages: string[] } {
  const site = new Site({ engine: new Bus() });
  const messages: string[] = [];
  site.log.sinks.push({ error: (record: LogRecord) => messages.push(`${record.context} ${record.message}`) });
  site.config.update({ "log.screen": false, "engine.signalHandler.on": false, "checker.on": false, "server.socketPort": 0 });
  site.tree.mount({ index: expose(() => "root"), echo: expose(({ word }: { word?: string }) => `echo ${word ?? ""}`) }, "");
  t.after(() => site.engine.exit());
  return { site, messages };
}

test("server.socketPort and server.2.socketPort: two servers serve the same tree", async (t) => {
  const { site, messages } = quietSite(t);
  site.config.update({ "server.2.socketPort": 0 });
  site.prepare();
  await site.engine.start();
  const [main, second] = site.servers;
  assert.equal(site.servers.length, 2);
  assert.ok(main?.port && second?.port && main.port !== second.port, `ports ${String(main?.port)} ${String(second?.port)}`);
  for (const server of [main, second]) {
    assert.ok(messages.includes(`ENGINE Serving on http://127.0.0.1:${server.port}`), messages.join("\n"));
    const reply = await get({ url: server.url, path: "/echo?word=hi" });
    assert.equal(reply.status, 200);
    assert.equal(reply.body, "echo hi");
  }
  await site.engine.exit();
  assert.equal(await tryConnect({ host: "127.0.0.1", port: main.port }), "ECONNREFUSED");
  assert.equal(await tryConnect({ host: "127.0.0.1", port: second.port }), "ECONNREFUSED");
});

test("an extra server takes its own socketHost, or the main one's", async (t) => {
  const { site } = quietSite(t);
  site.config.update({ "server.public.socketPort": 0, "server.local.socketPort": 0, "server.local.socketHost": "127.0.0.1" });
  assert.deepEqual(
    site.serverOptions().map((o) => [o.host, o.port]),
    [
      ["127.0.0.1", 0],
      ["127.0.0.1", 0],
      ["127.0.0.1", 0],
    ],
  );
});

test("a unix socket from server.socketFile, via the site", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-site-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const socketFile = join(dir, "site.sock");
  const { site, messages } = quietSite(t);
  site.config.update({ "server.socketFile": socketFile });
  site.prepare();
  await site.engine.start();
  assert.ok(messages.includes(`ENGINE Serving on unix:${socketFile}`), messages.join("\n"));
  const reply = await get({ socketPath: socketFile, path: "/" });
  assert.equal(reply.status, 200);
  assert.equal(reply.body, "root");
  await site.engine.exit();
  assert.equal(existsSync(socketFile), false);
});

test("engine.stop() lets a kept-alive client's next request fail to connect, and start() serves again", async (t) => {
  const { site } = quietSite(t);
  site.prepare();
  await site.engine.start();
  const agent = new Agent({ keepAlive: true });
  t.after(() => agent.destroy());
  const port = site.servers[0]!.port!;
  assert.equal((await get({ url: `http://127.0.0.1:${port}`, path: "/", agent })).body, "root");
  await site.engine.stop();
  assert.equal(await tryConnect({ host: "127.0.0.1", port }), "ECONNREFUSED");
  await site.engine.start();
  const again = site.servers[0]!.port!;
  assert.equal((await get({ url: `http://127.0.0.1:${again}`, path: "/" })).body, "root");
});

test("engine.pidFile: written with the pid on start, removed on exit", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-site-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pidFile = join(dir, "site.pid");
  const { site } = quietSite(t);
  site.config.update({ "engine.pidFile": pidFile });
  site.prepare();
  await site.engine.start();
  assert.equal(readFileSync(pidFile, "utf8"), `${process.pid}\n`);
  await site.engine.exit();
  assert.equal(existsSync(pidFile), false);
});

test("engine.signalHandler.on: the site's signal listeners are removed when the bus exits", async (t) => {
  const { site } = quietSite(t);
  const before = ["SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1"].map((name) => process.listenerCount(name));
  site.config.update({ "engine.signalHandler.on": true });
  site.prepare();
  await site.engine.start();
  assert.deepEqual(
    ["SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1"].map((name) => process.listenerCount(name)),
    before.map((n) => n + 1),
  );
  await site.engine.exit();
  assert.deepEqual(
    ["SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1"].map((name) => process.listenerCount(name)),
    before,
  );
});
