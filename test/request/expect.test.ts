// Expect: 100-continue over a real socket (CherryPy's test_conn test_100_Continue, test_request_obj testExpect).
import { test } from "node:test";
import assert from "node:assert/strict";
import { expose } from "../../src/decorators/expose.js";
import type { Params } from "../../src/request/request.js";
import { serve } from "../../src/testing/index.js";
import { quietTree, rawExchange } from "./support.js";

class Root {
  @expose upload(params: Params) {
    return `thanks for ${JSON.stringify(params)}`;
  }

  @expose explode() {
    throw new Error("after the body");
  }
}

function post(body: string, headers: string): string {
  return `POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n${headers}Connection: close\r\n\r\n${body}`;
}

async function servedTree(t: { after(fn: () => Promise<void>): void }) {
  const { tree } = quietTree();
  tree.config.update({ "server.maxRequestBodySize": 100 });
  tree.mount(new Root(), "");
  const served = await serve(tree);
  t.after(() => served.close());
  return served;
}

test("100 Continue, with no headers, comes before the final status when the body is read", async (t) => {
  const served = await servedTree(t);
  const received = await rawExchange(served.port, post("", "Content-Length: 9\r\nExpect: 100-continue\r\n"), {
    steps: [{ after: /^HTTP\/1\.1 100 Continue\r\n\r\n/, send: "a=1&b=two" }],
  });
  assert.match(received, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  assert.ok(received.endsWith('\r\n\r\nthanks for {"a":"1","b":"two"}'), received);
});

test("without Expect there is no 100 Continue", async (t) => {
  const served = await servedTree(t);
  const received = await rawExchange(served.port, post("a=1", "Content-Length: 3\r\n"));
  assert.match(received, /^HTTP\/1\.1 200 OK\r\n/);
  assert.doesNotMatch(received, /100 Continue/);
  assert.ok(received.endsWith('\r\n\r\nthanks for {"a":"1"}'), received);
});

test("a body over the limit with Expect gets 413 and never a 100 Continue", async (t) => {
  const served = await servedTree(t);
  // The body is never sent: the answer must come without it.
  const received = await rawExchange(served.port, post("", "Content-Length: 1000\r\nExpect: 100-continue\r\n"), {
    until: /exceeds the maximum allowed bytes \(100\)\.<\/p>/,
  });
  assert.match(received, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
  assert.doesNotMatch(received, /100 Continue/);
});

test("an error after 100 Continue is a 500, and the connection stays usable", async (t) => {
  const served = await servedTree(t);
  const first =
    "POST /explode HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
    "Content-Length: 3\r\nExpect: 100-continue\r\n\r\n";
  const received = await rawExchange(served.port, first, {
    steps: [
      { after: /^HTTP\/1\.1 100 Continue\r\n\r\n/, send: "a=1" },
      { after: /<\/html>\n$/, send: post("b=2", "Content-Length: 3\r\n") },
    ],
  });
  const responses = received.split(/(?=HTTP\/1\.1 )/);
  assert.equal(responses.length, 3, received);
  assert.equal(responses[0], "HTTP/1.1 100 Continue\r\n\r\n");
  assert.match(responses[1]!, /^HTTP\/1\.1 500 Internal Server Error\r\n/);
  assert.match(responses[1]!, /Error: after the body/);
  assert.match(responses[2]!, /^HTTP\/1\.1 200 OK\r\n/);
  assert.ok(responses[2]!.endsWith('thanks for {"b":"2"}'), responses[2]);
});
