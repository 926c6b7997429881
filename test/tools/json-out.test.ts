// jsonOut: handler values as JSON, response schemas, and errors rendered as JSON (CherryPy's test_json json_out cases).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { tools } from "../../src/tools/toolbox.js";
import { HTTPError } from "../../src/request/errors.js";
import { MethodDispatcher } from "../../src/dispatch/method.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { ConfigError } from "../../src/config/errors.js";
import { inject } from "../../src/testing/index.js";
import { quietTree } from "../request/support.js";

const ITEM = {
  type: "object",
  properties: { id: { type: "integer" }, name: { type: "string" }, created: { type: "string", format: "date-time" } },
  required: ["id"],
} as const;

class Values {
  @expose dict() {
    return { key: "value", n: 1.5, list: [1, null, true] };
  }
  @expose text() {
    return "hello";
  }
  @expose list() {
    return ["a", "b"];
  }
  @expose number() {
    return 42;
  }
  @expose nothing() {}
  @expose nul() {
    return null;
  }
  @expose date() {
    return { at: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) };
  }
  @expose async later() {
    await Promise.resolve();
    return { later: true };
  }
  @expose bytes() {
    return Buffer.from('{"raw":true}');
  }
  @expose stream() {
    return Readable.from(['{"streamed":', "true}"]);
  }
  @expose big() {
    return { n: 10n };
  }
  @expose cycle() {
    const a: Record<string, unknown> = {};
    a.self = a;
    return a;
  }
  @expose own(_p: Params, ctx: Context) {
    ctx.response.headers.set("Content-Type", "application/geo+json");
    return { type: "Point" };
  }
}

class Errors {
  @expose missing() {
    throw new HTTPError(404, "No item 7");
  }
  @expose notAcceptable() {
    throw new HTTPError(406, "Only JSON here");
  }
  @expose boom() {
    throw new Error("kaboom <b>");
  }
  @expose
  @configure({ "request.showTracebacks": false })
  quiet() {
    throw new Error("secret detail");
  }
}

@expose
class Resource {
  GET() {
    return { got: true };
  }
  POST() {
    return { posted: true };
  }
}

class Root {
  values = new Values();
  errors = new Errors();
  resource = new Resource();

  @expose
  @tools.jsonOut({ schema: ITEM })
  item({ extra }: Params) {
    return { id: "5", name: "Ada", secret: "hidden", created: new Date(Date.UTC(2024, 0, 2)), extra };
  }

  @expose
  @tools.jsonOut({ schema: ITEM })
  badItem() {
    return { name: "no id" };
  }

  @expose
  @tools.jsonOut({ contentType: "application/vnd.orchard+json" })
  typed() {
    return [1];
  }

  @expose
  @tools.jsonOut({ contentType: null })
  untyped() {
    return [2];
  }

  @expose
  @tools.jsonOut({ contentType: "application/vnd.decorator+json" })
  overridden() {
    return [3];
  }

  @expose
  html() {
    return "<p>not JSON</p>";
  }
}

const seen: string[] = [];
const { tree } = quietTree();
tree.mount(new Root(), "", {
  "/values": { "tools.jsonOut.on": true },
  "/errors": { "tools.jsonOut.on": true },
  "/resource": { "tools.jsonOut.on": true, "request.dispatch": new MethodDispatcher() },
  "/overridden": { "tools.jsonOut.contentType": "application/vnd.config+json" },
  "/values/dict": { "hooks.beforeFinalize": (ctx: Context) => void seen.push(typeof ctx.response.body) },
});
const get = (url: string, method = "GET") => inject(tree, { url, method });

test("a dict is JSON with Content-Type application/json and a Content-Length", async () => {
  const res = await get("/values/dict");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Content-Type"), "application/json");
  assert.equal(res.text, '{"key":"value","n":1.5,"list":[1,null,true]}');
  assert.equal(res.headers.get("Content-Length"), String(res.body.length));
});

test("strings, lists and numbers are encoded too (CherryPy: 'hello' → \"hello\")", async () => {
  assert.equal((await get("/values/text")).text, '"hello"');
  assert.equal((await get("/values/list")).text, '["a","b"]');
  assert.equal((await get("/values/number")).text, "42");
  assert.equal((await get("/values/later")).text, '{"later":true}');
});

test("undefined and null are sent as null with 200", async () => {
  for (const url of ["/values/nothing", "/values/nul"]) {
    const res = await get(url);
    assert.equal(res.status, 200, url);
    assert.equal(res.text, "null", url);
    assert.equal(res.headers.get("Content-Type"), "application/json");
  }
});

test("dates become ISO strings", async () => {
  assert.equal((await get("/values/date")).text, '{"at":"2024-01-02T03:04:05.000Z"}');
});

test("bytes and streams are taken as JSON already encoded", async () => {
  const bytes = await get("/values/bytes");
  assert.equal(bytes.text, '{"raw":true}');
  assert.equal(bytes.headers.get("Content-Type"), "application/json");
  assert.equal((await get("/values/stream")).text, '{"streamed":true}');
});

test("a BigInt or a cycle is a 500 that says why", async () => {
  const big = await get("/values/big");
  assert.equal(big.status, 500);
  assert.equal(big.headers.get("Content-Type"), "application/json");
  const body = big.json<{ status: number; message: string; traceback: string }>();
  assert.equal(body.status, 500);
  assert.equal(body.message, "The server encountered an unexpected condition which prevented it from fulfilling the request.");
  assert.match(body.traceback, /jsonOut could not serialize the handler's value: .*BigInt.* \(convert BigInt values to strings or numbers in the handler\)/);
  const cycle = await get("/values/cycle");
  assert.equal(cycle.status, 500);
  assert.match(cycle.json<{ traceback: string }>().traceback, /jsonOut could not serialize the handler's value: Converting circular structure/);
});

test("the handler may set its own Content-Type", async () => {
  const res = await get("/values/own");
  assert.equal(res.headers.get("Content-Type"), "application/geo+json");
  assert.equal(res.text, '{"type":"Point"}');
});

test("later tools see a string body", async () => {
  seen.length = 0;
  await get("/values/dict");
  assert.deepEqual(seen, ["string"]);
});

test("a response schema serializes with fast-json-stringify: only its properties, in its types", async () => {
  const res = await get("/item?extra=1");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("Content-Type"), "application/json");
  assert.equal(res.text, '{"id":5,"name":"Ada","created":"2024-01-02T00:00:00.000Z"}');
  const bad = await get("/badItem");
  assert.equal(bad.status, 500);
  assert.match(bad.json<{ traceback: string }>().traceback, /"id" is required/);
});

test("contentType sets another type; null leaves Content-Type alone", async () => {
  const typed = await get("/typed");
  assert.equal(typed.headers.get("Content-Type"), "application/vnd.orchard+json");
  assert.equal(typed.text, "[1]");
  const untyped = await get("/untyped");
  assert.equal(untyped.headers.get("Content-Type"), "text/html;charset=utf-8");
  assert.equal(untyped.text, "[2]");
});

test("config at the path overrides the decorator's argument", async () => {
  const res = await get("/overridden");
  assert.equal(res.headers.get("Content-Type"), "application/vnd.config+json");
  assert.equal(res.text, "[3]");
});

test("errors on a JSON route are JSON: status and message", async () => {
  const missing = await get("/errors/missing");
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("Content-Type"), "application/json");
  assert.equal(missing.text, '{"status":404,"message":"No item 7"}');
  const unknown = await get("/errors/nowhere");
  assert.equal(unknown.status, 404);
  assert.deepEqual(unknown.json(), { status: 404, message: "The path '/errors/nowhere' was not found." });
  const notAcceptable = await get("/errors/notAcceptable");
  assert.equal(notAcceptable.status, 406);
  assert.deepEqual(notAcceptable.json(), { status: 406, message: "Only JSON here" });
  // A decorated handler's leftover path is a 404 in the decorator's type.
  const extra = await get("/typed/x");
  assert.equal(extra.status, 404);
  assert.equal(extra.headers.get("Content-Type"), "application/vnd.orchard+json");
  assert.deepEqual(extra.json(), { status: 404, message: "The path '/typed/x' was not found." });
});

test("405 from the MethodDispatcher is JSON with Allow", async () => {
  assert.equal((await get("/resource", "POST")).text, '{"posted":true}');
  const res = await get("/resource", "DELETE");
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("Allow"), "GET, HEAD, POST");
  assert.equal(res.headers.get("Content-Type"), "application/json");
  assert.deepEqual(res.json(), { status: 405, message: "The method is not allowed for this resource." });
});

test("500 carries a traceback only when tracebacks are shown", async () => {
  const shown = await get("/errors/boom");
  assert.equal(shown.status, 500);
  const body = shown.json<Record<string, unknown>>();
  assert.deepEqual(Object.keys(body), ["status", "message", "traceback"]);
  assert.match(String(body.traceback), /^Error: kaboom <b>\n\s+at /);
  const hidden = await get("/errors/quiet");
  assert.equal(hidden.status, 500);
  assert.equal(hidden.text, '{"status":500,"message":"The server encountered an unexpected condition which prevented it from fulfilling the request."}');
});

test("routes without jsonOut keep HTML bodies and error pages", async () => {
  const page = await get("/html");
  assert.equal(page.headers.get("Content-Type"), "text/html;charset=utf-8");
  assert.equal(page.text, "<p>not JSON</p>");
  const missing = await get("/nowhere");
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("Content-Type"), "text/html;charset=utf-8");
});

test("a bad argument is a config error naming the key", () => {
  const { tree: other } = quietTree();
  assert.throws(
    () => other.mount({}, "/a", { "/": { "tools.jsonOut.schema": { type: "object", properties: { a: { $ref: "#/nowhere" } } } } }),
    (error: unknown) => error instanceof ConfigError && /tools\.jsonOut\.schema/.test(error.message) && /invalid response schema/.test(error.message),
  );
  assert.throws(() => other.mount({}, "/b", { "/": { "tools.jsonOut.contentType": 5 as unknown as string } }), /or null to leave Content-Type alone/);
  assert.throws(() => other.mount({}, "/c", { "/": { "tools.jsonOut.pretty": true } }), /has no argument 'pretty'; it takes contentType, schema/);
});
