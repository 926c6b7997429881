// The orchard command as a process: every launched process is killed when its test ends, and every wait is bounded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { until } from "../engine/app-process.js";
import { exitCode, fixture, orchard, tempDir, waitForLine } from "./launch.js";
import { get } from "../servers/client.js";

const helloFixture = fixture("mount-hello.js");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

test("orchard -c site.conf -i module serves the mounted app until SIGTERM", async (t) => {
  const dir = tempDir(t);
  const conf = join(dir, "site.conf");
  const pid = join(dir, "orchard.pid");
  writeFileSync(conf, "[global]\nserver.socketPort = 0\nchecker.on = false\n");
  const app = orchard(t, ["-c", conf, "-i", helloFixture, "-p", pid]);
  const [, port] = await waitForLine(app, /ENGINE Serving on http:\/\/127\.0\.0\.1:(\d+)$/);
  await waitForLine(app, /ENGINE Bus STARTED$/);
  const res = await get({ url: `http://127.0.0.1:${port}`, path: "/" });
  assert.equal(res.status, 200);
  assert.equal(res.headers["x-launched"], "yes");
  assert.equal(res.body, "Hello from the launcher");
  assert.equal(readFileSync(pid, "utf8"), `${app.child.pid}\n`);
  app.signal("SIGTERM");
  assert.equal(await exitCode(app), 0, app.lines.join("\n"));
  assert.equal(existsSync(pid), false);
  assert.match(app.lines.at(-1) ?? "", /^\[[^\]]+\] ENGINE Bus EXITED$/);
});

test("a bad key in the config file exits 2 naming the file, line and key", async (t) => {
  const conf = join(tempDir(t), "site.conf");
  writeFileSync(conf, '[global]\nserver.socketPort = 0\nserver.sockethost = "x"\n');
  const app = orchard(t, ["-c", conf]);
  assert.equal(await exitCode(app), 2, app.lines.join("\n"));
  assert.deepEqual(app.lines, [`orchard: ${conf}:3: [global] server.sockethost: unknown key in the server namespace; did you mean server.socketHost?`]);
});

test("an unknown flag exits 2 with the usage", async (t) => {
  const app = orchard(t, ["--nope"]);
  assert.equal(await exitCode(app), 2, app.lines.join("\n"));
  assert.equal(app.lines[0], "orchard: Unknown option '--nope'");
  assert.equal(app.lines[1], "usage: orchard [-c CONFIG]... [-i MODULE]... [-e ENVIRONMENT] [--port PORT] [-p PIDFILE] [-d] [--autoreload]");
  assert.equal(app.lines.at(-1), "  -h, --help              show this help");
});

test("-d daemonizes: the launcher exits 0 and a detached process serves until SIGTERM", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-cli-"));
  const pidFile = join(dir, "orchard.pid");
  const errorLog = join(dir, "error.log");
  // The daemon outlives the launcher: whatever happens below, it is killed (before its pid file goes) when the test ends.
  const daemons = new Set<number>();
  t.after(() => {
    if (existsSync(pidFile)) daemons.add(Number(readFileSync(pidFile, "utf8")));
    for (const pid of daemons) if (pid > 0 && alive(pid)) process.kill(pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  const conf = join(dir, "site.conf");
  writeFileSync(conf, `[global]\nserver.socketPort = 0\nchecker.on = false\nlog.errorFile = ${JSON.stringify(errorLog)}\n`);
  const launcher = orchard(t, ["-d", "-c", conf, "-i", helloFixture, "-p", pidFile]);
  assert.equal(await exitCode(launcher), 0, launcher.lines.join("\n"));
  const announced = /^orchard: daemonized as process (\d+)$/.exec(launcher.lines.join("\n"));
  assert.ok(announced, launcher.lines.join("\n"));
  const daemon = Number(announced[1]);
  daemons.add(daemon);
  assert.notEqual(daemon, launcher.child.pid);
  const logged = () => (existsSync(errorLog) ? readFileSync(errorLog, "utf8") : "");
  await until(() => /ENGINE Bus STARTED$/m.test(logged()), 5000, "the daemon to log Bus STARTED");
  const port = /ENGINE Serving on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(logged())?.[1];
  assert.ok(port, logged());
  assert.equal(readFileSync(pidFile, "utf8"), `${daemon}\n`);
  const res = await get({ url: `http://127.0.0.1:${port}`, path: "/" });
  assert.equal(res.body, "Hello from the launcher");
  process.kill(daemon, "SIGTERM");
  // Its last line; whether the exited process is reaped at once depends on the system's init.
  await until(() => /ENGINE Bus EXITED\n$/.test(logged()), 5000, "the daemon to log Bus EXITED after SIGTERM");
  assert.equal(existsSync(pidFile), false, "the daemon removed its pid file on exit");
  assert.match(logged(), /ENGINE Caught signal SIGTERM\.\n/);
});
