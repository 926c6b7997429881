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
