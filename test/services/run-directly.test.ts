// Each tutorial started as `node dist/services/tutorials/<file>.js` serves itself through quickstart.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { fetchText, startService } from "./process.js";

const tutorial = (file: string) => fileURLToPath(new URL(`../../services/tutorials/${file}`, import.meta.url));
// The preload sets server.socketPort to 0 on the same site config that quickstart uses.
const PRELOAD = ["--import", new URL("./fixtures/ephemeral-port.js", import.meta.url).href];

const CASES: ReadonlyArray<{ file: string; path: string; body: string | RegExp }> = [
  { file: "tutorial1-hello-world.js", path: "/", body: "Hello world!" },
  { file: "tutorial2-string-generator.js", path: "/generate", body: /^[0-9a-f]{8}$/ },
  { file: "tutorial3-url-parameters.js", path: "/generate?length=20", body: /^[0-9a-f]{20}$/ },
  { file: "tutorial4-submit-a-form.js", path: "/", body: /<form method="get" action="generate">/ },
  { file: "tut01-hello-world.js", path: "/", body: "Hello world!" },
  { file: "tut02-expose-methods.js", path: "/showMessage", body: "Hello world!" },
  { file: "tut03-get-and-post.js", path: "/greetUser?name=Bob", body: "Hello, Bob! Good to see you." },
  { file: "tut04-complex-site.js", path: "/joke/", body: /OCT 31 equals DEC 25/ },
  { file: "tut05-derived-objects.js", path: "/another/", body: /<title>Another Page<\/title>/ },
  { file: "tut06-default-method.js", path: "/users/hendrik", body: /Hendrik answers questions/ },
  { file: "tut08-generators-and-yield.js", path: "/", body: /^<html><body><h2>A page made by a generator<\/h2>/ },
  { file: "tut10-http-errors.js", path: "/", body: /Tracebacks are on/ },
];

describe("each tutorial run directly", { concurrency: 4 }, () => {
  for (const { file, path, body } of CASES) {
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
