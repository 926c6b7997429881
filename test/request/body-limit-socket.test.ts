import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { expose, type Context } from "../../src/index.js";
import { serve } from "../../src/testing/index.js";
import { createConfig } from "../../src/site.js";
import { Tree } from "../../src/tree/tree.js";
import { LogManager } from "../../src/log/manager.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { within } from "./support.js";

function post(url: string, chunks: number, chunkSize: number, headers: Record<string, string>) {
  const answer = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
    const req = request(url, { method: "POST", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(chunkSize, 97);
    let sent = 0;
    const pump = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
  return within(answer, 3000, `the answer to a POST of ${chunks} x ${chunkSize} bytes`);
}

test("a chunked body over the limit gets a 413 the client can read, and the connection closes", async () => {
  const tree = new Tree(createConfig(), new LogManager({ screen: false }));
  tree.mount({ upload: expose(async (_p: unknown, ctx: Context) => `read ${(await ctx.request.body.read()).length}`) }, "", {
    "/": { "request.body.maxBytes": 1000 },
  });
  const served = await serve(tree);
  try {
    const small = await post(`${served.url}/upload`, 2, 100, { "content-type": "application/octet-stream" });
    assert.equal(small.status, 200);
    assert.equal(small.body, "read 200");

    const big = await post(`${served.url}/upload`, 64, 1024, { "content-type": "application/octet-stream" });
    assert.equal(big.status, 413);
    assert.equal(big.connection, "close");
    assert.equal(
      big.body,
      defaultErrorPage({ status: 413, reason: "Payload Too Large", message: "The entity sent with the request exceeds the maximum allowed bytes (1000)." }),
    );
  } finally {
    await served.close();
  }
});
