// Test helper: a service started as its own node process, found by its "Serving on" line on stderr.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { get } from "node:http";
import { createInterface } from "node:readline";
import { within } from "../engine/app-process.js";

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:PORT from the "Serving on" line. */
  readonly url: string;
  /** Every stderr line so far. */
  readonly stderr: readonly string[];
  /** Sends SIGTERM and resolves with how it exited (or rejects if it hangs). */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Cleanup: SIGKILL if it still runs. */
  kill(): void;
}

export async function startService(script: string, options: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<ServiceProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], { env, stdio: ["ignore", "ignore", "pipe"] });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const stderr: string[] = [];
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const serving = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stderr! }).on("line", (line) => {
      stderr.push(line);
      const match = /ENGINE Serving on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
      if (match && match[2] !== "0") resolve(match[1]!);
    });
    void exited.then(([code, signal]) => reject(new Error(`exited (${signal ?? `code ${String(code)}`}) before serving:\n${stderr.join("\n")}`)));
  });
  let url: string;
  try {
    url = await within(serving, 10_000, () => `no "Serving on" line on stderr:\n${stderr.join("\n")}`);
  } catch (error) {
    kill();
    throw error;
  }
  return {
    child,
    url,
    stderr,
    kill,
    async terminate() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const [code, signal] = await within(exited, 10_000, () => `no exit after SIGTERM:\n${stderr.join("\n")}`);
      return { code, signal };
    },
  };
}

/** A GET on a fresh connection (no keep-alive to hold the server open); rejects if it hangs. */
export function fetchText(url: string): Promise<{ status: number; body: string }> {
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    }).on("error", reject);
  });
  return within(answer, 5000, () => `no complete answer from ${url}`);
}
