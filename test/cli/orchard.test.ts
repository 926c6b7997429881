import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../../src/cli/orchard.js", import.meta.url));
const fixture = fileURLToPath(new URL("./fixtures/mount-hello.js", import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d));
  child.stderr.on("data", (d: Buffer) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`)), 10_000);
      const check = () => {
        const match = pattern.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        } else setTimeout(check, 20);
      };
      check();
    });
  return { child, exited, waitFor, output: () => output };
}

test("orchard -c site.conf -i module serves the mounted app until SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-cli-"));
  try {
    const conf = join(dir, "site.conf");
    const pid = join(dir, "orchard.pid");
    writeFileSync(conf, '[global]\nserver.socketPort = 0\nchecker.on = false\n');
    const proc = run(["-c", conf, "-i", fixture, "-p", pid]);
    const [, port] = await proc.waitFor(/ENGINE Serving on http:\/\/127\.0\.0\.1:(\d+)/);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-launched"), "yes");
    assert.equal(await res.text(), "Hello from the launcher");
    assert.equal(readFileSync(pid, "utf8"), `${proc.child.pid}\n`);
    proc.child.kill("SIGTERM");
    assert.equal(await proc.exited, 0);
    assert.equal(existsSync(pid), false);
    assert.match(proc.output(), /Bus EXITED/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a bad key in the config file exits 2 naming the file, line and key", async () => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-cli-"));
  try {
    const conf = join(dir, "site.conf");
    writeFileSync(conf, "[global]\nserver.socketPort = 0\nserver.sockethost = \"x\"\n");
    const proc = run(["-c", conf]);
    assert.equal(await proc.exited, 2);
    assert.match(proc.output(), /site\.conf:3: \[global\] server\.sockethost: unknown key in the server namespace/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an unknown flag exits 2 with the usage", async () => {
  const proc = run(["--nope"]);
  assert.equal(await proc.exited, 2);
  assert.match(proc.output(), /usage: orchard/);
});

test("-d daemonizes: the launcher exits 0 and a detached process serves until SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "orchard-cli-"));
  const pidFile = join(dir, "orchard.pid");
  const errorLog = join(dir, "error.log");
  let daemon: number | undefined;
  try {
    const conf = join(dir, "site.conf");
    writeFileSync(conf, `[global]\nserver.socketPort = 0\nchecker.on = false\nlog.errorFile = ${JSON.stringify(errorLog)}\n`);
    const proc = run(["-d", "-c", conf, "-i", fixture, "-p", pidFile]);
    assert.equal(await proc.exited, 0);
    assert.match(proc.output(), /orchard: daemonized as process \d+/);
    const deadline = Date.now() + 10_000;
    let port: string | undefined;
    while (Date.now() < deadline && port === undefined) {
      await new Promise((r) => setTimeout(r, 50));
      if (existsSync(errorLog)) port = /Serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(errorLog, "utf8"))?.[1];
    }
    assert.ok(port, "the daemon logged where it serves");
    daemon = Number(readFileSync(pidFile, "utf8"));
    assert.notEqual(daemon, proc.child.pid);
    const res = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(await res.text(), "Hello from the launcher");
    process.kill(daemon, "SIGTERM");
    while (Date.now() < deadline && existsSync(pidFile)) await new Promise((r) => setTimeout(r, 50));
    assert.equal(existsSync(pidFile), false, "the daemon removed its pid file on exit");
    daemon = undefined;
  } finally {
    if (daemon !== undefined) {
      try {
        process.kill(daemon, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
