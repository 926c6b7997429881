import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Bus, ChannelFailures } from "../../src/engine/index.js";
import type { LogRecord } from "../../src/log/record.js";
import { intervalRounds, until, within } from "./app-process.js";

function recordLogs(bus: Bus): LogRecord[] {
  const records: LogRecord[] = [];
  bus.subscribe("log", (record: LogRecord) => void records.push(record));
  return records;
}

const messages = (records: LogRecord[]): string[] => records.map((r) => r.message);

/** Runs a test that sets process.exitCode, then puts back the previous value (the test runner uses it too). */
function withExitCodeReset(run: () => Promise<void>): () => Promise<void> {
  return async () => {
    const previous = process.exitCode;
    process.exitCode = undefined;
    try {
      await run();
    } finally {
      process.exitCode = previous;
    }
  };
}

describe("Bus.subscribe / publish", () => {
  it("runs listeners in ascending priority order, 50 by default", async () => {
    const bus = new Bus();
    const ran: string[] = [];
    for (const priority of [100, 50, 0, 51]) bus.subscribe("ch", () => ran.push(`p${priority}`), priority);
    bus.subscribe("ch", () => ran.push("default"));
    await bus.publish("ch");
    assert.deepEqual(ran, ["p0", "p50", "default", "p51", "p100"]);
  });

  it("uses a listener's own priority property when none is given", async () => {
    const bus = new Bus();
    const ran: string[] = [];
    const early = Object.assign(() => ran.push("early"), { priority: 10 });
    bus.subscribe("ch", () => ran.push("plain"));
    bus.subscribe("ch", early);
    await bus.publish("ch");
    assert.deepEqual(ran, ["early", "plain"]);
  });

  it("keeps a function once per channel and runs equal priorities in subscription order", async () => {
    const bus = new Bus();
    const ran: string[] = [];
    const a = (): number => ran.push("a");
    const b = (): number => ran.push("b");
    bus.subscribe("ch", a);
    bus.subscribe("ch", b);
    bus.subscribe("ch", a, 50);
    await bus.publish("ch");
    assert.deepEqual(ran, ["b", "a"]);
  });

  it("unsubscribe removes only the given function", async () => {
    const bus = new Bus();
    const ran: string[] = [];
    const a = (): number => ran.push("a");
    bus.subscribe("ch", a);
    bus.subscribe("ch", () => ran.push("b"));
    bus.unsubscribe("ch", a);
    bus.unsubscribe("other", a);
    await bus.publish("ch");
    assert.deepEqual(ran, ["b"]);
  });

  it("passes the arguments to every listener and returns their results in order", async () => {
    const bus = new Bus();
    bus.subscribe("sum", (a: number, b: number) => a + b, 20);
    bus.subscribe("sum", async (a: number, b: number) => a * b, 10);
    bus.subscribe("sum", (a: number, b: number) => `${a}-${b}`, 30);
    assert.deepEqual(await bus.publish("sum", 3, 4), [12, 7, "3-4"]);
  });

  it("awaits each listener before running the next", async () => {
    const bus = new Bus();
    const ran: string[] = [];
    bus.subscribe("ch", async () => {
      await sleep(20);
      ran.push("slow");
    }, 10);
    bus.subscribe("ch", () => ran.push("fast"), 20);
    await bus.publish("ch");
    assert.deepEqual(ran, ["slow", "fast"]);
  });

  it("resolves [] on a channel without listeners", async () => {
    assert.deepEqual(await new Bus().publish("nobody-listens", 1), []);
  });

  it("runs the other listeners, logs the failure, then rejects with ChannelFailures", async () => {
    const bus = new Bus();
    const logs = recordLogs(bus);
    const ran: string[] = [];
    const boom = new Error("boom");
    const late = new Error("late");
    bus.subscribe("ch", () => ran.push("first"), 10);
    bus.subscribe("ch", function explode() {
      throw boom;
    }, 20);
    bus.subscribe("ch", async () => Promise.reject(late), 25);
    bus.subscribe("ch", () => ran.push("last"), 30);
    const failure = await bus.publish("ch").then(
      () => assert.fail("publish should reject"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof ChannelFailures);
    assert.equal(failure.channel, "ch");
    assert.deepEqual(failure.errors, [boom, late]);
    assert.deepEqual(ran, ["first", "last"]);
    const errors = logs.filter((r) => r.level === "error");
    assert.equal(errors.length, 2);
    assert.equal(errors[0]!.message, "Error in 'ch' listener explode");
    assert.equal(errors[0]!.context, "ENGINE");
    assert.equal(errors[0]!.error, boom);
    assert.equal(errors[1]!.error, late);
  });
});

describe("Bus.log", () => {
  it("publishes a LogRecord on 'log' that synchronous listeners see at once", () => {
    const bus = new Bus();
    const logs = recordLogs(bus);
    const error = new Error("why");
    bus.log("plain");
    bus.log("bad", "error", error, "HTTP");
    assert.deepEqual(logs, [
      { message: "plain", level: "info", context: "ENGINE" },
      { message: "bad", level: "error", context: "HTTP", error },
    ]);
  });

  it("keeps the order of lines for a slow async log listener", async () => {
    const bus = new Bus();
    const seen: string[] = [];
    let first = true;
    bus.subscribe("log", async (record: LogRecord) => {
      if (first) {
        first = false;
        await sleep(30);
      }
      seen.push(record.message);
    });
    const sync = recordLogs(bus);
    for (const line of ["one", "two", "three"]) bus.log(line);
    await until(() => sync.length === 3, 2000, "three log lines");
    assert.deepEqual(seen, ["one", "two", "three"]);
    assert.deepEqual(messages(sync), ["one", "two", "three"]);
    bus.log("four");
    assert.equal(seen.at(-1), "four", "delivered synchronously again once the queue drained");
  });

  it("writes a failing log listener's error to stderr instead of logging it again", () => {
    const bus = new Bus();
    const written: string[] = [];
    const write = mock.method(process.stderr, "write", (chunk: string) => {
      written.push(chunk);
      return true;
    });
    try {
      bus.subscribe("log", function brokenSink() {
        throw new Error("disk full");
      });
      const logs = recordLogs(bus);
      bus.log("hello");
      assert.deepEqual(messages(logs), ["hello"]);
      assert.equal(written.length, 1);
      assert.match(written[0]!, /^Error in 'log' listener brokenSink: Error: disk full/);
    } finally {
      write.mock.restore();
    }
  });
});

describe("Bus states", () => {
  it("start() logs exactly 'Bus STARTING', 'Bus STARTED' and ends STARTED", async () => {
    const bus = new Bus();
    const logs = recordLogs(bus);
    const seen: string[] = [];
    bus.subscribe("start", () => seen.push(bus.state));
    assert.equal(bus.state, "STOPPED");
    await bus.start();
    assert.deepEqual(messages(logs), ["Bus STARTING", "Bus STARTED"]);
    assert.deepEqual(seen, ["STARTING"]);
    assert.equal(bus.state, "STARTED");
    await bus.start();
    assert.deepEqual(seen, ["STARTING"], "a second start() is a no-op");
  });

  it("stop() logs exactly 'Bus STOPPING', 'Bus STOPPED' and ends STOPPED", async () => {
    const bus = new Bus();
    await bus.start();
    const logs = recordLogs(bus);
    const seen: string[] = [];
    bus.subscribe("stop", () => seen.push(bus.state));
    await bus.stop();
    assert.deepEqual(messages(logs), ["Bus STOPPING", "Bus STOPPED"]);
    assert.deepEqual(seen, ["STOPPING"]);
    assert.equal(bus.state, "STOPPED");
  });

  it("graceful() logs 'Bus graceful', publishes 'graceful' and keeps the state", async () => {
    const bus = new Bus();
    await bus.start();
    const logs = recordLogs(bus);
    let reloads = 0;
    bus.subscribe("graceful", () => reloads++);
    await bus.graceful();
    assert.deepEqual(messages(logs), ["Bus graceful"]);
    assert.equal(reloads, 1);
    assert.equal(bus.state, "STARTED");
  });

  it("exit() runs every stop listener, then every exit listener, and ends EXITING", withExitCodeReset(async () => {
    const bus = new Bus();
    await bus.start();
    const logs = recordLogs(bus);
    const ran: string[] = [];
    bus.subscribe("stop", () => ran.push("stop 1"));
    bus.subscribe("exit", () => ran.push(`exit 1 in ${bus.state}`));
    bus.subscribe("stop", async () => void ran.push("stop 2"), 60);
    bus.subscribe("exit", () => ran.push("exit 2"), 60);
    await Promise.all([bus.exit(), bus.exit()]);
    await bus.exit();
    assert.deepEqual(ran, ["stop 1", "stop 2", "exit 1 in EXITING", "exit 2"]);
    assert.equal(bus.state, "EXITING");
    assert.deepEqual(messages(logs), ["Bus STOPPING", "Bus STOPPED", "Bus EXITING", "Bus EXITED"]);
    assert.equal(process.exitCode, undefined);
  }));

  it(
    "exit() still runs exit listeners after a failing stop listener and sets exit code 70",
    withExitCodeReset(async () => {
      const bus = new Bus();
      const logs = recordLogs(bus);
      let exited = false;
      bus.subscribe("stop", () => {
        throw new Error("stuck");
      });
      bus.subscribe("exit", () => (exited = true));
      await bus.exit();
      assert.ok(exited);
      assert.equal(bus.state, "EXITING");
      assert.equal(process.exitCode, 70);
      assert.ok(logs.some((r) => r.level === "error" && r.message.includes("exit code set to 70")));
    }),
  );

  it(
    "a failing start listener makes start() log, exit, set exit code 70 and rethrow",
    withExitCodeReset(async () => {
      const bus = new Bus();
      const logs = recordLogs(bus);
      const ran: string[] = [];
      const cause = new Error("port in use");
      bus.subscribe("start", () => {
        throw cause;
      });
      bus.subscribe("start", () => ran.push("other start"), 60);
      bus.subscribe("stop", () => ran.push("stop"));
      bus.subscribe("exit", () => ran.push("exit"));
      await assert.rejects(bus.start(), (error: unknown) => error instanceof ChannelFailures && error.errors[0] === cause);
      assert.deepEqual(ran, ["other start", "stop", "exit"]);
      assert.equal(bus.state, "EXITING");
      assert.equal(process.exitCode, 70);
      const shutdown = logs.find((r) => r.message === "Shutting down due to error in start listener:");
      assert.ok(shutdown);
      assert.equal(shutdown.level, "error");
      assert.ok(shutdown.error instanceof ChannelFailures);
      assert.equal(messages(logs).at(-1), "Bus EXITED");
    }),
  );

  it("restart() exits the bus (the re-spawn happens in block())", async () => {
    const bus = new Bus();
    await bus.start();
    await bus.restart();
    assert.equal(bus.state, "EXITING");
  });
});

describe("Bus.wait", () => {
  it("publishes its channel on every poll until the state is reached", async (t) => {
    const bus = new Bus();
    t.after(() => bus.start()); // ends the polling loop even if this test fails
    let polls = 0;
    bus.subscribe("poll", () => {
      if (++polls === 5) void bus.start();
    });
    await within(bus.wait("STARTED", 0.005, "poll"), 2000);
    assert.equal(bus.state, "STARTED");
    assert.ok(polls >= 5, `polled ${polls} times`);
  });

  it("accepts several states and resolves at once when already in one", async () => {
    const bus = new Bus();
    let polls = 0;
    bus.subscribe("poll", () => polls++);
    await bus.wait(["STARTED", "STOPPED"], 0.005, "poll");
    assert.equal(polls, 0);
  });
});

describe("Bus.block", () => {
  it("publishes 'main' while waiting and resolves once the bus has exited", async () => {
    const bus = new Bus();
    await bus.start();
    let mains = 0;
    bus.subscribe("main", () => {
      if (++mains === 3) void bus.exit();
    });
    await within(bus.block(0.005), 2000);
    assert.equal(bus.state, "EXITING");
    assert.equal(mains, 3);
    // An interval of block()'s period armed now fires after block()'s own would have, had it not been cleared.
    await within(intervalRounds(0.005 * 1000), 2000);
    assert.equal(mains, 3, "'main' is no longer published after exit");
  });

  it("releases every pending block() and resolves at once after exit", async () => {
    const bus = new Bus();
    await bus.start();
    const blocked = [bus.block(0.01), bus.block(0.01)];
    await bus.exit();
    await within(Promise.all(blocked), 1000);
    await within(bus.block(), 100);
  });
});
