import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { expose, config } from "../../src/index.js";
import { serve } from "../../src/testing/index.js";
import { within } from "./support.js";

test("a client leaving while the body waits for its next chunk ends the request at once", async (t) => {
  let endRequest!: () => void;
  const ended = new Promise<void>((resolve) => (endRequest = resolve));
  let closed!: () => void;
  const generatorClosed = new Promise<void>((resolve) => (closed = resolve));
  const root = {
    events: config({ "response.stream": true, "hooks.onEndRequest": () => endRequest() })(
      expose(async function* () {
        try {
          yield "event: hello\n\n";
          // An event stream with nothing to say until the request is over: only a writer that
          // notices the client left lets onEndRequest run.
          await ended;
          yield "event: never sent\n\n";
        } finally {
          closed();
        }
      }),
    ),
  };
  const served = await serve(root);
  t.after(() => served.close());
  await new Promise<void>((resolve, reject) => {
    const req = request(`${served.url}/events`, { agent: false }, (res) => {
      res.once("data", () => {
        req.destroy();
        resolve();
      });
    });
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? undefined : reject(error)));
    req.end();
  });
  await within(ended, 2000, "onEndRequest after the client left");
  await within(generatorClosed, 2000, "the generator's finally");
  assert.ok(true);
});
