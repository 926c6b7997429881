// The logs as a site writes them: log.* config keys through site.config.update, real requests over a socket.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Bus } from "../../src/engine/bus.js";
import { expose } from "../../src/decorators/expose.js";
import { LogManager } from "../../src/log/manager.js";
import type { AccessEntry } from "../../src/log/access.js";
import type { LogRecord } from "../../src/log/record.js";
import { Site } from "../../src/site.js";
import type { SectionConfig } from "../../src/config/types.js";
import { get } from "../servers/client.js";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString("utf8");
    done();
  }
}

type After = { after(fn: () => unknown): void };

function tempDir(t: After): string {
  const dir = mkdtempSync(join(tmpdir(), "orchard-logint-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const root = {
  path: expose(() => "hello"),
  fail: expose(() => {
    throw new Error("handler exploded");
  }),
};

/** A started site on its own bus serving `root` on an ephemeral port; its screen output is captured. */
async function startedSite(t: After, config: Record<string, unknown> = {}): Promise<{ site: Site; url: string; port: number; stdout: Capture; stderr: Capture }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const site = new Site({ engine: new Bus(), log: new LogManager({ stdout, stderr }) });
  site.config.update({ "engine.signalHandler.on": false, "checker.on": false, "server.socketPort": 0, "log.screen": false, ...config });
  site.tree.mount(root, "", { "/": { "request.showTracebacks": false } });
  site.prepare();
  t.after(() => site.engine.exit());
  await site.engine.start();
  const server = site.servers[0]!;
  return { site, url: server.url, port: server.port!, stdout, stderr };
}

const STAMP = String.raw`\[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2}\]`;

test("log.accessFile gets one Combined Log Format line per request, errors included", async (t) => {
  const accessFile = join(tempDir(t), "access.log");
  const { site, url } = await startedSite(t, { "log.accessFile": accessFile });
  assert.equal(site.log.accessFile, accessFile);
  assert.equal((await get({ url, path: "/path?x=1" })).body, "hello");
  assert.equal((await get({ url, path: "/nope", headers: { Referer: "http://example.com/", "User-Agent": "probe/1.0" } })).status, 404);
  await site.log.close();
  const lines = readFileSync(accessFile, "utf8").split("\n");
  assert.equal(lines.length, 3, lines.join("\n"));
  assert.equal(lines[2], "");
  assert.match(lines[0]!, new RegExp(String.raw`^127\.0\.0\.1 - - ${STAMP} "GET /path\?x=1 HTTP/1\.1" 200 5 "" ""$`));
  assert.match(lines[1]!, new RegExp(String.raw`^127\.0\.0\.1 - - ${STAMP} "GET /nope HTTP/1\.1" 404 \d+ "http://example\.com/" "probe/1\.0"$`));
});

test("log.errorFile gets the engine's lines and a handler's traceback with the context HTTP", async (t) => {
  const errorFile = join(tempDir(t), "error.log");
  const { site, url, port } = await startedSite(t, { "log.errorFile": errorFile });
  assert.equal((await get({ url, path: "/fail" })).status, 500);
  await site.log.close();
  const text = readFileSync(errorFile, "utf8");
  assert.match(text, new RegExp(`^${STAMP} ENGINE Bus STARTING$`, "m"));
  assert.match(text, new RegExp(`^${STAMP} ENGINE Serving on http://127\\.0\\.0\\.1:${port}$`, "m"));
  assert.match(text, new RegExp(`^${STAMP} ENGINE Bus STARTED$`, "m"));
  assert.match(text, new RegExp(`^${STAMP} HTTP Error in GET /fail\\nError: handler exploded\\n    at `, "m"));
});

test("log.accessFormat sets a custom line", async (t) => {
  const accessFile = join(tempDir(t), "access.log");
  const { site, url, port } = await startedSite(t, { "log.accessFile": accessFile, "log.accessFormat": '{h} {s} {b} {o} "{r}" {i}' });
  await get({ url, path: "/path" });
  await site.log.close();
  assert.match(
    readFileSync(accessFile, "utf8"),
    new RegExp(String.raw`^127\.0\.0\.1 200 5 127\.0\.0\.1:${port} "GET /path HTTP/1\.1" [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$`),
  );
});

test("a user LogSink receives engine records and access entries", async (t) => {
  const records: LogRecord[] = [];
  const entries: Array<[AccessEntry, string]> = [];
  const stdout = new Capture();
  const site = new Site({
    engine: new Bus(),
    log: new LogManager({ stdout, screen: false, sinks: [{ error: (record) => records.push(record), access: (entry, line) => entries.push([entry, line]) }] }),
  });
  site.config.update({ "engine.signalHandler.on": false, "checker.on": false, "server.socketPort": 0, "log.screen": false });
  site.tree.mount(root, "");
  site.prepare();
  t.after(() => site.engine.exit());
  await site.engine.start();
  await get({ url: site.servers[0]!.url, path: "/path?x=1" });
  const starting = records.find((r) => r.message === "Bus STARTING");
  assert.deepEqual(starting, { message: "Bus STARTING", level: "info", context: "ENGINE" });
  assert.equal(entries.length, 1);
  const [entry, line] = entries[0]!;
  assert.equal(entry.url, "/path?x=1");
  assert.equal(entry.status, 200);
  assert.equal(entry.bytes, 5);
  assert.match(line, /"GET \/path\?x=1 HTTP\/1\.1" 200 5 "" ""$/);
  assert.equal(stdout.text, "");
});

test("log.screen: errors to stderr and access lines to stdout; false silences both", async (t) => {
  const { site, url, stdout, stderr } = await startedSite(t, { "log.screen": true });
  assert.match(stderr.text, /ENGINE Bus STARTED\n/);
  await get({ url, path: "/path" });
  assert.match(stdout.text, /"GET \/path HTTP\/1\.1" 200 5 "" ""\n$/);
  site.config.update({ "log.screen": false });
  assert.equal(site.log.screen, false);
  const [outBefore, errBefore] = [stdout.text, stderr.text];
  await get({ url, path: "/fail" });
  assert.equal(stdout.text, outBefore);
  assert.equal(stderr.text, errBefore);
});

test("production keeps the error log on stderr and the access log off, through the log namespace", async (t) => {
  const [stdout, stderr] = [new Capture(), new Capture()];
  const site = new Site({ engine: new Bus(), log: new LogManager({ stderr, stdout }) });
  t.after(() => site.engine.exit());
  site.config.update({ environment: "production" });
  assert.deepEqual([site.log.screen, site.log.accessScreen, site.log.wantsAccess], [true, false, false]);
  site.engine.log("after production");
  assert.match(stderr.text, /ENGINE after production\n$/);
  site.log.access({ remoteIp: "127.0.0.1", time: new Date(), method: "GET", url: "/", protocol: "HTTP/1.1", status: 200, requestId: "r1" });
  assert.equal(stdout.text, "");
  site.config.update({ environment: "testSuite" });
  assert.equal(site.log.screen, false);
});

test("log.level drops lines below it; a bad log.level or log file is an error naming it", (t) => {
  const stderr = new Capture();
  const site = new Site({ engine: new Bus(), log: new LogManager({ stderr, stdout: new Capture() }) });
  t.after(() => site.engine.exit());
  site.config.update({ "log.level": "warning" });
  site.engine.log("an info line");
  site.engine.log("a warning line", "warning");
  assert.doesNotMatch(stderr.text, /an info line/);
  assert.match(stderr.text, /ENGINE a warning line\n/);
  const loud = { "log.level": "loud" } as unknown as SectionConfig; // a typo that a JS user or a config file can make
  assert.throws(() => site.config.update(loud), { name: "ConfigError", message: '[global] log.level: expected one of "debug", "info", "warning", "error", got "loud"' });
  const missing = join(tmpdir(), "orchard-no-such-dir", "x", "error.log");
  assert.throws(() => site.config.update({ "log.errorFile": missing }), /directory .* does not exist/);
  assert.equal(existsSync(missing), false);
});

test("the default site's log starts with screen on; a LogManager handed to a Site keeps its settings", () => {
  assert.equal(new Site({ engine: new Bus() }).log.screen, true);
  assert.equal(new Site({ engine: new Bus(), log: new LogManager({ screen: false }) }).log.screen, false);
});
