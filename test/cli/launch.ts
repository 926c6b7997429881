// Test helper: the orchard command as a child process, killed when its test ends; every wait is bounded.
import type { TestContext } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppProcess, within } from "../engine/app-process.js";

export const cli = fileURLToPath(new URL("../../src/cli/orchard.js", import.meta.url));
export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "orchard-cli-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts `orchard ARGS` (with `env` added to the environment); the process is killed when the test ends if it still runs. */
export function orchard(t: TestContext, args: string[], env?: NodeJS.ProcessEnv): AppProcess {
  const app = new AppProcess(cli, args, env);
  t.after(() => app.kill());
  return app;
}

/** The next line matching `pattern`; fails at once, with the output, if the process exits first. */
export async function waitForLine(app: AppProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  const early = app.exited.then(([code, signal]) => {
    throw new Error(`orchard exited (${String(code ?? signal)}) before a line matching ${pattern}:\n${app.lines.join("\n")}`);
  });
  return Promise.race([app.waitFor(pattern), early]);
}

/** Waits (bounded) for the process to exit and for all its output; returns the exit code. */
export async function exitCode(app: AppProcess): Promise<number | null> {
  const [code] = await within(app.exited, 5000, () => `orchard to exit; output:\n${app.lines.join("\n")}`);
  await within(app.closed, 5000, () => "orchard's output to close");
  return code;
}
