// quickstart as a process: the fixture runs in a child node, the test reads its log and talks to it over loopback.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppProcess, within } from "../engine/app-process.js";
import { get } from "../servers/client.js";

const hello = fileURLToPath(new URL("./fixtures/hello.js", import.meta.url));
const SERVING = /ENGINE Serving on http:\/\/127\.0\.0\.1:(\d+)$/;
const STAMP = String.raw`\[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2}\]`;

type After = { after(fn: () => unknown): void };

function launch(t: After, args: string[]): AppProcess {
  const app = new AppProcess(hello, args);
  t.after(() => app.kill());
  return app;
}

/** The next line matching `pattern`; fails at once, with the log, if the process exits first. */
async function waitForLine(app: AppProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  const early = app.exited.then(([code, signal]) => {
    throw new Error(`the process exited (${String(code ?? signal)}) before a line matching ${pattern}:\n${app.lines.join("\n")}`);
  });
  return Promise.race([app.waitFor(pattern), early]);
}

/** Index of the first log line matching `pattern`, failing with the whole log when there is none. */
function lineIndex(app: AppProcess, pattern: RegExp): number {
  const at = app.lines.findIndex((line) => pattern.test(line));
  assert.notEqual(at, -1, `no line matching ${pattern} in:\n${app.lines.join("\n")}`);
  return at;
}

test("quickstart serves Hello world!, writes the pid file, and SIGTERM exits 0 through the bus", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-qs-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pidFile = join(dir, "hello.pid");
  const app = launch(t, ["0", pidFile]);
  const [, port] = await waitForLine(app, SERVING);
  await waitForLine(app, /ENGINE Bus STARTED$/);
  assert.equal(readFileSync(pidFile, "utf8"), `${app.child.pid}\n`);
  const reply = await get({ url: `http://127.0.0.1:${port}`, path: "/" });
  assert.equal(reply.status, 200);
  assert.equal(reply.body, "Hello world!");
  assert.equal(reply.headers["content-length"], "12");
  // The access line goes to stdout with log.screen on.
  await app.waitFor(/^127\.0\.0\.1 - - \[.*\] "GET \/ HTTP\/1\.1" 200 12 "" ""$/);
  app.signal("SIGTERM");
  const [code, signal] = await within(app.exited, 5000, () => `exit after SIGTERM:\n${app.lines.join("\n")}`);
  await app.closed;
  assert.equal(signal, null);
  assert.equal(code, 0, app.lines.join("\n"));
  const caught = lineIndex(app, /ENGINE Caught signal SIGTERM\.$/);
  const stopping = lineIndex(app, /ENGINE Bus STOPPING$/);
  const stoppedServing = lineIndex(app, new RegExp(`ENGINE Stopped serving on http://127\\.0\\.0\\.1:${port}$`));
  const exited = lineIndex(app, /ENGINE Bus EXITED$/);
  assert.ok(caught < stopping && stopping < stoppedServing && stoppedServing < exited, app.lines.join("\n"));
  assert.equal(existsSync(pidFile), false);
});

test("tutorial 1 output: signal handlers, Bus STARTING, the checker's empty-config warning, Serving on", async (t) => {
  const app = launch(t, ["0", "", "empty"]);
  await waitForLine(app, /ENGINE Bus STARTED$/);
  const listening = lineIndex(app, new RegExp(`^${STAMP} ENGINE Listening for SIGTERM\\.$`));
  const starting = lineIndex(app, new RegExp(`^${STAMP} ENGINE Bus STARTING$`));
  const warning = lineIndex(app, new RegExp(`^${STAMP} CHECKER The Application mounted at '' has an empty config\\.$`));
  const serving = lineIndex(app, SERVING);
  assert.ok(listening < starting && starting < warning && warning < serving, app.lines.join("\n"));
  app.signal("SIGTERM");
  const [code] = await within(app.exited, 5000, () => `exit after SIGTERM:\n${app.lines.join("\n")}`);
  assert.equal(code, 0, app.lines.join("\n"));
});

test("with config, the checker has nothing to say", async (t) => {
  const app = launch(t, ["0"]);
  await waitForLine(app, /ENGINE Bus STARTED$/);
  assert.equal(app.lines.some((line) => /empty config|checker/i.test(line)), false, app.lines.join("\n"));
  app.signal("SIGINT");
  const [code] = await within(app.exited, 5000, () => `exit after SIGINT:\n${app.lines.join("\n")}`);
  assert.equal(code, 0, app.lines.join("\n"));
});

test("a start that fails (port in use) exits non-zero with the cause in the log", async (t) => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => blocker.close(resolve)));
  const port = (blocker.address() as AddressInfo).port;
  const app = launch(t, [String(port)]);
  const [code] = await within(app.exited, 5000, () => `exit after a failed start:\n${app.lines.join("\n")}`);
  await app.closed;
  assert.equal(code, 70, `EX_SOFTWARE expected; the log:\n${app.lines.join("\n")}`);
  const inUse = lineIndex(app, /ENGINE http:\/\/127\.0\.0\.1:\d+ is already in use: stop the process that holds it, or choose another with --port, PORT or server\.socketPort$/);
  assert.equal(app.lines[inUse + 1]?.replace(/^\[[^\]]+\] /, ""), "ENGINE Shutting down: the engine could not start.");
  assert.ok(app.lines[inUse]!.includes(`:${port} is`), app.lines[inUse]);
  assert.equal(app.lines.some((line) => /^\s+at /.test(line)), false, "no stack trace");
  lineIndex(app, /ENGINE Bus EXITED$/);
  assert.equal(app.lines.some((line) => SERVING.test(line)), false);
});

test("a config error in quickstart is one line and exit 2", async (t) => {
  const app = launch(t, ["0", "", "typo"]);
  const [code] = await within(app.exited, 5000, () => app.lines.join("\n"));
  await app.closed;
  assert.equal(code, 2);
  assert.deepEqual(app.lines, ["orchard: [/] tools.trailingSlash.onn: the trailingSlash tool has no argument 'onn'; it takes missing, extra, status"]);
});
