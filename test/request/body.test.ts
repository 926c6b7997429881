// Params and request bodies (CherryPy's test_request_obj testParams/testParamErrors, test_http test_post_multipart,
// test_conn test_Chunked_Encoding/test_Content_Length_in, and the size limits).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { expose } from "../../src/decorators/expose.js";
import { config as configure } from "../../src/decorators/config.js";
import type { UploadedFile } from "../../src/request/body/upload.js";
import type { Context } from "../../src/request/context.js";
import type { Params } from "../../src/request/request.js";
import { inject } from "../../src/testing/index.js";
import { defaultErrorPage } from "../../src/request/error-page.js";
import { quietTree, treeErrorPage } from "./support.js";

const FORM = "application/x-www-form-urlencoded";

const badRequest = (message: string) => defaultErrorPage({ status: 400, reason: "Bad Request", message });
const tooLarge = (message: string) => defaultErrorPage({ status: 413, reason: "Payload Too Large", message });

class Root {
  @expose params(params: Params) {
    return JSON.stringify(Object.entries(params));
  }

  @expose proto(params: Params) {
    return `own=${Object.hasOwn(params, "__proto__")} value=${JSON.stringify(params["__proto__"])} polluted=${String(({} as Record<string, unknown>).polluted)}`;
  }

  @expose upload(params: Params) {
    const file = params.file as UploadedFile;
    return `${String(params.title)}|${String(params.tag)}|${file.filename}|${file.contentType}|${file.size}|${file.data.toString("utf8")}`;
  }

  @expose
  @configure({ "request.body.maxBytes": 100 })
  small(params: Params) {
    return `got ${Object.keys(params).join(",")}`;
  }

  @expose async raw(params: Params, ctx: Context) {
    const bytes = await ctx.request.body.read();
    return `${ctx.request.method} ${bytes.length} bytes: ${bytes.toString("utf8")} params=${Object.keys(params).length}`;
  }
}

function multipart(boundary: string, parts: Array<{ name: string; filename?: string; type?: string; data: string }>): string {
  let body = "";
  for (const part of parts) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.filename !== undefined) body += `; filename="${part.filename}"`;
    body += "\r\n";
    if (part.type !== undefined) body += `Content-Type: ${part.type}\r\n`;
    body += `\r\n${part.data}\r\n`;
  }
  return `${body}--${boundary}--\r\n`;
}

/** A readable that counts how many bytes were pulled from it. */
function countingStream(chunks: Buffer[]): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const queue = [...chunks];
  const stream = new Readable({
    read() {
      const next = queue.shift();
      if (next === undefined) this.push(null);
      else {
        pulled += next.length;
        this.push(next);
      }
    },
  });
  return { stream, pulled: () => pulled };
}

test("query and urlencoded body merge; repeated keys become arrays in order", async () => {
  const res = await inject(new Root(), {
    method: "POST",
    url: "/params?a=1&b=x&a=2&empty=&flag",
    headers: { "content-type": FORM },
    body: "b=y&c=z+z&a%5B1%5D=lit&c=%E2%82%AC",
  });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), [
    ["a", ["1", "2"]],
    ["b", ["x", "y"]],
    ["empty", ""],
    ["flag", ""],
    ["c", ["z z", "€"]],
    ["a[1]", "lit"],
  ]);
});

test("a __proto__ key is plain data", async () => {
  const res = await inject(new Root(), { url: "/proto?__proto__=x&__proto__[polluted]=yes" });
  assert.equal(res.status, 200);
  assert.equal(res.text, 'own=true value="x" polluted=undefined');
});

test("bad percent-encoding in the query string is a 400", async () => {
  for (const [query, key] of [
    ["a=%zz", "a"],
    ["a=%ff", "a"],
    ["%E2%82=1", "%E2%82"],
  ]) {
    const res = await inject(new Root(), { url: `/params?${query}` });
    assert.equal(res.status, 400, query);
    assert.equal(res.text, badRequest(`The query string could not be decoded: bad percent-encoding in "${key}".`), query);
  }
});

test("bad percent-encoding in a form body is a 400", async () => {
  const res = await inject(new Root(), { method: "POST", url: "/params", headers: { "content-type": FORM }, body: "a=%zz" });
  assert.equal(res.status, 400);
  assert.equal(res.text, badRequest('The request entity could not be decoded: bad percent-encoding in "a".'));
});

test("a form body in the charset its Content-Type names is decoded with it", async () => {
  const res = await inject(new Root(), {
    method: "POST",
    url: "/params",
    headers: { "content-type": `${FORM}; charset=iso-8859-1` },
    body: Buffer.concat([Buffer.from("name=caf%E9&raw="), Buffer.from([0xfc, 0x62, 0x65, 0x72])]),
  });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), [
    ["name", "café"],
    ["raw", "über"],
  ]);
});

test("a charset that cannot be used is a 400 naming it", async () => {
  const res = await inject(new Root(), {
    method: "POST",
    url: "/params",
    headers: { "content-type": `${FORM}; charset=no-such-charset` },
    body: "a=1",
  });
  assert.equal(res.status, 400);
  assert.equal(res.text, badRequest("The request entity could not be decoded. The following charsets were attempted: ['no-such-charset']"));
});

test("multipart fields become strings and a file an UploadedFile", async () => {
  const boundary = "----orchard-boundary-1";
  const res = await inject(new Root(), {
    method: "POST",
    url: "/upload",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body: multipart(boundary, [
      { name: "title", data: "Holiday" },
      { name: "tag", data: "a" },
      { name: "file", filename: "notes.txt", type: "text/plain", data: "line one\nline two" },
      { name: "tag", data: "b" },
    ]),
  });
  assert.equal(res.status, 200);
  assert.equal(res.text, "Holiday|a,b|notes.txt|text/plain|17|line one\nline two");
});

test("a multipart body over request.body.maxBytes is a 413, declared or chunked", async () => {
  const boundary = "b0undary";
  const body = multipart(boundary, [{ name: "file", filename: "big.bin", type: "application/octet-stream", data: "x".repeat(300) }]);
  const headers = { "content-type": `multipart/form-data; boundary=${boundary}` };
  const declared = await inject(new Root(), { method: "POST", url: "/small", headers, body });
  assert.equal(declared.status, 413);
  assert.equal(declared.text, tooLarge("The entity sent with the request exceeds the maximum allowed bytes (100)."));

  const chunked = await inject(new Root(), {
    method: "POST",
    url: "/small",
    headers,
    body: Readable.from([Buffer.from(body.slice(0, 60)), Buffer.from(body.slice(60))]),
  });
  assert.equal(chunked.status, 413);
  assert.equal(chunked.text, tooLarge("The entity sent with the request exceeds the maximum allowed bytes (100)."));

  const fits = await inject(new Root(), {
    method: "POST",
    url: "/small",
    headers,
    body: multipart(boundary, [{ name: "a", data: "1" }]),
  });
  assert.equal(fits.status, 200);
  assert.equal(fits.text, "got a");
});

test("a Content-Length over server.maxRequestBodySize is a 413 before the body is read", async () => {
  const { tree } = quietTree();
  tree.config.update({ "server.maxRequestBodySize": 50 });
  tree.mount(new Root(), "");
  const { stream, pulled } = countingStream([Buffer.from("a=" + "x".repeat(98))]);
  const res = await inject(tree, { method: "POST", url: "/params", headers: { "content-type": FORM, "content-length": "100" }, body: stream });
  assert.equal(res.status, 413);
  assert.equal(res.text, tooLarge("The entity sent with the request exceeds the maximum allowed bytes (50)."));
  assert.equal(pulled(), 0);

  // The same limit holds for a body the handler reads raw.
  const raw = await inject(tree, { method: "POST", url: "/raw", headers: { "content-length": "100" }, body: countingStream([Buffer.alloc(100)]).stream });
  assert.equal(raw.status, 413);
  assert.equal(raw.text, tooLarge("The entity sent with the request exceeds the maximum allowed bytes (50)."));
});

test("a chunked body that grows over the limit is a 413", async () => {
  const { tree } = quietTree();
  tree.config.update({ "server.maxRequestBodySize": 50 });
  tree.mount(new Root(), "");
  const chunks = Array.from({ length: 10 }, () => Buffer.from("a=xxxxxxx&"));
  const res = await inject(tree, { method: "POST", url: "/params", headers: { "content-type": FORM }, body: Readable.from(chunks) });
  assert.equal(res.status, 413);
  assert.equal(res.text, tooLarge("The entity sent with the request exceeds the maximum allowed bytes (50)."));

  const under = await inject(tree, { method: "POST", url: "/params", headers: { "content-type": FORM }, body: Readable.from([Buffer.from("a=1&"), Buffer.from("b=2")]) });
  assert.equal(under.status, 200);
  assert.deepEqual(under.json(), [
    ["a", "1"],
    ["b", "2"],
  ]);
});

test("a body method with a Content-Type but neither length nor body is a 411", async () => {
  for (const method of ["PUT", "PATCH", "POST"]) {
    const res = await inject(new Root(), { method, url: "/params", headers: { "content-type": FORM } });
    assert.equal(res.status, 411, method);
    assert.equal(res.text, defaultErrorPage({ status: 411, reason: "Length Required", message: "A request body with a Content-Type needs a Content-Length." }), method);
  }
});

test("a POST without Content-Type or body is fine", async () => {
  const res = await inject(new Root(), { method: "POST", url: "/params?q=1" });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), [["q", "1"]]);
});

test("a body without Content-Type is left unread for the handler", async () => {
  for (const method of ["POST", "PUT", "PATCH"]) {
    const res = await inject(new Root(), { method, url: "/raw", body: "a=1&b=2" });
    assert.equal(res.status, 200);
    assert.equal(res.text, `${method} 7 bytes: a=1&b=2 params=0`);
  }
  const chunked = await inject(new Root(), { method: "PUT", url: "/raw", body: Readable.from([Buffer.from("one "), Buffer.from("two")]) });
  assert.equal(chunked.text, "PUT 7 bytes: one two params=0");
});

test("request headers over server.maxRequestHeaderSize are a 431", async () => {
  const { tree } = quietTree();
  tree.config.update({ "server.maxRequestHeaderSize": 200 });
  tree.mount(new Root(), "");
  const big = await inject(tree, { url: "/params", headers: { "x-big": "y".repeat(300) } });
  assert.equal(big.status, 431);
  assert.equal(big.reason, "Request Header Fields Too Large");
  assert.equal(big.text, treeErrorPage(431, "The request&#39;s header fields are larger than 200 bytes."));
  const fine = await inject(tree, { url: "/params", headers: { "x-small": "y" } });
  assert.equal(fine.status, 200);
});
