// `npm start` (dist/services/main.js) as a real process: PORT=0, the "Serving on" line, two pages, SIGTERM.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { it } from "node:test";
import { within } from "../engine/app-process.js";
import { fetchText, startService } from "./process.js";
import { TUT06_REMI, TUTORIALS_INDEX } from "./pages.js";

const MAIN = fileURLToPath(new URL("../../services/main.js", import.meta.url));

it("serves the tutorial index and a tutorial on PORT=0, and exits 0 on SIGTERM", async (t) => {
  const service = await startService(MAIN, { env: { PORT: "0" } });
  t.after(() => service.kill());

  const index = await fetchText(`${service.url}/`);
  assert.deepEqual(index, { status: 200, body: TUTORIALS_INDEX });
  const remi = await fetchText(`${service.url}/tut06/users/remi`);
  assert.deepEqual(remi, { status: 200, body: TUT06_REMI });

  assert.deepEqual(await service.terminate(), { code: 0, signal: null });
  assert.ok(service.stderr.some((line) => line.endsWith("ENGINE Bus EXITED")), service.stderr.join("\n"));
});

it("refuses a PORT that is not a port number, with exit code 2", async (t) => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "http" };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, [MAIN], { env, stdio: ["ignore", "ignore", "pipe"] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const [code] = await within(once(child, "exit") as Promise<[number | null]>, 5000, () => stderr);
  assert.equal(code, 2);
  assert.equal(stderr, 'orchard: PORT: expected a TCP port from 0 to 65535, got "http"\n');
});
