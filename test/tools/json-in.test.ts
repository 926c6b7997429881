// jsonIn: JSON request bodies (CherryPy's test_json json_in cases, plus schemas, limits and prototype keys).
import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { Readable } from "node:stream";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import { tools } from "../../src/tools/toolbox.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { ConfigError } from "../../src/config/errors.js";
import { inject, serve } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { createConfig } from "../../src/site.js";
import { LogManager } from "../../src/log/manager.js";
import { Tree } from "../../src/tree/tree.js";
import { quietTree, within } from "../request/support.js";
import { HANG_MS } from "../bounds.js";

const PERSON = {
  type: "object",
  properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 } },
  required: ["name"],
} as const;

/** Echoes what jsonIn parsed as text, so these tests do not depend on jsonOut. */
function echo(_p: Params, ctx: Context): string {
  return `${typeof ctx.request.json}:${JSON.stringify(ctx.request.json) ?? "undefined"}`;
}

class Root {
  @expose
  @configure({ "tools.jsonIn.on": true })
  plain(p: Params, ctx: Context) {
    return echo(p, ctx);
  }

  @expose
  @tools.jsonIn({ schema: PERSON })
  person(p: Params, ctx: Context) {
    return echo(p, ctx);
  }

  @expose
  @tools.jsonIn({ schema: PERSON })
  @tools.jsonOut()
  personJson(_p: Params, ctx: Context) {
    return ctx.request.json;
  }

  @expose
  @tools.jsonIn({ force: false })
  lenient(params: Params, ctx: Context) {
    return `${JSON.stringify(params)} ${JSON.stringify(ctx.request.json) ?? "undefined"}`;
  }

  @expose
  @tools.jsonIn({ required: false })
  optional(p: Params, ctx: Context) {
    return echo(p, ctx);
  }

  @expose
  @tools.jsonIn({ contentType: ["text/x-json"] })
  custom(p: Params, ctx: Context) {
    return echo(p, ctx);
  }

  @expose
  @tools.jsonIn()
  @configure({ "request.body.maxBytes": 16 })
  small(p: Params, ctx: Context) {
    return echo(p, ctx);
  }
}

const root = new Root();
const JSON_TYPES = "Expected an entity of content type application/json, application/*+json";
const badRequest = (message: string) => defaultErrorPage({ status: 400, reason: "Bad Request", message });
const unsupported = (message: string) => defaultErrorPage({ status: 415, reason: "Unsupported Media Type", message });

/** The message JSON.parse gives for text that is not JSON (it differs between engines, so it is not written out). */
function jsonSyntaxError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected a syntax error for ${text}`);
}
const post = (url: string, body: string | Readable | undefined, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
  inject(root, { method: "POST", url, body, headers });

test("a JSON body is parsed into request.json", async () => {
  const res = await post("/plain", '{"a":[1,2,{"b":null}],"c":"é"}');
  assert.equal(res.status, 200);
  assert.equal(res.text, 'object:{"a":[1,2,{"b":null}],"c":"é"}');
  assert.equal((await post("/plain", "42")).text, "number:42");
  assert.equal((await post("/plain", '"hi"')).text, 'string:"hi"');
});

test("application/json with a charset and +json types are JSON", async () => {
  for (const type of ["application/json; charset=utf-8", "Application/JSON", "application/problem+json", "application/vnd.api+json;charset=UTF-8"]) {
    const res = await post("/plain", "[true]", { "Content-Type": type });
    assert.equal(res.status, 200, type);
    assert.equal(res.text, "object:[true]", type);
  }
});

test("a UTF-8 byte order mark is ignored", async () => {
  const res = await inject(root, { method: "POST", url: "/plain", body: Buffer.from("\ufeff[1]"), headers: { "Content-Type": "application/json" } });
  assert.equal(res.status, 200);
  assert.equal(res.text, "object:[1]");
});

test("any other Content-Type is 415 naming the accepted types", async () => {
  for (const headers of [{ "Content-Type": "text/plain" }, { "Content-Type": "application/x-www-form-urlencoded" }, {}] as Record<string, string>[]) {
    const res = await post("/plain", '{"a":1}', headers);
    assert.equal(res.status, 415, JSON.stringify(headers));
    assert.equal(res.text, unsupported(JSON_TYPES), JSON.stringify(headers));
  }
});

test("a charset other than UTF-8 is 415", async () => {
  const res = await post("/plain", "{}", { "Content-Type": "application/json; charset=utf-16" });
  assert.equal(res.status, 415);
  assert.equal(res.text, unsupported(`${JSON_TYPES}, in UTF-8 (got charset utf-16)`));
});

test("a configured contentType list replaces the defaults", async () => {
  assert.equal((await post("/custom", "[2]", { "Content-Type": "text/x-json" })).text, "object:[2]");
  const res = await post("/custom", "[2]");
  assert.equal(res.status, 415);
  assert.equal(res.text, unsupported("Expected an entity of content type text/x-json"));
});

test("force: false lets other types reach the form processors", async () => {
  const form = await post("/lenient", "a=1&a=2", { "Content-Type": "application/x-www-form-urlencoded" });
  assert.equal(form.status, 200);
  assert.equal(form.text, '{"a":["1","2"]} undefined');
  const json = await post("/lenient", '{"a":3}');
  assert.equal(json.text, '{} {"a":3}');
});

test("a body-method request without a body: 411 with no length, 400 when empty", async () => {
  const none = await inject(root, { method: "POST", url: "/plain" });
  assert.equal(none.status, 411);
  assert.equal(none.text, defaultErrorPage({ status: 411, reason: "Length Required", message: "A JSON body is required, with a Content-Length (or chunked)." }));
  const empty = await post("/plain", "");
  assert.equal(empty.status, 400);
  assert.equal(empty.text, badRequest("A JSON body is required"));
  const put = await inject(root, { method: "PUT", url: "/plain", headers: { "Content-Length": "0" } });
  assert.equal(put.status, 400);
  assert.equal(put.text, badRequest("A JSON body is required"));
  const chunkedEmpty = await post("/plain", Readable.from([]));
  assert.equal(chunkedEmpty.status, 400);
  assert.equal(chunkedEmpty.text, badRequest("A JSON body is required"));
});

test("required: false leaves request.json undefined when there is no body", async () => {
  const res = await inject(root, { method: "POST", url: "/optional", headers: { "Content-Length": "0" } });
  assert.equal(res.status, 200);
  assert.equal(res.text, "undefined:undefined");
  assert.equal((await post("/optional", Readable.from([]))).text, "undefined:undefined");
  assert.equal((await post("/optional", "[3]")).text, "object:[3]");
});

test("methods without bodies are not processed", async () => {
  for (const method of ["GET", "DELETE"]) {
    const res = await inject(root, { method, url: "/plain", headers: { "Content-Type": "text/plain", "Content-Length": "0" } });
    assert.equal(res.status, 200, method);
    assert.equal(res.text, "undefined:undefined", method);
  }
});

test("invalid JSON is 400 with JSON.parse's reason", async () => {
  for (const body of ["{", "{'a':1}", "[1,]", "nul", '{"a":1} x']) {
    const res = await post("/plain", body);
    assert.equal(res.status, 400, body);
    assert.equal(res.text, badRequest(`Invalid JSON document: ${jsonSyntaxError(body)}`), body);
  }
  const bad = await inject(root, { method: "POST", url: "/plain", body: Buffer.from([0x22, 0xff, 0x22]), headers: { "Content-Type": "application/json" } });
  assert.equal(bad.status, 400);
  assert.equal(bad.text, badRequest("Invalid JSON document: the body is not valid UTF-8."));
});

test("prototype keys are refused with 400 and never reach Object.prototype", async () => {
  const PROTO = 'Invalid JSON document: the key "__proto__" is not allowed';
  const CONSTRUCTOR = 'Invalid JSON document: the key "constructor" with a "prototype" inside is not allowed';
  const bodies: Array<[string, string]> = [
    ['{"__proto__":{"polluted":1}}', PROTO],
    ['{"a":{"__proto__":{"polluted":1}}}', PROTO],
    ['{"\\u005f\\u005fproto__":{"polluted":1}}', PROTO],
    ['{"constructor":{"prototype":{"polluted":1}}}', CONSTRUCTOR],
    ['[{"constructor":{"prototype":{"polluted":1}}}]', CONSTRUCTOR],
  ];
  for (const [body, message] of bodies) {
    const res = await post("/plain", body);
    assert.equal(res.status, 400, body);
    assert.equal(res.text, badRequest(message), body);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, "polluted"), false);
  }
  // A plain "constructor" key is data, and \u escapes elsewhere are fine.
  assert.equal((await post("/plain", '{"constructor":"x","e":"\\u00e9"}')).text, 'object:{"constructor":"x","e":"é"}');
});

test("a schema failure is 400 listing each failing path", async () => {
  const wrong = await post("/person", '{"name":5,"age":-1.5}');
  assert.equal(wrong.status, 400);
  assert.equal(wrong.text, badRequest("The JSON document does not match the schema: /name: must be string; /age: must be integer; /age: must be >= 0"));
  const missing = await post("/person", "{}");
  assert.equal(missing.status, 400);
  assert.equal(missing.text, badRequest("The JSON document does not match the schema: /name: is required"));
  const notObject = await post("/person", "[]");
  assert.equal(notObject.status, 400);
  assert.equal(notObject.text, badRequest("The JSON document does not match the schema: /: must be object"));
  assert.equal((await post("/person", '{"name":"Ada","age":36}')).text, 'object:{"name":"Ada","age":36}');
});

test("with jsonOut the schema errors are JSON", async () => {
  const res = await post("/personJson", '{"name":true}');
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("Content-Type"), "application/json");
  assert.deepEqual(res.json(), { status: 400, message: "The JSON document does not match the schema: /name: must be string" });
  const ok = await post("/personJson", '{"name":"Ada"}');
  assert.equal(ok.status, 200);
  assert.equal(ok.text, '{"name":"Ada"}');
});

test("a body over the limit is 413, declared or chunked", async () => {
  const declared = await post("/small", '{"name":"a long enough value"}');
  const tooLarge = defaultErrorPage({ status: 413, reason: "Payload Too Large", message: "The entity sent with the request exceeds the maximum allowed bytes (16)." });
  assert.equal(declared.status, 413);
  assert.equal(declared.text, tooLarge);
  const chunked = await post("/small", Readable.from([Buffer.from('{"name":'), Buffer.from('"a long enough value"}')]));
  assert.equal(chunked.status, 413);
  assert.equal(chunked.text, tooLarge);
  assert.equal((await post("/small", '{"n":1}')).text, 'object:{"n":1}');
});

test("chunked JSON is accepted (CherryPy answered 411)", async () => {
  const res = await post("/plain", Readable.from([Buffer.from('{"a":'), Buffer.from("[1,2]}")]));
  assert.equal(res.status, 200);
  assert.equal(res.text, 'object:{"a":[1,2]}');
});

test("the form processors never see a body jsonIn read", async () => {
  const { tree } = quietTree();
  let called = 0;
  const spy = async () => {
    called++;
  };
  tree.mount({ index: expose(echo) }, "", { "/": { "tools.jsonIn.on": true, "request.bodyProcessors": { "application/json": spy } } });
  const res = await inject(tree, { method: "POST", url: "/", body: "[1]", headers: { "Content-Type": "application/json" } });
  assert.equal(res.text, "object:[1]");
  assert.equal(called, 0);
});

test("a bad argument is a config error naming the key", () => {
  const { tree } = quietTree();
  assert.throws(() => tree.mount({}, "/a", { "/": { "tools.jsonIn.on": true, "tools.jsonIn.schema": { type: "nonsense" } } }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /tools\.jsonIn\.schema/);
    assert.match(error.message, /invalid JSON Schema/);
    return true;
  });
  assert.throws(() => tree.mount({}, "/b", { "/": { "tools.jsonIn.force": "yes" as unknown as boolean } }), /expected a boolean/);
  assert.throws(() => tree.mount({}, "/c", { "/": { "tools.jsonIn.contentType": ["not a type"] } }), /media type/);
});

/** Node's parser refuses a body that ends before its Content-Length: the server's answer to a half-closed request. */
const CUT_SHORT = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 41\r\nConnection: close\r\n\r\nMalformed request: HPE_INVALID_EOF_STATE.";

/** Sends a request whose body stops short of its Content-Length, then half-closes or drops the connection. */
function truncatedPost(port: number, mode: "end" | "destroy"): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer nor close within ${HANG_MS} ms: ${JSON.stringify(received)}`));
    }, HANG_MS);
    socket.on("connect", () => {
      // 100 bytes declared, 10 sent.
      socket.write("POST /plain HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"a\":12345");
      // "end": the client says it is done sending; "destroy": a client timeout gives up on the connection.
      if (mode === "end") socket.end();
      else setTimeout(() => socket.destroy(), 100);
    });
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

test("a body cut short on a real socket never hangs the server nor gives 500", async () => {
  const statuses: number[] = [];
  let arrived: () => void = () => undefined;
  const log = new LogManager({ screen: false, sinks: [{ access: (entry) => (statuses.push(entry.status), arrived()) }] });
  const tree = new Tree(createConfig(), log);
  tree.mount(new Root(), "");
  const served = await serve(tree);
  try {
    for (const mode of ["end", "destroy"] as const) {
      statuses.length = 0;
      const logged = new Promise<void>((resolve) => (arrived = resolve));
      const answer = await truncatedPost(served.port, mode);
      // A half-closed client can still read the 400; a dropped one is gone before anything is sent.
      assert.equal(answer, mode === "end" ? CUT_SHORT : "", mode);
      await within(logged, 2000, `the ${mode} request's end`);
      assert.deepEqual(statuses, [400], mode);
    }
    // The server still answers.
    const res = await fetch(`${served.url}/plain`, { method: "POST", body: "[7]", headers: { "Content-Type": "application/json" } });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "object:[7]");
  } finally {
    await served.close();
  }
});
