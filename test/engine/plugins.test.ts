import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it, mock } from "node:test";
import {
  Autoreloader,
  Bus,
  DropPrivileges,
  Monitor,
  PIDFile,
  SimplePlugin,
  TimeoutMonitor,
  type BusChannel,
  type Deadline,
} from "../../src/engine/index.js";
import type { LogRecord } from "../../src/log/record.js";
import { AppProcess, fixture, intervalRounds, until, within } from "./app-process.js";

function recordLogs(bus: Bus): string[] {
  const lines: string[] = [];
  bus.subscribe("log", (record: LogRecord) => void lines.push(record.message));
  return lines;
}

/** Counts finished checks, so a test can change a file only after the first snapshot. */
class CountingReloader extends Autoreloader {
  checks = 0;
  override async check(): Promise<void> {
    await super.check();
    this.checks++;
  }
}

/** A bus that only counts restart requests instead of exiting and re-spawning. */
class RestartSpyBus extends Bus {
  restarts = 0;
  override restart(): Promise<void> {
    this.restarts++;
    return Promise.resolve();
  }
}

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "orchard-engine-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("SimplePlugin", () => {
  class Recorder extends SimplePlugin {
    static override priorities: Partial<Record<BusChannel, number>> = { start: 10 };
    readonly calls: string[] = [];
    start(): void {
      this.calls.push("start");
    }
    graceful(): void {
      this.calls.push("graceful");
    }
    notAChannel(): void {
      this.calls.push("notAChannel");
    }
  }

  it("subscribes the methods named after channels, with the class's priorities", async () => {
    const bus = new Bus();
    const plugin = new Recorder(bus);
    const order: string[] = [];
    bus.subscribe("start", () => order.push("bus default 50"));
    plugin.subscribe();
    plugin.subscribe();
    bus.subscribe("start", () => order.push(`plugin ran: ${plugin.calls.length}`), 20);
    await bus.start();
    await bus.graceful();
    await bus.publish("notAChannel");
    assert.deepEqual(plugin.calls, ["start", "graceful"]);
    assert.deepEqual(order, ["plugin ran: 1", "bus default 50"]);
  });

  it("unsubscribe() removes every listener it added", async () => {
    const bus = new Bus();
    const plugin = new Recorder(bus);
    plugin.subscribe();
    plugin.unsubscribe();
    await bus.start();
    await bus.graceful();
    assert.deepEqual(plugin.calls, []);
  });

  it("names its listeners after the class, so failures say who failed", async () => {
    class Broken extends SimplePlugin {
      stop(): void {
        throw new Error("no");
      }
    }
    const bus = new Bus();
    const lines = recordLogs(bus);
    new Broken(bus).subscribe();
    await assert.rejects(bus.stop());
    assert.ok(lines.includes("Error in 'stop' listener Broken.stop"), lines.join("\n"));
  });
});

describe("PIDFile", () => {
  it("writes the pid on start (priority 70), keeps it on a second start and removes it on exit", async () => {
    const bus = new Bus();
    const lines = recordLogs(bus);
    const path = join(dir, "app.pid");
    let seenAt60 = "";
    bus.subscribe("start", async () => {
      seenAt60 = await readFile(path, "utf8").catch(() => "missing");
    }, 60);
    new PIDFile(bus, path).subscribe();
    await bus.start();
    assert.equal(seenAt60, "missing", "written after the listeners of priority 60");
    assert.equal(await readFile(path, "utf8"), `${process.pid}\n`);
    assert.ok(lines.includes(`PID ${process.pid} written to '${path}'.`));

    await writeFile(path, "changed\n");
    await bus.stop();
    await bus.start();
    assert.equal(await readFile(path, "utf8"), "changed\n", "a second start does not rewrite the file");

    await bus.exit();
    await assert.rejects(stat(path), { code: "ENOENT" });
    assert.ok(lines.includes(`PID file removed: ${path}.`));
  });
});

describe("Monitor", () => {
  it("runs the callback every `frequency` seconds between start and stop", async () => {
    const bus = new Bus();
    const lines = recordLogs(bus);
    let calls = 0;
    let thirdCall!: () => void;
    const third = new Promise<void>((resolve) => (thirdCall = resolve));
    const monitor = new Monitor(bus, () => ++calls === 3 && thirdCall(), 0.005, "ticker");
    monitor.subscribe();
    await bus.start();
    await within(third, 2000);
    await bus.stop();
    const atStop = calls;
    // An interval of the monitor's period armed now fires after the monitor's would have, had stop() not cleared it.
    await within(intervalRounds(0.005 * 1000), 2000);
    assert.equal(calls, atStop, "no calls after stop");
    assert.ok(lines.includes("Started monitor 'ticker' (every 0.005 s)."));
    assert.ok(lines.includes("Stopped monitor 'ticker'."));
  });

  it("logs a failing callback and keeps running", async () => {
    const bus = new Bus();
    const errors: LogRecord[] = [];
    bus.subscribe("log", (record: LogRecord) => void (record.level === "error" && errors.push(record)));
    let calls = 0;
    let secondCall!: () => void;
    const second = new Promise<void>((resolve) => (secondCall = resolve));
    const monitor = new Monitor(bus, () => {
      if (++calls === 2) secondCall();
      throw new Error(`tick ${calls}`);
    }, 0.005, "flaky");
    monitor.subscribe();
    await bus.start();
    await within(second, 2000);
    await bus.stop();
    assert.equal(errors[0]?.message, "Error in monitor 'flaky'");
    assert.equal((errors[0]?.error as Error).message, "tick 1");
  });

  it("does not overlap runs of a slow async callback", async (t) => {
    const bus = new Bus();
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    t.after(() => release());
    const monitor = new Monitor(bus, async () => {
      calls++;
      maxRunning = Math.max(maxRunning, ++running);
      if (calls === 1) await held;
      running--;
    }, 0.002);
    monitor.subscribe();
    t.after(() => bus.exit());
    await bus.start();
    await until(() => calls === 1, 2000, "the first call");
    // While the first call is held, the monitor's timer fires again (its period has passed twice) ...
    await within(intervalRounds(0.002 * 1000, 3), 2000);
    assert.equal(calls, 1, "no second call while the first runs");
    release();
    // ... and once it is done, the next tick runs.
    await until(() => calls >= 2, 2000, "a second call");
    await bus.stop();
    assert.equal(maxRunning, 1);
  });

  it("restarts its timer on graceful", async () => {
    const bus = new Bus();
    const lines = recordLogs(bus);
    new Monitor(bus, () => undefined, 10, "slow").subscribe();
    await bus.start();
    await bus.graceful();
    await bus.stop();
    assert.deepEqual(lines.filter((l) => l.includes("'slow'")), [
      "Started monitor 'slow' (every 10 s).",
      "Stopped monitor 'slow'.",
      "Started monitor 'slow' (every 10 s).",
      "Stopped monitor 'slow'.",
    ]);
  });
});

describe("TimeoutMonitor", () => {
  it("calls timeOut() on entries past their deadline and forgets them", () => {
    const bus = new Bus();
    const timedOut: string[] = [];
    const entry = (name: string, deadline: number): Deadline => ({ deadline, timeOut: () => void timedOut.push(name) });
    const late = entry("late", Date.now() - 1000);
    const now = entry("now", Date.now());
    const future = entry("future", Date.now() + 60_000);
    const inflight = new Set([late, future, now]);
    const monitor = new TimeoutMonitor(bus, inflight);
    assert.equal(monitor.name, "TimeoutMonitor");
    assert.equal(monitor.frequency, 1);
    monitor.run();
    assert.deepEqual(timedOut, ["late", "now"]);
    assert.deepEqual([...inflight], [future]);
    monitor.run();
    assert.deepEqual(timedOut, ["late", "now"]);
  });

  it("checks on its own timer once started", async () => {
    const bus = new Bus();
    let fired!: () => void;
    const timedOut = new Promise<void>((resolve) => (fired = resolve));
    const inflight = new Set<Deadline>([{ deadline: Date.now() + 20, timeOut: () => fired() }]);
    new TimeoutMonitor(bus, inflight, 0.005).subscribe();
    await bus.start();
    await within(timedOut, 2000);
    await bus.stop();
    assert.equal(inflight.size, 0);
  });
});

describe("Autoreloader", () => {
  const onlyFiles = /^$/;

  it("requests a restart when a watched file changes", async () => {
    const bus = new RestartSpyBus();
    const lines = recordLogs(bus);
    const file = join(dir, "watched.json");
    await writeFile(file, "{}");
    const reloader = new Autoreloader(bus, { files: [file], match: onlyFiles });
    assert.equal(reloader.name, "Autoreloader");
    await reloader.check();
    await reloader.check();
    assert.equal(bus.restarts, 0, "an unchanged file does not restart");
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    await reloader.check();
    assert.equal(bus.restarts, 1);
    assert.ok(lines.includes(`Restarting because ${file} changed.`));
  });

  it("requests a restart when a watched file is deleted, and ignores files that never existed", async () => {
    const bus = new RestartSpyBus();
    const file = join(dir, "deleted.json");
    await writeFile(file, "{}");
    const reloader = new Autoreloader(bus, { files: [file, join(dir, "never.json")], match: onlyFiles });
    await reloader.check();
    await reloader.check();
    assert.equal(bus.restarts, 0);
    await rm(file);
    await reloader.check();
    assert.equal(bus.restarts, 1);
  });

  it("polls while started, watching files added later", async () => {
    const bus = new RestartSpyBus();
    const lines = recordLogs(bus);
    const file = join(dir, "added.conf");
    await writeFile(file, "a");
    const reloader = new CountingReloader(bus, { frequency: 0.005, match: onlyFiles });
    reloader.files.add(file);
    reloader.subscribe();
    await bus.start();
    assert.ok(lines.includes("Started monitor 'Autoreloader' (every 0.005 s)."));
    await until(() => reloader.checks > 0, 2000, "the first check");
    const later = new Date(Date.now() + 5000);
    await utimes(file, later, later);
    await until(() => bus.restarts > 0, 2000, "a restart request");
    await bus.stop();
    assert.equal(bus.restarts, 1);
  });

  it("watches the entry script among loaded modules, filtered by match", () => {
    const bus = new Bus();
    const entry = process.argv[1]!;
    assert.ok(new Autoreloader(bus).loadedModules().includes(entry));
    assert.ok(!new Autoreloader(bus, { match: onlyFiles }).loadedModules().includes(entry));
  });
});

describe("DropPrivileges", () => {
  it("starts after servers (priority 77 > 75)", async () => {
    const bus = new Bus();
    const order: string[] = [];
    bus.subscribe("start", () => order.push("server"), 75);
    const plugin = new DropPrivileges(bus);
    plugin.start = () => void order.push("drop");
    plugin.subscribe();
    bus.subscribe("start", () => order.push("after"), 80);
    await bus.start();
    assert.deepEqual(order, ["server", "drop", "after"]);
  });

  it("refuses uid/gid with a clear error when not root", { skip: process.platform === "win32" }, () => {
    const getuid = mock.method(process as { getuid(): number }, "getuid", () => 1000);
    try {
      const plugin = new DropPrivileges(new Bus(), { uid: "nobody" });
      assert.throws(() => plugin.start(), /needs root, but this process runs as uid 1000/);
    } finally {
      getuid.mock.restore();
    }
  });

  it("sets the umask in a child process", { skip: process.platform === "win32" }, async (t) => {
    const app = new AppProcess(fixture("drop-app.js"), [JSON.stringify({ umask: 0o027 })]);
    t.after(() => app.kill());
    const [, ids] = await app.waitFor(/^IDS (.*)$/);
    assert.equal(JSON.parse(ids!).umask, 0o027);
    assert.ok(app.lines.includes("uid/gid not set."));
    assert.ok(app.lines.some((l) => /^umask old: \d{3}, new: 027$/.test(l)), app.lines.join("\n"));
    assert.deepEqual(await within(app.exited, 5000), [0, null]);
  });

  const root = process.getuid?.() === 0;
  it("drops to another uid and gid in a child process (as root)", { skip: !root && "needs root" }, async (t) => {
    const app = new AppProcess(fixture("drop-app.js"), [JSON.stringify({ uid: 65534, gid: 65534 }), "[0, 1]"]);
    t.after(() => app.kill());
    const [, ids] = await app.waitFor(/^IDS (.*)$/);
    const { uid, gid, groups } = JSON.parse(ids!) as { uid: number; gid: number; groups: number[] };
    assert.deepEqual({ uid, gid }, { uid: 65534, gid: 65534 });
    assert.deepEqual(groups, [65534], "supplementary groups 0 and 1 are dropped");
    assert.ok(app.lines.includes("Started as uid: 0 gid: 0"), app.lines.join("\n"));
    assert.ok(app.lines.includes("Running as uid: 65534 gid: 65534"));
    assert.deepEqual(await within(app.exited, 5000), [0, null]);
  });
});
