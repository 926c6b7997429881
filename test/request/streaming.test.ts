// Streamed responses (CherryPy's test_conn test_Streaming_*, test_iterator, and the streaming error cases of test_core).
import { test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { inject, serve } from "../../src/testing/index.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { httpGet, quietTree, rawExchange, within } from "./support.js";

const STREAM = { "response.stream": true };

/** Remembers which generators reached their finally block. */
class Closed {
  readonly names: string[] = [];
  #waiters = new Map<string, () => void>();

  mark(name: string): void {
    this.names.push(name);
    this.#waiters.get(name)?.();
  }

  when(name: string): Promise<void> {
    if (this.names.includes(name)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.set(name, resolve));
  }
}

class Root {
  readonly closed = new Closed();

  @expose
  @configure(STREAM)
  *sync() {
    try {
      yield "one ";
      yield Buffer.from("two ");
      yield "three";
    } finally {
      this.closed.mark("sync");
    }
  }

  @expose
  @configure(STREAM)
  async *asyncGen() {
    try {
      for (const word of ["alpha", " ", "beta"]) {
        await sleep(1);
        yield word;
      }
    } finally {
      this.closed.mark("asyncGen");
    }
  }

  @expose
  @configure(STREAM)
  async *failing() {
    try {
      yield "first chunk";
      await sleep(5);
      throw new Error("failed halfway");
    } finally {
      this.closed.mark("failing");
    }
  }

  /** Bounded: at most 400 chunks, 5 ms apart. */
  @expose
  @configure(STREAM)
  async *endless() {
    try {
      for (let i = 0; i < 400; i++) {
        yield `chunk ${i}\n`;
        await sleep(5);
      }
    } finally {
      this.closed.mark("endless");
    }
  }

  /** 64 KiB chunks, to fill the socket's buffer; bounded at 200 chunks. */
  @expose
  @configure(STREAM)
  *bigChunks() {
    try {
      const chunk = Buffer.alloc(64 * 1024, "x");
      for (let i = 0; i < 200; i++) yield chunk;
    } finally {
      this.closed.mark("bigChunks");
    }
  }

  /** Declares a Content-Length (set before the generator runs) that the body does not keep to. */
  @expose
  @configure(STREAM)
  declared(params: Params, ctx: Context) {
    ctx.response.headers.set("Content-Length", String(params.length));
    const closed = this.closed;
    return (function* () {
      try {
        yield "hello";
        yield " world";
      } finally {
        closed.mark(`declared ${String(params.length)}`);
      }
    })();
  }

  /** As declared, but the body ends one turn of the event loop after its last chunk. */
  @expose
  @configure(STREAM)
  late(params: Params, ctx: Context) {
    ctx.response.headers.set("Content-Length", String(params.length));
    const closed = this.closed;
    return (async function* () {
      try {
        yield "hello";
        yield " world";
        await new Promise<void>((resolve) => setImmediate(resolve));
      } finally {
        closed.mark(`late ${String(params.length)}`);
      }
    })();
  }

  @expose ok() {
    return "ok";
  }

  last: AsyncGenerator<string> | undefined;

  /** Hands out an endless() generator and keeps it, to look at it after the response. */
  @expose
  @configure(STREAM)
  tracked() {
    this.last = this.endless();
    return this.last;
  }

  @expose
  *buffered() {
    yield "not ";
    yield "streamed";
  }

  @expose
  @configure(STREAM)
  fixed() {
    return "a plain string";
  }
}

test("a streamed body arrives chunked, without Content-Length, over a socket", async (t) => {
  const root = new Root();
  const served = await serve(root);
  t.after(() => served.close());
  for (const [path, body] of [
    ["/sync", "one two three"],
    ["/asyncGen", "alpha beta"],
  ] as const) {
    const res = await httpGet(served.url + path);
    assert.equal(res.status, 200);
    assert.equal(res.body, body);
    assert.equal(res.complete, true);
    assert.equal(res.headers["transfer-encoding"], "chunked");
    assert.equal(res.headers["content-length"], undefined);
    assert.equal(res.headers["content-type"], "text/html;charset=utf-8");
  }
  assert.deepEqual(root.closed.names, ["sync", "asyncGen"]);
});

test("a streamed string, and a generator when streaming is off, get a Content-Length", async (t) => {
  const served = await serve(new Root());
  t.after(() => served.close());
  const fixed = await httpGet(`${served.url}/fixed`);
  assert.equal(fixed.body, "a plain string");
  assert.equal(fixed.headers["content-length"], "14");
  assert.equal(fixed.headers["transfer-encoding"], undefined);
  const buffered = await httpGet(`${served.url}/buffered`);
  assert.equal(buffered.body, "not streamed");
  assert.equal(buffered.headers["content-length"], "12");
  assert.equal(buffered.headers["transfer-encoding"], undefined);
});

test("inject collects a streamed body", async () => {
  const res = await inject(new Root(), { url: "/asyncGen" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "alpha beta");
  assert.equal(res.headers.has("content-length"), false);
  assert.equal(res.aborted, false);
});

test("an exception after the first chunk cuts the stream short", async (t) => {
  const { tree, errors } = quietTree();
  const root = new Root();
  tree.mount(root, "");
  const res = await inject(tree, { url: "/failing" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "first chunk");
  assert.equal(res.aborted, true);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.message, "Error while streaming the response body; the connection was cut");
  assert.match(String(errors[0]!.error), /failed halfway/);

  const served = await serve(tree);
  t.after(() => served.close());
  const wire = await httpGet(`${served.url}/failing`);
  assert.equal(wire.status, 200);
  assert.equal(wire.body, "first chunk");
  assert.equal(wire.complete, false);
  assert.deepEqual(root.closed.names, ["failing", "failing"]);
});

test("HEAD on a streamed handler sends no body and closes the generator", async (t) => {
  const root = new Root();
  const res = await inject(root, { method: "HEAD", url: "/tracked" });
  assert.equal(res.status, 200);
  assert.equal(res.text, "");
  // Never started, so its body (and finally) never ran; closed, it yields nothing more.
  assert.deepEqual(await within(root.last!.next(), 2000, "next() on the generator"), { done: true, value: undefined });
  assert.deepEqual(root.closed.names, []);

  const served = await serve(root);
  t.after(() => served.close());
  const wire = await httpGet(`${served.url}/sync`, { method: "HEAD" });
  assert.equal(wire.status, 200);
  assert.equal(wire.body, "");
  assert.equal(wire.headers["transfer-encoding"], undefined);
  assert.equal(wire.headers["content-type"], "text/html;charset=utf-8");
});

test("a client that disconnects mid-stream closes the generator", async (t) => {
  const root = new Root();
  const served = await serve(root);
  t.after(() => served.close());
  for (const name of ["endless", "bigChunks"]) {
    await within(disconnectAfterFirstChunk(`${served.url}/${name}`), 2000, `the first chunk of ${name}`);
    await within(root.closed.when(name), 2000, `closing ${name} after the client left`);
  }
});

function disconnectAfterFirstChunk(url: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = httpRequest(url, { agent: false }, (res) => {
      res.once("data", () => {
        req.destroy();
        resolve();
      });
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET") reject(error);
    });
    req.end();
  });
}

/** Two pipelined requests on one connection: the streamed one, then GET /ok. */
function pipelined(port: number, path: string): Promise<string> {
  return rawExchange(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
}

test("a streamed body longer than its Content-Length is truncated to it, and the connection stays in step", async (t) => {
  const { tree, errors } = quietTree();
  const root = new Root();
  tree.mount(root, "");
  const served = await serve(tree);
  t.after(() => served.close());
  const received = await pipelined(served.port, "/declared?length=8");
  const [first, second] = received.split(/(?=HTTP\/1\.1 200)/);
  assert.match(first!, /^HTTP\/1\.1 200 OK\r\nContent-Length: 8\r\n/);
  assert.ok(first!.endsWith("\r\n\r\nhello wo"), first);
  assert.ok(second!.endsWith("\r\n\r\nok"), second);
  assert.deepEqual(
    errors.map((e) => e.message),
    ["The streamed body is longer than its Content-Length (8); it was truncated"],
  );
  assert.deepEqual(root.closed.names, ["declared 8"]);

  const injected = await inject(tree, { url: "/declared?length=3" });
  assert.equal(injected.text, "hel");
  assert.equal(injected.aborted, false);
});

test("a streamed body shorter than its Content-Length cuts the connection", async (t) => {
  const { tree, errors } = quietTree();
  const root = new Root();
  tree.mount(root, "");
  const served = await serve(tree);
  t.after(() => served.close());
  // The generator pauses after its last chunk, so that chunk is on the wire before the cut. (Without
  // the pause nothing arrives: NodeWireResponse.destroy() drops bytes still corked in the socket.)
  const received = await pipelined(served.port, "/late?length=50");
  // One response head and the body as far as it went; the connection closes, so /ok is never answered.
  assert.equal(
    received.replace(/\r\nDate: [^\r]+\r\n/, "\r\nDate: *\r\n"),
    "HTTP/1.1 200 OK\r\nContent-Length: 50\r\nContent-Type: text/html;charset=utf-8\r\nDate: *\r\n" +
      "Connection: keep-alive\r\nKeep-Alive: timeout=10\r\n\r\nhello world",
  );
  assert.deepEqual(
    errors.map((e) => e.message),
    ["The streamed body ended 39 bytes short of its Content-Length (50); the connection was cut"],
  );
  assert.deepEqual(root.closed.names, ["late 50"]);

  const injected = await inject(tree, { url: "/declared?length=50" });
  assert.equal(injected.text, "hello world");
  assert.equal(injected.aborted, true);
  assert.deepEqual(root.closed.names, ["late 50", "declared 50"]);
});
