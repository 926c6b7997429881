// The launcher as a new user meets it: the README's site.conf, its errors, ports, the banner and production logs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { once } from "node:events";
import { join } from "node:path";
import { get } from "../servers/client.js";
import { exitCode, fixture, orchard, tempDir, waitForLine } from "./launch.js";

const { version } = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

/** The README's site.conf, on an ephemeral port. */
const SITE_CONF = `[global]
server.socketHost = "127.0.0.1"
server.socketPort = 0
checker.on = false

[/api]
request.dispatch = ObjectDispatcher()
tools.jsonOut.on = true
response.headers.Cache-Control = "no-store"
`;

test("the launcher applies the file's path sections to the mounted application", async (t) => {
  const conf = join(tempDir(t), "site.conf");
  writeFileSync(conf, SITE_CONF);
  const app = orchard(t, ["-c", conf, "-i", fixture("mount-api.js")]);
  const [, port] = await waitForLine(app, /ENGINE Serving on http:\/\/127\.0\.0\.1:(\d+)$/);
  const api = await get({ url: `http://127.0.0.1:${port}`, path: "/api/hello" });
  assert.equal(api.status, 200);
  assert.equal(api.headers["content-type"], "application/json");
  assert.equal(api.headers["cache-control"], "no-store");
  assert.equal(api.body, '{"hello":"world"}');
  const root = await get({ url: `http://127.0.0.1:${port}`, path: "/" });
  assert.equal(root.body, "root");
  assert.equal(root.headers["cache-control"], undefined, "[/api] stays under /api");
});

test("a typo in a path section is one line naming the file, line, section and key, and exit 2", async (t) => {
  const conf = join(tempDir(t), "site.conf");
  writeFileSync(conf, SITE_CONF.replace("tools.jsonOut.on", "tools.jsonOut.o"));
  const app = orchard(t, ["-c", conf, "-i", fixture("mount-api.js")]);
  assert.equal(await exitCode(app), 2);
  assert.deepEqual(app.lines, [`orchard: ${conf}:8: [/api] tools.jsonOut.o: the jsonOut tool has no argument 'o'; it takes contentType, schema`]);
});

test("with several applications each [/path] goes to the one mounted at its longest prefix", async (t) => {
  const conf = join(tempDir(t), "site.conf");
  writeFileSync(conf, '[global]\nserver.socketPort = 0\nchecker.on = false\n\n[/api]\nresponse.headers.X-App = "api"\n\n[/blog/item]\nresponse.headers.X-App = "blog item"\n');
  const app = orchard(t, ["-c", conf, "-i", fixture("mount-two.js")]);
  const [, port] = await waitForLine(app, /ENGINE Serving on http:\/\/127\.0\.0\.1:(\d+)$/);
  const at = (path: string) => get({ url: `http://127.0.0.1:${port}`, path });
  assert.deepEqual([(await at("/api/")).headers["x-app"], (await at("/api/item")).headers["x-app"]], ["api", "api"]);
  const [blogIndex, blogItem] = [await at("/blog/"), await at("/blog/item")];
  assert.deepEqual([blogIndex.body, blogIndex.headers["x-app"]], ["blog", undefined]);
  assert.deepEqual([blogItem.body, blogItem.headers["x-app"]], ["blog item", "blog item"]);
});

test("a path section that no mounted application serves is an error naming it", async (t) => {
  const conf = join(tempDir(t), "site.conf");
  writeFileSync(conf, '[global]\nserver.socketPort = 0\n\n[/shop]\ntools.gzip.on = true\n');
  const app = orchard(t, ["-c", conf, "-i", fixture("mount-two.js")]);
  assert.equal(await exitCode(app), 2);
  assert.deepEqual(app.lines, [
    `orchard: ${conf}:4: [/shop]: no mounted application serves this path (mounted: '/api', '/blog'); mount one with -i, or fix the section`,
  ]);
});

test("--version prints package.json's version", async (t) => {
  const app = orchard(t, ["--version"]);
  assert.equal(await exitCode(app), 0);
  assert.deepEqual(app.lines, [`orchard ${version}`]);
});

test("the banner names the version, the environment and each application with its dispatcher", async (t) => {
  const conf = join(tempDir(t), "site.conf");
  writeFileSync(conf, "[global]\nserver.socketPort = 0\n\n[/api]\nrequest.dispatch = MethodDispatcher()\n");
  const app = orchard(t, ["-e", "staging", "-c", conf, "-i", fixture("mount-api.js")]);
  await waitForLine(app, /ENGINE Bus STARTED$/);
  const banner = app.lines.map((line) => line.replace(/^\[[^\]]+\] /, "")).filter((line) => /^ENGINE (Orchard|Mounted|Serving)/.test(line));
  assert.deepEqual(banner.slice(0, 2), [
    `ENGINE Orchard ${version} on Node ${process.version}, environment staging`,
    "ENGINE Mounted '' (Root) with ObjectDispatcher; '/api' with MethodDispatcher",
  ]);
  assert.match(banner[2] ?? "", /^ENGINE Serving on http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(app.lines.some((line) => line.includes("thread")), false);
});

test("the port comes from --port over server.socketPort over PORT, which replaces the default", async (t) => {
  const free = async (): Promise<number> => {
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    server.close();
    await once(server, "close");
    return port;
  };
  const dir = tempDir(t);
  const conf = join(dir, "site.conf");
  const [fromEnv, fromConfig, fromFlag] = [await free(), await free(), await free()];
  writeFileSync(conf, `[global]\nserver.socketPort = ${fromConfig}\n`);
  const serving = /ENGINE Serving on http:\/\/127\.0\.0\.1:(\d+)$/;
  const envOnly = orchard(t, ["-i", fixture("mount-api.js")], { PORT: String(fromEnv) });
  assert.equal((await waitForLine(envOnly, serving))[1], String(fromEnv));
  const configWins = orchard(t, ["-c", conf, "-i", fixture("mount-api.js")], { PORT: String(fromEnv) });
  assert.equal((await waitForLine(configWins, serving))[1], String(fromConfig));
  const flagWins = orchard(t, ["-c", conf, "--port", String(fromFlag), "-i", fixture("mount-api.js")], { PORT: String(fromEnv) });
  assert.equal((await waitForLine(flagWins, serving))[1], String(fromFlag));
});

test("a PORT or --port that is not a port is one line and exit 2", async (t) => {
  const badEnv = orchard(t, ["-i", fixture("mount-api.js")], { PORT: "80a" });
  assert.equal(await exitCode(badEnv), 2);
  assert.deepEqual(badEnv.lines, ['orchard: PORT: expected a TCP port from 0 to 65535, got "80a"']);
  const badFlag = orchard(t, ["--port", "70000", "-i", fixture("mount-api.js")]);
  assert.equal(await exitCode(badFlag), 2);
  assert.deepEqual(badFlag.lines, ['orchard: --port: expected a TCP port from 0 to 65535, got "70000"']);
});

test("a port in use is one line naming the address and what to do, no stack, and a non-zero exit", async (t) => {
  const holder = createServer().listen(0, "127.0.0.1");
  await once(holder, "listening");
  t.after(() => holder.close());
  const { port } = holder.address() as { port: number };
  const app = orchard(t, ["--port", String(port), "-i", fixture("mount-api.js")]);
  assert.equal(await exitCode(app), 70);
  const errors = app.lines.filter((line) => !/^\[[^\]]+\] (ENGINE|CHECKER) /.test(line));
  assert.deepEqual(errors, [], "every line is a log record: no stack trace");
  assert.ok(
    app.lines.some((line) => line.endsWith(`ENGINE http://127.0.0.1:${port} is already in use: stop the process that holds it, or choose another with --port, PORT or server.socketPort`)),
    app.lines.join("\n"),
  );
});

test("production: no access log, but the addresses and every error with its traceback on stderr", async (t) => {
  const app = orchard(t, ["-e", "production", "--port", "0", "-i", fixture("mount-api.js")]);
  const [, port] = await waitForLine(app, /ENGINE Serving on http:\/\/127\.0\.0\.1:(\d+)$/);
  assert.equal((await get({ url: `http://127.0.0.1:${port}`, path: "/boom" })).status, 500);
  assert.equal((await get({ url: `http://127.0.0.1:${port}`, path: "/" })).status, 200);
  await waitForLine(app, /HTTP Error in GET \/boom$/);
  await waitForLine(app, /^Error: kaput$/);
  await waitForLine(app, /^ {4}at .*boom/);
  app.signal("SIGTERM");
  assert.equal(await exitCode(app), 0);
  assert.deepEqual(app.stdout, [], "no access lines on stdout");
  assert.equal(app.lines.some((line) => line.includes('"GET / HTTP/1.1" 200')), false);
});

test('log.format = "json": one pino-shaped object per line, access and errors alike', async (t) => {
  const conf = join(tempDir(t), "site.conf");
  writeFileSync(conf, '[global]\nserver.socketPort = 0\nlog.format = "json"\n');
  const app = orchard(t, ["-c", conf, "-i", fixture("mount-api.js")]);
  const [, port] = await waitForLine(app, /"msg":"Serving on http:\/\/127\.0\.0\.1:(\d+)"/);
  await get({ url: `http://127.0.0.1:${port}`, path: "/boom?x=1" });
  await waitForLine(app, /"msg":"request completed"/);
  app.signal("SIGTERM");
  assert.equal(await exitCode(app), 0);
  const records = app.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const access = records.find((r) => r.msg === "request completed")!;
  const error = records.find((r) => r.msg === "Error in GET /boom")!;
  assert.equal(access.level, 30);
  assert.equal(typeof access.time, "number");
  assert.equal(access.pid, app.child.pid);
  assert.deepEqual([access.req && (access.req as Record<string, unknown>).method, (access.req as Record<string, unknown>).url], ["GET", "/boom?x=1"]);
  assert.deepEqual(access.res, { statusCode: 500, contentLength: (access.res as { contentLength: number }).contentLength });
  assert.equal(typeof access.responseTime, "number");
  assert.equal(error.level, 50);
  assert.equal(error.reqId, access.reqId, "the error names the request it happened in");
  assert.deepEqual([(error.err as Record<string, string>).type, (error.err as Record<string, string>).message], ["Error", "kaput"]);
  assert.match((error.err as Record<string, string>).stack!, /^Error: kaput\n {4}at /);
});
