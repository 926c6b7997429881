import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bus } from "../../src/engine/bus.js";
import { expose } from "../../src/decorators/expose.js";
import type { LogRecord } from "../../src/log/record.js";
import { Site } from "../../src/site.js";
import { within } from "../engine/app-process.js";
import { get, tryConnect } from "./client.js";
import { makePki, peerMissing } from "./tls.js";

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
  site.config.update({
    "server.socketHost": "localhost",
    "server.public.socketPort": 0,
    "server.local.socketPort": 0,
    "server.local.socketHost": "::1",
  });
  assert.deepEqual(
    site.serverOptions().map((o) => [o.host, o.port]),
    [
      ["localhost", 0],
      ["localhost", 0],
      ["::1", 0],
    ],
  );
});

test("server.sslCertificateChain: the site's HTTPS server sends the intermediate a root-only client needs", async (t: TestContext) => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-site-pki-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files = makePki(dir);
  if (typeof files === "string") return peerMissing(t, `${files}; HTTPS is not tested`);
  const { site, messages } = quietSite(t);
  site.config.update({
    "server.sslCertificate": files.leafCert,
    "server.sslPrivateKey": files.leafKey,
    "server.sslCertificateChain": files.intermediateCert,
    // The same certificate without its chain, as a control.
    "server.bare.socketPort": 0,
    "server.bare.sslCertificate": files.leafCert,
    "server.bare.sslPrivateKey": files.leafKey,
  });
  site.prepare();
  await site.engine.start();
  const [chained, bare] = site.servers;
  assert.equal(site.servers.length, 2);
  assert.ok(messages.includes(`ENGINE Serving on https://127.0.0.1:${chained!.port}`), messages.join("\n"));
  const ca = readFileSync(files.rootCert, "utf8");
  const reply = await get({ url: chained!.url, path: "/echo?word=tls", ca, servername: "localhost" });
  assert.equal(reply.status, 200);
  assert.equal(reply.body, "echo tls");
  assert.deepEqual(reply.peerChain, ["localhost", "Orchard Test Intermediate", "Orchard Test Root"]);
  await assert.rejects(get({ url: bare!.url, path: "/", ca, servername: "localhost" }), { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
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

test("engine.stop() closes a kept-alive client's connection, its next request fails to connect, and start() serves again", async (t) => {
  const { site } = quietSite(t);
  site.prepare();
  await site.engine.start();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const port = site.servers[0]!.port!;
  const first = await get({ url: `http://127.0.0.1:${port}`, path: "/", agent });
  assert.equal(first.body, "root");
  assert.equal(first.headers.connection, "keep-alive");
  const idle = Object.values(agent.freeSockets).flat();
  assert.equal(idle.length, 1, "the agent keeps the connection");
  const closed = new Promise<void>((resolve) => idle[0]!.once("close", () => resolve()));
  await site.engine.stop();
  await within(closed, 3000, () => "the server to close the kept-alive connection");
  assert.deepEqual(Object.values(agent.freeSockets).flat(), []);
  await assert.rejects(get({ url: `http://127.0.0.1:${port}`, path: "/", agent }), { code: "ECONNREFUSED" });
  await site.engine.start();
  const again = await get({ url: `http://127.0.0.1:${site.servers[0]!.port!}`, path: "/", agent });
  assert.equal(again.body, "root");
  assert.equal(again.reused, false);
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
