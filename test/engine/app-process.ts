// Test helper: runs a compiled fixture in a child process and waits for its output lines with bounded timeouts.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { hangBound } from "../bounds.js";

export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export class AppProcess {
  readonly child: ChildProcess;
  /** Every line, stdout and stderr as they arrive. */
  readonly lines: string[] = [];
  /** The lines of stdout alone. */
  readonly stdout: string[] = [];
  /** Resolves when the process exits: [code, signal]. */
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** Resolves when stdout is closed by every process holding it (a re-spawned child inherits it). */
  readonly closed: Promise<void>;
  #cursor = 0;
  #waiters: (() => boolean)[] = [];

  /** `env` adds to (or, with undefined values, removes from) this process's environment. */
  constructor(script: string, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
    const env = { ...process.env, ...extraEnv };
    delete env.NODE_TEST_CONTEXT;
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    this.child = spawn(process.execPath, [script, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    this.exited = once(this.child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    const stdout = createInterface({ input: this.child.stdout! });
    const stderr = createInterface({ input: this.child.stderr! });
    stdout.on("line", (line) => this.stdout.push(line));
    for (const reader of [stdout, stderr]) reader.on("line", (line) => this.#push(line));
    this.closed = Promise.all([once(stdout, "close"), once(stderr, "close")]).then(() => undefined);
  }

  /** The next line (after the last one matched) that matches `pattern`. */
  async waitFor(pattern: RegExp, timeoutMs = 5000): Promise<RegExpMatchArray> {
    return within(
      new Promise((resolve) => {
        const look = (): boolean => {
          for (let i = this.#cursor; i < this.lines.length; i++) {
            const match = this.lines[i]!.match(pattern);
            if (match) {
              this.#cursor = i + 1;
              resolve(match);
              return true;
            }
          }
          return false;
        };
        if (!look()) this.#waiters.push(look);
      }),
      timeoutMs,
      () => `no line matching ${pattern} in:\n${this.lines.join("\n")}`,
    );
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** Cleanup: kills the process if it still runs. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }

  #push(line: string): void {
    this.lines.push(line);
    this.#waiters = this.#waiters.filter((look) => !look());
  }
}

/**
 * Resolves like `promise`, or rejects when it hangs: `ms` is what it takes on an idle machine, and the
 * bound is hangBound(ms) (a ref'd timer, so the test process stays alive meanwhile).
 */
export async function within<T>(promise: Promise<T>, ms: number, what: () => string = () => "operation"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = hangBound(ms);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${bound} ms: ${what()}`)), bound);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts that `expected` occur in `lines` in this order (other lines may come between). */
export function assertInOrder(lines: readonly string[], expected: readonly string[]): void {
  let at = 0;
  for (const line of lines) if (line === expected[at]) at++;
  if (at < expected.length) {
    assert.fail(`missing ${JSON.stringify(expected[at])} (in order ${JSON.stringify(expected)}) in:\n${lines.join("\n")}`);
  }
}

/** Polls `condition` every few milliseconds; rejects (and stops polling) when it hangs (hangBound(ms)). */
export async function until(condition: () => boolean, ms = 2000, what = "condition"): Promise<void> {
  const bound = hangBound(ms);
  const deadline = Date.now() + bound;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${bound} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Resolves after `rounds` firings of a fresh interval of `ms`. Node fires the intervals of one period
 * in the order they were armed, so any interval of that period that is still armed has fired by then:
 * "nothing more happens" can be asserted without guessing a sleep.
 */
export function intervalRounds(ms: number, rounds = 2): Promise<void> {
  return new Promise((resolve) => {
    let fired = 0;
    const timer = setInterval(() => {
      if (++fired < rounds) return;
      clearInterval(timer);
      resolve();
    }, ms);
  });
}
