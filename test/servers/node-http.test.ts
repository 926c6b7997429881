import { after, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bus } from "../../src/engine/bus.js";
import { expose } from "../../src/decorators/expose.js";
import { LogManager } from "../../src/log/manager.js";
import type { LogRecord } from "../../src/log/record.js";
import type { Context } from "../../src/request/context.js";
import type { AppConfig } from "../../src/config/types.js";
import { HttpServer, type HttpServerOptions } from "../../src/servers/node-http.js";
import { ServerAdapter } from "../../src/servers/adapter.js";
import { createConfig } from "../../src/site.js";
import { Tree } from "../../src/tree/tree.js";
import { within } from "../engine/app-process.js";
import { exchange, gate, get, tryConnect } from "./client.js";
import { makePki, peerMissing, type Pki } from "./tls.js";

function quietTree(root: object, config?: AppConfig): Tree {
  const tree = new Tree(createConfig(), new LogManager({ screen: false }));
  tree.mount(root, "", config);
  return tree;
}

const helloRoot = {
  hello: expose(() => "hello"),
  fail: expose(() => {
    throw new Error("boom");
  }),
  base: expose((_params: unknown, ctx: Context) => `${ctx.request.base} ${ctx.request.scheme}`),
  stream: expose(() =>
    (function* () {
      yield "str";
      yield "eamed";
    })(),
  ),
};

/** Starts an HttpServer on an ephemeral loopback port and stops it when the test ends. */
async function started(t: { after(fn: () => unknown): void }, tree: Tree, options: HttpServerOptions = {}): Promise<HttpServer> {
  const server = new HttpServer(tree.listener, { port: 0, shutdownTimeout: 1, ...options });
  await server.start();
  t.after(() => server.stop());
  return server;
}

function tempDir(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "orchard-http-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const pkiDir = mkdtempSync(join(tmpdir(), "orchard-pki-"));
after(() => rmSync(pkiDir, { recursive: true, force: true }));
let made: Pki | string | undefined;

/** The test PKI, made once per file; undefined (the test skipped, or failed under CI) without openssl. */
function pki(t: TestContext): Pki | undefined {
  made ??= makePki(pkiDir);
  if (typeof made === "string") {
    peerMissing(t, `${made}; HTTPS is not tested`);
    return undefined;
  }
  return made;
}

test("port 0 binds an ephemeral port, and the adapter logs the real URL on start and stop", async () => {
  const bus = new Bus();
  const messages: string[] = [];
  bus.subscribe("log", (record: LogRecord) => messages.push(`${record.context} ${record.message}`));
  const server = new HttpServer(quietTree(helloRoot).listener, { port: 0 });
  new ServerAdapter(bus, server).subscribe();
  await bus.start();
  try {
    const port = server.port;
    assert.ok(port !== undefined && port > 0, `bound port ${String(port)}`);
    assert.equal(server.url, `http://127.0.0.1:${port}`);
    assert.ok(messages.includes(`ENGINE Serving on http://127.0.0.1:${port}`), messages.join("\n"));
    const reply = await get({ url: server.url, path: "/hello" });
    assert.equal(reply.status, 200);
    assert.equal(reply.body, "hello");
  } finally {
    await bus.exit();
  }
  assert.ok(messages.includes(`ENGINE Stopped serving on http://127.0.0.1:${server.port}`), messages.join("\n"));
  assert.equal(await tryConnect({ host: "127.0.0.1", port: server.port! }), "ECONNREFUSED");
});

test("a unix socket serves 200, 404 and 500, and its file is removed on stop", async (t) => {
  const socketFile = join(tempDir(t), "orchard.sock");
  const server = await started(t, quietTree(helloRoot), { socketFile });
  assert.equal(server.url, `unix:${socketFile}`);
  assert.ok(statSync(socketFile).isSocket());
  const ok = await get({ socketPath: socketFile, path: "/hello" });
  assert.equal(ok.status, 200);
  assert.equal(ok.body, "hello");
  assert.equal((await get({ socketPath: socketFile, path: "/missing" })).status, 404);
  assert.equal((await get({ socketPath: socketFile, path: "/fail" })).status, 500);
  await server.stop();
  assert.equal(existsSync(socketFile), false);
});

test("HTTPS with server.sslCertificate and server.sslPrivateKey: the request sees the https scheme", async (t) => {
  const files = pki(t);
  if (!files) return;
  const server = await started(t, quietTree(helloRoot), { sslCertificate: files.leafCert, sslPrivateKey: files.leafKey });
  assert.equal(server.url, `https://127.0.0.1:${server.port}`);
  const reply = await get({ url: server.url, path: "/base", insecure: true });
  assert.equal(reply.status, 200);
  assert.equal(reply.body, `https://127.0.0.1:${server.port} https`);
  // Plain HTTP on the TLS port is no TLS handshake: the connection closes without an answer.
  const plain = await exchange({ host: "127.0.0.1", port: server.port! }, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  assert.equal(plain, "");
});

test("server.sslCertificateChain: a client that trusts only the root CA gets the intermediate and connects", async (t) => {
  const files = pki(t);
  if (!files) return;
  const ca = readFileSync(files.rootCert, "utf8");
  const tree = quietTree(helloRoot);
  const chained = await started(t, tree, { sslCertificate: files.leafCert, sslPrivateKey: files.leafKey, sslCertificateChain: files.intermediateCert });
  const reply = await get({ url: chained.url, path: "/hello", ca, servername: "localhost" });
  assert.equal(reply.status, 200);
  assert.equal(reply.body, "hello");
  assert.deepEqual(reply.peerChain, ["localhost", "Orchard Test Intermediate", "Orchard Test Root"]);
  // Without the chain file the same client cannot link the leaf to its root.
  const bare = await started(t, tree, { sslCertificate: files.leafCert, sslPrivateKey: files.leafKey });
  await assert.rejects(get({ url: bare.url, path: "/hello", ca, servername: "localhost" }), { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
});

test("HTTPS without a private key fails to start with a message naming the key", async (t) => {
  const files = pki(t);
  if (!files) return;
  const server = new HttpServer(quietTree(helloRoot).listener, { port: 0, sslCertificate: files.leafCert });
  await assert.rejects(server.start(), { message: "HTTPS needs server.sslPrivateKey as well as server.sslCertificate" });
  assert.equal(server.port, undefined);
});

test("keep-alive: two requests on one agent reuse the connection", async (t) => {
  const server = await started(t, quietTree(helloRoot));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  const first = await get({ url: server.url, path: "/hello", agent });
  const second = await get({ url: server.url, path: "/hello", agent });
  assert.equal(first.headers.connection, "keep-alive");
  assert.equal(first.reused, false);
  assert.equal(typeof first.localPort, "number");
  assert.equal(second.reused, true);
  assert.equal(second.localPort, first.localPort);
  assert.equal(second.body, "hello");
});

test("graceful stop: a request in flight completes with 200, new connections are refused", async (t) => {
  const arrived = gate();
  const release = gate();
  t.after(() => release.open()); // a failed assertion must not leave the handler (and the stop) waiting
  const tree = quietTree({
    slow: expose(async () => {
      arrived.open();
      await release.promise;
      return "finished";
    }),
  });
  // A shutdownTimeout far past the test's own time-outs: only the finished response can end the stop.
  const server = await started(t, tree, { shutdownTimeout: 30 });
  const port = server.port!;
  const agent = new Agent({ keepAlive: true });
  t.after(() => agent.destroy());
  const inflight = get({ url: server.url, path: "/slow", agent });
  await arrived.promise;
  let settled = false;
  const stopped = server.stop().finally(() => (settled = true));
  assert.equal(await tryConnect({ host: "127.0.0.1", port }), "ECONNREFUSED");
  assert.equal(settled, false, "stop() waits for the request in flight");
  release.open();
  const reply = await inflight;
  assert.equal(reply.status, 200);
  assert.equal(reply.body, "finished");
  // The kept-alive connection is closed after the response, so the stop does not wait for shutdownTimeout.
  assert.equal(reply.headers.connection, "close");
  await within(stopped, 3000, () => "stop() with a finished request in flight");
});

test("graceful stop: a streamed response in flight ends, then its kept-alive connection closes", async (t) => {
  const arrived = gate();
  const release = gate();
  t.after(() => release.open()); // a failed assertion must not leave the handler (and the stop) waiting
  const tree = quietTree(
    {
      feed: expose(async function* () {
        yield "first ";
        arrived.open();
        await release.promise;
        yield "last";
      }),
    },
    { "/": { "response.stream": true } },
  );
  const server = await started(t, tree, { shutdownTimeout: 30 });
  const agent = new Agent({ keepAlive: true });
  t.after(() => agent.destroy());
  const inflight = get({ url: server.url, path: "/feed", agent });
  await arrived.promise;
  const stopped = server.stop();
  release.open();
  const reply = await inflight;
  assert.equal(reply.status, 200);
  assert.equal(reply.body, "first last");
  await within(stopped, 3000, () => "stop() after a streamed response");
});

test("idle keep-alive connections do not hold a stop for the shutdownTimeout", async (t) => {
  const server = await started(t, quietTree(helloRoot), { shutdownTimeout: 30, socketTimeout: 30 });
  const agent = new Agent({ keepAlive: true });
  t.after(() => agent.destroy());
  const reply = await get({ url: server.url, path: "/hello", agent });
  assert.equal(reply.headers.connection, "keep-alive");
  const idle = Object.values(agent.freeSockets).flat()[0];
  assert.ok(idle, "the agent keeps the idle socket");
  const closed = new Promise<void>((resolve) => idle.once("close", () => resolve()));
  await within(server.stop(), 3000, () => "stop() with an idle keep-alive connection");
  await within(closed, 3000, () => "the idle connection to close");
});

test("an HTTP/1.0 request gets a complete response and the connection closes", async (t) => {
  const server = await started(t, quietTree(helloRoot, { "/stream": { "response.stream": true } }));
  const to = { host: "127.0.0.1", port: server.port! };
  const plain = await exchange(to, "GET /hello HTTP/1.0\r\n\r\n");
  assert.match(plain, /^HTTP\/1\.1 200 OK\r\n/);
  assert.match(plain, /\r\nContent-Length: 5\r\n/);
  assert.match(plain, /\r\nConnection: close\r\n/);
  assert.ok(plain.endsWith("\r\n\r\nhello"), plain);
  // HTTP/1.0 has no chunked coding: a streamed body is delimited by closing the connection.
  const streamed = await exchange(to, "GET /stream HTTP/1.0\r\n\r\n");
  assert.match(streamed, /^HTTP\/1\.1 200 OK\r\n/);
  assert.doesNotMatch(streamed, /Transfer-Encoding/i);
  assert.ok(streamed.endsWith("\r\n\r\nstreamed"), streamed);
});

test("an HTTP/1.1 request without Host gets the tree's 400", async (t) => {
  const server = await started(t, quietTree(helloRoot));
  const reply = await exchange({ host: "127.0.0.1", port: server.port! }, "GET /hello HTTP/1.1\r\n\r\n");
  assert.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.match(reply, /HTTP\/1\.1 requires a Host request header\./);
});

test("a malformed request line gets 400 and the connection closes", async (t) => {
  const server = await started(t, quietTree(helloRoot));
  const reply = await exchange({ host: "127.0.0.1", port: server.port! }, "GARBAGE\r\n\r\n");
  assert.equal(
    reply,
    "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 38\r\nConnection: close\r\n\r\nMalformed request: HPE_INVALID_METHOD.",
  );
  const badHeader = await exchange({ host: "127.0.0.1", port: server.port! }, "GET /hello HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n");
  assert.match(badHeader, /^HTTP\/1\.1 400 Bad Request\r\n/);
});

test("headers over server.maxRequestHeaderSize get 431, from the tree or from the parser", async (t) => {
  const tree = quietTree(helloRoot);
  tree.config.update({ "server.maxRequestHeaderSize": 1024 });
  const server = await started(t, tree, { maxHeaderSize: 1024 });
  const to = { host: "127.0.0.1", port: server.port! };
  const request = (size: number) => `GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(size)}\r\n\r\n`;
  const byTree = await exchange(to, request(2000));
  assert.match(byTree, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  assert.match(byTree, /larger than 1024 bytes/);
  // Past the parser's own floor (16 KiB), Node's parser stops reading and the server answers.
  const byParser = await exchange(to, request(20_000));
  assert.equal(
    byParser,
    "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain\r\nContent-Length: 32\r\nConnection: close\r\n\r\nRequest header fields too large.",
  );
  const small = await get({ url: server.url, path: "/hello" });
  assert.equal(small.status, 200);
});

test("a port already in use makes start() reject with EADDRINUSE", async (t) => {
  const first = await started(t, quietTree(helloRoot));
  const second = new HttpServer(quietTree(helloRoot).listener, { port: first.port! });
  await assert.rejects(second.start(), { code: "EADDRINUSE" });
  assert.equal(second.port, undefined);
});
