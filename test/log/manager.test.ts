import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { until } from "../engine/app-process.js";
import { LogManager, type LogSink } from "../../src/log/manager.js";
import type { AccessEntry } from "../../src/log/access.js";
import type { LogRecord } from "../../src/log/record.js";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString("utf8");
    done();
  }
}

function streams(): { stdout: Capture; stderr: Capture } {
  return { stdout: new Capture(), stderr: new Capture() };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "orchard-log-"));
}

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

async function waitFor(check: () => boolean): Promise<void> {
  await until(check, 1000, "the condition");
}

const entry: AccessEntry = {
  remoteIp: "127.0.0.1",
  time: new Date(2014, 1, 24, 21, 1, 46),
  method: "GET",
  url: "/as_string",
  protocol: "HTTP/1.1",
  status: 200,
  bytes: 7,
  requestId: "5f0c3b1e-9c1a-4d2b-8e3f-0a1b2c3d4e5f",
};

/** The combined line for `entry`. */
const LINE = '127.0.0.1 - - [24/Feb/2014:21:01:46] "GET /as_string HTTP/1.1" 200 7 "" ""';

const info = (message: string): LogRecord => ({ message, level: "info", context: "ENGINE" });

test("screen on: errors to stderr, access to stdout", () => {
  const io = streams();
  const log = new LogManager(io);
  log.error(info("Bus STARTING"));
  log.access(entry);
  assert.match(io.stderr.text, /^\[[^\]]+\] ENGINE Bus STARTING\n$/);
  assert.equal(io.stdout.text, `${LINE}\n`);
});

test("screen off writes nothing to stdout or stderr", () => {
  const io = streams();
  const log = new LogManager({ ...io, screen: false });
  log.error(info("Bus STARTED"));
  log.access(entry);
  assert.equal(io.stdout.text, "");
  assert.equal(io.stderr.text, "");
});

test("writes both logs to files in append mode", async () => {
  const dir = tempDir();
  try {
    const errorFile = join(dir, "error.log");
    const accessFile = join(dir, "access.log");
    const first = new LogManager({ ...streams(), screen: false, errorFile, accessFile });
    first.error(info("one"));
    first.access(entry);
    await first.close();
    const second = new LogManager({ ...streams(), screen: false, errorFile, accessFile });
    second.error(info("two"));
    await second.close();
    assert.match(read(errorFile), /^\[[^\]]+\] ENGINE one\n\[[^\]]+\] ENGINE two\n$/);
    assert.equal(read(accessFile), `${LINE}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("files are opened lazily: a manager that never writes creates no file", async () => {
  const dir = tempDir();
  try {
    const errorFile = join(dir, "error.log");
    const accessFile = join(dir, "access.log");
    const idle = new LogManager({ ...streams(), screen: false, errorFile, accessFile });
    idle.error({ message: "below the level", level: "debug", context: "APP" });
    await idle.close();
    assert.deepEqual([existsSync(errorFile), existsSync(accessFile)], [false, false]);
    // The same paths do get files once a line is written.
    const busy = new LogManager({ ...streams(), screen: false, errorFile, accessFile });
    busy.access(entry);
    await busy.close();
    assert.deepEqual([existsSync(errorFile), read(accessFile)], [false, `${LINE}\n`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("reopenFiles after logrotate renamed the file", async () => {
  const dir = tempDir();
  try {
    const path = join(dir, "access.log");
    const log = new LogManager({ ...streams(), screen: false, accessFile: path });
    log.access({ ...entry, url: "/before" });
    await waitFor(() => read(path).includes("/before"));
    renameSync(path, `${path}.1`);
    log.access({ ...entry, url: "/late" }); // still goes to the open (renamed) file
    await log.reopenFiles();
    log.access({ ...entry, url: "/after" });
    await log.close();
    const rotated = read(`${path}.1`);
    assert.match(rotated, /\/before/);
    assert.match(rotated, /\/late/);
    assert.doesNotMatch(rotated, /\/after/);
    assert.equal(read(path), `${LINE.replace("/as_string", "/after")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a missing directory is a clear error naming the file", () => {
  const missing = join(tmpdir(), "orchard-no-such-dir", "x", "error.log");
  assert.throws(() => new LogManager({ ...streams(), errorFile: missing }), (err: Error) => err.message.includes(missing));
  const log = new LogManager(streams());
  assert.throws(() => log.configure({ accessFile: missing }), /does not exist/);
  assert.equal(log.accessFile, undefined);
});

test("a stream error is reported once to stderr, never thrown, and the file's lines are dropped until reopenFiles()", async () => {
  const dir = tempDir();
  try {
    const io = streams();
    const sub = join(dir, "sub");
    const path = join(sub, "error.log");
    const log = new LogManager({ ...io, screen: false, errorFile: join(dir, "ok.log") });
    // Point at a directory that exists now, then remove it before the lazy open.
    mkdirSync(sub);
    log.errorFile = path;
    rmSync(sub, { recursive: true });
    log.error(info("one"));
    await waitFor(() => io.stderr.text.length > 0);
    // With the directory back, lines written now would create the file if they were not dropped.
    mkdirSync(sub);
    log.error(info("two"));
    log.error(info("three"));
    await log.close(); // settles every stream the manager opened, with its errors
    assert.equal(existsSync(path), false, "lines after the failure are dropped");
    const reports = io.stderr.text.split("\n");
    assert.equal(reports.length, 2, io.stderr.text); // one line and the final newline
    assert.match(reports[0]!, /^\[[^\]]+\] LOG Cannot write log file .*\/sub\/error\.log: ENOENT: .*; its lines are dropped until reopenFiles\(\)$/);
    assert.equal(reports[1], "");
    await log.reopenFiles();
    log.error(info("four"));
    await log.close();
    assert.match(read(path), /^\[[^\]]+\] ENGINE four\n$/);
    assert.equal(io.stderr.text.split("\n").length, 2, "no new report");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("sinks receive both records with their formatted lines", () => {
  const errors: Array<[LogRecord, string]> = [];
  const accesses: Array<[AccessEntry, string]> = [];
  const sink: LogSink = {
    error: (record, line) => errors.push([record, line]),
    access: (e, line) => accesses.push([e, line]),
  };
  const log = new LogManager({ ...streams(), screen: false, sinks: [sink] });
  const record = info("Bus STARTED");
  log.error(record);
  log.access(entry);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.[0], record);
  assert.match(errors[0]?.[1] ?? "", /\] ENGINE Bus STARTED$/);
  assert.equal(accesses.length, 1);
  assert.equal(accesses[0]?.[0], entry);
  assert.equal(accesses[0]?.[1], LINE);
});

test("a throwing sink is reported once and does not stop the others", () => {
  const io = streams();
  const seen: string[] = [];
  const bad: LogSink = {
    error: () => {
      throw new Error("sink down");
    },
  };
  const good: LogSink = { error: (r) => seen.push(r.message) };
  const log = new LogManager({ ...io, screen: false, sinks: [bad, good] });
  assert.doesNotThrow(() => {
    log.error(info("a"));
    log.error(info("b"));
  });
  assert.deepEqual(seen, ["a", "b"]);
  assert.equal(io.stderr.text.trim().split("\n").length, 1);
  assert.match(io.stderr.text, /sink down/);
});

test("level filtering: below the minimum level is dropped everywhere", () => {
  const io = streams();
  const seen: string[] = [];
  const log = new LogManager({ ...io, sinks: [{ error: (r) => seen.push(r.message) }] });
  assert.equal(log.level, "info");
  log.error({ message: "noise", level: "debug", context: "APP" });
  log.error({ message: "kept", level: "info", context: "APP" });
  log.level = "warning";
  log.error({ message: "dropped", level: "info", context: "APP" });
  log.error({ message: "warned", level: "warning", context: "APP" });
  log.error({ message: "failed", level: "error", context: "APP" });
  assert.deepEqual(seen, ["kept", "warned", "failed"]);
  assert.equal(io.stderr.text.trim().split("\n").length, 3);
  assert.throws(() => log.configure({ level: "loud" as "info" }), /Unknown log level/);
});

test("accessFormat recompiles; a bad format throws and keeps the old one", () => {
  const io = streams();
  const log = new LogManager(io);
  log.accessFormat = "{s} {o}";
  log.access({ ...entry, host: "example.com" });
  assert.throws(() => {
    log.accessFormat = "{s} {bogus}";
  }, /bogus/);
  assert.throws(() => log.configure({ accessFormat: "{zz}", screen: false }), /zz/);
  assert.equal(log.screen, true, "configure applies nothing when a setting is invalid");
  log.access({ ...entry, status: 404, host: "example.com" });
  assert.equal(io.stdout.text, "200 example.com\n404 example.com\n");
  assert.equal(log.accessFormat, "{s} {o}");
});

test("configure moves to a new file path and '' disables a file", async () => {
  const dir = tempDir();
  try {
    const a = join(dir, "a.log");
    const b = join(dir, "b.log");
    const log = new LogManager({ ...streams(), screen: false, errorFile: a });
    log.error(info("to a"));
    log.configure({ errorFile: b });
    assert.equal(log.errorFile, b);
    log.error(info("to b"));
    log.configure({ errorFile: "" });
    assert.equal(log.errorFile, undefined);
    log.error(info("nowhere"));
    await log.close();
    assert.match(read(a), /ENGINE to a\n$/);
    assert.match(read(b), /ENGINE to b\n$/);
    assert.doesNotMatch(read(a) + read(b), /nowhere/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('format "json": each record and access entry is one JSON line, on the screen and in sinks', () => {
  const out = streams();
  const sunk: string[] = [];
  const log = new LogManager({ ...out, format: "json", sinks: [{ error: (_r, line) => sunk.push(line), access: (_e, line) => sunk.push(line) }] });
  const failure = new TypeError("bad\nthing");
  log.error({ message: "Error in GET /x\n[01/Jan/2026:00:00:00] ENGINE forged", level: "error", context: "HTTP", error: failure, requestId: "req-7" });
  log.access({ ...entry, requestId: "req-7", durationMs: 12, login: "alice", host: "example.com", userAgent: "curl/8" });
  const [record, access] = [out.stderr.text, out.stdout.text];
  assert.match(record, /^\{.*\}\n$/, "one line, whatever the message holds");
  assert.match(access, /^\{.*\}\n$/);
  const parsed = JSON.parse(record) as Record<string, unknown>;
  assert.deepEqual({ ...parsed, time: 0, pid: 0, hostname: "" }, {
    level: 50,
    time: 0,
    pid: 0,
    hostname: "",
    context: "HTTP",
    reqId: "req-7",
    msg: "Error in GET /x\n[01/Jan/2026:00:00:00] ENGINE forged",
    err: { type: "TypeError", message: "bad\nthing", stack: failure.stack },
  });
  assert.equal(parsed.pid, process.pid);
  assert.deepEqual(JSON.parse(access), {
    level: 30,
    time: entry.time.getTime(),
    pid: process.pid,
    hostname: (JSON.parse(access) as { hostname: string }).hostname,
    reqId: "req-7",
    req: { method: "GET", url: "/as_string", protocol: "HTTP/1.1", host: "example.com", remoteAddress: "127.0.0.1", userAgent: "curl/8" },
    res: { statusCode: 200, contentLength: 7 },
    responseTime: 12,
    user: "alice",
    msg: "request completed",
  });
  assert.deepEqual(sunk, [record.trimEnd(), access.trimEnd()]);
  assert.throws(() => log.configure({ format: "xml" as "json" }), /Unknown log format "xml"; use "text" or "json"/);
  assert.equal(log.lineFormat, "json");
});
