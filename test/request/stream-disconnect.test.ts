import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { expose, config } from "../../src/index.js";
import { serve } from "../../src/testing/index.js";
import { quietTree, within } from "./support.js";

test("a client leaving while the body waits for its next chunk ends the request at once", async (t) => {
  const { tree, errors, access } = quietTree();
  const events: string[] = [];
  let endRequest!: () => void;
  const ended = new Promise<void>((resolve) => (endRequest = resolve));
  let closed!: () => void;
  const generatorClosed = new Promise<void>((resolve) => (closed = resolve));
  const root = {
    events: config({
      "response.stream": true,
      "hooks.onEndRequest": () => {
        events.push("onEndRequest");
        endRequest();
      },
    })(
      expose(async function* () {
        try {
          yield "event: hello\n\n";
          // An event stream with nothing to say until the request is over: only a writer that
          // notices the client left lets onEndRequest run.
          await ended;
          events.push("resumed");
          yield "event: never sent\n\n";
          events.push("after the second yield");
        } finally {
          events.push("finally");
          closed();
        }
      }),
    ),
  };
  tree.mount(root, "");
  const served = await serve(tree);
  t.after(() => served.close());
  const first = await within(
    new Promise<string>((resolve, reject) => {
      const req = request(`${served.url}/events`, { agent: false }, (res) => {
        res.setEncoding("utf8");
        res.once("data", (chunk: string) => {
          req.destroy();
          resolve(chunk);
        });
      });
      req.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? undefined : reject(error)));
      req.end();
    }),
    2000,
    "the first chunk of the event stream",
  );
  assert.equal(first, "event: hello\n\n");
  await within(ended, 2000, "onEndRequest after the client left");
  await within(generatorClosed, 2000, "the generator's finally");
  // The request ended while the generator still waited; its second chunk was produced into nothing,
  // and the writer's return() closed it there.
  assert.deepEqual(events, ["onEndRequest", "resumed", "finally"]);
  assert.deepEqual(
    access.map((a) => [a.method, a.url, a.status]),
    [["GET", "/events", 200]],
  );
  assert.deepEqual(errors, []);
});
