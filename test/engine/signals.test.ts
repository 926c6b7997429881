import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Bus, SignalHandler } from "../../src/engine/index.js";
import type { LogRecord } from "../../src/log/record.js";
import { AppProcess, assertInOrder, fixture, within } from "./app-process.js";

/** Records which bus transitions were requested, without exiting anything. */
class SpyBus extends Bus {
  readonly calls: string[] = [];
  override exit(): Promise<void> {
    this.calls.push("exit");
    return Promise.resolve();
  }
  override restart(): Promise<void> {
    this.calls.push("restart");
    return Promise.resolve();
  }
  override graceful(): Promise<void> {
    this.calls.push("graceful");
    return Promise.resolve();
  }
}

function recordLogs(bus: Bus): string[] {
  const lines: string[] = [];
  bus.subscribe("log", (record: LogRecord) => void lines.push(record.message));
  return lines;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const posix = process.platform !== "win32";

// In this process only SIGUSR1, SIGUSR2 and SIGHUP are emitted: the test runner listens for SIGINT/SIGTERM itself.
describe("SignalHandler (in process, via process.emit)", () => {
  it("listens for SIGTERM, SIGINT, SIGHUP and SIGUSR1, logging one line each", (t) => {
    const bus = new SpyBus();
    const lines = recordLogs(bus);
    const handler = new SignalHandler(bus);
    t.after(() => handler.unsubscribe());
    handler.subscribe();
    assert.deepEqual(lines, [
      "Listening for SIGTERM.",
      "Listening for SIGINT.",
      "Listening for SIGHUP.",
      "Listening for SIGUSR1.",
    ]);
  });

  it("maps SIGUSR1 to graceful() and logs the signal", async (t) => {
    const bus = new SpyBus();
    const lines = recordLogs(bus);
    const handler = new SignalHandler(bus);
    t.after(() => handler.unsubscribe());
    handler.subscribe();
    process.emit("SIGUSR1", "SIGUSR1");
    await settle();
    assert.deepEqual(bus.calls, ["graceful"]);
    assert.ok(lines.includes("Caught signal SIGUSR1."));
  });

  it("maps SIGHUP to exit() on a terminal and to restart() otherwise", async (t) => {
    class OnTerminal extends SignalHandler {
      override attachedToTerminal(): boolean {
        return true;
      }
    }
    class Detached extends SignalHandler {
      override attachedToTerminal(): boolean {
        return false;
      }
    }
    const terminalBus = new SpyBus();
    const detachedBus = new SpyBus();
    const handlers = [new OnTerminal(terminalBus), new Detached(detachedBus)];
    t.after(() => handlers.forEach((h) => h.unsubscribe()));
    handlers.forEach((h) => h.subscribe());
    process.emit("SIGHUP", "SIGHUP");
    await settle();
    assert.deepEqual(terminalBus.calls, ["exit"]);
    assert.deepEqual(detachedBus.calls, ["restart"]);
  });

  it("uses the handlers map, so users can change or add signals", async (t) => {
    const bus = new SpyBus();
    const lines = recordLogs(bus);
    const handler = new SignalHandler(bus);
    t.after(() => handler.unsubscribe());
    handler.handlers.set("SIGUSR2", () => bus.calls.push("custom"));
    handler.handlers.delete("SIGUSR1");
    handler.subscribe();
    assert.ok(lines.includes("Listening for SIGUSR2."));
    assert.ok(!lines.includes("Listening for SIGUSR1."));
    process.emit("SIGUSR2", "SIGUSR2");
    await settle();
    assert.deepEqual(bus.calls, ["custom"]);
  });

  it("unsubscribe() removes only its own listeners, so earlier handlers keep working", async (t) => {
    const earlier: string[] = [];
    const earlierListener = (): number => earlier.push("earlier");
    process.on("SIGUSR1", earlierListener);
    t.after(() => process.off("SIGUSR1", earlierListener));
    const before = process.listenerCount("SIGUSR1");
    const bus = new SpyBus();
    const handler = new SignalHandler(bus);
    handler.subscribe();
    assert.equal(process.listenerCount("SIGUSR1"), before + 1);
    handler.unsubscribe();
    assert.equal(process.listenerCount("SIGUSR1"), before);
    process.emit("SIGUSR1", "SIGUSR1");
    await settle();
    assert.deepEqual(earlier, ["earlier"]);
    assert.deepEqual(bus.calls, []);
  });
});

describe("signals and PID file in a child process", { skip: !posix && "POSIX signals" }, () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "orchard-signals-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function launch(t: { after(fn: () => void): void }, pidFile: string, ...args: string[]): AppProcess {
    const app = new AppProcess(fixture("signal-app.js"), [pidFile, ...args]);
    t.after(() => app.kill());
    return app;
  }

  it("writes the PID file, survives SIGUSR1 (graceful), and exits cleanly on SIGTERM", async (t) => {
    const pidFile = join(dir, "term.pid");
    const app = launch(t, pidFile);
    const [, pid] = await app.waitFor(/^READY (\d+)$/);
    assert.equal(await readFile(pidFile, "utf8"), `${pid}\n`);
    assertInOrder(app.lines, [
      "Listening for SIGTERM.",
      "Listening for SIGHUP.",
      "Bus STARTING",
      `PID ${pid} written to '${pidFile}'.`,
      "Bus STARTED",
    ]);

    app.signal("SIGUSR1");
    await app.waitFor(/^Caught signal SIGUSR1\.$/);
    await app.waitFor(/^Bus graceful$/);
    assert.equal(app.child.exitCode, null, "still running after SIGUSR1");

    app.signal("SIGTERM");
    assert.deepEqual(await within(app.exited, 5000, () => app.lines.join("\n")), [0, null]);
    await within(app.closed, 5000);
    assertInOrder(app.lines, [
      "Caught signal SIGTERM.",
      "Bus STOPPING",
      "Bus STOPPED",
      "Bus EXITING",
      `PID file removed: ${pidFile}.`,
      "Bus EXITED",
    ]);
    await assert.rejects(stat(pidFile), { code: "ENOENT" });
  });

  it("exits cleanly on SIGINT", async (t) => {
    const app = launch(t, join(dir, "int.pid"));
    await app.waitFor(/^READY/);
    app.signal("SIGINT");
    assert.deepEqual(await within(app.exited, 5000, () => app.lines.join("\n")), [0, null]);
    await within(app.closed, 5000);
    assertInOrder(app.lines, ["Caught signal SIGINT.", "Bus EXITING", "Bus EXITED"]);
  });

  it("re-spawns itself on SIGHUP when not attached to a terminal", async (t) => {
    const pidFile = join(dir, "hup.pid");
    const app = launch(t, pidFile);
    let replacement = 0;
    t.after(() => {
      if (replacement) killQuietly(replacement);
    });
    const [, first] = await app.waitFor(/^READY (\d+)$/);

    app.signal("SIGHUP");
    await app.waitFor(/^Caught signal SIGHUP\.$/);
    await app.waitFor(/^Bus EXITED$/);
    await app.waitFor(/^Re-spawning .*signal-app\.js/);
    assert.deepEqual(await within(app.exited, 5000), [0, null], "the old process ends");
    const [, second] = await app.waitFor(/^READY (\d+)$/);
    replacement = Number(second);
    assert.notEqual(second, first);
    assert.equal(await readFile(pidFile, "utf8"), `${second}\n`);

    process.kill(replacement, "SIGTERM");
    await within(app.closed, 5000, () => app.lines.join("\n"));
    replacement = 0;
    assertInOrder(app.lines, [`READY ${second}`, "Caught signal SIGTERM.", "Bus EXITED"]);
    await assert.rejects(stat(pidFile), { code: "ENOENT" });
  });

  it("exits with code 70 and reports the cause when a start listener throws", async (t) => {
    const app = launch(t, join(dir, "fail.pid"), "fail-start");
    assert.deepEqual(await within(app.exited, 5000, () => app.lines.join("\n")), [70, null]);
    await within(app.closed, 5000);
    const output = app.lines.join("\n");
    assert.match(output, /Error in 'start' listener failingStart Error: database unreachable/);
    assert.match(output, /Shutting down due to error in start listener: ChannelFailures: .*database unreachable/);
    assertInOrder(app.lines, ["Bus STARTING", "Bus STOPPING", "Bus EXITING", "Bus EXITED", "START FAILED exitCode=70"]);
    assert.ok(!app.lines.some((line) => line.startsWith("READY")));
  });
});

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
