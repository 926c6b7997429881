// The request target and Host (CherryPy's test_request_obj testAbsoluteURIPathInfo, test_header_presence,
// test_http test_malformed_request_line) and the ctx.url helper (test_core test_cherrypy_url).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { expose } from "../../src/decorators/expose.js";
import { RequestHeaders } from "../../src/http/headers.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import type { WireResponse } from "../../src/request/write.js";
import { inject, serve } from "../../src/testing/index.js";
import { quietTree, rawExchange, treeErrorPage } from "./support.js";

class Things {
  @expose show(_params: Params, ctx: Context) {
    return [ctx.url("edit", { id: 3 }), ctx.url("/abs"), ctx.url("../up", "a=1&b=2"), ctx.url(), ctx.url("/root", undefined, { relativeToApp: false })].join("\n");
  }
}

class Root {
  things = new Things();

  ids: string[] = [];

  @expose echo(_p: Params, ctx: Context) {
    this.ids.push(ctx.request.uniqueId, ctx.request.uniqueId);
    return `${ctx.request.method} ${ctx.request.headers.get("x-repeated")} ${JSON.stringify(ctx.request.headers.getAll("x-repeated"))}`;
  }

  @expose default(_p: Params, ctx: Context) {
    return `default ${ctx.request.method} ${ctx.request.pathInfo}`;
  }

  @expose where(params: Params, ctx: Context) {
    return `${ctx.request.pathInfo} ${JSON.stringify(params)} ${ctx.request.base}`;
  }
}

/** Runs a wire request through tree.handle and keeps what is written (for requests inject cannot make). */
async function handleRaw(url: string, protocol: string, headers: Array<[string, string]>) {
  const { tree } = quietTree();
  tree.mount(new Root(), "");
  let status = 0;
  let body = "";
  const out: WireResponse = {
    get headersSent() {
      return status !== 0;
    },
    closed: false,
    onClose: () => undefined,
    writeHead: (s) => void (status = s),
    write: (chunk) => ((body += Buffer.from(chunk).toString()), true),
    drain: () => Promise.resolve(),
    end: (chunk) => void (body += chunk === undefined ? "" : Buffer.from(chunk).toString()),
    destroy: () => undefined,
  };
  await tree.handle(
    {
      method: "GET",
      url,
      protocol,
      scheme: "http",
      headers: new RequestHeaders(headers),
      remote: { ip: "127.0.0.1", port: 1 },
      local: { ip: "127.0.0.1", port: 80 },
      body: Readable.from([]),
      headerBytes: 0,
    },
    out,
  );
  return { status, body };
}

test("HTTP/1.1 without Host is a 400; HTTP/1.0 without Host is served", async () => {
  const missing = await handleRaw("/where", "HTTP/1.1", []);
  assert.equal(missing.status, 400);
  assert.equal(missing.body, treeErrorPage(400, "HTTP/1.1 requires a Host request header."));
  const old = await handleRaw("/where", "HTTP/1.0", []);
  assert.equal(old.status, 200);
  assert.equal(old.body, "/where {} http://127.0.0.1:80");
});

test("over a socket, HTTP/1.1 without Host is a 400", async (t) => {
  const served = await serve(new Root());
  t.after(() => served.close());
  const received = await rawExchange(served.port, "GET /where HTTP/1.1\r\nConnection: close\r\n\r\n");
  const page = treeErrorPage(400, "HTTP/1.1 requires a Host request header.");
  assert.equal(
    received.replace(/\r\nDate: [^\r]+\r\n/, "\r\nDate: *\r\n"),
    `HTTP/1.1 400 Bad Request\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: ${page.length}\r\nConnection: close\r\nDate: *\r\n\r\n${page}`,
  );
});

test("an absolute URI in the request line is served by its path", async (t) => {
  const served = await serve(new Root());
  t.after(() => served.close());
  const received = await rawExchange(
    served.port,
    "GET http://www.example.com/where?a=1 HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n",
  );
  assert.match(received, /^HTTP\/1\.1 200 OK\r\n/);
  assert.ok(received.endsWith('\r\n\r\n/where {"a":"1"} http://www.example.com'), received);

  const direct = await handleRaw("http://www.example.com/where?b=2", "HTTP/1.1", [["host", "www.example.com"]]);
  assert.equal(direct.status, 200);
  assert.equal(direct.body, '/where {"b":"2"} http://www.example.com');
});

test("a #fragment in the request target is a 400", async () => {
  const res = await inject(new Root(), { url: "/where#section" });
  assert.equal(res.status, 400);
  assert.equal(res.text, treeErrorPage(400, "Illegal #fragment in Request-URI."));
});

test("a request target that does not start with / is a 400", async () => {
  for (const url of ["where", "*"]) {
    const res = await inject(new Root(), { url });
    assert.equal(res.status, 400, url);
    assert.equal(res.text, treeErrorPage(400, "Invalid path in Request-URI."), url);
  }
});

test("ctx.url makes absolute URLs relative to the current path or the application", async () => {
  const { tree } = quietTree();
  tree.mount(new Root(), "/app");
  const res = await inject(tree, { url: "/app/things/show", headers: { host: "www.example.com:8080" } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.text.split("\n"), [
    "http://www.example.com:8080/app/things/edit?id=3",
    "http://www.example.com:8080/app/abs",
    "http://www.example.com:8080/app/up?a=1&b=2",
    "http://www.example.com:8080/app/things/",
    "http://www.example.com:8080/root",
  ]);
});

test("repeated request headers read joined with ', ' or one by one", async () => {
  const res = await inject(new Root(), { url: "/echo", headers: { "x-repeated": ["a", "b, c"] } });
  assert.equal(res.text, 'GET a, b, c ["a","b, c"]');
});

test("any method token reaches the handler", async () => {
  for (const method of ["PROPFIND", "PATCH", "TRACE", "DELETE", "OPTIONS"]) {
    const res = await inject(new Root(), { method, url: "/echo" });
    assert.equal(res.status, 200, method);
    assert.equal(res.text, `${method} undefined []`);
  }
});

test("CONNECT needs an authority-form target, which is dispatched as /host:port", async () => {
  const ok = await inject(new Root(), { method: "CONNECT", url: "www.example.com:443" });
  assert.equal(ok.status, 200);
  assert.equal(ok.text, "default CONNECT /www.example.com:443");
  const bad = await inject(new Root(), { method: "CONNECT", url: "/path" });
  assert.equal(bad.status, 400);
  assert.equal(bad.text, treeErrorPage(400, "Invalid path in Request-URI: request-target must match authority-form."));
});

test("request.uniqueId is a UUID, the same for one request and new for the next", async () => {
  const root = new Root();
  await inject(root, { url: "/echo" });
  await inject(root, { url: "/echo" });
  const [a, a2, b, b2] = root.ids;
  assert.match(a!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(a, a2);
  assert.equal(b, b2);
  assert.notEqual(a, b);
});
