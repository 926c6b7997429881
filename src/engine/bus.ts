/**
 * The process bus: a small state machine for the site's lifecycle (STOPPED → STARTING → STARTED →
 * STOPPING → EXITING) and a priority-ordered publish/subscribe hub that plugins and servers share.
 */
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { LogLevel, LogRecord } from "../log/record.js";

export type BusState = "STOPPED" | "STARTING" | "STARTED" | "STOPPING" | "EXITING";

// Method syntax makes the parameters bivariant, so `(port: number) => void` is accepted as a listener.
export type Listener = { listener(...args: unknown[]): unknown }["listener"];

/** Rejects publish() once every listener has run, when at least one of them failed. */
export class ChannelFailures extends AggregateError {
  override name = "ChannelFailures";

  constructor(
    readonly channel: string,
    errors: unknown[],
  ) {
    super(errors, `${errors.length} listener(s) failed on channel '${channel}': ${errors.map(describe).join("; ")}`);
  }
}

/**
 * A failure of the environment rather than of the code (a port in use, a missing certificate),
 * whose message already says what to do: the bus logs it as one line, without a stack.
 */
export class OperationalError extends Error {
  override name = "OperationalError";
}

interface Subscription {
  fn: Listener;
  priority: number;
}

/** EX_SOFTWARE from sysexits.h: the exit code when starting or exiting went wrong. */
const EX_SOFTWARE = 70;
const DEFAULT_PRIORITY = 50;

export class Bus {
  #state: BusState = "STOPPED";
  readonly #channels = new Map<string, Subscription[]>();
  #exiting: Promise<void> | undefined;
  #exited = false;
  #respawn = false;
  readonly #blocked: (() => void)[] = [];
  #logTail: Promise<unknown> | undefined;

  get state(): BusState {
    return this.#state;
  }

  /**
   * Adds `fn` to `channel` once; lower priorities run first, equal ones in subscription order.
   * Without a priority, the function's own `priority` property is used, else 50.
   */
  subscribe(channel: string, fn: Listener, priority?: number): void {
    const own = (fn as { priority?: unknown }).priority;
    const rank = priority ?? (typeof own === "number" ? own : DEFAULT_PRIORITY);
    const list = (this.#channels.get(channel) ?? []).filter((sub) => sub.fn !== fn);
    const at = list.findIndex((sub) => sub.priority > rank);
    list.splice(at === -1 ? list.length : at, 0, { fn, priority: rank });
    this.#channels.set(channel, list);
  }

  unsubscribe(channel: string, fn: Listener): void {
    const list = this.#channels.get(channel)?.filter((sub) => sub.fn !== fn);
    if (list?.length) this.#channels.set(channel, list);
    else this.#channels.delete(channel);
  }

  /** Runs the channel's listeners one after another and resolves with their results, in order. */
  publish(channel: string, ...args: unknown[]): Promise<unknown[]> {
    try {
      return Promise.resolve(this.#dispatch(channel, args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Publishes a record on "log"; synchronous listeners see it before log() returns. */
  log(message: string, level: LogLevel = "info", error?: unknown, context = "ENGINE"): void {
    const record: LogRecord = error === undefined ? { message, level, context } : { message, level, context, error };
    const pending = this.#logTail ? this.#logTail.then(() => this.#deliverLog(record)) : this.#deliverLog(record);
    if (pending === undefined) return;
    // Queue behind a slow (async) log listener so every listener still sees the lines in order.
    const tail: Promise<unknown> = pending.then(() => {
      if (this.#logTail === tail) this.#logTail = undefined;
    });
    this.#logTail = tail;
  }

  async start(): Promise<void> {
    if (this.#state === "STARTED") return;
    this.#exiting = undefined;
    this.#exited = false;
    this.#state = "STARTING";
    this.log("Bus STARTING");
    try {
      await this.publish("start");
    } catch (error) {
      if (error instanceof ChannelFailures && error.errors.every((e) => e instanceof OperationalError)) {
        this.log("Shutting down: the engine could not start.", "error");
      } else this.log("Shutting down due to error in start listener:", "error", error);
      await this.exit();
      process.exitCode = EX_SOFTWARE;
      throw error;
    }
    this.#state = "STARTED";
    this.log("Bus STARTED");
  }

  /** Ends in STOPPED even when a stop listener fails (the others did run); then rejects. */
  async stop(): Promise<void> {
    this.#state = "STOPPING";
    this.log("Bus STOPPING");
    try {
      await this.publish("stop");
    } finally {
      this.#state = "STOPPED";
      this.log("Bus STOPPED");
    }
  }

  /** Stops, then runs the exit listeners and releases block(). Calls made while exiting share one run. */
  exit(): Promise<void> {
    this.#exiting ??= this.#exit();
    return this.#exiting;
  }

  async graceful(): Promise<void> {
    this.log("Bus graceful");
    await this.publish("graceful");
  }

  /** Exits; the block() call that keeps the process alive then starts a replacement process. */
  restart(): Promise<void> {
    this.#respawn = true;
    return this.exit();
  }

  /** Keeps the process alive until the bus has exited, publishing "main" every `interval` seconds. */
  async block(interval = 0.1): Promise<void> {
    if (!this.#exited) await this.#untilExited(interval);
    if (this.#respawn) {
      this.#respawn = false;
      this.#spawnReplacement();
    }
  }

  /** Polls every `interval` seconds until the bus is in (one of) `state`, publishing `channel` on each poll. */
  async wait(state: BusState | readonly BusState[], interval = 0.1, channel?: string): Promise<void> {
    const wanted: readonly BusState[] = typeof state === "string" ? [state] : state;
    while (!wanted.includes(this.#state)) {
      await sleep(interval * 1000);
      if (channel !== undefined) await this.publish(channel);
    }
  }

  async #exit(): Promise<void> {
    let failed = false;
    try {
      await this.stop();
    } catch {
      failed = true;
    }
    this.#state = "EXITING";
    this.log("Bus EXITING");
    try {
      await this.publish("exit");
    } catch {
      failed = true;
    }
    if (failed) {
      this.log(`Listeners failed while exiting; exit code set to ${EX_SOFTWARE}.`, "error");
      process.exitCode = EX_SOFTWARE;
    }
    this.log("Bus EXITED");
    this.#exited = true;
    for (const release of this.#blocked.splice(0)) release();
  }

  // Stays synchronous until a listener returns a promise, so synchronous log listeners get lines at once.
  #dispatch(channel: string, args: unknown[]): unknown[] | Promise<unknown[]> {
    const queue = [...(this.#channels.get(channel) ?? [])];
    const results: unknown[] = [];
    const errors: unknown[] = [];
    const fail = (fn: Listener, error: unknown): void => {
      results.push(undefined);
      errors.push(error);
      this.#reportFailure(channel, fn, error);
    };
    const runFrom = (start: number): unknown[] | Promise<unknown[]> => {
      for (let i = start; i < queue.length; i++) {
        const { fn } = queue[i]!;
        let out: unknown;
        try {
          out = fn(...args);
        } catch (error) {
          fail(fn, error);
          continue;
        }
        if (isPromiseLike(out)) {
          return Promise.resolve(out)
            .then((value) => void results.push(value), (error: unknown) => fail(fn, error))
            .then(() => runFrom(i + 1));
        }
        results.push(out);
      }
      if (errors.length > 0) throw new ChannelFailures(channel, errors);
      return results;
    };
    return runFrom(0);
  }

  #reportFailure(channel: string, fn: Listener, error: unknown): void {
    const where = `Error in '${channel}' listener ${fn.name || "(anonymous)"}`;
    // Reporting a log listener's failure through the log channel could recurse forever.
    if (channel === "log") process.stderr.write(`${where}: ${error instanceof Error ? error.stack : String(error)}\n`);
    else if (error instanceof OperationalError) this.log(error.message, "error");
    else this.log(where, "error", error);
  }

  /** Failures were already reported one by one, so the aggregate is dropped here. */
  #deliverLog(record: LogRecord): Promise<unknown> | undefined {
    try {
      const out = this.#dispatch("log", [record]);
      return out instanceof Promise ? out.catch(() => undefined) : undefined;
    } catch {
      return undefined;
    }
  }

  #untilExited(interval: number): Promise<void> {
    return new Promise((resolve) => {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        this.publish("main")
          .catch(() => undefined)
          .finally(() => (busy = false));
      }, interval * 1000);
      this.#blocked.push(() => {
        clearInterval(timer);
        resolve();
      });
    });
  }

  // Node cannot exec in place, so the replacement is a child that outlives this process.
  #spawnReplacement(): void {
    const args = [...process.execArgv, ...process.argv.slice(1)];
    this.log(`Re-spawning ${[process.execPath, ...args].join(" ")}`);
    const child = spawn(process.execPath, args, { env: process.env, stdio: "inherit" });
    child.on("error", (error) => this.log("Re-spawning failed", "error", error));
    child.unref();
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
