// Test helper: each tutorial started as `node dist/services/tutorials/<file>.js` serves one page, then exits 0 on SIGTERM.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { fetchText, startService } from "./process.js";

export interface DirectRunCase {
  file: string;
  path: string;
  /** The exact page, or (for tutorials that answer random strings) a pattern anchored at both ends. */
  body: string | RegExp;
}

const tutorial = (file: string) => fileURLToPath(new URL(`../../services/tutorials/${file}`, import.meta.url));
// The preload sets server.socketPort to 0 on the same site config that quickstart uses.
const PRELOAD = ["--import", new URL("./fixtures/ephemeral-port.js", import.meta.url).href];

export function describeDirectRuns(title: string, cases: readonly DirectRunCase[]): void {
  describe(title, { concurrency: 4 }, () => {
    for (const { file, path, body } of cases) {
      it(`${file} serves ${path} and exits 0 on SIGTERM`, async (t) => {
        const service = await startService(tutorial(file), { nodeArgs: PRELOAD });
        t.after(() => service.kill());
        const res = await fetchText(service.url + path);
        assert.equal(res.status, 200, res.body);
        if (typeof body === "string") assert.equal(res.body, body);
        else assert.match(res.body, body);
        assert.deepEqual(await service.terminate(), { code: 0, signal: null });
      });
    }
  });
}
